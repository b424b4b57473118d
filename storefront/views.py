"""Browse pages: thin views over presenters, listing and catalog services."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from saleor_client import GraphQLRequestError, GraphQLResponseError

from . import catalog, listing, presenters, sessions
from .client import customer_client, shopper_client
from .rendering import language, render


def _channel(request) -> str:
    return sessions.channel_of(request)


def _in_wholesale(request) -> bool:
    return _channel(request) in settings.WHOLESALE_CHANNELS


def _catalog_client(request):
    """Who the browse pages ask the core as. The retail catalog is the same for every shopper:
    the anonymous client, whose answers may be shared and cached. A wholesale channel's prices
    are for approved business accounts only, which the core decides from the caller, so its
    pages ask as the signed-in customer (anyone else finds nothing on sale there)."""
    return customer_client(request) if _in_wholesale(request) else shopper_client()


@require_GET
def home(request):
    lang = language()
    data = catalog.home(_channel(request), lang, client=customer_client(request) if _in_wholesale(request) else None)
    groups = [e["node"] for e in ((data.get("groups") or {}).get("choices") or {}).get("edges", [])]
    context = {
        "five_stars": [presenters.card(e["node"], lang) for e in data["fiveStars"]["edges"]],
        "four_stars": [presenters.card(e["node"], lang) for e in data["fourStars"]["edges"]],
        "newest": [presenters.card(e["node"], lang) for e in data["newest"]["edges"]],
        "product_count": data["newest"]["totalCount"],
        "groups": [{"slug": g["slug"], "name": presenters.translated(g)} for g in groups],
        "categories": [{"slug": e["node"]["slug"], "name": presenters.display_name(e["node"])} for e in data["categories"]["edges"]],
        "producers": catalog.producers(lang)[:12],
    }
    return render(request, "home.html", context)


def _listing(request, *, template: str = "listing.html", title: str, base: str, base_filter: dict | None = None, extra: dict | None = None):
    lang = language()
    theme_per_page = _theme_per_page(request)
    query = listing.parse(request.GET)
    facets = catalog.facets(lang)
    wards = catalog.wards(lang)
    variables = listing.variables(
        query, channel=_channel(request), language=lang, per_page=theme_per_page, facets=facets, wards=wards, base_filter=base_filter
    )
    try:
        data = _catalog_client(request).execute("StorefrontListing", variables)
    except (GraphQLRequestError, GraphQLResponseError):
        # A stale or hand-edited cursor: start from the first page rather than fail.
        query.problems.append(_("Không mở được trang này của danh sách; đây là trang đầu."))
        query.after = query.before = ""
        variables = listing.variables(
            query, channel=_channel(request), language=lang, per_page=theme_per_page, facets=facets, wards=wards, base_filter=base_filter
        )
        data = _catalog_client(request).execute("StorefrontListing", variables)
    products = data["products"]
    page_info = products["pageInfo"]
    context = {
        "title": title,
        "listing": query,
        "base": base,
        "products": [presenters.card(e["node"], lang) for e in products["edges"]],
        "total": products["totalCount"],
        "next_url": query.url(base, after=page_info["endCursor"]) if page_info["hasNextPage"] else None,
        "previous_url": query.url(base, before=page_info["startCursor"]) if page_info["hasPreviousPage"] else None,
        "groups": facets["groups"],
        "producers": catalog.producers(lang),
        "wards": wards,
        "sorts": _sort_labels(query),
        **(extra or {}),
    }
    return render(request, template, context)


def _theme_per_page(request) -> int:
    from .themes import theme_for_channel

    return theme_for_channel(_channel(request)).products_per_page


def _sort_labels(query) -> list[tuple[str, str]]:
    labels = [
        ("relevance", _("Phù hợp nhất")),
        ("newest", _("Mới nhất")),
        ("price", _("Giá tăng dần")),
        ("price_desc", _("Giá giảm dần")),
        ("stars", _("Nhiều sao nhất")),
        ("name", _("Tên A–Z")),
    ]
    return [(key, label) for key, label in labels if key != "relevance" or query.search]


@require_GET
def products(request):
    return _listing(request, title=_("Tất cả sản phẩm"), base=reverse("storefront:products"))


@require_GET
def search(request):
    q = (request.GET.get("q") or "").strip()
    title = _("Kết quả cho “%(q)s”") % {"q": q} if q else _("Tìm kiếm")
    return _listing(request, title=title, base=reverse("storefront:search"))


@require_GET
def category(request, slug: str):
    lang = language()
    data = shopper_client().execute("StorefrontCategory", {"slug": slug, "languageCode": lang.upper()})
    node = data.get("category")
    if not node:
        raise Http404("category")
    return _listing(
        request,
        title=presenters.display_name(node),
        base=reverse("storefront:category", args=[slug]),
        base_filter={"categories": [node["id"]]},
        extra={"intro": presenters.paragraphs(presenters.translated(node, "description") or node.get("description"))},
    )


@require_GET
def collection(request, slug: str):
    lang = language()
    data = _catalog_client(request).execute(
        "StorefrontCollection", {"slug": slug, "channel": _channel(request), "languageCode": lang.upper()}
    )
    node = data.get("collection")
    if not node:
        raise Http404("collection")
    return _listing(
        request,
        title=presenters.display_name(node),
        base=reverse("storefront:collection", args=[slug]),
        base_filter={"collections": [node["id"]]},
        extra={"intro": presenters.paragraphs(presenters.translated(node, "description") or node.get("description"))},
    )


@require_GET
def suggest(request):
    """Predictive search: a few products as JSON for the search box (progressive enhancement;
    the form still submits to the search page without JavaScript)."""
    q = (request.GET.get("q") or "").strip()[:100]
    items = []
    if len(q) >= 2:
        lang = language()
        data = _catalog_client(request).execute(
            "StorefrontSuggest", {"channel": _channel(request), "search": q, "languageCode": lang.upper()}
        )
        for edge in data["products"]["edges"]:
            node = edge["node"]
            items.append(
                {
                    "name": presenters.display_name(node),
                    "url": reverse("storefront:product", args=[node["slug"]]),
                    "price": presenters.start_price(node, lang),
                    "image": (node.get("thumbnail") or {}).get("url"),
                }
            )
    response = JsonResponse({"query": q, "items": items})
    # Wholesale suggestions carry a trade price: for this signed-in shop only, never a shared cache.
    response["Cache-Control"] = "private, max-age=60" if _in_wholesale(request) else "public, max-age=60"
    response["Vary"] = "Accept-Language, Cookie"
    return response


@require_GET
def producers(request):
    lang = language()
    return render(request, "producers.html", {"producers": catalog.producers(lang), "wards": catalog.wards(lang)})


@require_GET
def producer(request, slug: str):
    lang = language()
    data = shopper_client().execute("StorefrontProducer", {"slug": slug, "languageCode": lang.upper()})
    page = data.get("page")
    if not page or page["pageType"]["slug"] != "ocop-producer":
        raise Http404("producer")
    producer = presenters.producer_view(page)
    producer_filter = {"attributes": [{"slug": "producer", "value": {"reference": {"pageSlugs": {"containsAny": [slug]}}}}]}
    return _listing(
        request,
        template="producer.html",
        title=producer["name"],
        base=reverse("storefront:producer", args=[slug]),
        base_filter=producer_filter,
        extra={"producer": producer},
    )


def _product_data(request, slug: str) -> dict:
    lang = language()
    data = _catalog_client(request).execute("StorefrontProduct", {"slug": slug, "channel": _channel(request), "languageCode": lang.upper()})
    if data.get("product") is None:
        raise Http404("product")
    return data["product"]


@require_GET
def product_detail(request, slug: str):
    lang = language()
    product = _product_data(request, slug)
    attributes = presenters.attribute_map(product["attributes"])
    producer = None
    reference = presenters.first_value(attributes, "producer", "reference")
    if reference:
        page = shopper_client().execute("StorefrontProducerById", {"id": reference, "languageCode": lang.upper()}).get("page")
        producer = presenters.producer_view(page) if page else None
    name = presenters.display_name(product)
    url = request.build_absolute_uri(reverse("storefront:product", args=[slug]))
    variants = [
        {
            "id": v["id"],
            "name": presenters.translated(v) or v["name"],
            "sku": v["sku"],
            "quantity": v.get("quantityAvailable") or 0,
            "in_stock": (v.get("quantityAvailable") or 0) > 0,
            "amount": (v.get("pricing") or {}).get("price", {}).get("gross", {}).get("amount")
            if v.get("pricing") and v["pricing"].get("price")
            else None,
            "price": presenters.money(v["pricing"]["price"]["gross"]["amount"], v["pricing"]["price"]["gross"]["currency"], lang)
            if v.get("pricing") and v["pricing"].get("price")
            else None,
        }
        for v in product["variants"] or []
    ]
    badge = presenters.valid_badge(product["attributes"])
    media = [
        {
            "src": m["medium"],
            "srcset": presenters.srcset((m["small"], 256), (m["medium"], 512), (m["large"], 1024)),
            "alt": m["alt"] or name,
            "large": m["large"],
        }
        for m in product.get("media") or []
    ]
    context = {
        "product": product,
        "name": name,
        "price": presenters.start_price(product, lang),
        "badge": badge,
        "paragraphs": presenters.paragraphs(presenters.translated(product, "description") or product["description"]),
        "variants": variants,
        "media": media,
        "producer": producer,
        "category": {"name": presenters.display_name(product["category"]), "slug": product["category"]["slug"]}
        if product.get("category")
        else None,
        "group": presenters.first_value(attributes, "ocop-product-group"),
        "history": presenters.certification_history(attributes, product.get("metadata")),
        "former_district": next((m["value"] for m in product.get("metadata") or [] if m["key"] == "ocop.former_district"), None),
        "code": product.get("externalReference"),
        "page_url": url,
        "json_ld": _json_ld(product, name, url, variants, media, badge, producer),
    }
    return render(request, "product.html", context)


def _json_ld(product, name, url, variants, media, badge, producer) -> str:
    currency = "VND"
    offers = [
        {
            "@type": "Offer",
            "sku": v["sku"],
            "name": v["name"],
            "price": str(int(v["amount"])),
            "priceCurrency": currency,
            "availability": "https://schema.org/InStock" if v["in_stock"] else "https://schema.org/OutOfStock",
            "url": url,
        }
        for v in variants
        if v["amount"] is not None
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "url": url,
        "description": product.get("seoDescription") or "",
        "image": [m["large"] for m in media],
        "sku": variants[0]["sku"] if variants else None,
        "offers": offers,
    }
    if producer:
        data["brand"] = {"@type": "Brand", "name": producer["name"]}
        data["manufacturer"] = {"@type": "Organization", "name": producer["name"]}
    if badge:
        data["award"] = f"OCOP {badge['stars']}★"
    # Inside <script>, "</script>" or "<!--" in a product name could end or swallow the page:
    # JSON allows \u003c for "<", which no HTML parser reads as markup.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@require_GET
def product_qr(request, slug: str):
    """A printable QR code (SVG) linking to the product page, for packaging and booth signs."""
    import io

    import segno

    _product_data(request, slug)  # 404 for products the channel does not sell
    url = request.build_absolute_uri(reverse("storefront:product", args=[slug]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, title=url, svgclass=None, lineclass=None)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="qr-{slug}.svg"'
    return response


@require_POST
def switch_channel(request):
    """Retail ↔ wholesale; the channel picks prices and the theme."""
    slug = request.POST.get("channel", "")
    if slug in settings.WHOLESALE_CHANNELS:
        from .wholesale.client import is_approved_buyer

        if not is_approved_buyer(request):
            # Trade prices are for approved gift shops: the wholesale account page signs the
            # visitor in, or says where their application stands and how to apply.
            return redirect(reverse("wholesale:account"))
    sessions.set_channel(request, slug)
    next_url = request.POST.get("next") or "/"
    from django.utils.http import url_has_allowed_host_and_scheme

    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    return redirect(next_url)


def page_not_found(request, exception=None):
    return render(request, "404.html", {}, status=404)


def server_error(request):
    """The themed 500 page; if the theme itself fails, a plain page rather than nothing."""
    try:
        return render(request, "500.html", {}, status=500)
    except Exception:  # noqa: BLE001 — the last line of defence must not raise
        return HttpResponse("<!doctype html><title>500</title><h1>Xin lỗi, đã có lỗi / Sorry, something went wrong</h1>", status=500)
