"""What every catalog write mutation shares: resolving global IDs to rows (a bad or unknown ID
is a payload error with Saleor's code, never a 500), and turning a service's Django
ValidationError — with the attribute/channel/warehouse IDs it names — into payload errors."""
from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from graphene.relay import Node

from commerce.core.validation import flatten

from .errors import PermissionDenied, ValidationError
from .mutations import BaseMutation

# Error fields beyond field/code/message that a Saleor error type may carry.
EXTRA_ERROR_FIELDS = ("attributes", "values", "channels", "warehouses", "variants", "products", "stocks", "channel_listings", "shipping_zones", "lines", "order_lines")


def _pk_ok(model, pk) -> bool:
    field = model._meta.pk
    try:
        if field.get_internal_type() == "UUIDField":
            uuid.UUID(str(pk))
        elif field.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField"):
            int(pk)
    except (TypeError, ValueError):
        return False
    return True


def decode_id(global_id: str, type_name: str | tuple, field: str):
    """(type_name, pk); raises a payload error GRAPHQL_ERROR when the ID is malformed or of
    another type (Saleor's behaviour)."""
    expected = (type_name,) if isinstance(type_name, str) else type_name
    try:
        got, pk = Node.resolve_global_id(None, global_id)
    except Exception:  # noqa: BLE001 - any decoding problem is the caller's bad ID
        got, pk = None, None
    if not got or not pk:
        raise ValidationError([(field, "GRAPHQL_ERROR", f"Couldn't resolve id: {global_id}.")])
    if got not in expected:
        raise ValidationError([(field, "GRAPHQL_ERROR", f"Must receive a {' or '.join(expected)} id, got {got}.")])
    return got, pk


def get_node(global_id: str, type_name: str, model, field: str, queryset=None):
    _, pk = decode_id(global_id, type_name, field)
    obj = None
    if _pk_ok(model, pk):
        obj = (queryset if queryset is not None else model.objects).filter(pk=pk).first()
    if obj is None:
        raise ValidationError([(field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id}")])
    return obj


def get_nodes(global_ids, type_name: str, model, field: str, queryset=None) -> list:
    """All rows in input order; NOT_FOUND naming the first unknown ID otherwise."""
    if not global_ids:
        return []  # building the empty query alone costs more than the rest of a bulk row
    pks = [decode_id(gid, type_name, field)[1] for gid in global_ids or []]
    valid = [pk for pk in pks if _pk_ok(model, pk)]
    found = {str(o.pk): o for o in (queryset if queryset is not None else model.objects).filter(pk__in=valid)}
    missing = [gid for gid, pk in zip(global_ids or [], pks) if str(pk) not in found]
    if missing:
        raise ValidationError([(field, "NOT_FOUND", f"Couldn't resolve to a node: {', '.join(missing)}")])
    return [found[str(pk)] for pk in pks]


def get_by_external_reference(model, ref: str, field: str):
    obj = model.objects.filter(external_reference=ref).first()
    if obj is None:
        raise ValidationError([(field, "NOT_FOUND", f"Couldn't resolve to a node: {ref}")])
    return obj


class Nodes:
    """get_node / get_nodes / get_by_external_reference answered from rows read beforehand.

    A bulk mutation names the same product type, channel or warehouse in every row; asking the
    database once per row made a 50-product batch cost hundreds of queries. `want*` notes what
    the rows refer to, `load` reads it with one query per model, and the getters then raise
    exactly the errors get_node & co. raise (bad IDs are only reported when a row is resolved,
    so a row's first problem stays its reported one). A model never loaded falls back to the
    database, so the same parsing code serves single-object mutations unchanged.
    """

    def __init__(self):
        self._wanted: dict = {}  # model → set of pks
        self._wanted_refs: dict = {}  # model → set of external references
        self._rows: dict = {}  # model → {str(pk): obj}
        self._refs: dict = {}  # model → {external_reference: obj}

    def want(self, global_id, type_name, model) -> None:
        """Note a global ID (one of `type_name`, a name or a dict name → model) to read in `load`."""
        try:
            got, pk = Node.resolve_global_id(None, global_id)
        except Exception:  # noqa: BLE001 - reported when the row is resolved
            return
        if isinstance(type_name, dict):
            model = type_name.get(got)
        elif got != type_name:
            model = None
        if model is not None and pk and _pk_ok(model, pk):
            self._wanted.setdefault(model, set()).add(str(pk))

    def want_ref(self, ref, model) -> None:
        if ref:
            self._wanted_refs.setdefault(model, set()).add(ref)

    def load(self, querysets: dict | None = None) -> "Nodes":
        """One query per model (per model and kind of key); `querysets` may add prefetching."""
        querysets = querysets or {}
        for model, pks in self._wanted.items():
            qs = querysets.get(model, model.objects.all())
            self._rows.setdefault(model, {}).update({str(o.pk): o for o in qs.filter(pk__in=pks)})
        for model, refs in self._wanted_refs.items():
            qs = querysets.get(model, model.objects.all())
            found = {o.external_reference: o for o in qs.filter(external_reference__in=refs)}
            self._refs[model] = found
            self._rows.setdefault(model, {}).update({str(o.pk): o for o in found.values()})
        # A model that was to be read but none of whose IDs exist still answers from the cache.
        for model in self._wanted:
            self._rows.setdefault(model, {})
        return self

    def get_node(self, global_id, type_name, model, field):
        if model not in self._rows:
            return get_node(global_id, type_name, model, field)
        _, pk = decode_id(global_id, type_name, field)
        obj = self._rows[model].get(str(pk))
        if obj is None:
            raise ValidationError([(field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id}")])
        return obj

    def get_nodes(self, global_ids, type_name, model, field) -> list:
        if not global_ids:
            return []
        if model not in self._rows:
            return get_nodes(global_ids, type_name, model, field)
        pks = [decode_id(gid, type_name, field)[1] for gid in global_ids or []]
        missing = [gid for gid, pk in zip(global_ids or [], pks) if str(pk) not in self._rows[model]]
        if missing:
            raise ValidationError([(field, "NOT_FOUND", f"Couldn't resolve to a node: {', '.join(missing)}")])
        return [self._rows[model][str(pk)] for pk in pks]

    def get_by_external_reference(self, model, ref, field):
        if model not in self._refs:
            return get_by_external_reference(model, ref, field)
        obj = self._refs[model].get(ref)
        if obj is None:
            raise ValidationError([(field, "NOT_FOUND", f"Couldn't resolve to a node: {ref}")])
        return obj


# Reads straight from the database: what single-object mutations use.
DIRECT = Nodes()


def make_error(error_type, field, code, message, params=None, field_attr="field"):
    known = {member.name for member in error_type._meta.fields["code"].type.of_type._meta.enum}
    code = (code or "").upper()
    kwargs = {field_attr: field, "code": code if code in known else "INVALID", "message": message}
    for name in EXTRA_ERROR_FIELDS:
        if params and params.get(name) and name in error_type._meta.fields:
            kwargs[name] = list(params[name])
    return error_type(**kwargs)


def errors_of(exc, error_type, field_attr="field") -> list:
    """Payload errors from a core ValidationError or a Django ValidationError."""
    if isinstance(exc, ValidationError):
        return [make_error(error_type, f, c, m, None, field_attr) for f, c, m in exc.errors]
    return [make_error(error_type, f, c, m, p, field_attr) for f, c, m, p in flatten(exc)]


class ModelMutation(BaseMutation):
    """BaseMutation that keeps the IDs a service names in its errors and always answers
    `errors: []` on success."""

    # Bulk payloads' error types name the field `path` instead of `field`.
    error_field_attr = "field"

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **data):
        if not cls.check_permissions(info.context):
            raise PermissionDenied(permissions=cls._meta.permissions)
        error_type = cls._meta.error_type_class
        try:
            with transaction.atomic():
                result = cls.perform_mutation(root, info, **data)
        except (ValidationError, DjangoValidationError) as exc:
            return cls(errors=errors_of(exc, error_type, cls.error_field_attr), **cls.empty_payload())
        except IntegrityError:
            # A concurrent write took a unique value between our check and our insert.
            error = make_error(error_type, None, "UNIQUE", "This value is already in use; try again with another.", None, cls.error_field_attr)
            return cls(errors=[error], **cls.empty_payload())
        if getattr(result, "errors", None) is None:
            result.errors = []
        return result

    @classmethod
    def empty_payload(cls) -> dict:
        """Required list/count fields of a failed bulk payload (they are non-null in Saleor)."""
        out = {}
        for name in ("count",):
            if name in cls._meta.fields:
                out[name] = 0
        for name in ("results", "product_variants"):
            if name in cls._meta.fields:
                out[name] = []
        return out
