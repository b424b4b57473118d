from commerce.graphql.core.error_types import error_code_enum, error_type

PageErrorCode = error_code_enum(
    "PageErrorCode", ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "REQUIRED", "UNIQUE", "DUPLICATED_INPUT_ITEM", "ATTRIBUTE_ALREADY_ASSIGNED"]
)
PageError = error_type("PageError", PageErrorCode, extra=("attributes", "values"))
