"""Builds the demo catalog, idempotently and in one transaction, in three steps:

1. the set-up a shop needs before any product (`catalog.py`): channels, OCOP attributes, the
   producer page type and product type, categories, the curated producers with their
   warehouses, demo users and the catalog-sync App;
2. the products, the way production gets them: the bundled registry export
   (catalog_sync/fixtures/) through catalog_sync's runner, in-process, as the catalog-sync App —
   stars, certificate, dates, authority, score, group and status land as product attributes,
   producers as `ocop-producer` pages;
3. the dress-up of what a registry does not carry (pictures, English, packs, stock, wholesale
   prices, collections) — see "Who owns what" below.

Every object is found by its natural key (slug, SKU, external reference, e-mail…) and written
only when it differs, so a second run changes nothing and duplicates nothing.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone as dt_timezone
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

import catalog_sync
from commerce.account.models import Address, User
from commerce.app.models import App
from commerce.attribute.models import (
    AssignedPageAttributeValue,
    AssignedProductAttributeValue,
    AssignedVariantAttribute,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeEntityType,
    AttributeInputType,
    AttributePage,
    AttributeProduct,
    AttributeTranslation,
    AttributeType,
    AttributeValue,
    AttributeValueTranslation,
    AttributeVariant,
)
from commerce.channel.models import Channel
from commerce.core.slugs import vn_slugify
from demo import catalog, images
from commerce.page.models import Page, PageType
from commerce.product.models import (
    Category,
    CategoryTranslation,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    CollectionTranslation,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductMediaTypes,
    ProductTranslation,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
)
from commerce.product.services import refresh_discounted_prices
from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingMethodType, ShippingZone
from commerce.warehouse.models import ChannelWarehouse, Stock, Warehouse

logger = logging.getLogger(__name__)

# Fixed instants keep reruns byte-identical (no "now" creeping into the data).
EDITOR_TIME = 1735689600000  # 2025-01-01T00:00:00Z, EditorJS's `time` is in milliseconds
PUBLISHED_AT = datetime(2025, 7, 1, 0, 0, tzinfo=dt_timezone.utc)
EDITORJS_VERSION = "2.24.3"
PRODUCER_PAGE_TYPE = "ocop-producer"
PRODUCT_TYPE = "ocop-product"


# --- Small helpers -------------------------------------------------------------------------


def editorjs(*paragraphs: str) -> dict:
    blocks = []
    for text in paragraphs:
        block_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        blocks.append({"id": block_id, "type": "paragraph", "data": {"text": text}})
    return {"time": EDITOR_TIME, "blocks": blocks, "version": EDITORJS_VERSION}


def wholesale_price(retail: int) -> int:
    return int(retail * catalog.WHOLESALE_RATE) // 1000 * 1000


# --- Attributes ----------------------------------------------------------------------------


def _translate_attribute(attribute: Attribute, name_en: str) -> None:
    _upsert(AttributeTranslation, attribute=attribute, language_code="en", defaults={"name": name_en})


def _attribute(slug: str, name: str, name_en: str, input_type: str, *, type=AttributeType.PRODUCT_TYPE, **extra) -> Attribute:
    defaults = {"name": name, "type": type, "input_type": input_type, **extra}
    attribute, _ = _upsert(Attribute, slug=slug, defaults=defaults)
    _translate_attribute(attribute, name_en)
    return attribute


def _choice(attribute: Attribute, slug: str, name: str, name_en: str | None, sort_order: int) -> AttributeValue:
    value, _ = _upsert(AttributeValue, attribute=attribute, slug=slug, defaults={"name": name, "sort_order": sort_order})
    if name_en:
        _upsert(AttributeValueTranslation, attribute_value=value, language_code="en", defaults={"name": name_en})
    return value


def owner_key(instance) -> str:
    """The prefix of an object's own values, as commerce.attribute.services writes them:
    the product's id (Saleor's f"{product.id}_{attribute.id}"), "page<id>" for pages."""
    return f"page{instance.pk}" if isinstance(instance, Page) else str(instance.pk)


def _own_value(instance, attribute: Attribute, **fields) -> AttributeValue:
    """A value made for one object (text, date, number), keyed as Saleor keys it."""
    value, _ = _upsert(AttributeValue, attribute=attribute, slug=f"{owner_key(instance)}_{attribute.pk}", defaults=fields)
    return value


def _text_fields(text: str) -> dict:
    return {"name": text[:200], "plain_text": text}


@dataclass
class Attributes:
    stars: Attribute
    certificate_no: Attribute
    decision_date: Attribute
    valid_until: Attribute
    authority: Attribute
    score: Attribute
    group: Attribute
    status: Attribute
    producer: Attribute
    pack_size: Attribute
    star_values: dict[int, AttributeValue]
    group_values: dict[str, AttributeValue]
    status_values: dict[str, AttributeValue]
    pack_values: dict[str, AttributeValue]

    def product_attributes(self) -> list[Attribute]:
        return [
            self.stars,
            self.certificate_no,
            self.decision_date,
            self.valid_until,
            self.authority,
            self.score,
            self.group,
            self.status,
            self.producer,
        ]


def ensure_product_attributes(producer_page_type: PageType) -> Attributes:
    text = AttributeInputType.PLAIN_TEXT
    not_filterable = {"filterable_in_storefront": False, "filterable_in_dashboard": False}
    stars = _attribute("ocop-stars", "Hạng sao OCOP", "OCOP stars", AttributeInputType.DROPDOWN, storefront_search_position=1)
    star_values = {n: _choice(stars, str(n), f"{n} sao", f"{n} star" + ("s" if n > 1 else ""), n) for n in range(1, 6)}
    group = _attribute("ocop-product-group", "Nhóm sản phẩm OCOP", "OCOP product group", AttributeInputType.DROPDOWN)
    group_values = {slug: _choice(group, slug, vi, en, i) for i, (slug, (vi, en)) in enumerate(catalog.PRODUCT_GROUPS.items())}
    status = _attribute("ocop-status", "Trạng thái chứng nhận OCOP", "OCOP certificate status", AttributeInputType.DROPDOWN)
    status_values = {slug: _choice(status, slug, vi, en, i) for i, (slug, (vi, en)) in enumerate(catalog.CERTIFICATE_STATUSES.items())}
    producer = _attribute("producer", "Chủ thể OCOP", "OCOP producer", AttributeInputType.REFERENCE, entity_type=AttributeEntityType.PAGE)
    producer.reference_page_types.set([producer_page_type])
    pack_size = _attribute("pack-size", "Quy cách", "Pack size", AttributeInputType.DROPDOWN, available_in_grid=True)
    pack_names = {}
    for spec in catalog.PRODUCTS:
        for vi, en, *_ in spec["packs"]:
            pack_names.setdefault(vi, en)
    pack_values = {vi: _choice(pack_size, vn_slugify(vi), vi, en, i) for i, (vi, en) in enumerate(pack_names.items())}
    return Attributes(
        stars=stars,
        certificate_no=_attribute("ocop-certificate-no", "Số giấy chứng nhận OCOP", "OCOP certificate number", text, **not_filterable),
        decision_date=_attribute("ocop-decision-date", "Ngày quyết định công nhận", "Decision date", AttributeInputType.DATE),
        valid_until=_attribute("ocop-valid-until", "Hiệu lực đến", "Valid until", AttributeInputType.DATE),
        authority=_attribute("ocop-authority", "Cơ quan cấp", "Issuing authority", text, **not_filterable),
        score=_attribute("ocop-score", "Điểm đánh giá OCOP", "OCOP score", AttributeInputType.NUMERIC),
        group=group,
        status=status,
        producer=producer,
        pack_size=pack_size,
        star_values=star_values,
        group_values=group_values,
        status_values=status_values,
        pack_values=pack_values,
    )


def ensure_product_type(attributes: Attributes) -> ProductType:
    product_type, _ = _upsert(
        ProductType, slug=PRODUCT_TYPE, defaults={"name": "Sản phẩm OCOP", "has_variants": True, "is_shipping_required": True}
    )
    for order, attribute in enumerate(attributes.product_attributes()):
        _upsert(AttributeProduct, attribute=attribute, product_type=product_type, defaults={"sort_order": order})
    _upsert(
        AttributeVariant, attribute=attributes.pack_size, product_type=product_type, defaults={"sort_order": 0, "variant_selection": True}
    )
    return product_type


# --- Channels, categories ------------------------------------------------------------------


def ensure_channels() -> dict[str, Channel]:
    channels = {}
    for spec in catalog.CHANNELS:
        fields = {k: v for k, v in spec.items() if k != "slug"}
        channels[spec["slug"]], _ = _upsert(Channel, slug=spec["slug"], defaults=fields)
    return channels


def ensure_categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for slug, parent_slug, name, name_en in catalog.CATEGORIES:
        description = f"{name} đạt chứng nhận OCOP của tỉnh Tây Ninh."
        category, _ = _upsert(
            Category,
            slug=slug,
            defaults={
                "name": name,
                "parent": categories.get(parent_slug),
                "description": editorjs(description),
                "description_plaintext": description,
                "seo_title": name,
            },
        )
        _upsert(
            CategoryTranslation,
            category=category,
            language_code="en",
            defaults={"name": name_en, "description": editorjs(f"OCOP-certified {name_en.lower()} from Tây Ninh province.")},
        )
        categories[slug] = category
    return categories


# --- Producers: pages, warehouses ----------------------------------------------------------


@dataclass
class ProducerPages:
    page_type: PageType
    attributes: dict[str, Attribute]
    type_values: dict[str, AttributeValue]


def ensure_producer_page_type() -> ProducerPages:
    page_type, _ = _upsert(PageType, slug=PRODUCER_PAGE_TYPE, defaults={"name": "Chủ thể OCOP"})
    page_attr = {"type": AttributeType.PAGE_TYPE}
    attributes = {
        "producer-type": _attribute("producer-type", "Loại hình chủ thể", "Producer type", AttributeInputType.DROPDOWN, **page_attr),
        "ward-commune": _attribute("ward-commune", "Xã/Phường", "Ward or commune", AttributeInputType.PLAIN_TEXT, **page_attr),
        "province": _attribute("province", "Tỉnh/Thành phố", "Province", AttributeInputType.PLAIN_TEXT, **page_attr),
        "phone": _attribute("phone", "Điện thoại", "Phone", AttributeInputType.PLAIN_TEXT, filterable_in_storefront=False, **page_attr),
    }
    for order, attribute in enumerate(attributes.values()):
        _upsert(AttributePage, attribute=attribute, page_type=page_type, defaults={"sort_order": order})
    type_values = {
        slug: _choice(attributes["producer-type"], slug, vi, en, i) for i, (slug, (vi, en)) in enumerate(catalog.PRODUCER_TYPES.items())
    }
    return ProducerPages(page_type, attributes, type_values)


def _assign_page_value(page: Page, attribute: Attribute, value: AttributeValue, order: int) -> None:
    AssignedPageAttributeValue.objects.filter(page=page, value__attribute=attribute).exclude(value=value).delete()
    _upsert(AssignedPageAttributeValue, page=page, value=value, defaults={"sort_order": order})


def ensure_producers(pages: ProducerPages) -> dict[str, Page]:
    producers = {}
    for key, spec in catalog.PRODUCERS.items():
        page, _ = _upsert(
            Page,
            slug=vn_slugify(spec["name"]),
            defaults={
                "title": spec["name"],
                "page_type": pages.page_type,
                "content": editorjs(spec["story"]),
                "is_published": True,
                "published_at": PUBLISHED_AT,
                "seo_title": spec["name"],
                "seo_description": spec["story"][:300],
                "metadata": {"ocop.producer_key": key, "ocop.former_district": spec["district"]},
            },
        )
        attrs = pages.attributes
        _assign_page_value(page, attrs["producer-type"], pages.type_values[spec["type"]], 0)
        _assign_page_value(page, attrs["ward-commune"], _own_value(page, attrs["ward-commune"], **_text_fields(spec["commune"])), 1)
        _assign_page_value(page, attrs["province"], _own_value(page, attrs["province"], **_text_fields(catalog.PROVINCE)), 2)
        _assign_page_value(page, attrs["phone"], _own_value(page, attrs["phone"], **_text_fields(spec["phone"])), 3)
        producers[key] = page
    return producers


# --- Producer warehouses -------------------------------------------------------------------


def _warehouse(page: Page, address_fields: dict, email: str, channels: dict[str, Channel], order: int, *, refresh: bool) -> Warehouse:
    """The producer's warehouse, slug `kho-<page slug>`. `refresh` rewrites the address from
    the curated data; a warehouse made for a synced producer is left as it is once it exists."""
    slug = f"kho-{page.slug}"[:255]
    name = f"Kho {page.title}"[:250]
    warehouse = Warehouse.objects.filter(slug=slug).select_related("address").first()
    if warehouse is None:
        warehouse = Warehouse.objects.create(slug=slug, name=name, address=Address.objects.create(**address_fields), email=email)
    elif refresh:
        _put_fields(warehouse.address, address_fields)
        _put_fields(warehouse, {"name": name, "email": email})
    for channel in channels.values():
        _put(ChannelWarehouse, {"channel": channel, "warehouse": warehouse}, {"sort_order": order})
    return warehouse


def ensure_warehouses(producers: dict[str, Page], channels: dict[str, Channel]) -> dict[str, Warehouse]:
    """One warehouse per curated producer, from its address in `catalog.PRODUCERS`."""
    warehouses = {}
    for order, (key, spec) in enumerate(catalog.PRODUCERS.items()):
        address_fields = {
            "company_name": spec["name"],
            "street_address_1": spec["street"],
            "city": spec["commune"],
            "city_area": spec["district"],
            "country_area": catalog.PROVINCE,
            "country": "VN",
            "phone": spec["phone"],
        }
        warehouses[key] = _warehouse(producers[key], address_fields, f"kho.{key}@example.com", channels, order, refresh=True)
    return warehouses


def ensure_producer_warehouses(channels: dict[str, Channel]) -> dict[int, Warehouse]:
    """Page id → warehouse for every `ocop-producer` page: the curated producers' from
    `ensure_warehouses`, and one made from the page's own attributes (commune, province) for
    each producer the registry sync created."""
    pages = list(Page.objects.filter(page_type__slug=PRODUCER_PAGE_TYPE).order_by("pk"))
    existing = {w.slug: w for w in Warehouse.objects.filter(slug__in=[f"kho-{p.slug}"[:255] for p in pages])}
    values: dict[int, dict[str, str]] = defaultdict(dict)
    for row in AssignedPageAttributeValue.objects.filter(page__in=pages).select_related("value__attribute"):
        values[row.page_id][row.value.attribute.slug] = row.value.plain_text or row.value.name
    warehouses = {}
    offset = len(catalog.PRODUCERS)
    for order, page in enumerate(pages):
        warehouse = existing.get(f"kho-{page.slug}"[:255])
        if warehouse is None:
            attrs = values[page.pk]
            address_fields = {
                "company_name": page.title[:256],
                "city": attrs.get("ward-commune", "")[:256],
                "country_area": attrs.get("province") or catalog.PROVINCE,
                "country": "VN",
            }
            warehouse = _warehouse(page, address_fields, f"kho-{page.pk}@example.com", channels, offset + order, refresh=False)
        warehouses[page.pk] = warehouse
    return warehouses


# --- Writing only what differs -------------------------------------------------------------


def _differs(instance, name: str, value) -> bool:
    field = instance._meta.get_field(name)
    if field.many_to_one or field.one_to_one:  # compare ids: no query for the related row
        return getattr(instance, field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def _put_fields(instance, values: dict) -> bool:
    """Set the fields that differ and save just those; True when something was written."""
    changed = [name for name, value in values.items() if _differs(instance, name, value)]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save(update_fields=changed)
    return bool(changed)


def _upsert(model, defaults: dict | None = None, **lookup):
    """`Model.objects.update_or_create(defaults=…, **lookup)`, writing only what differs."""
    return _put(model, lookup, defaults or {})


def _put(model, lookup: dict, values: dict):
    """update_or_create that writes nothing when the row already holds these values, so a
    rerun leaves every row (and its timestamps) as it was. Returns (instance, created or changed)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values), True
    return instance, _put_fields(instance, values)


# --- Products: the registry sync, then the dress-up ----------------------------------------
#
# Who owns what, so that neither overwrites the other (a rerun or a re-sync changes nothing):
#   the registry export, through catalog_sync — the products themselves: code, name, stars,
#     certificate (decision) number, decision date, valid-until, authority, score, group,
#     status, producer page, description, the first variant (SKU <code>-01, pack name, barcode)
#     and its retail price in `online` when the export has one;
#   the dress-up below — what a registry does not carry: pictures, English translations,
#     category and the extra pack variants of the curated products (catalog.PRODUCTS, keyed by
#     code), pack-size values and weights, stock in the producer's warehouse, wholesale
#     prices, the retail price staff would set for a product the export left unpriced, and
#     collection membership. It only adds what is missing: it never rewrites an attribute,
#     a name or a price the sync wrote, and never resets stock that is already there.

DEMO_EXPORT = Path(catalog_sync.__file__).resolve().parent / "fixtures" / "tay-ninh-ocop-2025-03.csv"
PACK_WORDS = {  # the first word of a registry pack name → English, for packs the curated data lacks
    "gói": "pack",
    "hũ": "jar",
    "hộp": "box",
    "chai": "bottle",
    "túi": "bag",
    "thùng": "crate",
    "bình": "jar",
    "xấp": "stack",
    "lon": "can",
    "can": "can",
}
PACK_WHOLE = {"cái": "Each", "chiếc": "Each", "kg": "Per kg", "chậu": "Pot", "vé": "Ticket"}
LABEL_STARS = 4  # stars from which a product also gets its label card


class SyncFailed(Exception):
    """The bundled export could not be imported; the demo catalog is left as it was."""


def pack_english(vi: str) -> str:
    """'Gói 300g' → '300 g pack', 'Cái' → 'Each'; the Vietnamese name when there is no rule."""
    words = vi.split()
    if not words:
        return vi
    head = words[0].lower()
    if len(words) == 1 and head in PACK_WHOLE:
        return PACK_WHOLE[head]
    if head in PACK_WORDS and len(words) == 2:
        amount = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(g|kg|ml|l|lít)", words[1].lower())
        if amount:
            unit = {"lít": "l"}.get(amount.group(2), amount.group(2))
            return f"{amount.group(1)} {unit} {PACK_WORDS[head]}"
    return vi


def pack_weight(vi: str) -> float | None:
    """Grams from a pack name ('Hũ 500g', 'Túi 2kg', 'Chai 330ml'), None when it does not say."""
    match = re.search(r"(\d+(?:[.,]\d+)?)\s*(kg|g|ml|l)\b", vi.lower())
    if not match:
        return None
    amount = float(match.group(1).replace(",", "."))
    return amount * (1000 if match.group(2) in {"kg", "l"} else 1)


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def staff_price(name: str) -> int:
    """The retail price staff give a product the registry published without one (VND): within
    the usual range for its kind, the same on every run."""
    from catalog_sync.demo.build_exports import KINDS

    for kind, _group, _pack, (low, high) in KINDS:
        if name.startswith(kind):
            return (low + _crc(name) % (high - low + 1)) * 1000
    return (30 + _crc(name) % 90) * 1000


def stock_quantity(sku: str) -> int:
    return 10 + _crc(sku) % 140


@dataclass
class DemoResult:
    products: list[int] = field(default_factory=list)
    created_products: int = 0
    changed_products: int = 0
    images_drawn: int = 0
    search_indexed: bool = False
    sync_summary: str = ""

    def summary(self) -> str:
        text = (
            f"Demo catalog ready: {len(self.products)} products ({self.created_products} new, "
            f"{self.changed_products} changed by the registry sync), {self.images_drawn} images drawn"
        )
        return text + ("; search index updated." if self.search_indexed else ".")


def import_products(export: Path, today: date, result: DemoResult):
    """The products come the way production's do: the registry export through catalog_sync,
    in-process, as the catalog-sync App. Idempotent: a rerun reports 0 changes."""
    from catalog_sync.gateway import make_client
    from catalog_sync.runner import run_sync

    report = run_sync(str(export), client=make_client(), today=today, trigger="demo")
    if report.status not in {"succeeded", "partial"}:
        raise SyncFailed(f"the registry sync of {export.name} failed: {report.status} {report.message}")
    result.created_products = report.counts.get("create", 0)
    result.changed_products = report.changes - result.created_products
    result.sync_summary = report.summary_table()
    return report


@dataclass
class Synced:
    """A synced product with what the dress-up reads of it."""

    product: Product
    spec: dict | None  # the curated data, when the code is one of catalog.PRODUCTS
    stars: int
    group: str
    status: str
    producer: Page | None


def read_synced(product_type: ProductType) -> list[Synced]:
    products = list(Product.objects.filter(product_type=product_type).exclude(external_reference=None).order_by("external_reference"))
    values: dict[int, dict] = defaultdict(dict)
    rows = AssignedProductAttributeValue.objects.filter(
        product__in=products, value__attribute__slug__in=["ocop-stars", "ocop-product-group", "ocop-status", "producer"]
    ).select_related("value__attribute", "value__reference_page")
    for row in rows:
        value = row.value
        values[row.product_id][value.attribute.slug] = value.reference_page if value.attribute.slug == "producer" else value.slug
    out = []
    for product in products:
        own = values[product.pk]
        out.append(
            Synced(
                product=product,
                spec=catalog.CURATED.get(product.external_reference),
                stars=int(own.get("ocop-stars") or 0),
                group=own.get("ocop-product-group") or "thuc-pham",
                status=own.get("ocop-status") or "valid",
                producer=own.get("producer"),
            )
        )
    return out


@dataclass
class Loaded:
    """What the dress-up reads once for all products, so that a rerun costs a few queries,
    not a few per product."""

    variants: dict[int, dict[str, ProductVariant]]  # product id → SKU → variant
    pack_assigned: dict[int, tuple[AssignedVariantAttribute, set[int]]]  # variant id → (assignment, value ids)
    product_translations: dict[int, ProductTranslation]
    variant_translations: dict[int, ProductVariantTranslation]
    value_translations: dict[int, str]  # pack value id → English name
    variant_listings: dict[tuple[int, int], ProductVariantChannelListing]  # (variant id, channel id)
    product_listings: dict[tuple[int, int], ProductChannelListing]  # (product id, channel id)
    stocked: set[int]  # variant ids with a stock row
    media: dict[int, dict[int, ProductMedia]]  # product id → sort order → media

    @classmethod
    def read(cls, products: list[Product], attrs: Attributes, pack_assignment: AttributeVariant) -> "Loaded":
        variants: dict[int, dict[str, ProductVariant]] = defaultdict(dict)
        for variant in ProductVariant.objects.filter(product__in=products):
            variants[variant.product_id][variant.sku] = variant
        pack_assigned = {
            a.variant_id: (a, set())
            for a in AssignedVariantAttribute.objects.filter(variant__product__in=products, assignment=pack_assignment)
        }
        for variant_id, value_id in AssignedVariantAttributeValue.objects.filter(
            assignment__variant__product__in=products, assignment__assignment=pack_assignment
        ).values_list("assignment__variant_id", "value_id"):
            pack_assigned[variant_id][1].add(value_id)
        media: dict[int, dict[int, ProductMedia]] = defaultdict(dict)
        for m in ProductMedia.objects.filter(product__in=products):
            media[m.product_id][m.sort_order] = m
        return cls(
            variants=variants,
            pack_assigned=pack_assigned,
            product_translations={t.product_id: t for t in ProductTranslation.objects.filter(product__in=products, language_code="en")},
            variant_translations={
                t.product_variant_id: t
                for t in ProductVariantTranslation.objects.filter(product_variant__product__in=products, language_code="en")
            },
            value_translations=dict(
                AttributeValueTranslation.objects.filter(attribute_value__attribute=attrs.pack_size, language_code="en").values_list(
                    "attribute_value_id", "name"
                )
            ),
            variant_listings={
                (l.variant_id, l.channel_id): l for l in ProductVariantChannelListing.objects.filter(variant__product__in=products)
            },
            product_listings={(l.product_id, l.channel_id): l for l in ProductChannelListing.objects.filter(product__in=products)},
            stocked=set(Stock.objects.filter(product_variant__product__in=products).values_list("product_variant_id", flat=True)),
            media=media,
        )


def _pack_value(attrs: Attributes, loaded: Loaded, vi: str, en: str | None) -> AttributeValue:
    value = attrs.pack_values.get(vi)
    if value is None:
        slug = vn_slugify(vi)[:250] or "goi"
        value = AttributeValue.objects.filter(attribute=attrs.pack_size, slug=slug).first()
        if value is None:
            value = AttributeValue.objects.create(attribute=attrs.pack_size, slug=slug, name=vi[:250], sort_order=len(attrs.pack_values))
        attrs.pack_values[vi] = value
    english = en or pack_english(vi)
    if english != vi and loaded.value_translations.get(value.pk) != english:
        _put(AttributeValueTranslation, {"attribute_value": value, "language_code": "en"}, {"name": english})
        loaded.value_translations[value.pk] = english
    return value


def _dress_product(
    item: Synced,
    loaded: Loaded,
    *,
    attrs: Attributes,
    pack_assignment: AttributeVariant,
    categories: dict[str, Category],
    channels: dict[str, Channel],
    warehouses: dict[int, Warehouse],
) -> None:
    """Add to one synced product what the registry does not carry."""
    product, spec = item.product, item.spec
    online, wholesale = channels["online"], channels["wholesale"]
    product_fields = {}
    if spec:
        if product.category_id != categories[spec["category"]].pk:
            product_fields["category"] = categories[spec["category"]]
        producer = catalog.PRODUCERS[spec["producer"]]
        origin_en = f"Made by {producer['name']} ({producer['commune']}, {catalog.PROVINCE} province)."
        translation = {
            "name": spec["name_en"],
            "description": editorjs(spec["description_en"], origin_en),
            "seo_title": spec["name_en"][:70],
            "seo_description": spec["description_en"][:300],
        }
        current = loaded.product_translations.get(product.pk)
        if current is None:
            ProductTranslation.objects.create(product=product, language_code="en", **translation)
        else:
            _put_fields(current, translation)
    if not product.seo_title:
        product_fields["seo_title"] = product.name[:70]
    if not product.seo_description and product.description_plaintext:
        product_fields["seo_description"] = product.description_plaintext[:300]

    # Variants: the export's first one (<code>-01) and the curated extra packs.
    variants = loaded.variants[product.pk]
    first_sku = f"{product.external_reference}-01"
    wanted = []  # (variant, English pack name, retail price for a variant without one, stock)
    for order, (pack_vi, pack_en, price, quantity, weight, gtin) in enumerate(spec["packs"] if spec else []):
        sku = f"{product.external_reference}-{order + 1:02d}"
        variant = variants.get(sku)
        if variant is None and order == 0:
            continue  # the sync makes the first variant; never make it behind its back
        if variant is None:
            variant = variants[sku] = ProductVariant.objects.create(
                sku=sku,
                product=product,
                name=pack_vi,
                sort_order=order,
                weight_grams=weight,
                track_inventory=True,
                metadata={"gtin": gtin} if gtin else {},
            )
        elif variant.weight_grams is None:
            _put_fields(variant, {"weight_grams": weight})
        wanted.append((variant, pack_en, price, quantity))
    if not spec and first_sku in variants:
        variant = variants[first_sku]
        if variant.weight_grams is None and pack_weight(variant.name):
            _put_fields(variant, {"weight_grams": pack_weight(variant.name)})
        wanted.append((variant, None, staff_price(product.name), stock_quantity(variant.sku)))

    warehouse = warehouses.get(item.producer.pk) if item.producer else None
    repriced = []
    for variant, pack_en, price, quantity in wanted:
        pack_value = _pack_value(attrs, loaded, variant.name, pack_en)
        assigned, value_ids = loaded.pack_assigned.get(variant.pk, (None, set()))
        if value_ids != {pack_value.pk}:
            if assigned is None:
                assigned = AssignedVariantAttribute.objects.create(variant=variant, assignment=pack_assignment)
            AssignedVariantAttributeValue.objects.filter(assignment=assigned).delete()
            AssignedVariantAttributeValue.objects.create(assignment=assigned, value=pack_value, sort_order=0)
        english = pack_en or pack_english(variant.name)
        if english != variant.name:
            current = loaded.variant_translations.get(variant.pk)
            if current is None:
                ProductVariantTranslation.objects.create(product_variant=variant, language_code="en", name=english)
            else:
                _put_fields(current, {"name": english})
        retail = loaded.variant_listings.get((variant.pk, online.pk))
        if retail is None:  # an extra pack, or the export gave no price: the price staff set
            retail = ProductVariantChannelListing.objects.create(
                variant=variant,
                channel=online,
                currency=online.currency_code,
                price_amount=Decimal(price),
                discounted_price_amount=Decimal(price),
                cost_price_amount=Decimal(int(price * 0.55) // 1000 * 1000),
            )
            repriced.append(online.pk)
        if (variant.pk, wholesale.pk) not in loaded.variant_listings:
            trade = Decimal(wholesale_price(int(retail.price_amount)))
            ProductVariantChannelListing.objects.create(
                variant=variant,
                channel=wholesale,
                currency=wholesale.currency_code,
                price_amount=trade,
                discounted_price_amount=trade,
                cost_price_amount=retail.cost_price_amount,
            )
            repriced.append(wholesale.pk)
        if warehouse is not None and variant.pk not in loaded.stocked:
            Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=quantity)
    if product.default_variant_id is None and wanted:
        product_fields["default_variant"] = wanted[0][0]

    # Listed in both channels: `online` as the sync left it (published when the export gave a
    # price) or now that staff priced it; `wholesale` for the gift shops.
    for channel in (online, wholesale):
        listing = loaded.product_listings.get((product.pk, channel.pk))
        if listing is None:
            ProductChannelListing.objects.create(
                product=product,
                channel=channel,
                currency=channel.currency_code,
                is_published=True,
                visible_in_listings=True,
                published_at=PUBLISHED_AT,
                available_for_purchase_at=PUBLISHED_AT,
            )
            repriced.append(channel.pk)
        elif not listing.is_published and channel.pk in repriced:
            _put_fields(
                listing,
                {
                    "is_published": True,
                    "visible_in_listings": True,
                    "published_at": listing.published_at or PUBLISHED_AT,
                    "available_for_purchase_at": listing.available_for_purchase_at or PUBLISHED_AT,
                },
            )
    if product_fields:
        # A queryset update: the product's updated_at stays the sync's last write.
        Product.objects.filter(pk=product.pk).update(**product_fields)
        for name, value in product_fields.items():
            setattr(product, name, value)
    if repriced:
        refresh_discounted_prices(product.pk, sorted(set(repriced)))


def _pictures(item: Synced) -> list[tuple[str, str, str]]:
    product, spec = item.product, item.spec
    pictures = [("anh-chinh", "webp", f"{product.name} — ảnh sản phẩm")]
    if item.stars >= LABEL_STARS or (spec and (spec.get("gift") or len(spec["packs"]) > 1)):
        pictures.append(("nhan-ocop", "png", f"{product.name} — nhãn OCOP {item.stars} sao"))
    return pictures


def _media(item: Synced, loaded: Loaded, categories: dict[int, str]) -> int:
    """The product's pictures: kept when stored, reused when a file of that name is already in
    the media storage (a database reset keeps ./media), drawn otherwise. Returns how many were drawn."""
    product = item.product
    existing = loaded.media[product.pk]
    drawn = 0
    for order, (kind, extension, alt) in enumerate(_pictures(item)):
        media = existing.get(order)
        if media and media.image and media.image.storage.exists(media.image.name):
            if media.alt != alt:
                ProductMedia.objects.filter(pk=media.pk).update(alt=alt)
            continue
        media = media or ProductMedia(product=product, sort_order=order, type=ProductMediaTypes.IMAGE)
        media.alt = alt
        name = f"products/{product.slug}-{kind}.{extension}"
        if media.image.storage.exists(name):
            media.image.name = name
        else:
            if kind == "anh-chinh":
                content = images.draw_packshot(
                    name=product.name,
                    group=item.group,
                    category=categories.get(product.category_id, ""),
                    stars=item.stars,
                )
            else:
                producer = item.producer
                commune = (
                    AttributeValue.objects.filter(pagevalueassignment__page=producer, attribute__slug="ward-commune")
                    .values_list("plain_text", flat=True)
                    .first()
                    if producer
                    else ""
                ) or ""
                packs = [v.name for v in sorted(loaded.variants[product.pk].values(), key=lambda v: (v.sort_order, v.sku))]
                content = images.draw_label(
                    name=product.name,
                    group=item.group,
                    producer=producer.title if producer else "",
                    commune=commune,
                    stars=item.stars,
                    packs=packs,
                    fmt="PNG",
                )
            media.image.save(name.split("/", 1)[1], ContentFile(content), save=False)
            drawn += 1
        media.save()
    return drawn


def dress_products(
    *,
    product_type: ProductType,
    attrs: Attributes,
    pack_assignment: AttributeVariant,
    categories: dict[str, Category],
    channels: dict[str, Channel],
    result: DemoResult,
) -> list[Synced]:
    warehouses = ensure_producer_warehouses(channels)
    synced = read_synced(product_type)
    loaded = Loaded.read([s.product for s in synced], attrs, pack_assignment)
    category_slugs = dict(Category.objects.values_list("pk", "slug"))
    for item in synced:
        _dress_product(
            item, loaded, attrs=attrs, pack_assignment=pack_assignment, categories=categories, channels=channels, warehouses=warehouses
        )
        result.images_drawn += _media(item, loaded, category_slugs)
        result.products.append(item.product.pk)
    return synced


def ensure_collections(channels, members: dict[str, list[Product]]) -> None:
    for spec in catalog.COLLECTIONS:
        collection, _ = _put(
            Collection,
            {"slug": spec["slug"]},
            {
                "name": spec["name"],
                "description": editorjs(spec["description"]),
                "seo_title": spec["name"],
            },
        )
        _put(
            CollectionTranslation,
            {"collection": collection, "language_code": "en"},
            {"name": spec["name_en"], "description": editorjs(spec["description_en"])},
        )
        _put(
            CollectionChannelListing,
            {"collection": collection, "channel": channels["online"]},
            {"is_published": True, "published_at": PUBLISHED_AT},
        )
        products = members.get(spec["slug"], [])
        CollectionProduct.objects.filter(collection=collection).exclude(product__in=products).delete()
        for order, product in enumerate(products):
            _put(CollectionProduct, {"collection": collection, "product": product}, {"sort_order": order})


def collection_members(synced: list[Synced]) -> dict[str, list[Product]]:
    """4★ and up with a valid certificate (whatever the registry says today), and the curated gifts."""
    return {
        "ocop-4-sao-tro-len": [s.product for s in synced if s.stars >= 4 and s.status == "valid"],
        "qua-tang-du-lich": [s.product for s in synced if s.spec and s.spec.get("gift")],
    }


# --- Delivery ------------------------------------------------------------------------------
#
# Without a shipping zone no checkout can be completed, so the demo brings the delivery a shop
# would set up on its first day (catalog.SHIPPING_ZONE / SHIPPING_METHODS). The demo's rows
# carry their key in metadata ("ocop.demo"), so a rerun finds them whatever staff renamed them
# to; like the products' dress-up, it only adds what is missing and never rewrites a price.

DEMO_KEY = "ocop.demo"


def _demo_row(queryset, key: str):
    return queryset.filter(metadata__contains={DEMO_KEY: key}).order_by("pk").first()


def ensure_shipping(channels: dict[str, Channel] | None = None) -> ShippingZone:
    spec = catalog.SHIPPING_ZONE
    channels = channels or {c.slug: c for c in Channel.objects.filter(slug__in=spec["channels"])}
    zone_channels = [channels[slug] for slug in spec["channels"] if slug in channels]
    zone = _demo_row(ShippingZone.objects.all(), spec["key"])
    if zone is None:
        zone = ShippingZone.objects.create(
            name=spec["name"],
            description=spec["description"],
            countries=spec["countries"],
            metadata={DEMO_KEY: spec["key"]},
        )
    zone.channels.add(*zone_channels)
    # Saleor looks for an address's stock in the warehouses of the zones that cover it: every
    # warehouse stocking the zone's channels ships into it (a fair booth's does not).
    zone.warehouses.add(*Warehouse.objects.filter(channel_warehouses__channel__in=zone_channels).distinct())
    for spec_method in catalog.SHIPPING_METHODS:
        method = _demo_row(zone.shipping_methods.all(), spec_method["key"])
        if method is None:
            low, high = spec_method["days"]
            method = ShippingMethod.objects.create(
                name=spec_method["name"],
                shipping_zone=zone,
                type=ShippingMethodType.PRICE_BASED,
                minimum_delivery_days=low,
                maximum_delivery_days=high,
                description=editorjs(spec_method["description"]),
                metadata={DEMO_KEY: spec_method["key"]},
            )
        priced = set(method.channel_listings.values_list("channel_id", flat=True))
        for slug, (price, minimum, maximum) in spec_method["prices"].items():
            channel = channels.get(slug)
            if channel is None or channel.pk in priced:
                continue
            ShippingMethodChannelListing.objects.create(
                shipping_method=method,
                channel=channel,
                currency=channel.currency_code,
                price_amount=Decimal(price),
                minimum_order_price_amount=Decimal(minimum) if minimum is not None else None,
                maximum_order_price_amount=Decimal(maximum) if maximum is not None else None,
            )
    return zone


def ensure_shipping_if_none() -> bool:
    """For `load_demo --if-empty` on a filled catalog: a quick-start database made before the
    demo had delivery gets it (True), so it can sell; one with any zone of its own is left alone."""
    channels = {c.slug: c for c in Channel.objects.filter(slug__in=catalog.SHIPPING_ZONE["channels"])}
    if ShippingZone.objects.exists() or not channels:
        return False
    with transaction.atomic():
        ensure_shipping(channels)
    return True


# --- People and apps -----------------------------------------------------------------------


def _permissions(names: list[str]) -> list[Permission]:
    permissions = []
    for name in names:
        app_label, codename = name.split(".", 1)
        permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return permissions


def ensure_people() -> None:
    admin, created = User.objects.get_or_create(
        email="admin@example.com",
        defaults={"is_staff": True, "is_superuser": True, "first_name": "Quản trị", "last_name": "OCOP"},
    )
    if created:
        # The demo's published password; set directly so the password validators do not refuse it.
        admin.set_password(catalog.DEMO_PASSWORDS[admin.email])
        admin.save(update_fields=["password"])
    group, _ = Group.objects.get_or_create(name=catalog.STAFF_GROUP)
    group.permissions.set(_permissions(catalog.CATALOG_PERMISSIONS))

    customer, created = User.objects.get_or_create(
        email="customer@example.com", defaults={"first_name": "Lan", "last_name": "Nguyễn", "language_code": "vi"}
    )
    if created:
        customer.set_password(catalog.DEMO_PASSWORDS[customer.email])
        address = Address.objects.create(
            first_name="Lan",
            last_name="Nguyễn",
            street_address_1="25 đường Cách Mạng Tháng Tám",
            city="Phường Tân Ninh",
            country_area=catalog.PROVINCE,
            country="VN",
            phone="+84912345678",
        )
        customer.default_shipping_address = customer.default_billing_address = address
        customer.save()
        customer.addresses.add(address)


def ensure_sync_app() -> App:
    spec = catalog.SYNC_APP
    app, _ = _upsert(App, identifier=spec["identifier"], defaults={"name": spec["name"], "is_active": True, "about_app": spec["about"]})
    app.permissions.set(_permissions(catalog.CATALOG_PERMISSIONS))
    return app


# --- Search --------------------------------------------------------------------------------


def update_search_index(product_ids: list[int] | None = None) -> bool:
    """Index the given products, or every dirty one, if the search module is there."""
    try:
        indexing = importlib.import_module("commerce.search.indexing")
    except ModuleNotFoundError as error:
        if error.name not in {"commerce.search.indexing", "commerce.search"}:
            raise
        return False
    update = getattr(indexing, "update_products_search_index", None)
    if update is None:
        return False
    update(product_ids)
    return True


# --- Entry point ---------------------------------------------------------------------------


def load_demo_catalog(today: date | None = None, *, export: Path | None = None) -> DemoResult:
    """Set the catalog up, import the products from the bundled registry export through
    catalog_sync, then dress them; all in one transaction. Safe to rerun: nothing changes."""
    today = today or timezone.localdate()
    result = DemoResult()
    with transaction.atomic():
        channels = ensure_channels()
        producer_pages = ensure_producer_page_type()
        attrs = ensure_product_attributes(producer_pages.page_type)
        product_type = ensure_product_type(attrs)
        pack_assignment = AttributeVariant.objects.get(attribute=attrs.pack_size, product_type=product_type)
        categories = ensure_categories()
        producers = ensure_producers(producer_pages)
        ensure_warehouses(producers, channels)
        ensure_people()
        ensure_sync_app()
        import_products(export or DEMO_EXPORT, today, result)
        synced = dress_products(
            product_type=product_type, attrs=attrs, pack_assignment=pack_assignment, categories=categories, channels=channels, result=result
        )
        ensure_collections(channels, collection_members(synced))
        ensure_shipping(channels)
    # Outside the transaction: the index is derived data, and a failure there must not undo
    # the catalog (the products stay marked `search_index_dirty` for the indexing task).
    try:
        result.search_indexed = update_search_index()
    except Exception:  # noqa: BLE001 — report and carry on; the catalog is already committed
        logger.exception("Search indexing of the demo catalog failed; products stay marked dirty.")
    return result
