"""Types shared by every domain: Money, metadata, the Node base, errors."""

from __future__ import annotations

import re
import uuid

import graphene
from django.core.exceptions import ValidationError as DjangoValidationError
from graphene.types.generic import GenericScalar
from babel.numbers import get_currency_precision
from graphene.relay import Node

from commerce.core.db import BIGINT_MAX

from .errors import SaleorGraphQLError
from .metadata_permissions import require_private_metadata_access

NonNullList = lambda of, **kw: graphene.NonNull(graphene.List(graphene.NonNull(of)), **kw)  # noqa: E731


class Money(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    amount = graphene.Float(required=True, description="Amount of money.")
    fractional_amount = graphene.Int(required=True, description="Amount of money as an integer in the smallest currency unit.")
    fraction_digits = graphene.Int(required=True, description="Number of digits after the decimal point in the currency.")

    class Meta:
        description = "Represents amount of money in specific currency."

    @staticmethod
    def resolve_amount(root, info):
        return float(root.amount)

    @staticmethod
    def resolve_fraction_digits(root, info):
        return get_currency_precision(root.currency)

    @staticmethod
    def resolve_fractional_amount(root, info):
        return int(root.amount * 10 ** get_currency_precision(root.currency))


class TaxedMoney(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    gross = graphene.Field(Money, required=True, description="Amount of money including taxes.")
    net = graphene.Field(Money, required=True, description="Amount of money without taxes.")
    tax = graphene.Field(Money, required=True, description="Amount of taxes.")

    class Meta:
        description = "Represents a monetary value with taxes. In cases where taxes were not applied, net and gross values will be equal."


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney, description="Lower bound of a price range.")
    stop = graphene.Field(TaxedMoney, description="Upper bound of a price range.")

    class Meta:
        description = "Represents a range of monetary values."


class MoneyRange(graphene.ObjectType):
    start = graphene.Field(Money, description="Lower bound of a price range.")
    stop = graphene.Field(Money, description="Upper bound of a price range.")

    class Meta:
        description = "Represents a range of amounts of money."


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(required=True, description="Value of a metadata item.")


class Metadata(GenericScalar):
    """Metadata is a map of key-value pairs, both keys and values are `String`."""

    class Meta:
        name = "Metadata"


def _items(data: dict) -> list[MetadataItem]:
    return [MetadataItem(key=k, value=v) for k, v in (data or {}).items()]


class ObjectWithMetadata(graphene.Interface):
    private_metadata = NonNullList(MetadataItem, description="List of private metadata items. Requires staff permissions to access.")
    private_metafield = graphene.String(key=graphene.String(required=True), description="A single key from private metadata.")
    private_metafields = graphene.Field(Metadata, keys=graphene.List(graphene.NonNull(graphene.String)))
    metadata = NonNullList(MetadataItem, description="List of public metadata items. Can be accessed without permissions.")
    metafield = graphene.String(key=graphene.String(required=True), description="A single key from public metadata.")
    metafields = graphene.Field(Metadata, keys=graphene.List(graphene.NonNull(graphene.String)))

    @staticmethod
    def _private(root, info) -> dict:
        # Per type, as Saleor: a product's needs MANAGE_PRODUCTS, a page's MANAGE_PAGES… —
        # being staff or an app is not enough.
        require_private_metadata_access(info.parent_type.name, root, info.context)
        return root.private_metadata or {}

    @staticmethod
    def resolve_metadata(root, info):
        return _items(root.metadata)

    @staticmethod
    def resolve_metafield(root, info, key):
        return (root.metadata or {}).get(key)

    @staticmethod
    def resolve_metafields(root, info, keys=None):
        data = root.metadata or {}
        return {k: v for k, v in data.items() if keys is None or k in keys}

    @classmethod
    def resolve_private_metadata(cls, root, info):
        return _items(cls._private(root, info))

    @classmethod
    def resolve_private_metafield(cls, root, info, key):
        return cls._private(root, info).get(key)

    @classmethod
    def resolve_private_metafields(cls, root, info, keys=None):
        return {k: v for k, v in cls._private(root, info).items() if keys is None or k in keys}


class ModelObjectType(graphene.ObjectType):
    """A Node backed by a Django model (Meta: model = …)."""

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, model=None, interfaces=(), **options):
        cls._model = model
        if Node not in interfaces:
            interfaces = (Node, *interfaces)
        super().__init_subclass_with_meta__(interfaces=interfaces, **options)
        # A type with its own get_node (transactions: by token) keys its IDs otherwise.
        if model is not None and "get_node" not in cls.__dict__:
            MODEL_OF_TYPE.setdefault(cls._meta.name, model)

    @classmethod
    def is_type_of(cls, root, info):
        return cls._model is not None and isinstance(root, cls._model)

    @classmethod
    def get_node(cls, info, id):
        return cls._model.objects.filter(pk=id).first() if is_valid_pk(id, cls._model) else None


# An integer key within PostgreSQL's bigint: a larger one is no row of ours, and sent to the
# database it is an out-of-range error rather than an empty result.
_INTEGER_KEY = re.compile(r"-?[0-9]{1,19}")
_MAX_KEY = BIGINT_MAX


# GraphQL type name → its Django model (every ModelObjectType registers itself), so an ID's key
# is checked against the key type of the model it names, whichever resolver reads it.
MODEL_OF_TYPE: dict[str, type] = {}


def is_valid_pk(pk, model=None) -> bool:
    """Every key in our IDs is an integer or a UUID (as in Saleor's validate_if_int_or_uuid);
    anything else — `Channel:abc`, `Channel:1.5` — would be a database error in the resolver.
    Given the model, the key must also be of its kind: a UUID for a bigint key, or an integer
    for a UUID key, is a database error too."""
    text = str(pk)
    if _INTEGER_KEY.fullmatch(text):
        if abs(int(text)) > _MAX_KEY:
            return False
    else:
        try:
            uuid.UUID(text)
        except ValueError:
            return False
    if model is not None:
        try:
            model._meta.pk.to_python(text)
        except (ValueError, TypeError, DjangoValidationError):
            return False
    return True


def from_global_id_or_error(global_id: str, only_type: str | type | None = None, raise_error: bool = True):
    """(type_name, pk) from a Relay ID; a bad ID is the caller's error, never a 500."""
    expected = only_type if isinstance(only_type, str) or only_type is None else only_type._meta.name
    try:
        type_name, pk = Node.resolve_global_id(None, global_id)
        if not type_name or not pk or not is_valid_pk(pk, MODEL_OF_TYPE.get(type_name)):
            raise ValueError
    except Exception:  # noqa: BLE001
        if not raise_error:
            return None, None
        raise SaleorGraphQLError(f"Invalid ID: {global_id}. Expected: {expected}." if expected else f"Couldn't resolve id: {global_id}.")
    if expected and type_name != expected:
        if not raise_error:
            return None, None
        raise SaleorGraphQLError(f"Invalid ID: {global_id}. Expected: {expected}, received: {type_name}.")
    return type_name, pk


def to_global_id(type_name: str, pk) -> str:
    return Node.to_global_id(type_name, pk)
