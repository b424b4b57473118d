"""Telling staff that sales keep failing to become orders in the core.

A sale is alerted once, when its failed pushes reach POS_PUSH_ALERT_AFTER — not on every retry
after that. One run sends at most one e-mail, listing every sale that crossed the line since the
last one, grouped by booth: a core outage that fails a whole fair's sales at once makes one
message, not hundreds. The sales are also flagged (needs_review, push_alerted_at) so the
dashboard shows them whether or not the e-mail is read."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ..models import Sale

log = logging.getLogger(__name__)

MAX_LISTED = 200  # sales named in one e-mail; the rest are counted


def recipients() -> list[str]:
    return list(settings.POS_PUSH_ALERT_EMAILS) or [email for _, email in getattr(settings, "ADMINS", [])]


def crossing(threshold: int):
    """Sales still without an order whose failed pushes reached the threshold, not yet alerted."""
    return Sale.objects.filter(kind=Sale.SALE, order_id="", push_attempts__gte=threshold, push_alerted_at__isnull=True)


def _message(sales: list[Sale], threshold: int) -> tuple[str, str]:
    by_booth = defaultdict(list)
    for sale in sales:
        by_booth[sale.register.booth].append(sale)
    subject = f"[OCOP POS] {len(sales)} giao dịch chưa đẩy được sang hệ thống / {len(sales)} sales not pushed to the core"
    lines = [
        f"{len(sales)} giao dịch tại hội chợ đã đẩy sang hệ thống đơn hàng thất bại {threshold} lần trở lên.",
        "Hệ thống vẫn tự thử lại (tối đa mỗi "
        f'{settings.POS_PUSH_BACKOFF_MAX_MINUTES} phút). Xem trang quản trị → Giao dịch → lọc "Đẩy đơn: đã báo nhân viên".',
        "",
        f"{len(sales)} fair sales have failed to become orders in the core {threshold} times or more. They are still "
        'retried automatically; see the dashboard → Sales → filter "push: staff alerted".',
        "",
    ]
    listed = 0
    for booth, booth_sales in sorted(by_booth.items(), key=lambda item: (item[0].fair.name, item[0].code)):
        lines.append(f"{booth.fair.name} · gian {booth.code} {booth.name}:")
        for sale in booth_sales:
            if listed >= MAX_LISTED:
                break
            listed += 1
            amount = f"{int(sale.total):,}".replace(",", ".")
            lines.append(f"  - {sale.receipt_number} ({amount} ₫, {sale.push_attempts} lần / attempts): {sale.order_error[:300]}")
    if listed < len(sales):
        lines.append(f"… và {len(sales) - listed} giao dịch khác / and {len(sales) - listed} more.")
    return subject, "\n".join(lines)


def alert_failing_pushes(now: datetime | None = None) -> int:
    """Alert staff of the sales that crossed POS_PUSH_ALERT_AFTER failures; returns how many.

    The sales are locked SKIP LOCKED and marked in the transaction that sends the e-mail: two
    runs at once alert each sale once, and a mail server that fails rolls the marks back, so the
    next run tries the alert again."""
    now = now or timezone.now()
    threshold = settings.POS_PUSH_ALERT_AFTER
    with transaction.atomic():
        sales = list(
            crossing(threshold)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("register__booth__fair")
            .order_by("register__booth_id", "pk")
        )
        if not sales:
            return 0
        to = recipients()
        if to:
            subject, body = _message(sales, threshold)
            send_mail(subject, body, None, to)
        else:
            log.warning(
                "%d POS sales failed to push %d+ times; no POS_PUSH_ALERT_EMAILS or ADMINS to tell, flagged on the dashboard only",
                len(sales),
                threshold,
            )
        for sale in sales:
            sale.push_alerted_at = now
            sale.needs_review = True
            sale.review_note = "\n".join(
                filter(None, [sale.review_note, f"đẩy đơn thất bại {sale.push_attempts} lần, đã báo nhân viên / staff alerted"])
            )
        Sale.objects.bulk_update(sales, ["push_alerted_at", "needs_review", "review_note"])
    return len(sales)
