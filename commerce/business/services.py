"""Writes of the business domain. Each raises Django ValidationError keyed by form field, with
messages in the request's language (Vietnamese by default; the storefront's English catalog
translates them) — the application form shows them as they are.

    apply(user, data) -> BusinessAccount                  a new or re-submitted application
    approve(account, staff, reason="", net30=None, credit_limit=None)
    decline(account, staff, reason)
    save_list(user, name, items) -> SavedList             items: [(variant, quantity)]
    delete_list(user, list_id)
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commerce.account.address import match_province, match_ward, normalize_phone

from .models import BusinessAccount, BusinessAccountStatus, SavedList, SavedListItem
from .tax_code import InvalidTaxCode, normalize_tax_code


def tax_code_message(reason: str) -> str:
    return {
        "format": _("Mã số thuế gồm 10 chữ số, hoặc 13 chữ số viết dạng 10-3 (ví dụ 0312345678-001)."),
        "checksum": _("Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không đúng."),
        "branch": _("Mã đơn vị phụ thuộc (3 số cuối) phải từ 001 đến 999."),
    }[reason]


FIELDS = ("company_name", "tax_code", "street_address", "ward", "province", "contact_name", "contact_phone", "contact_email")


def clean_application(data: dict, user=None) -> dict:
    values = {name: " ".join(str(data.get(name) or "").split()) for name in FIELDS}
    errors: dict[str, list[str]] = {}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    required = (
        ("company_name", _("Vui lòng nhập tên doanh nghiệp.")),
        ("street_address", _("Vui lòng nhập địa chỉ.")),
        ("contact_name", _("Vui lòng nhập người liên hệ.")),
    )
    for name, message in required:
        if not values[name]:
            fail(name, message)
    try:
        values["tax_code"] = normalize_tax_code(values["tax_code"])
    except InvalidTaxCode as exc:
        fail("tax_code", tax_code_message(exc.reason))
    else:
        taken = BusinessAccount.objects.filter(tax_code=values["tax_code"]).exclude(status=BusinessAccountStatus.DECLINED)
        if user is not None:
            taken = taken.exclude(user_id=user.pk)
        if taken.exists():
            fail("tax_code", _("Mã số thuế này đã được một tài khoản khác đăng ký."))
    province = match_province(values["province"])
    if province is None:
        fail("province", _("Vui lòng chọn một trong 34 tỉnh/thành (từ 01/7/2025)."))
    else:
        values["province"] = province
        ward = match_ward(province, values["ward"])
        if ward is None:
            fail("ward", _("Phường/xã không thuộc %(province)s.") % {"province": province})
        else:
            values["ward"] = ward
    try:
        values["contact_phone"] = normalize_phone(values["contact_phone"], "VN")
    except ValueError:
        fail("contact_phone", _("Số điện thoại không hợp lệ."))
    try:
        validate_email(values["contact_email"])
    except ValidationError:
        fail("contact_email", _("Email không hợp lệ."))
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def apply(user, data: dict) -> BusinessAccount:
    """A first application, or a new one after a decline (back to APPLIED). An approved account
    is not re-opened by editing the form."""
    values = clean_application(data, user)
    account = BusinessAccount.objects.select_for_update().filter(user=user).first()
    if account is not None and account.status == BusinessAccountStatus.APPROVED:
        raise ValidationError({"company_name": [_("Tài khoản doanh nghiệp đã được duyệt; liên hệ chúng tôi để thay đổi thông tin.")]})
    if account is None:
        account = BusinessAccount(user=user)
    for name, value in values.items():
        setattr(account, name, value)
    account.status = BusinessAccountStatus.APPLIED
    account.decision_reason, account.decided_by, account.decided_at = "", None, None
    account.save()
    return account


def _decide(account, staff, status, reason: str) -> BusinessAccount:
    account.status = status
    account.decision_reason = (reason or "").strip()
    account.decided_by = staff
    account.decided_at = timezone.now()
    account.save()
    from .tasks import send_decision_email

    transaction.on_commit(lambda: send_decision_email.delay(account.pk))
    return account


@transaction.atomic
def approve(account, staff, reason: str = "", net30: bool | None = None, credit_limit=None) -> BusinessAccount:
    account = BusinessAccount.objects.select_for_update().get(pk=account.pk)
    if net30 is not None:
        account.net30_granted = net30
    if credit_limit is not None:
        account.credit_limit = credit_limit
    return _decide(account, staff, BusinessAccountStatus.APPROVED, reason)


@transaction.atomic
def decline(account, staff, reason: str) -> BusinessAccount:
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Vui lòng ghi lý do từ chối."]})
    account = BusinessAccount.objects.select_for_update().get(pk=account.pk)
    account.net30_granted = False
    return _decide(account, staff, BusinessAccountStatus.DECLINED, reason)


@transaction.atomic
def save_list(user, name: str, items) -> SavedList:
    """Create or replace the list called `name` with `items` ([(variant, quantity)])."""
    name = " ".join((name or "").split())[:128]
    if not name:
        raise ValidationError({"name": [_("Vui lòng đặt tên cho danh sách.")]})
    merged: dict = {}
    for variant, quantity in items:
        if quantity > 0:
            merged[variant.pk] = merged.get(variant.pk, 0) + quantity
    if not merged:
        raise ValidationError({"items": [_("Danh sách chưa có sản phẩm nào.")]})
    saved, _created = SavedList.objects.get_or_create(user=user, name=name)
    saved.items.all().delete()
    SavedListItem.objects.bulk_create([SavedListItem(saved_list=saved, variant_id=pk, quantity=q) for pk, q in merged.items()])
    saved.save(update_fields=["updated_at"])
    return saved


def delete_list(user, list_id) -> None:
    SavedList.objects.filter(user=user, pk=list_id).delete()
