"""Read an export as people save it — CSV/TSV in any delimiter and encoding, XLSX, or JSON feed
items — into checked records and rejections. Title rows above the header, blank rows and extra
columns are skipped; a code seen twice keeps its first row."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .columns import match_header
from .normalize import Record, Rejection, text, to_record

HEADER_SEARCH_ROWS = 30
DELIMITERS = (",", ";", "\t", "|")


class UnreadableSource(Exception):
    """Nothing in the source can be imported (not a table, no header found, broken file)."""


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    rows_read: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # field → header as written

    @property
    def rejected_codes(self) -> set[str]:
        return {r.code for r in self.rejections if r.code}


# --- Bytes → text --------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 (BOM, or the zero bytes that give it away), else Windows-1258.
    Composed and decomposed Vietnamese both come out NFC."""
    if data.startswith(codecs.BOM_UTF8):
        decoded = data[3:].decode("utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = data.decode("utf-16")
    elif len(data) > 1 and data[1:200:2].count(0) > len(data[1:200:2]) // 2:
        decoded = data.decode("utf-16-le")
    elif len(data) > 1 and data[0:200:2].count(0) > len(data[0:200:2]) // 2:
        decoded = data.decode("utf-16-be")
    else:
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError:
            decoded = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", decoded)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most sample lines into the same number (> 1) of cells."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1)
        if counts:
            width, frequency = max(counts.items(), key=lambda item: (item[1], item[0]))
            if (frequency, width) > best_score:
                best, best_score = delimiter, (frequency, width)
    return best


def text_rows(data: bytes) -> Iterator[list]:
    content = decode(data)
    sample = [line for line in content.splitlines()[: HEADER_SEARCH_ROWS + 20] if line.strip()]
    delimiter = sniff_delimiter(sample)
    yield from csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)


def xlsx_rows(data: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableSource(f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc})") from exc
    try:
        # The first sheet that has a header row; annexes sometimes open with a cover sheet.
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            head = [list(r) for _, r in zip(range(HEADER_SEARCH_ROWS), rows)]
            if any(match_header([c for c in r]) for r in head):
                yield from head
                for row in rows:
                    yield list(row)
                return
        for sheet in workbook.worksheets[:1]:
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
    finally:
        workbook.close()


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


# --- Rows → records ------------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.parsed = Parsed()
        self.first_row_of: dict[str, int] = {}
        self.seen: dict[str, Record] = {}

    def add(self, row_number: int, cells: dict, headers: dict[str, str]) -> None:
        self.parsed.rows_read += 1
        record, problems = to_record(row_number, cells, headers)
        if problems:
            self.parsed.rejections.extend(problems)
            return
        first = self.seen.get(record.code)
        if first is not None:
            same = {**vars(first), "row": 0} == {**vars(record), "row": 0}
            reason = f"repeats row {first.row}" if same else f"code already on row {first.row}; that row is kept"
            self.parsed.rejections.append(
                Rejection(row_number, headers.get("code", "code"), f"duplicate code: {reason}", record.code, record.code)
            )
            return
        self.seen[record.code] = record
        self.parsed.records.append(record)


def parse_table(rows: Iterable[list], mapping: dict[str, str] | None = None) -> Parsed:
    collector = _Collector()
    columns: dict[int, str] | None = None
    headers: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        if columns is None:
            if number > HEADER_SEARCH_ROWS:
                break
            columns = match_header(row, mapping)
            if columns:
                headers = {key: text(row[index]) or key for index, key in columns.items()}
            continue
        if all(cell is None or text(cell) == "" for cell in row):
            continue  # blank and trailing blank rows
        cells = {key: row[index] for index, key in columns.items() if index < len(row)}
        collector.add(number, cells, headers)
    if columns is None:
        raise UnreadableSource(
            "no header row found in the first rows (need at least the product code and name columns; use --mapping to name them)"
        )
    collector.parsed.columns = headers
    return collector.parsed


def parse_bytes(data: bytes, mapping: dict[str, str] | None = None) -> Parsed:
    if not data.strip():
        raise UnreadableSource("the file is empty")
    if is_xlsx(data):
        return parse_table(xlsx_rows(data), mapping)
    return parse_table(text_rows(data), mapping)


def parse_items(items: Iterable[dict], mapping: dict[str, str] | None = None) -> Parsed:
    """JSON feed items (English keys); `row` is the item's position across pages, from 1."""
    from .columns import field_for

    collector = _Collector()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            collector.parsed.rows_read += 1
            collector.parsed.rejections.append(Rejection(number, "-", "item is not an object"))
            continue
        cells, headers = {}, {}
        for raw_key, value in item.items():
            key = field_for(raw_key, mapping)
            if key and key != "-" and key not in cells:
                cells[key], headers[key] = value, raw_key
        collector.add(number, cells, headers)
    return collector.parsed
