"""Mã số thuế: 10 digits with a check digit, or 13 written 10-3; the application form says why
a code is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from commerce.business import services
from commerce.business.tax_code import InvalidTaxCode, check_digit, is_valid_tax_code, normalize_tax_code

from .conftest import APPLICATION


@pytest.mark.parametrize(
    "raw, normalized",
    [
        ("0100109106", "0100109106"),  # a published enterprise code
        ("0300588569", "0300588569"),
        (" 0300 588 569 ", "0300588569"),
        ("0100109106-001", "0100109106-001"),  # a branch, with the hyphen
        ("0100109106001", "0100109106-001"),  # … and without
    ],
)
def test_valid_codes_are_normalized(raw, normalized):
    assert normalize_tax_code(raw) == normalized


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("0100109107", "checksum"),  # last digit changed
        ("0100190106", "checksum"),  # two digits swapped
        ("010010910", "format"),  # 9 digits
        ("01001091060", "format"),  # 11 digits
        ("0100109106-01", "format"),  # branch of 2 digits
        ("0100109106-000", "branch"),
        ("01001O9106", "format"),  # a letter O
        ("", "format"),
    ],
)
def test_invalid_codes_say_why(raw, reason):
    with pytest.raises(InvalidTaxCode) as exc:
        normalize_tax_code(raw)
    assert exc.value.reason == reason
    assert not is_valid_tax_code(raw)


def test_check_digit_by_hand():
    # 0·31 + 1·29 + 0·23 + 0·19 + 1·17 + 0·13 + 9·7 + 1·5 + 0·3 = 114; 114 mod 11 = 4; 10 − 4 = 6
    assert check_digit("010010910") == 6


@pytest.mark.django_db
def test_application_form_reports_bad_tax_code_and_address(customer_user):
    with pytest.raises(ValidationError) as exc:
        services.apply(customer_user, {**APPLICATION, "tax_code": "0300588568", "ward": "phuong khong co", "contact_phone": "123"})
    errors = exc.value.message_dict
    assert errors["tax_code"] == ["Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không đúng."]
    assert errors["ward"] == ["Phường/xã không thuộc Tây Ninh."]
    assert errors["contact_phone"] == ["Số điện thoại không hợp lệ."]


@pytest.mark.django_db
def test_one_tax_code_one_live_account(customer_user, staff_user):
    account = services.apply(customer_user, APPLICATION)
    assert (account.tax_code, account.ward, account.province, account.contact_phone) == (
        "0300588569",
        "Phường Tân Ninh",
        "Tây Ninh",
        "+84903123456",
    )
    from commerce.account.models import User

    other = User.objects.create_user("other@example.com", "x-Pass-12345")
    with pytest.raises(ValidationError) as exc:
        services.apply(other, {**APPLICATION, "tax_code": "0300-588-569".replace("-", "")})
    assert "đã được một tài khoản khác đăng ký" in exc.value.message_dict["tax_code"][0]
    services.decline(account, staff_user, "Trùng hồ sơ.")
    assert services.apply(other, APPLICATION).status == "applied"
