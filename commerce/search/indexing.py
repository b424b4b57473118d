"""Keeps Product.search_document / search_vector / search_name current.

Writes only mark products dirty (cheap, inside the writer's transaction); the rebuild runs in
batches from a Celery task, as Saleor's `update_products_search_vector_task` does, so a bulk
import never waits for indexing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from django.db import connection, transaction

from commerce.attribute.models import AssignedProductAttributeValue, AssignedVariantAttributeValue
from commerce.product.models import Product, ProductVariant

from .normalize import normalize_text

BATCH_SIZE = 500


def mark_products_dirty(product_ids: Iterable[int]) -> int:
    ids = list(product_ids)
    if not ids:
        return 0
    return Product.objects.filter(pk__in=ids).update(search_index_dirty=True)


def _value_texts(value) -> list[str]:
    """What a shopper could type for one attribute value: its name, text, number, page title."""
    texts = [value.name]
    if value.plain_text:
        texts.append(value.plain_text)
    if value.numeric is not None:
        texts.append(f"{value.numeric:g}")
    if value.reference_page_id and value.reference_page is not None:
        texts.append(value.reference_page.title)
    if value.reference_product_id and value.reference_product is not None:
        texts.append(value.reference_product.name)
    return texts


def build_documents(product_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """(name, sku/attributes/producer, description) texts per product, already normalised.

    Four queries for the whole batch whatever its size.
    """
    products = list(Product.objects.filter(pk__in=product_ids).only("pk", "name", "description_plaintext"))
    secondary: dict[int, list[str]] = defaultdict(list)
    for variant in ProductVariant.objects.filter(product_id__in=product_ids).only("product_id", "sku", "name"):
        secondary[variant.product_id] += [variant.sku or "", variant.name or ""]
    assigned = AssignedProductAttributeValue.objects.filter(product_id__in=product_ids).select_related(
        "value", "value__reference_page", "value__reference_product"
    )
    for row in assigned:
        secondary[row.product_id] += _value_texts(row.value)
    variant_values = AssignedVariantAttributeValue.objects.filter(assignment__variant__product_id__in=product_ids).select_related(
        "value", "value__reference_page", "value__reference_product", "assignment__variant"
    )
    for row in variant_values:
        secondary[row.assignment.variant.product_id] += _value_texts(row.value)
    return {
        p.pk: (
            normalize_text(p.name),
            normalize_text(" ".join(t for t in secondary.get(p.pk, []) if t)),
            normalize_text(p.description_plaintext),
        )
        for p in products
    }


_UPDATE_SQL = """
UPDATE {table} AS p
SET search_document = v.name || ' ' || v.secondary || ' ' || v.description,
    search_name = v.name,
    search_vector = setweight(to_tsvector('simple', v.name), 'A')
                 || setweight(to_tsvector('simple', v.secondary), 'B')
                 || setweight(to_tsvector('simple', v.description), 'C'),
    search_index_dirty = false
FROM (VALUES {rows}) AS v(id, name, secondary, description)
WHERE p.id = v.id
"""


def _write(documents: dict[int, tuple[str, str, str]]) -> None:
    if not documents:
        return
    rows = ", ".join(["(%s::bigint, %s::text, %s::text, %s::text)"] * len(documents))
    params = [item for pk, texts in documents.items() for item in (pk, *texts)]
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE_SQL.format(table=Product._meta.db_table, rows=rows), params)


def index_batch(product_ids: list[int]) -> int:
    with transaction.atomic():
        documents = build_documents(product_ids)
        _write(documents)
    return len(documents)


def update_products_search_index(product_ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Rebuild the given products, or every dirty one; returns how many were indexed."""
    if product_ids is not None:
        ids = list(product_ids)
        total = 0
        for start in range(0, len(ids), batch_size):
            total += index_batch(ids[start : start + batch_size])
        return total
    total = 0
    while True:
        ids = list(Product.objects.filter(search_index_dirty=True).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return total
        total += index_batch(ids)


def index_dirty_batch(batch_size: int = BATCH_SIZE) -> tuple[int, bool]:
    """One batch of dirty products; (indexed, more remain)."""
    ids = list(Product.objects.filter(search_index_dirty=True).order_by("pk").values_list("pk", flat=True)[: batch_size + 1])
    more = len(ids) > batch_size
    return index_batch(ids[:batch_size]), more
