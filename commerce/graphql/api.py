"""The core's GraphQL schema: Saleor 3.23's names and shapes, one module per domain."""
import graphene

from .account.mutations import AccountMutations
from .account.schema import AccountQueries
from .attribute.schema import AttributeQueries
from .channel.schema import ChannelQueries
from .page.schema import PageQueries
from .shop.schema import ShopQueries
from .warehouse.schema import WarehouseQueries


class Query(ShopQueries, ChannelQueries, AttributeQueries, PageQueries, WarehouseQueries, AccountQueries, graphene.ObjectType):
    pass


class Mutation(AccountMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
