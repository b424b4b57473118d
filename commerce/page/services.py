"""Page types and pages; OCOP producers are pages of type `ocop-producer`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commerce.attribute.services import (
    AttributeAssignment,
    assign_page_type_attributes,
    save_page_attributes,
    validate_assignments,
)
from commerce.core.slugs import unique_slug, vn_slugify
from commerce.core.validation import ErrorCollector

from .models import Page, PageType


def _check_slug(model, slug: str | None, errors: ErrorCollector, what: str, exclude_pk=None) -> None:
    if slug is None:
        return
    if not slug or vn_slugify(slug) != slug:
        errors.add("slug", "INVALID", f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens.")
    elif model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        errors.add("slug", "UNIQUE", f"A {what} with slug '{slug}' already exists.")


@transaction.atomic
def create_page_type(*, name: str, slug: str | None = None, attributes=()) -> PageType:
    errors = ErrorCollector()
    if not (name or "").strip():
        errors.add("name", "REQUIRED", "The page type needs a name.")
    _check_slug(PageType, slug, errors, "page type")
    errors.raise_if_any()
    page_type = PageType.objects.create(name=name.strip(), slug=slug or unique_slug(name, PageType.objects.all()))
    assign_page_type_attributes(page_type, list(attributes))
    return page_type


@transaction.atomic
def create_page(
    *,
    page_type: PageType,
    title: str,
    slug: str | None = None,
    content: dict | None = None,
    is_published: bool = False,
    published_at=None,
    seo_title: str | None = None,
    seo_description: str | None = None,
    attributes: list[AttributeAssignment] = (),
) -> Page:
    errors = ErrorCollector()
    if not (title or "").strip():
        errors.add("title", "REQUIRED", "The page needs a title.")
    _check_slug(Page, slug, errors, "page")
    try:
        validate_assignments(list(attributes), list(page_type.page_attributes.all()), require_all=True)
    except ValidationError as exc:  # merged so every problem is reported at once
        errors.extend(exc)
    errors.raise_if_any()
    if is_published and published_at is None:
        published_at = timezone.now()
    page = Page.objects.create(
        page_type=page_type,
        title=title.strip(),
        slug=slug or unique_slug(title, Page.objects.all()),
        content=content,
        is_published=is_published,
        published_at=published_at,
        seo_title=seo_title,
        seo_description=seo_description,
    )
    save_page_attributes(page, list(attributes), new=True)
    return page
