"""Every mutation of the schema, found by introspection, called by an anonymous shopper, a
customer and a staff member without permissions, with arguments that point at REAL objects (so
a missing permission check would succeed, not trip over a bad ID): the answer is a
PermissionDenied or a payload error, never success — except the mutations Saleor opens to
shoppers, each listed below with the reason."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)

from commerce.graphql.core.types import to_global_id
from tests.conftest import ApiClient

from .conftest import make_order

# Mutations a caller without permissions may use, and why (Saleor 3.23 does the same).
PUBLIC_MUTATIONS = {
    "tokenCreate": "signing in is how a caller gets credentials",
    "tokenRefresh": "needs a valid refresh token, which is the credential",
    "tokenVerify": "answers only about the token it is given",
    "accountRegister": "shoppers create their own accounts",
    "requestPasswordReset": "same answer whether or not the address has an account; mails only its owner",
    "setPassword": "needs the one-time token mailed to the account's owner",
    "checkoutCreate": "anyone may start a checkout",
    "checkoutLinesAdd": "the checkout's ID (a random UUID token) is the bearer secret",
    "checkoutLinesUpdate": "the checkout's ID is the bearer secret",
    "checkoutLinesDelete": "the checkout's ID is the bearer secret",
    "checkoutEmailUpdate": "the checkout's ID is the bearer secret",
    "checkoutShippingAddressUpdate": "the checkout's ID is the bearer secret",
    "checkoutBillingAddressUpdate": "the checkout's ID is the bearer secret",
    "checkoutDeliveryMethodUpdate": "the checkout's ID is the bearer secret",
    "checkoutAddPromoCode": "the checkout's ID is the bearer secret",
    "checkoutComplete": "the checkout's ID is the bearer secret; places the shopper's own order",
    "paymentGatewayInitialize": "gateway data for the shopper's own checkout",
    "transactionInitialize": "starts a payment for the shopper's own checkout",
    "transactionProcess": "continues the shopper's own payment (transaction ID as bearer secret)",
}
# Public, but only for a signed-in customer: an anonymous caller must be refused.
SIGNED_IN_ONLY = {
    "checkoutCustomerAttach": "attaches the checkout to the signed-in caller themselves",
    "accountAddressCreate": "adds to the signed-in caller's own address book",
    "accountAddressUpdate": "the caller's own address only (or MANAGE_USERS); another's is PermissionDenied",
    "accountAddressDelete": "the caller's own address only (or MANAGE_USERS); another's is PermissionDenied",
    "accountSetDefaultAddress": "the caller's own address only; another's is an INVALID id",
}


@pytest.fixture
def objects(
    db, product, channel_online, warehouse, category, product_type, producer_page, producer_page_type, stars_attribute, customer_user
):
    """Global IDs (and other values) of real objects, by the names arguments use."""
    from commerce.checkout.models import Checkout
    from commerce.product.models import Collection

    collection = Collection.objects.create(name="Quà Tết", slug="qua-tet")
    variant = product.variants.first()
    order = make_order(channel_online, user=customer_user)
    checkout = Checkout.objects.create(channel=channel_online, currency="VND", email="lan@example.com", user=customer_user)
    ids = {
        "product": to_global_id("Product", product.pk),
        "variant": to_global_id("ProductVariant", variant.pk),
        "productVariant": to_global_id("ProductVariant", variant.pk),
        "warehouse": to_global_id("Warehouse", warehouse.pk),
        "channel": to_global_id("Channel", channel_online.pk),
        "category": to_global_id("Category", category.pk),
        "collection": to_global_id("Collection", collection.pk),
        "productType": to_global_id("ProductType", product_type.pk),
        "page": to_global_id("Page", producer_page.pk),
        "pageType": to_global_id("PageType", producer_page_type.pk),
        "attribute": to_global_id("Attribute", stars_attribute.pk),
        "order": to_global_id("Order", order.pk),
        "checkout": to_global_id("Checkout", checkout.pk),
    }
    return {"ids": ids, "checkout_token": str(checkout.pk), "order": order, "product": product}


def _schema():
    from commerce.graphql.api import schema

    return schema.graphql_schema


# Which object a mutation's own `id` argument names: the longest matching prefix.
PREFIXES = sorted(
    [
        "productVariant",
        "productType",
        "product",
        "pageType",
        "page",
        "order",
        "checkout",
        "channel",
        "collection",
        "category",
        "attribute",
        "warehouse",
        "transaction",
        "stock",
    ],
    key=len,
    reverse=True,
)


def _entity_for(mutation: str, arg: str) -> str:
    name = arg[:-2] if arg.endswith("Id") else arg[:-3] if arg.endswith("Ids") else arg
    name = name[:-1] if name.endswith("s") and name[:-1] in PREFIXES else name
    if name == "id":
        name = next((p for p in PREFIXES if mutation.startswith(p)), "product")
    if name in ("lines", "line"):
        name = "checkoutLine"
    return name


def _value(type_, mutation: str, arg: str, objects: dict, depth: int = 0):
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type, mutation, arg, objects, depth)
    if isinstance(type_, GraphQLList):
        return [_value(type_.of_type, mutation, arg, objects, depth)]
    if isinstance(type_, GraphQLEnumType):
        return {"__enum__": "VN" if "VN" in type_.values else next(iter(type_.values))}
    if isinstance(type_, GraphQLInputObjectType):
        if depth > 4:
            return {}
        return {
            name: _value(field.type, mutation, name, objects, depth + 1)
            for name, field in type_.fields.items()
            if isinstance(field.type, GraphQLNonNull) or depth == 0 and name in ("name", "slug", "channel")
        }
    assert isinstance(type_, GraphQLScalarType)
    scalar = type_.name
    if scalar == "ID":
        entity = _entity_for(mutation, arg)
        if entity == "transaction":
            return objects["ids"]["checkout"]
        return objects["ids"].get(entity, objects["ids"]["product"])
    if scalar == "UUID":
        return objects["checkout_token"]
    if scalar == "String":
        return {"channel": "online", "email": "lan@example.com", "password": "Customer-pass-123", "slug": "x-security"}.get(arg, "x")
    if scalar == "Int":
        return 1
    if scalar in ("Float", "Decimal", "PositiveDecimal", "PositiveInt", "Weight"):
        return 1
    if scalar == "Boolean":
        return False
    if scalar == "Date":
        return "2026-01-01"
    if scalar == "DateTime":
        return "2026-01-01T00:00:00+07:00"
    if scalar == "JSON" or scalar == "JSONString":
        return {}
    return "x"


def _literal(value) -> str:
    if isinstance(value, dict) and "__enum__" in value:
        return value["__enum__"]
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _selection(type_) -> str:
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    if not isinstance(type_, GraphQLObjectType):
        return ""
    parts = ["__typename"]
    for name, field in type_.fields.items():
        inner = field.type
        while isinstance(inner, (GraphQLNonNull, GraphQLList)):
            inner = inner.of_type
        if name == "errors" and isinstance(inner, GraphQLObjectType):
            scalars = [n for n, f in inner.fields.items() if n in ("field", "code", "message", "path") and not f.args]
            parts.append("errors { " + " ".join(scalars or ["__typename"]) + " }")
        elif isinstance(inner, GraphQLObjectType) and not any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            parts.append(f"{name} {{ __typename }}")
        elif isinstance(inner, (GraphQLScalarType, GraphQLEnumType)) and not field.args:
            parts.append(name)
    return "{ " + " ".join(parts) + " }"


def build_document(name: str, objects: dict) -> str:
    field = _schema().mutation_type.fields[name]
    args = []
    for arg_name, arg in field.args.items():
        if isinstance(arg.type, GraphQLNonNull) or arg_name in ("id", "input", "checkoutId"):
            args.append(f"{arg_name}: {_literal(_value(arg.type, name, arg_name, objects))}")
    arguments = f"({', '.join(args)})" if args else ""
    return f"mutation {{ {name}{arguments} {_selection(field.type)} }}"


def _outcome(response) -> str:
    """'refused' (PermissionDenied), 'payload-error', 'invalid' (document refused) or 'success'."""
    assert response.status_code in (200, 400), (response.status_code, response.content[:500])
    body = json.loads(response.content)
    errors = body.get("errors") or []
    codes = {((e.get("extensions") or {}).get("exception") or {}).get("code") for e in errors}
    assert "INTERNAL_ERROR" not in codes, body
    if "PermissionDenied" in codes:
        return "refused"
    if errors and not any(e.get("path") for e in errors):
        return "invalid"
    payload = next(iter((body.get("data") or {}).values()), None)
    if payload is None:
        return "refused" if errors else "payload-error"
    if payload.get("errors"):
        return "payload-error"
    if errors:
        return "payload-error"
    return "success"


def all_mutations() -> list[str]:
    import django

    django.setup()
    return sorted(_schema().mutation_type.fields)


def test_every_public_mutation_still_exists():
    assert set(PUBLIC_MUTATIONS) | set(SIGNED_IN_ONLY) <= set(all_mutations())


@pytest.fixture
def callers(db, staff_user, other_customer):
    return {"anonymous": ApiClient(), "customer": ApiClient(user=other_customer), "staff": ApiClient(user=staff_user)}


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff"])
def test_no_mutation_succeeds_without_permission(caller, callers, objects):
    client = callers[caller]
    wrong, invalid = [], []
    for name in all_mutations():
        if name in PUBLIC_MUTATIONS or (name in SIGNED_IN_ONLY and caller != "anonymous"):
            continue
        document = build_document(name, objects)
        outcome = _outcome(client.post_graphql(document))
        if outcome == "success":
            wrong.append(f"{name}: {document}")
        elif outcome == "invalid":
            invalid.append(f"{name}: {client.post_graphql(document).content[:300]!r}")
    assert not invalid, "documents the matrix could not build:\n" + "\n".join(invalid)
    assert not wrong, f"succeeded for {caller}:\n" + "\n".join(wrong)
    # The real objects are untouched.
    objects["product"].refresh_from_db()
    assert objects["product"].name != "x"
    objects["order"].refresh_from_db()
    assert objects["order"].status not in ("canceled", "fulfilled")


def test_permission_refusals_are_permission_denied_for_staff_mutations(callers, objects):
    """The catalog, order, channel and stock mutations refuse with PermissionDenied itself (not a
    payload error that might come from a bad argument before any permission check)."""
    client = callers["staff"]
    staff_only = [n for n in all_mutations() if n not in PUBLIC_MUTATIONS and n not in SIGNED_IN_ONLY]
    assert len(staff_only) >= 20
    outcomes = {n: _outcome(client.post_graphql(build_document(n, objects))) for n in staff_only}
    assert {n for n, o in outcomes.items() if o != "refused"} == set(), outcomes


def test_public_mutations_answer_without_server_errors(callers, objects):
    for caller, client in callers.items():
        for name in sorted(PUBLIC_MUTATIONS | SIGNED_IN_ONLY):
            response = client.post_graphql(build_document(name, objects))
            outcome = _outcome(response)
            assert outcome != "invalid", (name, response.content[:400])
            if name in SIGNED_IN_ONLY and caller == "anonymous":
                assert outcome in ("refused", "payload-error"), (name, response.content[:400])


def test_a_superuser_gets_past_the_checks(superuser, objects):
    """The matrix's documents are real: with every permission, productUpdate does succeed."""
    client = ApiClient(user=superuser)
    assert _outcome(client.post_graphql(build_document("productUpdate", objects))) == "success"
    objects["product"].refresh_from_db()
    assert objects["product"].name == "x"
