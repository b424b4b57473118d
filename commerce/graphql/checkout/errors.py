import graphene

from commerce.graphql.core.error_types import error_code_enum, error_type

CHECKOUT_ERROR_CODES = [
    "BILLING_ADDRESS_NOT_SET",
    "CHECKOUT_NOT_FULLY_PAID",
    "GRAPHQL_ERROR",
    "PRODUCT_NOT_PUBLISHED",
    "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
    "INSUFFICIENT_STOCK",
    "INVALID",
    "INVALID_SHIPPING_METHOD",
    "NOT_FOUND",
    "PAYMENT_ERROR",
    "PRICE_OVERRIDE_REASON_WITHOUT_OVERRIDE",
    "QUANTITY_GREATER_THAN_LIMIT",
    "REQUIRED",
    "SHIPPING_ADDRESS_NOT_SET",
    "SHIPPING_METHOD_NOT_APPLICABLE",
    "DELIVERY_METHOD_NOT_APPLICABLE",
    "SHIPPING_METHOD_NOT_SET",
    "SHIPPING_NOT_REQUIRED",
    "TAX_ERROR",
    "UNIQUE",
    "VOUCHER_NOT_APPLICABLE",
    "GIFT_CARD_NOT_APPLICABLE",
    "ZERO_QUANTITY",
    "MISSING_CHANNEL_SLUG",
    "CHANNEL_INACTIVE",
    "UNAVAILABLE_VARIANT_IN_CHANNEL",
    "EMAIL_NOT_SET",
    "NO_LINES",
    "INACTIVE_PAYMENT",
    "NON_EDITABLE_GIFT_LINE",
    "NON_REMOVABLE_GIFT_LINE",
    "SHIPPING_CHANGE_FORBIDDEN",
    "MISSING_ADDRESS_DATA",
]
CheckoutErrorCode = error_code_enum("CheckoutErrorCode", CHECKOUT_ERROR_CODES)


class AddressTypeEnum(graphene.Enum):
    BILLING = "billing"
    SHIPPING = "shipping"


CheckoutError = error_type(
    "CheckoutError", CheckoutErrorCode, extra=("variants", "lines"), extra_types={"address_type": graphene.Field(AddressTypeEnum)}
)
