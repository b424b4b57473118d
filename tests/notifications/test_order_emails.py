"""Order e-mails: Vietnamese or English by the order's language, VND as the reader writes it,
sent once per order and kind; and one run through a real Celery worker."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from tests.celery_worker import running_worker
from django.core import mail

from commerce.account.models import Address
from commerce.notifications.tasks import send_order_email
from commerce.order.models import Fulfillment, Order, OrderEvents, OrderLine

_numbers = iter(range(5000, 6000))


def make_order(channel, language_code="vi", email="lan@example.com") -> Order:
    address = Address.objects.create(
        first_name="Lan",
        last_name="Nguyễn",
        street_address_1="12 Đường 30/4",
        city="Phường Tân Ninh",
        country_area="Tây Ninh",
        phone="+84276123456",
    )
    order = Order.objects.create(
        number=next(_numbers),
        channel=channel,
        currency="VND",
        user_email=email,
        language_code=language_code,
        shipping_address=address,
        shipping_method_name="Giao hàng tiêu chuẩn",
        subtotal_net_amount=Decimal(95000),
        subtotal_gross_amount=Decimal(95000),
        shipping_price_net_amount=Decimal(30000),
        shipping_price_gross_amount=Decimal(30000),
        total_net_amount=Decimal(125000),
        total_gross_amount=Decimal(125000),
        undiscounted_total_net_amount=Decimal(125000),
        undiscounted_total_gross_amount=Decimal(125000),
    )
    OrderLine.objects.create(
        order=order,
        product_name="Muối tôm Tây Ninh & ớt",
        variant_name="Hũ 200 g",
        translated_product_name="Tây Ninh shrimp salt & chili",
        product_sku="MT-200",
        quantity=2,
        currency="VND",
        unit_price_net_amount=Decimal(47500),
        unit_price_gross_amount=Decimal(47500),
        undiscounted_unit_price_gross_amount=Decimal(47500),
        total_price_net_amount=Decimal(95000),
        total_price_gross_amount=Decimal(95000),
        undiscounted_total_price_gross_amount=Decimal(95000),
    )
    return order


@pytest.fixture(autouse=True)
def _clear_outbox():
    mail.outbox = []


def test_order_confirmed_in_vietnamese(db, channel_online):
    order = make_order(channel_online, "vi")
    assert send_order_email(str(order.pk), "order_confirmed") == "sent"
    (message,) = mail.outbox
    assert message.to == ["lan@example.com"]
    assert message.subject == f"Đã nhận đơn hàng #{order.number} — OCOP Tây Ninh"
    assert "Tổng cộng: 125.000\xa0₫" in message.body
    assert "Muối tôm Tây Ninh & ớt (Hũ 200 g) × 2: 95.000\xa0₫" in message.body
    assert "Phí giao hàng: 30.000\xa0₫" in message.body
    assert "Còn phải thanh toán: 125.000\xa0₫" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Muối tôm Tây Ninh &amp; ớt" in html and "125.000\xa0₫" in html
    assert message.extra_headers["Content-Language"] == "vi"
    assert order.events.filter(type=OrderEvents.EMAIL_SENT, parameters__email_type="order_confirmed").count() == 1


def test_order_confirmed_in_english(db, channel_online):
    order = make_order(channel_online, "en-us")
    send_order_email(str(order.pk), "order_confirmed")
    (message,) = mail.outbox
    assert message.subject == f"Order #{order.number} received — OCOP Tây Ninh"
    assert "Total: ₫125,000" in message.body
    assert "Tây Ninh shrimp salt & chili (Hũ 200 g) × 2: ₫95,000" in message.body
    assert "Tây Ninh shrimp salt &amp; chili" in message.alternatives[0][0]


@pytest.mark.parametrize(
    "language,subject,phrase",
    [
        ("vi", "Đã nhận thanh toán cho đơn hàng #{n}", "Chúng tôi đã nhận đủ 125.000\xa0₫"),
        ("en", "Payment received for order #{n}", "We have received ₫125,000 in full"),
    ],
)
def test_payment_received(db, channel_online, language, subject, phrase):
    order = make_order(channel_online, language)
    order.total_charged_amount = Decimal(125000)
    order.save()
    send_order_email(str(order.pk), "payment_received")
    (message,) = mail.outbox
    assert message.subject == subject.format(n=order.number)
    assert phrase in message.body


@pytest.mark.parametrize(
    "language,phrase,cash",
    [
        ("vi", "Mã vận đơn: GHN123", "Vui lòng chuẩn bị 125.000\xa0₫ để thanh toán khi nhận hàng."),
        ("en", "Tracking number: GHN123", "Please have ₫125,000 ready to pay on delivery."),
    ],
)
def test_shipped_with_tracking_and_cash_to_prepare(db, channel_online, language, phrase, cash):
    order = make_order(channel_online, language)
    Fulfillment.objects.create(order=order, fulfillment_order=1, tracking_number="GHN123")
    # The order app names this kind after its event.
    assert send_order_email(str(order.pk), "order_shipped") == "sent"
    (message,) = mail.outbox
    assert phrase in message.body and cash in message.body


def test_sent_once_per_order_and_kind(db, channel_online):
    order = make_order(channel_online)
    assert send_order_email(str(order.pk), "order_confirmed") == "sent"
    assert send_order_email(str(order.pk), "order_confirmed") == "already_sent"
    assert send_order_email(str(order.pk), "payment_received") == "sent"
    assert len(mail.outbox) == 2


def test_nothing_to_send(db, channel_online):
    order = make_order(channel_online, email="")
    assert send_order_email(str(order.pk), "order_confirmed") == "no_recipient"
    assert send_order_email("00000000-0000-0000-0000-000000000000", "order_confirmed") == "no_order"
    with pytest.raises(ValueError):
        send_order_email(str(order.pk), "birthday")
    assert mail.outbox == []


def test_quick_start_writes_mail_files(db, channel_online, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    order = make_order(channel_online)
    send_order_email(str(order.pk), "order_confirmed")
    (written,) = (tmp_path / "mail").iterdir()
    assert f"#{order.number}".encode() in written.read_bytes()


@pytest.fixture
def celery_worker_app(transactional_db):
    with running_worker(redis_db=14) as app:
        yield app


@pytest.mark.worker
def test_sent_by_a_real_worker(celery_worker_app, channel_online):
    order = make_order(channel_online, "vi")
    result = send_order_email.delay(str(order.pk), "order_confirmed")
    assert result.get(timeout=30) == "sent"
    deadline = time.monotonic() + 10
    while not mail.outbox:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert mail.outbox[0].subject.startswith(f"Đã nhận đơn hàng #{order.number}")
