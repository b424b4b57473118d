"""Trade documents of wholesale orders as PDF (WeasyPrint), in Vietnamese, with both tax codes:

    proforma_pdf(order) -> bytes         hoá đơn tạm tính: lines, totals, terms, VietQR to pay
    delivery_note_pdf(order) -> bytes    phiếu giao hàng: lines with cases, ship-to, signatures
    document_context(order) -> dict      what both templates show (also for tests)

The font is Be Vietnam Pro from the fontpkg_be_vietnam_pro package, loaded by file:// URL, so
the PDF embeds a face with every Vietnamese diacritic whatever fonts the server has.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from graphene.relay import Node
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from commerce.notifications.formatting import money

from .models import OrderTerms, PaymentTerms

TEMPLATES = Path(__file__).parent / "templates" / "business" / "documents"
FONT_WEIGHTS = {400: "Regular", 600: "SemiBold", 700: "Bold"}


@lru_cache(maxsize=1)
def font_faces() -> str:
    import fontpkg_be_vietnam_pro

    folder = Path(fontpkg_be_vietnam_pro.__file__).parent / "files"
    return "".join(
        f"@font-face{{font-family:'Be Vietnam Pro';font-weight:{weight};font-style:normal;src:url('{(folder / f'BeVietnamPro-{name}.ttf').as_uri()}') format('truetype')}}"
        for weight, name in FONT_WEIGHTS.items()
    )


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )


def _vnd(amount, currency="VND") -> str:
    return money(amount, currency, "vi")


def _vietqr(order) -> dict | None:
    """The order's bank transfer (the same transaction the storefront's VietQR page uses), or
    None when nothing is left to pay or no receiving account is configured."""
    from commerce.payment import vietqr
    from commerce.payment.actions import initialize
    from commerce.payment.gateways import GatewayError
    from commerce.payment.gateways import vietqr as gateway
    from commerce.payment.models import VIETQR, TransactionItem

    if not gateway.is_enabled() or order.outstanding_amount <= 0:
        return None
    item = TransactionItem.objects.filter(order=order, gateway=VIETQR).order_by("created_at").first()
    if item is None:
        try:
            item = initialize(order, VIETQR, idempotency_key=f"vietqr-{Node.to_global_id('Order', order.pk)}").transaction
        except GatewayError:
            return None
    amount = order.outstanding_amount
    payload = vietqr.build_payload(settings.VIETQR_BANK_BIN, settings.VIETQR_ACCOUNT, amount, gateway.memo_for(item))
    png = vietqr.qr_image(payload, "png", scale=4)
    return {
        "image": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
        "memo": gateway.memo_for(item),
        "amount": _vnd(amount, order.currency),
        "bank_bin": settings.VIETQR_BANK_BIN,
        "account": settings.VIETQR_ACCOUNT,
        "account_name": settings.VIETQR_ACCOUNT_NAME,
    }


def _cases(line, rules) -> str:
    rule = rules.get(line.variant_id)
    if rule is None or rule.case_pack <= 1:
        return ""
    cases, rest = divmod(line.quantity, rule.case_pack)
    return f"{cases} thùng × {rule.case_pack}" + (f" + {rest}" if rest else "")


def document_context(order, *, with_payment: bool = True) -> dict:
    from .gate import rules_for

    terms = OrderTerms.objects.filter(order=order).select_related("account").first()
    account = terms.account if terms else getattr(order.user, "business_account", None) if order.user_id else None
    lines = list(order.lines.all())
    rules = rules_for([line.variant_id for line in lines if line.variant_id])
    address = order.shipping_address
    ship_to = (
        [
            p
            for p in (
                " ".join(p for p in (address.last_name, address.first_name) if p) if address else "",
                address.street_address_1 if address else "",
                address.city if address else "",
                address.country_area if address else "",
                address.phone if address else "",
            )
            if p
        ]
        if address
        else [order.collection_point_name or ""]
    )
    return {
        "order": order,
        "number": order.number,
        "date": timezone.localtime(order.created_at).strftime("%d/%m/%Y"),
        "printed": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "seller": {
            "name": settings.SELLER_NAME,
            "tax_code": settings.SELLER_TAX_CODE,
            "address": settings.SELLER_ADDRESS,
            "phone": settings.SELLER_PHONE,
            "email": settings.SELLER_EMAIL,
        },
        "buyer": {
            "name": account.company_name if account else "",
            "tax_code": account.tax_code if account else "",
            "address": account.address_text if account else "",
            "contact": account.contact_name if account else "",
            "phone": account.contact_phone if account else "",
            "email": order.user_email,
        },
        "lines": [
            {
                "index": i,
                "sku": line.product_sku or "",
                "name": line.product_name,
                "variant": line.variant_name,
                "quantity": line.quantity,
                "cases": _cases(line, rules),
                "unit_price": _vnd(line.unit_price_gross_amount, order.currency),
                "total": _vnd(line.total_price_gross_amount, order.currency),
            }
            for i, line in enumerate(lines, start=1)
        ],
        "quantity": sum(line.quantity for line in lines),
        "subtotal": _vnd(order.subtotal_gross_amount, order.currency),
        "shipping": _vnd(order.shipping_price_gross_amount, order.currency),
        "discount": _vnd(order.discount_amount, order.currency) if order.discount_amount else None,
        "total": _vnd(order.total_gross_amount, order.currency),
        "paid": _vnd(order.total_charged_amount, order.currency) if order.total_charged_amount else None,
        "outstanding": _vnd(order.outstanding_amount, order.currency),
        "net30": bool(terms and terms.terms == PaymentTerms.NET30),
        "due_date": terms.due_date.strftime("%d/%m/%Y") if terms and terms.due_date else None,
        "delivery": order.shipping_method_name or order.collection_point_name or "",
        "ship_to": ship_to,
        "note": order.customer_note,
        "vietqr": _vietqr(order) if with_payment else None,
        "fonts": font_faces(),
    }


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = environment().get_template(template).render(context)
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def proforma_pdf(order) -> bytes:
    return _pdf("proforma.html", document_context(order))


def delivery_note_pdf(order) -> bytes:
    return _pdf("delivery_note.html", document_context(order, with_payment=False))
