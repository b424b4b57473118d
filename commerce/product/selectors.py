"""Reads of the catalog: who sees which products, filters, search and sort annotations.

Resolvers call these with plain values (a Channel or None, booleans, ids); no GraphQL here.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import (
    Exists,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from commerce.attribute.models import AssignedProductAttributeValue, AttributeValue
from commerce.channel.models import Channel
from commerce.search.normalize import normalize_text, prefix_tsquery, query_terms
from commerce.warehouse.models import Stock

from .models import (
    Category,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)

# --- Visibility --------------------------------------------------------------------------


def _published_listing(channel: Channel, now: datetime, in_listings: bool):
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), channel=channel, is_published=True).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=now)
    )
    if in_listings:
        listings = listings.filter(visible_in_listings=True)
    return listings


def visible_products(channel: Channel | None, *, include_unpublished: bool, in_listings: bool = True, now=None) -> QuerySet:
    """Products a caller may see: shoppers (and staff and apps without the product, order or
    discount permissions) only what is published in the channel (and, in lists, visible in
    listings); `include_unpublished` callers everything, narrowed to the channel if given."""
    now = now or timezone.now()
    products = Product.objects.all()
    if include_unpublished:
        if channel is not None:
            products = products.filter(Exists(ProductChannelListing.objects.filter(product_id=OuterRef("pk"), channel=channel)))
        return products
    if channel is None:
        return products.none()
    return products.filter(Exists(_published_listing(channel, now, in_listings)))


def visible_variants(channel: Channel | None, *, include_unpublished: bool, now=None) -> QuerySet:
    """Shoppers see a variant only when it is priced in the channel and its product is visible;
    `include_unpublished` callers every variant, narrowed to the channel if given."""
    variants = ProductVariant.objects.all()
    if include_unpublished:
        if channel is not None:
            variants = variants.filter(Exists(ProductVariantChannelListing.objects.filter(variant_id=OuterRef("pk"), channel=channel)))
        return variants
    if channel is None:
        return variants.none()
    priced = ProductVariantChannelListing.objects.filter(variant_id=OuterRef("pk"), channel=channel, price_amount__isnull=False)
    products = visible_products(channel, include_unpublished=False, in_listings=False, now=now)
    return variants.filter(Exists(priced), product__in=products)


def visible_collections(channel: Channel | None, *, include_unpublished: bool, now=None) -> QuerySet:
    now = now or timezone.now()
    collections = Collection.objects.all()
    if include_unpublished:
        if channel is not None:
            collections = collections.filter(Exists(CollectionChannelListing.objects.filter(collection_id=OuterRef("pk"), channel=channel)))
        return collections
    if channel is None:
        return collections.none()
    published = CollectionChannelListing.objects.filter(collection_id=OuterRef("pk"), channel=channel, is_published=True).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=now)
    )
    return collections.filter(Exists(published))


# --- Filters -------------------------------------------------------------------------------


def with_descendant_categories(category_ids) -> QuerySet:
    """The categories and everything below them (MPTT ranges), as Saleor filters categories."""
    roots = list(Category.objects.filter(pk__in=category_ids).values_list("tree_id", "lft", "rght"))
    if not roots:
        return Category.objects.none()
    condition = Q()
    for tree_id, lft, rght in roots:
        condition |= Q(tree_id=tree_id, lft__gte=lft, rght__lte=rght)
    return Category.objects.filter(condition)


def filter_by_categories(products: QuerySet, category_ids) -> QuerySet:
    return products.filter(category__in=with_descendant_categories(category_ids))


def filter_by_collections(products: QuerySet, collection_ids) -> QuerySet:
    return products.filter(Exists(CollectionProduct.objects.filter(product_id=OuterRef("pk"), collection_id__in=collection_ids)))


def attribute_condition(slug: str, *, values=None, values_range=None, date_range=None, datetime_range=None, boolean=None) -> Q:
    """Products having a value of attribute `slug` that matches; conditions of one attribute
    are ANDed, several attributes are ANDed by the caller."""
    assigned = AssignedProductAttributeValue.objects.filter(product_id=OuterRef("pk"), value__attribute__slug=slug)
    if values:
        assigned = assigned.filter(value__slug__in=list(values))
    if values_range:
        gte, lte = values_range
        numeric = Q()
        if gte is not None:
            numeric &= Q(value__numeric__gte=gte)
        if lte is not None:
            numeric &= Q(value__numeric__lte=lte)
        # Dropdowns like ocop-stars keep the number in the value's slug ("1".."5").
        assigned = assigned.filter(numeric | Q(value__slug__in=numeric_range_values(slug, gte, lte)))
    if date_range:
        gte, lte = date_range
        if gte is not None:
            assigned = assigned.filter(value__date_time__date__gte=gte)
        if lte is not None:
            assigned = assigned.filter(value__date_time__date__lte=lte)
    if datetime_range:
        gte, lte = datetime_range
        if gte is not None:
            assigned = assigned.filter(value__date_time__gte=gte)
        if lte is not None:
            assigned = assigned.filter(value__date_time__lte=lte)
    if boolean is not None:
        assigned = assigned.filter(value__boolean=boolean)
    return Q(Exists(assigned))


def assigned_value_condition(slug: str, value_condition: Q) -> Q:
    """Products with a value of attribute `slug` meeting `value_condition` (lookups from the
    assignment, e.g. Q(value__slug="4"))."""
    assigned = AssignedProductAttributeValue.objects.filter(product_id=OuterRef("pk"), value__attribute__slug=slug)
    return Q(Exists(assigned.filter(value_condition)))


# What a reference filter compares, per Saleor's reference inputs; categories and collections
# cannot be referenced by our attribute values, so those filters match nothing.
REFERENCE_LOOKUPS = {
    "page_slugs": "value__reference_page__slug",
    "product_slugs": "value__reference_product__slug",
    "product_variant_skus": "value__reference_variant__sku",
    "Page": "value__reference_page_id",
    "Product": "value__reference_product_id",
    "ProductVariant": "value__reference_variant_id",
}


def reference_condition(slug: str, *, any_of=None, all_of=None) -> Q:
    """Products whose reference attribute `slug` points at any (or all) of the given targets,
    each a (kind, key) pair: ("page_slugs", "htx-minh-trung") or ("Page", 12). Unknown kinds
    match nothing — Saleor's `value: {reference: {pageSlugs: {containsAny: [...]}}}`."""

    def one(kind, key) -> Q:
        field = REFERENCE_LOOKUPS.get(kind)
        return assigned_value_condition(slug, Q(**{field: key})) if field else Q(pk__in=[])

    condition = Q()
    if any_of is not None:
        matches_any = Q(pk__in=[])
        for kind, key in any_of:
            matches_any |= one(kind, key)
        condition &= matches_any
    for kind, key in all_of or []:
        condition &= one(kind, key)
    return condition


def numeric_range_values(slug: str, gte, lte) -> list[str]:
    """Dropdown values whose slug is a number in range (ocop-stars: valuesRange {gte: 4})."""
    slugs = []
    for value_slug in AttributeValue.objects.filter(attribute__slug=slug).values_list("slug", flat=True):
        try:
            number = float(value_slug)
        except ValueError:
            continue
        if (gte is None or number >= gte) and (lte is None or number <= lte):
            slugs.append(value_slug)
    return slugs


def variant_price_condition(channel: Channel | None, gte=None, lte=None, eq=None, one_of=None) -> Q:
    listings = ProductVariantChannelListing.objects.filter(variant__product_id=OuterRef("pk"), price_amount__isnull=False)
    if channel is not None:
        listings = listings.filter(channel=channel)
    if gte is not None:
        listings = listings.filter(price_amount__gte=gte)
    if lte is not None:
        listings = listings.filter(price_amount__lte=lte)
    if eq is not None:
        listings = listings.filter(price_amount=eq)
    if one_of is not None:
        listings = listings.filter(price_amount__in=list(one_of))
    return Q(Exists(listings))


def minimal_price_condition(channel: Channel | None, gte=None, lte=None, eq=None, one_of=None) -> Q:
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), discounted_price_amount__isnull=False)
    if channel is not None:
        listings = listings.filter(channel=channel)
    if gte is not None:
        listings = listings.filter(discounted_price_amount__gte=gte)
    if lte is not None:
        listings = listings.filter(discounted_price_amount__lte=lte)
    if eq is not None:
        listings = listings.filter(discounted_price_amount=eq)
    if one_of is not None:
        listings = listings.filter(discounted_price_amount__in=list(one_of))
    return Q(Exists(listings))


def _channel_stocks(channel: Channel | None) -> QuerySet:
    stocks = Stock.objects.all()
    if channel is not None:
        stocks = stocks.filter(warehouse__channel_warehouses__channel=channel)
    return stocks


def in_stock_condition(channel: Channel | None) -> Q:
    """Some variant can still be sold: untracked, or stock left after allocations."""
    stocked = _channel_stocks(channel).filter(product_variant__product_id=OuterRef("pk"), quantity__gt=F("quantity_allocated"))
    untracked = ProductVariant.objects.filter(product_id=OuterRef("pk"), track_inventory=False)
    return Q(Exists(stocked)) | Q(Exists(untracked))


def available_for_purchase_condition(channel: Channel | None, available: bool, now=None) -> Q:
    now = now or timezone.now()
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), available_for_purchase_at__lte=now)
    if channel is not None:
        listings = listings.filter(channel=channel)
    condition = Q(Exists(listings))
    return condition if available else ~condition


def published_condition(channel: Channel | None, published: bool, now=None) -> Q:
    now = now or timezone.now()
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), is_published=True).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=now)
    )
    if channel is not None:
        listings = listings.filter(channel=channel)
    condition = Q(Exists(listings))
    return condition if published else ~condition


def visible_in_listings_condition(channel: Channel | None, visible: bool) -> Q:
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), visible_in_listings=True)
    if channel is not None:
        listings = listings.filter(channel=channel)
    condition = Q(Exists(listings))
    return condition if visible else ~condition


# --- Search --------------------------------------------------------------------------------

# pg_trgm's word_similarity_threshold (0.6) decides what the `%>` fallback matches: "trangbang"
# scores 0.64 against "trang bang", "sua chua" nothing near any name.


def search_products(products: QuerySet, query: str) -> QuerySet:
    """Match the accent-free query against the index and annotate `search_rank` (higher is
    better) for the RANK sort.

    Full text first: every word as a prefix (`muoi:* & ot:*`) over the GIN-indexed tsvector,
    ranked by ts_rank_cd so a name hit (weight A) beats a description hit (weight C). Only when
    nothing matches that way — a typo, a missing space — do we fall back to trigram word
    similarity, and then on the short indexed name (GIN trigram index): word_similarity over
    the whole search_document cost 300–550 ms a statement on 10,000 products.
    Choosing between them costs one cheap EXISTS statement, constant in page size."""
    terms = query_terms(query)
    if not terms:
        return products.annotate(search_rank=Value(0.0, output_field=FloatField()))
    tsquery = SearchQuery(prefix_tsquery(terms), search_type="raw", config="simple")
    full_text = products.filter(search_vector=tsquery)
    if full_text.exists():
        rank = SearchRank(F("search_vector"), tsquery, cover_density=True)
        return full_text.annotate(search_rank=Cast(rank, FloatField()))
    normalized = " ".join(terms)
    return products.filter(search_name__trigram_word_similar=normalized).annotate(
        search_rank=Cast(TrigramWordSimilarity(Value(normalized), "search_name"), FloatField())
    )


def search_categories(categories: QuerySet, query: str) -> QuerySet:
    text = normalize_text(query)
    if not text:
        return categories
    return categories.filter(Q(name__unaccent__icontains=text) | Q(slug__icontains=text.replace(" ", "-")))


# --- Sort annotations ----------------------------------------------------------------------

# Keyset pagination needs non-null sort keys: missing prices and dates sort last (ascending).
_HUGE_PRICE = Decimal("1e15")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.get_fixed_timezone(0))


def annotate_price(products: QuerySet, channel: Channel | None) -> QuerySet:
    listings = ProductVariantChannelListing.objects.filter(variant__product_id=OuterRef("pk"), price_amount__isnull=False)
    if channel is not None:
        listings = listings.filter(channel=channel)
    cheapest = listings.order_by().values("variant__product_id").annotate(m=Min("price_amount")).values("m")[:1]
    return products.annotate(sort_price=Coalesce(Subquery(cheapest), Value(_HUGE_PRICE)))


def annotate_minimal_price(products: QuerySet, channel: Channel | None) -> QuerySet:
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), discounted_price_amount__isnull=False)
    if channel is not None:
        listings = listings.filter(channel=channel)
    cheapest = listings.order_by().values("product_id").annotate(m=Min("discounted_price_amount")).values("m")[:1]
    return products.annotate(sort_minimal_price=Coalesce(Subquery(cheapest), Value(_HUGE_PRICE)))


def annotate_published_at(products: QuerySet, channel: Channel | None) -> QuerySet:
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"))
    if channel is not None:
        listings = listings.filter(channel=channel)
    published = listings.order_by("published_at").values("published_at")[:1]
    return products.annotate(sort_published_at=Coalesce(Subquery(published), Value(_EPOCH)))


def annotate_is_published(products: QuerySet, channel: Channel | None) -> QuerySet:
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), is_published=True)
    if channel is not None:
        listings = listings.filter(channel=channel)
    return products.annotate(sort_is_published=Exists(listings))


def annotate_attribute_sort(products: QuerySet, attribute_pk) -> QuerySet:
    """Saleor's sort by an attribute: by the position of the product's value among the
    attribute's choices (ocop-stars: 1★ … 5★); products without a value sort as -1."""
    position = (
        AssignedProductAttributeValue.objects.filter(product_id=OuterRef("pk"), value__attribute_id=attribute_pk)
        .order_by("value__sort_order", "value__pk")
        .values("value__sort_order")[:1]
    )
    return products.annotate(sort_attribute=Coalesce(Subquery(position, output_field=IntegerField()), Value(-1)))


def annotate_rating(products: QuerySet) -> QuerySet:
    return products.annotate(sort_rating=Coalesce(F("rating"), Value(-1.0)))
