"""The wholesale pages: the same gate as the API, quick order by table and CSV with bad rows
reported by row/column/reason, the checkout's rule messages, reorder, saved lists, documents."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from commerce.business.models import BusinessAccount, BusinessAccountStatus, SavedList
from commerce.checkout.models import Checkout
from commerce.order.models import Order

from .conftest import APPLICATION, make_shop

pytestmark = pytest.mark.django_db
PASSWORD = "Gift-shop-pass-1"


def signed_in(user) -> Client:
    client = Client()
    response = client.post("/account/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_anonymous_is_sent_to_sign_in(wholesale):
    response = Client().get("/wholesale/quick-order/")
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/?next=/wholesale/quick-order/")


@pytest.mark.parametrize(
    "status, words",
    [(None, "chưa đăng ký mua sỉ"), (BusinessAccountStatus.APPLIED, "đang chờ duyệt"), (BusinessAccountStatus.DECLINED, "đã bị từ chối")],
)
def test_unapproved_shops_cannot_order_from_the_pages(wholesale, status, words):
    client = signed_in(make_shop("shop@example.com", status))
    for path in ("/wholesale/quick-order/", "/wholesale/checkout/", "/wholesale/lists/"):
        response = client.get(path)
        assert response.status_code == 403 and words in text(response)
    response = client.post("/wholesale/quick-order/", {"sku": ["MT-100"], "quantity": ["24"]})
    assert response.status_code == 403
    assert not Checkout.objects.exists()


def test_application_form(wholesale, customer_user):
    customer_user.set_password(PASSWORD)
    customer_user.save()
    client = signed_in(customer_user)
    response = client.post("/wholesale/apply/", {**APPLICATION, "tax_code": "0300588568"})
    assert response.status_code == 400
    assert "chữ số kiểm tra (chữ số thứ 10) không đúng" in text(response)
    response = client.post("/wholesale/apply/", {**APPLICATION, "tax_code": "0300588569001"})
    assert response.status_code == 302
    account = BusinessAccount.objects.get(user=customer_user)
    assert (account.status, account.tax_code, account.ward) == ("applied", "0300588569-001", "Phường Tân Ninh")
    assert "Chờ duyệt" in text(client.get("/wholesale/"))


def test_application_errors_in_english(wholesale, customer_user):
    customer_user.set_password(PASSWORD)
    customer_user.save()
    client = signed_in(customer_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/wholesale/apply/", {**APPLICATION, "tax_code": "0300588568", "company_name": "", "ward": "Phường Bến Thành"})
    assert response.status_code == 400
    page = text(response)
    assert "Invalid tax code: the check digit (the 10th digit) is wrong." in page
    assert "Please enter the business name." in page
    assert "This ward or commune is not in Tây Ninh." in page
    assert "Vui lòng" not in page


def test_quick_order_table_adds_good_rows_and_explains_bad_ones(wholesale, approved_shop):
    client = signed_in(approved_shop)
    response = client.post("/wholesale/quick-order/", {"sku": ["MT-100", "BT-200", "XX-9", ""], "quantity": ["30", "40", "5", ""]})
    assert response.status_code == 400
    page = text(response)
    assert "2 dòng chưa được thêm" in page
    assert (
        "1 Số lượng MT-100 MT-100 (Muối tôm Tây Ninh): bán theo thùng 12 đơn vị, số lượng phải là bội số của 12 (ví dụ 24 hoặc 36); bạn đặt 30."
        in page
    )
    assert "3 SKU XX-9 Không có mã hàng XX-9 trong bảng giá sỉ." in page
    assert "Đã thêm vào giỏ: BT-200 × 40" in page
    checkout = Checkout.objects.get(channel__slug="wholesale", user=approved_shop)
    assert [(l.variant.sku, l.quantity) for l in checkout.lines.all()] == [("BT-200", 40)]


def test_quick_order_in_english(wholesale, approved_shop):
    client = signed_in(approved_shop)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get("/wholesale/quick-order/"))
    assert "Quick order by SKU" in page and "Or upload a CSV file" in page and "Saved lists" in page
    response = client.post("/wholesale/quick-order/", {"sku": ["MT-100", "BT-200", "XX-9"], "quantity": ["30", "40", "5"]})
    assert response.status_code == 400
    page = text(response)
    assert "Rows not added: 2" in page
    assert "sold in cases of 12, the quantity must be a multiple of 12 (e.g. 24 or 36); you ordered 30." in page
    assert "SKU XX-9 is not in the wholesale price list." in page
    assert "Added to the cart: BT-200 × 40" in page


def test_quick_order_csv_with_bad_rows(wholesale, approved_shop):
    client = signed_in(approved_shop)
    csv = "\ufeffsku;so_luong\nMT-100;24\nBT-200;abc\nHQ-01\nMT-100;12\nKHONG-CO;10\nHQ-01;6;extra\nBT-200;60\n".encode()
    upload = io.BytesIO(csv)
    upload.name = "don-hang.csv"
    response = client.post("/wholesale/quick-order/", {"csv": upload})
    assert response.status_code == 400
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", response.content.decode())
    assert [(int(n), column, sku) for n, column, sku, _ in rows] == [
        (3, "Số lượng", "BT-200"),
        (4, "Số lượng", "HQ-01"),
        (6, "SKU", "KHONG-CO"),
        (7, "—", "HQ-01"),
    ]
    reasons = {int(n): reason for n, _c, _s, reason in rows}
    assert reasons[3] == "Số lượng phải là số nguyên dương, không phải “abc”."
    assert reasons[4] == "Thiếu số lượng."
    assert reasons[7] == "Dòng có hơn 2 cột; mỗi dòng gồm mã hàng và số lượng."
    # Rows 2 and 5 (24 + 12 = 36 salt, three cases) and 8 (60 rice paper) went in.
    checkout = Checkout.objects.get(channel__slug="wholesale", user=approved_shop)
    assert sorted((l.variant.sku, l.quantity) for l in checkout.lines.all()) == [("BT-200", 60), ("MT-100", 36)]


def test_minimum_value_message_on_the_checkout_page(wholesale, approved_shop):
    client = signed_in(approved_shop)
    client.post("/wholesale/quick-order/", {"sku": ["MT-100"], "quantity": ["24"]})
    page = client.get("/wholesale/checkout/")
    assert page.status_code == 200
    method = re.search(r'name="method" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post("/wholesale/checkout/", {"method": method, "terms": "bank_transfer"})
    assert response.status_code == 400
    assert "Đơn hàng sỉ tối thiểu 1.000.000 ₫ (chưa tính phí giao hàng); đơn của bạn là 768.000 ₫, cần thêm 232.000 ₫." in text(
        response
    ).replace("\xa0", " ")
    assert not Order.objects.exists()


def test_checkout_net30_documents_reorder_and_saved_list(wholesale, net30_shop, settings):
    settings.VIETQR_BANK_BIN, settings.VIETQR_ACCOUNT, settings.VIETQR_ACCOUNT_NAME = "970436", "1017595600", "HTX OCOP TAY NINH"
    client = signed_in(net30_shop)
    client.post("/wholesale/quick-order/", {"sku": ["MT-100", "HQ-01"], "quantity": ["48", "2"]})
    assert client.post("/wholesale/lists/", {"name": "Hàng Tết"}).status_code == 302
    saved = SavedList.objects.get(user=net30_shop)
    assert sorted((i.variant.sku, i.quantity) for i in saved.items.all()) == [("HQ-01", 2), ("MT-100", 48)]
    page = client.get("/wholesale/checkout/").content.decode()
    assert 'value="net30"' in page
    method = re.search(r'name="method" value="([^"]+)"', page).group(1)
    response = client.post("/wholesale/checkout/", {"method": method, "terms": "net30"})
    assert response.status_code == 302, text(response)
    order = Order.objects.get(user=net30_shop)
    assert order.metadata["paymentTerms"] == "net30" and order.charge_status == "none"
    order_page = client.get(response["Location"])
    assert "hạn thanh toán" in text(order_page)
    pdf_url = re.search(r'id="proforma-link" href="([^"]+)"', order_page.content.decode()).group(1).replace("&amp;", "&")
    pdf = client.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf" and "attachment" in pdf["Content-Disposition"]
    flat = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Mã số thuế bên mua: 0100112437" in flat and "MT-100 Muối tôm Tây Ninh — Hũ 100g" in flat and "48 32.000 ₫ 1.536.000 ₫" in flat
    # Another shop cannot read it.
    other = signed_in(make_shop("other@example.com", BusinessAccountStatus.APPROVED, tax_code="0100109106"))
    assert other.get(pdf_url).status_code == 404
    # The account lists the order; reorder and the saved list refill the (now empty) cart.
    account_page = client.get("/wholesale/").content.decode()
    assert f"#{order.number}" in account_page
    reorder_url = re.search(r'action="(/wholesale/orders/[^"]+/reorder/)"', account_page).group(1)
    assert client.post(reorder_url).status_code == 200
    checkout = Checkout.objects.get(channel__slug="wholesale", user=net30_shop)
    assert sorted((l.variant.sku, l.quantity) for l in checkout.lines.all()) == [("HQ-01", 2), ("MT-100", 48)]
    assert client.post(f"/wholesale/lists/{saved.pk}/add/").status_code == 200
    assert sorted((l.variant.sku, l.quantity) for l in checkout.lines.all()) == [("HQ-01", 4), ("MT-100", 96)]
