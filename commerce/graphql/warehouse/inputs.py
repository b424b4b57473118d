import graphene

from commerce.graphql.account.inputs import AddressInput


class WarehouseCreateInput(graphene.InputObjectType):
    slug = graphene.String()
    email = graphene.String()
    external_reference = graphene.String()
    name = graphene.String(required=True)
    address = AddressInput(required=True)


class StockBulkUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID()
    variant_external_reference = graphene.String()
    warehouse_id = graphene.ID()
    warehouse_external_reference = graphene.String()
    quantity = graphene.Int(required=True)


class StockInput(graphene.InputObjectType):
    warehouse = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
