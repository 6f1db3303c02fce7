"""Small inline SVG charts for the HTML report, drawn from the data: no library, no script, no network."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from coach.domain.chart_scale import nice_ticks  # noqa: F401  (re-exported for the report)

WIDTH, HEIGHT = 720, 230
LEFT, RIGHT, TOP, BOTTOM = 44, 92, 14, 30

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


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Frame:
    def __init__(self, start: date, end: date, y_max: float) -> None:
        self.start, self.end = start, max(end, start + timedelta(days=1))
        self.y_max = y_max or 1.0
        self.w = WIDTH - LEFT - RIGHT
        self.h = HEIGHT - TOP - BOTTOM

    def x(self, day: date) -> float:
        span = (self.end - self.start).days
        return LEFT + self.w * (day - self.start).days / span

    def y(self, value: float) -> float:
        return TOP + self.h * (1 - value / self.y_max)


def _polyline(frame: _Frame, line: Line) -> list[str]:
    parts: list[str] = []
    runs: list[list[tuple[float, float]]] = [[]]
    for day, value in line.points:
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((frame.x(day), frame.y(value)))
    for run in runs:
        if not run:
            continue
        if line.step:
            coords = [run[0]]
            for x, y in run[1:]:
                coords += [(x, coords[-1][1]), (x, y)]
            coords.append((LEFT + frame.w, coords[-1][1]))
            run = coords
        if len(run) > 1:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(f'<polyline class="{line.css_class}" points="{pts}" />')
        if line.dots or len(run) == 1:
            parts += [f'<circle class="{line.css_class} dot" cx="{x:.1f}" cy="{y:.1f}" r="2.6" />' for x, y in run]
    return parts


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
) -> str:
    """An accessible SVG line chart (title and description for screen readers) over [start, end]."""
    frame = _Frame(start, end, y_max)
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    if bands:
        for low, high, label, css in BANDS:
            y_top, y_bottom = frame.y(high), frame.y(low)
            out.append(
                f'<rect class="{css}" x="{LEFT}" y="{y_top:.1f}" width="{frame.w}" height="{y_bottom - y_top:.1f}" />'
            )
            out.append(
                f'<text class="band-label" x="{LEFT + frame.w + 6}" y="{(y_top + y_bottom) / 2 + 4:.1f}">{label}</text>'
            )
    for tick in y_ticks:
        y = frame.y(tick)
        out.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + frame.w}" y1="{y:.1f}" y2="{y:.1f}" />')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(tick)}{unit}</text>')
    span = (frame.end - frame.start).days
    for fraction in (0, 0.5, 1):
        day = frame.start + timedelta(days=round(span * fraction))
        anchor = {0: "start", 0.5: "middle", 1: "end"}[fraction]
        out.append(
            f'<text class="tick" x="{frame.x(day):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">'
            f"{day.strftime('%-d %b %Y')}</text>"
        )
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + frame.h}" />')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + frame.w}" y1="{TOP + frame.h}" y2="{TOP + frame.h}" />')
    for line in lines:
        out += _polyline(frame, line)
    out.append("</svg>")
    return "\n".join(out)


def legend(lines: Sequence[Line]) -> str:
    items = "".join(
        f'<span class="key"><svg width="22" height="10" aria-hidden="true"><line class="{line.css_class}" '
        f'x1="1" x2="21" y1="5" y2="5" /></svg>{escape(line.label)}</span>'
        for line in lines
    )
    return f'<p class="legend">{items}</p>'
