"""The demo catalog as data: Tây Ninh's OCOP producers and products.

Facts from public reports (see /work/shared/REGISTRY.md, "Facts for demo data") are kept as
reported: who makes what, where, the star rank and the year of the decision. Everything else —
registry codes, decision numbers, scores, prices, pack sizes, barcodes, stories — is invented
for the demo and marked as such nowhere else, so do not quote it as fact.

Places use the post-2025 scheme (street → ward/commune → province, no district); `district`
keeps the pre-2025 district as history, as registry records issued before 2025-07-01 do.
"""
from __future__ import annotations

from datetime import date

PROVINCE = "Tây Ninh"

# --- Shared choices -------------------------------------------------------------------------

# Decision 148/2023/QĐ-TTg: the six OCOP product groups (slug → Vietnamese name, English name).
PRODUCT_GROUPS = {
    "thuc-pham": ("Thực phẩm", "Food"),
    "do-uong": ("Đồ uống", "Beverages"),
    "duoc-lieu": ("Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products"),
    "thu-cong-my-nghe": ("Thủ công mỹ nghệ", "Handicrafts"),
    "sinh-vat-canh": ("Sinh vật cảnh", "Ornamental plants and animals"),
    "du-lich": (
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Community tourism, eco-tourism and tourist sites",
    ),
}

CERTIFICATE_STATUSES = {
    "valid": ("Còn hiệu lực", "Valid"),
    "lapsed": ("Hết hiệu lực", "Lapsed"),
    "revoked": ("Thu hồi", "Revoked"),
}

PRODUCER_TYPES = {
    "doanh-nghiep": ("Doanh nghiệp", "Enterprise"),
    "hop-tac-xa": ("Hợp tác xã (HTX)", "Cooperative"),
    "to-hop-tac": ("Tổ hợp tác", "Cooperative group"),
    "ho-kinh-doanh": ("Hộ kinh doanh", "Business household"),
    "co-so-san-xuat": ("Cơ sở sản xuất", "Production establishment"),
}

PROVINCIAL_AUTHORITY = "UBND tỉnh Tây Ninh"
NATIONAL_AUTHORITY = "Bộ Nông nghiệp và Môi trường"
CERTIFICATE_MONTHS = 36

CHANNELS = [
    {"slug": "online", "name": "Cửa hàng trực tuyến", "currency_code": "VND", "default_country": "VN", "is_active": True},
    {"slug": "wholesale", "name": "Bán sỉ cho cửa hàng quà tặng", "currency_code": "VND", "default_country": "VN", "is_active": True},
]
# Gift shops buy at this share of the retail price (rounded down to 1.000 ₫).
WHOLESALE_RATE = 0.8

# --- Delivery ------------------------------------------------------------------------------
# Saleor's zones are by country, so one zone for Vietnam covers all 34 provinces (the post-2025
# map has no district level a carrier rate could hang on). Prices per channel, in VND:
# (price, minimum order value, maximum order value) — the order value is the subtotal before
# shipping; a window closed at 499.999 ₫ hands over to the free method at 500.000 ₫.
FREE_SHIPPING_FROM = {"online": 500_000, "wholesale": 5_000_000}
SHIPPING_ZONE = {
    "key": "viet-nam",
    "name": "Việt Nam — 34 tỉnh, thành",
    "description": "Giao hàng toàn quốc từ kho của các chủ thể OCOP Tây Ninh.",
    "countries": ["VN"],
    "channels": ["online", "wholesale"],
}
SHIPPING_METHODS = [
    {
        "key": "standard", "name": "Giao hàng tiêu chuẩn", "days": (2, 4),
        "description": "Giao qua bưu điện hoặc đơn vị vận chuyển, 2–4 ngày làm việc.",
        "prices": {
            "online": (30_000, None, FREE_SHIPPING_FROM["online"] - 1),
            "wholesale": (60_000, None, FREE_SHIPPING_FROM["wholesale"] - 1),
        },
    },
    {
        "key": "free", "name": "Miễn phí giao hàng", "days": (2, 4),
        "description": "Giao hàng tiêu chuẩn miễn phí cho đơn từ 500.000 ₫ (bán sỉ: từ 5.000.000 ₫).",
        "prices": {
            "online": (0, FREE_SHIPPING_FROM["online"], None),
            "wholesale": (0, FREE_SHIPPING_FROM["wholesale"], None),
        },
    },
    {
        "key": "express", "name": "Giao hàng nhanh", "days": (1, 2),
        "description": "Giao nhanh 1–2 ngày làm việc.",
        "prices": {"online": (50_000, None, None), "wholesale": (120_000, None, None)},
    },
]

# --- Categories (slug, parent slug, Vietnamese name, English name) --------------------------
CATEGORIES = [
    ("dac-san-tay-ninh", None, "Đặc sản Tây Ninh", "Tây Ninh specialties"),
    ("muoi-gia-vi", "dac-san-tay-ninh", "Muối & gia vị", "Salts & seasonings"),
    ("banh-trang", "dac-san-tay-ninh", "Bánh tráng", "Rice paper"),
    ("trai-cay", "dac-san-tay-ninh", "Trái cây & sản phẩm từ trái cây", "Fruit & fruit products"),
    ("do-uong", "dac-san-tay-ninh", "Đồ uống", "Drinks"),
    ("nong-san-kho", "dac-san-tay-ninh", "Nông sản khô", "Dried produce"),
    ("duoc-lieu-tra", "dac-san-tay-ninh", "Dược liệu & trà thảo mộc", "Herbs & herbal teas"),
    ("thu-cong-my-nghe", "dac-san-tay-ninh", "Thủ công mỹ nghệ", "Handicrafts"),
]

COLLECTIONS = [
    {
        "slug": "ocop-4-sao-tro-len",
        "name": "OCOP 4 sao trở lên",
        "name_en": "OCOP 4 stars and up",
        "description": "Sản phẩm OCOP 4 và 5 sao còn hiệu lực của tỉnh Tây Ninh.",
        "description_en": "Tây Ninh's OCOP products rated 4 and 5 stars with a valid certificate.",
    },
    {
        "slug": "qua-tang-du-lich",
        "name": "Quà tặng du lịch",
        "name_en": "Travel gifts",
        "description": "Quà mang về sau chuyến đi núi Bà Đen, Tòa Thánh Cao Đài và miền Long An.",
        "description_en": "Things to take home after a trip to Bà Đen mountain, the Cao Đài Holy See and Long An.",
    },
]

# --- Producers (OCOP entities) ---------------------------------------------------------------
PRODUCERS = {
    "tan-nhien": {
        "name": "Công ty TNHH Tân Nhiên",
        "type": "doanh-nghiep",
        "street": "Tổ 5, ấp Long Mỹ",
        "commune": "Phường Hòa Thành",
        "district": "Thị xã Hòa Thành",
        "phone": "+842763841234",
        "story": (
            "Từ một lò tráng bánh gia đình ở Hòa Thành, Tân Nhiên đưa bánh tráng phơi sương "
            "vào dây chuyền sạch mà vẫn giữ cách làm thủ công: bánh tráng mỏng, nướng trên than, "
            "phơi sương đêm cho mềm dẻo. Bánh tráng siêu mỏng của Tân Nhiên là sản phẩm OCOP "
            "5 sao đầu tiên của tỉnh."
        ),
    },
    "hoang-xuan": {
        "name": "Công ty TNHH Nông nghiệp Hoàng Xuân",
        "type": "doanh-nghiep",
        "street": "Ấp Lộc Trát",
        "commune": "Phường Trảng Bàng",
        "district": "Thị xã Trảng Bàng",
        "phone": "+842763882456",
        "story": (
            "Trang trại dưa lưới trong nhà màng ở Trảng Bàng, tưới nhỏ giọt và bón phân hữu cơ. "
            "Mỗi trái dưa được dán tem truy xuất nguồn gốc trước khi rời vườn."
        ),
    },
    "bao-an": {
        "name": "Cơ sở Mật ong Bảo An",
        "type": "co-so-san-xuat",
        "street": "Ấp Thạnh Phú",
        "commune": "Xã Tân Biên",
        "district": "Huyện Tân Biên",
        "phone": "+842763874512",
        "story": (
            "Những người gác ong ở vùng rừng Tân Biên lấy mật theo mùa hoa, lọc lạnh và hạ thủy "
            "phần để mật giữ được hương rừng mà không lên men."
        ),
    },
    "hong-minh": {
        "name": "Hộ kinh doanh Hồng Minh",
        "type": "ho-kinh-doanh",
        "street": "Ấp Bàu Mây",
        "commune": "Phường Trảng Bàng",
        "district": "Thị xã Trảng Bàng",
        "phone": "+84918345672",
        "story": (
            "Ba thế hệ tráng bánh ở xóm bánh tráng Trảng Bàng. Bánh được tráng tay mỗi sáng, "
            "phơi nắng rồi nướng và phơi sương ngay trong đêm."
        ),
    },
    "tu-suong": {
        "name": "Hộ kinh doanh Tư Sương",
        "type": "ho-kinh-doanh",
        "street": "Ấp Gia Huỳnh",
        "commune": "Xã Hưng Thuận",
        "district": "Thị xã Trảng Bàng",
        "phone": "+84907456123",
        "story": (
            "Gian hàng quen của khách ăn bánh canh Trảng Bàng: bánh tráng phơi sương cuốn thịt "
            "luộc với hơn hai mươi loại rau rừng hái trong vườn nhà."
        ),
    },
    "phu-gia-bao": {
        "name": "Cơ sở sản xuất Phú Gia Bảo",
        "type": "co-so-san-xuat",
        "street": "Khu phố 3",
        "commune": "Xã Gò Dầu",
        "district": "Huyện Gò Dầu",
        "phone": "+84975112233",
        "story": (
            "Muối ớt Phú Gia Bảo được rang trên chảo gang với ớt hiểm và tỏi Tây Ninh, "
            "đóng hũ ngay khi nguội để giữ độ cay thơm."
        ),
    },
    "long-ha": {
        "name": "Cơ sở Muối Long Hà",
        "type": "co-so-san-xuat",
        "street": "Ấp Rạch Sơn",
        "commune": "Xã Gò Dầu",
        "district": "Huyện Gò Dầu",
        "phone": "+84966223344",
        "story": (
            "Long Hà làm muối tôm theo công thức gia đình và một dòng muối chay cho khách ăn "
            "chay quanh Tòa Thánh Cao Đài."
        ),
    },
    "de-tan-chau": {
        "name": "Cơ sở Dế sấy Tân Châu",
        "type": "co-so-san-xuat",
        "street": "Ấp Tân Trung",
        "commune": "Xã Tân Châu",
        "district": "Huyện Tân Châu",
        "phone": "+84938667788",
        "story": (
            "Dế được nuôi bằng rau và cám sạch, sấy giòn rồi rim bơ tỏi — món nhắm đặc sản "
            "của vùng Tân Châu."
        ),
    },
    "minh-trung": {
        "name": "HTX Dịch vụ Nông nghiệp Minh Trung",
        "type": "hop-tac-xa",
        "street": "Ấp Ninh Trung",
        "commune": "Phường Ninh Thạnh",
        "district": "Thành phố Tây Ninh",
        "phone": "+842763822345",
        "story": (
            "Các xã viên trồng mãng cầu dưới chân núi Bà Đen theo quy trình VietGAP; HTX sơ chế, "
            "sấy dẻo và ép nước mãng cầu để trái ngon không bị bỏ phí sau mùa thu hoạch."
        ),
    },
    "go-den": {
        "name": "Cơ sở Rượu Gò Đen Ba Lợi",
        "type": "co-so-san-xuat",
        "street": "Ấp 3",
        "commune": "Xã Bến Lức",
        "district": "Huyện Bến Lức",
        "phone": "+842723871456",
        "story": (
            "Rượu Gò Đen nấu từ nếp và men lá theo cách truyền lại từ thời ông bà, chưng cất "
            "trong nồi đồng và hạ thổ trong chum sành."
        ),
    },
    "quy-phuoc": {
        "name": "Cơ sở khô cá Quý Phước",
        "type": "co-so-san-xuat",
        "street": "Ấp Rạch Núi",
        "commune": "Xã Cần Đước",
        "district": "Huyện Cần Đước",
        "phone": "+84919778899",
        "story": (
            "Cá đồng và cá lóc nuôi ao bùn được làm sạch, ướp muối nhạt và phơi một nắng "
            "trên giàn cao — khô ngọt thịt, không hóa chất bảo quản."
        ),
    },
    "nam-lanh": {
        "name": "Hộ kinh doanh Gạo Năm Lành",
        "type": "ho-kinh-doanh",
        "street": "Ấp Phước Thuận",
        "commune": "Xã Cần Đước",
        "district": "Huyện Cần Đước",
        "phone": "+84909334455",
        "story": (
            "Cánh đồng lúa ST25 canh tác giảm phân thuốc ven sông Vàm Cỏ; gạo xay mới mỗi tuần "
            "và đóng túi hút chân không."
        ),
    },
    "vinh-hung": {
        "name": "HTX Nông nghiệp Vĩnh Hưng",
        "type": "hop-tac-xa",
        "street": "Ấp Cả Nổ",
        "commune": "Xã Vĩnh Hưng",
        "district": "Huyện Vĩnh Hưng",
        "phone": "+842723910123",
        "story": (
            "Cây cà na mọc tự nhiên ven kênh vùng Đồng Tháp Mười; HTX thu mua trái của bà con, "
            "làm cà na muối và cà na ngâm đường."
        ),
    },
    "thanh-long-chau-thanh": {
        "name": "HTX Thanh long Châu Thành",
        "type": "hop-tac-xa",
        "street": "Ấp Bình Thạnh",
        "commune": "Xã Tầm Vu",
        "district": "Huyện Châu Thành",
        "phone": "+842723875690",
        "story": "Vùng thanh long ruột đỏ chong đèn ven sông Vàm Cỏ Tây, thu hái theo chuẩn VietGAP.",
    },
    "chanh-ben-luc": {
        "name": "Tổ hợp tác Chanh không hạt Thạnh Lợi",
        "type": "to-hop-tac",
        "street": "Ấp 4",
        "commune": "Xã Thạnh Lợi",
        "district": "Huyện Bến Lức",
        "phone": "+84932556677",
        "story": "Chanh không hạt Bến Lức vỏ mỏng, nhiều nước, được tổ hợp tác làm thành muối chanh và nước cốt.",
    },
    "dieu-tan-bien": {
        "name": "Công ty TNHH Điều Tân Biên",
        "type": "doanh-nghiep",
        "street": "Khu phố 1",
        "commune": "Xã Tân Biên",
        "district": "Huyện Tân Biên",
        "phone": "+842763875123",
        "story": "Hạt điều và đậu phộng vùng đất đỏ Tân Biên, rang củi và tách vỏ lụa bằng tay.",
    },
    "nghe-hoa-hiep": {
        "name": "Cơ sở Tinh bột nghệ Hòa Hiệp",
        "type": "co-so-san-xuat",
        "street": "Ấp Hòa Đông",
        "commune": "Xã Hòa Hiệp",
        "district": "Huyện Tân Biên",
        "phone": "+84944889900",
        "story": "Nghệ vàng trồng trên đất đỏ bazan, tách tinh dầu và lọc lấy tinh bột nghệ nguyên chất.",
    },
    "nui-ba": {
        "name": "Cơ sở Trà thảo mộc Núi Bà",
        "type": "co-so-san-xuat",
        "street": "Ấp Phước Lợi",
        "commune": "Xã Dương Minh Châu",
        "district": "Huyện Dương Minh Châu",
        "phone": "+84983221144",
        "story": "Khổ qua rừng và lá thảo mộc quanh chân núi Bà Đen được sấy lạnh làm trà túi lọc.",
    },
    "luc-binh-thanh-hoa": {
        "name": "Tổ hợp tác Lục bình Thạnh Hóa",
        "type": "to-hop-tac",
        "street": "Ấp Cầu Đúc",
        "commune": "Xã Thạnh Hóa",
        "district": "Huyện Thạnh Hóa",
        "phone": "+84939445566",
        "story": "Chị em trong tổ đan giỏ, túi từ lục bình phơi khô vớt trên sông Vàm Cỏ Tây.",
    },
    "huong-que": {
        "name": "Hộ kinh doanh Hương Quê",
        "type": "ho-kinh-doanh",
        "street": "Hẻm 12, đường 30 Tháng 4",
        "commune": "Phường Tân Ninh",
        "district": "Thành phố Tây Ninh",
        "phone": "+84915667788",
        "story": "Cơ sở làm khô bò một nắng theo kiểu Tây Ninh, ăn kèm muối ớt.",
    },
}

# --- Decisions (invented numbers; dates follow the public reports where there are any) -----
DECISIONS = {
    "2020": ("3215/QĐ-UBND", date(2020, 12, 28)),
    "2022": ("2870/QĐ-UBND", date(2022, 11, 10)),
    "2023-06": ("1456/QĐ-UBND", date(2023, 6, 20)),
    "2023-10": ("9876/QĐ-UBND", date(2023, 10, 18)),
    "2024-01": ("245/QĐ-UBND", date(2024, 1, 31)),
    "2024-05": ("1102/QĐ-UBND", date(2024, 5, 10)),
    "2024-08": ("1985/QĐ-UBND", date(2024, 8, 15)),
    "2024-09": ("2250/QĐ-UBND", date(2024, 9, 20)),
    "2025-02": ("312/QĐ-UBND", date(2025, 2, 14)),
    "2025-03-national": ("862/QĐ-BNNMT", date(2025, 3, 10)),
    "2025-09": ("2634/QĐ-UBND", date(2025, 9, 26)),
}

# --- Products --------------------------------------------------------------------------------
# The curated products. Their registry facts (code, name, producer, group, stars, score,
# decision, revoked, the first pack with its price and barcode, the Vietnamese description) are
# written into the bundled registry export by catalog_sync/demo/build_exports.py, and reach the
# catalog only through the registry sync. `load_demo` reads the rest here, by code (CURATED): the
# English name and description, the category, the extra packs with their prices, weights and
# stock, and the gift flag — what a registry does not carry.
# packs: (Vietnamese pack name, English pack name, retail price VND, stock, weight g, GTIN-13 or None)
# gift: also in the "Quà tặng du lịch" collection. revoked: the certificate was withdrawn.
PRODUCTS = [
    # Tân Nhiên, Hòa Thành — 4★ valid 36 months from 31/01/2024; the 5★ super-thin rice paper.
    {
        "code": "TN-OCOP-2025-0001", "producer": "tan-nhien", "category": "banh-trang", "group": "thuc-pham",
        "name": "Bánh tráng siêu mỏng Tân Nhiên", "name_en": "Tân Nhiên super-thin rice paper",
        "stars": 5, "score": 92.5, "decision": "2025-03-national", "gift": True,
        "description": "Bánh tráng mỏng như lụa, cuốn không cần nhúng nước, dẻo và không bể. Sản phẩm OCOP 5 sao cấp quốc gia đầu tiên của Tây Ninh.",
        "description_en": "Silk-thin rice paper that rolls without dipping in water, soft and unbreakable. Tây Ninh's first nationally certified 5-star OCOP product.",
        "packs": [("Gói 200g", "200 g pack", 45000, 120, 200, "8938501234015"), ("Gói 500g", "500 g pack", 98000, 60, 500, "8938501234022")],
    },
    {
        "code": "TN-OCOP-2024-0012", "producer": "tan-nhien", "category": "banh-trang", "group": "thuc-pham",
        "name": "Bánh tráng phơi sương Tân Nhiên", "name_en": "Tân Nhiên dew-dried rice paper",
        "stars": 4, "score": 86, "decision": "2024-01", "gift": True,
        "description": "Bánh tráng nướng than rồi phơi sương đêm, mềm dẻo, cuốn thịt luộc và rau rừng.",
        "description_en": "Charcoal-grilled rice paper softened in the night dew, for rolling boiled pork and wild greens.",
        "packs": [("Gói 300g", "300 g pack", 55000, 80, 300, "8938501234039"), ("Gói 500g", "500 g pack", 85000, 40, 500, None)],
    },
    {
        "code": "TN-OCOP-2024-0013", "producer": "tan-nhien", "category": "banh-trang", "group": "thuc-pham",
        "name": "Bánh tráng muối ớt Tân Nhiên", "name_en": "Tân Nhiên chili-salt rice paper",
        "stars": 4, "score": 81, "decision": "2024-01",
        "description": "Bánh tráng cắt sợi trộn muối ớt Tây Ninh, sa tế và hành phi — món ăn vặt quen thuộc.",
        "description_en": "Shredded rice paper tossed with Tây Ninh chili salt, satay and fried shallots — the classic snack.",
        "packs": [("Gói 100g", "100 g pack", 25000, 200, 100, None), ("Combo 5 gói", "5-pack", 110000, 30, 500, None)],
    },
    {
        "code": "TN-OCOP-2024-0014", "producer": "tan-nhien", "category": "banh-trang", "group": "thuc-pham",
        "name": "Bánh tráng dẻo tôm Tân Nhiên", "name_en": "Tân Nhiên soft shrimp rice paper",
        "stars": 4, "score": 79, "decision": "2024-01",
        "description": "Bánh tráng dẻo quết tôm khô và muối tôm, ăn liền không cần nướng.",
        "description_en": "Soft rice paper brushed with dried shrimp and shrimp salt, ready to eat without grilling.",
        "packs": [("Gói 150g", "150 g pack", 35000, 0, 150, None)],
    },
    {
        "code": "TN-OCOP-2024-0015", "producer": "tan-nhien", "category": "banh-trang", "group": "thuc-pham",
        "name": "Bánh tráng mè đen Tân Nhiên", "name_en": "Tân Nhiên black sesame rice crackers",
        "stars": 4, "score": 77, "decision": "2024-01",
        "description": "Bánh tráng dày rắc mè đen, nướng phồng giòn trên than hồng.",
        "description_en": "Thick rice crackers with black sesame, puffed over charcoal.",
        "packs": [("Xấp 10 bánh", "Stack of 10", 40000, 70, 400, None)],
    },
    # Hoàng Xuân melons, Trảng Bàng — 4★, February 2025.
    {
        "code": "TN-OCOP-2025-0031", "producer": "hoang-xuan", "category": "trai-cay", "group": "thuc-pham",
        "name": "Dưa lưới Hoàng Xuân", "name_en": "Hoàng Xuân netted melon",
        "stars": 4, "score": 90, "decision": "2025-02",
        "description": "Dưa lưới ruột xanh trồng nhà màng, độ ngọt trên 14 Brix, giòn và thơm.",
        "description_en": "Greenhouse netted melon with green flesh, over 14 °Brix, crisp and fragrant.",
        "packs": [("Trái khoảng 2kg", "About 2 kg fruit", 89000, 45, 1800, None), ("Hộp quà 2 trái", "Gift box of 2", 189000, 15, 3800, None)],
    },
    {
        "code": "TN-OCOP-2025-0032", "producer": "hoang-xuan", "category": "trai-cay", "group": "thuc-pham",
        "name": "Dưa lưới ruột cam Hoàng Xuân", "name_en": "Hoàng Xuân orange-flesh melon",
        "stars": 4, "score": 84, "decision": "2025-02",
        "description": "Dưa lưới ruột cam vị ngọt đậm, thu hoạch đúng 75 ngày tuổi.",
        "description_en": "Orange-flesh melon with a deep sweetness, picked at exactly 75 days.",
        "packs": [("Trái khoảng 2kg", "About 2 kg fruit", 95000, 0, 1800, None)],
    },
    # Bảo An wild honey — 4★, February 2025.
    {
        "code": "TN-OCOP-2025-0033", "producer": "bao-an", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Mật ong rừng Bảo An", "name_en": "Bảo An wild forest honey",
        "stars": 4, "score": 83, "decision": "2025-02", "gift": True,
        "description": "Mật ong rừng Tân Biên lọc lạnh, hạ thủy phần dưới 20%, vị đậm và thơm hoa rừng.",
        "description_en": "Cold-filtered wild honey from the Tân Biên forest, under 20% moisture, rich and floral.",
        "packs": [("Chai 250ml", "250 ml bottle", 150000, 50, 350, "8938501235012"), ("Chai 500ml", "500 ml bottle", 280000, 25, 700, "8938501235029")],
    },
    {
        "code": "TN-OCOP-2024-0047", "producer": "bao-an", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Mật ong hoa cà phê Bảo An", "name_en": "Bảo An coffee-blossom honey",
        "stars": 3, "score": 68, "decision": "2024-09",
        "description": "Mật ong hoa cà phê màu hổ phách nhạt, vị ngọt thanh.",
        "description_en": "Pale amber coffee-blossom honey with a light sweetness.",
        "packs": [("Chai 500ml", "500 ml bottle", 180000, 30, 700, None)],
    },
    # Hồng Minh rice paper — business household, 4★, February 2025.
    {
        "code": "TN-OCOP-2025-0034", "producer": "hong-minh", "category": "banh-trang", "group": "thuc-pham",
        "name": "Bánh tráng phơi sương Hồng Minh", "name_en": "Hồng Minh dew-dried rice paper",
        "stars": 4, "score": 80, "decision": "2025-02", "gift": True,
        "description": "Bánh tráng tráng tay mỗi sáng ở xóm bánh tráng Trảng Bàng, phơi sương ngay trong đêm.",
        "description_en": "Rice paper made by hand every morning in Trảng Bàng's rice-paper hamlet and dew-dried the same night.",
        "packs": [("Gói 300g", "300 g pack", 50000, 90, 300, None), ("Gói 1kg", "1 kg pack", 150000, 20, 1000, None)],
    },
    # Dew-dried rice paper and forest greens — household, Trảng Bàng, 3★ in 2020; the rice
    # paper was re-evaluated in 2023, the greens were not (their certificate lapsed).
    {
        "code": "TN-OCOP-2023-0105", "producer": "tu-suong", "category": "banh-trang", "group": "thuc-pham",
        "name": "Bánh tráng phơi sương Tư Sương", "name_en": "Tư Sương dew-dried rice paper",
        "stars": 3, "score": 66, "decision": "2023-06",
        "description": "Bánh tráng phơi sương Trảng Bàng, được đánh giá lại năm 2023 sau lần công nhận đầu năm 2020.",
        "description_en": "Trảng Bàng dew-dried rice paper, re-evaluated in 2023 after its first recognition in 2020.",
        "packs": [("Gói 300g", "300 g pack", 42000, 60, 300, None)],
    },
    {
        "code": "TN-OCOP-2020-0021", "producer": "tu-suong", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Rau rừng Trảng Bàng Tư Sương", "name_en": "Tư Sương Trảng Bàng forest greens",
        "stars": 3, "score": 57, "decision": "2020",
        "description": "Hơn hai mươi loại rau rừng ăn kèm bánh tráng phơi sương: đọt xoài, lá cách, chòi mòi…",
        "description_en": "Over twenty forest greens to eat with dew-dried rice paper: mango shoots, premna leaves, antidesma…",
        "packs": [("Bó 500g", "500 g bunch", 30000, 0, 500, None)],
    },
    # Phú Gia Bảo, Gò Dầu — chili salt and shrimp chili salt, 3★ in 2020.
    {
        "code": "TN-OCOP-2020-0007", "producer": "phu-gia-bao", "category": "muoi-gia-vi", "group": "thuc-pham",
        "name": "Muối ớt Tây Ninh Phú Gia Bảo", "name_en": "Phú Gia Bảo Tây Ninh chili salt",
        "stars": 3, "score": 62, "decision": "2020", "gift": True,
        "description": "Muối rang cùng ớt hiểm và tỏi, cay thơm, chấm trái cây hay trộn bánh tráng đều ngon.",
        "description_en": "Salt roasted with bird's-eye chili and garlic, for dipping fruit or tossing rice paper.",
        "packs": [("Hũ 100g", "100 g jar", 25000, 150, 130, "8938501236019"), ("Hũ 200g", "200 g jar", 45000, 80, 250, "8938501236026"), ("Hũ 500g", "500 g jar", 98000, 20, 580, None)],
    },
    {
        "code": "TN-OCOP-2020-0008", "producer": "phu-gia-bao", "category": "muoi-gia-vi", "group": "thuc-pham",
        "name": "Muối tôm ớt Phú Gia Bảo", "name_en": "Phú Gia Bảo shrimp chili salt",
        "stars": 3, "score": 60, "decision": "2020", "gift": True,
        "description": "Muối tôm ớt đỏ au, tôm khô xay nhuyễn rang cùng muối hột và ớt.",
        "description_en": "Bright red shrimp chili salt: ground dried shrimp roasted with coarse salt and chili.",
        "packs": [("Hũ 100g", "100 g jar", 30000, 120, 130, None), ("Hũ 200g", "200 g jar", 55000, 60, 250, None)],
    },
    # Long Hà, Gò Dầu — vegetarian salt and shrimp salt, 3★ in 2020.
    {
        "code": "TN-OCOP-2020-0009", "producer": "long-ha", "category": "muoi-gia-vi", "group": "thuc-pham",
        "name": "Muối chay Long Hà", "name_en": "Long Hà vegetarian salt",
        "stars": 3, "score": 58, "decision": "2020",
        "description": "Muối chay rang cùng sả, ớt và nấm, hợp khẩu vị người ăn chay.",
        "description_en": "Vegetarian salt roasted with lemongrass, chili and mushroom.",
        "packs": [("Hũ 100g", "100 g jar", 22000, 90, 130, None), ("Hũ 200g", "200 g jar", 40000, 40, 250, None)],
    },
    {
        "code": "TN-OCOP-2020-0010", "producer": "long-ha", "category": "muoi-gia-vi", "group": "thuc-pham",
        "name": "Muối tôm Long Hà", "name_en": "Long Hà shrimp salt",
        "stars": 3, "score": 61, "decision": "2020",
        "description": "Muối tôm hạt to, vị tôm đậm, theo công thức gia đình ở Gò Dầu.",
        "description_en": "Coarse shrimp salt with a strong shrimp flavour, from a Gò Dầu family recipe.",
        "packs": [("Hũ 200g", "200 g jar", 50000, 70, 250, None)],
    },
    # Tân Châu garlic-butter dried crickets — 3★ in 2020.
    {
        "code": "TN-OCOP-2020-0015", "producer": "de-tan-chau", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Dế sấy bơ tỏi Tân Châu", "name_en": "Tân Châu garlic-butter dried crickets",
        "stars": 3, "score": 55, "decision": "2020",
        "description": "Dế sấy giòn rim bơ tỏi, giàu đạm, món nhắm đặc sản Tân Châu.",
        "description_en": "Crisp dried crickets glazed with garlic butter — a protein-rich Tân Châu snack.",
        "packs": [("Hộp 100g", "100 g box", 65000, 40, 150, None), ("Hộp 250g", "250 g box", 150000, 0, 320, None)],
    },
    # Minh Trung custard apple, Bà Đen mountain — 4★.
    {
        "code": "TN-OCOP-2024-0061", "producer": "minh-trung", "category": "trai-cay", "group": "thuc-pham",
        "name": "Mãng cầu Bà Đen Minh Trung", "name_en": "Minh Trung Bà Đen custard apple",
        "stars": 4, "score": 88, "decision": "2024-08", "gift": True,
        "description": "Mãng cầu ta trồng dưới chân núi Bà Đen, múi dày, ngọt thanh, đạt VietGAP.",
        "description_en": "Custard apples grown at the foot of Bà Đen mountain: thick segments, clean sweetness, VietGAP.",
        "packs": [("Hộp 1kg", "1 kg box", 80000, 60, 1000, None), ("Thùng 3kg", "3 kg crate", 220000, 20, 3000, None)],
    },
    {
        "code": "TN-OCOP-2024-0062", "producer": "minh-trung", "category": "trai-cay", "group": "thuc-pham",
        "name": "Mãng cầu sấy dẻo Minh Trung", "name_en": "Minh Trung soft-dried custard apple",
        "stars": 4, "score": 91, "decision": "2024-08", "gift": True,
        "description": "Mãng cầu sấy dẻo không đường, giữ vị chua ngọt tự nhiên. Sản phẩm tiềm năng 5 sao.",
        "description_en": "Soft-dried custard apple with no added sugar, keeping its natural sweet-sour taste. A potential 5-star product.",
        "packs": [("Túi 200g", "200 g bag", 75000, 100, 200, "8938501237016"), ("Hộp quà 500g", "500 g gift box", 175000, 30, 550, None)],
    },
    {
        "code": "TN-OCOP-2024-0063", "producer": "minh-trung", "category": "do-uong", "group": "do-uong",
        "name": "Nước ép mãng cầu Minh Trung", "name_en": "Minh Trung custard apple juice",
        "stars": 4, "score": 78, "decision": "2024-08",
        "description": "Nước ép mãng cầu nguyên chất, thanh trùng, không chất bảo quản.",
        "description_en": "Pure pasteurised custard apple juice with no preservatives.",
        "packs": [("Chai 330ml", "330 ml bottle", 30000, 150, 380, None), ("Thùng 12 chai", "Case of 12", 330000, 10, 4600, None)],
    },
    {
        "code": "TN-OCOP-2024-0064", "producer": "minh-trung", "category": "trai-cay", "group": "thuc-pham",
        "name": "Mứt mãng cầu Minh Trung", "name_en": "Minh Trung custard apple jam",
        "stars": 3, "score": 69, "decision": "2024-08",
        "description": "Mứt mãng cầu sên tay, dẻo mịn, ít ngọt.",
        "description_en": "Hand-stirred custard apple jam, smooth and not too sweet.",
        "packs": [("Hũ 250g", "250 g jar", 60000, 45, 320, None)],
    },
    # Gò Đen rice liquor, Bến Lức — 4★.
    {
        "code": "TN-OCOP-2024-0071", "producer": "go-den", "category": "do-uong", "group": "do-uong",
        "name": "Rượu đế Gò Đen", "name_en": "Gò Đen rice liquor",
        "stars": 4, "score": 82, "decision": "2024-09", "gift": True,
        "description": "Rượu nếp nấu men lá, chưng cất nồi đồng, 40 độ, êm và thơm mùi nếp.",
        "description_en": "Glutinous-rice liquor brewed with leaf yeast and copper-pot distilled, 40% ABV, smooth and fragrant.",
        "packs": [("Chai 500ml", "500 ml bottle", 120000, 60, 900, "8938501238013"), ("Bình sứ 1 lít", "1 l ceramic jar", 350000, 12, 2000, None)],
    },
    {
        "code": "TN-OCOP-2024-0072", "producer": "go-den", "category": "do-uong", "group": "do-uong",
        "name": "Rượu nếp than Gò Đen", "name_en": "Gò Đen black sticky-rice wine",
        "stars": 3, "score": 67, "decision": "2024-09",
        "description": "Rượu nếp than ngọt dịu, màu tím tự nhiên, 29 độ.",
        "description_en": "Gently sweet black sticky-rice wine with a natural purple colour, 29% ABV.",
        "packs": [("Chai 500ml", "500 ml bottle", 95000, 40, 900, None)],
    },
    # Quý Phước dried fish, Cần Đước — 3★, October 2023.
    {
        "code": "TN-OCOP-2023-0088", "producer": "quy-phuoc", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Khô cá lóc Quý Phước", "name_en": "Quý Phước dried snakehead fish",
        "stars": 3, "score": 64, "decision": "2023-10",
        "description": "Khô cá lóc một nắng, ướp muối nhạt, nướng hay chiên đều thơm.",
        "description_en": "Sun-dried-once snakehead fish, lightly salted, for grilling or frying.",
        "packs": [("Túi 500g", "500 g bag", 160000, 35, 500, None), ("Túi 1kg", "1 kg bag", 300000, 10, 1000, None)],
    },
    {
        "code": "TN-OCOP-2023-0089", "producer": "quy-phuoc", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Khô cá sặc Quý Phước", "name_en": "Quý Phước dried gourami",
        "stars": 3, "score": 62, "decision": "2023-10",
        "description": "Khô cá sặc rằn béo ngậy, đặc sản đồng bằng Cần Đước.",
        "description_en": "Rich dried snakeskin gourami, a speciality of the Cần Đước plains.",
        "packs": [("Túi 500g", "500 g bag", 140000, 25, 500, None)],
    },
    # ST25 rice, household, Cần Đước — 3★, October 2023.
    {
        "code": "TN-OCOP-2023-0090", "producer": "nam-lanh", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Gạo ST25 Cần Đước Năm Lành", "name_en": "Năm Lành Cần Đước ST25 rice",
        "stars": 3, "score": 65, "decision": "2023-10",
        "description": "Gạo ST25 hạt dài, cơm dẻo thơm mùi lá dứa, xay mới mỗi tuần.",
        "description_en": "Long-grain ST25 rice, soft and pandan-scented, milled fresh every week.",
        "packs": [("Túi 2kg", "2 kg bag", 70000, 100, 2000, "8938501239010"), ("Túi 5kg", "5 kg bag", 170000, 50, 5000, "8938501239027")],
    },
    # Vĩnh Hưng cà na — 3★.
    {
        "code": "TN-OCOP-2024-0051", "producer": "vinh-hung", "category": "trai-cay", "group": "thuc-pham",
        "name": "Cà na muối Vĩnh Hưng", "name_en": "Vĩnh Hưng salted Chinese olives",
        "stars": 3, "score": 63, "decision": "2024-05",
        "description": "Cà na muối giòn, chua mặn vừa ăn, chấm muối ớt là hết ý.",
        "description_en": "Crunchy salted Chinese olives, sour and salty; best with chili salt.",
        "packs": [("Hũ 500g", "500 g jar", 45000, 50, 600, None)],
    },
    {
        "code": "TN-OCOP-2024-0052", "producer": "vinh-hung", "category": "trai-cay", "group": "thuc-pham",
        "name": "Cà na ngâm đường Vĩnh Hưng", "name_en": "Vĩnh Hưng sugared Chinese olives",
        "stars": 3, "score": 61, "decision": "2024-05",
        "description": "Cà na ngâm đường phèn và cam thảo, ngọt dịu, giải khát mùa nóng.",
        "description_en": "Chinese olives steeped in rock sugar and liquorice, mild and refreshing.",
        "packs": [("Hũ 500g", "500 g jar", 50000, 40, 600, None)],
    },
    # Invented but plausible Tây Ninh / former Long An products from here on.
    {
        "code": "TN-OCOP-2024-0081", "producer": "thanh-long-chau-thanh", "category": "trai-cay", "group": "thuc-pham",
        "name": "Thanh long ruột đỏ Châu Thành", "name_en": "Châu Thành red dragon fruit",
        "stars": 4, "score": 80, "decision": "2024-09",
        "description": "Thanh long ruột đỏ VietGAP, trái to, vỏ đỏ tươi, ngọt đậm.",
        "description_en": "VietGAP red-flesh dragon fruit: large, bright-skinned and very sweet.",
        "packs": [("Thùng 5kg", "5 kg crate", 120000, 30, 5000, None), ("Hộp 2 trái", "Box of 2", 60000, 50, 1000, None)],
    },
    {
        "code": "TN-OCOP-2024-0082", "producer": "thanh-long-chau-thanh", "category": "trai-cay", "group": "thuc-pham",
        "name": "Thanh long sấy dẻo Châu Thành", "name_en": "Châu Thành soft-dried dragon fruit",
        "stars": 3, "score": 66, "decision": "2024-09",
        "description": "Thanh long ruột đỏ sấy dẻo, màu tự nhiên, không phẩm màu.",
        "description_en": "Soft-dried red dragon fruit, naturally coloured.",
        "packs": [("Túi 200g", "200 g bag", 65000, 60, 200, None)],
    },
    {
        "code": "TN-OCOP-2025-0091", "producer": "chanh-ben-luc", "category": "muoi-gia-vi", "group": "thuc-pham",
        "name": "Muối chanh không hạt Bến Lức", "name_en": "Bến Lức seedless lime salt",
        "stars": 3, "score": 64, "decision": "2025-09",
        "description": "Muối rang với vỏ và nước cốt chanh không hạt, chua thơm, chấm hải sản.",
        "description_en": "Salt roasted with seedless lime zest and juice, tangy, for seafood.",
        "packs": [("Hũ 100g", "100 g jar", 28000, 80, 130, None)],
    },
    {
        "code": "TN-OCOP-2025-0092", "producer": "chanh-ben-luc", "category": "do-uong", "group": "do-uong",
        "name": "Nước cốt chanh không hạt Bến Lức", "name_en": "Bến Lức seedless lime juice",
        "stars": 3, "score": 62, "decision": "2025-09",
        "description": "Nước cốt chanh nguyên chất đóng chai, tiện pha nước chanh và nấu ăn.",
        "description_en": "Pure bottled lime juice for drinks and cooking.",
        "packs": [("Chai 250ml", "250 ml bottle", 35000, 70, 300, None)],
    },
    {
        "code": "TN-OCOP-2024-0101", "producer": "dieu-tan-bien", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Hạt điều rang muối Tân Biên", "name_en": "Tân Biên salt-roasted cashews",
        "stars": 4, "score": 85, "decision": "2024-05", "gift": True,
        "description": "Hạt điều loại W240 rang củi, còn vỏ lụa, giòn béo.",
        "description_en": "Wood-roasted W240 cashews with their skins, crunchy and rich.",
        "packs": [("Hũ 250g", "250 g jar", 95000, 90, 300, "8938501240016"), ("Hũ 500g", "500 g jar", 180000, 40, 560, "8938501240023")],
    },
    {
        "code": "TN-OCOP-2024-0102", "producer": "dieu-tan-bien", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Đậu phộng rang tỏi ớt Tân Biên", "name_en": "Tân Biên garlic-chili peanuts",
        "stars": 3, "score": 63, "decision": "2024-05",
        "description": "Đậu phộng đất đỏ rang cùng tỏi, ớt và lá chanh.",
        "description_en": "Red-soil peanuts roasted with garlic, chili and lime leaves.",
        "packs": [("Hũ 300g", "300 g jar", 40000, 110, 340, None)],
    },
    {
        "code": "TN-OCOP-2024-0111", "producer": "nghe-hoa-hiep", "category": "duoc-lieu-tra", "group": "duoc-lieu",
        "name": "Tinh bột nghệ vàng Hòa Hiệp", "name_en": "Hòa Hiệp yellow turmeric starch",
        "stars": 3, "score": 67, "decision": "2024-05",
        "description": "Tinh bột nghệ đã tách dầu, mịn, tan nhanh trong nước ấm và sữa.",
        "description_en": "De-oiled turmeric starch, fine and quick to dissolve in warm water or milk.",
        "packs": [("Hũ 100g", "100 g jar", 85000, 50, 150, None), ("Hũ 500g", "500 g jar", 380000, 10, 600, None)],
    },
    {
        "code": "TN-OCOP-2025-0112", "producer": "nui-ba", "category": "duoc-lieu-tra", "group": "duoc-lieu",
        "name": "Trà khổ qua rừng Núi Bà", "name_en": "Núi Bà wild bitter melon tea",
        "stars": 3, "score": 65, "decision": "2025-09",
        "description": "Trà túi lọc khổ qua rừng sấy lạnh, vị đắng nhẹ, hậu ngọt.",
        "description_en": "Cold-dried wild bitter melon tea bags, gently bitter with a sweet finish.",
        "packs": [("Hộp 20 túi lọc", "Box of 20 tea bags", 55000, 80, 120, None)],
    },
    {
        "code": "TN-OCOP-2025-0113", "producer": "nui-ba", "category": "duoc-lieu-tra", "group": "duoc-lieu",
        "name": "Trà mãng cầu xiêm Núi Bà", "name_en": "Núi Bà soursop leaf tea",
        "stars": 3, "score": 60, "decision": "2025-09",
        "description": "Trà lá và trái mãng cầu xiêm sấy, thơm dịu, uống nóng hay lạnh.",
        "description_en": "Dried soursop leaf and fruit tea, mild and fragrant, hot or iced.",
        "packs": [("Hộp 20 túi lọc", "Box of 20 tea bags", 60000, 0, 120, None)],
    },
    {
        "code": "TN-OCOP-2024-0121", "producer": "luc-binh-thanh-hoa", "category": "thu-cong-my-nghe", "group": "thu-cong-my-nghe",
        "name": "Giỏ lục bình Thạnh Hóa", "name_en": "Thạnh Hóa water hyacinth basket",
        "stars": 3, "score": 64, "decision": "2024-09", "gift": True,
        "description": "Giỏ đan tay từ lục bình phơi khô, có quai, dùng đựng đồ hay cắm hoa.",
        "description_en": "Hand-woven basket of dried water hyacinth with handles, for storage or flowers.",
        "packs": [("Cỡ nhỏ", "Small", 120000, 25, 400, None), ("Cỡ lớn", "Large", 220000, 10, 800, None)],
    },
    {
        "code": "TN-OCOP-2024-0122", "producer": "luc-binh-thanh-hoa", "category": "thu-cong-my-nghe", "group": "thu-cong-my-nghe",
        "name": "Túi xách lục bình Thạnh Hóa", "name_en": "Thạnh Hóa water hyacinth handbag",
        "stars": 3, "score": 61, "decision": "2024-09", "gift": True,
        "description": "Túi xách đan lục bình lót vải bố, nhẹ và bền.",
        "description_en": "Woven water hyacinth handbag lined with canvas, light and sturdy.",
        "packs": [("Chiếc", "Each", 180000, 15, 450, None)],
    },
    # Revoked: the certificate was withdrawn after a failed follow-up inspection.
    {
        "code": "TN-OCOP-2022-0044", "producer": "huong-que", "category": "nong-san-kho", "group": "thuc-pham",
        "name": "Khô bò một nắng Hương Quê", "name_en": "Hương Quê sun-dried beef",
        "stars": 3, "score": 59, "decision": "2022", "revoked": True,
        "description": "Khô bò một nắng cắt miếng, ăn kèm muối ớt Tây Ninh.",
        "description_en": "Sun-dried-once beef strips, eaten with Tây Ninh chili salt.",
        "packs": [("Túi 500g", "500 g bag", 250000, 8, 500, None)],
    },
    {
        "code": "TN-OCOP-2025-0035", "producer": "hong-minh", "category": "banh-trang", "group": "thuc-pham",
        "name": "Bánh tráng nướng mè Hồng Minh", "name_en": "Hồng Minh grilled sesame rice crackers",
        "stars": 3, "score": 68, "decision": "2025-02",
        "description": "Bánh tráng mè nướng sẵn, giòn rụm, ăn kèm gỏi hay bẻ chấm.",
        "description_en": "Ready-grilled sesame rice crackers, crisp, for salads or dipping.",
        "packs": [("Xấp 10 bánh", "Stack of 10", 35000, 55, 350, None)],
    },
]

CURATED = {spec["code"]: spec for spec in PRODUCTS}  # registry code → curated product

DEMO_PASSWORDS = {"admin@example.com": "admin", "customer@example.com": "customer"}
STAFF_GROUP = "Catalog managers"
CATALOG_PERMISSIONS = ["product.manage_products", "product.manage_product_types_and_attributes", "page.manage_pages"]
SYNC_APP = {"identifier": "catalog-sync", "name": "catalog-sync", "about": "Nhập sản phẩm OCOP từ sổ đăng ký tỉnh (catalog_sync)."}
