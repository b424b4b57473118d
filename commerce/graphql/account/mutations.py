"""Sign-in, registration and address-book mutations in Saleor's shapes; the logic is in
commerce.account.services and commerce.account.address_book."""

import graphene
from graphene.types.generic import GenericScalar

from commerce.account import address_book, services
from commerce.account.models import Address as AddressModel
from commerce.core.permissions import PermissionEnum as Permission
from commerce.core.validation import problems
from commerce.graphql.channel.utils import get_channel_or_error
from commerce.graphql.checkout.errors import AddressTypeEnum
from commerce.graphql.core.context import has_one_of_permissions
from commerce.graphql.core.enums import LanguageCodeEnum, language_code_value
from commerce.graphql.core.errors import ChannelNotFound, PermissionDenied
from commerce.graphql.core.inputs import MetadataInput
from commerce.graphql.core.model_mutations import get_node
from commerce.graphql.core.mutations import BaseMutation

from .inputs import AddressInput, address_input_data
from .types import Address, User

ACCOUNT_ERROR_CODES = [
    "ACTIVATE_OWN_ACCOUNT",
    "ACTIVATE_SUPERUSER_ACCOUNT",
    "DUPLICATED_INPUT_ITEM",
    "DEACTIVATE_OWN_ACCOUNT",
    "DEACTIVATE_SUPERUSER_ACCOUNT",
    "DELETE_NON_STAFF_USER",
    "DELETE_OWN_ACCOUNT",
    "DELETE_STAFF_ACCOUNT",
    "DELETE_SUPERUSER_ACCOUNT",
    "GRAPHQL_ERROR",
    "INACTIVE",
    "INVALID",
    "INVALID_PASSWORD",
    "LEFT_NOT_MANAGEABLE_PERMISSION",
    "INVALID_CREDENTIALS",
    "NOT_FOUND",
    "OUT_OF_SCOPE_USER",
    "OUT_OF_SCOPE_GROUP",
    "OUT_OF_SCOPE_PERMISSION",
    "PASSWORD_ENTIRELY_NUMERIC",
    "PASSWORD_TOO_COMMON",
    "PASSWORD_TOO_SHORT",
    "PASSWORD_TOO_SIMILAR",
    "PASSWORD_RESET_ALREADY_REQUESTED",
    "REQUIRED",
    "UNIQUE",
    "JWT_SIGNATURE_EXPIRED",
    "JWT_INVALID_TOKEN",
    "JWT_DECODE_ERROR",
    "JWT_MISSING_TOKEN",
    "JWT_INVALID_CSRF_TOKEN",
    "CHANNEL_INACTIVE",
    "MISSING_CHANNEL_SLUG",
    "ACCOUNT_NOT_CONFIRMED",
    "LOGIN_ATTEMPT_DELAYED",
]

AccountErrorCode = graphene.Enum("AccountErrorCode", [(code, code) for code in ACCOUNT_ERROR_CODES])


class AccountError(graphene.ObjectType):
    field = graphene.String(description="Name of a field that caused the error.")
    message = graphene.String(description="The error message.")
    code = graphene.Field(AccountErrorCode, required=True, description="The error code.")


class CreateToken(BaseMutation):
    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(description="JWT refresh token, required to re-generate access token.")
    csrf_token = graphene.String(description="CSRF token required to re-generate access token.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")

    # Each alias of tokenCreate in a document is one more password check: each one counts,
    # and is refused past the limit before any hash is computed.
    rate_limit_name = "tokenCreate"
    # No transaction around a sign-in: it writes only last_login, and the failure count it
    # keeps in the cache (which may be the database's ocop_cache table) must outlive the
    # refusal instead of being rolled back with it.
    atomic = False

    class Meta:
        description = "Create JWT token."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, email, password):
        user, tokens = services.sign_in(email, password)
        # The rest of this response is read as the user who just signed in (user.addresses…).
        info.context.user = user
        return cls(user=user, errors=[], **tokens)


class RefreshToken(BaseMutation):
    token = graphene.String(description="JWT token, required to authenticate.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        refresh_token = graphene.String(description="Refresh token.")
        csrf_token = graphene.String(description="CSRF token required to refresh token (only with a refresh token from a cookie).")

    class Meta:
        description = "Refresh JWT token. Mutation tries to take refreshToken from the input."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, refresh_token=None, csrf_token=None):
        # The refresh token comes in the argument, never from a cookie, so no CSRF check applies.
        user, token = services.refresh_access_token(refresh_token)
        info.context.user = user
        return cls(user=user, token=token, errors=[])


class VerifyToken(BaseMutation):
    user = graphene.Field(User, description="User assigned to token.")
    is_valid = graphene.Boolean(required=True, description="Determine if token is valid or not.")
    payload = GenericScalar(description="JWT payload.")

    class Arguments:
        token = graphene.String(required=True, description="JWT token to validate.")

    class Meta:
        description = "Verify JWT token."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, token):
        user, payload = services.verify_token(token)
        return cls(user=user, is_valid=True, payload=payload, errors=[])

    @classmethod
    def error_payload(cls, errors):
        response = super().error_payload(errors)
        response.is_valid = False  # non-null in Saleor's schema
        return response


class AccountRegisterInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = graphene.InputField(LanguageCodeEnum, description="User language code.")
    email = graphene.String(required=True, description="The email address of the user.")
    password = graphene.String(required=True, description="Password.")
    redirect_url = graphene.String(description="Base of frontend URL that will be needed to create confirmation URL.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="User public metadata.")
    channel = graphene.String(description="Slug of a channel which will be used to notify users.")


class AccountRegister(BaseMutation):
    requires_confirmation = graphene.Boolean(description="Informs whether users need to confirm their email address.")
    user = graphene.Field(User)

    class Arguments:
        input = AccountRegisterInput(required=True, description="Fields required to create a user.")

    # Counted per execution (aliases included) and outside the transaction, as tokenCreate.
    rate_limit_name = "accountRegister"

    class Meta:
        description = "Register a new user."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, input):
        if input.get("channel"):
            try:
                get_channel_or_error(info.context, input["channel"])
            except ChannelNotFound as error:
                raise problems([("channel", "NOT_FOUND", error.message)])
        user = services.register(
            email=input["email"],
            password=input["password"],
            first_name=input.get("first_name") or "",
            last_name=input.get("last_name") or "",
            language_code=language_code_value(input.get("language_code")) or "vi",
            metadata={item["key"]: item["value"] for item in input.get("metadata") or []},
        )
        return cls(user=user, requires_confirmation=False, errors=[])


class RequestPasswordReset(BaseMutation):
    class Arguments:
        channel = graphene.String(
            description="Slug of a channel which will be used for notify user. Optional when only one channel exists."
        )
        email = graphene.String(required=True, description="Email of the user that will be used for password recovery.")
        redirect_url = graphene.String(
            required=True, description="URL of a view where users should be redirected to reset the password. URL in RFC 1808 format."
        )

    class Meta:
        description = "Sends an email with the account password modification link."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, email, redirect_url, channel=None):
        services.request_password_reset(email, redirect_url)
        return cls(errors=[])


class SetPassword(BaseMutation):
    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(description="JWT refresh token, required to re-generate access token.")
    csrf_token = graphene.String(description="CSRF token required to re-generate access token.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")
        token = graphene.String(required=True, description="A one-time token required to set the password.")

    class Meta:
        description = "Sets the user's password from the token sent by email using the RequestPasswordReset mutation."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, email, password, token):
        user, tokens = services.set_password(email, token, password)
        info.context.user = user
        return cls(user=user, errors=[], **tokens)


# --- The signed-in customer's address book (Saleor's account address mutations) --------------


def _signed_in_user(info):
    """The customer calling; anyone else (anonymous, an app) is refused as Saleor does."""
    user = info.context.user
    if not getattr(user, "is_authenticated", False) or info.context.app is not None:
        raise PermissionDenied(permissions=["AUTHENTICATED_USER"])
    return user


def _editable_address(info, address_id):
    """The address behind `id`, when the caller may edit it: its owner, or staff/apps with
    MANAGE_USERS (Saleor's rule for accountAddressUpdate/Delete); PermissionDenied otherwise."""
    user = info.context.user
    if not getattr(user, "is_authenticated", False) and info.context.app is None:
        raise PermissionDenied(permissions=[Permission.MANAGE_USERS, "OWNER"])
    address = get_node(address_id, "Address", AddressModel, "id")
    if not address_book.owns(user, address) and not has_one_of_permissions(info.context, [Permission.MANAGE_USERS]):
        raise PermissionDenied(permissions=[Permission.MANAGE_USERS, "OWNER"])
    return address


def _address_data(input) -> dict:
    data = address_input_data(input)
    # An address book holds deliverable addresses only: no one may skip their validation here.
    if data.pop("skip_validation", False):
        raise PermissionDenied("skipValidation is not available for address book mutations.")
    return data


def _kind(address_type) -> str:
    return str(getattr(address_type, "value", address_type)).lower()


class AccountAddressCreate(BaseMutation):
    user = graphene.Field(User, description="A user instance for which the address was created.")
    address = graphene.Field(Address)

    class Arguments:
        input = AddressInput(required=True, description="Fields required to create address.")
        type = AddressTypeEnum(
            description="A type of address. If provided, the new address will be automatically assigned as the customer's default address of that type."
        )

    class Meta:
        description = "Create a new address for the customer. Requires AUTHENTICATED_USER."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, input, type=None):
        user = _signed_in_user(info)
        address = address_book.create_address(user, _address_data(input), _kind(type) if type else None)
        return cls(user=user, address=address, errors=[])


class AccountAddressUpdate(BaseMutation):
    user = graphene.Field(User, description="A user object for which the address was edited.")
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to update.")
        input = AddressInput(required=True, description="Fields required to update the address.")

    class Meta:
        description = "Updates an address of the logged-in user. Requires one of the following permissions: MANAGE_USERS, IS_OWNER."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        address = _editable_address(info, id)
        address = address_book.update_address(address, _address_data(input))
        return cls(user=address.user_addresses.first(), address=address, errors=[])


class AccountAddressDelete(BaseMutation):
    user = graphene.Field(User, description="A user instance for which the address was deleted.")
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to delete.")

    class Meta:
        description = "Delete an address of the logged-in user. Requires one of the following permissions: MANAGE_USERS, IS_OWNER."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, id):
        address = _editable_address(info, id)
        pk = address.pk
        owner = address_book.delete_address(address)
        address.pk = pk  # the payload still names what was deleted
        return cls(user=owner, address=address, errors=[])


class AccountSetDefaultAddress(BaseMutation):
    user = graphene.Field(User, description="An updated user instance.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to set as default.")
        type = AddressTypeEnum(required=True, description="The type of address.")

    class Meta:
        description = "Sets a default address for the authenticated user. Requires AUTHENTICATED_USER."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root, info, id, type):
        user = _signed_in_user(info)
        address = get_node(id, "Address", AddressModel, "id")
        if not address_book.owns(user, address):
            raise problems([("id", "INVALID", "The address doesn't belong to that user.")])
        address_book.set_default_address(user, address, _kind(type))
        return cls(user=user, errors=[])


class AccountMutations(graphene.ObjectType):
    token_create = CreateToken.Field()
    token_refresh = RefreshToken.Field()
    token_verify = VerifyToken.Field()
    account_register = AccountRegister.Field()
    request_password_reset = RequestPasswordReset.Field()
    set_password = SetPassword.Field()
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
