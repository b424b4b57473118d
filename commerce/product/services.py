"""Catalog writes: product types, categories, collections, products, variants, channel listings.

Plain functions on validated values (model instances, not IDs), shared by the GraphQL API, the
registry sync and the POS. Bad input raises Django's ValidationError keyed by the API field
name with Saleor's ProductErrorCode as the code (see commerce.core.validation).
Every write that changes what a shopper can find marks the product `search_index_dirty`, and a
background task rebuilds its search document.
"""
from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone

from commerce.attribute.services import (
    AttributeAssignment,
    assign_product_type_attributes,
    save_product_attributes,
    save_variant_attributes,
    validate_assignments,
)
from commerce.core.slugs import unique_slug, vn_slugify
from commerce.core.validation import ErrorCollector, error
from commerce.warehouse.services import StockLevel, set_stock_levels

from .models import (
    Category,
    Collection,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)


def _gid(type_name: str, pk) -> str:
    from graphene.relay import Node

    return Node.to_global_id(type_name, pk)


def _check_slug(model, slug, errors: ErrorCollector, what: str, exclude_pk=None) -> None:
    if slug is None:
        return
    if not slug or vn_slugify(slug) != slug:
        errors.add("slug", "INVALID", f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens.")
    elif model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        errors.add("slug", "UNIQUE", f"A {what} with slug '{slug}' already exists.")


def _check_external_reference(model, ref, errors: ErrorCollector, what: str, exclude_pk=None) -> None:
    if ref and model.objects.filter(external_reference=ref).exclude(pk=exclude_pk).exists():
        errors.add("externalReference", "UNIQUE", f"A {what} with external reference '{ref}' already exists.")


def description_plaintext(description) -> str:
    """The text of an EditorJS document, for search and meta descriptions."""
    if not isinstance(description, dict):
        return ""
    texts = []
    for block in description.get("blocks") or []:
        data = (block.get("data") or {}) if isinstance(block, dict) else {}
        for key in ("text", "caption"):
            if data.get(key):
                texts.append(str(data[key]))
        for item in data.get("items") or []:
            texts.append(str(item.get("content", "") if isinstance(item, dict) else item))
    return re.sub(r"<[^>]+>", "", " ".join(texts)).replace("&nbsp;", " ").strip()


# --- Product types, categories, collections --------------------------------------------------


def create_product_type(
    *,
    name: str,
    slug: str | None = None,
    kind: str = "normal",
    has_variants: bool = True,
    is_shipping_required: bool = True,
    weight_grams: float | None = None,
    product_attributes=(),
    variant_attributes=(),
) -> ProductType:
    errors = ErrorCollector()
    if not (name or "").strip():
        errors.add("name", "REQUIRED", "The product type needs a name.")
    _check_slug(ProductType, slug, errors, "product type")
    overlap = {a.pk for a in product_attributes} & {a.pk for a in variant_attributes}
    if overlap:
        errors.add(
            "attributes", "DUPLICATED_INPUT_ITEM", "An attribute cannot be both a product and a variant attribute.",
            attributes=[_gid("Attribute", pk) for pk in sorted(overlap)],
        )
    errors.raise_if_any()
    product_type = ProductType.objects.create(
        name=name.strip(),
        slug=slug or unique_slug(name, ProductType.objects.all()),
        kind=kind,
        has_variants=has_variants,
        is_shipping_required=is_shipping_required,
        weight_grams=weight_grams,
    )
    assign_product_type_attributes(product_type, list(product_attributes), list(variant_attributes))
    return product_type


def create_category(
    *,
    name: str,
    slug: str | None = None,
    parent: Category | None = None,
    description=None,
    seo_title=None,
    seo_description=None,
    background_image_alt: str = "",
    metadata=None,
    private_metadata=None,
) -> Category:
    errors = ErrorCollector()
    if not (name or "").strip():
        errors.add("name", "REQUIRED", "The category needs a name.")
    _check_slug(Category, slug, errors, "category")
    errors.raise_if_any()
    return Category.objects.create(
        name=name.strip(),
        slug=slug or unique_slug(name, Category.objects.all()),
        parent=parent,
        description=description,
        description_plaintext=description_plaintext(description),
        seo_title=seo_title,
        seo_description=seo_description,
        background_image_alt=background_image_alt or "",
        metadata=metadata or {},
        private_metadata=private_metadata or {},
    )


def create_collection(
    *,
    name: str,
    slug: str | None = None,
    description=None,
    seo_title=None,
    seo_description=None,
    background_image_alt: str = "",
    metadata=None,
    private_metadata=None,
    products=(),
) -> Collection:
    errors = ErrorCollector()
    if not (name or "").strip():
        errors.add("name", "REQUIRED", "The collection needs a name.")
    _check_slug(Collection, slug, errors, "collection")
    errors.raise_if_any()
    collection = Collection.objects.create(
        name=name.strip(),
        slug=slug or unique_slug(name, Collection.objects.all()),
        description=description,
        seo_title=seo_title,
        seo_description=seo_description,
        background_image_alt=background_image_alt or "",
        metadata=metadata or {},
        private_metadata=private_metadata or {},
    )
    add_products_to_collection(collection, products)
    return collection


def add_products_to_collection(collection: Collection, products) -> None:
    products = list(products)
    if not products:
        return
    start = CollectionProduct.objects.filter(collection=collection).count()
    CollectionProduct.objects.bulk_create(
        [CollectionProduct(collection=collection, product=p, sort_order=start + i) for i, p in enumerate(products)],
        ignore_conflicts=True,
    )
    # Collections are part of what a shopper can search and filter by.
    Product.objects.filter(pk__in=[p.pk for p in products]).update(search_index_dirty=True)


# --- Products --------------------------------------------------------------------------------

PRODUCT_FIELDS = {
    "name", "slug", "category", "description", "seo_title", "seo_description", "weight_grams", "rating",
    "external_reference", "metadata", "private_metadata",
}


def _clean_product_fields(fields: dict, errors: ErrorCollector, instance: Product | None) -> None:
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise TypeError(f"unknown product fields: {sorted(unknown)}")
    exclude = instance.pk if instance else None
    if "name" in fields or instance is None:
        if not (fields.get("name") or "").strip():
            errors.add("name", "REQUIRED", "The product needs a name.")
    _check_slug(Product, fields.get("slug"), errors, "product", exclude)
    _check_external_reference(Product, fields.get("external_reference"), errors, "product", exclude)
    if fields.get("weight_grams") is not None and fields["weight_grams"] < 0:
        errors.add("weight", "INVALID", "Weight cannot be negative.")
    if fields.get("rating") is not None and not 0 <= fields["rating"] <= 5:
        errors.add("rating", "INVALID", "Rating must be between 0 and 5.")


def _apply_product_fields(product: Product, fields: dict) -> None:
    for key, value in fields.items():
        if key in ("metadata", "private_metadata"):
            getattr(product, key).update(value or {})
            continue
        if key == "name":
            value = value.strip()
        if key == "external_reference":
            value = value or None
        setattr(product, key, value)
    if "description" in fields:
        product.description_plaintext = description_plaintext(fields["description"])
    product.search_index_dirty = True


def create_product(
    *,
    product_type: ProductType,
    attributes: list[AttributeAssignment] = (),
    collections=(),
    **fields,
) -> Product:
    """`fields` are Product model fields (see PRODUCT_FIELDS); a missing slug comes from the name."""
    errors = ErrorCollector()
    _clean_product_fields(fields, errors, None)
    try:
        validate_assignments(list(attributes), list(product_type.product_attributes.all()), require_all=True)
    except ValidationError as exc:
        errors.extend(exc)
    errors.raise_if_any()
    product = Product(product_type=product_type, metadata={}, private_metadata={})
    _apply_product_fields(product, fields)
    if not product.slug:
        product.slug = unique_slug(product.name, Product.objects.all())
    product.save()
    save_product_attributes(product, list(attributes))
    for collection in collections:
        add_products_to_collection(collection, [product])
    return product


def update_product(
    product: Product,
    *,
    attributes: list[AttributeAssignment] | None = None,
    collections=None,
    **fields,
) -> Product:
    """Change only what is given; attributes not named keep their values."""
    if "slug" in fields and not fields["slug"]:
        fields.pop("slug")  # no slug given: keep the one the product has
    errors = ErrorCollector()
    _clean_product_fields(fields, errors, product)
    if attributes:
        try:
            validate_assignments(list(attributes), list(product.product_type.product_attributes.all()), require_all=False)
        except ValidationError as exc:
            errors.extend(exc)
    errors.raise_if_any()
    _apply_product_fields(product, fields)
    product.save()
    if attributes:
        save_product_attributes(product, list(attributes))
    if collections is not None:
        CollectionProduct.objects.filter(product=product).exclude(collection__in=list(collections)).delete()
        for collection in collections:
            add_products_to_collection(collection, [product])
    return product


def delete_product(product: Product) -> Product:
    """Delete a product with its variants, listings, stock and own attribute values.

    Returns the unsaved instance (pk kept) so the caller can still report what was deleted.
    """
    from commerce.attribute.models import AttributeValue

    pk = product.pk
    # Per-product values (plain text, dates, references…) would otherwise outlive the product.
    AttributeValue.objects.filter(productvalueassignment__product_id=pk, slug__startswith=f"{pk}_").delete()
    product.delete()
    product.pk = pk
    return product


# --- Variants --------------------------------------------------------------------------------


def _clean_price(value, field: str, errors: ErrorCollector, currency: str, channel_gid: str, required: bool) -> Decimal | None:
    if value is None:
        if required:
            errors.add(field, "INVALID_PRICE", "A price is required and cannot be negative.", channels=[channel_gid])
        return None
    value = Decimal(str(value))
    if value < 0:
        errors.add(field, "INVALID_PRICE", "Price cannot be negative.", channels=[channel_gid])
        return None
    from babel.numbers import get_currency_precision

    digits = get_currency_precision(currency)
    if value != value.quantize(Decimal(1).scaleb(-digits)):
        errors.add(field, "INVALID", f"{currency} amounts have at most {digits} decimal places.", channels=[channel_gid])
        return None
    return value


def update_variant_channel_listings(variant: ProductVariant, listings: list[dict]) -> list[ProductVariantChannelListing]:
    """`listings`: dicts with `channel`, `price`, optional `cost_price`, `prior_price`.

    The product must already be listed in the channel (PRODUCT_NOT_ASSIGNED_TO_CHANNEL), and
    its ProductChannelListing.discounted_price_amount is kept at the cheapest variant price there.
    """
    errors = ErrorCollector()
    listed = {
        pl.channel_id: pl for pl in ProductChannelListing.objects.filter(product_id=variant.product_id, channel__in=[l["channel"] for l in listings])
    }
    seen = set()
    cleaned = []
    for entry in listings:
        channel = entry["channel"]
        gid = _gid("Channel", channel.pk)
        if channel.pk in seen:
            errors.add("channelId", "DUPLICATED_INPUT_ITEM", f"Channel '{channel.slug}' is given more than once.", channels=[gid])
            continue
        seen.add(channel.pk)
        if channel.pk not in listed:
            errors.add(
                "channelId", "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
                f"The product is not available in channel '{channel.slug}'; list it there first.", channels=[gid],
            )
            continue
        price = _clean_price(entry.get("price"), "price", errors, channel.currency_code, gid, required=True)
        cost = _clean_price(entry.get("cost_price"), "costPrice", errors, channel.currency_code, gid, required=False)
        prior = _clean_price(entry.get("prior_price"), "priorPrice", errors, channel.currency_code, gid, required=False)
        cleaned.append((channel, price, cost, prior, "cost_price" in entry, "prior_price" in entry))
    errors.raise_if_any()
    result = []
    for channel, price, cost, prior, has_cost, has_prior in cleaned:
        defaults = {"currency": channel.currency_code, "price_amount": price, "discounted_price_amount": price}
        if has_cost:
            defaults["cost_price_amount"] = cost
        if has_prior:
            defaults["prior_price_amount"] = prior
        listing, _ = ProductVariantChannelListing.objects.update_or_create(variant=variant, channel=channel, defaults=defaults)
        result.append(listing)
    refresh_discounted_prices(variant.product_id, [c[0].pk for c in cleaned])
    return result


def refresh_discounted_prices(product_id, channel_ids) -> None:
    """ProductChannelListing.discounted_price_amount = the cheapest variant price in the channel
    (what the storefront sorts and filters by)."""
    for channel_id in set(channel_ids):
        cheapest = ProductVariantChannelListing.objects.filter(
            variant__product_id=product_id, channel_id=channel_id, price_amount__isnull=False
        ).aggregate(m=Min("discounted_price_amount"))["m"]
        ProductChannelListing.objects.filter(product_id=product_id, channel_id=channel_id).update(discounted_price_amount=cheapest)
    Product.objects.filter(pk=product_id).update(search_index_dirty=True)


def create_variant(
    *,
    product: Product,
    attributes: list[AttributeAssignment] = (),
    sku: str | None = None,
    name: str = "",
    track_inventory: bool = True,
    weight_grams: float | None = None,
    quantity_limit_per_customer: int | None = None,
    external_reference: str | None = None,
    metadata=None,
    private_metadata=None,
    stocks: list[tuple] = (),
    channel_listings: list[dict] = (),
) -> ProductVariant:
    """`stocks`: (warehouse, quantity) pairs; `channel_listings` as in update_variant_channel_listings."""
    errors = ErrorCollector()
    sku = (sku or "").strip() or None
    if sku and ProductVariant.objects.filter(sku=sku).exists():
        errors.add("sku", "UNIQUE", f"A variant with SKU '{sku}' already exists.")
    _check_external_reference(ProductVariant, external_reference, errors, "variant")
    if quantity_limit_per_customer is not None and quantity_limit_per_customer < 1:
        errors.add("quantityLimitPerCustomer", "INVALID", "The limit per customer must be at least 1.")
    if weight_grams is not None and weight_grams < 0:
        errors.add("weight", "INVALID", "Weight cannot be negative.")
    warehouses = [w.pk for w, _ in stocks]
    if len(warehouses) != len(set(warehouses)):
        errors.add("stocks", "DUPLICATED_INPUT_ITEM", "A warehouse is given more than once.")
    if any(q is None or q < 0 for _, q in stocks):
        errors.add("stocks", "INVALID", "Stock quantity cannot be negative.")
    try:
        validate_assignments(list(attributes), list(product.product_type.variant_attributes.all()), require_all=True)
    except ValidationError as exc:
        errors.extend(exc)
    errors.raise_if_any()
    variant = ProductVariant.objects.create(
        product=product,
        sku=sku,
        name=(name or "").strip(),
        track_inventory=track_inventory,
        weight_grams=weight_grams,
        quantity_limit_per_customer=quantity_limit_per_customer,
        external_reference=external_reference or None,
        metadata=metadata or {},
        private_metadata=private_metadata or {},
        sort_order=ProductVariant.objects.filter(product=product).count(),
    )
    save_variant_attributes(variant, list(attributes))
    if stocks:
        set_stock_levels([StockLevel(variant=variant, warehouse=w, quantity=q) for w, q in stocks])
    if channel_listings:
        update_variant_channel_listings(variant, list(channel_listings))
    if product.default_variant_id is None:
        product.default_variant = variant
    product.search_index_dirty = True
    product.save(update_fields=["default_variant", "search_index_dirty", "updated_at"])
    return variant


# --- Product channel listings ----------------------------------------------------------------

LISTING_FIELDS = ("is_published", "published_at", "visible_in_listings", "is_available_for_purchase", "available_for_purchase_at")


def update_product_channel_listings(product: Product, update: list[dict] = (), remove=()) -> Product:
    """`update`: dicts with `channel` and any of LISTING_FIELDS; `remove`: channels.

    As in Saleor: publishing without a date publishes now; `is_available_for_purchase` true
    without a date makes it available now, false makes it unavailable.
    """
    errors = ErrorCollector()
    update_ids = [u["channel"].pk for u in update]
    remove_ids = [c.pk for c in remove]
    dup = {pk for pk in update_ids if update_ids.count(pk) > 1} | (set(update_ids) & set(remove_ids))
    if dup:
        errors.add(
            "updateChannels", "DUPLICATED_INPUT_ITEM", "A channel may be updated or removed once per request.",
            channels=[_gid("Channel", pk) for pk in sorted(dup)],
        )
    errors.raise_if_any()
    now = timezone.now()
    existing = {pl.channel_id: pl for pl in ProductChannelListing.objects.filter(product=product, channel_id__in=update_ids)}
    touched = []
    for entry in update:
        channel = entry["channel"]
        listing = existing.get(channel.pk) or ProductChannelListing(product=product, channel=channel, currency=channel.currency_code)
        if "is_published" in entry and entry["is_published"] is not None:
            listing.is_published = entry["is_published"]
            if listing.is_published and not entry.get("published_at") and listing.published_at is None:
                listing.published_at = now
        if entry.get("published_at"):
            listing.published_at = entry["published_at"]
        if entry.get("visible_in_listings") is not None:
            listing.visible_in_listings = entry["visible_in_listings"]
        if entry.get("available_for_purchase_at"):
            listing.available_for_purchase_at = entry["available_for_purchase_at"]
        elif entry.get("is_available_for_purchase") is True and listing.available_for_purchase_at is None:
            listing.available_for_purchase_at = now
        elif entry.get("is_available_for_purchase") is False:
            listing.available_for_purchase_at = None
        listing.save()
        touched.append(channel.pk)
    if remove_ids:
        ProductChannelListing.objects.filter(product=product, channel_id__in=remove_ids).delete()
        # A variant price in a channel the product left would be sold nowhere and confuse pricing.
        ProductVariantChannelListing.objects.filter(variant__product=product, channel_id__in=remove_ids).delete()
    if touched:
        refresh_discounted_prices(product.pk, touched)
    Product.objects.filter(pk=product.pk).update(search_index_dirty=True)
    return product
