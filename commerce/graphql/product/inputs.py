import graphene

from commerce.graphql.attribute.inputs import AttributeValueInput, BulkAttributeValueInput
from commerce.graphql.core.inputs import MetadataInput, PositiveDecimal, SeoInput, WeightScalar
from commerce.graphql.warehouse.inputs import StockInput

from .filters import ProductTypeKindEnum


def _metadata():
    return graphene.List(graphene.NonNull(MetadataInput))


class ProductTypeInput(graphene.InputObjectType):
    name = graphene.String()
    slug = graphene.String()
    kind = ProductTypeKindEnum()
    has_variants = graphene.Boolean()
    product_attributes = graphene.List(graphene.NonNull(graphene.ID))
    variant_attributes = graphene.List(graphene.NonNull(graphene.ID))
    is_shipping_required = graphene.Boolean()
    weight = WeightScalar()


class CategoryInput(graphene.InputObjectType):
    description = graphene.JSONString()
    name = graphene.String()
    slug = graphene.String()
    seo = SeoInput()
    background_image_alt = graphene.String()
    metadata = _metadata()
    private_metadata = _metadata()


class CollectionCreateInput(graphene.InputObjectType):
    name = graphene.String()
    slug = graphene.String()
    description = graphene.JSONString()
    background_image_alt = graphene.String()
    seo = SeoInput()
    metadata = _metadata()
    private_metadata = _metadata()
    products = graphene.List(graphene.NonNull(graphene.ID))


def _product_fields(attribute_input=AttributeValueInput):
    return {
        "attributes": graphene.List(graphene.NonNull(attribute_input)),
        "category": graphene.ID(),
        "collections": graphene.List(graphene.NonNull(graphene.ID)),
        "description": graphene.JSONString(),
        "name": graphene.String(),
        "slug": graphene.String(),
        "seo": SeoInput(),
        "weight": WeightScalar(),
        "rating": graphene.Float(),
        "metadata": _metadata(),
        "private_metadata": _metadata(),
        "external_reference": graphene.String(),
    }


ProductInput = type("ProductInput", (graphene.InputObjectType,), _product_fields())
ProductCreateInput = type(
    "ProductCreateInput", (graphene.InputObjectType,), {**_product_fields(), "product_type": graphene.ID(required=True)}
)


class ProductVariantChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True)
    price = PositiveDecimal(required=True)
    cost_price = PositiveDecimal()
    prior_price = PositiveDecimal()


def _variant_fields(attribute_input):
    return {
        "attributes": graphene.NonNull(graphene.List(graphene.NonNull(attribute_input))),
        "sku": graphene.String(),
        "name": graphene.String(),
        "track_inventory": graphene.Boolean(),
        "weight": WeightScalar(),
        "quantity_limit_per_customer": graphene.Int(),
        "metadata": _metadata(),
        "private_metadata": _metadata(),
        "external_reference": graphene.String(),
        "stocks": graphene.List(graphene.NonNull(StockInput)),
    }


ProductVariantCreateInput = type(
    "ProductVariantCreateInput",
    (graphene.InputObjectType,),
    {**_variant_fields(AttributeValueInput), "product": graphene.ID(required=True)},
)
ProductVariantBulkCreateInput = type(
    "ProductVariantBulkCreateInput",
    (graphene.InputObjectType,),
    {**_variant_fields(BulkAttributeValueInput), "channel_listings": graphene.List(graphene.NonNull(ProductVariantChannelListingAddInput))},
)


class ProductChannelListingCreateInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True)
    is_published = graphene.Boolean()
    published_at = graphene.DateTime()
    visible_in_listings = graphene.Boolean()
    is_available_for_purchase = graphene.Boolean()
    available_for_purchase_at = graphene.DateTime()


ProductBulkCreateInput = type(
    "ProductBulkCreateInput",
    (graphene.InputObjectType,),
    {
        **_product_fields(),
        "product_type": graphene.ID(required=True),
        "channel_listings": graphene.List(graphene.NonNull(ProductChannelListingCreateInput)),
        "variants": graphene.List(graphene.NonNull(ProductVariantBulkCreateInput)),
    },
)


class ProductChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True)
    is_published = graphene.Boolean()
    published_at = graphene.DateTime()
    visible_in_listings = graphene.Boolean()
    is_available_for_purchase = graphene.Boolean()
    available_for_purchase_at = graphene.DateTime()


class ProductChannelListingUpdateInput(graphene.InputObjectType):
    update_channels = graphene.List(graphene.NonNull(ProductChannelListingAddInput))
    remove_channels = graphene.List(graphene.NonNull(graphene.ID))
