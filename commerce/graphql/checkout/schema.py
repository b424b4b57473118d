import uuid

import graphene

from commerce.checkout.models import Checkout as CheckoutModel
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.types import from_global_id_or_error

from .base import CHECKOUT_ACCESS_PERMISSIONS, can_use_checkout
from .types import Checkout


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
        # The token is the key to an anonymous checkout; a customer's checkout is theirs (or
        # staff's and apps' with CHECKOUT_ACCESS_PERMISSIONS) — the rule every mutation applies.
        if can_use_checkout(info.context, checkout):
            return checkout
        raise PermissionDenied(permissions=CHECKOUT_ACCESS_PERMISSIONS)
