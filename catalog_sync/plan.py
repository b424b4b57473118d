"""Compare checked records with the catalog and decide, product by product: create, update,
star change, lapse, revoke or leave unchanged. Nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .gateway import CatalogProduct
from .normalize import Record

CREATE, UPDATE, STAR_CHANGE, LAPSE, REVOKE, UNCHANGED = "create", "update", "star_change", "lapse", "revoke", "unchanged"
ACTIONS = (CREATE, UPDATE, STAR_CHANGE, LAPSE, REVOKE, UNCHANGED)
WRITES = (CREATE, UPDATE, STAR_CHANGE, LAPSE, REVOKE)


def desired_values(record: Record, today: date, producer_id: str | None) -> dict[str, object]:
    """The attribute values the record asks for, in `gateway.attribute_values` form. Fields the
    export leaves empty are not in it, so they keep whatever the catalog has."""
    values: dict[str, object] = {"ocop-stars": str(record.stars), "ocop-status": record.effective_status(today)}
    if record.decision_no:
        values["ocop-certificate-no"] = record.decision_no
    if record.decision_date:
        values["ocop-decision-date"] = record.decision_date.isoformat()
    if record.valid_until:
        values["ocop-valid-until"] = record.valid_until.isoformat()
    if record.authority:
        values["ocop-authority"] = record.authority
    if record.score is not None:
        values["ocop-score"] = float(record.score)
    if record.group:
        values["ocop-product-group"] = record.group
    if producer_id:
        values["producer"] = producer_id
    return values


@dataclass
class Change:
    action: str
    code: str
    row: int | None  # None for a product missing from a full export or lapsed by the daily task
    record: Record | None = None
    current: CatalogProduct | None = None
    values: dict = field(default_factory=dict)  # attribute slug → value to write
    name: str | None = None  # new product name, when it changed
    old_stars: int | None = None
    new_stars: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.action == CREATE:
            return f"new, {self.new_stars}★"
        if self.action == STAR_CHANGE:
            return f"{self.old_stars}★ → {self.new_stars}★"
        if self.reason:
            return self.reason
        return ", ".join(sorted(self.values)) + (", name" if self.name else "")


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    producers_to_create: dict[str, Record] = field(default_factory=dict)  # producer key → first record naming it

    def of(self, *actions: str) -> list[Change]:
        return [c for c in self.changes if c.action in actions]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ACTIONS, 0)
        for change in self.changes:
            counts[change.action] += 1
        return counts


def _stars(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def classify(current: dict, wanted: dict) -> str:
    status_now, status_wanted = current.get("ocop-status"), wanted.get("ocop-status")
    if status_wanted == "revoked" and status_now != "revoked":
        return REVOKE
    if status_wanted == "lapsed" and status_now != "lapsed":
        return LAPSE
    if "ocop-stars" in wanted and current.get("ocop-stars") != wanted["ocop-stars"]:
        return STAR_CHANGE
    return UPDATE


def make_plan(
    records: list[Record],
    catalog: dict[str, CatalogProduct],
    producers: dict[str, str],
    *,
    today: date,
    full_export: bool,
    skip_codes: set[str] = frozenset(),
) -> Plan:
    plan = Plan()
    for record in records:
        producer_id = None
        key = record.producer_key
        if key:
            producer_id = producers.get(key)
            if producer_id is None:
                plan.producers_to_create.setdefault(key, record)
        current = catalog.get(record.code)
        wanted = desired_values(record, today, producer_id)
        if current is None:
            plan.changes.append(Change(CREATE, record.code, record.row, record, values=wanted, new_stars=record.stars))
            continue
        # A producer page that does not exist yet is a difference only once it is made.
        differing = {k: v for k, v in wanted.items() if current.values.get(k) != v}
        if key and producer_id is None:
            differing["producer"] = None
        name = record.name if record.name != current.name else None
        if not differing and not name:
            plan.changes.append(Change(UNCHANGED, record.code, record.row, record, current))
            continue
        action = classify(current.values, wanted)
        plan.changes.append(
            Change(
                action,
                record.code,
                record.row,
                record,
                current,
                values=wanted,
                name=name,
                old_stars=_stars(current.values.get("ocop-stars")),
                new_stars=record.stars,
            )
        )
    if full_export:
        listed = {record.code for record in records} | set(skip_codes)
        for code, current in sorted(catalog.items()):
            if code not in listed and current.values.get("ocop-status") == "valid":
                plan.changes.append(
                    Change(
                        LAPSE,
                        code,
                        None,
                        current=current,
                        values={"ocop-status": "lapsed"},
                        reason="missing from the full export",
                    )
                )
    return plan


def expiry_plan(catalog: dict[str, CatalogProduct], today: date) -> Plan:
    """The daily check: valid badges whose valid-until date has passed."""
    plan = Plan()
    for code, current in sorted(catalog.items()):
        until = current.values.get("ocop-valid-until")
        if current.values.get("ocop-status") == "valid" and until and until < today.isoformat():
            plan.changes.append(Change(LAPSE, code, None, current=current, values={"ocop-status": "lapsed"}, reason=f"valid until {until}"))
    return plan
