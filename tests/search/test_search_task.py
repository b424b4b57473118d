"""The indexing task on a real Celery worker (in-memory broker), against the real database."""

import time

import pytest
from tests.celery_worker import running_worker

from commerce.product.models import Product
from commerce.search.tasks import update_products_search_vector_task
from tests.factories import create_product


@pytest.fixture
def celery_worker_app(transactional_db):
    with running_worker(redis_db=12) as app:
        yield app


def test_task_indexes_dirty_products_in_batches(celery_worker_app, product_type, channel_online):
    ids = [create_product(name=f"Muối ớt số {i}", product_type=product_type, channel=channel_online).pk for i in range(5)]
    assert Product.objects.filter(pk__in=ids, search_index_dirty=True).count() == 5

    # Batches of 2: the task indexes one batch and queues itself for the rest.
    result = update_products_search_vector_task.delay(2)
    assert result.get(timeout=30) == 2

    deadline = time.monotonic() + 30
    while Product.objects.filter(pk__in=ids, search_index_dirty=True).exists():
        assert time.monotonic() < deadline, "worker did not index every product"
        time.sleep(0.2)
    product = Product.objects.get(pk=ids[3])
    assert product.search_document.startswith("muoi ot so 3")
    assert product.search_vector is not None
