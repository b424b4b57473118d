from celery import shared_task

from .indexing import BATCH_SIZE, index_dirty_batch


# Idempotent (recomputes dirty products' vectors): safe to rerun when a worker dies mid-task.
@shared_task(name="commerce.search.update_products_search_vector_task", ignore_result=False, acks_late=True, reject_on_worker_lost=True)
def update_products_search_vector_task(batch_size: int = BATCH_SIZE) -> int:
    """Index one batch of dirty products and queue the next batch if any remain (Saleor's way:
    short tasks that never hold a worker for a whole catalog). Beat also runs it every 20 s."""
    indexed, more = index_dirty_batch(batch_size)
    if more:
        update_products_search_vector_task.delay(batch_size)
    return indexed
