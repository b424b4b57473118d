"""ShippingMethod as a checkout or order sees it: the method with its price in one channel.

The root is a ShippingMethodChannelListing (method + channel price), so `price` and the order
value window need no further query."""

import graphene

from commerce.discount.services import CURRENCY_PRECISION  # noqa: F401 - currency rules live there
from commerce.graphql.core.types import Money, ModelObjectType, ObjectWithMetadata
from commerce.product.pricing import Money as MoneyValue
from commerce.shipping import models


class ShippingMethodTypeEnum(graphene.Enum):
    PRICE = "price"
    WEIGHT = "weight"


class ShippingMethod(ModelObjectType):
    type = graphene.Field(ShippingMethodTypeEnum, description="Type of the shipping method.")
    name = graphene.String(required=True, description="Shipping method name.")
    description = graphene.JSONString(description="Shipping method description.")
    maximum_delivery_days = graphene.Int(description="Maximum delivery days for this shipping method.")
    minimum_delivery_days = graphene.Int(description="Minimum delivery days for this shipping method.")
    price = graphene.Field(Money, required=True, description="The price of selected shipping method.")
    maximum_order_price = graphene.Field(Money, description="Maximum order price for this shipping method.")
    minimum_order_price = graphene.Field(Money, description="Minimal order price for this shipping method.")
    active = graphene.Boolean(required=True, description="Describes if this shipping method is active and can be selected.")
    message = graphene.String(description="Message connected to this shipping method.")

    class Meta:
        description = "Shipping methods that can be used as means of shipping for orders and checkouts."
        model = models.ShippingMethod
        interfaces = (ObjectWithMetadata,)

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, (models.ShippingMethod, models.ShippingMethodChannelListing))

    @staticmethod
    def resolve_id(root, info):
        return getattr(root, "shipping_method_id", None) or root.pk

    @staticmethod
    def _method(root):
        return root.shipping_method if isinstance(root, models.ShippingMethodChannelListing) else root

    @classmethod
    def resolve_type(cls, root, info):
        return cls._method(root).type

    @classmethod
    def resolve_name(cls, root, info):
        return cls._method(root).name

    @classmethod
    def resolve_description(cls, root, info):
        return cls._method(root).description

    @classmethod
    def resolve_maximum_delivery_days(cls, root, info):
        return cls._method(root).maximum_delivery_days

    @classmethod
    def resolve_minimum_delivery_days(cls, root, info):
        return cls._method(root).minimum_delivery_days

    @staticmethod
    def resolve_price(root, info):
        if isinstance(root, models.ShippingMethodChannelListing):
            return MoneyValue(root.price_amount, root.currency)
        return None

    @staticmethod
    def resolve_maximum_order_price(root, info):
        if isinstance(root, models.ShippingMethodChannelListing) and root.maximum_order_price_amount is not None:
            return MoneyValue(root.maximum_order_price_amount, root.currency)
        return None

    @staticmethod
    def resolve_minimum_order_price(root, info):
        if isinstance(root, models.ShippingMethodChannelListing) and root.minimum_order_price_amount is not None:
            return MoneyValue(root.minimum_order_price_amount, root.currency)
        return None

    @staticmethod
    def resolve_active(root, info):
        return True

    @classmethod
    def resolve_metadata(cls, root, info):
        return ObjectWithMetadata.resolve_metadata(cls._method(root), info)
