import graphene

from commerce.core.permissions import PermissionEnum
from commerce.graphql.core.permissions import permission_required
from commerce.graphql.core.types import from_global_id_or_error

from .types import TransactionItem


class PaymentQueries(graphene.ObjectType):
    transaction = graphene.Field(
        TransactionItem,
        id=graphene.Argument(graphene.ID, description="ID of a transaction."),
        token=graphene.Argument(graphene.UUID, description="Token of a transaction."),
        description="Look up a transaction by ID or token. Requires the HANDLE_PAYMENTS permission.",
    )

    @staticmethod
    @permission_required(PermissionEnum.HANDLE_PAYMENTS)
    def resolve_transaction(root, info, id=None, token=None):
        if id is not None:
            _, token = from_global_id_or_error(id, "TransactionItem")
        if token is None:
            return None
        return TransactionItem.get_node(info, token)
