"""E-mails of the business domain, written like the order e-mails (commerce.notifications):
one Jinja2 template per kind with subject, text and html blocks, in Vietnamese (the gift
shops' language).

    decision_message(account) -> EmailMultiAlternatives      approved / declined, with the reason
    reminder_message(order_terms, kind) -> EmailMultiAlternatives | None   kind: "due_soon" | "overdue"
    wholesale_attachments(order, kind) -> [(filename, bytes, mimetype)]   PDFs for the confirmation
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from commerce.notifications.formatting import money

TEMPLATES = Path(__file__).parent / "templates" / "business" / "emails"


@lru_cache(maxsize=2)
def environment(html: bool) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=html, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )


def render(name: str, values: dict) -> tuple[str, str, str]:
    plain, markup = environment(False).get_template(name), environment(True).get_template(name)
    subject = "".join(plain.blocks["subject"](plain.new_context(values))).strip()
    text = "".join(plain.blocks["text"](plain.new_context(values))).strip() + "\n"
    html = "".join(markup.blocks["html"](markup.new_context(values))).strip()
    return " ".join(subject.split()), text, html


def _message(to: str, name: str, values: dict) -> EmailMultiAlternatives:
    subject, text, html = render(name, values)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers={"Content-Language": "vi"}
    )
    message.attach_alternative(html, "text/html")
    return message


def decision_message(account) -> EmailMultiAlternatives:
    to = account.contact_email or account.user.email
    return _message(to, "decision.vi.jinja", {"account": account, "approved": account.is_approved, "reason": account.decision_reason})


def reminder_message(terms, kind: str) -> EmailMultiAlternatives | None:
    order = terms.order
    to = order.user_email or terms.account.contact_email
    if not to:
        return None
    values = {
        "kind": kind,
        "order": order,
        "account": terms.account,
        "number": order.number,
        "due_date": terms.due_date.strftime("%d/%m/%Y"),
        "outstanding": money(order.outstanding_amount, order.currency, "vi"),
        "total": money(order.total_gross_amount, order.currency, "vi"),
        "bank_account": settings.VIETQR_ACCOUNT,
        "bank_name": settings.VIETQR_ACCOUNT_NAME,
    }
    message = _message(to, "payment_reminder.vi.jinja", values)
    from .documents import proforma_pdf

    message.attach(f"proforma-{order.number}.pdf", proforma_pdf(order), "application/pdf")
    return message


def wholesale_attachments(order, kind: str) -> list[tuple[str, bytes, str]]:
    """The pro-forma invoice and the delivery note, attached to a wholesale order's confirmation."""
    from . import gate
    from .documents import delivery_note_pdf, proforma_pdf

    if kind != "order_confirmed" or not gate.is_wholesale_channel(order.channel):
        return []
    return [
        (f"proforma-{order.number}.pdf", proforma_pdf(order), "application/pdf"),
        (f"phieu-giao-hang-{order.number}.pdf", delivery_note_pdf(order), "application/pdf"),
    ]
