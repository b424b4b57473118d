from commerce.graphql.core.dataloaders import DataLoader, group_by
from commerce.payment.models import TransactionEvent, TransactionItem


class TransactionEventsByTransactionIdLoader(DataLoader):
    def batch_load(self, keys):
        grouped = group_by(
            TransactionEvent.objects.filter(transaction_id__in=keys).order_by("created_at", "pk"), lambda e: e.transaction_id
        )
        return [grouped.get(key, []) for key in keys]


class TransactionItemsByOrderIdLoader(DataLoader):
    """For Order.transactions (the order app's type asks for it)."""

    def batch_load(self, keys):
        grouped = group_by(TransactionItem.objects.filter(order_id__in=keys).order_by("created_at", "pk"), lambda t: t.order_id)
        return [grouped.get(key, []) for key in keys]


class TransactionItemsByCheckoutIdLoader(DataLoader):
    """For Checkout.transactions (the checkout app's type asks for it)."""

    def batch_load(self, keys):
        grouped = group_by(TransactionItem.objects.filter(checkout_id__in=keys).order_by("created_at", "pk"), lambda t: t.checkout_id)
        return [grouped.get(key, []) for key in keys]
