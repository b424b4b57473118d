"""Only approved business accounts buy in the wholesale channel — enforced by the core, so the
API refuses everyone else whatever client they use."""

from __future__ import annotations

import pytest

from commerce.business import services
from commerce.business.models import BusinessAccountStatus
from commerce.checkout.models import Checkout
from commerce.order.models import Order

from .conftest import api, complete, create, make_shop, prepare_for_completion

pytestmark = pytest.mark.django_db


def test_anonymous_cannot_create_a_wholesale_checkout(wholesale):
    data = create(api(), [(wholesale["salt"], 24)], email="someone@example.com")
    assert data["checkout"] is None
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("channel", "INVALID")]
    assert "đăng nhập" in data["errors"][0]["message"]
    assert not Checkout.objects.exists()


def test_anonymous_message_in_english_when_the_checkout_is_english(wholesale):
    data = create(api(), [(wholesale["salt"], 24)], email="someone@example.com", languageCode="EN")
    assert data["errors"][0]["message"].startswith("The wholesale channel is for approved business accounts only")


@pytest.mark.parametrize(
    "status, words",
    [
        (None, "chưa đăng ký mua sỉ"),
        (BusinessAccountStatus.APPLIED, "đang chờ duyệt"),
        (BusinessAccountStatus.DECLINED, "đã bị từ chối. Mã số thuế không khớp giấy phép kinh doanh."),
    ],
)
def test_unapproved_accounts_cannot_create_a_wholesale_checkout(wholesale, status, words):
    user = make_shop("shop@example.com", status)
    data = create(api(user), [(wholesale["salt"], 24)])
    assert data["checkout"] is None
    assert [e["code"] for e in data["errors"]] == ["INVALID"]
    assert words in data["errors"][0]["message"]
    assert not Checkout.objects.exists()


def test_approved_account_creates_and_completes(wholesale, approved_shop):
    client = api(approved_shop)
    data = create(client, [(wholesale["salt"], 24), (wholesale["box"], 5)])
    assert data["errors"] == []
    assert data["checkout"]["quantity"] == 29
    prepare_for_completion(client, data["checkout"]["id"], wholesale["shipping"])
    result = complete(client, data["checkout"]["id"])
    assert result["errors"] == []
    order = result["order"]
    assert sorted((l["productSku"], l["quantity"]) for l in order["lines"]) == [("HQ-01", 5), ("MT-100", 24)]
    # 24 × 32.000 + 5 × 150.000 + 50.000 shipping
    assert order["total"]["gross"]["amount"] == 24 * 32000 + 5 * 150000 + 50000
    metadata = {m["key"]: m["value"] for m in order["metadata"]}
    assert metadata["paymentTerms"] == "bank_transfer" and metadata["businessTaxCode"] == "0300588569"


def test_account_declined_after_the_cart_began_cannot_complete(wholesale, approved_shop):
    client = api(approved_shop)
    data = create(client, [(wholesale["salt"], 36)])
    prepare_for_completion(client, data["checkout"]["id"], wholesale["shipping"])
    services.decline(approved_shop.business_account, None, "Ngừng hợp tác.")
    result = complete(client, data["checkout"]["id"])
    assert result["order"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("channel", "INVALID")]
    assert "Ngừng hợp tác." in result["errors"][0]["message"]
    assert not Order.objects.exists()


def test_online_channel_stays_open_to_everyone(wholesale, product, api_client):
    from tests.checkout.conftest import CREATE, variant_id
    from tests.conftest import get_graphql_content

    data = get_graphql_content(
        api_client.post_graphql(
            CREATE, {"input": {"channel": "online", "email": "a@example.com", "lines": [{"variantId": variant_id(product), "quantity": 1}]}}
        )
    )
    assert data["data"]["checkoutCreate"]["errors"] == []
