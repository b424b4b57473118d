"""Fills the bench database with a large OCOP catalog, fast: bulk inserts in batches.

Each product has a category, the `ocop-stars` dropdown and a `producer` reference to a page of
type `ocop-producer`, one or two variants listed in channel `online` with stock, and a
ProductMedia row pointing at one shared small image (the file is written once).
"""

from __future__ import annotations

import io
import random
import time
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image

from commerce.account.models import Address
from commerce.attribute.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeEntityType,
    AttributeInputType,
    AttributeProduct,
    AttributeType,
    AttributeValue,
)
from commerce.channel.models import Channel
from commerce.core.slugs import vn_slugify
from commerce.page.models import Page, PageType
from commerce.product.models import (
    Category,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from commerce.warehouse.models import ChannelWarehouse, Stock, Warehouse

IMAGE_NAME = "products/ocop-bench.png"
SLUG_PREFIX = "bench-"

KINDS = [
    ("Bánh tráng phơi sương", "Bánh tráng"),
    ("Bánh tráng nướng mè đen", "Bánh tráng"),
    ("Muối ớt Tây Ninh", "Muối & gia vị"),
    ("Muối tôm", "Muối & gia vị"),
    ("Mãng cầu sấy dẻo", "Trái cây sấy"),
    ("Chuối sấy giòn", "Trái cây sấy"),
    ("Trà mãng cầu", "Trà & đồ uống"),
    ("Nước mãng cầu lên men", "Trà & đồ uống"),
    ("Mật ong hoa nhãn", "Mật ong"),
    ("Tinh bột nghệ", "Dược liệu"),
    ("Nhang trầm", "Thủ công mỹ nghệ"),
    ("Giỏ đan lục bình", "Thủ công mỹ nghệ"),
    ("Đậu phộng rang muối", "Hạt & đậu"),
    ("Hạt điều rang", "Hạt & đậu"),
    ("Nước mắm cá linh", "Nước chấm"),
    ("Bò tơ sấy", "Thịt khô"),
]
PLACES = ["Trảng Bàng", "Gò Dầu", "Hòa Thành", "Châu Thành", "Tân Biên", "Dương Minh Châu", "Bến Cầu", "Tân Châu", "Long An", "Bến Lức"]
SIZES = ["Hũ 100g", "Hũ 200g", "Gói 250g", "Hộp 500g", "Chai 500ml"]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 60, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def ensure_image() -> str:
    if not default_storage.exists(IMAGE_NAME):
        return default_storage.save(IMAGE_NAME, ContentFile(png_bytes()))
    return IMAGE_NAME


def bench_product_count() -> int:
    return Product.objects.filter(slug__startswith=SLUG_PREFIX).count()


STATUSES = (("valid", "Còn hiệu lực"), ("lapsed", "Hết hiệu lực"), ("revoked", "Thu hồi"))


def _base(log):
    channel, _ = Channel.objects.get_or_create(
        slug="online", defaults={"name": "Bán lẻ trực tuyến", "currency_code": "VND", "default_country": "VN", "is_active": True}
    )
    warehouse = Warehouse.objects.filter(slug="kho-bench").first()
    if warehouse is None:
        address = Address.objects.create(
            street_address_1="1 Đường 30/4", city="Phường Tân Ninh", country_area="Tây Ninh", phone="+84276123456"
        )
        warehouse = Warehouse.objects.create(name="Kho bench", slug="kho-bench", address=address, email="kho@example.com")
    ChannelWarehouse.objects.get_or_create(channel=channel, warehouse=warehouse, defaults={"sort_order": 0})
    product_type, _ = ProductType.objects.get_or_create(slug="ocop-product", defaults={"name": "Sản phẩm OCOP", "has_variants": True})
    page_type, _ = PageType.objects.get_or_create(slug="ocop-producer", defaults={"name": "Chủ thể OCOP"})
    stars, created = Attribute.objects.get_or_create(
        slug="ocop-stars", defaults={"name": "Hạng sao OCOP", "input_type": AttributeInputType.DROPDOWN, "type": AttributeType.PRODUCT_TYPE}
    )
    if created or not stars.values.exists():
        AttributeValue.objects.bulk_create(
            [AttributeValue(attribute=stars, name=f"{n} sao", slug=str(n), sort_order=n) for n in range(1, 6)]
        )
    producer, _ = Attribute.objects.get_or_create(
        slug="producer",
        defaults={
            "name": "Chủ thể OCOP",
            "input_type": AttributeInputType.REFERENCE,
            "entity_type": AttributeEntityType.PAGE,
            "type": AttributeType.PRODUCT_TYPE,
        },
    )
    producer.reference_page_types.add(page_type)
    # The badge's state: the home page and the "OCOP certified" listings show valid badges only.
    status, created = Attribute.objects.get_or_create(
        slug="ocop-status",
        defaults={"name": "Tình trạng chứng nhận", "input_type": AttributeInputType.DROPDOWN, "type": AttributeType.PRODUCT_TYPE},
    )
    if created or not status.values.exists():
        AttributeValue.objects.bulk_create(
            [AttributeValue(attribute=status, name=name, slug=slug, sort_order=n) for n, (slug, name) in enumerate(STATUSES)]
        )
    AttributeProduct.objects.get_or_create(attribute=stars, product_type=product_type, defaults={"sort_order": 0})
    AttributeProduct.objects.get_or_create(attribute=producer, product_type=product_type, defaults={"sort_order": 1})
    AttributeProduct.objects.get_or_create(attribute=status, product_type=product_type, defaults={"sort_order": 2})
    categories = {}
    for _, category_name in KINDS:
        if category_name not in categories:
            categories[category_name], _ = Category.objects.get_or_create(slug=vn_slugify(category_name), defaults={"name": category_name})
    return channel, warehouse, product_type, page_type, stars, producer, categories


def _producers(page_type, count: int) -> list[Page]:
    existing = list(Page.objects.filter(page_type=page_type, slug__startswith=SLUG_PREFIX).order_by("pk"))
    if len(existing) >= count:
        return existing[:count]
    now = timezone.now()
    kinds = ["HTX", "Cơ sở", "Công ty TNHH", "Hộ kinh doanh", "Tổ hợp tác"]
    new = [
        Page(
            title=f"{kinds[i % len(kinds)]} {PLACES[i % len(PLACES)]} số {i}",
            slug=f"{SLUG_PREFIX}producer-{i}",
            page_type=page_type,
            is_published=True,
            published_at=now - timedelta(days=30),
            content={"blocks": [{"type": "paragraph", "data": {"text": "Chủ thể OCOP của tỉnh Tây Ninh."}}]},
        )
        for i in range(len(existing), count)
    ]
    return existing + Page.objects.bulk_create(new)


def fill(count: int = 10_000, *, batch_size: int = 1000, seed: int = 2025, log=print) -> int:
    """Add bench products until there are `count`; returns how many were created."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        channel, warehouse, product_type, page_type, stars, producer, categories = _base(log)
        pages = _producers(page_type, max(count // 40, 10))
    star_values = {v.slug: v for v in stars.values.all()}
    star_values.update({f"status:{v.slug}": v for v in AttributeValue.objects.filter(attribute__slug="ocop-status")})
    image = ensure_image()
    have = bench_product_count()
    created = 0
    now = timezone.now()
    for start in range(have, count, batch_size):
        stop = min(start + batch_size, count)
        with transaction.atomic():
            _batch(range(start, stop), rng, now, channel, warehouse, product_type, categories, pages, star_values, producer, image)
        created += stop - start
        log(f"  {stop:>6} products ({time.perf_counter() - started:.1f}s)", flush=True)
    if created:
        # As after any bulk load (and as autovacuum would within a minute or so): fresh planner
        # statistics, or the first measurements plan for the empty tables the load started from.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return created


def _batch(indexes, rng, now, channel, warehouse, product_type, categories, pages, star_values, producer, image):
    products = []
    for i in indexes:
        kind, category_name = KINDS[i % len(KINDS)]
        place = PLACES[(i // len(KINDS)) % len(PLACES)]
        name = f"{kind} {place} {i + 1}"
        text = f"{kind} đặc sản {place}, sản phẩm OCOP của tỉnh Tây Ninh."
        products.append(
            Product(
                product_type=product_type,
                name=name,
                slug=f"{SLUG_PREFIX}{vn_slugify(name)}",
                category=categories[category_name],
                description={"blocks": [{"type": "paragraph", "data": {"text": text}}]},
                description_plaintext=text,
                seo_title=name[:70],
                created_at=now - timedelta(minutes=i),
                search_index_dirty=True,
            )
        )
    products = Product.objects.bulk_create(products)
    variants = []
    for product in products:
        for n in range(1 if product.pk % 4 else 2):
            variants.append(
                ProductVariant(product=product, sku=f"BENCH-{product.pk}-{n}", name=SIZES[(product.pk + n) % len(SIZES)], sort_order=n)
            )
    variants = ProductVariant.objects.bulk_create(variants)
    first_variant = {}
    for variant in variants:
        first_variant.setdefault(variant.product_id, variant)
    for product in products:
        product.default_variant = first_variant[product.pk]
    Product.objects.bulk_update(products, ["default_variant"])
    prices = {v.pk: Decimal(rng.randrange(20, 400) * 1000) for v in variants}
    lowest = {}
    for variant in variants:
        lowest[variant.product_id] = min(lowest.get(variant.product_id, prices[variant.pk]), prices[variant.pk])
    yesterday = now - timedelta(days=1)
    ProductChannelListing.objects.bulk_create(
        [
            ProductChannelListing(
                product=p,
                channel=channel,
                is_published=True,
                visible_in_listings=True,
                published_at=yesterday,
                available_for_purchase_at=yesterday,
                currency=channel.currency_code,
                discounted_price_amount=lowest[p.pk],
            )
            for p in products
        ]
    )
    ProductVariantChannelListing.objects.bulk_create(
        [
            ProductVariantChannelListing(
                variant=v, channel=channel, currency=channel.currency_code, price_amount=prices[v.pk], discounted_price_amount=prices[v.pk]
            )
            for v in variants
        ]
    )
    Stock.objects.bulk_create([Stock(warehouse=warehouse, product_variant=v, quantity=rng.randrange(0, 200)) for v in variants])
    ProductMedia.objects.bulk_create([ProductMedia(product=p, image=image, alt=p.name, sort_order=0) for p in products])
    references = AttributeValue.objects.bulk_create(
        [
            AttributeValue(attribute=producer, name=page.title, slug=f"{p.pk}_{page.pk}", reference_page=page)
            for p in products
            for page in [pages[p.pk % len(pages)]]
        ]
    )
    assignments = [AssignedProductAttributeValue(product=p, value=star_values[str(3 + p.pk % 3)], sort_order=0) for p in products]
    # One badge in twenty has lapsed, as in the registry's older decisions.
    assignments += [
        AssignedProductAttributeValue(product=p, value=star_values["status:lapsed" if p.pk % 20 == 0 else "status:valid"], sort_order=2)
        for p in products
    ]
    assignments += [AssignedProductAttributeValue(product_id=int(v.slug.split("_")[0]), value=v, sort_order=1) for v in references]
    AssignedProductAttributeValue.objects.bulk_create(assignments)


def index_search() -> int | None:
    """Run the search indexer when the core has one; None when it does not (yet)."""
    try:
        from commerce.search.indexing import update_products_search_index
    except ImportError:
        return None
    return update_products_search_index()
