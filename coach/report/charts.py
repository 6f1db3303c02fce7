"""The report's charts over the period: tolerability with its bands, pain, PEG, sleep and mood, and
withdrawal signs per week with the taper steps marked. Days without data stay gaps."""

from __future__ import annotations

from collections.abc import Sequence

from coach.report.html import empty, figure
from coach.report.svg import Line, Marker, bar_chart, legend, line_chart
from coach.store.queries.stats import Period
from coach.store.queries.visit import DayPoint, PegAnswer, WeekRow

STEP_KEY = ("marker step-marker", "taper step (as agreed)")


def _label(bucket: int) -> str:
    return "each day" if bucket == 1 else f"{bucket}-day average"


def _key(lines: Sequence[Line], markers: Sequence[Marker]) -> str:
    return legend(lines, [STEP_KEY] if markers else [])


def tolerability_chart(points: Sequence[DayPoint], period: Period, bucket: int, markers: Sequence[Marker]) -> str:
    if not points:
        return empty("No check-ins in this period.")
    few = len(points) <= 31
    lines = [
        Line(
            _label(bucket),
            [(p.day, p.tolerability) for p in points],
            "s-daily" if bucket == 1 else "s-avg",
            dots=few,
            max_gap=bucket,
        )
    ]
    if bucket == 1:
        lines.append(Line("7-day average", [(p.day, p.tolerability_avg7) for p in points], "s-avg", max_gap=7))
    chart = line_chart(
        "Tolerability over the period, with coach's bands", lines, period.start, period.end, bands=True, markers=markers
    )
    return figure(chart, _key(lines, markers))


def pain_chart(points: Sequence[DayPoint], period: Period, bucket: int, markers: Sequence[Marker]) -> str:
    if not points:
        return empty("No check-ins in this period.")
    lines = [Line(_label(bucket), [(p.day, p.pain) for p in points], "s-pain", dots=len(points) <= 31, max_gap=bucket)]
    chart = line_chart("Pain over the period", lines, period.start, period.end, markers=markers)
    return figure(chart, _key(lines, markers))


def sleep_mood_chart(points: Sequence[DayPoint], period: Period, bucket: int) -> str:
    if not any(p.sleep is not None or p.mood is not None for p in points):
        return empty("No sleep or mood ratings in this period.")
    few = len(points) <= 31
    suffix = "" if bucket == 1 else f" ({bucket}-day average)"
    lines = [
        Line("sleep" + suffix, [(p.day, p.sleep) for p in points], "s-sleep", dots=few, max_gap=bucket),
        Line("mood" + suffix, [(p.day, p.mood) for p in points], "s-mood", dots=few, max_gap=bucket, dashed=True),
    ]
    chart = line_chart("Sleep and mood over the period", lines, period.start, period.end)
    return figure(chart, legend(lines))


def peg_chart(pegs: Sequence[PegAnswer], period: Period) -> str:
    # PEG is weekly: two answers more than three weeks apart are not joined.
    line = Line("PEG score", [(p.day, p.score) for p in pegs], "s-peg", dots=len(pegs) <= 60, max_gap=21)
    return figure(line_chart("PEG score over the period", [line], period.start, period.end), legend([line]))


def withdrawal_chart(weeks: Sequence[WeekRow], period: Period, markers: Sequence[Marker]) -> str:
    if not any(w.withdrawal_days for w in weeks):
        return ""
    chart = bar_chart(
        "Days with withdrawal signs, per week",
        [(w.start, w.withdrawal_days) for w in weeks],
        period.start,
        period.end,
        bar_days=7,
        y_max=7,
        y_ticks=(0, 1, 2, 3, 4, 5, 6, 7),
        css_class="bar-withdrawal",
        markers=markers,
    )
    key = (
        '<p class="legend"><span class="key"><svg width="14" height="10" aria-hidden="true"><rect '
        'class="bar-withdrawal" width="14" height="10" /></svg>days with any withdrawal sign in the week (0–7)</span>'
        + ("" if not markers else legend([], [STEP_KEY])[len('<p class="legend">') : -len("</p>")])
        + "</p>"
    )
    return figure(chart, key)
