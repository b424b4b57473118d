"""The core as the POS sees it: saleor_client running pos/graphql/ documents as the `pos` App
(in-process by default; over HTTP to another core, ours or Saleor, with POS_GRAPHQL_URL and
POS_APP_TOKEN)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from saleor_client import HttpTransport, InProcessTransport, SaleorClient

DOCUMENTS = [Path(__file__).resolve().parent.parent / "graphql"]
APP_IDENTIFIER = "pos"
# What the POS does in the core, and nothing more: import orders (orderBulkCreate), look an
# order up by its reference, list fair prices and move stock, create the fair's channel.
# HANDLE_PAYMENTS: a refund at the booth is reported on the order's payments.
APP_PERMISSIONS = ("MANAGE_ORDERS_IMPORT", "MANAGE_ORDERS", "MANAGE_PRODUCTS", "MANAGE_CHANNELS", "HANDLE_PAYMENTS")


class PosAppMissing(Exception):
    pass


def install_app():
    """Create (or repair) the `pos` App with its permissions; returns it. Idempotent."""
    from django.contrib.auth.models import Permission

    from commerce.app.models import App
    from commerce.core.permissions import PermissionEnum

    app, _ = App.objects.get_or_create(
        identifier=APP_IDENTIFIER,
        defaults={"name": "Fair POS", "about_app": "Bán hàng tại gian hàng hội chợ (pos/)."},
    )
    perms = [PermissionEnum[name] for name in APP_PERMISSIONS]
    app.permissions.add(*[Permission.objects.get(content_type__app_label=p.app_label, codename=p.codename) for p in perms])
    app.__dict__.pop("_perm_cache", None)
    return app


def installed_app():
    from commerce.app.models import App

    app = App.objects.filter(identifier=APP_IDENTIFIER, is_active=True).first()
    if app is None:
        raise PosAppMissing("the `pos` App is not installed: run `ocop manage pos_install_app`")
    return app


def client() -> SaleorClient:
    if settings.POS_GRAPHQL_URL:
        return SaleorClient(HttpTransport(settings.POS_GRAPHQL_URL, token=settings.POS_APP_TOKEN, timeout=60), DOCUMENTS)
    return SaleorClient(InProcessTransport(app=installed_app()), DOCUMENTS)


def nodes(connection) -> list[dict]:
    return [edge["node"] for edge in (connection or {}).get("edges") or []]


def all_pages(gql: SaleorClient, operation: str, variables: dict, page_size: int = 100):
    after = None
    while True:
        data = gql.execute(operation, {**variables, "first": page_size, "after": after})
        connection = next(iter(data.values()))
        yield from nodes(connection)
        if not connection["pageInfo"]["hasNextPage"]:
            return
        after = connection["pageInfo"]["endCursor"]
