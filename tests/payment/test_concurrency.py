"""Duplicates that arrive at the same instant (a bank retrying while the first delivery is still
being processed, a double-clicked pay button) are still counted once — decided by PostgreSQL's
unique constraints and row locks, across real concurrent connections."""

from __future__ import annotations

import threading
from decimal import Decimal

from django.db import connection

from commerce.order.models import OrderChargeStatus
from commerce.payment import actions
from commerce.payment.models import TransactionItem, WebhookDelivery

from .helpers import make_order, post_bank

THREADS = 8


def run_together(fn):
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


def test_same_bank_notification_at_once_pays_once(transactional_db, channel_online, vietqr_settings):
    from django.test import Client

    order = make_order(channel_online)
    item = actions.initialize(order, "ocop.payments.vietqr", idempotency_key="qr").transaction
    notification = {"id": "FT-RACE", "amount": 180000, "memo": f"OCOP {item.reference}"}
    statuses = run_together(lambda: post_bank(Client(), notification).json()["status"])
    assert sorted(statuses) == ["duplicate"] * (THREADS - 1) + ["paid"]
    item.refresh_from_db()
    assert item.charged_value == 180000
    assert item.events.filter(type="charge_success").count() == 1
    assert WebhookDelivery.objects.count() == 1
    order.refresh_from_db()
    assert (order.total_charged_amount, order.charge_status) == (180000, OrderChargeStatus.FULL)


def test_same_initialize_at_once_makes_one_transaction(transactional_db, channel_online):
    order = make_order(channel_online)
    tokens = run_together(lambda: actions.initialize(order, "ocop.payments.cod", idempotency_key="double-click").transaction.token)
    assert len(set(tokens)) == 1
    assert TransactionItem.objects.count() == 1
    assert TransactionItem.objects.get().charge_pending_value == Decimal(180000)
