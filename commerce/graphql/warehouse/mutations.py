import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from commerce.core.permissions import PermissionEnum
from commerce.core.validation import problems
from commerce.graphql.account.inputs import address_input_data
from commerce.graphql.core import bulk
from commerce.graphql.core.errors import payload_errors
from commerce.graphql.core.inputs import ErrorPolicyEnum
from commerce.graphql.core.model_mutations import get_by_external_reference, get_node
from commerce.graphql.core.mutations import BaseMutation
from commerce.graphql.core.types import NonNullList
from commerce.product.models import ProductVariant
from commerce.warehouse import models, services

from .errors import StockBulkUpdateError, WarehouseError
from .inputs import StockBulkUpdateInput, WarehouseCreateInput
from .types import Warehouse


class WarehouseCreate(BaseMutation):
    warehouse = graphene.Field(Warehouse)

    class Arguments:
        input = WarehouseCreateInput(required=True, description="Fields required to create warehouse.")

    class Meta:
        description = "Creates a new warehouse."
        permissions = (PermissionEnum.MANAGE_PRODUCTS,)
        error_type_class = WarehouseError

    @classmethod
    def perform_mutation(cls, root, info, input):
        address = address_input_data(input["address"])
        warehouse = services.create_warehouse(
            name=input["name"],
            slug=input.get("slug"),
            email=input.get("email") or "",
            external_reference=input.get("external_reference"),
            address=address,
            skip_address_validation=bool(address.pop("skip_validation", False)),
        )
        return cls(warehouse=warehouse)


def _stock_type():
    from .types import Stock

    return Stock


class StockBulkResult(graphene.ObjectType):
    stock = graphene.Field(lambda: _stock_type(), description="Stock data.")
    errors = graphene.List(graphene.NonNull(StockBulkUpdateError), description="List of errors occurred on create or update attempt.")


class StockBulkUpdate(BaseMutation):
    count = graphene.Int(required=True, description="Returns how many objects were updated.")
    results = NonNullList(StockBulkResult, description="List of the updated stocks.")

    class Arguments:
        stocks = NonNullList(StockBulkUpdateInput, description="Input list of stocks to update.")
        error_policy = ErrorPolicyEnum(description="Policies of error handling. DEFAULT: REJECT_EVERYTHING")

    class Meta:
        description = (
            "Updates stocks for a given variant and warehouse. Variant and warehouse selectors have to be the same for all stock inputs."
        )
        permissions = (PermissionEnum.MANAGE_PRODUCTS,)
        error_type_class = StockBulkUpdateError

    @staticmethod
    def _resolve(row):
        if row.get("variant_id"):
            variant = get_node(row["variant_id"], "ProductVariant", ProductVariant, "variantId")
        elif row.get("variant_external_reference"):
            variant = get_by_external_reference(ProductVariant, row["variant_external_reference"], "variantExternalReference")
        else:
            raise problems([("variantId", "REQUIRED", "Give variantId or variantExternalReference.")])
        if row.get("warehouse_id"):
            warehouse = get_node(row["warehouse_id"], "Warehouse", models.Warehouse, "warehouseId")
        elif row.get("warehouse_external_reference"):
            warehouse = get_by_external_reference(models.Warehouse, row["warehouse_external_reference"], "warehouseExternalReference")
        else:
            raise problems([("warehouseId", "REQUIRED", "Give warehouseId or warehouseExternalReference.")])
        if row["quantity"] < 0:
            raise problems([("quantity", "INVALID", "Stock quantity cannot be negative.")])
        return services.StockLevel(variant=variant, warehouse=warehouse, quantity=row["quantity"])

    @classmethod
    def perform_mutation(cls, root, info, stocks, error_policy=None):
        policy = bulk.policy_value(error_policy)
        levels, row_errors = [], []
        for row in stocks:
            try:
                levels.append(cls._resolve(row))
                row_errors.append(None)
            except ValidationError as exc:
                levels.append(None)
                row_errors.append(exc)
        failed = any(row_errors)
        to_write = [] if failed and policy == bulk.REJECT_EVERYTHING else [lv for lv in levels if lv is not None]
        # One locked write for all rows, in the fixed (warehouse, variant) order.
        written = iter(services.set_stock_levels(to_write))
        results = []
        for level, exc in zip(levels, row_errors):
            stock = next(written) if level is not None and to_write else None
            results.append(StockBulkResult(stock=stock, errors=payload_errors(exc, StockBulkUpdateError) if exc else []))
        if failed and policy == bulk.REJECT_EVERYTHING:
            transaction.set_rollback(True)
        return cls(count=len(to_write), results=results, errors=[])


class WarehouseMutations(graphene.ObjectType):
    create_warehouse = WarehouseCreate.Field()


class StockMutations(graphene.ObjectType):
    stock_bulk_update = StockBulkUpdate.Field()
