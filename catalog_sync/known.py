"""The sync's memory of the catalog (KnownProduct): which products it has already seen or
written, as they were at a given `updatedAt`.

A run first reads every product's id, code and `updatedAt` (cheap), takes the remembered state
of each product whose `updatedAt` has not moved, and reads only the others in full. A product
written by anyone else has a new `updatedAt`, so a staff edit is always seen; a row lost to a
killed run is simply missing, and that product is read in full next time."""

from __future__ import annotations

from typing import Iterable

from .models import KnownProduct

IN_PROCESS = "in-process"


def catalog_key(client) -> str:
    """Which core the client talks to: the memory of one never stands in for another's."""
    return getattr(client.transport, "url", None) or IN_PROCESS


def remembered(catalog: str) -> dict[str, tuple[str, str, dict, str]]:
    """product ID → (code, name, values, updatedAt)."""
    rows = KnownProduct.objects.filter(catalog=catalog).values_list("product_id", "code", "name", "values", "updated_at")
    return {product_id: (code, name, values, updated_at) for product_id, code, name, values, updated_at in rows}


def remember(catalog: str, products: Iterable) -> None:
    """Store (or replace) what is now known of these products (gateway.CatalogProduct)."""
    rows = [
        KnownProduct(catalog=catalog, product_id=p.id, code=p.code, name=p.name, values=p.values, updated_at=p.updated_at)
        for p in products
        if p.updated_at
    ]
    if rows:
        KnownProduct.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["catalog", "product_id"],
            update_fields=["code", "name", "values", "updated_at"],
        )


def forget_all_but(catalog: str, present_ids: set[str], known_ids: Iterable[str]) -> None:
    """Drop the memory of products that are no longer in the catalog."""
    gone = [product_id for product_id in known_ids if product_id not in present_ids]
    if gone:
        KnownProduct.objects.filter(catalog=catalog, product_id__in=gone).delete()


def forget(catalog: str) -> int:
    """Forget everything about one catalog: the next run reads every product in full."""
    return KnownProduct.objects.filter(catalog=catalog).delete()[0]
