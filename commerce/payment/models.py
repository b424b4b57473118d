"""Saleor's transactions: one TransactionItem per payment attempt with a gateway, and the
TransactionEvents that happened to it. Amounts on the item are never written directly — they
are recomputed from its events (see services.recalculate_amounts), so events arriving twice or
out of order still add up to the same state."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from commerce.core.models import ModelWithMetadata

STRIPE = "ocop.payments.stripe"
COD = "ocop.payments.cod"
VIETQR = "ocop.payments.vietqr"
# Payments taken elsewhere and reported with an order (orderBulkCreate's transactions: a fair booth).
IMPORTED = "ocop.payments.imported"
GATEWAY_CHOICES = [(STRIPE, "Stripe"), (COD, "Cash on delivery"), (VIETQR, "VietQR bank transfer"), (IMPORTED, "Imported with the order")]


class TransactionAction:
    CHARGE = "charge"
    REFUND = "refund"
    CANCEL = "cancel"
    CHOICES = [(CHARGE, "Charge"), (REFUND, "Refund"), (CANCEL, "Cancel")]


class TransactionEventType:
    """Saleor's TransactionEventTypeEnum, stored lower-case as Saleor does."""

    AUTHORIZATION_SUCCESS = "authorization_success"
    AUTHORIZATION_FAILURE = "authorization_failure"
    AUTHORIZATION_ADJUSTMENT = "authorization_adjustment"
    AUTHORIZATION_REQUEST = "authorization_request"
    AUTHORIZATION_ACTION_REQUIRED = "authorization_action_required"
    CHARGE_ACTION_REQUIRED = "charge_action_required"
    CHARGE_SUCCESS = "charge_success"
    CHARGE_FAILURE = "charge_failure"
    CHARGE_BACK = "charge_back"
    CHARGE_REQUEST = "charge_request"
    REFUND_SUCCESS = "refund_success"
    REFUND_FAILURE = "refund_failure"
    REFUND_REVERSE = "refund_reverse"
    REFUND_REQUEST = "refund_request"
    CANCEL_SUCCESS = "cancel_success"
    CANCEL_FAILURE = "cancel_failure"
    CANCEL_REQUEST = "cancel_request"
    INFO = "info"

    CHOICES = [(v, v.upper()) for k, v in vars().items() if k.isupper()]


class TransactionItem(ModelWithMetadata):
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)
    # A transaction starts on a checkout; checkoutComplete moves it to the order (both kept).
    checkout = models.ForeignKey("checkout.Checkout", null=True, blank=True, related_name="payment_transactions", on_delete=models.SET_NULL)
    order = models.ForeignKey("order.Order", null=True, blank=True, related_name="payment_transactions", on_delete=models.PROTECT)
    gateway = models.CharField(max_length=64, choices=GATEWAY_CHOICES)
    name = models.CharField(max_length=512, blank=True, default="")
    message = models.CharField(max_length=512, blank=True, default="")
    psp_reference = models.CharField(max_length=512, blank=True, default="", db_index=True)
    # A short code the shopper types into a bank transfer memo ("OCOP <reference>").
    reference = models.CharField(max_length=32, unique=True, null=True, blank=True)
    available_actions = ArrayField(models.CharField(max_length=10, choices=TransactionAction.CHOICES), default=list, blank=True)
    currency = models.CharField(max_length=3)
    # What the shopper was asked to pay; bank transfers are matched against it.
    amount_requested = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    authorized_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    authorize_pending_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    charged_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    charge_pending_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    refunded_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    refund_pending_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    canceled_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    cancel_pending_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    # A retried transactionInitialize with the same key returns the first transaction.
    idempotency_key = models.CharField(max_length=512, blank=True, null=True)
    # Something a person must look at (e.g. a bank transfer of the wrong amount).
    needs_review = models.BooleanField(default=False, db_index=True)
    review_reason = models.CharField(max_length=512, blank=True, default="")
    external_url = models.URLField(blank=True, default="")
    created_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    created_by_app = models.ForeignKey("app.App", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["gateway", "idempotency_key"], name="payment_transaction_idempotency_uniq"),
        ]

    def __str__(self):
        return f"{self.gateway} {self.token}"


class TransactionEvent(models.Model):
    transaction = models.ForeignKey(TransactionItem, related_name="events", on_delete=models.CASCADE)
    type = models.CharField(max_length=128, choices=TransactionEventType.CHOICES, default=TransactionEventType.INFO)
    amount_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    currency = models.CharField(max_length=3)
    psp_reference = models.CharField(max_length=512, blank=True, default="")
    message = models.CharField(max_length=512, blank=True, default="")
    external_url = models.URLField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The gateway's id for what caused the event (Stripe event id, bank transaction id…):
    # unique, so a notification delivered twice is recorded once.
    external_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    idempotency_key = models.CharField(max_length=512, blank=True, null=True)
    created_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    created_by_app = models.ForeignKey("app.App", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self):
        return f"{self.type} {self.amount_value} {self.currency}"


class WebhookDelivery(models.Model):
    """Every signed notification we accepted, once per (provider, event id): the record that a
    duplicate delivery is recognised by, and the trail staff read when something is unclear."""

    STRIPE = "stripe"
    BANK = "bank"

    PROCESSED = "processed"
    IGNORED = "ignored"
    UNMATCHED = "unmatched"
    AMOUNT_MISMATCH = "amount_mismatch"
    RESOLVED = "resolved"
    STATUS_CHOICES = [(s, s.replace("_", " ")) for s in (PROCESSED, IGNORED, UNMATCHED, AMOUNT_MISMATCH, RESOLVED)]

    provider = models.CharField(max_length=16, choices=[(STRIPE, "Stripe"), (BANK, "Bank")])
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=128, blank=True, default="")
    status = models.CharField(max_length=32, choices=STATUS_CHOICES, default=PROCESSED, db_index=True)
    transaction = models.ForeignKey(TransactionItem, null=True, blank=True, related_name="webhook_deliveries", on_delete=models.SET_NULL)
    amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    memo = models.CharField(max_length=512, blank=True, default="")
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=512, blank=True, default="")

    class Meta:
        ordering = ("-received_at", "pk")
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payment_webhook_delivery_uniq")]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.provider} {self.event_id} ({self.status})"
