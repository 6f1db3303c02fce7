"""The cohort page: per measure a small chart of the group's weekly median with its middle half, predicted
against actual peak pain, and the exact numbers below; one self-contained HTML file with inline SVG, no
scripts, no links out, readable on a phone and on paper."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.group.share import COHORT_ROWS, MIN_SHARES
from coach.report.html import shown_html

Cell = tuple[int, float, float, float] | None  # (people, median, lower quartile, upper quartile)

# The drawing's own units; the SVG scales to the page's width (at 390 px its text stays about 11 px).
WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 26, 10, 10, 30
MAX_WEEK_LABELS = 7


def _x(week: int, weeks: Sequence[int]) -> float:
    if len(weeks) == 1:
        return LEFT + (WIDTH - LEFT - RIGHT) / 2
    span = weeks[-1] - weeks[0]
    return LEFT + (week - weeks[0]) * (WIDTH - LEFT - RIGHT) / span


def _y(value: float) -> float:
    return TOP + (10 - value) * (HEIGHT - TOP - BOTTOM) / 10


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _runs(cells: dict[int, Cell], weeks: Sequence[int]) -> list[list[tuple[int, tuple[int, float, float, float]]]]:
    """Unbroken runs of shown weeks: a week too few people reached breaks the line and the band."""
    runs: list[list[tuple[int, tuple[int, float, float, float]]]] = [[]]
    for week in weeks:
        cell = cells.get(week)
        if cell is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((week, cell))
    return [run for run in runs if run]


def _frame(weeks: Sequence[int], label: str) -> list[str]:
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{shown_html(label)}">',
        f"<title>{shown_html(label)}</title>",
    ]
    for value in (0, 5, 10):
        y = _y(value)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    step = max(1, -(-len(weeks) // MAX_WEEK_LABELS))
    for week in weeks[::step]:
        parts.append(
            f'<text class="tick" x="{_x(week, weeks):.1f}" y="{HEIGHT - BOTTOM + 15}" text-anchor="middle">{week}</text>'
        )
    parts.append(
        f'<text class="tick" x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 3}" text-anchor="middle">week</text>'
    )
    return parts


def _median_line(run, weeks: Sequence[int], css: str) -> list[str]:  # noqa: ANN001 - a run from _runs
    points = " ".join(f"{_x(w, weeks):.1f},{_y(c[1]):.1f}" for w, c in run)
    dots = [f'<circle class="{css}" cx="{_x(w, weeks):.1f}" cy="{_y(c[1]):.1f}" r="2.6"/>' for w, c in run]
    return ([f'<polyline class="{css}" points="{points}"/>'] if len(run) > 1 else []) + dots


def band_chart(label: str, cells: dict[int, Cell], weeks: Sequence[int]) -> str:
    """The weekly median as a line, the middle half of the group (quartiles) as a band behind it."""
    parts = _frame(weeks, f"{label}: weekly median and the middle half of the group")
    for run in _runs(cells, weeks):
        upper = [f"{_x(w, weeks):.1f},{_y(c[3]):.1f}" for w, c in run]
        lower = [f"{_x(w, weeks):.1f},{_y(c[2]):.1f}" for w, c in reversed(run)]
        if len(run) > 1:
            parts.append(f'<polygon class="iqr" points="{" ".join(upper + lower)}"/>')
        else:
            (w, c), x = run[0], _x(run[0][0], weeks)
            parts.append(f'<rect class="iqr" x="{x - 4:.1f}" y="{_y(c[3]):.1f}" width="8" '
                         f'height="{max(_y(c[2]) - _y(c[3]), 1):.1f}"/>')
        parts += _median_line(run, weeks, "median")
    if not _runs(cells, weeks):
        parts.append(f'<text class="tick" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">too few people yet</text>')
    return "".join(parts) + "</svg>"


def gap_chart(predicted: dict[int, Cell], actual: dict[int, Cell], weeks: Sequence[int]) -> str:
    """The group's median predicted peak pain (dashed) against the median actual peak pain, week by week."""
    parts = _frame(weeks, "Peak pain: the group's median prediction and what happened, by week")
    for cells, css in ((predicted, "predicted"), (actual, "actual")):
        for run in _runs(cells, weeks):
            parts += _median_line(run, weeks, css)
    return "".join(parts) + "</svg>"


def _table(label: str, cells: dict[int, Cell], weeks: Sequence[int]) -> str:
    rows = []
    for week in weeks:
        cell = cells.get(week)
        if cell is None:
            rows.append(f"<tr><th scope='row'>{week}</th><td colspan='3' class='few'>too few people to show</td></tr>")
            continue
        n, mid, q1, q3 = cell
        rows.append(f"<tr><th scope='row'>{week}</th><td>{mid:.1f}</td><td>{q1:.1f}–{q3:.1f}</td><td>{n}</td></tr>")
    head = "<tr><th scope='col'>Week</th><th scope='col'>Median</th><th scope='col'>Middle half</th>" \
           "<th scope='col'>People</th></tr>"
    return (f"<table><caption>{shown_html(label)}: the numbers</caption><thead>{head}</thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


STYLE = """
body { font: 16px/1.45 system-ui, sans-serif; margin: 1.5rem auto; padding: 0 1rem; max-width: 980px; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
.measures { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 420px), 1fr)); gap: 1.2rem; }
section { break-inside: avoid; page-break-inside: avoid; min-width: 0; }
svg.chart { width: 100%; max-width: 560px; height: auto; display: block; }
svg .grid { stroke: #ddd; stroke-width: 1; } svg .tick { font-size: 11px; fill: #444; }
svg .iqr { fill: #c9daf0; } svg polyline { fill: none; stroke-width: 2.2; }
svg polyline.median { stroke: #1f4e79; } svg circle.median { fill: #1f4e79; }
svg polyline.predicted { stroke: #a23b2a; stroke-dasharray: 5 4; } svg circle.predicted { fill: #a23b2a; }
svg polyline.actual { stroke: #1f6f5c; } svg circle.actual { fill: #1f6f5c; }
.key { font-size: .85rem; color: #333; margin: .2rem 0 .5rem; }
.swatch { display: inline-block; width: 1.6em; height: .7em; vertical-align: middle; margin-right: .3em; }
table { border-collapse: collapse; margin: .4rem 0 0; font-size: .9rem; }
caption { text-align: left; font-size: .85rem; color: #444; }
th, td { border-bottom: 1px solid #ccc; padding: .15rem .6rem; text-align: right; }
td.few { color: #666; font-style: italic; text-align: left; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; }
  svg, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def render_cohort_html(summary: dict[str, dict[int, Any]], people: int) -> str:
    """One self-contained page: no scripts, no links out, every value shown through the screens' rule."""
    weeks = sorted({week for rows in summary.values() for week in rows})
    measures = []
    for label, key in COHORT_ROWS:
        cells = summary.get(key, {})
        measures.append(
            f"<section><h2>{shown_html(label)}</h2>{band_chart(label, cells, weeks)}"
            '<p class="key"><span class="swatch" style="background:#1f4e79;height:.2em"></span>median '
            '<span class="swatch" style="background:#c9daf0"></span>middle half of the group</p>'
            f"{_table(label, cells, weeks)}</section>"
        )
    gap = gap_chart(summary.get("predicted_peak_pain", {}), summary.get("actual_peak_pain", {}), weeks)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Our group, week by week</title>
<style>{STYLE}</style></head><body>
<h1>Our group, week by week</h1>
<p>Combined from the shares of {shown_html(people)} people (each counted once). The line is the middle value
(median) of everyone's weekly average; the shaded band is the middle half of the group. Weeks count from each
person's own first day. A week shows only when at least {MIN_SHARES} people have numbers for it. No names, dates
or words are in this page; the exact numbers are below each chart.</p>
<section id="predicted-actual"><h2>Peak pain: predicted and actual</h2>
<p>Before each step people predicted how bad the pain would get; afterwards they noted how it was.</p>
{gap}
<p class="key"><span class="swatch" style="background:#a23b2a;height:.2em"></span>predicted (median)
<span class="swatch" style="background:#1f6f5c;height:.2em"></span>actual (median)</p></section>
<div class="measures">
{chr(10).join(measures)}
</div>
<p><small>Made by coach. Not a medical device.</small></p>
</body></html>
"""
