"""Registry exports with every quirk of REGISTRY.md, built in the forms offices save them."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

HEADERS = [
    "STT",
    "  MÃ SẢN PHẨM ",
    NFD("Tên sản phẩm"),
    "Chủ thể",
    "Xã / Phường",
    "hạng  sao",
    "Ngày Quyết Định",
    "Ngày hết hạn",
    "Giá bán lẻ (đồng)",
    "Trạng thái",
    "Ghi chú",
]
GOOD = [
    ["1", "TN-Q-0001", "Muối ớt Gò Dầu", "Cơ sở Muối Long Hà", "Xã Gò Dầu", "4", "31/01/2024", "", "45000", "Còn hiệu lực", ""],
    [
        "2",
        "TN-Q-0002",
        NFD("Bánh tráng phơi sương"),
        "Hộ kinh doanh Tư Sương",
        "Xã Hưng Thuận",
        "4 sao",
        "31-01-2024",
        "",
        "45.000",
        "",
        "x",
    ],
    ["3", "TN-Q-0003", "Mãng cầu sấy", "HTX Minh Trung", "Phường Ninh Thạnh", "4*", "2024-01-31", "31/01/2027", "45,000", "", ""],
    ["4", "TN-Q-0004", "Mật ong rừng", "Cơ sở Mật ong Bảo An", "Xã Tân Biên", "★★★★", "45322", "", "45.000đ", "", ""],
    ["5", "TN-Q-0005", "Rượu Gò Đen", "Cơ sở Rượu Gò Đen", "Xã Bến Lức", "Bốn sao", "31/01/2024", "", "45.000 ₫", "", ""],
    ["6", "TN-Q-0006", "Khô cá lóc", "Cơ sở khô cá Quý Phước", "Xã Cần Đước", "3", "31/01/2024", "", "45000 VND", "", ""],
]
BAD = [
    ["7", "TN-Q-0001", "Muối ớt Gò Dầu (lặp)", "Cơ sở Muối Long Hà", "Xã Gò Dầu", "4", "31/01/2024", "", "45000", "", ""],
    ["8", "", "Không có mã", "Cơ sở X", "Xã Y", "3", "31/01/2024", "", "", "", ""],
    ["9", "TN-Q-0009", "", "Cơ sở X", "Xã Y", "3", "31/01/2024", "", "", "", ""],
    ["10", "TN-Q-0010", "Bảy sao", "Cơ sở X", "Xã Y", "7", "31/01/2024", "", "", "", ""],
    ["11", "TN-Q-0011", "Ngày sai", "Cơ sở X", "Xã Y", "3", "31/02/2024", "", "", "", ""],
]
FIRST_DATA_ROW = 4  # a title row and a blank row sit above the header
# (row, column as written, what the reason says)
EXPECTED_REJECTIONS = [
    (10, "MÃ SẢN PHẨM", "duplicate code"),
    (11, "MÃ SẢN PHẨM", "missing product code"),
    (12, NFD("Tên sản phẩm"), "missing product name"),
    (13, "hạng sao", "stars must be 1 to 5"),
    (14, "Ngày Quyết Định", "not a date that exists"),
]
GOOD_CODES = [f"TN-Q-000{i}" for i in range(1, 7)]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: precomposed â ê ô ơ ư ă đ, tone marks as combining
    characters (Python's codec does not decompose by itself)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = next(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", parts.replace(tone, ""))
            out.append((base + tone).encode("cp1258"))
    return b"".join(out)


def table(swap_for_cp1258: bool = False) -> list[list[str]]:
    rows = [["DANH SÁCH SẢN PHẨM OCOP NĂM 2024"] + [""] * 3, [], HEADERS, *GOOD, *BAD, [], ["", ""]]
    if swap_for_cp1258:  # Windows-1258 has no ★
        rows = [[("4 sao" if c == "★★★★" else c) for c in row] for row in rows]
    return rows


def delimited(delimiter: str, encoding: str, *, swap: bool = False, newline: str = "\r\n") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerows(table(swap))
    text = out.getvalue()
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


def xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    cover = workbook.active
    cover.title = "Bìa"
    cover["A1"] = "Phụ lục kèm theo quyết định"
    sheet = workbook.create_sheet("Danh sách")
    for row in table():
        cells = list(row)
        if len(cells) > 6 and cells[1] == "TN-Q-0001":
            cells[6] = datetime(2024, 1, 31)  # a real date cell
            cells[8] = 45000  # a number cell
        if len(cells) > 6 and cells[1] == "TN-Q-0004":
            cells[6] = 45322  # a serial number in a General cell
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VARIANTS = {
    "utf8-bom-comma": lambda: delimited(",", "utf-8-sig"),
    "utf8-semicolon-lf": lambda: delimited(";", "utf-8", newline="\n"),
    "cp1258-semicolon": lambda: delimited(";", "cp1258", swap=True),
    "utf16-tab": lambda: delimited("\t", "utf-16"),
    "utf16le-nobom-tab": lambda: delimited("\t", "utf-16-le"),
    "xlsx": xlsx,
}
