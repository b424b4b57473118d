"""A fair to try the register on in the quick start: `load_demo` sets up one booth (Tân Nhiên's
rice paper) at a fair that runs from today, with stock moved to the booth for every product the
fair lists (one sold out at the producer is not listed), a register and two cashiers; `make run`
prints a fresh pairing code for the register each time it starts.

All through the POS's own setup services (GraphQL as the `pos` App), as staff would do it in
the dashboard."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from .models import Booth, Cashier, Fair, Register

FAIR_SLUG = "ocop-tay-ninh-demo"
PRODUCER_TITLE = "Công ty TNHH Tân Nhiên"
CASHIERS = (("Lan", "1234", 10, True), ("Minh", "5678", 0, False))  # name, PIN, discount limit %, may refund
UNITS_TO_BOOTH = 20


def demo_register() -> Register | None:
    return Register.objects.filter(booth__fair__slug=FAIR_SLUG, code="1").select_related("booth__fair").first()


def ensure_demo_fair() -> Register | None:
    """The demo fair, booth, register and cashiers (idempotent); None without the demo catalog."""
    from commerce.graphql.core.types import to_global_id
    from commerce.page.models import Page

    from .services import devices, setup

    existing = demo_register()
    if existing is not None:
        return existing
    producer = Page.objects.filter(page_type__slug=setup.PRODUCER_PAGE_TYPE, title=PRODUCER_TITLE).first()
    if producer is None:
        return None
    today = timezone.localdate()
    fair, _ = Fair.objects.get_or_create(
        slug=FAIR_SLUG,
        defaults={
            "name": "Hội chợ OCOP Tây Ninh (demo)",
            "venue": "Công viên 30/4, Phường Tân Ninh, Tây Ninh",
            "starts_on": today,
            "ends_on": today + timedelta(days=30),
            "discount_percent": Decimal(10),
        },
    )
    booth, _ = Booth.objects.get_or_create(
        fair=fair,
        code="A01",
        defaults={
            "name": "Bánh tráng Tân Nhiên",
            "producer_page_id": to_global_id("Page", producer.pk),
            # DESIGN.md's published sample account, as the quick start's online VietQR uses.
            "bank_bin": "970436",
            "bank_account": "1017595600",
            "account_name": "OCOP TAY NINH DEMO",
        },
    )
    setup.setup_booth(booth)
    transfers, nothing_to_move = [], []
    for product in setup.producer_products(booth):
        moved_any = False
        for variant in product["variants"] or []:
            free = max((s["quantity"] - s["quantityAllocated"] for s in variant.get("stocks") or []), default=0)
            if free > 0:
                transfers.append(setup.Transfer(variant["id"], min(UNITS_TO_BOOTH, free), variant.get("sku") or ""))
                moved_any = True
        if not moved_any:
            nothing_to_move.append(product["id"])
    if transfers:
        setup.transfer_stock(booth, transfers)
    # Sold out at the producer (the demo has such a product, to show "hết hàng" online): none
    # of it comes to the booth, so the fair does not list it. (A variant left behind while its
    # product's other packs came is kept off the register by the booth catalog itself.)
    if nothing_to_move:
        setup.withdraw_from_fair(booth, nothing_to_move)
    register, _ = Register.objects.get_or_create(booth=booth, code="1", defaults={"name": "Máy bán hàng 1"})
    for name, pin, discount, may_refund in CASHIERS:
        if not Cashier.objects.filter(booth=booth, name=name).exists():
            cashier = Cashier(booth=booth, name=name, max_discount_percent=discount, can_refund=may_refund)
            devices.set_pin(cashier, pin)
            cashier.save()
    return register


def pairing_line() -> str:
    """What `make run` prints: a fresh code for the demo register, and who can sign in."""
    from django.conf import settings

    from .services import devices

    register = demo_register()
    if register is None:
        return ""
    code = devices.new_pairing_code(register)
    cashiers = ", ".join(f"{name} (PIN {pin})" for name, pin, _, _ in CASHIERS)
    return (
        f"• Fair POS demo at /pos/: pair with code {code} (valid {settings.POS_PAIRING_CODE_MINUTES} min; "
        f"a new one: dashboard → Máy bán hàng → Tạo mã ghép máy); cashiers {cashiers}"
    )
