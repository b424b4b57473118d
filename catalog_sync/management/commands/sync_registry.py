import json
import sys

from django.core.management.base import BaseCommand

from catalog_sync.columns import MappingError, load_mapping
from catalog_sync.report import EXIT_NOTHING_APPLIED


class ProgressBar:
    """A one-line bar on a terminal; silent otherwise."""

    def __init__(self, stream):
        self.stream = stream
        self.enabled = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or not total:
            return
        width = 30
        filled = int(width * done / total)
        self.stream.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import OCOP products and star badges from a registry export (file path or URL)."

    def add_arguments(self, parser):
        parser.add_argument("location", metavar="PATH_OR_URL")
        parser.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
        parser.add_argument("--mapping", metavar="FILE", help="JSON or CSV file naming which header is which field")
        parser.add_argument("--report-json", metavar="FILE", help="write the run's report as JSON")
        parser.add_argument(
            "--partial", action="store_true", help="the export lists only some products: do not lapse the codes it leaves out"
        )
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument(
            "--full-read", action="store_true", help="read every catalog product in full, not only those changed since the last run"
        )

    def handle(
        self, *args, location, dry_run=False, mapping=None, report_json=None, partial=False, batch_size=None, full_read=False, **options
    ):
        from catalog_sync.runner import run_sync

        columns = None
        if mapping:
            try:
                columns = load_mapping(mapping)
            except (OSError, MappingError) as exc:
                self.stderr.write(f"Cannot use the mapping file: {exc}")
                sys.exit(EXIT_NOTHING_APPLIED)
        report = run_sync(
            location,
            mapping=columns,
            dry_run=dry_run,
            trigger="cli",
            full_export=False if partial else None,
            progress=ProgressBar(sys.stderr),
            batch_size=batch_size,
            use_memory=not full_read,
        )
        if dry_run:
            self.stdout.write("Plan:\n" + report.plan_listing())
        self.stdout.write(report.summary_table())
        if report_json:
            with open(report_json, "w", encoding="utf-8") as handle:
                json.dump(report.as_dict(), handle, ensure_ascii=False, indent=2, default=str)
        sys.exit(report.exit_code)
