import graphene
from django.contrib.auth.models import Permission

from commerce.account import models
from commerce.core.permissions import PermissionEnum as PermissionValues
from commerce.graphql.channel.types import CountryDisplay, country_display
from commerce.graphql.core.connection import connection_args
from commerce.graphql.core.context import has_one_of_permissions
from commerce.graphql.core.dataloaders import then
from commerce.graphql.core.enums import LanguageCodeEnum, PermissionEnum
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.types import ModelObjectType, NonNullList, ObjectWithMetadata

from .dataloaders import AddressByIdLoader, AddressesByUserIdLoader


def _order_connection():
    from commerce.graphql.order.schema import OrderCountableConnection

    return OrderCountableConnection


LANGUAGE_CODES = {member.value for member in LanguageCodeEnum._meta.enum}


class Address(ModelObjectType):
    first_name = graphene.String(required=True, description="The given name of the address.")
    last_name = graphene.String(required=True, description="The family name of the address.")
    company_name = graphene.String(required=True, description="Company or organization name.")
    street_address1 = graphene.String(required=True, description="The first line of the address.")
    street_address2 = graphene.String(required=True, description="The second line of the address.")
    city = graphene.String(required=True, description="The ward or commune (Vietnam after 2025).")
    city_area = graphene.String(required=True, description="The pre-2025 district, when known.")
    postal_code = graphene.String(required=True, description="Postal code.")
    country = graphene.Field(CountryDisplay, required=True, description="Country.")
    country_area = graphene.String(required=True, description="The province.")
    phone = graphene.String(description="Phone number.")
    is_default_shipping_address = graphene.Boolean(description="Address is user's default shipping address.")
    is_default_billing_address = graphene.Boolean(description="Address is user's default billing address.")

    class Meta:
        description = "Represents user address data."
        model = models.Address
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_street_address1(root, info):
        return root.street_address_1

    @staticmethod
    def resolve_street_address2(root, info):
        return root.street_address_2

    @staticmethod
    def resolve_country(root, info):
        return country_display(root.country)

    # The flags are known only when the address is reached through its user (User.addresses
    # sets them); elsewhere they are null, as in Saleor.
    @staticmethod
    def resolve_is_default_shipping_address(root, info):
        return getattr(root, "_is_default_shipping", None)

    @staticmethod
    def resolve_is_default_billing_address(root, info):
        return getattr(root, "_is_default_billing", None)


class UserPermission(graphene.ObjectType):
    code = graphene.Field(PermissionEnum, required=True, description="Internal code for permission.")
    name = graphene.String(required=True, description="Describe action(s) allowed to do by permission.")

    class Meta:
        description = "Represents user's permissions."


def permissions_of(user) -> list[UserPermission]:
    """The Saleor permissions a user holds (directly or through groups; all for superusers)."""
    if user.is_superuser:
        held = list(PermissionValues)
    else:
        held = [p for p in PermissionValues if p.value in user.get_all_permissions()]
    if not held:
        return []
    names = {
        (perm.content_type.app_label, perm.codename): perm.name
        for perm in Permission.objects.filter(codename__in=[p.codename for p in held]).select_related("content_type")
    }
    return [UserPermission(code=p.name, name=names.get((p.app_label, p.codename), p.name)) for p in held]


def _is_owner_or_user_manager(info, user) -> bool:
    me = info.context.user
    if getattr(me, "is_authenticated", False) and me.pk == user.pk:
        return True
    return has_one_of_permissions(info.context, [PermissionValues.MANAGE_USERS, PermissionValues.MANAGE_STAFF])


class User(ModelObjectType):
    email = graphene.String(required=True, description="The email address of the user.")
    first_name = graphene.String(required=True, description="The given name of the user.")
    last_name = graphene.String(required=True, description="The family name of the user.")
    is_staff = graphene.Boolean(required=True, description="Determine if the user is a staff admin.")
    is_active = graphene.Boolean(required=True, description="Determine if the user is active.")
    is_confirmed = graphene.Boolean(required=True, description="Determines if user has confirmed email.")
    addresses = NonNullList(Address, description="List of all user's addresses.")
    note = graphene.String(description="A note about the customer. Requires one of the following permissions: MANAGE_USERS, MANAGE_STAFF.")
    user_permissions = graphene.List(graphene.NonNull(UserPermission), description="List of user's permissions.")
    language_code = graphene.Field(LanguageCodeEnum, required=True, description="User language code.")
    default_shipping_address = graphene.Field(Address, description="The default shipping address of the user.")
    default_billing_address = graphene.Field(Address, description="The default billing address of the user.")
    external_reference = graphene.String(description="External ID of this user.")
    last_login = graphene.DateTime(description="The date when the user last time log in to the system.")
    date_joined = graphene.DateTime(required=True, description="The data when the user create account.")
    updated_at = graphene.DateTime(required=True, description="The data when the user last update the account information.")
    orders = graphene.Field(
        lambda: _order_connection(),
        description="List of user's orders. Requires one of the following permissions: MANAGE_STAFF, OWNER.",
        **connection_args(),
    )

    class Meta:
        description = "Represents user data."
        model = models.User
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_orders(root, info, **args):
        from commerce.graphql.order.schema import orders_connection
        from commerce.order.models import Order, OrderStatus

        me = info.context.user
        is_owner = getattr(me, "is_authenticated", False) and me.pk == root.pk
        if not is_owner and not has_one_of_permissions(info.context, [PermissionValues.MANAGE_ORDERS]):
            raise PermissionDenied(permissions=[PermissionValues.MANAGE_ORDERS])
        orders = Order.objects.filter(user=root).exclude(status=OrderStatus.DRAFT)
        return orders_connection(orders, info, args, name="orders")

    @staticmethod
    def resolve_addresses(root, info):
        if not _is_owner_or_user_manager(info, root):
            raise PermissionDenied(permissions=[PermissionValues.MANAGE_USERS, PermissionValues.MANAGE_STAFF])

        def flag(addresses):
            for address in addresses:
                address._is_default_shipping = address.pk == root.default_shipping_address_id
                address._is_default_billing = address.pk == root.default_billing_address_id
            return addresses

        return then(AddressesByUserIdLoader(info.context).load(root.pk), flag)

    @staticmethod
    def resolve_note(root, info):
        if not has_one_of_permissions(info.context, [PermissionValues.MANAGE_USERS, PermissionValues.MANAGE_STAFF]):
            raise PermissionDenied(permissions=[PermissionValues.MANAGE_USERS, PermissionValues.MANAGE_STAFF])
        return root.note

    @staticmethod
    def resolve_user_permissions(root, info):
        if not _is_owner_or_user_manager(info, root):
            raise PermissionDenied(permissions=[PermissionValues.MANAGE_USERS, PermissionValues.MANAGE_STAFF])
        return permissions_of(root)

    @staticmethod
    def resolve_language_code(root, info):
        code = (root.language_code or "").lower().replace("_", "-")
        return code if code in LANGUAGE_CODES else code.split("-")[0] if code.split("-")[0] in LANGUAGE_CODES else "vi"

    @staticmethod
    def resolve_default_shipping_address(root, info):
        return AddressByIdLoader(info.context).load(root.default_shipping_address_id) if root.default_shipping_address_id else None

    @staticmethod
    def resolve_default_billing_address(root, info):
        return AddressByIdLoader(info.context).load(root.default_billing_address_id) if root.default_billing_address_id else None
