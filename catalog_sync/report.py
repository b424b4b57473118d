"""A run's outcome: counts per action, rejected rows (row, column, reason), failed writes,
the exit code, and the forms it is shown in (summary table, JSON, dashboard)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .plan import ACTIONS, Plan

EXIT_OK, EXIT_SOME_REJECTED, EXIT_NOTHING_APPLIED = 0, 1, 2
LABELS = {
    "create": "created",
    "update": "updated",
    "star_change": "star changes",
    "lapse": "lapsed",
    "revoke": "revoked",
    "unchanged": "unchanged",
}


@dataclass
class Report:
    location: str
    dry_run: bool = False
    status: str = "succeeded"
    message: str = ""
    rows_read: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    rejected: list[dict] = field(default_factory=list)  # {row, column, reason, value, code}
    failed: list[dict] = field(default_factory=list)  # {code, row, reason}: refused by the API
    planned: list[dict] = field(default_factory=list)  # dry run: what would be done
    producers_created: int = 0
    # products_read_in_full / products_known: how much of the catalog had to be read again
    catalog_read: dict[str, int] = field(default_factory=dict)
    run_id: int | None = None

    @property
    def changes(self) -> int:
        return sum(n for action, n in self.counts.items() if action != "unchanged")

    @property
    def exit_code(self) -> int:
        if self.status in ("failed", "busy"):
            return EXIT_NOTHING_APPLIED
        if self.status == "not_modified":
            return EXIT_OK
        nothing_done = sum(self.counts.values()) == 0 and (self.rejected or self.failed)
        if nothing_done:
            return EXIT_NOTHING_APPLIED
        return EXIT_SOME_REJECTED if (self.rejected or self.failed) else EXIT_OK

    def take_plan(self, plan: Plan) -> None:
        self.counts = plan.counts()
        self.planned = [
            {"action": c.action, "code": c.code, "row": c.row, "detail": c.describe()} for c in plan.changes if c.action != "unchanged"
        ]

    def as_dict(self) -> dict:
        return {
            "location": self.location,
            "dry_run": self.dry_run,
            "status": self.status,
            "message": self.message,
            "exit_code": self.exit_code,
            "rows_read": self.rows_read,
            "counts": self.counts,
            "changes": self.changes,
            "producers_created": self.producers_created,
            "rejected": self.rejected,
            "failed": self.failed,
            "planned": self.planned if self.dry_run else [],
            "catalog_read": self.catalog_read,
            "run_id": self.run_id,
        }

    def summary_table(self) -> str:
        suffix = " (planned)" if self.dry_run else ""
        lines = [f"Registry sync {'(dry run) ' if self.dry_run else ''}of {self.location}: {self.status}"]
        if self.message:
            lines.append(f"  {self.message}")
        rows = [("rows read", self.rows_read)]
        rows += [(f"{LABELS[a]}{suffix}", self.counts.get(a, 0)) for a in ACTIONS]
        rows += [
            ("producers created" if not self.dry_run else "producers to create", self.producers_created),
            ("rows rejected", len(self.rejected)),
            ("writes refused", len(self.failed)),
        ]
        if self.catalog_read:
            rows.append(("catalog products re-read", self.catalog_read.get("products_read_in_full", 0)))
        width = max(len(label) for label, _ in rows)
        lines.append("  " + "-" * (width + 10))
        lines += [f"  {label:<{width}} {value:>8}" for label, value in rows]
        lines.append("  " + "-" * (width + 10))
        for item in self.rejected[:50]:
            lines.append(f"  row {item['row']}, column '{item['column']}': {item['reason']}")
        if len(self.rejected) > 50:
            lines.append(f"  … and {len(self.rejected) - 50} more rejected rows (see --report-json)")
        for item in self.failed[:20]:
            lines.append(f"  {item['code']} (row {item['row']}): refused: {item['reason']}")
        return "\n".join(lines)

    def plan_listing(self, limit: int = 200) -> str:
        lines = [f"  {p['action']:<12} {p['code']:<22} row {p['row'] or '-':<6} {p['detail']}" for p in self.planned[:limit]]
        if len(self.planned) > limit:
            lines.append(f"  … and {len(self.planned) - limit} more")
        return "\n".join(lines) or "  nothing to change"
