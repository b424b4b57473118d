from commerce.graphql.core.error_types import error_code_enum, error_type

ChannelErrorCode = error_code_enum(
    "ChannelErrorCode",
    [
        "ALREADY_EXISTS",
        "GRAPHQL_ERROR",
        "INVALID",
        "NOT_FOUND",
        "REQUIRED",
        "UNIQUE",
        "CHANNELS_CURRENCY_MUST_BE_THE_SAME",
        "CHANNEL_WITH_ORDERS",
        "DUPLICATED_INPUT_ITEM",
    ],
)
ChannelError = error_type("ChannelError", ChannelErrorCode, extra=("shipping_zones", "warehouses"))
