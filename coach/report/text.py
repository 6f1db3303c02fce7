"""`coach stats` as a Rich table (Rich only: this module must not import Textual)."""

from __future__ import annotations

from rich.table import Table

from coach.domain.durations import format_duration

from coach.domain.insights import Insight
from coach.store.queries.stats import Summary


def _num(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def _trend(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) < 0.05:
        return "steady"
    return f"{'up' if value > 0 else 'down'} {abs(value):g} lately"


def stats_table(s: Summary) -> Table:
    table = Table(title=f"Your practice, {s.start:%-d %b %Y} – {s.end:%-d %b %Y} ({s.days} days)", title_justify="left")
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    table.add_column("", style="dim")
    table.show_header = False
    table.add_row("Sessions done", f"{s.sessions_done} of {s.days} days", f"{s.sessions_started} started")
    table.add_row("Streak", f"{s.streak_current} day{'s' if s.streak_current != 1 else ''}", f"longest {s.streak_longest}")
    table.add_row("Tolerability (0–10)", _num(s.tolerability_avg), _trend(s.tolerability_trend))
    table.add_row("Pain (0–10)", _num(s.pain_avg), _trend(s.pain_trend))
    table.add_row("Distress at check-in", _num(s.distress_avg), "")
    table.add_row(
        "Exercises done",
        str(s.exercises_done),
        f"{format_duration(s.exercise_seconds)}, {s.exercises_completed} to the end; "
        f"distress {_num(s.distress_before_avg)} → {_num(s.distress_after_avg)}",
    )
    table.add_row(
        "Exposures planned",
        str(s.exposures_planned),
        f"{s.exposures_fully} fully, {s.exposures_partly} partly, {s.exposures_not_today} not that day",
    )
    if s.pain_prediction_gap is not None:
        gap = s.pain_prediction_gap
        note = "pain was lower than you expected" if gap > 0 else "pain was about as expected" if gap == 0 else "pain was higher than you expected"
        table.add_row("Predicted − actual peak pain", _num(gap), note)
    if s.peg_first is not None:
        table.add_row("PEG (0–10)", f"{s.peg_first:g} → {s.peg_last:g}", "first → latest in the period")
    table.add_row("Extra doses recorded", str(s.extra_doses_recorded), "information for your prescriber")
    bands = s.tolerability_bands
    table.add_row(
        "Days by tolerability",
        f"{bands.get('livable', 0)} livable",
        f"{bands.get('tolerable', 0)} tolerable, {bands.get('intolerable', 0)} intolerable",
    )
    return table


def insights_table(insights: list[Insight]) -> Table:
    """"What your entries show": one row per comparison, its sentence (or why there is none yet)."""
    table = Table(title="What your entries show (what went together, not what caused what)", title_justify="left")
    table.show_header = False
    table.add_column("", style="bold")
    table.add_column("")
    for insight in insights:
        table.add_row(insight.title, insight.sentence, style=None if insight.enough else "dim")
    return table
