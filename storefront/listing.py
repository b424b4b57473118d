"""A listing's query string ↔ the products query: facets, sort and cursors.

Every parameter is optional and checked; a bad one is dropped with a message in the shopper's
language instead of reaching the API (and never becomes a 500)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.utils.translation import gettext as _

SORTS = ("relevance", "newest", "price", "price_desc", "stars", "name")
MAX_PRICE = 1_000_000_000


@dataclass
class ListingQuery:
    search: str = ""
    stars: int | None = None
    groups: list[str] = field(default_factory=list)
    producers: list[str] = field(default_factory=list)
    ward: str = ""
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    sort: str = ""
    after: str = ""
    before: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return self.sort
        return "relevance" if self.search else "newest"

    def params(self, **changes) -> dict:
        """The query string of this listing with `changes`; cursors reset unless given."""
        values = {
            "q": self.search,
            "stars": self.stars,
            "group": self.groups,
            "producer": self.producers,
            "ward": self.ward,
            "price_min": self.price_min,
            "price_max": self.price_max,
            "in_stock": "1" if self.in_stock else "",
            "sort": self.sort,
            "after": "",
            "before": "",
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", [], False)}

    def url(self, base: str, **changes) -> str:
        params = self.params(**changes)
        return base + ("?" + urlencode(params, doseq=True) if params else "")

    @property
    def active(self) -> bool:
        return bool(
            self.stars
            or self.groups
            or self.producers
            or self.ward
            or self.price_min is not None
            or self.price_max is not None
            or self.in_stock
        )


def _int(value: str, problems: list, message: str, low: int, high: int):
    if value in (None, ""):
        return None
    try:
        number = int(str(value).replace(".", "").replace(",", "").strip())
    except ValueError:
        problems.append(message)
        return None
    if not low <= number <= high:
        problems.append(message)
        return None
    return number


def parse(get) -> ListingQuery:
    problems: list[str] = []
    query = ListingQuery(problems=problems)
    query.search = (get.get("q") or "").strip()[:100]
    query.stars = _int(get.get("stars"), problems, _("Số sao phải từ 1 đến 5."), 1, 5)
    query.groups = [g for g in get.getlist("group") if g][:10]
    query.producers = [p for p in get.getlist("producer") if p][:20]
    query.ward = (get.get("ward") or "")[:100]
    query.price_min = _int(get.get("price_min"), problems, _("Giá thấp nhất không hợp lệ."), 0, MAX_PRICE)
    query.price_max = _int(get.get("price_max"), problems, _("Giá cao nhất không hợp lệ."), 0, MAX_PRICE)
    if query.price_min is not None and query.price_max is not None and query.price_min > query.price_max:
        problems.append(_("Giá thấp nhất lớn hơn giá cao nhất; đã đổi chỗ hai giá."))
        query.price_min, query.price_max = query.price_max, query.price_min
    query.in_stock = get.get("in_stock") in ("1", "on", "true")
    sort = get.get("sort") or ""
    if sort and sort not in SORTS:
        problems.append(_("Không có cách sắp xếp này; đang sắp xếp mặc định."))
        sort = ""
    if sort == "relevance" and not query.search:
        sort = ""
    query.sort = sort
    query.after = (get.get("after") or "")[:200]
    query.before = (get.get("before") or "")[:200] if not query.after else ""
    return query


def variables(
    query: ListingQuery, *, channel: str, language: str, per_page: int, facets: dict, wards: list[dict], base_filter: dict | None = None
) -> dict:
    product_filter = dict(base_filter or {})
    attributes = list(product_filter.pop("attributes", []))
    if query.stars:
        # Stars count only with a valid certificate (a lapsed 4★ is not a 4★ product today).
        attributes.append({"slug": "ocop-stars", "valuesRange": {"gte": query.stars}})
        attributes.append({"slug": "ocop-status", "values": ["valid"]})
        attributes.append({"slug": "ocop-valid-until", "date": {"gte": date.today().isoformat()}})
    if query.groups:
        attributes.append({"slug": "ocop-product-group", "values": query.groups})
    producer_slugs = list(query.producers)
    if query.ward:
        in_ward = next((w["producers"] for w in wards if w["key"] == query.ward), [])
        producer_slugs = [p for p in producer_slugs if p in in_ward] if producer_slugs else in_ward
        producer_slugs = producer_slugs or ["-"]  # a ward without producers lists nothing
    if producer_slugs:
        attributes.append({"slug": "producer", "value": {"reference": {"pageSlugs": {"containsAny": producer_slugs}}}})
    if attributes:
        product_filter["attributes"] = attributes
    if query.price_min is not None or query.price_max is not None:
        product_filter["price"] = {k: v for k, v in (("gte", query.price_min), ("lte", query.price_max)) if v is not None}
    if query.in_stock:
        product_filter["stockAvailability"] = "IN_STOCK"
    sort = query.effective_sort
    sort_by = {
        "relevance": {"field": "RANK", "direction": "DESC"},
        "newest": {"field": "CREATED_AT", "direction": "DESC"},
        "price": {"field": "PRICE", "direction": "ASC"},
        "price_desc": {"field": "PRICE", "direction": "DESC"},
        "name": {"field": "NAME", "direction": "ASC"},
        "stars": {"attributeId": facets.get("stars_attribute_id"), "direction": "DESC"} if facets.get("stars_attribute_id") else None,
    }[sort]
    result = {
        "channel": channel,
        "languageCode": language.upper(),
        "filter": product_filter or None,
        "search": query.search or None,
        "sortBy": sort_by,
    }
    if query.before:
        result.update(last=per_page, before=query.before)
    else:
        result.update(first=per_page, after=query.after or None)
    return result
