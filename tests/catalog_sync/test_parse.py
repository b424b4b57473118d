"""Reading exports as people save them: values, headers, encodings, delimiters, XLSX."""

import unicodedata
from datetime import date

import pytest

from catalog_sync.columns import MappingError, field_for, load_mapping, match_header
from catalog_sync.normalize import Invalid, parse_date, parse_price, parse_stars, parse_status, producer_key
from catalog_sync.parse import UnreadableSource, decode, parse_bytes, parse_items

from .exports import EXPECTED_REJECTIONS, GOOD_CODES, NFD, VARIANTS, to_cp1258


@pytest.mark.parametrize("raw", ["4", "4 sao", "4*", "★★★★", "Bốn sao", NFD("Bốn sao"), "4.0", 4, 4.0, " 4 SAO "])
def test_stars_in_every_form(raw):
    assert parse_stars(raw) == 4


@pytest.mark.parametrize("raw,reason", [("7", "1 to 5"), ("0", "1 to 5"), ("nhiều", "not a star rank"), ("4,5", "not a star rank")])
def test_impossible_stars(raw, reason):
    with pytest.raises(Invalid, match=reason):
        parse_stars(raw)


@pytest.mark.parametrize("raw", ["31/01/2024", "31-01-2024", "2024-01-31", "31.01.2024", 45322, "45322", 45322.0])
def test_dates_in_every_form(raw):
    assert parse_date(raw) == date(2024, 1, 31)


@pytest.mark.parametrize("raw", ["31/02/2024", "2023-02-29", "32/01/2024", "hôm qua", "1.5"])
def test_impossible_dates(raw):
    with pytest.raises(Invalid):
        parse_date(raw)


@pytest.mark.parametrize("raw", ["45000", "45.000", "45,000", "45.000đ", "45.000 ₫", "45000 VND", "45 000 đ", 45000, 45000.0])
def test_prices_in_every_form(raw):
    assert parse_price(raw) == 45000


@pytest.mark.parametrize("raw", ["45.5", "4,50", "giá liên hệ", "-1"])
def test_prices_that_are_not(raw):
    with pytest.raises(Invalid):
        parse_price(raw)


def test_statuses():
    assert [parse_status(s) for s in ("Còn hiệu lực", NFD("Hết hiệu lực"), "THU HỒI", "revoked", "lapsed")] == [
        "valid",
        "lapsed",
        "revoked",
        "revoked",
        "lapsed",
    ]


def test_headers_in_any_form_and_language():
    assert field_for(NFD("  Mã  SẢN phẩm ")) == "code"
    assert field_for("Giá bán lẻ (VNĐ)") == "retail_price"
    assert field_for("retail_price") == "retail_price"
    assert field_for("Xã/Phường") == field_for("xa - phuong") == "commune"
    assert field_for("Ghi chú") is None
    assert match_header(["STT", "Ghi chú"]) is None
    assert match_header(["Mã sản phẩm", "Tên sản phẩm", "Hạng sao"]) == {0: "code", 1: "name", 2: "stars"}


def test_producers_match_whatever_the_spelling():
    assert producer_key("Công ty TNHH Tân Nhiên", "Phường Hòa Thành") == producer_key(NFD("CÔNG TY TNHH  TÂN NHIÊN"), "Hòa Thành")
    assert producer_key("Cơ sở A", "Xã Gò Dầu") != producer_key("Cơ sở A", "Xã Bến Cầu")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_quirky_export_gives_the_same_records_and_rejections(variant):
    parsed = parse_bytes(VARIANTS[variant]())
    assert [r.code for r in parsed.records] == GOOD_CODES
    assert {r.stars for r in parsed.records[:5]} == {4} and parsed.records[5].stars == 3
    assert {r.decision_date for r in parsed.records} == {date(2024, 1, 31)}
    assert {r.valid_until for r in parsed.records} == {date(2027, 1, 31)}  # +36 months when absent
    assert {r.retail_price for r in parsed.records} == {45000}
    assert parsed.records[1].name == "Bánh tráng phơi sương"  # NFD cells come out NFC
    got = [(r.row, r.column, r.reason) for r in parsed.rejections]
    assert len(got) == len(EXPECTED_REJECTIONS)
    for (row, column, reason), (want_row, want_column, want_reason) in zip(got, EXPECTED_REJECTIONS):
        # Columns are named as written, composed (NFC) and with single spaces.
        assert (row, column) == (want_row, unicodedata.normalize("NFC", want_column.strip()))
        assert want_reason in reason


def test_windows_1258_decodes_to_composed_vietnamese():
    data = to_cp1258("Mã sản phẩm; Hạng sao")
    assert b"\xcc" in data or b"\xde" in data or b"\xf2" in data  # combining tone marks, as Excel writes them
    assert decode(data) == "Mã sản phẩm; Hạng sao"


def test_a_mapping_file_names_columns(tmp_path):
    mapping_file = tmp_path / "cot.json"
    mapping_file.write_text('{"Số hiệu": "code", "Sản vật": "name", "Hạng": "stars", "Ghi chú": "-"}', encoding="utf-8")
    mapping = load_mapping(mapping_file)
    parsed = parse_bytes("Số hiệu,Sản vật,Hạng,Ghi chú\nTN-1,Muối ớt,3 sao,x\n".encode(), mapping)
    assert [(r.code, r.name, r.stars) for r in parsed.records] == [("TN-1", "Muối ớt", 3)]
    bad = tmp_path / "bad.json"
    bad.write_text('{"Số hiệu": "ma"}', encoding="utf-8")
    with pytest.raises(MappingError, match="not a field"):
        load_mapping(bad)


def test_no_header_or_empty_file_is_unreadable():
    with pytest.raises(UnreadableSource):
        parse_bytes(b"")
    with pytest.raises(UnreadableSource, match="no header row"):
        parse_bytes("a,b,c\n1,2,3\n".encode())
    with pytest.raises(UnreadableSource):
        parse_bytes(b"PK\x03\x04garbage")


def test_feed_items_with_english_keys():
    parsed = parse_items(
        [
            {"code": "TN-F-1", "name": "Muối", "stars": "4 sao", "decision_date": "2024-01-31", "retail_price": "45.000"},
            {"code": "TN-F-2", "name": "", "stars": 3},
            "nonsense",
        ]
    )
    assert [r.code for r in parsed.records] == ["TN-F-1"]
    assert [(r.row, r.column) for r in parsed.rejections] == [(2, "name"), (3, "-")]
