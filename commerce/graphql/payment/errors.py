from commerce.graphql.core.error_types import error_code_enum, error_type

PaymentGatewayInitializeErrorCode = error_code_enum("PaymentGatewayInitializeErrorCode", ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND"])
PaymentGatewayInitializeError = error_type("PaymentGatewayInitializeError", PaymentGatewayInitializeErrorCode)

PaymentGatewayConfigErrorCode = error_code_enum("PaymentGatewayConfigErrorCode", ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND"])
PaymentGatewayConfigError = error_type("PaymentGatewayConfigError", PaymentGatewayConfigErrorCode)

TransactionInitializeErrorCode = error_code_enum(
    "TransactionInitializeErrorCode", ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "UNIQUE", "CHECKOUT_COMPLETION_IN_PROGRESS"]
)
TransactionInitializeError = error_type("TransactionInitializeError", TransactionInitializeErrorCode)

TransactionProcessErrorCode = error_code_enum(
    "TransactionProcessErrorCode",
    [
        "GRAPHQL_ERROR",
        "INVALID",
        "NOT_FOUND",
        "TRANSACTION_ALREADY_PROCESSED",
        "MISSING_PAYMENT_APP_RELATION",
        "MISSING_PAYMENT_APP",
        "CHECKOUT_COMPLETION_IN_PROGRESS",
    ],
)
TransactionProcessError = error_type("TransactionProcessError", TransactionProcessErrorCode)

TransactionRequestActionErrorCode = error_code_enum(
    "TransactionRequestActionErrorCode", ["INVALID", "REQUIRED", "GRAPHQL_ERROR", "NOT_FOUND", "MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK"]
)
TransactionRequestActionError = error_type("TransactionRequestActionError", TransactionRequestActionErrorCode)
