"""Small server-side SVG charts: vertical bars (grouped or stacked), horizontal bars and lines.

The charts are plain SVG written into the page: they need no JavaScript, scale with the page width
(`viewBox`), and are accessible: the `<svg>` has role="img" and aria-labelledby pointing at its own
`<title>` and `<desc>`; every bar or point carries a `<title>` with its exact figure (a tooltip for the
mouse), and the page puts the same figures in a data table next to each chart. Numbers on the axes
are written the Romanian way (1.234.567 and 3,5).
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Colours that stay apart for the common kinds of colour blindness (Okabe–Ito, darkened for white).
PALETTE = ["#0b5cad", "#d55e00", "#009e73", "#cc79a7", "#8a5300", "#56b4e9", "#6a3d9a", "#b3261e", "#505a64",
           "#1d6b35"]
INK = "#1b1f24"
MUTED = "#505a64"
GRID = "#d8dee4"
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"'
CHAR_W = 6.3  # average width of a character at 12px, to lay out legends and labels without a browser


def ro_number(value, decimals=0) -> str:
    """1234567.891 → "1.234.567,9" (with decimals=1); None → "—"."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def nice_max(value: float, ticks: int = 5, *, whole: bool = False) -> tuple[float, float]:
    """A round top for the axis and its step (1, 2, 2.5 or 5 × 10^k) so that about `ticks` lines fit.
    `whole`: the chart counts things (requests, pages), so every step is a whole number (no "2,5 cereri")."""
    if value <= 0:
        return (1.0, 1.0) if whole else (1.0, 0.2 if ticks >= 5 else 0.5)
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        step = m * power
        if whole and not float(step).is_integer():
            continue
        if step * ticks >= value:
            break
    if whole:
        step = max(step, 1.0)
    top = step * math.ceil(value / step)
    return top, step


@dataclass
class Series:
    name: str
    values: list  # one number (or None) per category


def _colour(i):
    return PALETTE[i % len(PALETTE)]


def _fmt(value, decimals, unit):
    return f"{ro_number(value, decimals)}{unit}"


def _svg_open(chart_id, width, height, title, desc):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT} font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _legend(series, width, x0=8, y0=8):
    """Legend items laid out left to right, wrapping; returns (svg parts, height used)."""
    parts, x, y = ['<g class="legend" aria-hidden="true">'], x0, y0
    for i, s in enumerate(series):
        w = 16 + len(s.name) * CHAR_W + 14
        if x + w > width - 8 and x > x0:
            x, y = x0, y + 18
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{_colour(i)}"/>'
                     f'<text x="{x + 16:.1f}" y="{y + 10}" fill="{INK}">{escape(s.name)}</text>')
        x += w
    parts.append("</g>")
    return parts, y + 18 - y0 + 8


def _truncate(text, chars):
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def column_chart(chart_id, *, title, desc, categories, series, stacked=False, decimals=0, unit="",
                 width=760, height=300, y_max=None):
    """Vertical bars per category (e.g. month): one bar per series side by side, or stacked."""
    legend, legend_h = _legend(series, width) if len(series) > 1 else ([], 0)
    left, right, top, bottom = 64, 12, 12 + legend_h, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    if stacked:
        peak = max((sum(v or 0 for v in col) for col in zip(*(s.values for s in series), strict=True)), default=0)
    else:
        peak = max((v or 0 for s in series for v in s.values), default=0)
    top_value, step = (y_max, y_max / 4) if y_max else nice_max(peak, whole=decimals == 0)
    parts = _svg_open(chart_id, width, height, title, desc) + legend
    parts += _y_axis(left, top, plot_w, plot_h, top_value, step, decimals if y_max else _step_decimals(step), unit)
    n = max(len(categories), 1)
    band = plot_w / n
    bar_w = band * 0.7 if stacked else band * 0.8 / max(len(series), 1)
    for c, label in enumerate(categories):
        x_band = left + c * band
        base = 0.0
        for i, s in enumerate(series):
            value = s.values[c] or 0
            h = plot_h * value / top_value if top_value else 0
            if stacked:
                x, y = x_band + (band - bar_w) / 2, top + plot_h - plot_h * base / top_value - h
                base += value
            else:
                x, y = x_band + band * 0.1 + i * bar_w, top + plot_h - h
            if value:
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{_colour(i)}">'
                             f'<title>{escape(label)} – {escape(s.name)}: {_fmt(value, decimals, unit)}</title></rect>')
        parts.append(f'<text x="{x_band + band / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                     f'fill="{INK}" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(chart_id, *, title, desc, categories, series, decimals=0, unit="", width=760, height=280,
               y_max=None):
    """One line per series over the categories; a missing value (None) breaks the line."""
    legend, legend_h = _legend(series, width)
    left, right, top, bottom = 64, 12, 12 + legend_h, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v or 0 for s in series for v in s.values), default=0)
    top_value, step = (y_max, y_max / 4) if y_max else nice_max(peak, whole=decimals == 0)
    parts = _svg_open(chart_id, width, height, title, desc) + legend
    parts += _y_axis(left, top, plot_w, plot_h, top_value, step, decimals if y_max else _step_decimals(step), unit)
    n = max(len(categories), 1)
    band = plot_w / n
    for c, label in enumerate(categories):
        parts.append(f'<text x="{left + band * (c + 0.5):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                     f'fill="{INK}" font-size="11">{escape(label)}</text>')
    for i, s in enumerate(series):
        points = [(left + band * (c + 0.5), top + plot_h - (plot_h * v / top_value if v and top_value else 0), v)
                  for c, v in enumerate(s.values)]
        run = []
        for x, y, v in [*points, (0, 0, None)]:
            if v is None:
                if len(run) > 1:
                    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                    parts.append(f'<polyline points="{path}" fill="none" stroke="{_colour(i)}" stroke-width="2.5"/>')
                run = []
            else:
                run.append((x, y))
        for c, (x, y, v) in enumerate(points):
            if v is not None:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{_colour(i)}">'
                             f'<title>{escape(categories[c])} – {escape(s.name)}: {_fmt(v, decimals, unit)}</title>'
                             "</circle>")
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(chart_id, *, title, desc, labels, series, decimals=0, unit="", width=760, x_max=None,
              label_chars=34):
    """Horizontal bars, one row per label (a service, a department, a status), one bar per series."""
    legend, legend_h = _legend(series, width) if len(series) > 1 else ([], 0)
    label_w = min(label_chars, max((len(t) for t in labels), default=4)) * CHAR_W + 12
    left, right, top, bottom = label_w, 64, 8 + legend_h, 30
    bar_h, gap = 14, 10
    row_h = bar_h * len(series) + gap
    plot_w = width - left - right
    plot_h = row_h * max(len(labels), 1)
    height = top + plot_h + bottom
    peak = max((v or 0 for s in series for v in s.values), default=0)
    top_value, step = (x_max, x_max / 4) if x_max else nice_max(peak, ticks=4, whole=decimals == 0)
    step_decimals = decimals if x_max else _step_decimals(step)
    parts = _svg_open(chart_id, width, height, title, desc) + legend
    # Vertical grid lines and their labels under the plot.
    k = 0
    while k * step <= top_value + 1e-9:
        x = left + plot_w * (k * step) / top_value
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{GRID}"/>'
                     f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="{MUTED}" font-size="11">'
                     f"{_fmt(k * step, step_decimals, unit)}</text>")
        k += 1
    for r, label in enumerate(labels):
        y_row = top + r * row_h + gap / 2
        parts.append(f'<text x="{left - 8:.1f}" y="{y_row + row_h / 2 - gap / 2 + 4:.1f}" text-anchor="end" '
                     f'fill="{INK}"><title>{escape(label)}</title>{escape(_truncate(label, label_chars))}</text>')
        for i, s in enumerate(series):
            value = s.values[r]
            y = y_row + i * bar_h
            w = plot_w * (value or 0) / top_value if top_value else 0
            parts.append(f'<rect x="{left}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}" fill="{_colour(i)}">'
                         f'<title>{escape(label)} – {escape(s.name)}: {_fmt(value, decimals, unit)}</title></rect>'
                         f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4:.1f}" fill="{INK}" font-size="11">'
                         f"{_fmt(value, decimals, unit)}</text>")
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{INK}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _step_decimals(step):
    return 0 if float(step).is_integer() else (1 if float(step * 10).is_integer() else 2)


def _y_axis(left, top, plot_w, plot_h, top_value, step, decimals, unit):
    parts, k = [], 0
    while k * step <= top_value + 1e-9:
        y = top + plot_h - plot_h * (k * step) / top_value
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}" font-size="11">'
                     f"{_fmt(k * step, decimals, unit)}</text>")
        k += 1
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{INK}"/>')
    return parts
