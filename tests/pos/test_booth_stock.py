"""A product the booth never received: the register's catalog does not offer it, the demo fair
does not list what it could not move to the booth, and a sale of it that arrives anyway (an
old catalog on the device) becomes an order flagged stock_short — not a sale that silently
never becomes one (NON_EXISTING_STOCK)."""

from __future__ import annotations

import json
from decimal import Decimal

from graphql_relay import from_global_id

from commerce.order.models import Order
from commerce.product.models import ProductVariantChannelListing
from commerce.warehouse.models import Stock
from pos.models import Sale
from pos.services import catalog, setup

from .conftest import make_sale, variant_gid

SYNC = "/pos/api/sales/sync"


def _unmoved_product(booth, producer_products, create):
    """One more of the producer's products, priced at the fair, none of it moved to the booth."""
    product = create("Mứt mãng cầu", "MUT-MANG-CAU", 50000)
    setup.apply_fair_prices(booth)
    return product


def _make_product(product_type, channel_online, category, warehouse, stars_attribute, producer, quantity=100):
    from commerce.attribute.models import AssignedProductAttributeValue, Attribute, AttributeValue
    from tests.factories import create_product

    def create(name, sku, price):
        product = create_product(
            name=name,
            product_type=product_type,
            channel=channel_online,
            category=category,
            price=Decimal(price),
            warehouse=warehouse,
            quantity=quantity,
            stars_attribute=stars_attribute,
            stars=4,
            sku=sku,
        )
        attribute = Attribute.objects.get(slug="producer")
        value = AttributeValue.objects.create(
            attribute=attribute, name=producer.title, slug=f"{product.pk}_{producer.pk}", reference_page=producer
        )
        AssignedProductAttributeValue.objects.create(value=value, product=product)
        return product

    return create


def test_the_catalog_offers_only_what_the_booth_holds(
    booth, register, producer_products, product_type, channel_online, category, warehouse, stars_attribute, producer
):
    create = _make_product(product_type, channel_online, category, warehouse, stars_attribute, producer)
    unmoved = _unmoved_product(booth, producer_products, create)
    assert ProductVariantChannelListing.objects.filter(variant=unmoved.default_variant, channel__slug=booth.fair.channel_slug).exists()
    items = catalog.booth_catalog(register)
    assert variant_gid(unmoved) not in {i["variantId"] for i in items}
    assert {i["sku"] for i in items} == {"MUOI-OT", "BANH-TRANG", "MUOI-TOM", "MANG-CAU"}
    # …but its fair price is known, so a sale of it is still checked.
    assert catalog.booth_prices(register)[variant_gid(unmoved)] == 45000


def test_a_sale_of_a_product_the_booth_never_had_becomes_a_flagged_order(
    device_client,
    booth,
    register,
    open_session,
    cashiers,
    producer_products,
    product_type,
    channel_online,
    category,
    warehouse,
    stars_attribute,
    producer,
):
    create = _make_product(product_type, channel_online, category, warehouse, stars_attribute, producer)
    unmoved = _unmoved_product(booth, producer_products, create)
    sale = make_sale(register, open_session, cashiers[0], [(unmoved, 2, 45000, 0), (producer_products[0], 1, 41000, 0)])
    response = device_client.post(SYNC, data=json.dumps({"sales": [sale]}), content_type="application/json")
    assert response.json()["results"][0]["status"] == "accepted"
    recorded = Sale.objects.get(uuid=sale["uuid"])
    assert recorded.stock_short and recorded.needs_review
    assert "no stock record of MUT-MANG-CAU" in recorded.review_note
    assert recorded.order_id and not recorded.order_error
    assert Order.objects.filter(external_reference=sale["uuid"]).count() == 1
    booth_warehouse = from_global_id(booth.warehouse_id)[1]
    assert Stock.objects.get(warehouse_id=booth_warehouse, product_variant=unmoved.default_variant).quantity == -2


def test_another_producers_variant_gets_no_stock_at_the_booth(
    device_client,
    booth,
    register,
    open_session,
    cashiers,
    producer_products,
    product_type,
    channel_online,
    category,
    warehouse,
    stars_attribute,
):
    """The booth's warehouse is not opened for what is not its producer's: that sale stays
    without an order, flagged, with the reason in its note."""
    from tests.factories import create_product

    foreign = create_product(
        name="Mật ong rừng",
        product_type=product_type,
        channel=channel_online,
        category=category,
        price=Decimal(150000),
        warehouse=warehouse,
        quantity=10,
        stars_attribute=stars_attribute,
        stars=4,
        sku="MAT-ONG",
    )
    sale = make_sale(register, open_session, cashiers[0], [(foreign, 1, 150000, 0)])
    device_client.post(SYNC, data=json.dumps({"sales": [sale]}), content_type="application/json")
    recorded = Sale.objects.get(uuid=sale["uuid"])
    assert recorded.needs_review and not recorded.order_id and recorded.order_error
    assert "no order in the core" in recorded.review_note
    booth_warehouse = from_global_id(booth.warehouse_id)[1]
    assert not Stock.objects.filter(warehouse_id=booth_warehouse, product_variant=foreign.default_variant).exists()


def test_the_demo_fair_lists_only_what_it_moved_to_the_booth(
    pos_app, product_type, channel_online, category, warehouse, stars_attribute, producer_page_type
):
    """The demo's producer with a product sold out in its warehouse (as TN-OCOP-2024-0014-01
    is in the demo catalog): ensure_demo_fair moves stock for every product the fair lists."""
    from commerce.attribute.models import Attribute, AttributeEntityType, AttributeInputType, AttributeProduct
    from commerce.page.models import Page
    from pos import demo

    tan_nhien = Page.objects.create(title=demo.PRODUCER_TITLE, slug="tan-nhien", page_type=producer_page_type, is_published=True)
    attribute = Attribute.objects.create(
        slug="producer", name="Chủ thể", input_type=AttributeInputType.REFERENCE, entity_type=AttributeEntityType.PAGE
    )
    AttributeProduct.objects.create(attribute=attribute, product_type=product_type)
    in_stock = _make_product(product_type, channel_online, category, warehouse, stars_attribute, tan_nhien)(
        "Bánh tráng siêu mỏng Tân Nhiên", "TN-OCOP-2025-0001-01", 45000
    )
    sold_out = _make_product(product_type, channel_online, category, warehouse, stars_attribute, tan_nhien, quantity=0)(
        "Bánh tráng dẻo tôm Tân Nhiên", "TN-OCOP-2024-0014-01", 35000
    )

    register = demo.ensure_demo_fair()
    booth = register.booth
    booth_warehouse = from_global_id(booth.warehouse_id)[1]
    listed = set(ProductVariantChannelListing.objects.filter(channel__slug=booth.fair.channel_slug).values_list("variant__sku", flat=True))
    assert listed == {"TN-OCOP-2025-0001-01"}
    for sku in listed:
        assert Stock.objects.get(warehouse_id=booth_warehouse, product_variant__sku=sku).quantity > 0
    items = catalog.booth_catalog(register)
    assert [(i["sku"], i["stock"]) for i in items] == [("TN-OCOP-2025-0001-01", demo.UNITS_TO_BOOTH)]
    assert in_stock.pk and sold_out.pk
