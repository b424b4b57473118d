"""Build the bundled registry exports of Tây Ninh's OCOP products (catalog_sync/fixtures/).

    .venv/bin/python -m catalog_sync.demo.build_exports

`tay-ninh-ocop-2025-03.csv` — the registry as of 2025-03-14 plus the later additions it had by
the time it was saved: 139 products recognised then (96×3★, 42×4★, 1×5★: Tân Nhiên super-thin
rice paper), the 2020 certificates that lapsed without re-evaluation, and a few 2025 products.
It starts with the demo catalog's own products (demo/catalog.py: the facts of
REGISTRY.md), then invents the rest from real Tây Ninh product kinds and communes.
`tay-ninh-ocop-2025-12.csv` — a later full export: upgrades (3★→4★, 4★→5★ potential made
national), one revocation, new products, and one code that is simply gone (→ lapsed).

Names, codes, decision numbers, scores and prices beyond REGISTRY.md are invented for the demo.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date
from pathlib import Path

from demo import catalog

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HEADERS = [
    "Mã sản phẩm",
    "Tên sản phẩm",
    "Chủ thể",
    "Loại hình chủ thể",
    "Địa chỉ",
    "Xã/Phường",
    "Huyện",
    "Tỉnh/Thành phố",
    "Nhóm sản phẩm",
    "Hạng sao",
    "Điểm",
    "Số quyết định",
    "Ngày quyết định",
    "Ngày hết hạn",
    "Cơ quan cấp",
    "Trạng thái",
    "Quy cách",
    "Mã vạch",
    "Giá bán lẻ",
    "Mô tả",
]
AS_OF = date(2025, 3, 14)
TARGET = {3: 96, 4: 42, 5: 1}

# Invented producers in real Tây Ninh places (post-2025 communes; pre-2025 district as history).
PLACES = [
    ("Xã Châu Thành", "Huyện Châu Thành"),
    ("Xã Hảo Đước", "Huyện Châu Thành"),
    ("Xã Dương Minh Châu", "Huyện Dương Minh Châu"),
    ("Xã Truông Mít", "Huyện Dương Minh Châu"),
    ("Xã Tân Châu", "Huyện Tân Châu"),
    ("Xã Tân Hội", "Huyện Tân Châu"),
    ("Xã Tân Biên", "Huyện Tân Biên"),
    ("Xã Thạnh Bình", "Huyện Tân Biên"),
    ("Phường Hòa Thành", "Thị xã Hòa Thành"),
    ("Phường Long Hoa", "Thị xã Hòa Thành"),
    ("Phường Trảng Bàng", "Thị xã Trảng Bàng"),
    ("Phường Gò Dầu", "Huyện Gò Dầu"),
    ("Xã Bến Cầu", "Huyện Bến Cầu"),
    ("Xã Long Chữ", "Huyện Bến Cầu"),
    ("Phường Tân Ninh", "Thành phố Tây Ninh"),
    ("Xã Cần Giuộc", "Huyện Cần Giuộc"),
    ("Xã Cần Đước", "Huyện Cần Đước"),
    ("Xã Đức Hòa", "Huyện Đức Hòa"),
    ("Xã Thủ Thừa", "Huyện Thủ Thừa"),
    ("Xã Tân Trụ", "Huyện Tân Trụ"),
    ("Xã Mộc Hóa", "Huyện Mộc Hóa"),
    ("Xã Tân Thạnh", "Huyện Tân Thạnh"),
    ("Xã Đức Huệ", "Huyện Đức Huệ"),
    ("Xã Vĩnh Hưng", "Huyện Vĩnh Hưng"),
]
OWNERS = [
    "Ba Hưng",
    "Út Hiền",
    "Sáu Lành",
    "Bảy Nhỏ",
    "Tám Lợi",
    "Hai Thanh",
    "Năm Phúc",
    "Tư Hòa",
    "Chín Nghĩa",
    "Mười Thảo",
    "Thanh Tâm",
    "Kim Ngân",
    "Phước Lộc",
    "Minh Tâm",
    "Hòa An",
    "Tân Phát",
    "Đức Thành",
    "Hồng Phúc",
]
KINDS = [  # (product name, group, pack, price range in thousand đồng)
    ("Bánh tráng phơi sương", "thuc-pham", "Gói 300g", (40, 70)),
    ("Bánh tráng trộn", "thuc-pham", "Hộp 200g", (25, 45)),
    ("Muối tôm", "thuc-pham", "Hũ 100g", (25, 45)),
    ("Muối ớt xanh", "thuc-pham", "Hũ 100g", (20, 40)),
    ("Muối tắc", "thuc-pham", "Hũ 120g", (25, 40)),
    ("Mãng cầu sấy dẻo", "thuc-pham", "Hộp 250g", (60, 110)),
    ("Mãng cầu ta", "thuc-pham", "Thùng 5kg", (180, 300)),
    ("Nước mãng cầu lên men", "do-uong", "Chai 330ml", (25, 45)),
    ("Hạt điều rang muối", "thuc-pham", "Hũ 500g", (160, 260)),
    ("Tinh bột nghệ", "duoc-lieu", "Hũ 100g", (90, 160)),
    ("Trà mãng cầu", "do-uong", "Hộp 20 túi", (60, 95)),
    ("Gạo thơm", "thuc-pham", "Túi 5kg", (120, 190)),
    ("Mật ong hoa tràm", "thuc-pham", "Chai 500ml", (150, 260)),
    ("Khô cá lóc", "thuc-pham", "Gói 500g", (180, 320)),
    ("Nước mắm cá cơm", "thuc-pham", "Chai 500ml", (45, 90)),
    ("Rượu nếp than", "do-uong", "Chai 500ml", (90, 180)),
    ("Chuối sấy", "thuc-pham", "Gói 200g", (35, 60)),
    ("Mít sấy", "thuc-pham", "Gói 200g", (50, 80)),
    ("Nấm bào ngư", "thuc-pham", "Hộp 300g", (30, 55)),
    ("Tương hột", "thuc-pham", "Chai 250ml", (20, 35)),
    ("Giỏ lục bình", "thu-cong-my-nghe", "Cái", (120, 350)),
    ("Nón lá", "thu-cong-my-nghe", "Cái", (60, 120)),
    ("Chanh không hạt", "thuc-pham", "Túi 1kg", (25, 40)),
    ("Thanh long ruột đỏ", "thuc-pham", "Hộp 2kg", (60, 100)),
    ("Sầu riêng", "thuc-pham", "Kg", (90, 150)),
    ("Bưởi da xanh", "thuc-pham", "Kg", (45, 70)),
    ("Cà phê bột", "do-uong", "Gói 500g", (110, 180)),
    ("Dầu dừa ép lạnh", "duoc-lieu", "Chai 250ml", (80, 140)),
    ("Lan đai châu", "sinh-vat-canh", "Chậu", (150, 400)),
    ("Điểm du lịch sinh thái", "du-lich", "Vé", (50, 150)),
]
DECISIONS = [  # invented provincial decisions before 2025-03-14, with their dates
    ("1456/QĐ-UBND", date(2023, 6, 20)),
    ("9876/QĐ-UBND", date(2023, 10, 18)),
    ("245/QĐ-UBND", date(2024, 1, 31)),
    ("1102/QĐ-UBND", date(2024, 5, 10)),
    ("1985/QĐ-UBND", date(2024, 8, 15)),
    ("2250/QĐ-UBND", date(2024, 9, 20)),
    ("312/QĐ-UBND", date(2025, 2, 14)),
]
PRODUCER_TYPE_NAMES = {slug: vi for slug, (vi, _) in catalog.PRODUCER_TYPES.items()}
GROUP_NAMES = {slug: vi for slug, (vi, _) in catalog.PRODUCT_GROUPS.items()}
OWNER_FORMS = [
    ("ho-kinh-doanh", "Hộ kinh doanh {}"),
    ("co-so-san-xuat", "Cơ sở {}"),
    ("hop-tac-xa", "HTX {}"),
    ("doanh-nghiep", "Công ty TNHH {}"),
    ("to-hop-tac", "Tổ hợp tác {}"),
]


def add_months(day: date, months: int) -> date:
    from catalog_sync.normalize import add_months as shift

    return shift(day, months)


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _status(valid_until: date, today: date) -> str:
    return "Còn hiệu lực" if valid_until >= today else "Hết hiệu lực"


def demo_catalog_rows() -> list[dict]:
    rows = []
    for spec in catalog.PRODUCTS:
        producer = catalog.PRODUCERS[spec["producer"]]
        decision_no, decision_date = catalog.DECISIONS[spec["decision"]]
        pack_vi, _, price, _, _, gtin = spec["packs"][0]
        rows.append(
            {
                "code": spec["code"],
                "name": spec["name"],
                "producer": producer["name"],
                "producer_type": PRODUCER_TYPE_NAMES[producer["type"]],
                "address": producer["street"],
                "commune": producer["commune"],
                "district": producer["district"],
                "province": catalog.PROVINCE,
                "group": GROUP_NAMES[spec["group"]],
                "stars": spec["stars"],
                "score": spec["score"],
                "decision_no": decision_no,
                "decision_date": decision_date,
                "authority": catalog.NATIONAL_AUTHORITY if spec["stars"] == 5 else catalog.PROVINCIAL_AUTHORITY,
                "revoked": bool(spec.get("revoked")),
                "pack": pack_vi,
                "barcode": gtin or "",
                "price": price,
                "description": spec["description"],
            }
        )
    return rows


def invented_rows(existing: list[dict], rng: random.Random) -> list[dict]:
    counted = Counter(r["stars"] for r in existing if date(2021, 1, 1) <= r["decision_date"] <= AS_OF)
    wanted = [stars for stars, n in TARGET.items() for _ in range(max(n - counted[stars], 0))]
    rows, used = [], {r["name"] for r in existing}
    serial = 200
    for stars in wanted:
        for _ in range(100):
            kind, group, pack, (low, high) = rng.choice(KINDS)
            owner = rng.choice(OWNERS)
            name = f"{kind} {owner}"
            if name not in used:
                break
        used.add(name)
        commune, district = PLACES[OWNERS.index(owner) % len(PLACES)]
        producer_type, form = OWNER_FORMS[OWNERS.index(owner) % len(OWNER_FORMS)]
        decision_no, decision_date = rng.choice(DECISIONS[-4:] if stars == 4 else DECISIONS)
        serial += 1
        score = {3: rng.randint(50, 69), 4: rng.randint(70, 89)}[stars]
        rows.append(
            {
                "code": f"TN-OCOP-{decision_date.year}-{serial:04d}",
                "name": name,
                "producer": form.format(owner),
                "producer_type": PRODUCER_TYPE_NAMES[producer_type],
                "address": f"Ấp {rng.randint(1, 9)}",
                "commune": commune,
                "district": district,
                "province": catalog.PROVINCE,
                "group": GROUP_NAMES[group],
                "stars": stars,
                "score": score,
                "decision_no": decision_no,
                "decision_date": decision_date,
                "authority": catalog.PROVINCIAL_AUTHORITY,
                "revoked": False,
                "pack": pack,
                "barcode": "",
                # Some new products come without a price: they wait, unpublished, for staff.
                "price": rng.randint(low, high) * 1000 if rng.random() > 0.1 else None,
                "description": f"{kind} của {form.format(owner)}, {commune}, tỉnh Tây Ninh.",
            }
        )
    return rows


def _csv_row(r: dict, today: date) -> list:
    valid_until = add_months(r["decision_date"], 36)
    status = "Thu hồi" if r["revoked"] else _status(valid_until, today)
    return [
        r["code"],
        r["name"],
        r["producer"],
        r["producer_type"],
        r["address"],
        r["commune"],
        r["district"],
        r["province"],
        r["group"],
        f"{r['stars']} sao",
        f"{r['score']:g}",
        r["decision_no"],
        vn_date(r["decision_date"]),
        vn_date(valid_until),
        r["authority"],
        status,
        r["pack"],
        r["barcode"],
        f"{r['price']:,}".replace(",", ".") if r["price"] else "",
        r["description"],
    ]


def write_export(path: Path, rows: list[dict], today: date, title: str) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([title])
        writer.writerow([f"(Ngày xuất: {vn_date(today)})"])
        writer.writerow([])
        writer.writerow(HEADERS)
        for r in sorted(rows, key=lambda r: r["code"]):
            writer.writerow(_csv_row(r, today))


def later_rows(rows: list[dict], rng: random.Random) -> list[dict]:
    later = [dict(r) for r in rows]
    by_code = {r["code"]: r for r in later}
    decision = ("2890/QĐ-UBND", date(2025, 11, 20))
    # Upgrades: a few 3★ re-evaluated at 4★ under a new decision.
    upgraded = [r for r in later if r["stars"] == 3 and r["decision_date"].year >= 2023][:4]
    for r in upgraded:
        r.update(stars=4, score=max(r["score"], 72), decision_no=decision[0], decision_date=decision[1])
    # The potential 5★ (Minh Trung soft-dried custard apple, 91 points) recognised nationally.
    apple = by_code["TN-OCOP-2024-0062"]
    apple.update(stars=5, score=91, decision_no="1520/QĐ-BNNMT", decision_date=date(2025, 11, 5), authority=catalog.NATIONAL_AUTHORITY)
    # One revocation: a product whose producer stopped meeting the standard.
    revoked = next(
        r for r in later if r["stars"] == 3 and r["code"] not in {u["code"] for u in upgraded} and r["decision_date"].year == 2024
    )
    revoked["revoked"] = True
    # One code simply gone from the export (the full export's silence means lapsed).
    gone = next(r for r in reversed(later) if r["stars"] == 3 and r is not revoked and r not in upgraded)
    later.remove(gone)
    # New products recognised in the new decision.
    for i, (name, producer, commune, district, group, price) in enumerate(
        [
            ("Bánh tráng cuốn rau rừng Trảng Bàng", "Hộ kinh doanh Bảy Nhỏ", "Phường Trảng Bàng", "Thị xã Trảng Bàng", "thuc-pham", 45000),
            ("Muối ớt rừng Núi Bà", "Cơ sở Tám Lợi", "Xã Dương Minh Châu", "Huyện Dương Minh Châu", "thuc-pham", 35000),
            ("Trà hoa mãng cầu Bà Đen", "HTX Dịch vụ Nông nghiệp Minh Trung", "Phường Ninh Thạnh", "Thành phố Tây Ninh", "do-uong", 85000),
            ("Giỏ lục bình Thạnh Hóa", "Tổ hợp tác Lục bình Thạnh Hóa", "Xã Thạnh Hóa", "Huyện Thạnh Hóa", "thu-cong-my-nghe", None),
        ]
    ):
        later.append(
            {
                "code": f"TN-OCOP-2025-{401 + i:04d}",
                "name": name,
                "producer": producer,
                "producer_type": "",
                "address": "",
                "commune": commune,
                "district": district,
                "province": catalog.PROVINCE,
                "group": GROUP_NAMES[group],
                "stars": 3,
                "score": 60 + i,
                "decision_no": decision[0],
                "decision_date": decision[1],
                "authority": catalog.PROVINCIAL_AUTHORITY,
                "revoked": False,
                "pack": "",
                "barcode": "",
                "price": price,
                "description": "",
            }
        )
    return later


def build(out: Path = FIXTURES) -> tuple[list[dict], list[dict]]:
    rng = random.Random(20250314)
    rows = demo_catalog_rows()
    rows += invented_rows(rows, rng)
    out.mkdir(parents=True, exist_ok=True)
    write_export(out / "tay-ninh-ocop-2025-03.csv", rows, date(2025, 9, 30), "DANH SÁCH SẢN PHẨM OCOP TỈNH TÂY NINH")
    later = later_rows(rows, rng)
    write_export(out / "tay-ninh-ocop-2025-12.csv", later, date(2025, 12, 15), "DANH SÁCH SẢN PHẨM OCOP TỈNH TÂY NINH (CẬP NHẬT)")
    return rows, later


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("OCOP_DEV", "1")
    django.setup()
    first, second = build()
    print(f"{len(first)} products in the first export, {len(second)} in the second → {FIXTURES}")
