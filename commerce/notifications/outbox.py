"""Order e-mails are owed, not just queued: `owe` writes a PendingEmail in the transaction that
changes the order and queues the task once it commits; the task marks the row sent. A task the
broker never got (Redis down at that moment) or lost is sent by `send_overdue`, which beat runs
every minute, so an accepted order's e-mail is late at worst, never lost."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import PendingEmail

logger = logging.getLogger(__name__)


def overdue_after() -> timedelta:
    """The task normally sends within seconds; only e-mails older than this are the sweeper's."""
    return timedelta(seconds=settings.NOTIFICATIONS_OVERDUE_SECONDS)


MAX_SWEEPS = 12  # about a day of retries at the sweeper's back-off, then it waits for staff
SWEEP_BATCH = 200


def owe(order, kind: str) -> PendingEmail:
    """Record that `order`'s customer is owed a `kind` e-mail; queue it after commit."""
    pending = PendingEmail.objects.create(order=order, kind=kind)

    def enqueue() -> None:
        from .tasks import send_order_email

        try:
            send_order_email.delay(str(order.pk), kind, pending.pk)
        except Exception:  # noqa: BLE001 - the broker is down: the sweeper sends it later
            logger.warning("could not queue the %s e-mail of order %s; it waits in the outbox", kind, order.pk, exc_info=True)

    transaction.on_commit(enqueue, robust=True)
    return pending


def mark_sent(pending_id: int | None, outcome: str) -> None:
    if pending_id is not None:
        PendingEmail.objects.filter(pk=pending_id, sent_at__isnull=True).update(sent_at=timezone.now(), outcome=outcome)


def overdue(now=None):
    now = now or timezone.now()
    return PendingEmail.objects.filter(sent_at__isnull=True, created_at__lte=now - overdue_after(), attempts__lt=MAX_SWEEPS)


def send_overdue(now=None) -> dict:
    """Send what the queue did not; {"sent": n, "failed": n}. A failure counts an attempt and
    waits for a later sweep, backing off: a row is retried after 2^attempts minutes."""
    from .tasks import deliver

    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0}
    for pending in overdue(now)[:SWEEP_BATCH]:
        if pending.attempts and pending.created_at + overdue_after() * (2**pending.attempts) > now:
            continue
        try:
            deliver(str(pending.order_id), pending.kind, pending.pk)
            counts["sent"] += 1
        except Exception as exc:  # noqa: BLE001 - one bad e-mail must not stop the others
            PendingEmail.objects.filter(pk=pending.pk).update(
                attempts=pending.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            counts["failed"] += 1
            logger.warning("overdue %s e-mail of order %s failed again", pending.kind, pending.order_id, exc_info=True)
    return counts
