"""A Stripe notification whose signature is right but whose body the server cannot take
(hardening issue, point 5): nesting deep enough that json.loads raised RecursionError inside
stripe.Webhook.construct_event (a 500), NaN/Infinity tokens, NUL characters (jsonb refuses
them when the delivery is stored). Each is a 400 naming the problem; nothing is written."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from commerce.payment.models import WebhookDelivery

from .helpers import WEBHOOK_SECRET, sign_stripe, stripe_event


@pytest.fixture
def stripe_hook(db, settings):
    """A client that shows a 500 as a response (as production would) instead of raising."""
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return Client(raise_request_exception=False)


def post_signed(client, payload: str):
    return client.post("/webhooks/stripe/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign_stripe(payload))


def event_with(value_text: str) -> str:
    """A well-formed event envelope whose metadata carries `value_text` verbatim."""
    envelope = json.dumps(
        stripe_event("payment_intent.succeeded", {"id": "pi_x", "object": "payment_intent", "metadata": {"k": "PLACEHOLDER"}})
    )
    return envelope.replace('"PLACEHOLDER"', value_text)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param("[" * 50_000 + "]" * 50_000, id="deep-array"),
        pytest.param(event_with("[" * 5_000 + "]" * 5_000), id="deep-inside-event"),
        pytest.param(event_with("NaN"), id="nan"),
        pytest.param(event_with("Infinity"), id="infinity"),
        pytest.param(event_with("1e400"), id="huge-number"),
        pytest.param(event_with('"a\\u0000b"'), id="nul"),
        pytest.param(event_with('"a\\ud800b"'), id="lone-surrogate"),
        pytest.param("not json at all", id="not-json"),
        pytest.param('["an", "array"]', id="not-an-object"),
    ],
)
def test_a_signed_body_the_server_cannot_take_is_a_400_and_writes_nothing(stripe_hook, payload):
    response = post_signed(stripe_hook, payload)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["error"]
    assert WebhookDelivery.objects.count() == 0


def test_a_bad_signature_is_still_refused_before_the_body_is_read(stripe_hook):
    payload = "[" * 50_000 + "]" * 50_000
    response = stripe_hook.post("/webhooks/stripe/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1,v1=00")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid signature"


def test_a_plain_signed_event_is_still_accepted(stripe_hook):
    response = post_signed(stripe_hook, event_with('"ok"'))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ignored"  # no transaction for this PaymentIntent
    assert WebhookDelivery.objects.count() == 1
