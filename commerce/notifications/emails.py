"""Order e-mails: one Jinja2 template per kind and language with three blocks — subject, text,
html — rendered from the order's own snapshot (names and prices as bought)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .formatting import language_of, money, when

KINDS = ("order_confirmed", "payment_received", "shipped")
# The order app names the shipped e-mail after its event.
ALIASES = {"order_shipped": "shipped", "order_fulfilled": "shipped"}
TEMPLATES = Path(__file__).parent / "templates" / "emails"


@lru_cache(maxsize=2)
def environment(html: bool) -> Environment:
    """The same templates compiled twice: escaped for the HTML part, verbatim for the subject
    and the text part (where "Bánh tráng & muối" must stay "&", not "&amp;")."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=html, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )


def context_for(order, language: str) -> dict:
    currency = order.currency
    fmt = lambda amount: money(amount, currency, language)  # noqa: E731
    lines = [
        {
            "name": line.translated_product_name if language != "vi" and line.translated_product_name else line.product_name,
            "variant": line.variant_name,
            "sku": line.product_sku,
            "quantity": line.quantity,
            "unit_price": fmt(line.unit_price_gross_amount),
            "total": fmt(line.total_price_gross_amount),
        }
        for line in order.lines.all()
    ]
    address = order.shipping_address
    return {
        "order": order,
        "number": order.number,
        "created": when(order.created_at, language),
        "lines": lines,
        "subtotal": fmt(order.subtotal_gross_amount),
        "shipping": fmt(order.shipping_price_gross_amount),
        "discount": fmt(order.discount_amount) if order.discount_amount else None,
        "total": fmt(order.total_gross_amount),
        "charged": fmt(order.total_charged_amount),
        "outstanding": fmt(order.outstanding_amount) if order.outstanding_amount else None,
        "delivery": order.collection_point_name or order.shipping_method_name or "",
        "address": _address_lines(address),
        "customer_name": (address.first_name if address else "") or "",
        "tracking_numbers": [f.tracking_number for f in order.fulfillments.all() if f.tracking_number],
    }


def _address_lines(address) -> list[str]:
    if address is None:
        return []
    name = " ".join(p for p in (address.first_name, address.last_name) if p)
    parts = [name, address.street_address_1, address.street_address_2, address.city, address.country_area, str(address.phone or "")]
    return [p for p in parts if p]


def render(order, kind: str) -> tuple[str, str, str, str]:
    """(language, subject, text, html)."""
    kind = ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise ValueError(f"Unknown e-mail kind {kind!r}; one of {', '.join(KINDS)}")
    language = language_of(order.language_code)
    name, values = f"{kind}.{language}.jinja", context_for(order, language)
    plain, markup = environment(False).get_template(name), environment(True).get_template(name)
    # Blocks are rendered one by one, so the shared macros come in through the context.
    plain_ctx = plain.new_context({**values, "parts": environment(False).get_template("_parts.jinja").module})
    markup_ctx = markup.new_context({**values, "parts": environment(True).get_template("_parts.jinja").module})
    subject = "".join(plain.blocks["subject"](plain_ctx)).strip()
    text = "".join(plain.blocks["text"](plain_ctx)).strip() + "\n"
    html = "".join(markup.blocks["html"](markup_ctx)).strip()
    return language, " ".join(subject.split()), text, html


def build_message(order, kind: str) -> EmailMultiAlternatives | None:
    if not order.user_email:
        return None
    language, subject, text, html = render(order, kind)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[order.user_email], headers={"Content-Language": language}
    )
    message.attach_alternative(html, "text/html")
    # Wholesale orders carry their pro-forma invoice and delivery note (commerce.business).
    from commerce.business.emails import wholesale_attachments

    for filename, content, mimetype in wholesale_attachments(order, ALIASES.get(kind, kind)):
        message.attach(filename, content, mimetype)
    return message
