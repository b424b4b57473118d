"""What write mutations share: resolving global IDs to rows — a bad or unknown ID is a payload
error with Saleor's code, never a 500."""

from __future__ import annotations

import uuid

from graphene.relay import Node

from commerce.core.validation import problems


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
        raise problems([(field, "GRAPHQL_ERROR", f"Couldn't resolve id: {global_id}.")])
    if got not in expected:
        raise problems([(field, "GRAPHQL_ERROR", f"Must receive a {' or '.join(expected)} id, got {got}.")])
    return got, pk


def get_node(global_id: str, type_name: str, model, field: str, queryset=None):
    _, pk = decode_id(global_id, type_name, field)
    obj = None
    if _pk_ok(model, pk):
        obj = (queryset if queryset is not None else model.objects).filter(pk=pk).first()
    if obj is None:
        raise problems([(field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id}")])
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
        raise problems([(field, "NOT_FOUND", f"Couldn't resolve to a node: {', '.join(missing)}")])
    return [found[str(pk)] for pk in pks]


def get_by_external_reference(model, ref: str, field: str):
    obj = model.objects.filter(external_reference=ref).first()
    if obj is None:
        raise problems([(field, "NOT_FOUND", f"Couldn't resolve to a node: {ref}")])
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
            raise problems([(field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id}")])
        return obj

    def get_nodes(self, global_ids, type_name, model, field) -> list:
        if not global_ids:
            return []
        if model not in self._rows:
            return get_nodes(global_ids, type_name, model, field)
        pks = [decode_id(gid, type_name, field)[1] for gid in global_ids or []]
        missing = [gid for gid, pk in zip(global_ids or [], pks) if str(pk) not in self._rows[model]]
        if missing:
            raise problems([(field, "NOT_FOUND", f"Couldn't resolve to a node: {', '.join(missing)}")])
        return [self._rows[model][str(pk)] for pk in pks]

    def get_by_external_reference(self, model, ref, field):
        if model not in self._refs:
            return get_by_external_reference(model, ref, field)
        obj = self._refs[model].get(ref)
        if obj is None:
            raise problems([(field, "NOT_FOUND", f"Couldn't resolve to a node: {ref}")])
        return obj


# Reads straight from the database: what single-object mutations use.
DIRECT = Nodes()
