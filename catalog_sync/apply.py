"""Carry out a plan through the API: producer pages first, then new products with
productBulkCreate in batches, then one productUpdate per changed product. Every product's
writes are one mutation, so a run that dies leaves each product either old or new; a rerun
plans again from what the catalog now holds and finishes the job."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from django.utils.text import slugify

from saleor_client import MutationError, SaleorClient

from .columns import fold
from .gateway import PRODUCT_ATTRIBUTES, RETAIL_CHANNEL, CatalogProduct, Setup
from .normalize import Record
from .plan import CREATE, Plan

BATCH_SIZE = 50
PROVINCE = "Tây Ninh"


@dataclass
class ApplyFailure:
    code: str
    row: int | None
    reason: str


@dataclass
class Applied:
    done: dict[str, int] = field(default_factory=dict)  # action → products written
    failures: list[ApplyFailure] = field(default_factory=list)
    producers_created: int = 0
    star_changes: list[dict] = field(default_factory=list)
    written: list[CatalogProduct] = field(default_factory=list)  # as they now are, for known.remember

    def count(self, action: str) -> None:
        self.done[action] = self.done.get(action, 0) + 1


def attribute_input(setup: Setup, slug: str, value) -> dict:
    kind = PRODUCT_ATTRIBUTES[slug]
    entry: dict = {"id": setup.attributes[slug]}
    if kind == "DROPDOWN":
        choice = setup.choices.get(slug, {}).get(str(value))
        entry["dropdown"] = {"id": choice} if choice else {"value": str(value)}
    elif kind == "PLAIN_TEXT":
        entry["plainText"] = value
    elif kind == "DATE":
        entry["date"] = value
    elif kind == "NUMERIC":
        entry["numeric"] = f"{float(value):g}"
    elif kind == "REFERENCE":
        entry["references"] = [value]
    return entry


def _attributes(setup: Setup, values: dict) -> list[dict]:
    return [attribute_input(setup, slug, value) for slug, value in values.items() if value is not None]


def editorjs(*paragraphs: str) -> str:
    blocks = [{"type": "paragraph", "data": {"text": text}} for text in paragraphs if text]
    return json.dumps({"blocks": blocks, "version": "2.24.3"}, ensure_ascii=False)


def _slug(text: str) -> str:
    return slugify(fold(text))[:240] or "chu-the"


def create_producers(client: SaleorClient, setup: Setup, plan: Plan, producers: dict[str, str], applied: Applied) -> None:
    for key, record in plan.producers_to_create.items():
        attributes = [{"id": setup.attributes["ward-commune"], "plainText": record.commune or "-"}]
        if "province" in setup.attributes:
            attributes.append({"id": setup.attributes["province"], "plainText": record.province or PROVINCE})
        if record.producer_type and "producer-type" in setup.attributes:
            choice = setup.choices.get("producer-type", {}).get(record.producer_type)
            attributes.append(
                {"id": setup.attributes["producer-type"], "dropdown": {"id": choice} if choice else {"value": record.producer_type}}
            )
        base = {"title": record.producer, "pageType": setup.page_type, "isPublished": True, "attributes": attributes}
        for slug in (_slug(record.producer), _slug(f"{record.producer} {record.commune}")):
            try:
                data = client.execute("SyncProducerCreate", {"input": {**base, "slug": slug}}, raise_on_payload_errors=True)
            except MutationError as exc:
                if any(e.get("field") == "slug" for e in exc.errors):
                    continue  # another producer of that name elsewhere: make the commune part of the slug
                applied.failures.append(ApplyFailure("", record.row, f"producer '{record.producer}': {exc}"))
                break
            producers[key] = data["pageCreate"]["page"]["id"]
            applied.producers_created += 1
            break


def _product_input(setup: Setup, record: Record, values: dict) -> dict:
    online = setup.channels[RETAIL_CHANNEL]
    has_price = record.retail_price is not None and record.retail_price > 0
    variant = {
        "sku": f"{record.code}-01",
        "name": record.pack or record.name[:255],
        "attributes": [],
        "trackInventory": True,
        "channelListings": [{"channelId": online, "price": str(record.retail_price)}] if has_price else [],
    }
    if record.barcode:
        variant["metadata"] = [{"key": "gtin", "value": record.barcode}]
    origin = f"Chủ thể: {record.producer} ({record.commune}, {record.province or PROVINCE})." if record.producer else ""
    product = {
        "productType": setup.product_type,
        "name": record.name,
        "externalReference": record.code,
        "attributes": _attributes(setup, values),
        "description": editorjs(record.description, origin),
        # Published only with a price to sell at; otherwise it waits for staff, unpublished.
        "channelListings": [
            {
                "channelId": online,
                "isPublished": has_price,
                "visibleInListings": has_price,
                "isAvailableForPurchase": has_price,
            }
        ],
        "variants": [variant],
    }
    metadata = [
        {"key": key, "value": value}
        for key, value in (
            ("ocop.former_district", record.district),
            ("ocop.image", record.image),
        )
        if value
    ]
    if metadata:
        product["metadata"] = metadata
    category = setup.category_for(record.name)
    if category:
        product["category"] = category
    return product


def _error_text(errors: list[dict]) -> str:
    return "; ".join(f"{e.get('path') or e.get('field') or '-'}: {e.get('code')} {e.get('message') or ''}".strip() for e in errors)


def _star_change(change, product_id: str) -> dict:
    record = change.record
    return {
        "code": change.code,
        "product_id": product_id,
        "product_name": (change.name or (record.name if record else "")),
        "old_stars": change.old_stars,
        "new_stars": change.new_stars,
        "decision_no": record.decision_no if record else "",
        "decision_date": record.decision_date if record else None,
    }


def _as_written(change, product: dict) -> CatalogProduct:
    """The product as this write left it: what it had, with the written values over it."""
    current = change.current
    values = {**(current.values if current else {}), **{k: v for k, v in change.values.items() if v is not None}}
    name = change.name or (current.name if current else change.record.name)
    return CatalogProduct(product["id"], change.code, name, values, product.get("updatedAt") or "")


def apply_plan(
    client: SaleorClient,
    setup: Setup,
    plan: Plan,
    producers: dict[str, str],
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    after_batch: Callable[[Applied], None] | None = None,
) -> Applied:
    applied = Applied()
    create_producers(client, setup, plan, producers, applied)
    writes = [c for c in plan.changes if c.action != "unchanged"]
    for change in writes:  # producers made just now
        key = change.record.producer_key if change.record else None
        if key and producers.get(key):
            change.values["producer"] = producers[key]
        elif "producer" in change.values and change.values["producer"] is None:
            del change.values["producer"]
    total, done = len(writes), 0
    creates = [c for c in writes if c.action == CREATE]
    for start in range(0, len(creates), batch_size):
        batch = creates[start : start + batch_size]
        inputs = [_product_input(setup, c.record, c.values) for c in batch]
        data = client.execute("SyncProductBulkCreate", {"products": inputs})
        payload = data["productBulkCreate"]
        if payload.get("errors"):
            for change in batch:
                applied.failures.append(ApplyFailure(change.code, change.row, _error_text(payload["errors"])))
        else:
            for change, result in zip(batch, payload["results"]):
                product = result.get("product")
                if product:
                    applied.count(CREATE)
                    applied.star_changes.append(_star_change(change, product["id"]))
                    applied.written.append(_as_written(change, product))
                else:
                    applied.failures.append(ApplyFailure(change.code, change.row, _error_text(result.get("errors") or [])))
        done += len(batch)
        if progress:
            progress(done, total)
        if after_batch:
            after_batch(applied)
    updates = [c for c in writes if c.action != CREATE]
    for start in range(0, len(updates), batch_size):
        for change in updates[start : start + batch_size]:
            product_input = {"attributes": _attributes(setup, change.values)}
            if change.name:
                product_input["name"] = change.name
            try:
                data = client.execute(
                    "SyncProductUpdate", {"externalReference": change.code, "input": product_input}, raise_on_payload_errors=True
                )
            except MutationError as exc:
                applied.failures.append(ApplyFailure(change.code, change.row, _error_text(exc.errors) or str(exc)))
                continue
            applied.count(change.action)
            applied.written.append(_as_written(change, data["productUpdate"]["product"]))
            if change.old_stars != change.new_stars and change.new_stars is not None:
                applied.star_changes.append(_star_change(change, data["productUpdate"]["product"]["id"]))
            done += 1
            if progress:
                progress(done, total)
        if after_batch:
            after_batch(applied)
    return applied
