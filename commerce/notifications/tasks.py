"""Order e-mails as Celery tasks: owed in the order's transaction (outbox.owe), queued when it
commits, sent by a worker, retried when the mail server fails, sent once per order and kind;
what the broker never delivered is sent by the sweeper (send_overdue_order_emails)."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.db import transaction

logger = logging.getLogger(__name__)

# Sent at most once per order: a retried task, or a payment reported twice, sends nothing more.
ONCE_PER_ORDER = {"order_confirmed", "payment_received"}


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=900,
    max_retries=8,
    # Acknowledged only when done: a worker killed mid-task leaves the message to another worker
    # (idempotent: the EMAIL_SENT event under the order's row lock makes a rerun send nothing).
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_order_email(order_id, kind: str, pending_id: int | None = None) -> str:
    """'sent', 'already_sent', 'no_recipient' or 'no_order'."""
    return deliver(order_id, kind, pending_id)


@shared_task(acks_late=True)
def send_overdue_order_emails() -> dict:
    from .outbox import send_overdue

    return send_overdue()


def deliver(order_id, kind: str, pending_id: int | None = None) -> str:
    """Send one order e-mail now (in the calling process) and mark its PendingEmail sent."""
    from commerce.order.models import Order, OrderEvents

    from .emails import ALIASES, KINDS, build_message
    from .models import PendingEmail
    from .outbox import mark_sent

    kind = ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise ValueError(f"Unknown e-mail kind {kind!r}")
    with transaction.atomic():
        # The row lock makes two workers handling a duplicated task take turns, and the second
        # sees the first one's EMAIL_SENT event.
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            logger.warning("send_order_email: order %s does not exist", order_id)
            return "no_order"
        if pending_id is not None and PendingEmail.objects.filter(pk=pending_id, sent_at__isnull=False).exists():
            return "already_sent"  # the queued task and the sweeper both got to it
        if kind in ONCE_PER_ORDER and order.events.filter(type=OrderEvents.EMAIL_SENT, parameters__email_type=kind).exists():
            mark_sent(pending_id, "already_sent")
            return "already_sent"
        message = build_message(order, kind)
        if message is None:
            mark_sent(pending_id, "no_recipient")
            return "no_recipient"
        message.send()
        order.events.create(type=OrderEvents.EMAIL_SENT, parameters={"email": order.user_email, "email_type": kind})
        mark_sent(pending_id, "sent")
    return "sent"
