"""Shopper traffic for `make load` (bench/load.py runs it headless on 127.0.0.1):
70% browsing storefront pages (home, listing, product), 20% search, 10% cart and checkout —
GraphQL checkoutCreate → addresses → delivery → checkoutComplete with cash on delivery, the
documents the storefront's checkout sends. Each placed order is appended to LOAD_ORDERS_FILE so
the runner can check orders == successful checkouts afterwards."""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["LOAD_DATA_FILE"]).read())
ORDERS_FILE = os.environ["LOAD_ORDERS_FILE"]
ADDRESS = {
    "firstName": "Lan",
    "lastName": "Nguyễn",
    "streetAddress1": "12 Đường 30/4",
    "city": "phuong tan ninh",
    "countryArea": "tay ninh",
    "country": "VN",
    "phone": "0912 345 678",
}
CREATE = "mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) { checkout { id } errors { code } } }"
SHIP = "mutation($id: ID!, $a: AddressInput!) { checkoutShippingAddressUpdate(id: $id, shippingAddress: $a) { errors { code } } }"
BILL = "mutation($id: ID!, $a: AddressInput!) { checkoutBillingAddressUpdate(id: $id, billingAddress: $a) { errors { code } } }"
DELIVERY = "mutation($id: ID!, $m: ID) { checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m) { errors { code } } }"
COMPLETE = "mutation($id: ID!, $p: JSONString) { checkoutComplete(id: $id, paymentData: $p) { order { id number lines { quantity variant { id } } } errors { code } } }"


def _note(record: dict) -> None:
    with open(ORDERS_FILE, "a") as orders:
        orders.write(json.dumps(record) + "\n")


class Shopper(HttpUser):
    wait_time = between(0.5, 2.0)

    _last_refused = False

    def _graphql(self, name, query, variables):
        self._last_refused = False
        with self.client.post(
            "/graphql/", json={"query": query, "variables": variables}, name=f"graphql {name}", catch_response=True
        ) as response:
            try:
                body = response.json()
            except ValueError:
                response.failure(f"HTTP {response.status_code}")
                return None
            payload = next(iter((body.get("data") or {}).values()), None)
            codes = {e.get("code") for e in (payload or {}).get("errors") or []}
            if codes and codes <= {"INSUFFICIENT_STOCK"}:
                response.success()  # the right answer for a scarce jar, not an error
                self._last_refused = True
                return None
            if body.get("errors") or payload is None or payload.get("errors"):
                self._last_refused = True  # the server answered: no order
                response.failure(json.dumps(body.get("errors") or (payload or {}).get("errors"))[:200])
                return None
            return payload

    @task(25)
    def home(self):
        self.client.get("/", name="/ (home)")

    @task(20)
    def listing(self):
        page = random.choice(
            ["/products/", "/products/?sort=price", "/products/?stars=4", f"/categories/{random.choice(DATA['categories'])}/"]
        )
        self.client.get(page, name="/products/ (listing)")

    @task(25)
    def product(self):
        self.client.get(f"/products/{random.choice(DATA['slugs'])}/", name="/products/<slug>/")

    @task(20)
    def search(self):
        self.client.get(f"/search/?q={random.choice(DATA['terms'])}", name="/search/?q=")

    @task(10)
    def checkout(self):
        lines = [{"variantId": v, "quantity": random.randint(1, 2)} for v in random.sample(DATA["variants"], random.randint(1, 3))]
        created = self._graphql("checkoutCreate", CREATE, {"input": {"channel": "online", "email": "khach@example.com", "lines": lines}})
        if not created:
            return
        checkout_id = created["checkout"]["id"]
        if not self._graphql("checkoutShippingAddressUpdate", SHIP, {"id": checkout_id, "a": ADDRESS}):
            return
        if not self._graphql("checkoutBillingAddressUpdate", BILL, {"id": checkout_id, "a": ADDRESS}):
            return
        if not self._graphql("checkoutDeliveryMethodUpdate", DELIVERY, {"id": checkout_id, "m": DATA["shipping_method"]}):
            return
        _note({"sent": checkout_id})
        done = self._graphql("checkoutComplete", COMPLETE, {"id": checkout_id, "p": json.dumps({"gateway": "ocop.payments.cod"})})
        if done and done.get("order"):
            _note(
                {
                    "placed": checkout_id,
                    "id": done["order"]["id"],
                    "lines": [[l["variant"]["id"], l["quantity"]] for l in done["order"]["lines"]],
                }
            )
        elif done is None and self._last_refused:
            _note({"refused": checkout_id})
