"""Stock held by carts: another shopper cannot take it while the hold lasts; the beat task
gives it back when the hold runs out (run directly and on a real Celery worker)."""

from datetime import timedelta

import pytest
from tests.celery_worker import running_worker
from django.utils import timezone

from commerce.checkout.tasks import delete_expired_reservations_task
from commerce.warehouse.models import Reservation
from tests.conftest import get_graphql_content

from .conftest import create_checkout, variant_id


@pytest.mark.django_db
def test_hold_blocks_other_shoppers_until_it_expires(api_client, product, settings):
    settings.CHECKOUT_RESERVATION_MINUTES = 10
    before = timezone.now()
    first = create_checkout(api_client, [{"variantId": variant_id(product), "quantity": 8}])
    assert first["errors"] == []
    hold = Reservation.objects.get()
    assert before + timedelta(minutes=10) <= hold.reserved_until <= timezone.now() + timedelta(minutes=10)

    blocked = create_checkout(api_client, [{"variantId": variant_id(product), "quantity": 3}], email="b@example.com")
    assert [e["code"] for e in blocked["errors"]] == ["INSUFFICIENT_STOCK"]
    assert create_checkout(api_client, [{"variantId": variant_id(product), "quantity": 2}], email="c@example.com")["errors"] == []

    # The first shopper walks away; once the hold has run out the beat task releases it.
    Reservation.objects.filter(pk=hold.pk).update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert delete_expired_reservations_task() == 1
    assert not Reservation.objects.filter(pk=hold.pk).exists()
    assert create_checkout(api_client, [{"variantId": variant_id(product), "quantity": 8}], email="d@example.com")["errors"] == []


@pytest.mark.django_db
def test_channel_setting_overrides_and_zero_disables(api_client, product, channel_online, settings):
    settings.CHECKOUT_RESERVATION_MINUTES = 10
    channel_online.checkout_reservation_minutes = 0
    channel_online.save()
    assert create_checkout(api_client, [{"variantId": variant_id(product), "quantity": 8}])["errors"] == []
    assert not Reservation.objects.exists()
    # Without holds, availability is still checked against allocations.
    assert [e["code"] for e in create_checkout(api_client, [{"variantId": variant_id(product), "quantity": 11}])["errors"]] == [
        "INSUFFICIENT_STOCK"
    ]


@pytest.fixture
def celery_worker_app(transactional_db):
    with running_worker(redis_db=15) as app:
        yield app


def test_expiry_task_on_a_celery_worker(celery_worker_app, product, settings):
    from commerce.checkout import services

    channel = product.channel_listings.get().channel
    services.create_checkout(channel, [(product.default_variant, 4)], email="a@example.com")
    services.create_checkout(channel, [(product.default_variant, 1)], email="b@example.com")
    Reservation.objects.filter(quantity_reserved=4).update(reserved_until=timezone.now() - timedelta(minutes=1))
    assert "commerce.checkout.delete_expired_reservations_task" in celery_worker_app.tasks
    assert delete_expired_reservations_task.delay().get(timeout=60) == 1
    assert list(Reservation.objects.values_list("quantity_reserved", flat=True)) == [1]
