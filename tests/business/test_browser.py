"""A gift shop in headless Chromium: registers, applies for wholesale, is approved by staff in
the dashboard, orders by SKU table and CSV (a bad row reported), checks out with bank transfer
and downloads the pro-forma invoice, whose text is read back."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from commerce.account.models import User
from commerce.business.models import BusinessAccount
from tests.storefront.browser import SCREENSHOTS, page, snapshot  # noqa: F401 — fixtures (chromium comes from tests/conftest.py)

pytestmark = pytest.mark.browser


@pytest.fixture
def live_wholesale(live_server, wholesale, settings, mailoutbox):
    from config.celery import app

    settings.VIETQR_BANK_BIN, settings.VIETQR_ACCOUNT, settings.VIETQR_ACCOUNT_NAME = "970436", "1017595600", "HTX OCOP TAY NINH"
    User.objects.create_superuser("admin@ocop-tayninh.vn", "Staff-pass-123")
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield live_server
    app.conf.task_always_eager = saved


def test_gift_shop_applies_is_approved_orders_and_downloads_the_proforma(live_wholesale, chromium, page, mailoutbox):  # noqa: F811
    # 1. Register and apply.
    page.goto("/account/register/")
    page.fill("input[name=email]", "hoa@quanuiba.vn")
    page.fill("input[name=first_name]", "Hoa")
    page.fill("input[name=last_name]", "Trần")
    page.fill("input[name=password]", "Gift-shop-pass-1")
    page.fill("input[name=password2]", "Gift-shop-pass-1")
    page.get_by_role("button", name="Đăng ký").click()
    page.goto("/wholesale/apply/")
    page.get_by_label("Tên doanh nghiệp / hộ kinh doanh").fill("Công ty TNHH Quà Tặng Núi Bà")
    page.get_by_label("Mã số thuế").fill("0300588568")  # wrong check digit first
    page.get_by_label("Số nhà, tên đường").fill("5 Đường Trưng Nữ Vương")
    page.get_by_label("Phường/xã").fill("Phường Tân Ninh")
    page.get_by_label("Họ tên").fill("Trần Thị Hoa")
    page.get_by_label("Điện thoại").fill("0903 123 456")
    page.get_by_role("button", name="Gửi hồ sơ").click()
    assert "chữ số kiểm tra" in page.locator(".errors").inner_text()
    page.get_by_label("Mã số thuế").fill("0300588569")
    page.get_by_role("button", name="Gửi hồ sơ").click()
    assert page.locator("[data-status]").get_attribute("data-status") == "applied"
    page.goto("/wholesale/quick-order/")
    assert "đang chờ duyệt" in page.locator("main").inner_text()

    # 2. Staff approve it in the dashboard, with net-30 and a note; the shop gets an e-mail.
    staff = chromium.new_context(base_url=live_wholesale.url, locale="vi-VN")
    admin = staff.new_page()
    admin.goto("/dashboard/login/")
    admin.fill("input[name=username]", "admin@ocop-tayninh.vn")
    admin.fill("input[name=password]", "Staff-pass-123")
    admin.locator("input[type=submit]").click()
    admin.goto("/dashboard/business/businessaccount/")
    admin.locator("input[name=_selected_action]").first.check()
    admin.select_option("select[name=action]", "approve_accounts")
    admin.locator("button[name=index]").click()
    admin.fill("textarea[name=reason]", "Hồ sơ đầy đủ, chào mừng đối tác.")
    admin.check("input[name=net30]")
    admin.get_by_role("button", name="Duyệt").click()
    assert "Đã duyệt 1 hồ sơ" in admin.locator(".messagelist").inner_text()
    staff.close()
    account = BusinessAccount.objects.get(tax_code="0300588569")
    assert account.status == "approved" and account.net30_granted
    decision = [m for m in mailoutbox if "đã được duyệt" in m.subject]
    assert decision and decision[0].to == ["hoa@quanuiba.vn"] and "Hồ sơ đầy đủ, chào mừng đối tác." in decision[0].body

    # 3. Quick order: a table row, then a CSV with one bad row.
    page.goto("/wholesale/quick-order/")
    page.fill("#sku-1", "MT-100")
    page.fill("#qty-1", "36")
    page.get_by_role("button", name="Thêm vào giỏ", exact=True).click()
    assert "MT-100 × 36" in page.locator("#added").inner_text()
    page.set_input_files(
        "#csv", files=[{"name": "don.csv", "mimeType": "text/csv", "buffer": "sku,so_luong\nBT-200,40\nHQ-01,2\nBT-200,15\n".encode()}]
    )
    page.get_by_role("button", name="Tải lên và thêm vào giỏ").click()
    bad = page.locator("table.bad-rows tbody tr")
    assert bad.count() == 1
    assert re.match(r"4\s+Số lượng\s+BT-200\s+BT-200 \(Bánh tráng phơi sương\): bán theo thùng 20", bad.first.inner_text())
    snapshot(page, "wholesale-quick-order")
    assert page.locator("#cart-subtotal").inner_text().replace("\xa0", " ") == "2.172.000 ₫"  # 36×32.000 + 40×18.000 + 2×150.000

    # 4. Check out with bank transfer and download the pro-forma.
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    page.get_by_label("Chuyển khoản (VietQR trên hoá đơn tạm tính) trước khi giao hàng").check()
    page.get_by_role("button", name="Đặt hàng", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Đơn hàng sỉ #")
    snapshot(page, "wholesale-order")
    with page.expect_download() as download_info:
        page.locator("#proforma-link").click()
    path = download_info.value.path()
    data = open(path, "rb").read()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "wholesale-proforma.pdf").write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(SCREENSHOTS / "wholesale-proforma.pdf"),
                str(SCREENSHOTS / "wholesale-proforma"),
            ],
            check=True,
        )
    flat = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "HOÁ ĐƠN TẠM TÍNH (PRO-FORMA)" in flat
    assert "Mã số thuế bên bán: 3901234577" in flat and "Mã số thuế bên mua: 0300588569" in flat
    assert "36 32.000 ₫ 1.152.000 ₫" in flat and "40 18.000 ₫ 720.000 ₫" in flat and "2 150.000 ₫ 300.000 ₫" in flat
    assert "Tổng cộng 2.222.000 ₫" in flat  # + 50.000 shipping
    assert "Số tài khoản: 1017595600" in flat and "Nội dung: OCOP " in flat
    # The confirmation e-mail carries both documents.
    confirmation = [m for m in mailoutbox if "Đã nhận đơn hàng" in m.subject]
    assert confirmation and [a[0].split("-")[0] for a in confirmation[0].attachments] == ["proforma", "phieu"]
    assert page.foreign_requests == []
