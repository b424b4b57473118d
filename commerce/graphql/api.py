"""The core's GraphQL schema: Saleor 3.23's names and shapes, one module per domain."""
import graphene

from .channel.schema import ChannelQueries
from .product.schema import ProductQueries
from .shop.schema import ShopQueries


class Query(ShopQueries, ChannelQueries, ProductQueries, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query)
