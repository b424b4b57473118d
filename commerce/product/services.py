"""Catalog writes: product types, categories, collections, products, variants, channel listings.

Plain functions on validated values (model instances, not IDs), shared by the GraphQL API, the
registry sync and the POS. Bad input raises Django's ValidationError keyed by the API field
name with Saleor's ProductErrorCode as the code (see commerce.core.validation).
Every write that changes what a shopper can find marks the product `search_index_dirty`, and a
background task rebuilds its search document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone

from commerce.attribute import history
from commerce.attribute.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttribute,
    AssignedVariantAttributeValue,
    AttributeValue,
    AttributeVariant,
)
from commerce.attribute.services import (
    AttributeAssignment,
    ValueBatch,
    assign_product_type_attributes,
    save_product_attributes,
    save_variant_attributes,
    validate_assignments,
)
from commerce.core.db import analyze_after_bulk_load
from commerce.core.slugs import free_slug, slug_stem, unique_slug, vn_slugify
from commerce.core.validation import ErrorCollector, flatten
from commerce.warehouse.models import Stock
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


def _valid_slug(slug) -> bool:
    return bool(slug) and vn_slugify(slug) == slug


def _check_slug(model, slug, errors: ErrorCollector, what: str, exclude_pk=None, taken=None) -> None:
    """`taken(slug)` answers for a bulk caller that read the taken slugs beforehand."""
    if slug is None:
        return
    if not _valid_slug(slug):
        errors.add("slug", "INVALID", f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens.")
    elif taken(slug) if taken else model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        errors.add("slug", "UNIQUE", f"A {what} with slug '{slug}' already exists.")


def _check_external_reference(model, ref, errors: ErrorCollector, what: str, exclude_pk=None, taken=None) -> None:
    if ref and (taken(ref) if taken else model.objects.filter(external_reference=ref).exclude(pk=exclude_pk).exists()):
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


@transaction.atomic
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
            "attributes",
            "DUPLICATED_INPUT_ITEM",
            "An attribute cannot be both a product and a variant attribute.",
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


@transaction.atomic
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


@transaction.atomic
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


@transaction.atomic
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
    "name",
    "slug",
    "category",
    "description",
    "seo_title",
    "seo_description",
    "weight_grams",
    "rating",
    "external_reference",
    "metadata",
    "private_metadata",
}


def _clean_product_fields(fields: dict, errors: ErrorCollector, instance: Product | None, slug_taken=None, ref_taken=None) -> None:
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise TypeError(f"unknown product fields: {sorted(unknown)}")
    exclude = instance.pk if instance else None
    if "name" in fields or instance is None:
        if not (fields.get("name") or "").strip():
            errors.add("name", "REQUIRED", "The product needs a name.")
    _check_slug(Product, fields.get("slug"), errors, "product", exclude, slug_taken)
    _check_external_reference(Product, fields.get("external_reference"), errors, "product", exclude, ref_taken)
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


@transaction.atomic
def create_product(
    *,
    product_type: ProductType,
    attributes: list[AttributeAssignment] = (),
    collections=(),
    changed_by: history.ChangedBy | None = None,
    **fields,
) -> Product:
    """`fields` are Product model fields (see PRODUCT_FIELDS); a missing slug comes from the name.
    `changed_by`: who writes, for the history of tracked attribute values."""
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
    save_product_attributes(product, list(attributes), new=True, changed_by=changed_by)
    for collection in collections:
        add_products_to_collection(collection, [product])
    return product


@transaction.atomic
def update_product(
    product: Product,
    *,
    attributes: list[AttributeAssignment] | None = None,
    collections=None,
    changed_by: history.ChangedBy | None = None,
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
        save_product_attributes(product, list(attributes), changed_by=changed_by)
    if collections is not None:
        CollectionProduct.objects.filter(product=product).exclude(collection__in=list(collections)).delete()
        for collection in collections:
            add_products_to_collection(collection, [product])
    return product


@transaction.atomic
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


@transaction.atomic
def update_variant_channel_listings(variant: ProductVariant, listings: list[dict]) -> list[ProductVariantChannelListing]:
    """`listings`: dicts with `channel`, `price`, optional `cost_price`, `prior_price`.

    The product must already be listed in the channel (PRODUCT_NOT_ASSIGNED_TO_CHANNEL), and
    its ProductChannelListing.discounted_price_amount is kept at the cheapest variant price there.
    """
    errors = ErrorCollector()
    listed = set(
        ProductChannelListing.objects.filter(product_id=variant.product_id, channel__in=[l["channel"] for l in listings]).values_list(
            "channel_id", flat=True
        )
    )
    cleaned = _clean_variant_listings(listings, listed, errors)
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


def _clean_variant_listings(listings: list[dict], listed, errors: ErrorCollector) -> list[tuple]:
    """(channel, price, cost, prior, has_cost, has_prior) per entry; `listed`: the channel pks
    the product is listed in."""
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
                "channelId",
                "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
                f"The product is not available in channel '{channel.slug}'; list it there first.",
                channels=[gid],
            )
            continue
        price = _clean_price(entry.get("price"), "price", errors, channel.currency_code, gid, required=True)
        cost = _clean_price(entry.get("cost_price"), "costPrice", errors, channel.currency_code, gid, required=False)
        prior = _clean_price(entry.get("prior_price"), "priorPrice", errors, channel.currency_code, gid, required=False)
        cleaned.append((channel, price, cost, prior, "cost_price" in entry, "prior_price" in entry))
    return cleaned


def refresh_discounted_prices(product_id, channel_ids) -> None:
    """ProductChannelListing.discounted_price_amount = the cheapest variant price in the channel
    (what the storefront sorts and filters by)."""
    for channel_id in set(channel_ids):
        cheapest = ProductVariantChannelListing.objects.filter(
            variant__product_id=product_id, channel_id=channel_id, price_amount__isnull=False
        ).aggregate(m=Min("discounted_price_amount"))["m"]
        ProductChannelListing.objects.filter(product_id=product_id, channel_id=channel_id).update(discounted_price_amount=cheapest)
    Product.objects.filter(pk=product_id).update(search_index_dirty=True)


@transaction.atomic
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
    sku = _clean_variant(
        product.product_type,
        errors,
        attributes=attributes,
        sku=sku,
        external_reference=external_reference,
        weight_grams=weight_grams,
        quantity_limit_per_customer=quantity_limit_per_customer,
        stocks=stocks,
    )
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


def _clean_variant(
    product_type: ProductType,
    errors: ErrorCollector,
    *,
    attributes=(),
    sku=None,
    external_reference=None,
    weight_grams=None,
    quantity_limit_per_customer=None,
    stocks=(),
    sku_taken=None,
    ref_taken=None,
    **_,
) -> str | None:
    """create_variant's checks; returns the SKU as stored. `sku_taken`/`ref_taken` answer for a
    bulk caller that read the taken ones beforehand."""
    sku = (sku or "").strip() or None
    if sku and (sku_taken(sku) if sku_taken else ProductVariant.objects.filter(sku=sku).exists()):
        errors.add("sku", "UNIQUE", f"A variant with SKU '{sku}' already exists.")
    _check_external_reference(ProductVariant, external_reference, errors, "variant", taken=ref_taken)
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
        validate_assignments(list(attributes), list(product_type.variant_attributes.all()), require_all=True)
    except ValidationError as exc:
        errors.extend(exc)
    return sku


# --- Product channel listings ----------------------------------------------------------------

LISTING_FIELDS = ("is_published", "published_at", "visible_in_listings", "is_available_for_purchase", "available_for_purchase_at")


def _apply_listing_entry(listing: ProductChannelListing, entry: dict, now) -> None:
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


@transaction.atomic
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
            "updateChannels",
            "DUPLICATED_INPUT_ITEM",
            "A channel may be updated or removed once per request.",
            channels=[_gid("Channel", pk) for pk in sorted(dup)],
        )
    errors.raise_if_any()
    now = timezone.now()
    existing = {pl.channel_id: pl for pl in ProductChannelListing.objects.filter(product=product, channel_id__in=update_ids)}
    touched = []
    for entry in update:
        channel = entry["channel"]
        listing = existing.get(channel.pk) or ProductChannelListing(product=product, channel=channel, currency=channel.currency_code)
        _apply_listing_entry(listing, entry, now)
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


# --- Many new products at once ---------------------------------------------------------------


@dataclass
class NewProduct:
    """One row of bulk_create_products.

    `product_type`, `attributes`, `collections` and `fields` are create_product's arguments,
    `channel_listings` update_product_channel_listings entries and `variants` create_variant
    keyword arguments (without `product`). A part the caller could not even resolve (an unknown
    channel ID…) is given as the ValidationError that said so and fails like a bad part; `error`
    likewise for the product's own fields.
    """

    product_type: ProductType | None = None
    attributes: list = dc_field(default_factory=list)
    collections: list = dc_field(default_factory=list)
    fields: dict = dc_field(default_factory=dict)
    channel_listings: list = dc_field(default_factory=list)
    variants: list = dc_field(default_factory=list)
    error: ValidationError | None = None


@dataclass
class _Planned:
    """A row that passed every check: the unsaved rows to insert for it."""

    product: Product
    attributes: list
    collections: list
    listings: dict  # channel pk → ProductChannelListing
    variants: list  # (ProductVariant, attributes, stocks, cleaned listings)


class _Taken:
    """Unique values (slugs, SKUs, external references) in the database or claimed by an
    earlier accepted row of the batch — what the row-by-row code saw in the database, since
    each row's inserts preceded the next row's checks. A row claims only once it is accepted,
    so a rejected row's slug stays free for a later one, as its rolled-back savepoint left it."""

    def __init__(self, in_db):
        self.in_db = set(v for v in in_db if v)
        self.claimed: set = set()

    def __contains__(self, value) -> bool:
        return value in self.in_db or value in self.claimed


def _join(prefix, field) -> str | None:
    return ".".join(str(p) for p in (prefix, field) if p is not None) or None


def _problems(exc: ValidationError, prefix=None) -> list[tuple]:
    return [(_join(prefix, f), c, m, p) for f, c, m, p in flatten(exc)]


@transaction.atomic
def bulk_create_products(
    rows: list[NewProduct], *, ignore_failed: bool = False, all_or_nothing: bool = False, changed_by: history.ChangedBy | None = None
):
    """Create many products with their listings, variants, stock and prices; for each row
    (product or None, [(path, code, message, params)]) in row order.

    The same checks and results as create_product + update_product_channel_listings +
    create_variant row after row, but every row is checked in memory first — against the
    unique values read with one query per kind and those claimed by the rows before it — and
    the accepted rows are then inserted table by table with bulk_create: about twenty queries
    for a batch of any size instead of ~100 per product. A row that fails is never written, so
    no savepoints are needed.

    With `ignore_failed` a bad listing or variant is left out and reported while the product
    is still created; otherwise it fails its row. With `all_or_nothing` one failed row means
    nothing is written (REJECT_EVERYTHING). Paths are as in productBulkCreate:
    `variants.1.sku`, `channelListings.0.channelId`. The new products' tracked attribute values
    enter the history as one write by `changed_by`.
    """
    now = timezone.now()
    slugs, refs, skus, variant_refs = _read_taken(rows)
    results: list[tuple] = []
    planned: list[_Planned | None] = []
    for row in rows:
        plan, problems = _plan_row(row, now, slugs, refs, skus, variant_refs, ignore_failed)
        planned.append(plan)
        results.append([plan, problems])
    accepted = [p for p in planned if p is not None]
    if all_or_nothing and len(accepted) != len(rows):
        return [(None, problems) for _, problems in results]
    if accepted:
        _insert_planned(accepted, changed_by)
        analyze_after_bulk_load(
            Product,
            ProductVariant,
            ProductChannelListing,
            ProductVariantChannelListing,
            AssignedProductAttributeValue,
            AttributeValue,
            Stock,
        )
    return [(plan.product if plan else None, problems) for plan, problems in results]


def _read_taken(rows: list[NewProduct]):
    """The slugs, external references and SKUs the batch could collide with: two queries."""
    explicit, stems, refs, skus, variant_refs = set(), set(), set(), set(), set()
    for row in rows:
        if row.error is not None:
            continue
        slug = row.fields.get("slug")
        if slug and _valid_slug(slug):
            explicit.add(slug)
        elif not slug and (row.fields.get("name") or "").strip():
            stems.add(slug_stem(row.fields["name"].strip()))
        if row.fields.get("external_reference"):
            refs.add(row.fields["external_reference"])
        for variant in row.variants:
            if isinstance(variant, dict):
                if (variant.get("sku") or "").strip():
                    skus.add(variant["sku"].strip())
                if variant.get("external_reference"):
                    variant_refs.add(variant["external_reference"])
    taken_slugs, taken_refs, taken_skus, taken_variant_refs = set(), set(), set(), set()
    if explicit or stems or refs:
        # Every slug starting with a stem: what unique_slug reads per row, for all rows at once.
        q = Q(slug__in=explicit) | Q(external_reference__in=refs)
        for stem in stems:
            q |= Q(slug__startswith=stem)
        for slug, ref in Product.objects.filter(q).values_list("slug", "external_reference"):
            taken_slugs.add(slug)
            taken_refs.add(ref)
    if skus or variant_refs:
        for sku, ref in ProductVariant.objects.filter(Q(sku__in=skus) | Q(external_reference__in=variant_refs)).values_list(
            "sku", "external_reference"
        ):
            taken_skus.add(sku)
            taken_variant_refs.add(ref)
    return _Taken(taken_slugs), _Taken(taken_refs), _Taken(taken_skus), _Taken(taken_variant_refs)


def _plan_row(row: NewProduct, now, slugs: _Taken, refs: _Taken, skus: _Taken, variant_refs: _Taken, ignore_failed: bool):
    """Check one row as the row-by-row code did; (plan or None, problems)."""
    if row.error is not None:
        return None, _problems(row.error)
    fields = dict(row.fields)
    errors = ErrorCollector()
    _clean_product_fields(fields, errors, None, slug_taken=slugs.__contains__, ref_taken=refs.__contains__)
    try:
        validate_assignments(list(row.attributes), list(row.product_type.product_attributes.all()), require_all=True)
    except ValidationError as exc:
        errors.extend(exc)
    if errors:
        return None, _problems(ValidationError(errors.errors))
    product = Product(product_type=row.product_type, metadata={}, private_metadata={})
    _apply_product_fields(product, fields)
    if not product.slug:
        product.slug = free_slug(slug_stem(product.name), slugs)
    problems: list[tuple] = []
    listings: dict = {}
    for i, entry in enumerate(row.channel_listings):
        if isinstance(entry, ValidationError):
            problems.extend(_problems(entry, f"channelListings.{i}"))
            if not ignore_failed:
                return None, problems
            continue
        # One entry per call in the row-by-row code, so a channel given twice updates its listing.
        channel = entry["channel"]
        listing = listings.get(channel.pk) or ProductChannelListing(product=product, channel=channel, currency=channel.currency_code)
        _apply_listing_entry(listing, entry, now)
        listings[channel.pk] = listing
    row_skus, row_refs, variants = set(), set(), []
    for i, kwargs in enumerate(row.variants):
        prefix = f"variants.{i}"
        if isinstance(kwargs, ValidationError):
            problems.extend(_problems(kwargs, prefix))
            if not ignore_failed:
                return None, problems
            continue
        errors = ErrorCollector()
        sku = _clean_variant(
            row.product_type,
            errors,
            **kwargs,
            sku_taken=lambda s: s in skus or s in row_skus,
            ref_taken=lambda r: r in variant_refs or r in row_refs,
        )
        cleaned = [] if errors else _clean_variant_listings(list(kwargs.get("channel_listings") or []), listings, errors)
        if errors:
            problems.extend(_problems(ValidationError(errors.errors), prefix))
            if not ignore_failed:
                return None, problems
            continue
        variant = ProductVariant(
            product=product,
            sku=sku,
            name=(kwargs.get("name") or "").strip(),
            track_inventory=kwargs.get("track_inventory", True),
            weight_grams=kwargs.get("weight_grams"),
            quantity_limit_per_customer=kwargs.get("quantity_limit_per_customer"),
            external_reference=kwargs.get("external_reference") or None,
            metadata=kwargs.get("metadata") or {},
            private_metadata=kwargs.get("private_metadata") or {},
            sort_order=len(variants),
        )
        row_skus.add(sku)
        row_refs.add(variant.external_reference)
        variants.append((variant, list(kwargs.get("attributes") or []), list(kwargs.get("stocks") or []), cleaned))
    slugs.claimed.add(product.slug)
    refs.claimed.add(product.external_reference)
    skus.claimed |= row_skus
    variant_refs.claimed |= row_refs
    plan = _Planned(product, list(row.attributes), list(row.collections), listings, variants)
    return plan, problems


def _insert_planned(planned: list[_Planned], changed_by: history.ChangedBy | None = None) -> None:
    """Insert the accepted rows table by table; products and variants first, as the rest
    points at their new primary keys."""
    products = [p.product for p in planned]
    Product.objects.bulk_create(products)
    for p in planned:
        for variant, *_ in p.variants:
            variant.product = p.product  # refresh the cached product_id now that it has a pk
    variants = [v for p in planned for v, *_ in p.variants]
    ProductVariant.objects.bulk_create(variants)
    with_default = []
    for p in planned:
        if p.variants:
            p.product.default_variant = p.variants[0][0]
            with_default.append(p.product.pk)
    if with_default:
        # Each product's first variant; one plain UPDATE (bulk_update's CASE per row compiles slowly).
        Product.objects.filter(pk__in=with_default).update(
            default_variant=Subquery(ProductVariant.objects.filter(product=OuterRef("pk"), sort_order=0).values("pk")[:1])
        )

    values = ValueBatch()
    product_slots = [(p.product, a.attribute, values.add(a, str(p.product.pk))) for p in planned for a in p.attributes]
    variant_slots = [
        (variant, a.attribute, values.add(a, f"variant{variant.pk}"))
        for p in planned
        for variant, attributes, _, _ in p.variants
        for a in attributes
    ]
    values.save()
    AssignedProductAttributeValue.objects.bulk_create(
        [
            AssignedProductAttributeValue(product=product, value=slot.value, sort_order=i)
            for product, _, slots in product_slots
            for i, slot in enumerate(slots)
        ],
        ignore_conflicts=True,
    )
    # New products held nothing before: their tracked values are the history's first write.
    written: history.Snapshot = {}
    for product, attribute, slots in product_slots:
        if history.is_tracked(attribute):
            written.setdefault(product.pk, {})[attribute.pk] = history.value_text(attribute, [slot.value for slot in slots])
    history.record({}, written, changed_by)
    if variant_slots:
        type_ids = {p.product.product_type_id for p in planned if p.variants}
        links = {
            (link.product_type_id, link.attribute_id): link
            for link in AttributeVariant.objects.filter(product_type_id__in=type_ids, attribute_id__in={a.pk for _, a, _ in variant_slots})
        }
        assigned = {}
        for variant, attribute, _ in variant_slots:
            key = (variant.pk, attribute.pk)
            if key not in assigned:
                assigned[key] = AssignedVariantAttribute(variant=variant, assignment=links[(variant.product.product_type_id, attribute.pk)])
        AssignedVariantAttribute.objects.bulk_create(list(assigned.values()))
        AssignedVariantAttributeValue.objects.bulk_create(
            [
                AssignedVariantAttributeValue(assignment=assigned[(variant.pk, attribute.pk)], value=slot.value, sort_order=i)
                for variant, attribute, slots in variant_slots
                for i, slot in enumerate(slots)
            ]
        )

    by_collection: dict = {}
    for p in planned:
        for collection in p.collections:
            by_collection.setdefault(collection.pk, (collection, []))[1].append(p.product)
    if by_collection:
        counts = dict(
            CollectionProduct.objects.filter(collection_id__in=list(by_collection)).values_list("collection_id").annotate(n=Count("pk"))
        )
        CollectionProduct.objects.bulk_create(
            [
                CollectionProduct(collection=collection, product=product, sort_order=counts.get(pk, 0) + i)
                for pk, (collection, members) in by_collection.items()
                for i, product in enumerate(members)
            ],
            ignore_conflicts=True,
        )

    stocks, variant_listings, product_listings = [], [], []
    for p in planned:
        cheapest: dict = {}
        for variant, _, variant_stocks, cleaned in p.variants:
            stocks.extend(Stock(warehouse=w, product_variant=variant, quantity=q) for w, q in variant_stocks)
            for channel, price, cost, prior, _, _ in cleaned:
                variant_listings.append(
                    ProductVariantChannelListing(
                        variant=variant,
                        channel=channel,
                        currency=channel.currency_code,
                        price_amount=price,
                        discounted_price_amount=price,
                        cost_price_amount=cost,
                        prior_price_amount=prior,
                    )
                )
                if price is not None:
                    cheapest[channel.pk] = min(price, cheapest.get(channel.pk, price))
        for channel_pk, listing in p.listings.items():
            # What refresh_discounted_prices computes: the cheapest variant price in the channel.
            listing.product = p.product
            listing.discounted_price_amount = cheapest.get(channel_pk)
            product_listings.append(listing)
    ProductChannelListing.objects.bulk_create(product_listings)
    Stock.objects.bulk_create(stocks)
    ProductVariantChannelListing.objects.bulk_create(variant_listings)
