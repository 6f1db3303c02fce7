"""Small inline SVG charts for the HTML report, drawn from the data: no library, no script, no network.

Each chart is drawn twice, wide (for screens and paper) and narrow (for a phone), and CSS shows one, so
axis labels stay readable at 390 px instead of shrinking with a wide drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from coach.domain.chart_scale import nice_ticks  # noqa: F401  (re-exported for the report)

HEIGHT = 230
BOTTOM = 30


@dataclass(frozen=True)
class Size:
    width: int
    left: int
    right: int
    font: int
    x_labels: int  # how many dates along the bottom
    top: int  # room above the plot for marker labels


WIDE = Size(720, 44, 92, 12, 3, 18)
NARROW = Size(400, 34, 98, 15, 2, 22)  # room on the right for "intolerable" at 15 px

# Tolerability bands (0–3 intolerable, 4–6 tolerable, 7–10 livable); edges sit halfway between the scores.
BANDS = (
    (0.0, 3.5, "intolerable", "band-intolerable"),
    (3.5, 6.5, "tolerable", "band-tolerable"),
    (6.5, 10.0, "livable", "band-livable"),
)


@dataclass(frozen=True)
class Line:
    label: str
    points: Sequence[tuple[date, float | None]]
    css_class: str
    dots: bool = False
    step: bool = False  # a step line: each value holds until the next point
    max_gap: int | None = None  # points further apart than this many days are not joined (a gap in the data)
    until: date | None = None  # a step line's last value holds until this day (default: the right edge)
    dashed: bool = False


@dataclass(frozen=True)
class Marker:
    """A vertical line at a day, e.g. a taper step or today, with a short label at the top."""

    day: date
    label: str
    css_class: str = "marker"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Frame:
    def __init__(self, start: date, end: date, y_max: float, size: Size) -> None:
        self.start, self.end = start, max(end, start + timedelta(days=1))
        self.y_max = y_max or 1.0
        self.size = size
        self.left = size.left
        self.w = size.width - size.left - size.right
        self.top = size.top
        self.h = HEIGHT - self.top - BOTTOM

    def x(self, day: date) -> float:
        span = (self.end - self.start).days
        return self.left + self.w * (day - self.start).days / span

    def y(self, value: float) -> float:
        return self.top + self.h * (1 - value / self.y_max)


def _runs(line: Line) -> list[list[tuple[date, float]]]:
    runs: list[list[tuple[date, float]]] = [[]]
    previous: date | None = None
    for day, value in line.points:
        gap = line.max_gap is not None and previous is not None and (day - previous).days > line.max_gap
        if (value is None or gap) and runs[-1]:
            runs.append([])
        if value is not None:
            runs[-1].append((day, value))
            previous = day
    return [run for run in runs if run]


def _polyline(frame: _Frame, line: Line) -> list[str]:
    parts: list[str] = []
    dash = ' stroke-dasharray="6 4"' if line.dashed else ""
    for run in _runs(line):
        coords = [(frame.x(d), frame.y(v)) for d, v in run]
        if line.step:
            stepped = [coords[0]]
            for x, y in coords[1:]:
                stepped += [(x, stepped[-1][1]), (x, y)]
            right = frame.x(min(line.until, frame.end)) if line.until else frame.left + frame.w
            stepped.append((right, stepped[-1][1]))
            pts = stepped
        else:
            pts = coords
        if len(pts) > 1:
            text = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            parts.append(f'<polyline class="{line.css_class}" points="{text}"{dash} />')
        if line.dots or len(coords) == 1:
            parts += [f'<circle class="{line.css_class} dot" cx="{x:.1f}" cy="{y:.1f}" r="2.8" />' for x, y in coords]
    return parts


def _frame_parts(frame: _Frame, title: str, y_ticks: Sequence[float], unit: str, bands: bool) -> list[str]:
    size = frame.size
    out = [
        f'<svg class="chart" viewBox="0 0 {size.width} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" style="font-size:{size.font}px">',
        f"<title>{escape(title)}</title>",
    ]
    if bands:
        for low, high, label, css in BANDS:
            y_top, y_bottom = frame.y(high), frame.y(low)
            out.append(
                f'<rect class="{css}" x="{frame.left}" y="{y_top:.1f}" width="{frame.w}" height="{y_bottom - y_top:.1f}" />'
            )
            out.append(
                f'<text class="band-label" x="{frame.left + frame.w + 5}" y="{(y_top + y_bottom) / 2 + 4:.1f}">{label}</text>'
            )
    for tick in y_ticks:
        y = frame.y(tick)
        out.append(f'<line class="grid" x1="{frame.left}" x2="{frame.left + frame.w}" y1="{y:.1f}" y2="{y:.1f}" />')
        out.append(
            f'<text class="tick" x="{frame.left - 5}" y="{y + 4:.1f}" text-anchor="end">{_fmt(tick)}{unit}</text>'
        )
    span = (frame.end - frame.start).days
    count = size.x_labels
    for i in range(count):
        fraction = i / (count - 1)
        day = frame.start + timedelta(days=round(span * fraction))
        anchor = "start" if i == 0 else "end" if i == count - 1 else "middle"
        out.append(
            f'<text class="tick" x="{frame.x(day):.1f}" y="{HEIGHT - 9}" text-anchor="{anchor}">'
            f"{day.day} {day:%b %Y}</text>"
        )
    out.append(f'<line class="axis" x1="{frame.left}" x2="{frame.left}" y1="{frame.top}" y2="{frame.top + frame.h}" />')
    out.append(
        f'<line class="axis" x1="{frame.left}" x2="{frame.left + frame.w}" y1="{frame.top + frame.h}" y2="{frame.top + frame.h}" />'
    )
    return out


def _markers(frame: _Frame, markers: Sequence[Marker]) -> list[str]:
    """Vertical lines with their labels; a label that would run into the one before it is left off (the line
    stays), so steps close together do not pile their words on top of each other."""
    out: list[str] = []
    free_from = float("-inf")  # where the last label ended
    for m in markers:
        if not frame.start <= m.day <= frame.end:
            continue
        x = frame.x(m.day)
        anchor = "end" if x > frame.left + frame.w * 0.85 else "start"
        dx = -3 if anchor == "end" else 3
        width = len(m.label) * frame.size.font * 0.6
        left = x + dx - (width if anchor == "end" else 0)
        out.append(
            f'<line class="{m.css_class}" x1="{x:.1f}" x2="{x:.1f}" y1="{frame.top}" y2="{frame.top + frame.h}" />'
        )
        if left < free_from and "today" not in m.css_class:
            continue
        free_from = left + width + 4
        out.append(
            f'<text class="marker-label" x="{x + dx:.1f}" y="{frame.top - 5}" text-anchor="{anchor}">{escape(m.label)}</text>'
        )
    return out


def _both(draw) -> str:  # noqa: ANN001 - a function of Size returning one SVG
    return f'<div class="chart-wide">{draw(WIDE)}</div><div class="chart-narrow">{draw(NARROW)}</div>'


def line_chart(
    title: str,
    lines: Sequence[Line],
    start: date,
    end: date,
    *,
    y_max: float = 10.0,
    bands: bool = False,
    y_ticks: Sequence[float] = (0, 2, 4, 6, 8, 10),
    unit: str = "",
    markers: Sequence[Marker] = (),
) -> str:
    """An accessible SVG line chart (title for screen readers) over [start, end], wide and narrow."""

    def draw(size: Size) -> str:
        frame = _Frame(start, end, y_max, size)
        out = _frame_parts(frame, title, y_ticks, unit, bands) + _markers(frame, markers)
        for line in lines:
            out += _polyline(frame, line)
        return "\n".join(out + ["</svg>"])

    return _both(draw)


def bar_chart(
    title: str,
    bars: Sequence[tuple[date, float]],
    start: date,
    end: date,
    *,
    bar_days: int,
    y_max: float,
    y_ticks: Sequence[float],
    css_class: str,
    markers: Sequence[Marker] = (),
) -> str:
    """Bars, each covering `bar_days` from its day, with optional markers."""

    def draw(size: Size) -> str:
        frame = _Frame(start, end, y_max, size)
        out = _frame_parts(frame, title, y_ticks, "", False)
        for day, value in bars:
            if value <= 0:
                continue
            x0 = frame.x(max(day, frame.start))  # a Monday week may begin before the period
            x1 = frame.x(min(day + timedelta(days=bar_days), frame.end))
            y = frame.y(value)
            out.append(
                f'<rect class="{css_class}" x="{x0 + 0.5:.1f}" y="{y:.1f}" width="{max(1.0, x1 - x0 - 1):.1f}" '
                f'height="{frame.top + frame.h - y:.1f}" />'
            )
        out += _markers(frame, markers)
        return "\n".join(out + ["</svg>"])

    return _both(draw)


def legend(lines: Sequence[Line], extra: Sequence[tuple[str, str]] = ()) -> str:
    """A key for the lines (and for markers: (css class, label) pairs)."""
    dash = ' stroke-dasharray="6 4"'
    items = [
        f'<span class="key"><svg width="22" height="10" aria-hidden="true"><line class="{line.css_class}" '
        f'x1="1" x2="21" y1="5" y2="5"{dash if line.dashed else ""} /></svg>'
        f"{escape(line.label)}</span>"
        for line in lines
    ]
    items += [
        f'<span class="key"><svg width="10" height="14" aria-hidden="true"><line class="{css}" x1="5" x2="5" '
        f'y1="0" y2="14" /></svg>{escape(label)}</span>'
        for css, label in extra
    ]
    return f'<p class="legend">{"".join(items)}</p>'
