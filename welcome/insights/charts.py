"""Charts as SVG drawn on the server: readable without JavaScript, one data table beside each.

Every chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` it is labelled by; the numbers
themselves are in the table next to it. Coordinates are written by ``svg_number`` — plain Python
formatting, never the active locale — so ``x="12.5"`` stays a number in German, French, Spanish,
Turkish and Arabic alike (a decimal comma in an attribute breaks the drawing). Texts inside the
drawing come in already formatted for the reader. Right-to-left languages get the mirror image.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
LABEL_WIDTH = 250
FONT = 13
INK, MUTED, GRID = "#1a1a1a", "#4d4d4d", "#c8c8c8"
SERIES_COLOURS = ("#08519c", "#4a90c8", "#c6dbef")
SPLIT_COLOURS = ("#08519c", "#e6a100", "#bdbdbd")


def svg_number(value: float) -> str:
    """A coordinate as SVG reads it: a dot for decimals, whatever the language."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_n = svg_number  # short, inside the long f-strings below


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[float | None, ...]  # one per series; None: nothing to draw
    texts: tuple[str, ...] = ()  # the values as the reader reads them
    note: str = ""  # instead of bars, e.g. "fewer than 5"


class _Canvas:
    def __init__(self, ident: str, title: str, description: str, height: float, rtl: bool):
        self.ident, self.rtl, self.height = ident, rtl, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" '
            f'direction="{"rtl" if rtl else "ltr"}" font-size="{FONT}" '
            f'aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{escape(title)}</title>'
            f'<desc id="{ident}-desc">{escape(description)}</desc>'
        ]

    def x(self, x: float) -> float:
        return WIDTH - x if self.rtl else x

    def rect(self, x: float, y: float, width: float, height: float, fill: str) -> None:
        left = WIDTH - x - width if self.rtl else x
        self.parts.append(
            f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(max(width, 0))}" height="{_n(height)}" '
            f'fill="{fill}" stroke="{INK}" stroke-width="1"/>'
        )

    def line(self, x1, y1, x2, y2, colour=GRID, width=1.0, dashes=()) -> None:
        dash = f' stroke-dasharray="{" ".join(_n(d) for d in dashes)}"' if dashes else ""
        self.parts.append(
            f'<line x1="{_n(self.x(x1))}" y1="{_n(y1)}" x2="{_n(self.x(x2))}" y2="{_n(y2)}" '
            f'stroke="{colour}" stroke-width="{_n(width)}"{dash}/>'
        )

    def dot(self, x: float, y: float, colour: str) -> None:
        self.parts.append(
            f'<circle cx="{_n(self.x(x))}" cy="{_n(y)}" r="4" fill="{colour}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )

    def text(self, x: float, y: float, text: str, anchor: str = "start", colour=INK) -> None:
        """``anchor`` start/end in reading direction: "end" before ``x``, "start" after it."""
        self.parts.append(
            f'<text x="{_n(self.x(x))}" y="{_n(y)}" text-anchor="{anchor}" fill="{colour}">'
            f"{escape(text)}</text>"
        )

    def label(self, x: float, y: float, text: str, width_chars: int = 34) -> None:
        """A label ending at ``x``, wrapped onto two lines when long."""
        lines = _wrap(text, width_chars)
        first = y - (len(lines) - 1) * (FONT + 2) / 2
        for index, line in enumerate(lines):
            self.text(x, first + index * (FONT + 2), line, "end")

    def svg(self) -> SafeString:
        return mark_safe("".join(self.parts) + "</svg>")  # noqa: S308 — every text escaped


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    cut = text.rfind(" ", 0, width + 1)
    cut = cut if cut > 0 else width
    rest = text[cut:].strip()
    return [text[:cut].strip(), rest if len(rest) <= width else rest[: width - 1] + "…"]


def _nice_max(value: float, ticks: int = 4) -> float:
    """The top of a scale of ``ticks`` equal, round steps."""
    if value <= 0:
        return float(ticks)
    wanted = value / ticks
    power = 10 ** math.floor(math.log10(wanted))
    step = next(s * power for s in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if wanted <= s * power)
    return step * ticks


def _legend(canvas: _Canvas, y: float, names: Sequence[str], colours: Sequence[str]) -> None:
    x = LABEL_WIDTH + 10
    for name, colour in zip(names, colours, strict=False):
        canvas.rect(x, y - 10, 12, 12, colour)
        canvas.text(x + 18, y, name)
        x += 30 + 7.5 * len(name)


def bar_chart(
    ident: str,
    *,
    title: str,
    description: str,
    rows: Sequence[Row],
    series: Sequence[str],
    number: Callable[[float], str],
    rtl: bool = False,
    colours: Sequence[str] = SERIES_COLOURS,
) -> SafeString:
    """Horizontal bars, one group per row and one bar per series, with a scale above."""
    bar, gap, top = 14.0, 14.0, 58.0
    group = bar * len(series) + gap
    height = top + group * max(len(rows), 1) + 10
    canvas = _Canvas(ident, title, description, height, rtl)
    if len(series) > 1:
        _legend(canvas, 18, series, colours)
    left, right = LABEL_WIDTH + 10, WIDTH - 70
    biggest = max((v for row in rows for v in row.values if v is not None), default=0)
    scale_max = _nice_max(biggest)
    for tick in range(5):
        value = scale_max * tick / 4
        x = left + (right - left) * tick / 4
        canvas.line(x, top - 8, x, height - 10)
        canvas.text(x, top - 14, number(value), "middle", MUTED)
    for index, row in enumerate(rows):
        y = top + index * group
        canvas.label(LABEL_WIDTH, y + bar * len(series) / 2 + 4, row.label)
        if row.note:
            canvas.text(left + 4, y + bar * len(series) / 2 + 4, row.note, colour=MUTED)
            continue
        for position, value in enumerate(row.values):
            if value is None:
                continue
            width = (right - left) * value / scale_max
            top_of_bar = y + position * bar
            canvas.rect(left, top_of_bar, width, bar - 2, colours[position % len(colours)])
            text = row.texts[position] if position < len(row.texts) else number(value)
            canvas.text(left + width + 4, top_of_bar + bar - 4, text)
    return canvas.svg()


def line_chart(
    ident: str,
    *,
    title: str,
    description: str,
    points: Sequence[Row],
    series: Sequence[str],
    number: Callable[[float], str],
    rtl: bool = False,
    colours: Sequence[str] = SERIES_COLOURS,
) -> SafeString:
    """A line per series over the points (months), broken where a value is missing."""
    height, top, bottom, left, right = 300.0, 40.0, 250.0, 60.0, WIDTH - 45.0
    canvas = _Canvas(ident, title, description, height, rtl)
    _legend(canvas, 18, series, colours)
    biggest = max((v for p in points for v in p.values if v is not None), default=0)
    scale_max = _nice_max(biggest)
    for tick in range(5):
        value = scale_max * tick / 4
        y = bottom - (bottom - top) * tick / 4
        canvas.line(left, y, right, y)
        canvas.text(left - 6, y + 4, number(value), "end", MUTED)
    count = len(points)
    step = (right - left) / max(count - 1, 1)
    every = max(1, math.ceil(count / 12))

    def x_of(index: int) -> float:
        return left + step * index if count > 1 else (left + right) / 2

    for index, point in enumerate(points):
        if index % every == 0:
            canvas.text(x_of(index), bottom + 20, point.label, "middle", MUTED)
    for position in range(len(series)):
        colour = colours[position % len(colours)]
        previous = None
        for index, point in enumerate(points):
            value = point.values[position] if position < len(point.values) else None
            if value is None:
                previous = None
                continue
            y = bottom - (bottom - top) * value / scale_max
            if previous is not None:
                dashes = (7, 4) if position % 2 else ()  # not told apart by colour alone
                canvas.line(x_of(previous[0]), previous[1], x_of(index), y, colour, 2.5, dashes)
            canvas.dot(x_of(index), y, colour)
            previous = (index, y)
    canvas.line(left, bottom, right, bottom, INK)
    return canvas.svg()


def share_bar(
    ident: str,
    *,
    title: str,
    description: str,
    parts: Sequence[Row],
    rtl: bool = False,
    colours: Sequence[str] = SPLIT_COLOURS,
) -> SafeString:
    """One bar split into shares (0–1), with a legend naming each part and its share."""
    height, left, right, y = 60.0 + 24 * len(parts), 10.0, WIDTH - 10.0, 10.0
    canvas = _Canvas(ident, title, description, height, rtl)
    x = left
    for index, part in enumerate(parts):
        share = part.values[0] if part.values else None
        if not share:
            continue
        width = (right - left) * share
        canvas.rect(x, y, width, 28, colours[index % len(colours)])
        x += width
    for index, part in enumerate(parts):
        row_y = y + 52 + index * 24
        canvas.rect(left, row_y - 11, 12, 12, colours[index % len(colours)])
        text = part.note or (part.texts[0] if part.texts else "")
        canvas.text(left + 18, row_y, f"{part.label}: {text}")
    return canvas.svg()
