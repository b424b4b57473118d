"""Background work of the business domain (Celery): the decision e-mail to an applicant and the
daily net-30 payment reminders (beat: send-wholesale-payment-reminders)."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
RETRY = dict(autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError), retry_backoff=30, retry_backoff_max=900, max_retries=8)


@shared_task(name="commerce.business.send_decision_email", **RETRY)
def send_decision_email(account_id) -> str:
    from .emails import decision_message
    from .models import BusinessAccount

    account = BusinessAccount.objects.select_related("user").filter(pk=account_id).first()
    if account is None:
        return "no_account"
    decision_message(account).send()
    return "sent"


def _due_reminders(today):
    from commerce.order.models import OrderChargeStatus, OrderStatus

    from .models import OrderTerms, PaymentTerms

    soon = today + timedelta(days=settings.WHOLESALE_REMINDER_DAYS_BEFORE)
    unpaid = (
        OrderTerms.objects.filter(terms=PaymentTerms.NET30, due_date__isnull=False)
        .exclude(order__status=OrderStatus.CANCELED)
        .exclude(order__charge_status__in=[OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED])
    )
    before = unpaid.filter(due_date__gte=today, due_date__lte=soon, reminded_before_at__isnull=True)
    after = unpaid.filter(due_date__lt=today, reminded_after_at__isnull=True)
    return [(pk, "due_soon") for pk in before.values_list("pk", flat=True)] + [(pk, "overdue") for pk in after.values_list("pk", flat=True)]


@shared_task(name="commerce.business.send_payment_reminders")
def send_payment_reminders(today=None) -> int:
    """One reminder a few days before the due date and one once it has passed, each sent once
    per order (the row lock and the sent-at stamps make a re-run or a second beat harmless)."""
    from .emails import reminder_message
    from .models import OrderTerms

    today = today or timezone.localdate()
    sent = 0
    for pk, kind in _due_reminders(today):
        stamp = "reminded_before_at" if kind == "due_soon" else "reminded_after_at"
        with transaction.atomic():
            terms = OrderTerms.objects.select_for_update().select_related("order", "account").get(pk=pk)
            if getattr(terms, stamp) is not None:
                continue
            message = reminder_message(terms, kind)
            if message is None:
                continue
            message.send()
            setattr(terms, stamp, timezone.now())
            terms.save(update_fields=[stamp])
            sent += 1
    return sent
