import graphene

from commerce.graphql.checkout.errors import AddressTypeEnum
from commerce.graphql.core.error_types import error_code_enum, error_type

OrderErrorCode = error_code_enum(
    "OrderErrorCode",
    [
        "BILLING_ADDRESS_NOT_SET",
        "CANNOT_CANCEL_FULFILLMENT",
        "CANNOT_CANCEL_ORDER",
        "CANNOT_DELETE",
        "CANNOT_DISCOUNT",
        "CANNOT_REFUND",
        "CANNOT_FULFILL_UNPAID_ORDER",
        "CAPTURE_INACTIVE_PAYMENT",
        "GIFT_CARD_LINE",
        "NOT_EDITABLE",
        "FULFILL_ORDER_LINE",
        "GRAPHQL_ERROR",
        "INVALID",
        "PRODUCT_NOT_PUBLISHED",
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "NOT_FOUND",
        "ORDER_NO_SHIPPING_ADDRESS",
        "PAYMENT_ERROR",
        "PAYMENT_MISSING",
        "TRANSACTION_ERROR",
        "REQUIRED",
        "SHIPPING_METHOD_NOT_APPLICABLE",
        "SHIPPING_METHOD_REQUIRED",
        "TAX_ERROR",
        "UNIQUE",
        "VOID_INACTIVE_PAYMENT",
        "ZERO_QUANTITY",
        "INVALID_QUANTITY",
        "INSUFFICIENT_STOCK",
        "DUPLICATED_INPUT_ITEM",
        "NOT_AVAILABLE_IN_CHANNEL",
        "CHANNEL_INACTIVE",
        "INVALID_VOUCHER",
        "INVALID_VOUCHER_CODE",
        "NON_EDITABLE_GIFT_LINE",
        "NON_REMOVABLE_GIFT_LINE",
        "MISSING_ADDRESS_DATA",
    ],
)
OrderError = error_type(
    "OrderError",
    OrderErrorCode,
    extra=("order_lines", "variants"),
    extra_types={
        "warehouse": graphene.ID(),
        "address_type": graphene.Field(AddressTypeEnum),
    },
)

OrderBulkCreateErrorCode = error_code_enum(
    "OrderBulkCreateErrorCode",
    [
        "GRAPHQL_ERROR",
        "REQUIRED",
        "INVALID",
        "NOT_FOUND",
        "UNIQUE",
        "BULK_LIMIT",
        "TOO_MANY_IDENTIFIERS",
        "FUTURE_DATE",
        "INVALID_QUANTITY",
        "PRICE_ERROR",
        "NOTE_LENGTH",
        "INSUFFICIENT_STOCK",
        "NON_EXISTING_STOCK",
        "NO_RELATED_ORDER_LINE",
        "NEGATIVE_INDEX",
        "ORDER_LINE_FULFILLMENT_LINE_MISMATCH",
        "METADATA_KEY_REQUIRED",
        "INCORRECT_CURRENCY",
    ],
)


class OrderBulkCreateError(graphene.ObjectType):
    # Saleor's code is nullable here, unlike other error types.
    path = graphene.String(
        description="Path to field that caused the error. A value of `null` indicates that the error isn't associated with a particular field."
    )
    message = graphene.String(description="The error message.")
    code = graphene.Field(OrderBulkCreateErrorCode, description="The error code.")
