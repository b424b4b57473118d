from commerce.graphql.core.error_types import error_code_enum, error_type

AttributeErrorCode = error_code_enum(
    "AttributeErrorCode", ["ALREADY_EXISTS", "GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "REQUIRED", "UNIQUE"]
)
# Named AttributeErrorType in Python so the builtin AttributeError stays usable.
AttributeErrorType = error_type("AttributeError", AttributeErrorCode)
