import graphene

from .types import User


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="Return the currently authenticated user.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if getattr(user, "is_authenticated", False) else None
