import uuid

import graphene

from commerce.checkout.models import Checkout as CheckoutModel
from commerce.core.permissions import PermissionEnum
from commerce.graphql.core.context import has_one_of_permissions
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.types import from_global_id_or_error

from .types import Checkout

# Saleor: staff and apps see any checkout with one of these.
CHECKOUT_READ_PERMISSIONS = (PermissionEnum.MANAGE_CHECKOUTS, PermissionEnum.HANDLE_PAYMENTS, PermissionEnum.IMPERSONATE_USER)


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        id=graphene.Argument(graphene.ID, description="The checkout's ID."),
        token=graphene.Argument(graphene.UUID, description="The checkout's token.", deprecation_reason="Use `id` instead."),
        description="Look up a checkout by id.",
    )

    @staticmethod
    def resolve_checkout(root, info, id=None, token=None):
        if id:
            _, pk = from_global_id_or_error(id, "Checkout")
            try:
                token = uuid.UUID(str(pk))
            except ValueError:
                return None
        if not token:
            return None
        checkout = CheckoutModel.objects.select_related("channel", "user").filter(pk=token).first()
        if checkout is None:
            return None
        # Saleor: the token is the key for anonymous checkouts; a customer's checkout is theirs
        # (or staff's/apps' with the permissions above).
        if checkout.channel.is_active:
            if checkout.user_id is None:
                return checkout
            user = info.context.user
            if getattr(user, "is_authenticated", False) and user.pk == checkout.user_id:
                return checkout
        if has_one_of_permissions(info.context, CHECKOUT_READ_PERMISSIONS):
            return checkout
        raise PermissionDenied(permissions=CHECKOUT_READ_PERMISSIONS)
