import graphene

from commerce.graphql.core.error_types import error_code_enum, error_type

ProductErrorCode = error_code_enum(
    "ProductErrorCode",
    [
        "ALREADY_EXISTS",
        "ATTRIBUTE_ALREADY_ASSIGNED",
        "ATTRIBUTE_CANNOT_BE_ASSIGNED",
        "ATTRIBUTE_VARIANTS_DISABLED",
        "MEDIA_ALREADY_ASSIGNED",
        "DUPLICATED_INPUT_ITEM",
        "GRAPHQL_ERROR",
        "INVALID",
        "INVALID_PRICE",
        "PRODUCT_WITHOUT_CATEGORY",
        "NOT_PRODUCTS_IMAGE",
        "NOT_PRODUCTS_VARIANT",
        "NOT_FOUND",
        "REQUIRED",
        "UNIQUE",
        "CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT",
        "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
        "UNSUPPORTED_MEDIA_PROVIDER",
        "INVALID_FILE_TYPE",
        "UNSUPPORTED_MIME_TYPE",
        "FILE_SIZE_LIMIT_EXCEEDED",
    ],
)
ProductError = error_type("ProductError", ProductErrorCode, extra=("attributes", "values"))
ProductChannelListingError = error_type(
    "ProductChannelListingError", ProductErrorCode, extra=("attributes", "values", "channels", "variants")
)
BulkProductError = error_type(
    "BulkProductError", ProductErrorCode, extra=("attributes", "values", "warehouses", "channels"), extra_types={"index": graphene.Int()}
)

CollectionErrorCode = error_code_enum(
    "CollectionErrorCode",
    ["DUPLICATED_INPUT_ITEM", "GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "REQUIRED", "UNIQUE", "FILE_SIZE_LIMIT_EXCEEDED"],
)
CollectionError = error_type("CollectionError", CollectionErrorCode, extra=("products",))

ProductBulkCreateErrorCode = error_code_enum(
    "ProductBulkCreateErrorCode",
    [
        "ATTRIBUTE_ALREADY_ASSIGNED",
        "ATTRIBUTE_CANNOT_BE_ASSIGNED",
        "ATTRIBUTE_VARIANTS_DISABLED",
        "BLANK",
        "MAX_LENGTH",
        "DUPLICATED_INPUT_ITEM",
        "GRAPHQL_ERROR",
        "INVALID",
        "INVALID_PRICE",
        "PRODUCT_WITHOUT_CATEGORY",
        "NOT_FOUND",
        "REQUIRED",
        "UNIQUE",
        "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
        "UNSUPPORTED_MEDIA_PROVIDER",
        "FILE_SIZE_LIMIT_EXCEEDED",
    ],
)
ProductBulkCreateError = error_type(
    "ProductBulkCreateError", ProductBulkCreateErrorCode, field_attr="path", extra=("attributes", "values", "warehouses", "channels")
)

ProductVariantBulkErrorCode = error_code_enum(
    "ProductVariantBulkErrorCode",
    [
        "ATTRIBUTE_ALREADY_ASSIGNED",
        "ATTRIBUTE_CANNOT_BE_ASSIGNED",
        "ATTRIBUTE_VARIANTS_DISABLED",
        "DUPLICATED_INPUT_ITEM",
        "GRAPHQL_ERROR",
        "INVALID",
        "INVALID_PRICE",
        "NOT_PRODUCTS_VARIANT",
        "NOT_FOUND",
        "REQUIRED",
        "UNIQUE",
        "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
        "STOCK_ALREADY_EXISTS",
    ],
)
ProductVariantBulkError = error_type(
    "ProductVariantBulkError",
    ProductVariantBulkErrorCode,
    extra=("attributes", "values", "warehouses", "stocks", "channels", "channel_listings"),
    extra_types={"path": graphene.String()},
)
