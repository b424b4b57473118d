"""A small, real catalog for tests (pytest plugin: fixtures + factory functions)."""

from __future__ import annotations

import io
import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from commerce.account.models import Address
from commerce.attribute.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeType,
    AttributeValue,
)
from commerce.channel.models import Channel
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

_seq = itertools.count(1)


def png_bytes(color=(200, 60, 40), size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def channel_online(db):
    return Channel.objects.create(name="Bán lẻ trực tuyến", slug="online", currency_code="VND", default_country="VN", is_active=True)


@pytest.fixture
def channel_wholesale(db):
    return Channel.objects.create(name="Bán sỉ", slug="wholesale", currency_code="VND", default_country="VN", is_active=True)


@pytest.fixture
def warehouse(db, channel_online):
    address = Address.objects.create(
        street_address_1="12 Đường 30/4", city="Phường Tân Ninh", country_area="Tây Ninh", phone="+84276123456"
    )
    wh = Warehouse.objects.create(name="Kho Phú Gia Bảo", slug="kho-phu-gia-bao", address=address, email="kho@example.com")
    ChannelWarehouse.objects.create(channel=channel_online, warehouse=wh, sort_order=0)
    return wh


@pytest.fixture
def product_type(db):
    return ProductType.objects.create(name="Sản phẩm OCOP", slug="ocop-product", has_variants=True)


@pytest.fixture
def category(db):
    return Category.objects.create(name="Muối & gia vị", slug="muoi-gia-vi")


@pytest.fixture
def stars_attribute(db, product_type):
    attribute = Attribute.objects.create(
        slug="ocop-stars", name="Hạng sao OCOP", input_type=AttributeInputType.DROPDOWN, type=AttributeType.PRODUCT_TYPE
    )
    for stars in range(1, 6):
        AttributeValue.objects.create(attribute=attribute, name=f"{stars} sao", slug=str(stars), sort_order=stars)
    AttributeProduct.objects.create(attribute=attribute, product_type=product_type, sort_order=0)
    return attribute


@pytest.fixture
def producer_page_type(db):
    return PageType.objects.create(name="Chủ thể OCOP", slug="ocop-producer")


@pytest.fixture
def producer_page(db, producer_page_type):
    return Page.objects.create(title="Cơ sở Phú Gia Bảo", slug="phu-gia-bao", page_type=producer_page_type, is_published=True)


def create_product(
    *,
    name: str,
    product_type,
    channel=None,
    category=None,
    price=Decimal("45000"),
    warehouse=None,
    quantity=10,
    stars_attribute=None,
    stars: int | None = None,
    with_image: bool = False,
    published: bool = True,
    sku: str | None = None,
    description: str = "",
) -> Product:
    n = next(_seq)
    product = Product.objects.create(
        name=name,
        slug=f"product-{n}",
        product_type=product_type,
        category=category,
        description={"blocks": [{"type": "paragraph", "data": {"text": description}}]} if description else None,
        description_plaintext=description,
    )
    variant = ProductVariant.objects.create(product=product, sku=sku or f"SKU-{n:05d}", name="Hũ 100g", sort_order=0)
    product.default_variant = variant
    product.save(update_fields=["default_variant"])
    if channel is not None:
        ProductChannelListing.objects.create(
            product=product,
            channel=channel,
            is_published=published,
            visible_in_listings=published,
            published_at=timezone.now() - timedelta(days=1),
            available_for_purchase_at=timezone.now() - timedelta(days=1),
            currency=channel.currency_code,
            discounted_price_amount=price,
        )
        ProductVariantChannelListing.objects.create(
            variant=variant, channel=channel, currency=channel.currency_code, price_amount=price, discounted_price_amount=price
        )
    if warehouse is not None:
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=quantity)
    if stars_attribute is not None and stars is not None:
        value = stars_attribute.values.get(slug=str(stars))
        AssignedProductAttributeValue.objects.create(value=value, product=product, sort_order=0)
    if with_image:
        media = ProductMedia(product=product, alt=name, sort_order=0)
        media.image.save(f"p{n}.png", ContentFile(png_bytes()), save=True)
    return product


@pytest.fixture
def product(db, product_type, channel_online, category, warehouse, stars_attribute):
    return create_product(
        name="Muối ớt Tây Ninh Phú Gia Bảo",
        product_type=product_type,
        channel=channel_online,
        category=category,
        warehouse=warehouse,
        stars_attribute=stars_attribute,
        stars=3,
        with_image=True,
        description="Muối ớt xay nhuyễn truyền thống của Tây Ninh.",
    )


@pytest.fixture
def products_factory(db, product_type, channel_online, category, warehouse, stars_attribute):
    """Call with a count to get that many published products with image, price, stock, stars."""

    def make(count: int, **overrides):
        return [
            create_product(
                name=overrides.get("name", f"Bánh tráng phơi sương {i}"),
                product_type=product_type,
                channel=channel_online,
                category=category,
                warehouse=warehouse,
                stars_attribute=stars_attribute,
                stars=3 + i % 3,
                with_image=overrides.get("with_image", True),
                price=Decimal(20000 + 1000 * i),
            )
            for i in range(count)
        ]

    return make


def aware(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))
