"""ASCII slugs from Vietnamese names, unique within a queryset."""

from __future__ import annotations

import unicodedata

from django.utils.text import slugify


def vn_slugify(text: str) -> str:
    """'Muối ớt Tây Ninh' → 'muoi-ot-tay-ninh'.

    'đ' has no Unicode decomposition, so NFKD alone would drop it; it is mapped first.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return slugify(text, allow_unicode=False)


def unique_slug(text: str, queryset, *, max_length: int = 255, slug_field: str = "slug", exclude_pk=None) -> str:
    """The slug of `text`, suffixed -2, -3… until no row of `queryset` has it.

    One query: every taken slug with this stem is read at once, so a catalog with many
    "banh-trang" products does not cost a query per attempt.
    """
    base = slug_stem(text, max_length)
    taken_qs = queryset.filter(**{f"{slug_field}__startswith": base})
    if exclude_pk is not None:
        taken_qs = taken_qs.exclude(pk=exclude_pk)
    return free_slug(base, set(taken_qs.values_list(slug_field, flat=True)))


def slug_stem(text: str, max_length: int = 255) -> str:
    """What unique_slug suffixes: room is left for "-NNNNNNN"."""
    return vn_slugify(text)[: max_length - 8].strip("-") or "item"


def free_slug(base: str, taken) -> str:
    """`base`, or `base-2`, `base-3`… — the first not in `taken` (a set the caller keeps, so a
    batch can hand out slugs for many rows after reading the taken ones once)."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
