from celery import shared_task

from .stock import delete_expired_reservations


@shared_task(name="commerce.checkout.delete_expired_reservations_task")
def delete_expired_reservations_task() -> int:
    """Beat task: stock held by abandoned checkouts goes back on sale."""
    return delete_expired_reservations()
