"""Which column holds which field: headers recognised in Vietnamese or English, in any case,
spacing, punctuation or accent form (NFC or NFD), or named by a mapping file."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

# key → header forms (already in `header_key` form: accent-free, lower case, single spaces).
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("ma san pham", "ma sp", "ma ocop", "ma so", "ma", "code", "product code", "registry code"),
    "name": ("ten san pham", "ten sp", "san pham", "name", "product name", "product"),
    "producer": ("chu the", "ten chu the", "chu the ocop", "chu the san xuat", "producer", "producer name", "entity"),
    "producer_type": ("loai hinh chu the", "loai hinh", "loai chu the", "producer type", "entity type"),
    "address": ("dia chi", "address", "street"),
    "commune": ("xa phuong", "phuong xa", "xa", "phuong", "commune", "ward", "ward commune", "commune ward"),
    "district": ("huyen", "quan huyen", "huyen thi xa", "huyen thi xa thanh pho", "district"),
    "province": ("tinh thanh pho", "tinh", "tinh thanh", "province", "city province"),
    "group": ("nhom san pham", "nhom", "nhom sp", "group", "product group"),
    "stars": ("hang sao", "so sao", "sao", "xep hang", "hang", "stars", "star", "star rating", "rating"),
    "score": ("diem", "tong diem", "diem danh gia", "diem so", "score", "points"),
    "decision_no": ("so quyet dinh", "quyet dinh", "so qd", "qd", "decision no", "decision number", "decision"),
    "decision_date": ("ngay quyet dinh", "ngay qd", "ngay cong nhan", "ngay cap", "decision date", "date of decision"),
    "valid_until": (
        "ngay het han",
        "het han",
        "hieu luc den",
        "thoi han",
        "han hieu luc",
        "valid until",
        "expiry date",
        "expires",
        "expiry",
    ),
    "authority": ("co quan cap", "don vi cap", "co quan cong nhan", "authority", "issuing authority", "issued by"),
    "status": ("trang thai", "tinh trang", "hieu luc", "status"),
    "pack": ("quy cach", "quy cach dong goi", "dong goi", "pack", "pack size", "packaging"),
    "barcode": ("ma vach", "barcode", "gtin", "ean"),
    "retail_price": ("gia ban le", "gia ban", "gia le", "gia", "retail price", "price"),
    "image": ("hinh anh", "anh", "anh san pham", "image", "image url", "picture", "photo"),
    "description": ("mo ta", "mo ta san pham", "gioi thieu", "description"),
}
FIELDS = tuple(ALIASES)
REQUIRED = ("code", "name", "stars")


def fold(text: str) -> str:
    """Accent-free lower case: NFD, drop combining marks, đ → d."""
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def header_key(text) -> str:
    """'  Mã  sản phẩm (*)' / 'MÃ SẢN PHẨM' / 'retail_price' → 'ma san pham' / 'retail price'."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", fold(text or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_LOOKUP = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
_LOOKUP.update({header_key(key): key for key in FIELDS})


def field_for(header, mapping: dict[str, str] | None = None) -> str | None:
    wanted = header_key(header)
    if mapping and wanted in mapping:
        return mapping[wanted]
    return _LOOKUP.get(wanted)


class MappingError(ValueError):
    pass


def load_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file says which header is which field: JSON `{"Header": "key"}` or a two-column
    CSV `header,key`. Keys must be field names; a key of "" or "-" ignores that column."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            pairs = json.loads(text).items()
        except (json.JSONDecodeError, AttributeError) as exc:
            raise MappingError(f"{path}: not a JSON object of header → field ({exc})") from exc
    else:
        pairs = [(row[0], row[1]) for row in csv.reader(text.splitlines()) if len(row) >= 2 and row[0].strip()]
    mapping = {}
    for header, key in pairs:
        key = (key or "").strip()
        if key in ("", "-"):
            mapping[header_key(header)] = "-"
        elif key not in FIELDS:
            raise MappingError(f"{path}: '{key}' is not a field; use one of {', '.join(FIELDS)}")
        else:
            mapping[header_key(header)] = key
    return mapping


def match_header(cells: list, mapping: dict[str, str] | None = None) -> dict[int, str] | None:
    """{column index: field} when `cells` look like the header row (code and name and one more
    field recognised), else None. The first column claiming a field wins."""
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        key = field_for(cell, mapping) if cell not in (None, "") else None
        if key and key != "-" and key not in found.values():
            found[index] = key
    keys = set(found.values())
    if {"code", "name"} <= keys and len(keys) >= 3:
        return found
    return None
