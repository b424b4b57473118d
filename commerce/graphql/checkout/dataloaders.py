"""Checkout data per request: one CheckoutInfo (lines, listings, delivery, voucher) and its
prices per checkout token, fetched in a fixed number of queries whatever the line count."""

from commerce.checkout import pricing
from commerce.checkout.fetch import fetch_checkout_infos
from commerce.checkout.models import Checkout
from commerce.checkout.services import collection_points_for, shipping_listings_for
from commerce.graphql.core.dataloaders import DataLoader


def checkout_infos(context, keys) -> list:
    """Memoised per request: every loader below shares one fetch per checkout."""
    memo = context.__dict__.setdefault("_checkout_infos", {})
    missing = [k for k in keys if k not in memo]
    if missing:
        checkouts = list(Checkout.objects.filter(pk__in=missing).select_related("channel", "shipping_address", "collection_point"))
        for info in fetch_checkout_infos(checkouts):
            memo[info.checkout.pk] = info
        for key in missing:
            memo.setdefault(key, None)
    return [memo[k] for k in keys]


def forget_checkout(context, token) -> None:
    """After a mutation wrote the checkout, its payload must be read afresh."""
    context.__dict__.get("_checkout_infos", {}).pop(token, None)
    for loader in getattr(context, "_dataloaders", {}).values():
        if type(loader).__module__ == __name__:
            loader._cache.pop(token, None)


class CheckoutInfoByTokenLoader(DataLoader):
    def batch_load(self, keys):
        return checkout_infos(self.context, keys)


class CheckoutPricesByTokenLoader(DataLoader):
    def batch_load(self, keys):
        return [pricing.calculate(info) if info else None for info in checkout_infos(self.context, keys)]


class ShippingListingsByTokenLoader(DataLoader):
    def batch_load(self, keys):
        return [shipping_listings_for(info) if info else [] for info in checkout_infos(self.context, keys)]


class CollectionPointsByTokenLoader(DataLoader):
    def batch_load(self, keys):
        return [collection_points_for(info) if info else [] for info in checkout_infos(self.context, keys)]
