"""Builds the demo catalog from `catalog.py`, idempotently and in one transaction.

Every object is found by its natural key (slug, SKU, external reference, e-mail…) and updated in
place, so a second run changes nothing and duplicates nothing. OCOP data is written the Saleor
way: stars, certificate, dates, authority, score, group and status are product attributes;
producers are pages of type `ocop-producer` referenced from products.
"""
from __future__ import annotations

import calendar
import hashlib
import importlib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timezone as dt_timezone
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

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
from commerce.demo import catalog, images
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


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def wholesale_price(retail: int) -> int:
    return int(retail * catalog.WHOLESALE_RATE) // 1000 * 1000


def certificate_status(spec: dict, valid_until: date, today: date) -> str:
    if spec.get("revoked"):
        return "revoked"
    return "valid" if valid_until >= today else "lapsed"


def certificate_number(spec: dict, decision_no: str, decision_date: date) -> str:
    issuer = "BNNMT" if spec["stars"] == 5 else "UBND"
    return f"{spec['code'][-4:]}/{decision_date.year}/GCN-{issuer}"


@dataclass
class DemoResult:
    products: list[int] = field(default_factory=list)
    created_products: int = 0
    images_drawn: int = 0
    search_indexed: bool = False

    def summary(self) -> str:
        text = (
            f"Demo catalog ready: {len(self.products)} products ({self.created_products} new), "
            f"{self.images_drawn} images drawn"
        )
        return text + ("; search index updated." if self.search_indexed else ".")


# --- Attributes ----------------------------------------------------------------------------


def _translate_attribute(attribute: Attribute, name_en: str) -> None:
    AttributeTranslation.objects.update_or_create(attribute=attribute, language_code="en", defaults={"name": name_en})


def _attribute(slug: str, name: str, name_en: str, input_type: str, *, type=AttributeType.PRODUCT_TYPE, **extra) -> Attribute:
    defaults = {"name": name, "type": type, "input_type": input_type, **extra}
    attribute, _ = Attribute.objects.update_or_create(slug=slug, defaults=defaults)
    _translate_attribute(attribute, name_en)
    return attribute


def _choice(attribute: Attribute, slug: str, name: str, name_en: str | None, sort_order: int) -> AttributeValue:
    value, _ = AttributeValue.objects.update_or_create(
        attribute=attribute, slug=slug, defaults={"name": name, "sort_order": sort_order}
    )
    if name_en:
        AttributeValueTranslation.objects.update_or_create(
            attribute_value=value, language_code="en", defaults={"name": name_en}
        )
    return value


def owner_key(instance) -> str:
    """The prefix of an object's own values, as commerce.attribute.services writes them:
    the product's id (Saleor's f"{product.id}_{attribute.id}"), "page<id>" for pages."""
    return f"page{instance.pk}" if isinstance(instance, Page) else str(instance.pk)


def _own_value(instance, attribute: Attribute, **fields) -> AttributeValue:
    """A value made for one object (text, date, number), keyed as Saleor keys it."""
    value, _ = AttributeValue.objects.update_or_create(
        attribute=attribute, slug=f"{owner_key(instance)}_{attribute.pk}", defaults=fields
    )
    return value


def _reference_value(instance, attribute: Attribute, page: Page) -> AttributeValue:
    # Saleor keys a reference value by the referring and the referred object.
    value, _ = AttributeValue.objects.update_or_create(
        attribute=attribute, slug=f"{owner_key(instance)}_{page.pk}", defaults={"name": page.title, "reference_page": page}
    )
    return value


def _text_fields(text: str) -> dict:
    return {"name": text[:200], "plain_text": text}


def _date_fields(day: date) -> dict:
    return {"name": day.isoformat(), "date_time": datetime(day.year, day.month, day.day, tzinfo=dt_timezone.utc)}


def _numeric_fields(number) -> dict:
    return {"name": f"{float(number):g}", "numeric": float(number)}


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
            self.stars, self.certificate_no, self.decision_date, self.valid_until, self.authority,
            self.score, self.group, self.status, self.producer,
        ]


def ensure_product_attributes(producer_page_type: PageType) -> Attributes:
    text = AttributeInputType.PLAIN_TEXT
    not_filterable = {"filterable_in_storefront": False, "filterable_in_dashboard": False}
    stars = _attribute("ocop-stars", "Hạng sao OCOP", "OCOP stars", AttributeInputType.DROPDOWN, storefront_search_position=1)
    star_values = {n: _choice(stars, str(n), f"{n} sao", f"{n} star" + ("s" if n > 1 else ""), n) for n in range(1, 6)}
    group = _attribute("ocop-product-group", "Nhóm sản phẩm OCOP", "OCOP product group", AttributeInputType.DROPDOWN)
    group_values = {
        slug: _choice(group, slug, vi, en, i) for i, (slug, (vi, en)) in enumerate(catalog.PRODUCT_GROUPS.items())
    }
    status = _attribute("ocop-status", "Trạng thái chứng nhận OCOP", "OCOP certificate status", AttributeInputType.DROPDOWN)
    status_values = {
        slug: _choice(status, slug, vi, en, i) for i, (slug, (vi, en)) in enumerate(catalog.CERTIFICATE_STATUSES.items())
    }
    producer = _attribute(
        "producer", "Chủ thể OCOP", "OCOP producer", AttributeInputType.REFERENCE, entity_type=AttributeEntityType.PAGE
    )
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
    product_type, _ = ProductType.objects.update_or_create(
        slug=PRODUCT_TYPE, defaults={"name": "Sản phẩm OCOP", "has_variants": True, "is_shipping_required": True}
    )
    for order, attribute in enumerate(attributes.product_attributes()):
        AttributeProduct.objects.update_or_create(attribute=attribute, product_type=product_type, defaults={"sort_order": order})
    AttributeVariant.objects.update_or_create(
        attribute=attributes.pack_size, product_type=product_type, defaults={"sort_order": 0, "variant_selection": True}
    )
    return product_type


# --- Channels, categories ------------------------------------------------------------------


def ensure_channels() -> dict[str, Channel]:
    channels = {}
    for spec in catalog.CHANNELS:
        fields = {k: v for k, v in spec.items() if k != "slug"}
        channels[spec["slug"]], _ = Channel.objects.update_or_create(slug=spec["slug"], defaults=fields)
    return channels


def ensure_categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for slug, parent_slug, name, name_en in catalog.CATEGORIES:
        description = f"{name} đạt chứng nhận OCOP của tỉnh Tây Ninh."
        category, _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": categories.get(parent_slug),
                "description": editorjs(description),
                "description_plaintext": description,
                "seo_title": name,
            },
        )
        CategoryTranslation.objects.update_or_create(
            category=category, language_code="en",
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
    page_type, _ = PageType.objects.update_or_create(slug=PRODUCER_PAGE_TYPE, defaults={"name": "Chủ thể OCOP"})
    page_attr = {"type": AttributeType.PAGE_TYPE}
    attributes = {
        "producer-type": _attribute("producer-type", "Loại hình chủ thể", "Producer type", AttributeInputType.DROPDOWN, **page_attr),
        "ward-commune": _attribute("ward-commune", "Xã/Phường", "Ward or commune", AttributeInputType.PLAIN_TEXT, **page_attr),
        "province": _attribute("province", "Tỉnh/Thành phố", "Province", AttributeInputType.PLAIN_TEXT, **page_attr),
        "phone": _attribute("phone", "Điện thoại", "Phone", AttributeInputType.PLAIN_TEXT, filterable_in_storefront=False, **page_attr),
    }
    for order, attribute in enumerate(attributes.values()):
        AttributePage.objects.update_or_create(attribute=attribute, page_type=page_type, defaults={"sort_order": order})
    type_values = {
        slug: _choice(attributes["producer-type"], slug, vi, en, i)
        for i, (slug, (vi, en)) in enumerate(catalog.PRODUCER_TYPES.items())
    }
    return ProducerPages(page_type, attributes, type_values)


def _assign_page_value(page: Page, attribute: Attribute, value: AttributeValue, order: int) -> None:
    AssignedPageAttributeValue.objects.filter(page=page, value__attribute=attribute).exclude(value=value).delete()
    AssignedPageAttributeValue.objects.update_or_create(page=page, value=value, defaults={"sort_order": order})


def ensure_producers(pages: ProducerPages) -> dict[str, Page]:
    producers = {}
    for key, spec in catalog.PRODUCERS.items():
        page, _ = Page.objects.update_or_create(
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


def ensure_warehouses(producers: dict[str, Page], channels: dict[str, Channel]) -> dict[str, Warehouse]:
    warehouses = {}
    for order, (key, spec) in enumerate(catalog.PRODUCERS.items()):
        slug = f"kho-{producers[key].slug}"
        address_fields = {
            "company_name": spec["name"],
            "street_address_1": spec["street"],
            "city": spec["commune"],
            "city_area": spec["district"],
            "country_area": catalog.PROVINCE,
            "country": "VN",
            "phone": spec["phone"],
        }
        warehouse = Warehouse.objects.filter(slug=slug).select_related("address").first()
        if warehouse is None:
            warehouse = Warehouse.objects.create(
                slug=slug, name=f"Kho {spec['name']}", address=Address.objects.create(**address_fields),
                email=f"kho.{key}@example.com",
            )
        else:
            Address.objects.filter(pk=warehouse.address_id).update(**address_fields)
            Warehouse.objects.filter(pk=warehouse.pk).update(name=f"Kho {spec['name']}", email=f"kho.{key}@example.com")
        for channel in channels.values():
            ChannelWarehouse.objects.update_or_create(channel=channel, warehouse=warehouse, defaults={"sort_order": order})
        warehouses[key] = warehouse
    return warehouses


# --- Products ------------------------------------------------------------------------------


def _assign_product_value(product: Product, attribute: Attribute, value: AttributeValue, order: int) -> None:
    AssignedProductAttributeValue.objects.filter(product=product, value__attribute=attribute).exclude(value=value).delete()
    AssignedProductAttributeValue.objects.update_or_create(product=product, value=value, defaults={"sort_order": order})


def _product_attributes(product: Product, spec: dict, attrs: Attributes, producer_page: Page, today: date) -> str:
    decision_no, decision_date = catalog.DECISIONS[spec["decision"]]
    valid_until = add_months(decision_date, catalog.CERTIFICATE_MONTHS)
    status = certificate_status(spec, valid_until, today)
    authority = catalog.NATIONAL_AUTHORITY if spec["stars"] == 5 else catalog.PROVINCIAL_AUTHORITY
    values = [
        (attrs.stars, attrs.star_values[spec["stars"]]),
        (attrs.certificate_no, _own_value(product, attrs.certificate_no, **_text_fields(certificate_number(spec, decision_no, decision_date)))),
        (attrs.decision_date, _own_value(product, attrs.decision_date, **_date_fields(decision_date))),
        (attrs.valid_until, _own_value(product, attrs.valid_until, **_date_fields(valid_until))),
        (attrs.authority, _own_value(product, attrs.authority, **_text_fields(authority))),
        (attrs.score, _own_value(product, attrs.score, **_numeric_fields(spec["score"]))),
        (attrs.group, attrs.group_values[spec["group"]]),
        (attrs.status, attrs.status_values[status]),
        (attrs.producer, _reference_value(product, attrs.producer, producer_page)),
    ]
    for order, (attribute, value) in enumerate(values):
        _assign_product_value(product, attribute, value, order)
    return status


def _variants(product: Product, spec: dict, attrs: Attributes, pack_assignment: AttributeVariant,
              channels: dict[str, Channel], warehouse: Warehouse) -> dict[str, int]:
    """Create the pack-size variants with prices and stock; return the cheapest price per channel."""
    cheapest: dict[str, int] = {}
    skus = []
    for order, (pack_vi, pack_en, price, quantity, weight, gtin) in enumerate(spec["packs"]):
        sku = f"{spec['code']}-{order + 1:02d}"
        skus.append(sku)
        variant, _ = ProductVariant.objects.update_or_create(
            sku=sku,
            defaults={
                "product": product, "name": pack_vi, "sort_order": order, "weight_grams": weight,
                "track_inventory": True, "metadata": {"gtin": gtin} if gtin else {},
            },
        )
        ProductVariantTranslation.objects.update_or_create(product_variant=variant, language_code="en", defaults={"name": pack_en})
        assigned, _ = AssignedVariantAttribute.objects.get_or_create(variant=variant, assignment=pack_assignment)
        pack_value = attrs.pack_values[pack_vi]
        AssignedVariantAttributeValue.objects.filter(assignment=assigned).exclude(value=pack_value).delete()
        AssignedVariantAttributeValue.objects.get_or_create(assignment=assigned, value=pack_value, defaults={"sort_order": 0})
        prices = {"online": price, "wholesale": wholesale_price(price)}
        for slug, amount in prices.items():
            ProductVariantChannelListing.objects.update_or_create(
                variant=variant, channel=channels[slug],
                defaults={
                    "currency": channels[slug].currency_code, "price_amount": Decimal(amount),
                    "discounted_price_amount": Decimal(amount), "cost_price_amount": Decimal(int(price * 0.55) // 1000 * 1000),
                },
            )
            cheapest[slug] = min(cheapest.get(slug, amount), amount)
        Stock.objects.update_or_create(warehouse=warehouse, product_variant=variant, defaults={"quantity": quantity})
        if order == 0 and product.default_variant_id != variant.pk:
            Product.objects.filter(pk=product.pk).update(default_variant=variant)
            product.default_variant = variant
    ProductVariant.objects.filter(product=product).exclude(sku__in=skus).delete()
    return cheapest


def _media(product: Product, spec: dict, producer: dict) -> int:
    """Draw the product's pictures unless they are already stored; return how many were drawn."""
    pictures = [("anh-chinh", "webp", f"{spec['name']} — ảnh sản phẩm")]
    if spec["stars"] >= 4 or spec.get("gift") or len(spec["packs"]) > 1:
        pictures.append(("nhan-ocop", "png", f"{spec['name']} — nhãn OCOP {spec['stars']} sao"))
    drawn = 0
    existing = {m.sort_order: m for m in ProductMedia.objects.filter(product=product)}
    for order, (kind, extension, alt) in enumerate(pictures):
        media = existing.get(order)
        if media and media.image and media.image.storage.exists(media.image.name):
            if media.alt != alt:
                ProductMedia.objects.filter(pk=media.pk).update(alt=alt)
            continue
        if kind == "anh-chinh":
            content = images.draw_packshot(name=spec["name"], group=spec["group"], category=spec["category"], stars=spec["stars"])
        else:
            content = images.draw_label(
                name=spec["name"], group=spec["group"], producer=producer["name"], commune=producer["commune"],
                stars=spec["stars"], packs=[pack[0] for pack in spec["packs"]], fmt="PNG",
            )
        media = media or ProductMedia(product=product, sort_order=order, type=ProductMediaTypes.IMAGE)
        media.alt = alt
        media.image.save(f"{product.slug}-{kind}.{extension}", ContentFile(content), save=False)
        media.save()
        drawn += 1
    return drawn


def ensure_product(spec: dict, *, product_type: ProductType, categories, attrs: Attributes, pack_assignment,
                   producers: dict[str, Page], warehouses, channels, today: date, result: DemoResult) -> tuple[Product, str]:
    producer = catalog.PRODUCERS[spec["producer"]]
    origin = f"Chủ thể: {producer['name']} ({producer['commune']}, {catalog.PROVINCE})."
    origin_en = f"Made by {producer['name']} ({producer['commune']}, {catalog.PROVINCE} province)."
    product, created = Product.objects.update_or_create(
        external_reference=spec["code"],
        defaults={
            "product_type": product_type,
            "name": spec["name"],
            "slug": vn_slugify(spec["name"]),
            "description": editorjs(spec["description"], origin),
            "description_plaintext": f"{spec['description']} {origin}",
            "category": categories[spec["category"]],
            "seo_title": spec["name"][:70],
            "seo_description": spec["description"][:300],
            "search_index_dirty": True,
        },
    )
    result.created_products += created
    ProductTranslation.objects.update_or_create(
        product=product, language_code="en",
        defaults={
            "name": spec["name_en"], "description": editorjs(spec["description_en"], origin_en),
            "seo_title": spec["name_en"][:70], "seo_description": spec["description_en"][:300],
        },
    )
    status = _product_attributes(product, spec, attrs, producers[spec["producer"]], today)
    cheapest = _variants(product, spec, attrs, pack_assignment, channels, warehouses[spec["producer"]])
    for slug, channel in channels.items():
        ProductChannelListing.objects.update_or_create(
            product=product, channel=channel,
            defaults={
                "currency": channel.currency_code, "is_published": True, "published_at": PUBLISHED_AT,
                "visible_in_listings": True, "available_for_purchase_at": PUBLISHED_AT,
                "discounted_price_amount": Decimal(cheapest[slug]),
            },
        )
    result.images_drawn += _media(product, spec, producer)
    return product, status


def ensure_collections(channels, members: dict[str, list[Product]]) -> None:
    for spec in catalog.COLLECTIONS:
        collection, _ = Collection.objects.update_or_create(
            slug=spec["slug"],
            defaults={"name": spec["name"], "description": editorjs(spec["description"]), "seo_title": spec["name"]},
        )
        CollectionTranslation.objects.update_or_create(
            collection=collection, language_code="en",
            defaults={"name": spec["name_en"], "description": editorjs(spec["description_en"])},
        )
        CollectionChannelListing.objects.update_or_create(
            collection=collection, channel=channels["online"], defaults={"is_published": True, "published_at": PUBLISHED_AT}
        )
        products = members[spec["slug"]]
        CollectionProduct.objects.filter(collection=collection).exclude(product__in=products).delete()
        for order, product in enumerate(products):
            CollectionProduct.objects.update_or_create(collection=collection, product=product, defaults={"sort_order": order})


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
            first_name="Lan", last_name="Nguyễn", street_address_1="25 đường Cách Mạng Tháng Tám",
            city="Phường Tân Ninh", country_area=catalog.PROVINCE, country="VN", phone="+84912345678",
        )
        customer.default_shipping_address = customer.default_billing_address = address
        customer.save()
        customer.addresses.add(address)


def ensure_sync_app() -> App:
    spec = catalog.SYNC_APP
    app, _ = App.objects.update_or_create(
        identifier=spec["identifier"], defaults={"name": spec["name"], "is_active": True, "about_app": spec["about"]}
    )
    app.permissions.set(_permissions(catalog.CATALOG_PERMISSIONS))
    return app


# --- Search --------------------------------------------------------------------------------


def update_search_index(product_ids: list[int]) -> bool:
    """Index the products if the search module is there yet (it is built separately)."""
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


def load_demo_catalog(today: date | None = None) -> DemoResult:
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
        warehouses = ensure_warehouses(producers, channels)
        members: dict[str, list[Product]] = {"ocop-4-sao-tro-len": [], "qua-tang-du-lich": []}
        for spec in catalog.PRODUCTS:
            product, status = ensure_product(
                spec, product_type=product_type, categories=categories, attrs=attrs, pack_assignment=pack_assignment,
                producers=producers, warehouses=warehouses, channels=channels, today=today, result=result,
            )
            result.products.append(product.pk)
            if spec["stars"] >= 4 and status == "valid":
                members["ocop-4-sao-tro-len"].append(product)
            if spec.get("gift"):
                members["qua-tang-du-lich"].append(product)
        ensure_collections(channels, members)
        ensure_people()
        ensure_sync_app()
    # Outside the transaction: the index is derived data, and a failure there must not undo
    # the catalog (the products stay marked `search_index_dirty` for the indexing task).
    try:
        result.search_indexed = update_search_index(result.products)
    except Exception:  # noqa: BLE001 — report and carry on; the catalog is already committed
        logger.exception("Search indexing of the demo catalog failed; products stay marked dirty.")
    return result
