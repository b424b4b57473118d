from commerce.graphql.core.error_types import error_code_enum, error_type

WarehouseErrorCode = error_code_enum(
    "WarehouseErrorCode", ["ALREADY_EXISTS", "GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "REQUIRED", "UNIQUE"]
)
WarehouseError = error_type("WarehouseError", WarehouseErrorCode, extra=("shipping_zones",))

StockBulkUpdateErrorCode = error_code_enum("StockBulkUpdateErrorCode", ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "REQUIRED"])
StockBulkUpdateError = error_type("StockBulkUpdateError", StockBulkUpdateErrorCode)
