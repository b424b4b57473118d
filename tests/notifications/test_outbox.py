"""The order e-mail outbox: an e-mail is owed in the order's own transaction, marked sent by the
task, and the sweeper sends what the queue never delivered — once, backing off on failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from commerce.notifications import outbox
from commerce.notifications.models import PendingEmail
from commerce.notifications.tasks import send_order_email
from commerce.order import notifications

from .test_order_emails import make_order


@pytest.fixture(autouse=True)
def _clear_mail():
    mail.outbox = []


@pytest.fixture
def broker_down(settings):
    """Queuing fails as it does with Redis down: the real client against a closed port."""
    from config.celery import app

    keys = ("broker_url", "broker_connection_retry", "broker_transport_options")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url="redis://127.0.0.1:1/0", broker_connection_retry=False, broker_transport_options={"max_retries": 0})
    app.pool.force_close_all()
    yield
    app.conf.update(previous)
    app.pool.force_close_all()


@pytest.mark.django_db(transaction=True)
def test_owed_in_the_orders_transaction_and_gone_with_its_rollback(channel_online):
    order = make_order(channel_online)
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.order_confirmed(order)
        raise RuntimeError("the checkout failed after all")
    assert not PendingEmail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_owed_while_the_broker_is_down_then_sent_by_the_sweeper_once(channel_online, broker_down):
    order = make_order(channel_online)
    with transaction.atomic():
        notifications.order_confirmed(order)  # queuing fails after commit: logged, not raised
    pending = PendingEmail.objects.get()
    assert pending.sent_at is None and mail.outbox == []

    assert outbox.send_overdue(now=timezone.now()) == {"sent": 0, "failed": 0}  # not overdue yet
    later = timezone.now() + timedelta(seconds=outbox.overdue_after().total_seconds() + 1)
    assert outbox.send_overdue(now=later) == {"sent": 1, "failed": 0}
    pending.refresh_from_db()
    assert pending.sent_at is not None and pending.outcome == "sent"
    assert len(mail.outbox) == 1 and f"#{order.number}" in mail.outbox[0].subject
    assert outbox.send_overdue(now=later) == {"sent": 0, "failed": 0}
    # The task, should the broker deliver it after all, sends nothing more.
    assert send_order_email(str(order.pk), "order_confirmed", pending.pk) == "already_sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failing_mail_server_counts_attempts_and_backs_off(channel_online, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens there
    order = make_order(channel_online)
    pending = PendingEmail.objects.create(order=order, kind="order_confirmed")
    later = timezone.now() + outbox.overdue_after() + timedelta(seconds=1)
    assert outbox.send_overdue(now=later) == {"sent": 0, "failed": 1}
    pending.refresh_from_db()
    assert pending.attempts == 1 and "ConnectionRefusedError" in pending.last_error and pending.sent_at is None
    # Backing off: not tried again straight away, but later it is — and sent once the server is back.
    assert outbox.send_overdue(now=later) == {"sent": 0, "failed": 0}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    much_later = later + outbox.overdue_after() * 4
    assert outbox.send_overdue(now=much_later) == {"sent": 1, "failed": 0}
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_staff_see_unsent_emails_and_send_them_now(admin_client, channel_online):
    from django.urls import reverse

    order = make_order(channel_online)
    pending = PendingEmail.objects.create(order=order, kind="order_confirmed", attempts=2, last_error="ConnectionRefusedError")
    changelist = reverse("admin:notifications_pendingemail_changelist")
    page = admin_client.get(changelist, {"sent": "no"}).content.decode()
    assert "ConnectionRefusedError" in page and "order_confirmed" in page
    response = admin_client.post(changelist, {"action": "send_now", "_selected_action": [pending.pk]}, follow=True)
    assert "Đã gửi 1 e-mail." in response.content.decode()
    pending.refresh_from_db()
    assert pending.sent_at is not None and len(mail.outbox) == 1
