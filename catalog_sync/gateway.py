"""The catalog as catalog_sync sees it: through saleor_client and the documents in graphql/,
acting as the `catalog-sync` App (in-process by default, over HTTP with a URL and app token)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from saleor_client import HttpTransport, InProcessTransport, SaleorClient

DOCUMENTS = [Path(__file__).parent / "graphql"]
APP_IDENTIFIER = "catalog-sync"
PRODUCT_TYPE = "ocop-product"
PRODUCER_PAGE_TYPE = "ocop-producer"
RETAIL_CHANNEL = "online"
ROOT_CATEGORY = "dac-san-tay-ninh"
PAGE_SIZE = 100

# slug → how its value is written and read
PRODUCT_ATTRIBUTES = {
    "ocop-stars": "DROPDOWN",
    "ocop-certificate-no": "PLAIN_TEXT",
    "ocop-decision-date": "DATE",
    "ocop-valid-until": "DATE",
    "ocop-authority": "PLAIN_TEXT",
    "ocop-score": "NUMERIC",
    "ocop-product-group": "DROPDOWN",
    "ocop-status": "DROPDOWN",
    "producer": "REFERENCE",
}
PAGE_ATTRIBUTES = {"producer-type": "DROPDOWN", "ward-commune": "PLAIN_TEXT", "province": "PLAIN_TEXT"}
# Where a new product is filed, by words in its name (the registry has no category column).
CATEGORY_WORDS = [
    ("banh-trang", ("banh trang",)),
    ("muoi-gia-vi", ("muoi", "nuoc mam", "tuong", "gia vi")),
    ("do-uong", ("ruou", "nuoc ep", "nuoc cot", "tra ", "ca phe", "nuoc ")),
    ("duoc-lieu-tra", ("tra", "nghe", "duoc lieu", "sam")),
    ("thu-cong-my-nghe", ("luc binh", "gio", "non la", "thu cong", "dan ")),
    ("trai-cay", ("mang cau", "thanh long", "dua", "xoai", "chanh", "ca na", "mit", "sau rieng", "chuoi", "buoi")),
    ("nong-san-kho", ("kho", "gao", "mat ong", "say", "hat dieu", "dieu", "rau", "nam")),
]


class SetupMissing(Exception):
    """The catalog lacks something the sync writes into (an attribute, a type, a channel)."""


def installed_app():
    """The App the sync acts as in-process; its record is the App's installation, the only thing
    read from the core without GraphQL (a remote core gets a URL and token instead)."""
    from django.apps import apps

    App = apps.get_model("app", "App")
    app = App.objects.filter(identifier=APP_IDENTIFIER, is_active=True).first()
    if app is None:
        raise SetupMissing(f"no active App '{APP_IDENTIFIER}' is installed (run `ocop manage load_demo` or create it)")
    return app


def make_client(url: str | None = None, token: str | None = None) -> SaleorClient:
    url = url or os.environ.get("CATALOG_SYNC_GRAPHQL_URL")
    token = token or os.environ.get("CATALOG_SYNC_APP_TOKEN")
    if url:
        return SaleorClient(HttpTransport(url, token=token, timeout=60), DOCUMENTS)
    return SaleorClient(InProcessTransport(app=installed_app()), DOCUMENTS)


def _nodes(connection) -> list[dict]:
    return [edge["node"] for edge in (connection or {}).get("edges") or []]


@dataclass
class Setup:
    attributes: dict[str, str]  # slug → ID
    choices: dict[str, dict[str, str]]  # attribute slug → value slug → value ID
    product_type: str
    page_type: str
    channels: dict[str, str]  # slug → ID
    categories: dict[str, str] = field(default_factory=dict)

    def category_for(self, name: str) -> str | None:
        from .columns import fold

        folded = f" {fold(name)} "
        for slug, words in CATEGORY_WORDS:
            if slug in self.categories and any(f" {w.strip()} " in folded or folded.startswith(f" {w}") for w in words):
                return self.categories[slug]
        return self.categories.get(ROOT_CATEGORY)


def read_setup(client: SaleorClient) -> Setup:
    category_slugs = [ROOT_CATEGORY, *(slug for slug, _ in CATEGORY_WORDS)]
    data = client.execute(
        "SyncSetup",
        {
            "attributeSlugs": [*PRODUCT_ATTRIBUTES, *PAGE_ATTRIBUTES],
            "productTypeSlugs": [PRODUCT_TYPE],
            "pageTypeSlugs": [PRODUCER_PAGE_TYPE],
            "categorySlugs": category_slugs,
        },
    )
    attributes, choices = {}, {}
    for node in _nodes(data["attributes"]):
        attributes[node["slug"]] = node["id"]
        choices[node["slug"]] = {c["slug"]: c["id"] for c in _nodes(node.get("choices"))}
    missing = [slug for slug in PRODUCT_ATTRIBUTES if slug not in attributes]
    product_types = _nodes(data["productTypes"])
    page_types = _nodes(data["pageTypes"])
    channels = {c["slug"]: c["id"] for c in data["channels"] or []}
    if not product_types:
        missing.append(f"product type {PRODUCT_TYPE}")
    if not page_types:
        missing.append(f"page type {PRODUCER_PAGE_TYPE}")
    if RETAIL_CHANNEL not in channels:
        missing.append(f"channel {RETAIL_CHANNEL}")
    if missing:
        raise SetupMissing("the catalog is not set up for OCOP products; missing: " + ", ".join(missing))
    return Setup(
        attributes=attributes,
        choices=choices,
        product_type=product_types[0]["id"],
        page_type=page_types[0]["id"],
        channels=channels,
        categories={c["slug"]: c["id"] for c in _nodes(data["categories"])},
    )


def _pages(client: SaleorClient, operation: str, variables: dict):
    after = None
    while True:
        data = client.execute(operation, {**variables, "first": PAGE_SIZE, "after": after})
        connection = next(iter(data.values()))
        yield from _nodes(connection)
        if not connection["pageInfo"]["hasNextPage"]:
            return
        after = connection["pageInfo"]["endCursor"]


def attribute_values(node: dict) -> dict[str, object]:
    """slug → comparable value: a choice's slug, text, ISO date, number or referenced ID."""
    out: dict[str, object] = {}
    for selected in node.get("attributes") or []:
        slug = selected["attribute"]["slug"]
        values = selected.get("values") or []
        if not values:
            continue
        value = values[0]
        kind = PRODUCT_ATTRIBUTES.get(slug) or PAGE_ATTRIBUTES.get(slug)
        if kind == "DROPDOWN":
            out[slug] = value["slug"]
        elif kind == "PLAIN_TEXT":
            out[slug] = value.get("plainText") or value.get("name") or ""
        elif kind == "DATE":
            out[slug] = value.get("date")
        elif kind == "NUMERIC":
            try:
                out[slug] = float(value.get("name"))
            except (TypeError, ValueError):
                out[slug] = None
        elif kind == "REFERENCE":
            out[slug] = value.get("reference")
    return out


@dataclass
class CatalogProduct:
    id: str
    code: str
    name: str
    values: dict
    updated_at: str = ""  # the catalog's updatedAt when this was read or written


def _catalog_product(node: dict) -> CatalogProduct:
    return CatalogProduct(node["id"], node["externalReference"], node["name"], attribute_values(node), node.get("updatedAt") or "")


def read_products(client: SaleorClient, setup: Setup, *, use_memory: bool = True, stats: dict | None = None) -> dict[str, CatalogProduct]:
    """The registry's products in the catalog, by externalReference.

    Reads every product's stamp (id, code, updatedAt) and, in full, only those the sync does not
    already know at that updatedAt (see known.py); `use_memory=False` reads all in full."""
    from . import known

    catalog = known.catalog_key(client)
    memory = known.remembered(catalog) if use_memory else {}
    products: dict[str, CatalogProduct] = {}
    present, stale = set(), []
    for node in _pages(client, "SyncProductStamps", {"productType": setup.product_type}):
        code = node.get("externalReference")
        if not code:
            continue
        present.add(node["id"])
        seen = memory.get(node["id"])
        if seen and seen[0] == code and seen[3] == node["updatedAt"]:
            products[code] = CatalogProduct(node["id"], code, seen[1], seen[2], seen[3])
        else:
            stale.append(node["id"])
    read_in_full = []
    for start in range(0, len(stale), PAGE_SIZE):
        for node in _pages(client, "SyncProductsByIds", {"ids": stale[start : start + PAGE_SIZE]}):
            if node.get("externalReference"):
                product = _catalog_product(node)
                products[product.code] = product
                read_in_full.append(product)
    known.remember(catalog, read_in_full)
    known.forget_all_but(catalog, present, memory)
    if stats is not None:
        stats["products_read_in_full"] = len(read_in_full)
        stats["products_known"] = len(products) - len(read_in_full)
    return products


def read_producers(client: SaleorClient, setup: Setup) -> dict[str, str]:
    """producer key (normalised name + commune) → page ID."""
    from .normalize import producer_key

    producers = {}
    for node in _pages(client, "SyncProducerPages", {"pageType": setup.page_type}):
        commune = attribute_values(node).get("ward-commune") or ""
        producers.setdefault(producer_key(node["title"], commune), node["id"])
    return producers
