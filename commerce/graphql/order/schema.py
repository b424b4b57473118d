import graphene
from django.db.models import Q

from commerce.core.permissions import PermissionEnum
from commerce.graphql.attribute.types import enum_value
from commerce.graphql.core.connection import SortKey, connection_args, countable_connection, create_connection_slice
from commerce.graphql.core.enums import OrderDirection, is_descending
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.filter_inputs import DateRangeInput, pks_from_global_ids
from commerce.graphql.core.permissions import permission_required
from commerce.graphql.core.types import from_global_id_or_error
from commerce.order import models
from commerce.order.selectors import search_orders

from .types import Order, OrderAuthorizeStatusEnum, OrderChargeStatusEnum, can_see_order

OrderCountableConnection = countable_connection(Order)


class OrderStatusFilter(graphene.Enum):
    READY_TO_FULFILL = "ready_to_fulfill"
    READY_TO_CAPTURE = "ready_to_capture"
    UNFULFILLED = "unfulfilled"
    UNCONFIRMED = "unconfirmed"
    PARTIALLY_FULFILLED = "partially fulfilled"
    FULFILLED = "fulfilled"
    CANCELED = "canceled"


class OrderFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(OrderStatusFilter))
    customer = graphene.String()
    created = graphene.InputField(DateRangeInput)
    search = graphene.String()
    channels = graphene.List(graphene.NonNull(graphene.ID))
    authorize_status = graphene.List(graphene.NonNull(OrderAuthorizeStatusEnum))
    charge_status = graphene.List(graphene.NonNull(OrderChargeStatusEnum))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    checkout_tokens = graphene.List(graphene.NonNull(graphene.UUID))
    numbers = graphene.List(graphene.NonNull(graphene.String))


class OrderSortField(graphene.Enum):
    NUMBER = "number"
    CREATION_DATE = "created_at"
    CREATED_AT = "created_at_"
    LAST_MODIFIED_AT = "updated_at"
    STATUS = "status"

    @property
    def description(self):
        return "Sort orders by the selected field."


class OrderSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True, description="Specifies the direction in which to sort orders.")
    field = graphene.InputField(OrderSortField, required=True, description="Sort orders by the selected field.")


def _filter(orders, data):
    if not data:
        return orders
    if data.get("status"):
        statuses = [enum_value(s) for s in data["status"]]
        condition = Q(status__in=[s for s in statuses if s not in ("ready_to_fulfill", "ready_to_capture")])
        if "ready_to_fulfill" in statuses:
            condition |= Q(status__in=["unfulfilled", "partially fulfilled"], charge_status__in=["full", "overcharged"])
        if "ready_to_capture" in statuses:
            condition |= Q(charge_status="none", authorize_status__in=["partial", "full"])
        orders = orders.filter(condition)
    if data.get("customer"):
        value = data["customer"]
        orders = orders.filter(
            Q(user_email__icontains=value)
            | Q(user__email__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
        )
    if data.get("created"):
        if data["created"].get("gte"):
            orders = orders.filter(created_at__date__gte=data["created"]["gte"])
        if data["created"].get("lte"):
            orders = orders.filter(created_at__date__lte=data["created"]["lte"])
    if data.get("search"):
        orders = search_orders(orders, data["search"])
    if data.get("channels"):
        from commerce.channel.models import Channel

        orders = orders.filter(channel_id__in=pks_from_global_ids(data["channels"], "Channel", Channel))
    if data.get("authorize_status"):
        orders = orders.filter(authorize_status__in=[enum_value(s) for s in data["authorize_status"]])
    if data.get("charge_status"):
        orders = orders.filter(charge_status__in=[enum_value(s) for s in data["charge_status"]])
    if data.get("ids"):
        orders = orders.filter(pk__in=pks_from_global_ids(data["ids"], "Order", models.Order))
    if data.get("checkout_tokens"):
        orders = orders.filter(checkout_token__in=[str(t) for t in data["checkout_tokens"]])
    if data.get("numbers"):
        orders = orders.filter(number__in=[int(n) for n in data["numbers"] if str(n).isdigit()])
    return orders


def orders_connection(orders, info, args, name="orders"):
    sort_by = args.get("sort_by")
    field = enum_value(sort_by["field"]) if sort_by else "number"
    descending = is_descending(sort_by["direction"]) if sort_by else True
    column = {"created_at_": "created_at"}.get(field, field)
    keys = [SortKey(column, descending)] if column == "number" else [SortKey(column, descending), SortKey("number", descending)]
    return create_connection_slice(orders, args, OrderCountableConnection, keys, name)


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(
        Order,
        id=graphene.Argument(graphene.ID, description="ID of an order."),
        external_reference=graphene.Argument(graphene.String, description="External ID of an order."),
        description="Look up an order by ID or external reference.",
    )
    orders = graphene.Field(
        OrderCountableConnection,
        sort_by=graphene.Argument(OrderSortingInput, description="Sort orders."),
        filter=graphene.Argument(OrderFilterInput, description="Filtering options for orders."),
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        search=graphene.String(description="Search orders."),
        description="List of orders. Requires one of the following permissions: MANAGE_ORDERS.",
        **connection_args(),
    )

    @staticmethod
    def resolve_order(root, info, id=None, external_reference=None):
        if id:
            _, pk = from_global_id_or_error(id, "Order")
            try:
                order = models.Order.objects.filter(pk=pk).first()
            except Exception:  # noqa: BLE001 - a malformed UUID is simply not an order
                order = None
        elif external_reference:
            order = models.Order.objects.filter(external_reference=external_reference).first()
        else:
            return None
        if order is None:
            return None
        if not can_see_order(info, order):
            raise PermissionDenied(permissions=[PermissionEnum.MANAGE_ORDERS])
        return order

    @staticmethod
    @permission_required(PermissionEnum.MANAGE_ORDERS)
    def resolve_orders(root, info, channel=None, search=None, filter=None, **args):
        orders = models.Order.objects.exclude(status=models.OrderStatus.DRAFT)
        if channel:
            orders = orders.filter(channel__slug=channel)
        if search:
            orders = search_orders(orders, search)
        orders = _filter(orders, filter)
        return orders_connection(orders, info, args)
