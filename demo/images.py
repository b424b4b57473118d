"""Product pictures drawn for the demo with Pillow — nothing is downloaded.

Each picture is a flat illustration: a background colour per OCOP product group, a motif per
category (a jar of chili salt, a stack of rice paper, a fruit, a bottle, a sack, a basket, a
tea cup), the OCOP stars and the product's Vietnamese name set in Be Vietnam Pro, the font that
ships with the project. Drawing is deterministic, so a reload produces the same bytes.
"""

from __future__ import annotations

import io
import math
import zlib
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 1024

# Product group → (background, darker accent, light accent).
GROUP_COLOURS = {
    "thuc-pham": ((246, 196, 83), (176, 74, 20), (255, 236, 190)),
    "do-uong": ((92, 158, 173), (24, 72, 92), (210, 236, 240)),
    "duoc-lieu": ((134, 178, 104), (46, 94, 40), (222, 240, 206)),
    "thu-cong-my-nghe": ((196, 150, 104), (96, 62, 30), (240, 224, 200)),
    "sinh-vat-canh": ((222, 130, 150), (120, 30, 60), (250, 220, 228)),
    "du-lich": ((120, 140, 210), (36, 48, 110), (220, 226, 250)),
}


@lru_cache(maxsize=None)
def font_path(weight: str = "Bold") -> Path:
    import fontpkg_be_vietnam_pro

    path = Path(fontpkg_be_vietnam_pro.ROOT) / "files" / f"BeVietnamPro-{weight}.ttf"
    if not path.exists():
        raise FileNotFoundError(f"Be Vietnam Pro {weight} not found at {path}")
    return path


@lru_cache(maxsize=None)
def font(size: int, weight: str = "Bold") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(weight)), size)


def _seed(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _shade(colour, amount: float):
    """Lighten (amount > 0) or darken (amount < 0) an RGB colour."""
    if amount >= 0:
        return tuple(round(c + (255 - c) * amount) for c in colour)
    return tuple(round(c * (1 + amount)) for c in colour)


def _wrap(draw: ImageDraw.ImageDraw, text: str, typeface, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=typeface) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _fit_text(draw, text: str, width: int, max_lines: int, sizes=(76, 68, 60, 52, 46, 40)):
    for size in sizes:
        typeface = font(size)
        lines = _wrap(draw, text, typeface, width)
        if len(lines) <= max_lines:
            return typeface, lines
    return typeface, lines[:max_lines]


def _star(draw, cx: float, cy: float, radius: float, fill, outline=None):
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=fill, outline=outline)


def _stars(draw, stars: int, cx: float, cy: float, radius: float, on, off):
    gap = radius * 2.3
    left = cx - gap * 2
    for i in range(5):
        _star(draw, left + i * gap, cy, radius, on if i < stars else off)


# --- Motifs, one per category: each draws inside the box (x0, y0, x1, y1) --------------------


def _motif_jar(draw, box, dark, light, rng):
    x0, y0, x1, y1 = box
    w = x1 - x0
    draw.rounded_rectangle((x0 + w * 0.2, y0 + 60, x1 - w * 0.2, y1), radius=50, fill=light, outline=dark, width=8)
    draw.rounded_rectangle((x0 + w * 0.25, y0, x1 - w * 0.25, y0 + 80), radius=16, fill=dark)
    # Chili peppers on the label.
    for i in range(3):
        cx = x0 + w * (0.36 + 0.14 * i)
        cy = y0 + (y1 - y0) * 0.62
        draw.ellipse((cx - 22, cy - 60, cx + 22, cy + 60), fill=(200, 30, 30))
        draw.rectangle((cx - 5, cy - 78, cx + 5, cy - 56), fill=(40, 120, 40))


def _motif_rice_paper(draw, box, dark, light, rng):
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    r = min(x1 - x0, y1 - y0) / 2
    for i in range(4):
        off = (3 - i) * 18
        draw.ellipse(
            (cx - r + off, cy - r * 0.55 + off, cx + r - off, cy + r * 0.55 - off + 40),
            fill=_shade(light, -0.04 * i),
            outline=dark,
            width=5,
        )
    for _ in range(60):  # sesame seeds
        a = rng_uniform(rng, 0, 2 * math.pi)
        d = rng_uniform(rng, 0, r * 0.8)
        sx, sy = cx + d * math.cos(a), cy + 30 + d * 0.45 * math.sin(a)
        draw.ellipse((sx - 5, sy - 3, sx + 5, sy + 3), fill=dark)


def _motif_fruit(draw, box, dark, light, rng):
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 + 30
    r = min(x1 - x0, y1 - y0) / 2.3
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(120, 170, 70), outline=dark, width=8)
    for i in range(-2, 3):  # segments, like a custard apple or a melon's net
        draw.arc(
            (cx - r * 0.9, cy - r * 0.9, cx + r * 0.9, cy + r * 0.9),
            200 + i * 30,
            340 + i * 30,
            fill=_shade((120, 170, 70), -0.35),
            width=6,
        )
    draw.ellipse((cx + r * 0.05, cy - r - 70, cx + r * 0.75, cy - r + 10), fill=(60, 130, 50))
    draw.rectangle((cx - 8, cy - r - 50, cx + 8, cy - r + 10), fill=dark)


def _motif_bottle(draw, box, dark, light, rng):
    x0, y0, x1, y1 = box
    cx = (x0 + x1) / 2
    h = y1 - y0
    draw.rectangle((cx - 36, y0, cx + 36, y0 + h * 0.28), fill=light, outline=dark, width=8)
    draw.rounded_rectangle((cx - 130, y0 + h * 0.25, cx + 130, y1), radius=60, fill=light, outline=dark, width=8)
    draw.rectangle((cx - 44, y0 - 20, cx + 44, y0 + 20), fill=dark)
    draw.rectangle((cx - 100, y0 + h * 0.55, cx + 100, y0 + h * 0.8), fill=dark)


def _motif_sack(draw, box, dark, light, rng):
    x0, y0, x1, y1 = box
    w = x1 - x0
    draw.polygon(
        [(x0 + w * 0.22, y0 + 60), (x1 - w * 0.22, y0 + 60), (x1 - w * 0.12, y1), (x0 + w * 0.12, y1)], fill=light, outline=dark, width=8
    )
    draw.ellipse((x0 + w * 0.2, y0, x1 - w * 0.2, y0 + 120), fill=_shade(light, -0.15), outline=dark, width=8)
    for _ in range(40):  # grains
        gx = rng_uniform(rng, x0 + w * 0.3, x1 - w * 0.3)
        gy = rng_uniform(rng, y0 + 20, y0 + 90)
        draw.ellipse((gx - 9, gy - 5, gx + 9, gy + 5), fill=(250, 250, 240), outline=dark)


def _motif_tea(draw, box, dark, light, rng):
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 + 40
    draw.pieslice((cx - 190, cy - 190, cx + 190, cy + 190), 0, 180, fill=light, outline=dark, width=8)
    draw.line((cx - 190, cy, cx + 190, cy), fill=dark, width=8)
    draw.arc((cx + 140, cy - 10, cx + 260, cy + 110), 270, 90, fill=dark, width=14)
    for i in range(3):  # steam
        sx = cx - 80 + i * 80
        draw.arc((sx - 30, cy - 200, sx + 30, cy - 100), 90, 270, fill=dark, width=8)
    draw.ellipse((cx - 40, cy - 300, cx + 110, cy - 220), fill=(70, 140, 60))  # leaf


def _motif_basket(draw, box, dark, light, rng):
    x0, y0, x1, y1 = box
    w = x1 - x0
    top, bottom = y0 + 120, y1
    draw.arc((x0 + w * 0.25, y0, x1 - w * 0.25, top + 140), 180, 360, fill=dark, width=18)
    draw.polygon(
        [(x0 + w * 0.15, top), (x1 - w * 0.15, top), (x1 - w * 0.25, bottom), (x0 + w * 0.25, bottom)], fill=light, outline=dark, width=8
    )
    for i in range(1, 6):  # weave
        y = top + (bottom - top) * i / 6
        draw.line((x0 + w * 0.18, y, x1 - w * 0.18, y), fill=dark, width=5)
    for i in range(1, 8):
        x = x0 + w * 0.2 + (w * 0.6) * i / 8
        draw.line((x, top, x + (w * 0.5 - (x - x0)) * 0.15, bottom), fill=_shade(dark, 0.3), width=4)


MOTIFS = {
    "muoi-gia-vi": _motif_jar,
    "banh-trang": _motif_rice_paper,
    "trai-cay": _motif_fruit,
    "do-uong": _motif_bottle,
    "nong-san-kho": _motif_sack,
    "duoc-lieu-tra": _motif_tea,
    "thu-cong-my-nghe": _motif_basket,
}


def rng_uniform(rng, a, b):
    return a + (b - a) * rng.random()


class _Rng:
    """A tiny deterministic generator, so that pictures do not depend on `random`'s state."""

    def __init__(self, seed: int):
        self.state = seed or 1

    def random(self) -> float:
        self.state = (1103515245 * self.state + 12345) & 0x7FFFFFFF
        return self.state / 0x7FFFFFFF


def _background(group: str, seed: int):
    base, dark, light = GROUP_COLOURS.get(group, GROUP_COLOURS["thuc-pham"])
    base = _shade(base, ((seed % 7) - 3) * 0.04)
    image = Image.new("RGB", (SIZE, SIZE), base)
    draw = ImageDraw.Draw(image)
    # A soft sun / Bà Đen mountain silhouette behind the motif.
    draw.ellipse((SIZE * 0.55, SIZE * 0.06, SIZE * 0.95, SIZE * 0.46), fill=_shade(base, 0.25))
    draw.polygon(
        [
            (0, SIZE * 0.62),
            (SIZE * 0.3, SIZE * 0.3),
            (SIZE * 0.52, SIZE * 0.5),
            (SIZE * 0.7, SIZE * 0.36),
            (SIZE, SIZE * 0.62),
            (SIZE, SIZE),
            (0, SIZE),
        ],
        fill=_shade(base, -0.1),
    )
    return image, draw, base, dark, light


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "WEBP":
        image.save(buffer, "WEBP", quality=82, method=0)  # the fastest method: ~4× quicker, a little larger
    else:
        image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def draw_packshot(*, name: str, group: str, category: str, stars: int, fmt: str = "WEBP") -> bytes:
    """The main picture: motif, stars and the product name."""
    seed = _seed(name)
    image, draw, base, dark, light = _background(group, seed)
    motif = MOTIFS.get(category, _motif_sack)
    motif(draw, (SIZE * 0.2, SIZE * 0.1, SIZE * 0.8, SIZE * 0.58), dark, light, _Rng(seed))
    draw.rounded_rectangle((40, SIZE * 0.64, SIZE - 40, SIZE - 40), radius=36, fill=(255, 255, 255))
    _stars(draw, stars, SIZE / 2, SIZE * 0.7, 30, (230, 170, 20), (215, 215, 215))
    typeface, lines = _fit_text(draw, name, SIZE - 140, 2, sizes=(68, 60, 52, 46, 40))
    line_height = typeface.size * 1.2
    top = SIZE * 0.745 + (2 - len(lines)) * line_height / 2
    for i, line in enumerate(lines):
        draw.text((SIZE / 2, top + i * line_height), line, font=typeface, fill=dark, anchor="mt")
    draw.text((SIZE / 2, SIZE - 54), "OCOP Tây Ninh", font=font(24, "Medium"), fill=_shade(dark, 0.3), anchor="md")
    return _encode(image, fmt)


def draw_label(*, name: str, group: str, producer: str, commune: str, stars: int, packs: list[str], fmt: str = "PNG") -> bytes:
    """A second picture: the product's label card with its producer and pack sizes."""
    seed = _seed(name + producer)
    base, dark, light = GROUP_COLOURS.get(group, GROUP_COLOURS["thuc-pham"])
    image = Image.new("RGB", (SIZE, SIZE), light)
    draw = ImageDraw.Draw(image)
    for i in range(0, SIZE, 64):  # a woven border
        colour = base if (i // 64 + seed) % 2 else dark
        for edge in ((i, 0, i + 64, 28), (i, SIZE - 28, i + 64, SIZE), (0, i, 28, i + 64), (SIZE - 28, i, SIZE, i + 64)):
            draw.rectangle(edge, fill=colour)
    _star(draw, SIZE / 2, 190, 120, base, outline=dark)
    draw.text((SIZE / 2, 205), f"{stars}", font=font(110, "ExtraBold"), fill=dark, anchor="mm")
    draw.text((SIZE / 2, 350), "SAO OCOP", font=font(40, "SemiBold"), fill=dark, anchor="mm")
    typeface, lines = _fit_text(draw, name, SIZE - 160, 3, sizes=(64, 56, 48, 42))
    y = 430
    for line in lines:
        draw.text((SIZE / 2, y), line, font=typeface, fill=dark, anchor="mt")
        y += typeface.size * 1.25
    y += 30
    for text, size, weight in ((producer, 38, "Medium"), (f"{commune}, Tây Ninh", 32, "Regular")):
        for line in _wrap(draw, text, font(size, weight), SIZE - 160):
            draw.text((SIZE / 2, y), line, font=font(size, weight), fill=_shade(dark, 0.2), anchor="mt")
            y += size * 1.3
    y = max(y + 30, SIZE - 200)
    draw.text((SIZE / 2, y), " · ".join(packs), font=font(34, "SemiBold"), fill=dark, anchor="mt")
    return _encode(image, fmt)
