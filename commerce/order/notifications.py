"""Where the order domain tells the customer: the e-mail side lives in commerce/notifications/
(templates and Celery tasks, written with the payments work). Both sides meet on these names:

    order_confirmed(order)   → commerce.notifications.tasks.send_order_email.delay(str(order.id), "order_confirmed")
    order_paid(order)        → … send_order_email.delay(order_id, "payment_received")
    order_fulfilled(order)   → … send_order_email.delay(order_id, "order_shipped")

Called after the order's transaction commits (transaction.on_commit), so a rolled-back order is
never announced. While commerce.notifications does not exist these do nothing.
"""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def _send(order, kind: str) -> None:
    try:
        from commerce.notifications.tasks import send_order_email
    except ImportError:
        return
    try:
        send_order_email.delay(str(order.pk), kind)
    except Exception:  # noqa: BLE001 - a broker hiccup must not undo a placed order
        logger.exception("could not enqueue %s e-mail for order %s", kind, order.pk)


def order_confirmed(order) -> None:
    _send(order, "order_confirmed")


def order_paid(order) -> None:
    _send(order, "payment_received")


def order_fulfilled(order) -> None:
    _send(order, "order_shipped")
