"""Celery tasks of the fair POS: thin wrappers around services."""

from __future__ import annotations

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(name="pos.push_pending_orders", acks_late=True)
def push_pending_orders(now=None) -> dict:
    """Beat, every minute: push every register's sales that have no order yet and are due (never
    tried, or failed and past their back-off), then alert staff of those failing too often.

    Safe to overlap with itself and with sync requests (rows locked SKIP LOCKED, the core's
    externalReference UNIQUE), hence acks_late: a rerun after a lost worker pushes nothing twice.
    Registers go one by one so a failure that is about one register's sales does not hold up the
    others; a core out of reach stops the run, the next one is a minute away."""
    from django.utils import timezone

    from saleor_client import TransportError

    from .models import Register
    from .services import orders, push_alerts

    if isinstance(now, str):  # through a broker, a datetime argument arrives as ISO text
        from datetime import datetime

        now = datetime.fromisoformat(now)
    now = now or timezone.now()
    pushed, failed = 0, []
    register_ids = orders.pushable(now).order_by("register_id").values_list("register_id", flat=True).distinct()
    for register in Register.objects.filter(pk__in=list(register_ids)).order_by("pk"):
        try:
            pushed += orders.push_pending(register, now=now)
        except TransportError:
            log.warning("the core is out of reach; POS pushes wait for the next run", exc_info=True)
            failed.append(register.pk)
            break
        except Exception:  # noqa: BLE001 - recorded on the sales (attempt, back-off); go on with the rest
            log.warning("pushing register %s's sales failed; they are retried after their back-off", register.pk, exc_info=True)
            failed.append(register.pk)
    alerted = push_alerts.alert_failing_pushes(now)
    return {"pushed": pushed, "failed_registers": failed, "alerted": alerted}
