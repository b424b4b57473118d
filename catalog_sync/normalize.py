"""From raw cells to a checked registry record: stars, dates, prices, statuses and names as
offices really write them. A problem is a `Rejection` naming the row, the column and the reason."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from .columns import fold

CERTIFICATE_MONTHS = 36
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, including its phantom 29/02/1900

STATUSES = {"valid", "lapsed", "revoked"}
_STATUS_WORDS = [
    ("thu hoi", "revoked"),
    ("revoked", "revoked"),
    ("bi thu hoi", "revoked"),
    ("withdrawn", "revoked"),
    ("het hieu luc", "lapsed"),
    ("het han", "lapsed"),
    ("lapsed", "lapsed"),
    ("expired", "lapsed"),
    ("con hieu luc", "valid"),
    ("hieu luc", "valid"),
    ("valid", "valid"),
    ("active", "valid"),
    ("con han", "valid"),
]
PRODUCER_TYPES = {
    "doanh-nghiep": ("doanh nghiep", "cong ty", "enterprise", "company", "dn"),
    "hop-tac-xa": ("hop tac xa", "htx", "cooperative"),
    "to-hop-tac": ("to hop tac", "tht", "cooperative group"),
    "ho-kinh-doanh": ("ho kinh doanh", "hkd", "business household", "household", "ho gia dinh"),
    "co-so-san-xuat": ("co so san xuat", "co so", "production establishment", "establishment"),
}
GROUPS = {
    "thuc-pham": ("thuc pham", "food"),
    "do-uong": ("do uong", "beverage", "drinks"),
    "duoc-lieu": ("duoc lieu", "thao duoc", "medicinal", "herb"),
    "thu-cong-my-nghe": ("thu cong", "my nghe", "handicraft"),
    "sinh-vat-canh": ("sinh vat canh", "ornamental", "cay canh"),
    "du-lich": ("du lich", "tourism", "tourist"),
}
_NUMBER_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
}


class Invalid(ValueError):
    """A value that cannot be read; the message says why, in plain words."""


def text(value) -> str:
    """NFC, single spaces, no surrounding blanks; numbers from spreadsheets without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def parse_stars(value) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value) != int(value):
            raise Invalid(f"'{value}' is not a whole number of stars")
        stars = int(value)
    else:
        raw = text(value)
        if not raw:
            raise Invalid("missing")
        if set(raw.replace(" ", "")) <= {"★", "☆"} and "★" in raw:
            stars = raw.count("★")
        else:
            folded = fold(raw).replace("*", " ").replace("★", " ")
            match = re.fullmatch(r"\s*(\d+)(?:[.,]0+)?\s*(?:sao|stars?)?\s*", folded)
            words = folded.replace("sao", " ").replace("stars", " ").replace("star", " ").split()
            if match:
                stars = int(match.group(1))
            elif len(words) == 1 and words[0] in _NUMBER_WORDS:
                stars = _NUMBER_WORDS[words[0]]
            else:
                raise Invalid(f"'{raw}' is not a star rank")
    if not 1 <= stars <= 5:
        raise Invalid(f"stars must be 1 to 5, not {stars}")
    return stars


def _checked_date(year: int, month: int, day: int, raw) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid(f"'{raw}' is not a date that exists") from None


def parse_date(value) -> date:
    """31/01/2024, 31-01-2024, 31.01.2024, 2024-01-31, an Excel serial number, or a spreadsheet date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return excel_serial_date(value)
    raw = text(value)
    if not raw:
        raise Invalid("missing")
    if match := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+0{1,2}:00(?::00)?)?", raw):
        day, month, year = map(int, match.groups())
        return _checked_date(year, month, day, raw)
    if match := re.fullmatch(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?", raw):
        year, month, day = map(int, match.groups())
        return _checked_date(year, month, day, raw)
    if re.fullmatch(r"\d{4,5}(?:\.0+)?", raw):
        return excel_serial_date(float(raw))
    raise Invalid(f"'{raw}' is not a date (use 31/01/2024 or 2024-01-31)")


def excel_serial_date(serial: float) -> date:
    if not 1 <= serial < 2958466 or float(serial) != int(serial):
        raise Invalid(f"'{serial}' is not an Excel date number")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_CURRENCY = re.compile(r"(vn[dđ]|đồng|dong|đ|₫|d\b)", re.IGNORECASE)


def parse_price(value) -> int:
    """VND has no minor unit: `.` and `,` between groups of three digits are thousands marks."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if value < 0 or Decimal(str(value)) != int(value):
            raise Invalid(f"'{value}' is not an amount in đồng")
        return int(value)
    raw = text(value)
    if not raw:
        raise Invalid("missing")
    digits = _CURRENCY.sub("", raw).replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", digits):
        amount = int(re.sub(r"[.,]", "", digits))
    elif re.fullmatch(r"\d+(?:[.,]0{1,2})?", digits):
        amount = int(re.split(r"[.,]", digits)[0])
    else:
        raise Invalid(f"'{raw}' is not a price in đồng")
    return amount


def parse_score(value) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        score = float(value)
    else:
        raw = text(value).replace(",", ".")
        try:
            score = float(Decimal(raw.removesuffix("điểm").strip()))
        except InvalidOperation:
            raise Invalid(f"'{text(value)}' is not a score") from None
    if not 0 <= score <= 100:
        raise Invalid(f"score must be 0 to 100, not {score:g}")
    return score


def parse_status(value) -> str:
    folded = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text(value))).split())
    for words, status in _STATUS_WORDS:
        if folded == words or folded.startswith(words + " "):
            return status
    raise Invalid(f"'{text(value)}' is not a status (Còn hiệu lực, Hết hiệu lực, Thu hồi)")


def _choice(value, choices: dict[str, tuple[str, ...]], what: str, anywhere: bool = False) -> str:
    folded = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text(value))).split())
    for slug, words in choices.items():
        if folded == slug.replace("-", " ") or any(folded == w or folded.startswith(w + " ") for w in words):
            return slug
    if anywhere:  # "Dịch vụ du lịch cộng đồng, …" names its group further in
        for slug, words in choices.items():
            if any(f" {w} " in f" {folded} " for w in words):
                return slug
    raise Invalid(f"'{text(value)}' is not a known {what}")


def parse_producer_type(value) -> str:
    return _choice(value, PRODUCER_TYPES, "producer type")


def producer_type_from_name(name: str) -> str | None:
    try:
        return parse_producer_type(name)
    except Invalid:
        return None


def parse_group(value) -> str:
    return _choice(value, GROUPS, "product group", anywhere=True)


def producer_key(name: str, commune: str) -> str:
    """Producers are one page each, matched by name and commune whatever the spelling."""

    def squash(s: str) -> str:
        return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(s)).split())

    commune = re.sub(r"^(xa|phuong|thi tran)\s+", "", squash(commune))
    return f"{squash(name)}|{commune}"


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str
    reason: str
    value: str = ""
    code: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason, "value": self.value, "code": self.code}


@dataclass
class Record:
    """One registry product, checked. `status` is what the registry says; `effective_status`
    also counts a valid-until date that has passed."""

    row: int
    code: str
    name: str
    stars: int
    producer: str = ""
    producer_type: str | None = None
    address: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""
    group: str | None = None
    score: float | None = None
    decision_no: str = ""
    decision_date: date | None = None
    valid_until: date | None = None
    authority: str = ""
    status: str = "valid"
    pack: str = ""
    barcode: str = ""
    retail_price: int | None = None
    image: str = ""
    description: str = ""
    extra: dict = field(default_factory=dict)

    def effective_status(self, today: date) -> str:
        if self.status == "valid" and self.valid_until and self.valid_until < today:
            return "lapsed"
        return self.status

    @property
    def producer_key(self) -> str | None:
        return producer_key(self.producer, self.commune) if self.producer else None


_TEXT_FIELDS = ("producer", "address", "commune", "district", "province", "decision_no", "authority", "pack", "image", "description")


def to_record(row: int, cells: dict, headers: dict[str, str]) -> tuple[Record | None, list[Rejection]]:
    """Check one row. `cells` maps field → raw value, `headers` field → the header as written."""
    problems: list[Rejection] = []
    values: dict = {}
    code = text(cells.get("code")).upper().replace(" ", "")

    def reject(key, reason):
        problems.append(Rejection(row, headers.get(key, key), reason, text(cells.get(key)), code))

    def read(key, parser, required=False):
        raw = cells.get(key)
        if raw is None or text(raw) == "":
            if required:
                reject(key, "missing")
            return None
        try:
            return parser(raw)
        except Invalid as exc:
            reject(key, str(exc))
            return None

    if not code:
        reject("code", "missing product code")
    name = text(cells.get("name"))
    if not name:
        reject("name", "missing product name")
    values["stars"] = read("stars", parse_stars, required=True)
    values["score"] = read("score", parse_score)
    values["decision_date"] = read("decision_date", parse_date)
    values["valid_until"] = read("valid_until", parse_date)
    values["retail_price"] = read("retail_price", parse_price)
    values["group"] = read("group", parse_group)
    values["producer_type"] = read("producer_type", parse_producer_type)
    status = read("status", parse_status)
    for key in _TEXT_FIELDS:
        values[key] = text(cells.get(key))
    barcode = text(cells.get("barcode")).replace(" ", "")
    if barcode and not re.fullmatch(r"\d{8}|\d{12,14}", barcode):
        reject("barcode", f"'{barcode}' is not a GTIN (8, 12, 13 or 14 digits)")
    values["barcode"] = barcode
    if values["valid_until"] is None and values["decision_date"] is not None:
        values["valid_until"] = add_months(values["decision_date"], CERTIFICATE_MONTHS)
    if values["decision_date"] and values["valid_until"] and values["valid_until"] < values["decision_date"]:
        reject("valid_until", "ends before the decision date")
    if problems:
        return None, problems
    if values["producer_type"] is None and values["producer"]:
        values["producer_type"] = producer_type_from_name(values["producer"])
    return Record(row=row, code=code, name=name, status=status or "valid", **values), []
