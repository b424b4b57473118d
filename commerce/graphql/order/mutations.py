"""Staff order mutations (MANAGE_ORDERS) and the POS import (MANAGE_ORDERS_IMPORT); each calls
one function of commerce.order.services / commerce.order.bulk."""

from __future__ import annotations

from decimal import Decimal

import graphene
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from commerce.account.models import User
from commerce.channel.models import Channel
from commerce.core.permissions import PermissionEnum
from commerce.core.validation import problems
from commerce.graphql.account.inputs import AddressInput, address_input_data
from commerce.graphql.checkout.base import DomainMutation
from commerce.graphql.core import bulk as bulk_policy
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.errors import payload_errors
from commerce.graphql.core.inputs import ErrorPolicyEnum, MetadataInput, PositiveDecimal, metadata_dict
from commerce.graphql.core.model_mutations import Nodes, get_node
from commerce.graphql.core.types import NonNullList
from commerce.order import bulk, services
from commerce.order.models import Order as OrderModel, OrderLine as OrderLineModel
from commerce.product.models import ProductVariant
from commerce.shipping.models import ShippingMethod as ShippingMethodModel
from commerce.warehouse.models import Stock, Warehouse as WarehouseModel

from ..payment.enums import TransactionActionEnum
from .errors import OrderBulkCreateError, OrderError
from .types import Fulfillment, Order, OrderStatus


def _actor(info):
    user = info.context.user
    return (user if getattr(user, "is_authenticated", False) else None), info.context.app


class OrderFulfillStockInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="The number of line items to be fulfilled from given warehouse.")
    warehouse = graphene.ID(required=True, description="ID of the warehouse from which the item will be fulfilled.")


class OrderFulfillLineInput(graphene.InputObjectType):
    order_line_id = graphene.ID(description="The ID of the order line.")
    stocks = NonNullList(OrderFulfillStockInput, description="List of stock items to create.")


class OrderFulfillInput(graphene.InputObjectType):
    lines = NonNullList(OrderFulfillLineInput, description="List of items informing how to fulfill the order.")
    notify_customer = graphene.Boolean(description="If true, send an email notification to the customer.")
    allow_stock_to_be_exceeded = graphene.Boolean(
        default_value=False, description="If true, then allow proceed fulfillment when stock is exceeded."
    )
    tracking_number = graphene.String(description="Fulfillment tracking number.")


class OrderFulfill(DomainMutation):
    fulfillments = graphene.List(graphene.NonNull(Fulfillment), description="List of created fulfillments.")
    order = graphene.Field(Order, description="Fulfilled order.")

    class Arguments:
        order = graphene.ID(description="ID of the order to be fulfilled.")
        input = OrderFulfillInput(required=True, description="Fields required to create a fulfillment.")

    class Meta:
        description = "Creates new fulfillments for an order, one per warehouse."
        permissions = (PermissionEnum.MANAGE_ORDERS,)
        error_type_class = OrderError

    @classmethod
    def perform_mutation(cls, root, info, input, order=None):
        if not order:
            raise problems([("order", "REQUIRED", "Order ID is required.")])
        order_obj = get_node(order, "Order", OrderModel, "order")
        lines = []
        for row in input.get("lines") or []:
            line = get_node(
                row.get("order_line_id") or "",
                "OrderLine",
                OrderLineModel,
                "orderLineId",
                queryset=OrderLineModel.objects.filter(order=order_obj).select_related("variant"),
            )
            stocks = []
            for stock_row in row.get("stocks") or []:
                warehouse = get_node(stock_row["warehouse"], "Warehouse", WarehouseModel, "warehouse")
                stock = Stock.objects.filter(warehouse=warehouse, product_variant_id=line.variant_id).first() if line.variant_id else None
                stocks.append((warehouse, stock, stock_row["quantity"]))
            lines.append((line, stocks))
        user, app = _actor(info)
        fulfillments = services.fulfill_order(
            order_obj,
            lines,
            user=user,
            app=app,
            tracking_number=input.get("tracking_number") or "",
            allow_stock_to_be_exceeded=bool(input.get("allow_stock_to_be_exceeded")),
        )
        order_obj.refresh_from_db()
        return cls(order=order_obj, fulfillments=fulfillments)


class OrderCancel(DomainMutation):
    order = graphene.Field(Order, description="Canceled order.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of an order to cancel.")

    class Meta:
        description = "Cancel an order; its stock allocations are released."
        permissions = (PermissionEnum.MANAGE_ORDERS,)
        error_type_class = OrderError

    @classmethod
    def perform_mutation(cls, root, info, id):
        order = get_node(id, "Order", OrderModel, "id")
        user, app = _actor(info)
        return cls(order=services.cancel_order(order, user=user, app=app))


class OrderMarkAsPaid(DomainMutation):
    order = graphene.Field(Order, description="Order marked as paid.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the order to mark paid.")
        transaction_reference = graphene.String(description="The external transaction reference.")

    class Meta:
        description = "Mark order as manually paid (e.g. cash collected on delivery)."
        permissions = (PermissionEnum.MANAGE_ORDERS,)
        error_type_class = OrderError

    @classmethod
    def perform_mutation(cls, root, info, id, transaction_reference=None):
        order = get_node(id, "Order", OrderModel, "id")
        user, app = _actor(info)
        return cls(order=services.mark_order_as_paid(order, user=user, app=app, transaction_reference=transaction_reference))


# --- orderBulkCreate ---------------------------------------------------------------------


class StockUpdatePolicyEnum(graphene.Enum):
    SKIP = "skip"
    UPDATE = "update"
    FORCE = "force"


class TaxedMoneyInput(graphene.InputObjectType):
    gross = PositiveDecimal(required=True, description="Gross value of an item.")
    net = PositiveDecimal(required=True, description="Net value of an item.")


class OrderBulkCreateUserInput(graphene.InputObjectType):
    id = graphene.ID(description="Customer ID associated with the order.")
    email = graphene.String(description="Customer email associated with the order.")
    external_reference = graphene.String(description="Customer external ID associated with the order.")


class OrderBulkCreateDeliveryMethodInput(graphene.InputObjectType):
    warehouse_id = graphene.ID(description="The ID of the warehouse.")
    warehouse_name = graphene.String(description="The name of the warehouse.")
    shipping_method_id = graphene.ID(description="The ID of the shipping method.")
    shipping_method_name = graphene.String(description="The name of the shipping method.")
    shipping_price = graphene.Field(TaxedMoneyInput, description="The price of the shipping.")


class OrderBulkCreateOrderLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(description="The ID of the product variant.")
    variant_sku = graphene.String(description="The SKU of the product variant.")
    variant_external_reference = graphene.String(description="The external ID of the product variant.")
    variant_name = graphene.String(description="The name of the product variant.")
    product_name = graphene.String(description="The name of the product.")
    product_sku = graphene.String(description="The SKU of the product.")
    translated_variant_name = graphene.String()
    translated_product_name = graphene.String()
    created_at = graphene.DateTime(required=True, description="The date, when the order line was created.")
    is_shipping_required = graphene.Boolean(required=True, description="Determines whether shipping of the order line items is required.")
    is_gift_card = graphene.Boolean(required=True, description="Gift card flag.")
    quantity = graphene.Int(required=True, description="Number of items in the order line")
    total_price = graphene.Field(TaxedMoneyInput, required=True, description="Price of the order line.")
    undiscounted_total_price = graphene.Field(
        TaxedMoneyInput, required=True, description="Price of the order line excluding applied discount."
    )
    warehouse = graphene.ID(required=True, description="The ID of the warehouse, where the line will be allocated.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Metadata of the order line.")
    tax_rate = PositiveDecimal(description="Tax rate of the order line.")


class MoneyInput(graphene.InputObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    amount = PositiveDecimal(required=True, description="Amount of money.")


class TransactionCreateInput(graphene.InputObjectType):
    name = graphene.String(description="Payment name of the transaction.")
    message = graphene.String(description="The message of the transaction.")
    psp_reference = graphene.String(description="PSP Reference of the transaction.")
    available_actions = graphene.List(
        graphene.NonNull(TransactionActionEnum), description="List of all possible actions for the transaction"
    )
    amount_authorized = graphene.Field(MoneyInput, description="Amount authorized by this transaction.")
    amount_charged = graphene.Field(MoneyInput, description="Amount charged by this transaction.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Payment public metadata.")
    external_url = graphene.String(
        description="The url that will allow to redirect user to payment provider page with transaction event details."
    )


class OrderBulkCreateInput(graphene.InputObjectType):
    external_reference = graphene.String(description="External ID of the order.")
    channel = graphene.String(required=True, description="Slug of the channel associated with the order.")
    created_at = graphene.DateTime(required=True, description="The date, when the order was inserted to Saleor database.")
    status = graphene.Field(OrderStatus, description="Status of the order.")
    user = graphene.Field(OrderBulkCreateUserInput, required=True, description="Customer associated with the order.")
    billing_address = AddressInput(required=True, description="Billing address of the customer.")
    shipping_address = AddressInput(description="Shipping address of the customer.")
    currency = graphene.String(required=True, description="Currency code.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Metadata of the order.")
    customer_note = graphene.String(description="Note about customer.")
    language_code = graphene.Argument(LanguageCodeEnum, required=True, description="Order language code.")
    display_gross_prices = graphene.Boolean(description="Determines whether displayed prices should include taxes.")
    redirect_url = graphene.String(description="URL of a view, where users should be redirected to see the order details.")
    lines = NonNullList(OrderBulkCreateOrderLineInput, description="List of order lines.")
    delivery_method = graphene.Field(OrderBulkCreateDeliveryMethodInput, description="The delivery method selected for this order.")
    voucher_code = graphene.String(description="Code of a voucher associated with the order.")
    transactions = graphene.List(
        graphene.NonNull(TransactionCreateInput), description="Transactions related to the order: what was paid, e.g. at a fair booth."
    )


class OrderBulkCreateResult(graphene.ObjectType):
    order = graphene.Field(Order, description="Order data.")
    errors = graphene.List(graphene.NonNull(OrderBulkCreateError), description="List of errors occurred on create attempt.")


def _address(data):
    return address_input_data(data) if data else None


def _cached(cache: dict, key, load):
    # One orderBulkCreate call imports many orders of the same channel, warehouse and variants
    # (a fair register's batch): each is looked up once per call, not once per order line.
    if key not in cache:
        cache[key] = load()
    return cache[key]


def _prefetch(orders: list, cache: dict) -> tuple[Nodes, dict]:
    """The variants (by ID, SKU or external reference), warehouses and customers (by e-mail)
    every row names, read with one query each, so a batch costs the same number of queries at
    any size."""
    nodes, skus = Nodes(), set()
    emails = {(row.get("user") or {}).get("email").lower() for row in orders if (row.get("user") or {}).get("email")}
    if emails:
        found = {u.email.lower(): u for u in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)}
        for email in emails:
            cache[("user", email)] = found.get(email)
    for row in orders:
        for line in row.get("lines") or []:
            if line.get("variant_id"):
                nodes.want(line["variant_id"], "ProductVariant", ProductVariant)
            elif line.get("variant_sku"):
                skus.add(line["variant_sku"])
            nodes.want_ref(line.get("variant_external_reference"), ProductVariant)
            if line.get("warehouse"):
                nodes.want(line["warehouse"], "Warehouse", WarehouseModel)
        warehouse_id = (row.get("delivery_method") or {}).get("warehouse_id")
        if warehouse_id:
            nodes.want(warehouse_id, "Warehouse", WarehouseModel)
    variants = ProductVariant.objects.select_related("product")
    nodes.load({ProductVariant: variants})
    by_sku = {v.sku: v for v in variants.filter(sku__in=skus)} if skus else {}
    return nodes, by_sku


def _resolve_row(row: dict, cache: dict | None = None, nodes: Nodes | None = None, by_sku: dict | None = None) -> dict:
    """Input row → plain values with rows looked up; ValidationError (path-named) otherwise."""
    cache = {} if cache is None else cache
    nodes = nodes or Nodes()
    channel = _cached(cache, ("channel", row["channel"]), lambda: Channel.objects.filter(slug=row["channel"]).first())
    if channel is None:
        raise problems([("channel", "NOT_FOUND", f"Channel with slug {row['channel']} doesn't exist.")])
    user_input = row.get("user") or {}
    customer, email = None, user_input.get("email")
    if sum(1 for k in ("id", "email", "external_reference") if user_input.get(k)) == 0:
        raise problems([("user", "REQUIRED", "One of [id, email, externalReference] must be given.")])
    if user_input.get("id"):
        customer = get_node(user_input["id"], "User", User, "user.id")
    elif user_input.get("external_reference"):
        customer = User.objects.filter(external_reference=user_input["external_reference"]).first()
        if customer is None:
            raise problems([("user.externalReference", "NOT_FOUND", "Customer not found.")])
    elif email:
        customer = _cached(cache, ("user", email.lower()), lambda: User.objects.filter(email__iexact=email).first())
    lines = []
    for index, line in enumerate(row.get("lines") or []):
        keys = [k for k in ("variant_id", "variant_sku", "variant_external_reference") if line.get(k)]
        if len(keys) > 1:
            raise problems(
                [(f"lines.{index}", "TOO_MANY_IDENTIFIERS", "Only one of [variantId, variantSku, variantExternalReference] may be given.")]
            )
        variant = None
        if line.get("variant_id"):
            variant = nodes.get_node(line["variant_id"], "ProductVariant", ProductVariant, f"lines.{index}.variantId")
        elif line.get("variant_sku"):
            variant = (
                by_sku.get(line["variant_sku"]) if by_sku is not None else ProductVariant.objects.filter(sku=line["variant_sku"]).first()
            )
            if variant is None:
                raise problems([(f"lines.{index}.variantSku", "NOT_FOUND", f"Variant with SKU {line['variant_sku']} not found.")])
        elif line.get("variant_external_reference"):
            variant = nodes.get_by_external_reference(
                ProductVariant, line["variant_external_reference"], f"lines.{index}.variantExternalReference"
            )
        elif not line.get("product_name"):
            raise problems([(f"lines.{index}", "REQUIRED", "Give a variant or at least the product name.")])
        if line["total_price"]["gross"] is None or line["total_price"]["net"] is None:
            raise problems([(f"lines.{index}.totalPrice", "PRICE_ERROR", "Prices must be non-negative numbers.")])
        warehouse = nodes.get_node(line["warehouse"], "Warehouse", WarehouseModel, f"lines.{index}.warehouse")
        lines.append(
            {
                "variant": variant,
                "warehouse": warehouse,
                "quantity": line["quantity"],
                "total_gross": line["total_price"]["gross"],
                "total_net": line["total_price"]["net"],
                "undiscounted_gross": (line.get("undiscounted_total_price") or {}).get("gross"),
                "product_name": line.get("product_name"),
                "variant_name": line.get("variant_name"),
                "product_sku": line.get("product_sku"),
                "is_shipping_required": line.get("is_shipping_required", True),
                "metadata": metadata_dict(line.get("metadata")),
            }
        )
    if not lines:
        raise problems([("lines", "REQUIRED", "An order needs at least one line.")])
    delivery_input = row.get("delivery_method") or {}
    delivery = {}
    if delivery_input.get("shipping_method_id"):
        delivery["shipping_method"] = get_node(
            delivery_input["shipping_method_id"], "ShippingMethod", ShippingMethodModel, "deliveryMethod.shippingMethodId"
        )
    if delivery_input.get("warehouse_id"):
        delivery["warehouse"] = nodes.get_node(delivery_input["warehouse_id"], "Warehouse", WarehouseModel, "deliveryMethod.warehouseId")
    delivery["shipping_method_name"] = delivery_input.get("shipping_method_name")
    delivery["warehouse_name"] = delivery_input.get("warehouse_name")
    if delivery_input.get("shipping_price"):
        delivery["price_gross"] = delivery_input["shipping_price"]["gross"]
        delivery["price_net"] = delivery_input["shipping_price"]["net"]
    status = row.get("status")
    language = row.get("language_code")
    currency = (row.get("currency") or "").upper()
    return {
        "channel": channel,
        "customer": customer,
        "email": email,
        "lines": lines,
        "status": getattr(status, "value", status),
        "created_at": row.get("created_at"),
        "currency": (row.get("currency") or "").upper(),
        "external_reference": row.get("external_reference"),
        "billing_address": _address(row.get("billing_address")),
        "shipping_address": _address(row.get("shipping_address")),
        "language_code": getattr(language, "value", language),
        "customer_note": row.get("customer_note"),
        "metadata": metadata_dict(row.get("metadata")),
        "delivery": delivery,
        "voucher_code": row.get("voucher_code"),
        "transactions": _transactions(row.get("transactions") or [], currency),
    }


def _transactions(entries: list, currency: str) -> list[dict]:
    """What was already paid (or authorized) for an imported order, in the order's currency."""
    out = []
    for index, entry in enumerate(entries):
        amounts = {}
        for key, field, api_field in (
            ("authorized", "amount_authorized", "amountAuthorized"),
            ("charged", "amount_charged", "amountCharged"),
        ):
            money = entry.get(field)
            if money is None:
                amounts[key] = Decimal(0)
                continue
            if (money.get("currency") or "").upper() != currency:
                raise problems(
                    [
                        (
                            f"transactions.{index}.{api_field}.currency",
                            "INCORRECT_CURRENCY",
                            f"Currency {money.get('currency')} differs from the order's {currency}.",
                        )
                    ]
                )
            amounts[key] = Decimal(money["amount"])
        out.append(
            {
                "name": (entry.get("name") or "")[:512],
                "message": (entry.get("message") or "")[:512],
                "psp_reference": (entry.get("psp_reference") or "")[:512],
                "external_url": entry.get("external_url") or "",
                "available_actions": [getattr(a, "value", a) for a in entry.get("available_actions") or []],
                "metadata": metadata_dict(entry.get("metadata")) or {},
                **amounts,
            }
        )
    return out


class OrderBulkCreate(DomainMutation):
    count = graphene.Int(required=True, description="Returns how many objects were created.")
    results = NonNullList(OrderBulkCreateResult, description="List of the created orders.")

    class Arguments:
        orders = NonNullList(OrderBulkCreateInput, description="Input list of orders to create. Orders limit: 50.")
        error_policy = ErrorPolicyEnum(description="Determine how to handle errors. DEFAULT: REJECT_EVERYTHING")
        stock_update_policy = StockUpdatePolicyEnum(
            description="Determine how stock should be updated, while processing the order. DEFAULT: UPDATE."
        )

    class Meta:
        description = "Creates multiple orders (imports sales made elsewhere, e.g. at a fair booth)."
        permissions = (PermissionEnum.MANAGE_ORDERS_IMPORT,)
        error_type_class = OrderBulkCreateError

    error_field_attr = "path"
    MAX_ORDERS = 50

    @classmethod
    def perform_mutation(cls, root, info, orders, error_policy=None, stock_update_policy=None):
        if len(orders) > cls.MAX_ORDERS:
            raise problems([("orders", "BULK_LIMIT", f"Number of orders exceeds limit: {cls.MAX_ORDERS}.")])
        policy = bulk_policy.policy_value(error_policy)
        stock_policy = getattr(stock_update_policy, "value", stock_update_policy) or bulk.UPDATE
        user, app = _actor(info)
        cache: dict = {}
        nodes, by_sku = _prefetch(orders, cache)
        resolved = []
        for row in orders:
            try:
                resolved.append(_resolve_row(row, cache, nodes, by_sku))
            except DjangoValidationError as exc:
                resolved.append(exc)
        options = {"stock_update_policy": stock_policy, "ignore_failed": policy == bulk_policy.IGNORE_FAILED, "user": user, "app": app}
        all_or_nothing = policy == bulk_policy.REJECT_EVERYTHING
        try:
            outcomes = bulk.create_bulk_orders(resolved, all_or_nothing=all_or_nothing, **options)
        except IntegrityError:
            # Another import committed an order with one of these references after the batch
            # checked them: go row by row, so only that row is refused.
            outcomes = [cls._create_one(row, options) for row in resolved]
            if all_or_nothing and any(order is None for order, _, _ in outcomes):
                transaction.set_rollback(True)
                outcomes = [(None, warnings, problem) for _, warnings, problem in outcomes]
        results = []
        for order, warnings, problem in outcomes:
            if problem is not None:
                results.append(OrderBulkCreateResult(order=None, errors=payload_errors(problem, OrderBulkCreateError, "path")))
            else:
                results.append(
                    OrderBulkCreateResult(
                        order=order,
                        errors=[
                            OrderBulkCreateError(path=p, code=c, message=f"Insufficient stock, recorded anyway: {m}")
                            for p, c, m in warnings
                        ],
                    )
                )
        return cls(count=sum(1 for r in results if r.order is not None), results=results, errors=[])

    @staticmethod
    def _create_one(row, options) -> tuple:
        if not isinstance(row, dict):
            return None, [], row
        try:
            return bulk.create_bulk_orders([row], **options)[0]
        except IntegrityError as exc:
            if "external_reference" not in str(exc):
                raise  # not the race this handles: a bug to see, not a row to refuse
            return None, [], problems([("externalReference", "UNIQUE", "An order with this external reference already exists.")])


class OrderMutations(graphene.ObjectType):
    order_fulfill = OrderFulfill.Field()
    order_cancel = OrderCancel.Field()
    order_mark_as_paid = OrderMarkAsPaid.Field()
    order_bulk_create = OrderBulkCreate.Field()
