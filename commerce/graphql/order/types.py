"""Order, OrderLine, OrderEvent, Fulfillment in Saleor 3.23's shapes; every list resolves
through a loader. Orders are read by their owner or by staff/apps with MANAGE_ORDERS."""

from __future__ import annotations

import graphene

from commerce.core.permissions import PermissionEnum
from commerce.graphql.account.dataloaders import AddressByIdLoader
from commerce.graphql.account.types import Address, User
from commerce.graphql.channel.types import Channel
from commerce.graphql.checkout.types import DeliveryMethod
from commerce.graphql.core.context import has_one_of_permissions
from commerce.graphql.core.dataloaders import then
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.types import Money, ModelObjectType, NonNullList, ObjectWithMetadata, TaxedMoney
from commerce.graphql.product.dataloaders import ChannelByIdLoader, ProductVariantByIdLoader
from commerce.graphql.product.types import ChannelContext, ProductVariant
from commerce.graphql.warehouse.dataloaders import WarehousesByIdLoader
from commerce.graphql.warehouse.types import Warehouse
from commerce.order import models
from commerce.product.pricing import Money as MoneyValue, untaxed

from . import dataloaders as loaders


class OrderStatus(graphene.Enum):
    DRAFT = "draft"
    UNCONFIRMED = "unconfirmed"
    UNFULFILLED = "unfulfilled"
    PARTIALLY_FULFILLED = "partially fulfilled"
    FULFILLED = "fulfilled"
    CANCELED = "canceled"


class OrderOriginEnum(graphene.Enum):
    CHECKOUT = "checkout"
    DRAFT = "draft"
    BULK_CREATE = "bulk_create"


class OrderChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class OrderAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class FulfillmentStatus(graphene.Enum):
    FULFILLED = "fulfilled"
    CANCELED = "canceled"


OrderEventsEnum = graphene.Enum("OrderEventsEnum", [(e.name, e.value) for e in models.OrderEvents])


def can_see_order(info, order) -> bool:
    user = info.context.user
    if getattr(user, "is_authenticated", False) and order.user_id == user.pk:
        return True
    return has_one_of_permissions(info.context, [PermissionEnum.MANAGE_ORDERS])


class Allocation(ModelObjectType):
    quantity = graphene.Int(required=True, description="Quantity allocated for orders.")
    warehouse = graphene.Field(Warehouse, required=True, description="The warehouse were items were allocated.")

    class Meta:
        description = "Represents allocation."
        model = models.OrderLine._meta.apps.get_model("warehouse", "Allocation")

    @staticmethod
    def resolve_quantity(root, info):
        return root.quantity_allocated

    @staticmethod
    def resolve_warehouse(root, info):
        return WarehousesByIdLoader(info.context).load(root.stock.warehouse_id)


class OrderLine(ModelObjectType):
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    product_variant_id = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    quantity_to_fulfill = graphene.Int(required=True)
    tax_rate = graphene.Float(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(TaxedMoney, required=True)
    unit_discount = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(TaxedMoney, required=True)
    variant = graphene.Field(ProductVariant)
    translated_product_name = graphene.String(required=True)
    translated_variant_name = graphene.String(required=True)
    allocations = graphene.List(
        graphene.NonNull(Allocation), description="List of allocations across warehouses. Requires MANAGE_PRODUCTS or MANAGE_ORDERS."
    )

    class Meta:
        description = "Represents order line of particular order."
        model = models.OrderLine
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_quantity_to_fulfill(root, info):
        return root.quantity - root.quantity_fulfilled

    @staticmethod
    def resolve_tax_rate(root, info):
        return float(root.tax_rate)

    @staticmethod
    def resolve_unit_price(root, info):
        return untaxed(root.unit_price_gross_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_unit_price(root, info):
        return untaxed(root.undiscounted_unit_price_gross_amount, root.currency)

    @staticmethod
    def resolve_unit_discount(root, info):
        return MoneyValue(root.undiscounted_unit_price_gross_amount - root.unit_price_gross_amount, root.currency)

    @staticmethod
    def resolve_total_price(root, info):
        return untaxed(root.total_price_gross_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_total_price(root, info):
        return untaxed(root.undiscounted_total_price_gross_amount, root.currency)

    @staticmethod
    def resolve_variant(root, info):
        if not root.variant_id:
            return None
        order = loaders.OrderByIdLoader(info.context).load(root.order_id)
        channel = then(order, lambda o: ChannelByIdLoader(info.context).load(o.channel_id))
        variant = ProductVariantByIdLoader(info.context).load(root.variant_id)
        return then(channel, lambda c: then(variant, lambda v: ChannelContext(v, c.slug) if v else None))

    @staticmethod
    def resolve_translated_product_name(root, info):
        return root.translated_product_name or root.product_name

    @staticmethod
    def resolve_translated_variant_name(root, info):
        return root.translated_variant_name or root.variant_name

    @staticmethod
    def resolve_allocations(root, info):
        if not has_one_of_permissions(info.context, [PermissionEnum.MANAGE_PRODUCTS, PermissionEnum.MANAGE_ORDERS]):
            raise PermissionDenied(permissions=[PermissionEnum.MANAGE_PRODUCTS, PermissionEnum.MANAGE_ORDERS])
        return loaders.AllocationsByOrderLineIdLoader(info.context).load(root.pk)


class FulfillmentLine(ModelObjectType):
    quantity = graphene.Int(required=True)
    order_line = graphene.Field(OrderLine)

    class Meta:
        description = "Represents line of the fulfillment."
        model = models.FulfillmentLine

    @staticmethod
    def resolve_order_line(root, info):
        return loaders.OrderLineByIdLoader(info.context).load(root.order_line_id)


class Fulfillment(ModelObjectType):
    fulfillment_order = graphene.Int(required=True)
    status = graphene.Field(FulfillmentStatus, required=True)
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(FulfillmentLine))
    status_display = graphene.String()
    warehouse = graphene.Field(Warehouse)

    class Meta:
        description = "Represents order fulfillment."
        model = models.Fulfillment
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_lines(root, info):
        return loaders.FulfillmentLinesByFulfillmentIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_status_display(root, info):
        return root.get_status_display()

    @staticmethod
    def resolve_warehouse(root, info):
        return WarehousesByIdLoader(info.context).load(root.warehouse_id) if root.warehouse_id else None


class OrderEvent(ModelObjectType):
    date = graphene.DateTime()
    type = graphene.Field(OrderEventsEnum)
    user = graphene.Field(User)
    message = graphene.String()
    email = graphene.String()
    amount = graphene.Float()
    quantity = graphene.Int()
    order_number = graphene.String()
    transaction_reference = graphene.String()
    oversold_items = graphene.List(graphene.NonNull(graphene.String))
    warehouse = graphene.Field(Warehouse)

    class Meta:
        description = "History log of the order."
        model = models.OrderEvent

    @staticmethod
    def resolve_user(root, info):
        return root.user if root.user_id else None

    @staticmethod
    def resolve_type(root, info):
        return str(root.type)

    @staticmethod
    def _param(root, name):
        return (root.parameters or {}).get(name)

    @staticmethod
    def resolve_message(root, info):
        return OrderEvent._param(root, "message")

    @staticmethod
    def resolve_email(root, info):
        return OrderEvent._param(root, "email")

    @staticmethod
    def resolve_amount(root, info):
        value = OrderEvent._param(root, "amount")
        return float(value) if value is not None else None

    @staticmethod
    def resolve_quantity(root, info):
        return OrderEvent._param(root, "quantity")

    @staticmethod
    def resolve_order_number(root, info):
        return then(loaders.OrderByIdLoader(info.context).load(root.order_id), lambda o: str(o.number))

    @staticmethod
    def resolve_transaction_reference(root, info):
        return OrderEvent._param(root, "transaction_reference")

    @staticmethod
    def resolve_oversold_items(root, info):
        return OrderEvent._param(root, "oversold_items")

    @staticmethod
    def resolve_warehouse(root, info):
        wid = OrderEvent._param(root, "warehouse")
        return WarehousesByIdLoader(info.context).load(wid) if wid else None


class Order(ModelObjectType):
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(OrderStatus, required=True)
    user = graphene.Field(User)
    billing_address = graphene.Field(Address)
    shipping_address = graphene.Field(Address)
    shipping_method_name = graphene.String()
    collection_point_name = graphene.String()
    channel = graphene.Field(Channel, required=True)
    fulfillments = NonNullList(Fulfillment)
    lines = NonNullList(OrderLine)
    number = graphene.String(required=True)
    origin = graphene.Field(OrderOriginEnum, required=True)
    is_paid = graphene.Boolean(required=True)
    authorize_status = graphene.Field(OrderAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(OrderChargeStatusEnum, required=True)
    tax_exemption = graphene.Boolean(required=True)
    transactions = NonNullList(
        "commerce.graphql.payment.types.TransactionItem",
        description="List of transactions for the order. Requires one of the following permissions: MANAGE_ORDERS, HANDLE_PAYMENTS.",
    )
    total = graphene.Field(TaxedMoney, required=True)
    undiscounted_total = graphene.Field(TaxedMoney, required=True)
    undiscounted_shipping_price = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    shipping_tax_rate = graphene.Float(required=True)
    token = graphene.String(required=True, deprecation_reason="Use `id` instead.")
    voucher_code = graphene.String()
    customer_note = graphene.String(required=True)
    redirect_url = graphene.String()
    subtotal = graphene.Field(TaxedMoney, required=True)
    status_display = graphene.String(required=True)
    total_authorized = graphene.Field(Money, required=True)
    total_captured = graphene.Field(Money, required=True, deprecation_reason="Use `totalCharged` instead.")
    total_charged = graphene.Field(Money, required=True)
    events = NonNullList(OrderEvent)
    total_balance = graphene.Field(Money, required=True)
    user_email = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    delivery_method = graphene.Field(DeliveryMethod)
    language_code_enum = graphene.Field(LanguageCodeEnum, required=True)
    discount = graphene.Field(Money, deprecation_reason="Use the `discounts` field instead.")
    discount_name = graphene.String(deprecation_reason="Use the `discounts` field instead.")
    display_gross_prices = graphene.Boolean(required=True)
    external_reference = graphene.String()
    checkout_id = graphene.ID()

    class Meta:
        description = "Represents an order in the shop."
        model = models.Order
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def _money(root, amount):
        return MoneyValue(amount, root.currency)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_user(root, info):
        return root.user if root.user_id else None

    @staticmethod
    def resolve_billing_address(root, info):
        return AddressByIdLoader(info.context).load(root.billing_address_id) if root.billing_address_id else None

    @staticmethod
    def resolve_shipping_address(root, info):
        return AddressByIdLoader(info.context).load(root.shipping_address_id) if root.shipping_address_id else None

    @staticmethod
    def resolve_channel(root, info):
        return ChannelByIdLoader(info.context).load(root.channel_id)

    @staticmethod
    def resolve_transactions(root, info):
        from commerce.graphql.payment.dataloaders import TransactionItemsByOrderIdLoader

        if not has_one_of_permissions(info.context, [PermissionEnum.MANAGE_ORDERS, PermissionEnum.HANDLE_PAYMENTS]):
            raise PermissionDenied(permissions=[PermissionEnum.MANAGE_ORDERS, PermissionEnum.HANDLE_PAYMENTS])
        return TransactionItemsByOrderIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_fulfillments(root, info):
        return loaders.FulfillmentsByOrderIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_lines(root, info):
        return loaders.OrderLinesByOrderIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_number(root, info):
        return str(root.number)

    # Freshly created rows hold Django choice members; the GraphQL enums want plain values.
    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_origin(root, info):
        return str(root.origin)

    @staticmethod
    def resolve_charge_status(root, info):
        return str(root.charge_status)

    @staticmethod
    def resolve_authorize_status(root, info):
        return str(root.authorize_status)

    @staticmethod
    def resolve_is_paid(root, info):
        return root.charge_status in (models.OrderChargeStatus.FULL, models.OrderChargeStatus.OVERCHARGED)

    @staticmethod
    def resolve_tax_exemption(root, info):
        return False

    @staticmethod
    def resolve_total(root, info):
        return untaxed(root.total_gross_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_total(root, info):
        return untaxed(root.undiscounted_total_gross_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_shipping_price(root, info):
        return Order._money(root, root.shipping_price_gross_amount)

    @staticmethod
    def resolve_shipping_price(root, info):
        return untaxed(root.shipping_price_gross_amount, root.currency)

    @staticmethod
    def resolve_shipping_tax_rate(root, info):
        return 0.0

    @staticmethod
    def resolve_token(root, info):
        return str(root.pk)

    @staticmethod
    def resolve_subtotal(root, info):
        return untaxed(root.subtotal_gross_amount, root.currency)

    @staticmethod
    def resolve_status_display(root, info):
        return root.get_status_display()

    @staticmethod
    def resolve_total_authorized(root, info):
        return Order._money(root, root.total_authorized_amount)

    @staticmethod
    def resolve_total_captured(root, info):
        return Order._money(root, root.total_charged_amount)

    resolve_total_charged = resolve_total_captured

    @staticmethod
    def resolve_events(root, info):
        if not has_one_of_permissions(info.context, [PermissionEnum.MANAGE_ORDERS]):
            raise PermissionDenied(permissions=[PermissionEnum.MANAGE_ORDERS])
        return loaders.OrderEventsByOrderIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_total_balance(root, info):
        # Saleor: charged minus total — negative while money is outstanding (cash on delivery).
        return Order._money(root, root.total_charged_amount - root.total_gross_amount)

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return then(loaders.OrderLinesByOrderIdLoader(info.context).load(root.pk), lambda lines: any(l.is_shipping_required for l in lines))

    @staticmethod
    def resolve_delivery_method(root, info):
        if root.collection_point_id:
            return WarehousesByIdLoader(info.context).load(root.collection_point_id)
        if not root.shipping_method_id:
            return None
        from commerce.shipping.models import ShippingMethodChannelListing

        return (
            ShippingMethodChannelListing.objects.filter(shipping_method_id=root.shipping_method_id, channel_id=root.channel_id)
            .select_related("shipping_method")
            .first()
        )

    @staticmethod
    def resolve_language_code_enum(root, info):
        code = (root.language_code or "vi").lower()
        return code if code in {"en", "en-us", "vi", "vi-vn"} else "vi"

    @staticmethod
    def resolve_discount(root, info):
        return Order._money(root, root.discount_amount) if root.discount_amount else None

    @staticmethod
    def resolve_display_gross_prices(root, info):
        return True

    @staticmethod
    def resolve_checkout_id(root, info):
        from graphene.relay import Node

        return Node.to_global_id("Checkout", root.checkout_token) if root.checkout_token else None
