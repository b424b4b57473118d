"""Resized copies of product media and category/collection backgrounds, made on first request.

GraphQL hands out `/thumbnail/<global id>/<size>/[<format>/]`; the first GET resizes the image
with Pillow, stores it as a Thumbnail and redirects to the stored file; later GETs only look it
up. Resolvers that already know the stored Thumbnail link its file directly (Saleor's scheme).
"""

from __future__ import annotations

import io
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from graphene.relay import Node
from PIL import Image, features

from .models import Category, Collection, ProductMedia, Thumbnail

THUMBNAIL_SIZES = (32, 64, 128, 256, 512, 1024, 2048, 4096)
FORMATS = {"webp": "WEBP", "avif": "AVIF"}
# A thumbnail of one image at one size never changes: a new image gets a new id or new file.
CACHE_SECONDS = 365 * 24 * 3600

# Global-id type → (model, image field, Thumbnail foreign key).
SOURCES = {
    "ProductMedia": (ProductMedia, "image", "product_media"),
    "Category": (Category, "background_image", "category"),
    "Collection": (Collection, "background_image", "collection"),
}


def closest_size(size: int) -> int:
    """The smallest standard size not below `size` (the largest for anything bigger)."""
    for candidate in THUMBNAIL_SIZES:
        if candidate >= size:
            return candidate
    return THUMBNAIL_SIZES[-1]


def format_key(graphql_format) -> str | None:
    """ThumbnailFormatEnum → stored format (None keeps the original format)."""
    name = getattr(graphql_format, "name", graphql_format)
    name = (name or "ORIGINAL").lower()
    return None if name == "original" else name


def thumbnail_path(type_name: str, pk, size: int, fmt: str | None) -> str:
    instance_id = Node.to_global_id(type_name, pk)
    kwargs = {"instance_id": instance_id, "size": closest_size(size)}
    if fmt:
        kwargs["format"] = fmt
        return reverse("thumbnail-format", kwargs=kwargs)
    return reverse("thumbnail", kwargs=kwargs)


def absolute_url(request, path: str) -> str:
    """Absolute URL for clients on other hosts; in-process calls without a request fall back to
    PUBLIC_URL when configured."""
    if path.startswith(("http://", "https://")):
        return path
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(path)
    base = getattr(settings, "PUBLIC_URL", "") or ""
    return base.rstrip("/") + path


def _resize(source, size: int, fmt: str | None) -> tuple[bytes, str]:
    with Image.open(source) as image:
        original_format = image.format or "PNG"
        image.thumbnail((size, size), Image.Resampling.LANCZOS)
        target = FORMATS.get(fmt, original_format) if fmt else original_format
        if target == "AVIF" and not features.check("avif"):
            target = "WEBP"
        if target in ("JPEG",) and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format=target, **({"quality": 82} if target in ("WEBP", "JPEG", "AVIF") else {}))
    extension = {"JPEG": "jpg"}.get(target, target.lower())
    return buffer.getvalue(), extension


def get_or_create_thumbnail(type_name: str, pk, size: int, fmt: str | None) -> Thumbnail | None:
    model, image_field, fk = SOURCES[type_name]
    existing = Thumbnail.objects.filter(**{f"{fk}_id": pk, "size": size, "format": fmt}).first()
    if existing is not None:
        return existing
    instance = model.objects.filter(pk=pk).first()
    image = getattr(instance, image_field, None) if instance is not None else None
    if not image:
        return None
    with image.open("rb") as source:
        content, extension = _resize(source, size, fmt)
    name = f"{os.path.splitext(os.path.basename(image.name))[0]}_{size}.{extension}"
    thumbnail = Thumbnail(size=size, format=fmt, **{fk: instance})
    try:
        with transaction.atomic():
            thumbnail.image.save(name, ContentFile(content), save=True)
    except IntegrityError:  # another request made it first
        return Thumbnail.objects.filter(**{f"{fk}_id": pk, "size": size, "format": fmt}).first()
    return thumbnail


def thumbnail_view(request, instance_id: str, size: int, format: str | None = None):
    try:
        type_name, pk = Node.resolve_global_id(None, instance_id)
    except Exception:  # noqa: BLE001 - garbage in the URL is a 404, not a 500
        raise Http404("Unknown image.")
    if type_name not in SOURCES or not pk:
        raise Http404("Unknown image.")
    if format is not None and format not in FORMATS:
        return HttpResponseBadRequest("Unsupported format: use webp or avif.")
    if size <= 0:
        return HttpResponseBadRequest("Size must be positive.")
    thumbnail = get_or_create_thumbnail(type_name, pk, closest_size(size), format)
    if thumbnail is None:
        raise Http404("No image.")
    response = HttpResponseRedirect(thumbnail.image.url)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}, immutable"
    return response
