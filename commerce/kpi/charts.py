"""Charts drawn on the server as SVG: no JavaScript, readable by screen readers (<title> and
<desc> named by aria-labelledby, every figure also written as text), printable as they are.

Two shapes are enough for the KPI pages: a line chart over months with a dashed target line,
and a horizontal bar chart (long Vietnamese labels read better on the left than slanted under
columns), optionally with a target mark."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Callable, Sequence

FONT = "'Be Vietnam Pro', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
PALETTE = ("#1f5f99", "#2e8b57", "#c77700", "#8e44ad", "#b03a2e", "#566573")
TARGET_COLOUR = "#b03a2e"
AXIS_COLOUR = "#555"
GRID_COLOUR = "#ddd"


@dataclass
class Series:
    name: str
    values: Sequence[float]
    colour: str | None = None
    bold: bool = False


def _attr(text) -> str:
    return escape(str(text), quote=True)


def _nice_max(value: float) -> float:
    """A round upper bound for an axis (1, 2, 2.5, 5 × 10^n) at or above value."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        bound = step * 10**exponent
        if bound >= value:
            return bound
    return 10 ** (exponent + 1)


def _ticks(top: float, count: int = 5) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def _number(value: float) -> str:
    """1.234,5 — Vietnamese grouping; whole numbers without decimals."""
    if abs(value - round(value)) < 1e-9:
        return f"{int(round(value)):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.1f}".partition(".")
    return f"{whole.replace(',', '.')},{fraction}"


def _open(uid: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{uid}-title {uid}-desc" font-family="{_attr(FONT)}" font-size="12">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<text x="12" y="22" font-size="15" font-weight="600" fill="#222">{escape(title)}</text>',
    ]


def line_chart(
    uid: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    target: float | None = None,
    target_label: str = "",
    width: int = 860,
    height: int = 360,
    format_value: Callable[[float], str] = _number,
) -> str:
    """Values per label (month) as lines with a point each; `target` as a dashed level line."""
    left, right, top, bottom = 56, 190, 44, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for s in series for v in s.values] + [target or 0, 1])
    y_max = _nice_max(peak * 1.08)
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / y_max

    out = _open(uid, width, height, title, desc)
    out.append('<g class="grid" stroke-width="1">')
    for tick in _ticks(y_max):
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID_COLOUR}"/>')
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{AXIS_COLOUR}">{format_value(tick)}</text>')
    out.append("</g>")
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="{AXIS_COLOUR}"/>')
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{AXIS_COLOUR}"/>')
    # As many month labels as fit without touching, always the last one (the as-of month).
    step = max(1, math.ceil(n / max(1, plot_w // 72)))
    for i, label in enumerate(labels):
        if i % step == 0 or i == n - 1:
            if i != n - 1 and (n - 1 - i) < step:
                continue
            out.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="{AXIS_COLOUR}">{escape(label)}</text>')
    if target is not None:
        ty = y(target)
        out.append(
            f'<g class="target"><line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{left + plot_w - 4}" y="{ty - 6:.1f}" text-anchor="end" fill="{TARGET_COLOUR}" font-weight="600">'
            f"{escape(target_label)}</text></g>"
        )
    for index, s in enumerate(series):
        colour = s.colour or PALETTE[index % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        stroke = 3 if s.bold else 2
        out.append(f'<g class="series" aria-label="{_attr(s.name)}">')
        if len(s.values) > 1:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="{stroke}" points="{points}"/>')
        for i, v in enumerate(s.values):
            label = labels[i] if i < len(labels) else ""
            out.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{3 if s.bold else 2.5}" fill="{colour}">'
                f"<title>{escape(s.name)} — {escape(label)}: {format_value(v)}</title></circle>"
            )
        if s.values and s.bold:  # the others' latest values are in the legend, where they cannot collide
            last = s.values[-1]
            out.append(
                f'<text x="{x(len(s.values) - 1) + 6:.1f}" y="{y(last) - 6:.1f}" fill="{colour}" font-weight="600">'
                f"{format_value(last)}</text>"
            )
        out.append("</g>")
    # Legend on the right with each series' latest value.
    lx = left + plot_w + 40
    for index, s in enumerate(series):
        colour = s.colour or PALETTE[index % len(PALETTE)]
        latest = f": {format_value(s.values[-1])}" if s.values else ""
        out.append(
            f'<g class="legend"><rect x="{lx}" y="{top + 24 * index}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 18}" y="{top + 24 * index + 10}" fill="#222">{escape(s.name)}{latest}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(
    uid: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    target: float | None = None,
    target_label: str = "",
    maximum: float | None = None,
    width: int = 860,
    format_value: Callable[[float], str] = _number,
    colour: str = PALETTE[0],
    label_width: int = 260,
) -> str:
    """Horizontal bars, one per label, with the value written at the end of each bar."""
    bar_h, gap, top, bottom = 22, 10, 44, 36
    left, right = label_width, 110
    plot_w = width - left - right
    rows = max(len(labels), 1)
    height = top + rows * (bar_h + gap) + bottom
    scale_max = maximum if maximum is not None else _nice_max(max(list(values) + [target or 0, 1]) * 1.05)

    def x(value: float) -> float:
        return left + plot_w * (value / scale_max if scale_max else 0)

    out = _open(uid, width, height, title, desc)
    plot_bottom = top + rows * (bar_h + gap)
    for tick in _ticks(scale_max, 4):
        out.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 4}" y2="{plot_bottom}" stroke="{GRID_COLOUR}"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{plot_bottom + 16}" text-anchor="middle" fill="{AXIS_COLOUR}">{format_value(tick)}</text>')
    if not labels:
        out.append(f'<text x="{left}" y="{top + 16}" fill="{AXIS_COLOUR}">—</text>')
    for i, (label, value) in enumerate(zip(labels, values)):
        by = top + i * (bar_h + gap)
        shown = label if len(label) <= 40 else label[:39] + "…"
        out.append(f'<g class="bar" aria-label="{_attr(label)}: {_attr(format_value(value))}">')
        out.append(
            f'<text x="{left - 8}" y="{by + bar_h / 2 + 4:.1f}" text-anchor="end" fill="#222">{escape(shown)}'
            f"<title>{escape(label)}</title></text>"
        )
        out.append(
            f'<rect x="{left}" y="{by}" width="{max(x(value) - left, 0):.1f}" height="{bar_h}" fill="{colour}">'
            f"<title>{escape(label)}: {format_value(value)}</title></rect>"
        )
        out.append(f'<text x="{x(value) + 6:.1f}" y="{by + bar_h / 2 + 4:.1f}" fill="#222">{format_value(value)}</text>')
        out.append("</g>")
    out.append(f'<line x1="{left}" x2="{left}" y1="{top - 4}" y2="{plot_bottom}" stroke="{AXIS_COLOUR}"/>')
    if target is not None:
        tx = x(target)
        out.append(
            f'<g class="target"><line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 8}" y2="{plot_bottom}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{tx + 4:.1f}" y="{top - 10}" fill="{TARGET_COLOUR}" font-weight="600">{escape(target_label)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)
