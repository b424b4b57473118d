"""Sales whose order the core refused are retried by beat (pos.push_pending_orders) with a
back-off, and staff are alerted once when a sale has failed POS_PUSH_ALERT_AFTER times.

The core refuses for real: the `pos` App loses its MANAGE_ORDERS_IMPORT permission (the whole
request is refused), or the fair's channel is renamed in the core (the order is refused); the
operator's repair (`pos_install_app`, the slug put back) makes it accept again."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from commerce.channel.models import Channel
from commerce.order.models import Order
from pos.models import Sale
from pos.services import core, orders
from pos.tasks import push_pending_orders

from .conftest import make_sale

SYNC = "/pos/api/sales/sync"


def post(client, sales):
    response = client.post(SYNC, data=json.dumps({"sales": sales}), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def sent(register):
    """The e-mails sent during the test, read from django.core.mail at each look: the list
    pytest-django's outbox fixture hands out is replaced by the time the register is set up."""
    from django.core import mail

    mail.outbox = []
    return lambda: mail.outbox


@pytest.fixture
def alert_settings(settings):
    settings.POS_PUSH_ALERT_AFTER = 2
    settings.POS_PUSH_BACKOFF_MAX_MINUTES = 30
    settings.POS_PUSH_ALERT_EMAILS = ["dieuhanh@ocop-tayninh.vn"]
    return settings


def revoke_order_import(pos_app):
    from django.contrib.auth.models import Permission

    pos_app.permissions.remove(Permission.objects.get(codename="manage_orders_import"))


def test_back_off_doubles_and_is_capped(settings):
    settings.POS_PUSH_BACKOFF_MAX_MINUTES = 30
    assert [orders.retry_delay(n) for n in range(1, 8)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 30, 30)]
    assert orders.retry_delay(500) == timedelta(minutes=30)


def test_core_refusing_twice_then_accepting(
    alert_settings, sent, pos_app, device_client, register, open_session, cashiers, producer_products
):
    revoke_order_import(pos_app)
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 2, 41000, 0)])
    assert post(device_client, [sale])["accepted"] == 1  # accepted all the same: the push failing is no error of the sync

    # Attempt 1, by the sync request: refused, recorded, put off for a minute.
    recorded = Sale.objects.get(uuid=sale["uuid"])
    assert recorded.push_attempts == 1 and not recorded.order_id
    assert "PermissionDenied" in recorded.order_error or "permission" in recorded.order_error.lower()
    first_due = recorded.next_push_at
    assert first_due - timezone.now() <= timedelta(minutes=1) and first_due > timezone.now()

    # Beat before the back-off is over leaves it alone.
    assert push_pending_orders(now=first_due - timedelta(seconds=1)) == {"pushed": 0, "failed_registers": [], "alerted": 0}
    assert Sale.objects.get(pk=recorded.pk).push_attempts == 1

    # Attempt 2, by beat when due: refused again, put off twice as long; N=2 crossed → one alert.
    result = push_pending_orders(now=first_due)
    assert result["failed_registers"] == [register.pk] and result["alerted"] == 1
    recorded.refresh_from_db()
    assert recorded.push_attempts == 2 and recorded.order_error and not recorded.order_id
    assert recorded.next_push_at == first_due + timedelta(minutes=2)
    assert recorded.push_alerted_at == first_due and recorded.needs_review
    assert len(sent()) == 1
    alert = sent()[0]
    assert alert.to == ["dieuhanh@ocop-tayninh.vn"]
    assert "chưa đẩy được" in alert.subject and recorded.receipt_number in alert.body and "gian A12" in alert.body
    assert not Order.objects.filter(external_reference=sale["uuid"]).exists()

    # Still refused and due again: a third failure sends no second alert.
    assert push_pending_orders(now=recorded.next_push_at)["alerted"] == 0
    recorded.refresh_from_db()
    assert recorded.push_attempts == 3 and recorded.next_push_at == first_due + timedelta(minutes=2 + 4)
    assert len(sent()) == 1

    # The operator repairs the App; the next due run makes the order and clears the error.
    core.install_app()
    assert push_pending_orders(now=recorded.next_push_at) == {"pushed": 1, "failed_registers": [], "alerted": 0}
    recorded.refresh_from_db()
    order = Order.objects.get(external_reference=sale["uuid"])
    assert recorded.order_number == str(order.number) and recorded.order_id
    assert recorded.order_error == "" and recorded.next_push_at is None and recorded.push_attempts == 4
    assert len(sent()) == 1

    # Nothing left: later runs push nothing and make no second order.
    assert push_pending_orders(now=timezone.now() + timedelta(hours=1))["pushed"] == 0
    assert Order.objects.filter(external_reference=sale["uuid"]).count() == 1


def test_an_order_the_core_refused_is_retried_once_the_channel_is_back(
    alert_settings, sent, booth, device_client, register, open_session, cashiers, producer_products
):
    """Before beat, an order the core refused waited for a dashboard action for ever."""
    channel = Channel.objects.get(slug=booth.fair.channel_slug)
    Channel.objects.filter(pk=channel.pk).update(slug="renamed-by-mistake")
    bad, good = (make_sale(register, open_session, cashiers[0], [(producer_products[i], 1, 41000, 0)]) for i in (0, 1))
    post(device_client, [bad])
    refused = Sale.objects.get(uuid=bad["uuid"])
    assert refused.push_attempts == 1 and "NOT_FOUND" in refused.order_error and refused.needs_review

    # A later batch is not held up by the refused sale, nor does it retry it before it is due.
    Channel.objects.filter(pk=channel.pk).update(slug=channel.slug)
    post(device_client, [good])
    assert Sale.objects.get(uuid=good["uuid"]).order_id
    refused.refresh_from_db()
    assert refused.push_attempts == 1 and not refused.order_id

    result = push_pending_orders(now=refused.next_push_at)
    assert result == {"pushed": 1, "failed_registers": [], "alerted": 0}
    refused.refresh_from_db()
    assert refused.order_id and refused.order_error == "" and refused.next_push_at is None
    assert "order made at attempt 2" in refused.review_note
    assert Order.objects.filter(external_reference=bad["uuid"]).count() == 1
    assert sent() == []  # it never reached N=2 failures


def test_the_dashboard_retry_skips_the_back_off_without_a_second_alert(
    alert_settings, sent, pos_app, device_client, register, open_session, cashiers, producer_products
):
    revoke_order_import(pos_app)
    sale = make_sale(register, open_session, cashiers[0], [(producer_products[0], 1, 41000, 0)])
    post(device_client, [sale])
    recorded = Sale.objects.get(uuid=sale["uuid"])
    push_pending_orders(now=recorded.next_push_at)
    assert len(sent()) == 1
    core.install_app()
    assert orders.retry_failed([recorded.pk]) == 1
    assert orders.push_pending() == 1  # at once, whatever the back-off said
    recorded.refresh_from_db()
    assert recorded.order_id and not recorded.order_error and recorded.next_push_at is None
    push_pending_orders()
    assert len(sent()) == 1


@pytest.mark.django_db(transaction=True)
def test_two_beat_runs_and_a_sync_racing_make_each_order_once(
    alert_settings, pos_app, register_token, open_session, cashiers, producer_products
):
    """Two beat runs and a sync request at the same moment, in three connections, over sales
    that failed before and are due: every sale becomes one order, pushed once."""
    from django.test import Client

    register, token = register_token
    revoke_order_import(pos_app)
    sales = [make_sale(register, open_session, cashiers[i % 2], [(producer_products[i % 4], 1, 41000, 0)]) for i in range(12)]
    post(Client(HTTP_AUTHORIZATION=f"Device {token}"), sales)
    assert set(Sale.objects.values_list("push_attempts", flat=True)) == {1}
    core.install_app()
    due = max(Sale.objects.values_list("next_push_at", flat=True))
    barrier, errors = threading.Barrier(3), []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    jobs = [
        lambda: push_pending_orders(now=due),
        lambda: push_pending_orders(now=due),
        lambda: post(Client(HTTP_AUTHORIZATION=f"Device {token}"), []),
    ]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    uuids = [s["uuid"] for s in sales]
    # The sync request's push (sales not yet due for it) may take none; beat takes them all.
    push_pending_orders(now=due)
    assert Order.objects.filter(external_reference__in=uuids).count() == 12
    assert set(Sale.objects.values_list("push_attempts", flat=True)) == {2}  # one failure, one success: nobody pushed twice
    assert not Sale.objects.filter(order_id="").exists()


@pytest.mark.django_db(transaction=True)  # the scheduler closes old connections, as beat does between ticks
def test_beat_schedules_the_task_through_the_database_scheduler():
    """DatabaseScheduler copies CELERY_BEAT_SCHEDULE into django-celery-beat's table on start."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from config.celery import app

    assert "pos.push_pending_orders" in app.tasks
    DatabaseScheduler(app=app)
    entry = PeriodicTask.objects.get(name="push-pending-pos-orders")
    assert entry.task == "pos.push_pending_orders" and entry.enabled
    assert entry.interval.every == 60 and entry.interval.period == "seconds"
