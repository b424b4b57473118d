"""The core's GraphQL schema: Saleor 3.23's names and shapes, one module per domain."""

import graphene

from .account.mutations import AccountMutations
from .account.schema import AccountQueries
from .attribute.mutations import AttributeMutations
from .attribute.schema import AttributeQueries
from .channel.mutations import ChannelMutations
from .checkout.mutations import CheckoutMutations
from .checkout.schema import CheckoutQueries
from .order.mutations import OrderMutations
from .order.schema import OrderQueries
from .channel.schema import ChannelQueries
from .page.mutations import PageMutations
from .page.schema import PageQueries
from .payment.mutations import PaymentMutations
from .payment.schema import PaymentQueries
from .product.mutations import ProductMutations
from .product.schema import ProductQueries
from .shop.schema import ShopQueries
from .warehouse.mutations import StockMutations, WarehouseMutations
from .warehouse.schema import WarehouseQueries


class Query(
    ShopQueries,
    ChannelQueries,
    ProductQueries,
    AttributeQueries,
    PageQueries,
    WarehouseQueries,
    AccountQueries,
    CheckoutQueries,
    OrderQueries,
    PaymentQueries,
    graphene.ObjectType,
):
    pass


class Mutation(
    AccountMutations,
    ChannelMutations,
    WarehouseMutations,
    StockMutations,
    AttributeMutations,
    PageMutations,
    ProductMutations,
    PaymentMutations,
    CheckoutMutations,
    OrderMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
