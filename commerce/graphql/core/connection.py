"""Relay connections with keyset (cursor) pagination, as Saleor paginates.

A cursor is the base64 of a JSON list of the row's sort-key values, so a page is fetched with a
WHERE on those keys — constant time at any depth, and stable while rows are added.
"""

from __future__ import annotations

import base64
import decimal
import json
import math
from dataclasses import dataclass
from typing import Any, Callable

import graphene
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from graphene.relay import PageInfo

from commerce.core.db import BIGINT_MAX

from .errors import SaleorGraphQLError

MAX_PAGE_SIZE = 100


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(description="A total count of items in the collection.")

    @staticmethod
    def resolve_total_count(root, info):
        return root.count_fn() if getattr(root, "count_fn", None) else None


def countable_connection(node_type) -> type[CountableConnection]:
    """`<Node>CountableConnection` with `<Node>CountableEdge`, non-null as in Saleor."""
    name = f"{node_type._meta.name}CountableConnection"
    meta = type("Meta", (), {"node": node_type, "strict_types": True, "name": name})
    return type(name, (CountableConnection,), {"Meta": meta})


def connection_args() -> dict:
    return {
        "before": graphene.String(description="Return the elements in the list that come before the specified cursor."),
        "after": graphene.String(description="Return the elements in the list that come after the specified cursor."),
        "first": graphene.Int(
            description="Retrieve the first n elements from the list. Note that the system only allows fetching a maximum of 100 objects in a single query."
        ),
        "last": graphene.Int(
            description="Retrieve the last n elements from the list. Note that the system only allows fetching a maximum of 100 objects in a single query."
        ),
    }


def encode_cursor(values: list) -> str:
    return base64.b64encode(json.dumps([None if v is None else str(v) for v in values]).encode()).decode()


INVALID_CURSOR = "Received cursor is invalid."


def decode_cursor(cursor: str, expected_length: int) -> list:
    try:
        values = json.loads(base64.b64decode(cursor.encode(), validate=True).decode())
    except Exception:  # noqa: BLE001 - any garbage is the caller's error
        raise SaleorGraphQLError(INVALID_CURSOR)
    if not isinstance(values, list) or len(values) != expected_length:
        raise SaleorGraphQLError(INVALID_CURSOR)
    return values


def _sort_field(queryset: QuerySet, name: str):
    """The model field (or annotation's output field) a sort key reads, or None if unknown."""
    try:
        annotation = queryset.query.annotations.get(name)
        if annotation is not None:
            return annotation.output_field
        model, field = queryset.model, None
        for part in name.split("__"):
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
            model = field.related_model
        return field
    except (FieldDoesNotExist, FieldError, AttributeError):
        return None


def cursor_values(queryset: QuerySet, sort_keys: list[SortKey], cursor: str) -> list:
    """The cursor's values as the sort keys' Python types. A cursor is text anyone can edit:
    `["abc"]` where the key is an order number, a NUL character, or a NaN price would each be
    a database error in the keyset WHERE, so every value must be one the column could hold
    (we only ever write strings or nulls, see encode_cursor)."""
    converted = []
    for key, value in zip(sort_keys, decode_cursor(cursor, len(sort_keys))):
        if value is None:
            converted.append(None)
            continue
        if not isinstance(value, str) or "\x00" in value:
            raise SaleorGraphQLError(INVALID_CURSOR)
        field = _sort_field(queryset, key.field)
        if field is None:
            converted.append(value)
            continue
        try:
            python_value = field.to_python(value)
        except (DjangoValidationError, ValueError, TypeError, ArithmeticError):
            raise SaleorGraphQLError(INVALID_CURSOR)
        if not _storable(python_value):
            raise SaleorGraphQLError(INVALID_CURSOR)
        converted.append(python_value)
    return converted


def _storable(value) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return abs(value) <= BIGINT_MAX
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, decimal.Decimal):
        return value.is_finite() and abs(value.adjusted()) <= 1000
    return True


@dataclass
class SortKey:
    """One ordering column: a model field or annotation name, and whether it descends."""

    field: str
    descending: bool = False


def _keyset_condition(keys: list[SortKey], values: list, after: bool) -> Q:
    """Rows strictly after (or before) `values` in the ordering given by `keys`:
    (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … — with the comparison flipped for descending keys.

    The OR alone hides the range from PostgreSQL, which then sorts the whole table for every
    page; the redundant `k1 >= v1` in front lets it walk the sort index from the cursor on."""
    condition = Q()
    for index, key in enumerate(keys):
        ascending_step = not key.descending if after else key.descending
        op = "gt" if ascending_step else "lt"
        equal_prefix = Q(**{k.field: values[i] for i, k in enumerate(keys[:index])})
        if values[index] is None:
            # PostgreSQL sorts NULL after every value (ASC NULLS LAST, DESC NULLS FIRST): no
            # row is greater than a NULL key, every non-NULL one is smaller. (`key > None` is
            # not a query Django can build: it raised, a 500 for any cursor holding a null.)
            step = Q(pk__in=[]) if op == "gt" else Q(**{f"{key.field}__isnull": False})
        else:
            step = Q(**{f"{key.field}__{op}": values[index]})
        condition |= equal_prefix & step
    first = keys[0]
    if values and values[0] is not None:
        ascending_step = not first.descending if after else first.descending
        condition = Q(**{f"{first.field}__{'gte' if ascending_step else 'lte'}": values[0]}) & condition
    return condition


def validate_pagination(args: dict, connection_name: str) -> None:
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise SaleorGraphQLError(f"You must provide a `first` or `last` value to properly paginate the `{connection_name}` connection.")
    if first is not None and last is not None:
        raise SaleorGraphQLError(f"Passing both `first` and `last` to paginate the `{connection_name}` connection is not supported.")
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise SaleorGraphQLError(f"Argument `{name}` on connection `{connection_name}` cannot be less than zero.")
        if value is not None and value > MAX_PAGE_SIZE:
            raise SaleorGraphQLError(
                f"Requesting {value} records on the `{connection_name}` connection exceeds the `{name}` limit of {MAX_PAGE_SIZE} records."
            )


def create_connection_slice(
    queryset: QuerySet,
    args: dict,
    connection_type,
    sort_keys: list[SortKey],
    connection_name: str,
    node_fn: Callable[[Any], Any] | None = None,
):
    """Fetch one page of `queryset` ordered by `sort_keys` (the last key must be unique)."""
    validate_pagination(args, connection_name)
    first, last = args.get("first"), args.get("last")
    after, before = args.get("after"), args.get("before")
    backwards = last is not None
    ordering_keys = [SortKey(k.field, k.descending != backwards) for k in sort_keys]
    page = queryset.order_by(*[f"-{k.field}" if k.descending else k.field for k in ordering_keys])
    if after:
        page = page.filter(_keyset_condition(sort_keys, cursor_values(queryset, sort_keys, after), after=True))
    if before:
        page = page.filter(_keyset_condition(sort_keys, cursor_values(queryset, sort_keys, before), after=False))
    limit = first if first is not None else last
    rows = list(page[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    if backwards:
        rows.reverse()

    def cursor_of(row) -> str:
        return encode_cursor([_value(row, key.field) for key in sort_keys])

    edge_type = connection_type.Edge
    edges = [edge_type(node=node_fn(row) if node_fn else row, cursor=cursor_of(row)) for row in rows]
    page_info = PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=has_more if backwards else bool(after),
        has_next_page=bool(before) if backwards else has_more,
    )
    connection = connection_type(edges=edges, page_info=page_info)
    count_queryset = queryset.order_by()
    connection.count_fn = count_queryset.count
    return connection


def _value(row, field: str):
    value = row
    for part in field.split("__"):
        value = getattr(value, part if part != "pk" else "pk")
        if value is None:
            return None
    return value
