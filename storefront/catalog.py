"""Reads the browse pages share, with a short cache for the slow-changing ones (facet choices,
the producer directory): they are the same for every shopper and cost a GraphQL call each."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.text import slugify

from . import presenters
from .client import shopper_client

FACETS_TTL = 300
# The home page's sections (5★, 4★, newest, groups, categories) are the same for every shopper
# of a channel and language, and cost ~100 ms of GraphQL on a 10,000-product catalog; a
# product's change shows there within this many seconds (its own page, the listings and the
# cart are always live).
HOME_TTL = 60


def _cached(key: str, build, ttl: int = FACETS_TTL):
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, ttl)
    return value


def home(channel: str, language: str, client=None) -> dict:
    """The StorefrontHome answer for anonymous shoppers of `channel` in `language`, cached; with
    a `client` (a signed-in customer's, for a wholesale channel), that caller's answer, not
    cached — it holds prices not every visitor may see."""
    variables = {"channel": channel, "languageCode": language.upper()}
    if client is not None:
        return client.execute("StorefrontHome", variables)

    def build():
        return shopper_client().execute("StorefrontHome", variables)

    return _cached(f"storefront:home:{channel}:{language}", build, HOME_TTL)


def facets(language: str) -> dict:
    def build():
        data = shopper_client().execute("StorefrontFacets", {"languageCode": language.upper()})
        groups = [e["node"] for e in ((data.get("groups") or {}).get("choices") or {}).get("edges", [])]
        page_types = [e["node"]["id"] for e in (data.get("producerTypes") or {}).get("edges", [])]
        return {
            "stars_attribute_id": (data.get("stars") or {}).get("id"),
            "groups": [{"slug": g["slug"], "name": presenters.translated(g)} for g in groups],
            "producer_page_type": page_types[0] if page_types else None,
        }

    return _cached(f"storefront:facets:{language}", build)


def ward_key(name: str) -> str:
    return slugify(name.replace("đ", "d").replace("Đ", "D"), allow_unicode=False)


def producers(language: str) -> list[dict]:
    """Every producer page: name, slug, ward/commune (paged 100 at a time, as the API allows)."""

    def build():
        page_type = facets(language)["producer_page_type"]
        if not page_type:
            return []
        found, after = [], None
        for _ in range(50):  # 5,000 producers at most; the province has a few hundred
            data = shopper_client().execute(
                "StorefrontProducers", {"pageTypes": [page_type], "after": after, "languageCode": language.upper()}
            )
            connection = data["pages"]
            for edge in connection["edges"]:
                node = edge["node"]
                attributes = presenters.attribute_map(node.get("attributes") or [])
                ward = presenters.first_value(attributes, "ward-commune", "plainText") or presenters.first_value(attributes, "ward-commune")
                found.append({"name": node["title"], "slug": node["slug"], "ward": ward or "", "ward_key": ward_key(ward) if ward else ""})
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
        return found

    return _cached(f"storefront:producers:{language}", build)


def wards(language: str) -> list[dict]:
    by_key: dict[str, dict] = {}
    for producer in producers(language):
        if producer["ward_key"]:
            by_key.setdefault(producer["ward_key"], {"key": producer["ward_key"], "name": producer["ward"], "producers": []})
            by_key[producer["ward_key"]]["producers"].append(producer["slug"])
    return sorted(by_key.values(), key=lambda w: ward_key(w["name"]))
