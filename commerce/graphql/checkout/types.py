"""Checkout and CheckoutLine in Saleor 3.23's shapes. Prices come from the current channel
listings through per-request loaders (commerce/graphql/checkout/dataloaders.py), so the query
count of `checkout { lines { … } totalPrice … }` does not depend on the number of lines."""

from __future__ import annotations

import graphene
from django.db.models import Min

from commerce.checkout import models
from commerce.graphql.account.dataloaders import AddressByIdLoader
from commerce.graphql.account.types import Address, User
from commerce.graphql.channel.types import Channel
from commerce.graphql.core.dataloaders import then
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.types import Money, ModelObjectType, NonNullList, ObjectWithMetadata, TaxedMoney
from commerce.graphql.discount.types import Voucher
from commerce.graphql.product.dataloaders import ChannelByIdLoader
from commerce.graphql.product.types import ChannelContext, ProductVariant
from commerce.graphql.shipping.types import ShippingMethod
from commerce.graphql.warehouse.types import Warehouse
from commerce.product.pricing import Money as MoneyValue, untaxed
from commerce.warehouse.models import Reservation

from .dataloaders import (
    CheckoutInfoByTokenLoader,
    CheckoutPricesByTokenLoader,
    CollectionPointsByTokenLoader,
    ShippingListingsByTokenLoader,
)

try:  # The payments module owns PaymentGateway when it exists (one type per name in a schema).
    from commerce.graphql.payment.types import PaymentGateway  # type: ignore
except ImportError:  # pragma: no cover - depends on the payments module

    class GatewayConfigLine(graphene.ObjectType):
        field = graphene.String(required=True, description="Gateway config key.")
        value = graphene.String(description="Gateway config value for key.")

    class PaymentGateway(graphene.ObjectType):
        name = graphene.String(required=True, description="Payment gateway name.")
        id = graphene.ID(required=True, description="Payment gateway ID.")
        config = NonNullList(GatewayConfigLine, description="Payment gateway client configuration.")
        currencies = NonNullList(graphene.String, description="Payment gateway supported currencies.")


def available_gateways(checkout):
    """commerce.payment.gateways.available_gateways(checkout) when the payments module is in."""
    try:
        from commerce.payment.gateways import available_gateways as gateways
    except ImportError:
        return []
    return gateways(checkout.channel)


class DeliveryMethod(graphene.Union):
    class Meta:
        types = (Warehouse, ShippingMethod)
        description = "Represents a delivery method chosen for the checkout."


class CheckoutLine(ModelObjectType):
    variant = graphene.Field(ProductVariant, required=True)
    quantity = graphene.Int(required=True, description="The quantity of product variant assigned to the checkout line.")
    unit_price = graphene.Field(
        TaxedMoney, required=True, description="The unit price of the checkout line, with taxes and discounts applied."
    )
    undiscounted_unit_price = graphene.Field(
        Money, required=True, description="The unit price of the checkout line, without any discounts."
    )
    total_price = graphene.Field(TaxedMoney, required=True, description="The sum of the checkout line price, taxes and discounts.")
    undiscounted_total_price = graphene.Field(Money, required=True, description="The sum of the checkout line price, without discounts.")
    requires_shipping = graphene.Boolean(required=True, description="Indicates whether the item need to be delivered.")

    class Meta:
        description = "Represents an item in the checkout."
        model = models.CheckoutLine
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def _info(root, info):
        return CheckoutInfoByTokenLoader(info.context).load(root.checkout_id)

    @staticmethod
    def _price(root, info, pick):
        prices = CheckoutPricesByTokenLoader(info.context).load(root.checkout_id)
        return then(prices, lambda p: pick(p.lines[root.pk], p.currency))

    @staticmethod
    def resolve_variant(root, info):
        return then(CheckoutLine._info(root, info), lambda i: ChannelContext(root.variant, i.channel.slug))

    @staticmethod
    def resolve_unit_price(root, info):
        return CheckoutLine._price(root, info, lambda p, c: untaxed(p.unit, c))

    @staticmethod
    def resolve_undiscounted_unit_price(root, info):
        return CheckoutLine._price(root, info, lambda p, c: MoneyValue(p.undiscounted_unit, c))

    @staticmethod
    def resolve_total_price(root, info):
        return CheckoutLine._price(root, info, lambda p, c: untaxed(p.total, c))

    @staticmethod
    def resolve_undiscounted_total_price(root, info):
        return CheckoutLine._price(root, info, lambda p, c: MoneyValue(p.undiscounted_total, c))

    @staticmethod
    def resolve_requires_shipping(root, info):
        return bool(root.variant.product.product_type.is_shipping_required)


class CheckoutChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class CheckoutAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class Checkout(ModelObjectType):
    created = graphene.DateTime(required=True, description="The date and time when the checkout was created.")
    updated_at = graphene.DateTime(required=True, description="Time of last modification of the given checkout.")
    last_change = graphene.DateTime(required=True, deprecation_reason="Use `updatedAt` instead.")
    user = graphene.Field(User, description="The user assigned to the checkout.")
    channel = graphene.Field(Channel, required=True, description="The channel for which checkout was created.")
    billing_address = graphene.Field(Address, description="The billing address of the checkout.")
    shipping_address = graphene.Field(Address, description="The shipping address of the checkout.")
    customer_note = graphene.String(required=True, description="The customer's note for the checkout.")
    discount = graphene.Field(Money, description="The total discount applied to the checkout.")
    discount_name = graphene.String(description="The name of voucher assigned to the checkout.")
    voucher = graphene.Field(Voucher, description="The voucher assigned to the checkout.")
    voucher_code = graphene.String(description="The code of voucher assigned to the checkout.")
    available_shipping_methods = NonNullList(ShippingMethod, deprecation_reason="Use `shippingMethods` instead.")
    shipping_methods = NonNullList(ShippingMethod, description="Shipping methods that can be used with this checkout.")
    available_collection_points = NonNullList(Warehouse, description="Collection points that can be used for this order.")
    available_payment_gateways = NonNullList(PaymentGateway, description="List of available payment gateways.")
    email = graphene.String(description="Email of a customer.")
    is_shipping_required = graphene.Boolean(required=True, description="Returns True, if checkout requires shipping.")
    quantity = graphene.Int(required=True, description="The number of items purchased.")
    stock_reservation_expires = graphene.DateTime(
        description="Date when oldest stock reservation for this checkout expires or null if no stock is reserved."
    )
    lines = NonNullList(CheckoutLine, description="A list of checkout lines, each containing information about an item in the checkout.")
    shipping_price = graphene.Field(TaxedMoney, required=True, description="The price of the shipping, with all the taxes included.")
    shipping_method = graphene.Field(ShippingMethod, deprecation_reason="Use `delivery` instead.")
    delivery_method = graphene.Field(DeliveryMethod, deprecation_reason="Use `delivery` instead.")
    subtotal_price = graphene.Field(
        TaxedMoney, required=True, description="The price of the checkout before shipping, with taxes included."
    )
    tax_exemption = graphene.Boolean(required=True, description="Returns True if checkout has to be exempt from taxes.")
    token = graphene.UUID(required=True, description="The checkout's token.")
    total_price = graphene.Field(
        TaxedMoney,
        required=True,
        description="The sum of the checkout line prices, with all the taxes, shipping costs, and discounts included.",
    )
    language_code = graphene.Field(LanguageCodeEnum, required=True, description="Checkout language code.")
    display_gross_prices = graphene.Boolean(required=True, description="Determines whether displayed prices should include taxes.")
    authorize_status = graphene.Field(CheckoutAuthorizeStatusEnum, required=True, description="The authorize status of the checkout.")
    charge_status = graphene.Field(CheckoutChargeStatusEnum, required=True, description="The charge status of the checkout.")

    class Meta:
        description = "Checkout object."
        model = models.Checkout
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def _info(root, info):
        return CheckoutInfoByTokenLoader(info.context).load(root.pk)

    @staticmethod
    def _prices(root, info):
        return CheckoutPricesByTokenLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_updated_at(root, info):
        return root.last_change

    @staticmethod
    def resolve_user(root, info):
        return root.user if root.user_id else None

    @staticmethod
    def resolve_channel(root, info):
        return ChannelByIdLoader(info.context).load(root.channel_id)

    @staticmethod
    def resolve_billing_address(root, info):
        return AddressByIdLoader(info.context).load(root.billing_address_id) if root.billing_address_id else None

    @staticmethod
    def resolve_shipping_address(root, info):
        return AddressByIdLoader(info.context).load(root.shipping_address_id) if root.shipping_address_id else None

    @staticmethod
    def resolve_discount(root, info):
        return then(Checkout._prices(root, info), lambda p: MoneyValue(p.discount, p.currency) if p.discount else None)

    @staticmethod
    def resolve_voucher(root, info):
        return then(Checkout._info(root, info), lambda i: i.voucher)

    @staticmethod
    def resolve_shipping_methods(root, info):
        return ShippingListingsByTokenLoader(info.context).load(root.pk)

    resolve_available_shipping_methods = resolve_shipping_methods

    @staticmethod
    def resolve_available_collection_points(root, info):
        return CollectionPointsByTokenLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_available_payment_gateways(root, info):
        return available_gateways(root)

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return then(Checkout._info(root, info), lambda i: i.is_shipping_required)

    @staticmethod
    def resolve_quantity(root, info):
        return then(Checkout._info(root, info), lambda i: i.quantity)

    @staticmethod
    def resolve_stock_reservation_expires(root, info):
        return Reservation.objects.filter(checkout_line__checkout_id=root.pk).aggregate(first=Min("reserved_until"))["first"]

    @staticmethod
    def resolve_lines(root, info):
        return then(Checkout._info(root, info), lambda i: [line.line for line in i.lines])

    @staticmethod
    def resolve_shipping_price(root, info):
        return then(Checkout._prices(root, info), lambda p: untaxed(p.shipping, p.currency))

    @staticmethod
    def resolve_shipping_method(root, info):
        return then(Checkout._info(root, info), lambda i: i.shipping_listing if root.shipping_method_id else None)

    @staticmethod
    def resolve_delivery_method(root, info):
        if root.collection_point_id:
            return root.collection_point
        return Checkout.resolve_shipping_method(root, info)

    @staticmethod
    def resolve_subtotal_price(root, info):
        return then(Checkout._prices(root, info), lambda p: untaxed(p.subtotal, p.currency))

    @staticmethod
    def resolve_total_price(root, info):
        return then(Checkout._prices(root, info), lambda p: untaxed(p.total, p.currency))

    @staticmethod
    def resolve_tax_exemption(root, info):
        return False

    @staticmethod
    def resolve_display_gross_prices(root, info):
        return True

    @staticmethod
    def resolve_language_code(root, info):
        code = (root.language_code or "vi").lower()
        return code if code in {"en", "en-us", "vi", "vi-vn"} else "vi"

    @staticmethod
    def resolve_authorize_status(root, info):
        return getattr(root, "authorize_status", "none")

    @staticmethod
    def resolve_charge_status(root, info):
        return getattr(root, "charge_status", "none")
