"""Where the order domain tells the customer: the e-mail side lives in commerce/notifications/
(templates, Celery tasks and the outbox).

    order_confirmed(order)   → a "order_confirmed" e-mail is owed
    order_paid(order)        → … "payment_received"
    order_fulfilled(order)   → … "order_shipped"

Called inside the transaction that changes the order: the owed e-mail (a PendingEmail row) is
written with it — a rolled-back order is never announced, a committed one always is — and the
sending task is queued once it commits (commerce.notifications.outbox).
"""

from __future__ import annotations

from commerce.notifications import outbox


def order_confirmed(order) -> None:
    outbox.owe(order, "order_confirmed")


def order_paid(order) -> None:
    outbox.owe(order, "payment_received")


def order_fulfilled(order) -> None:
    outbox.owe(order, "order_shipped")
