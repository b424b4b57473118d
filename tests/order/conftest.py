import pytest

from commerce.checkout import services
from commerce.checkout.complete import complete_checkout
from tests.checkout.conftest import shipping_method  # noqa: F401 - shared fixture

ADDRESS = {"street_address_1": "1 Lê Lợi", "city": "Phường Tân Ninh", "country_area": "Tây Ninh", "phone": "0912345678"}


@pytest.fixture
def place_order(shipping_method):  # noqa: F811
    def place(product, quantity=2, user=None, email="khach@example.com"):
        channel = product.channel_listings.get().channel
        checkout = services.create_checkout(
            channel, [(product.default_variant, quantity)], email=email, shipping_address=ADDRESS, billing_address=ADDRESS, user=user
        )
        services.set_delivery_method(checkout, shipping_method=shipping_method)
        return complete_checkout(checkout.pk).order

    return place
