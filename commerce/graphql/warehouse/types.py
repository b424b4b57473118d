import graphene

from commerce.core.permissions import PermissionEnum
from commerce.graphql.account.dataloaders import AddressByIdLoader
from commerce.graphql.account.types import Address
from commerce.graphql.core.dataloaders import then
from commerce.graphql.core.permissions import permission_required
from commerce.graphql.core.types import ModelObjectType, ObjectWithMetadata
from commerce.warehouse import models

STOCK_PERMISSIONS = (PermissionEnum.MANAGE_PRODUCTS, PermissionEnum.MANAGE_ORDERS)


class WarehouseClickAndCollectOptionEnum(graphene.Enum):
    DISABLED = "disabled"
    LOCAL = "local"
    ALL = "all"


class Warehouse(ModelObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)
    address = graphene.Field(Address, required=True)
    company_name = graphene.String(required=True, description="Warehouse company name.")
    click_and_collect_option = graphene.Field(WarehouseClickAndCollectOptionEnum, required=True)
    external_reference = graphene.String(description="External ID of this warehouse.")

    class Meta:
        description = "Represents warehouse."
        model = models.Warehouse
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_address(root, info):
        return AddressByIdLoader(info.context).load(root.address_id)

    @staticmethod
    def resolve_company_name(root, info):
        return then(AddressByIdLoader(info.context).load(root.address_id), lambda address: address.company_name if address else "")


class Stock(ModelObjectType):
    warehouse = graphene.Field(Warehouse, required=True, description="The warehouse associated with the stock.")
    quantity = graphene.Int(
        required=True,
        description="Quantity of a product in the warehouse's possession, including the allocated stock that is waiting for shipment.",
    )
    quantity_allocated = graphene.Int(required=True, description="Quantity allocated for orders.")
    quantity_reserved = graphene.Int(required=True, description="Quantity reserved for checkouts.")

    class Meta:
        description = "Represents stock."
        model = models.Stock

    @staticmethod
    def resolve_warehouse(root, info):
        from .dataloaders import WarehousesByIdLoader

        return WarehousesByIdLoader(info.context).load(root.warehouse_id)

    @staticmethod
    @permission_required(*STOCK_PERMISSIONS)
    def resolve_quantity(root, info):
        return root.quantity

    @staticmethod
    @permission_required(*STOCK_PERMISSIONS)
    def resolve_quantity_allocated(root, info):
        return root.quantity_allocated

    @staticmethod
    @permission_required(*STOCK_PERMISSIONS)
    def resolve_quantity_reserved(root, info):
        from .dataloaders import ActiveReservedQuantityByStockIdLoader

        return ActiveReservedQuantityByStockIdLoader(info.context).load(root.pk)
