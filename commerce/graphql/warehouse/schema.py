import graphene
from django.db.models import Q

from commerce.channel.models import Channel
from commerce.core.permissions import PermissionEnum
from commerce.graphql.attribute.types import enum_value, is_descending
from commerce.graphql.core.connection import SortKey, connection_args, countable_connection, create_connection_slice
from commerce.graphql.core.enums import OrderDirection
from commerce.graphql.core.errors import SaleorGraphQLError
from commerce.graphql.core.filter_inputs import MetadataFilter, metadata_q, pk_from_global_id, pks_from_global_ids
from commerce.graphql.core.permissions import permission_required
from commerce.warehouse import models

from .types import Warehouse, WarehouseClickAndCollectOptionEnum

# Saleor: "Requires one of the following permissions: MANAGE_PRODUCTS, MANAGE_ORDERS, MANAGE_SHIPPING."
WAREHOUSE_READ_PERMISSIONS = (PermissionEnum.MANAGE_PRODUCTS, PermissionEnum.MANAGE_ORDERS, PermissionEnum.MANAGE_SHIPPING)

WarehouseCountableConnection = countable_connection(Warehouse)


class WarehouseFilterInput(graphene.InputObjectType):
    click_and_collect_option = graphene.InputField(WarehouseClickAndCollectOptionEnum)
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    is_private = graphene.Boolean()
    channels = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class WarehouseSortField(graphene.Enum):
    NAME = "name"


class WarehouseSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(OrderDirection, required=True, description="Specifies the direction in which to sort warehouses.")
    field = graphene.InputField(WarehouseSortField, required=True, description="Sort warehouses by the selected field.")


def _filter_q(data) -> Q:
    if not data:
        return Q()
    condition = metadata_q(data.get("metadata"))
    if data.get("click_and_collect_option") is not None:
        condition &= Q(click_and_collect_option=enum_value(data["click_and_collect_option"]))
    if data.get("search"):
        search = data["search"]
        condition &= (
            Q(name__icontains=search)
            | Q(slug__icontains=search)
            | Q(email__icontains=search)
            | Q(address__company_name__icontains=search)
            | Q(address__city__icontains=search)
            | Q(address__country_area__icontains=search)
        )
    if data.get("ids"):
        condition &= Q(pk__in=pks_from_global_ids(data["ids"], "Warehouse", models.Warehouse))
    if data.get("is_private") is not None:
        condition &= Q(is_private=data["is_private"])
    if data.get("channels"):
        channel_ids = pks_from_global_ids(data["channels"], "Channel", Channel)
        condition &= Q(pk__in=models.ChannelWarehouse.objects.filter(channel_id__in=channel_ids).values("warehouse_id"))
    if data.get("slugs"):
        condition &= Q(slug__in=data["slugs"])
    return condition


class WarehouseQueries(graphene.ObjectType):
    warehouse = graphene.Field(
        Warehouse,
        id=graphene.Argument(graphene.ID, description="ID of a warehouse."),
        external_reference=graphene.Argument(graphene.String, description="External ID of a warehouse."),
        description="Look up a warehouse by ID.",
    )
    warehouses = graphene.Field(
        WarehouseCountableConnection,
        filter=graphene.Argument(WarehouseFilterInput, description="Filtering options for warehouses."),
        sort_by=graphene.Argument(WarehouseSortingInput, description="Sort warehouses."),
        description="List of warehouses.",
        **connection_args(),
    )

    @staticmethod
    @permission_required(*WAREHOUSE_READ_PERMISSIONS)
    def resolve_warehouse(root, info, id=None, external_reference=None):
        if (id is None) == (external_reference is None):
            raise SaleorGraphQLError("Argument 'id' or 'external_reference' must be provided, and only one of them.")
        if id is not None:
            return models.Warehouse.objects.filter(pk=pk_from_global_id(id, "Warehouse", models.Warehouse)).first()
        return models.Warehouse.objects.filter(external_reference=external_reference).first()

    @staticmethod
    @permission_required(*WAREHOUSE_READ_PERMISSIONS)
    def resolve_warehouses(root, info, filter=None, sort_by=None, **args):
        queryset = models.Warehouse.objects.filter(_filter_q(filter))
        if sort_by:
            descending = is_descending(sort_by["direction"])
            keys = [SortKey(enum_value(sort_by["field"]), descending), SortKey("pk", descending)]
        else:
            keys = [SortKey("slug"), SortKey("pk")]
        return create_connection_slice(queryset, args, WarehouseCountableConnection, keys, "warehouses")
