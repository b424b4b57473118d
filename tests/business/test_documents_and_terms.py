"""Pro-forma invoice and delivery note as PDFs with both tax codes, attached to the wholesale
confirmation; net-30 orders placed unpaid with a due date and reminded by the beat task."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from commerce.business.documents import delivery_note_pdf, proforma_pdf
from commerce.business.models import OrderTerms
from commerce.business.tasks import send_payment_reminders
from commerce.notifications.tasks import send_order_email
from commerce.order.models import Order, OrderChargeStatus
from commerce.payment.services import create_manual_charge

from tests.checkout.conftest import shipping_method  # noqa: F401 — fixture

from .conftest import api, complete, create, place_order, prepare_for_completion

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def vietqr(settings):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT = "1017595600"
    settings.VIETQR_ACCOUNT_NAME = "HTX OCOP TAY NINH"
    settings.SELLER_TAX_CODE = "3901234577"


def test_proforma_shows_lines_totals_both_tax_codes_and_the_transfer(wholesale, approved_shop, vietqr):
    placed = place_order(approved_shop, wholesale, [(wholesale["salt"], 36), (wholesale["paper"], 40)])
    order = Order.objects.get(number=placed["number"])
    text = pdf_text(proforma_pdf(order))
    flat = " ".join(text.split())
    assert "HOÁ ĐƠN TẠM TÍNH (PRO-FORMA)" in flat
    assert f"Số: PF-{order.number}" in flat
    assert "Mã số thuế bên bán: 3901234577" in flat
    assert "Mã số thuế bên mua: 0300588569" in flat
    assert "Công ty TNHH Quà Tặng Núi Bà" in flat
    # Lines: SKU, name, quantity, unit price, line total (36 × 32.000; 40 × 18.000)
    assert "MT-100 Muối tôm Tây Ninh — Hũ 100g" in flat and "36 32.000 ₫ 1.152.000 ₫" in flat
    assert "3 thùng × 12" in flat
    assert "BT-200 Bánh tráng phơi sương — Hũ 100g" in flat and "40 18.000 ₫ 720.000 ₫" in flat
    assert "Cộng tiền hàng 1.872.000 ₫" in flat
    assert "Phí giao hàng (Xe tải nội tỉnh) 50.000 ₫" in flat
    assert "Tổng cộng 1.922.000 ₫" in flat
    assert "Chuyển khoản trước khi giao hàng" in flat
    assert "Số tài khoản: 1017595600" in flat
    # The memo names the order's VietQR transaction, the one the bank notification matches.
    from commerce.payment.models import TransactionItem

    item = TransactionItem.objects.get(order=order, gateway="ocop.payments.vietqr")
    assert f"Nội dung: OCOP {item.reference}" in flat
    assert "Số tiền: 1.922.000 ₫" in flat
    # Rendering again reuses the same transfer.
    proforma_pdf(order)
    assert TransactionItem.objects.filter(order=order).count() == 1


def test_delivery_note(wholesale, approved_shop, vietqr):
    placed = place_order(approved_shop, wholesale, [(wholesale["salt"], 36), (wholesale["box"], 5)])
    order = Order.objects.get(number=placed["number"])
    flat = " ".join(pdf_text(delivery_note_pdf(order)).split())
    assert "PHIẾU GIAO HÀNG" in flat and f"GH-{order.number}" in flat
    assert "Mã số thuế bên bán: 3901234577" in flat and "Mã số thuế bên mua: 0300588569" in flat
    assert "MT-100 Muối tôm Tây Ninh — Hũ 100g 36 3 thùng × 12" in flat
    assert "HQ-01 Hộp quà Núi Bà — Hũ 100g 5" in flat
    assert "Tổng số lượng 41" in flat
    assert "Giao đến: Trần Hoa, 5 Đường Trưng Nữ Vương, Phường Tân Ninh, Tây Ninh, +84903123456" in flat
    assert "Người nhận hàng" in flat


def test_wholesale_confirmation_carries_both_pdfs(wholesale, approved_shop, vietqr, mailoutbox):
    placed = place_order(approved_shop, wholesale, [(wholesale["salt"], 36)])
    order = Order.objects.get(number=placed["number"])
    assert send_order_email(str(order.pk), "order_confirmed") == "sent"
    [message] = mailoutbox
    names = [a[0] for a in message.attachments]
    assert names == [f"proforma-{order.number}.pdf", f"phieu-giao-hang-{order.number}.pdf"]
    assert "Mã số thuế bên mua: 0300588569" in " ".join(pdf_text(message.attachments[0][1]).split())


def test_online_confirmation_has_no_attachments(product, shipping_method, mailoutbox):
    from tests.checkout.conftest import complete as complete_online, create_checkout, ship_to, variant_id
    from tests.conftest import ApiClient

    client = ApiClient()
    checkout = create_checkout(client, [{"variantId": variant_id(product), "quantity": 1}])["checkout"]
    ship_to(client, checkout["id"], shipping_method)
    order = complete_online(client, checkout["id"])["order"]
    assert send_order_email(str(Order.objects.get(number=order["number"]).pk), "order_confirmed") == "sent"
    assert mailoutbox[0].attachments == []


def test_net30_order_is_placed_unpaid_with_a_due_date(wholesale, net30_shop, vietqr):
    placed = place_order(net30_shop, wholesale, [(wholesale["salt"], 48)], {"paymentTerms": "net30"})
    due = timezone.localdate() + timedelta(days=30)
    assert placed["isPaid"] is False and placed["chargeStatus"] == "NONE" and placed["status"] == "UNFULFILLED"
    metadata = {m["key"]: m["value"] for m in placed["metadata"]}
    assert metadata["paymentTerms"] == "net30" and metadata["paymentDueDate"] == due.isoformat()
    terms = OrderTerms.objects.get(order__number=placed["number"])
    assert (terms.terms, terms.due_date) == ("net30", due)
    flat = " ".join(pdf_text(proforma_pdf(terms.order)).split())
    assert f"Trả chậm 30 ngày — hạn thanh toán: {due.strftime('%d/%m/%Y')}" in flat


def test_net30_refused_for_accounts_without_it(wholesale, approved_shop):
    client = api(approved_shop)
    checkout = create(client, [(wholesale["salt"], 48)])["checkout"]
    prepare_for_completion(client, checkout["id"], wholesale["shipping"])
    result = complete(client, checkout["id"], {"paymentTerms": "net30"})
    assert result["order"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("paymentData", "INVALID")]
    assert "chưa được trả chậm 30 ngày" in result["errors"][0]["message"]
    assert not Order.objects.exists()


def test_reminders_before_and_after_the_due_date(wholesale, net30_shop, vietqr, mailoutbox):
    first = place_order(net30_shop, wholesale, [(wholesale["salt"], 48)], {"paymentTerms": "net30"})
    second = place_order(net30_shop, wholesale, [(wholesale["paper"], 60)], {"paymentTerms": "net30"})
    due = OrderTerms.objects.get(order__number=first["number"]).due_date
    # Long before the due date: nothing.
    assert send_payment_reminders(today=due - timedelta(days=10)) == 0
    # Three days before: one reminder per unpaid order, once.
    assert send_payment_reminders(today=due - timedelta(days=3)) == 2
    assert send_payment_reminders(today=due - timedelta(days=2)) == 0
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects == sorted(
        f"Nhắc hạn thanh toán đơn hàng #{n} ({due.strftime('%d/%m/%Y')}) — OCOP Tây Ninh" for n in (first["number"], second["number"])
    )
    assert mailoutbox[0].to == ["ketoan@quanuiba.vn"]
    assert "Số tiền còn phải thanh toán: 1.586.000\xa0₫ (tổng đơn 1.586.000\xa0₫)" in next(
        m.body for m in mailoutbox if str(first["number"]) in m.subject
    )
    assert mailoutbox[0].attachments[0][0].startswith("proforma-")
    # The second order is paid; after the due date only the first is overdue.
    create_manual_charge(Order.objects.get(number=second["number"]))
    assert Order.objects.get(number=second["number"]).charge_status == OrderChargeStatus.FULL
    mailoutbox.clear()
    assert send_payment_reminders(today=due + timedelta(days=1)) == 1
    assert [m.subject for m in mailoutbox] == [f"Đơn hàng #{first['number']} đã quá hạn thanh toán — OCOP Tây Ninh"]
    assert send_payment_reminders(today=due + timedelta(days=5)) == 0
