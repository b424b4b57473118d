"""The staff dashboard (Django admin at /dashboard/): every registered model's pages render on
the demo catalog, the changelists' SQL does not grow with the page, and the customised parts
(e-mail login, prices, app tokens) work."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.apps import apps
from django.utils import timezone

from commerce.account.models import User
from commerce.app.models import App, AppToken, hash_token
from commerce.payment import services as payment_services
from commerce.payment.models import WebhookDelivery
from commerce.dashboard.admin import FallbackModelAdmin, format_vnd, register_remaining_models
from commerce.page.models import Page, PageTranslation
from commerce.product.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
    VariantMedia,
)
from commerce.business.models import BusinessAccount, OrderTerms, SavedList, SavedListItem, WholesaleChannelTerms, WholesaleRule
from commerce.checkout.models import Checkout, CheckoutLine
from commerce.discount.models import Voucher, VoucherChannelListing, VoucherCustomer
from commerce.notifications.models import PendingEmail
from commerce.order.models import Fulfillment, FulfillmentLine, Order, OrderEvent, OrderLine
from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
from commerce.warehouse.models import Allocation, Reservation, Stock

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
COMMERCE_MODELS = [
    model
    for config in apps.get_app_configs()
    if config.name.startswith("commerce.")
    for model in config.get_models()
    if model._meta.managed
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo catalog plus one row of each model it does not fill, rolled back afterwards."""
    media_root = tmp_path_factory.mktemp("dashboard-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        with transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            # Uncommitted, so never analysed after the bulk load: plan from the demo's own rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            stock = Stock.objects.filter(quantity__gt=5).select_related("product_variant").first()
            variant = stock.product_variant
            channel = stock.warehouse.channels.first()
            order = Order.objects.create(number=1, channel=channel, currency=channel.currency_code, user_email="a@example.com")
            line = OrderLine.objects.create(
                order=order,
                variant=variant,
                product_name="Demo",
                quantity=1,
                currency=channel.currency_code,
                unit_price_net_amount=1,
                unit_price_gross_amount=1,
                undiscounted_unit_price_gross_amount=1,
                total_price_net_amount=1,
                total_price_gross_amount=1,
                undiscounted_total_price_gross_amount=1,
            )
            Allocation.objects.create(order_line=line, stock=stock, quantity_allocated=1)
            OrderEvent.objects.create(order=order, type="placed")
            PendingEmail.objects.create(order=order, kind="order_confirmed")
            fulfillment = Fulfillment.objects.create(order=order, fulfillment_order=1, warehouse=stock.warehouse)
            FulfillmentLine.objects.create(fulfillment=fulfillment, order_line=line, quantity=1, stock=stock)
            zone = ShippingZone.objects.create(name="Việt Nam", countries=["VN"])
            method = ShippingMethod.objects.create(name="Giao tiêu chuẩn", shipping_zone=zone)
            ShippingMethodChannelListing.objects.create(
                shipping_method=method, channel=channel, currency=channel.currency_code, price_amount=30000
            )
            voucher = Voucher.objects.create(code="TAYNINH10", discount_value_type="percentage")
            VoucherChannelListing.objects.create(voucher=voucher, channel=channel, currency=channel.currency_code, discount_value=10)
            VoucherCustomer.objects.create(voucher=voucher, customer_email="a@example.com")
            checkout = Checkout.objects.create(channel=channel, currency=channel.currency_code)
            checkout_line = CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=2)
            Reservation.objects.create(
                checkout_line=checkout_line, stock=stock, quantity_reserved=2, reserved_until=timezone.now() + timedelta(minutes=20)
            )
            AppToken.objects.create_with_token(App.objects.get(identifier="catalog-sync"), "demo")
            media = ProductMedia.objects.filter(product=stock.product_variant.product_id).first()
            VariantMedia.objects.create(variant=stock.product_variant, media=media)
            thumbnail = Thumbnail(product_media=media, size=256, format="webp")
            thumbnail.image.save("thumb.webp", ContentFile(media.image.read()), save=True)
            page = Page.objects.first()
            PageTranslation.objects.create(page=page, language_code="en", title=f"{page.title} (EN)")
            payment, _ = payment_services.create_transaction(gateway="ocop.payments.vietqr", currency=order.currency, amount=1, order=order)
            payment_services.record_event(payment, "charge_request", 1, psp_reference=payment.reference)
            WebhookDelivery.objects.create(
                provider="bank", event_id="FT-DEMO", event_type="transfer", status="unmatched", amount=1, memo="chuyen tien Tây Ninh"
            )
            shop_owner = User.objects.create_user("giftshop@example.com", "Gift-shop-pass-1")
            account = BusinessAccount.objects.create(
                user=shop_owner,
                company_name="Cửa hàng quà Núi Bà",
                tax_code="0100109106",
                street_address="1 Đường Núi Bà",
                ward="Phường Tân Ninh",
                province="Tây Ninh",
                contact_name="Chị Hoa",
                contact_phone="+84276123456",
                contact_email="giftshop@example.com",
                status="approved",
                net30_granted=True,
            )
            WholesaleRule.objects.create(variant=variant, case_pack=12, min_quantity=24)
            WholesaleChannelTerms.objects.create(channel=channel, min_order_value=500000)
            saved = SavedList.objects.create(user=shop_owner, name="Hàng Tết")
            SavedListItem.objects.create(saved_list=saved, variant=variant, quantity=24)
            OrderTerms.objects.create(order=order, account=account, terms="net30", due_date=timezone.localdate() + timedelta(days=30))
            yield media_root
            transaction.set_rollback(True)


@pytest.fixture
def staff_client(client, demo, settings):
    settings.MEDIA_ROOT = demo
    # The demo's published staff login, through the real login form.
    response = client.post(reverse("admin:login"), {"username": "admin@example.com", "password": "admin"})
    assert response.status_code == 302, response.content[:500]
    return client


def test_every_commerce_model_is_registered():
    assert not register_remaining_models(), "models were left without an admin"
    missing = [model._meta.label for model in COMMERCE_MODELS if not admin.site.is_registered(model)]
    assert missing == []
    explicit = [model._meta.label for model in COMMERCE_MODELS if not isinstance(admin.site._registry[model], FallbackModelAdmin)]
    assert "product.Product" in explicit and "account.User" in explicit


@pytest.mark.django_db
def test_site_header_and_index(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "OCOP Market — quản trị" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(admin_url(ProductVariant, "changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("model,model_admin", REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_pages_of_every_registered_model(staff_client, model, model_admin):
    changelist = admin_url(model, "changelist")
    response = staff_client.get(changelist)
    assert response.status_code == 200, response.content[:2000]
    if model_admin.search_fields:
        assert staff_client.get(changelist, {"q": "Tây Ninh"}).status_code == 200
    obj = model._default_manager.order_by("pk").first()
    if model in COMMERCE_MODELS:
        assert obj is not None, f"the demo has no {model._meta.label} to open"
    if obj is not None:
        response = staff_client.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 200, response.content[:2000]
    if model_admin.has_add_permission(response.wsgi_request):
        assert staff_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.django_db
def test_product_changelist_shows_stars_price_and_picture(staff_client):
    response = staff_client.get(admin_url(Product, "changelist"), {"q": "Muối ớt Tây Ninh Phú Gia Bảo"})
    html = response.content.decode()
    assert "Muối ớt Tây Ninh Phú Gia Bảo" in html
    assert "3 sao" in html and "Hết hiệu lực" in html
    assert "25.000 ₫" in html
    assert '<img src="/media/products/' in html


@pytest.mark.django_db
def test_stars_filter(staff_client):
    response = staff_client.get(admin_url(Product, "changelist"), {"ocop_stars": "5"})
    html = response.content.decode()
    assert "Bánh tráng siêu mỏng Tân Nhiên" in html
    assert "Muối ớt Tây Ninh Phú Gia Bảo" not in html


@pytest.mark.django_db
def test_price_edit_refreshes_the_products_cheapest_price(staff_client):
    listing = ProductVariantChannelListing.objects.select_related("variant", "channel").get(
        variant__sku="TN-OCOP-2020-0007-03", channel__slug="online"
    )
    response = staff_client.post(
        admin_url(ProductVariantChannelListing, "change", listing.pk),
        {
            "variant": listing.variant_id,
            "channel": listing.channel_id,
            "currency": "VND",
            "price_amount": "9000",
            "cost_price_amount": "",
            "prior_price_amount": "",
            "discounted_price_amount": "9000",
            "preorder_quantity_threshold": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    product_listing = ProductChannelListing.objects.get(product=listing.variant.product_id, channel=listing.channel_id)
    assert product_listing.discounted_price_amount == Decimal("9000")


@pytest.mark.django_db
def test_a_staff_edit_of_the_stars_enters_the_badge_history(staff_client):
    from commerce.attribute.models import AssignedProductAttributeValue, AttributeValue, ProductAttributeChange

    assigned = AssignedProductAttributeValue.objects.get(product__name="Muối ớt Tây Ninh Phú Gia Bảo", value__attribute__slug="ocop-stars")
    four = AttributeValue.objects.get(attribute__slug="ocop-stars", slug="4")
    response = staff_client.post(
        admin_url(AssignedProductAttributeValue, "change", assigned.pk),
        {"product": assigned.product_id, "value": four.pk, "sort_order": assigned.sort_order or 0},
    )
    assert response.status_code == 302, response.content[:2000]
    change = ProductAttributeChange.objects.filter(product=assigned.product_id).latest("changed_at")
    assert (change.attribute.slug, change.old_value, change.new_value) == ("ocop-stars", "3", "4")
    assert change.user.email == "admin@example.com" and change.app is None


@pytest.mark.django_db
def test_add_staff_user_by_email(staff_client):
    response = staff_client.post(
        admin_url(User, "add"),
        {"email": "Nhan.Vien@Example.com", "usable_password": "true", "password1": "Tay-Ninh-2025!", "password2": "Tay-Ninh-2025!"},
    )
    assert response.status_code == 302, response.content[:3000]
    user = User.objects.get(email="nhan.vien@example.com")
    assert user.check_password("Tay-Ninh-2025!")
    again = staff_client.post(
        admin_url(User, "add"),
        {"email": "NHAN.VIEN@example.com", "usable_password": "true", "password1": "Tay-Ninh-2025!", "password2": "Tay-Ninh-2025!"},
    )
    assert again.status_code == 200 and "Đã có tài khoản dùng email này." in again.content.decode()


@pytest.mark.django_db
def test_create_app_token_action_shows_the_raw_token_once(staff_client):
    app = App.objects.get(identifier="catalog-sync")
    before = set(AppToken.objects.filter(app=app).values_list("pk", flat=True))
    response = staff_client.post(admin_url(App, "changelist"), {"action": "create_token", "_selected_action": [app.pk]}, follow=True)
    assert response.status_code == 200
    token = AppToken.objects.filter(app=app).exclude(pk__in=before).get()
    shown = [str(m) for m in response.context["messages"]]
    raw = shown[0].split(": ", 1)[1].split(" ", 1)[0]
    assert hash_token(raw) == token.token_hash and raw.endswith(token.token_last_4)
    change_page = staff_client.get(admin_url(App, "change", app.pk)).content.decode()
    assert raw not in change_page


def test_vnd_format():
    assert format_vnd(Decimal("125000.000")) == "125.000 ₫"
    assert format_vnd(None) == "—"
