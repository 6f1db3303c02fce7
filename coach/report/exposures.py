"""Exposure practice (predicted vs actual, by activity and the most recent ones) and the notes the person
chose to share, for the report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from html import escape

from coach.report.html import day_text, empty, num, shown_html, table
from coach.store.queries.stats import ActivityRow, ExposureRow, SharedNote

OUTCOME_WORDS = {"fully": "done fully", "partly": "done partly", "not_today": "not that day"}
WAITING = "waiting for the reflection"  # today's goal: the reflection can still come later today
NO_REFLECTION = "no reflection recorded"
RECENT = 12
NOTES_SHOWN = 10  # the most recent shared notes; a ten-year report would otherwise run to many pages
# How a planned amount reads, one and many (the goal form's units: minutes, times, a distance).
AMOUNT_WORDS = {"minutes": ("minute", "minutes"), "reps": ("time", "times")}


def _pair(before: float | None, after: float | None, suffix: str = "") -> str:
    return f"{num(before, suffix)} → {num(after, suffix)}"


def amount_text(amount: float | None, unit: str) -> str:
    """"1 time", "3 times", "10 minutes"; a distance has no unit recorded, so it reads "distance 2"."""
    if amount is None:
        return ""
    words = AMOUNT_WORDS.get(unit)
    if words is None:
        return f"{unit} {num(amount)}"
    return f"{num(amount)} {words[0] if amount == 1 else words[1]}"


def how_it_went(fully: int, partly: int, not_today: int, waiting: int, missing: int) -> str:
    """The outcomes that happened, in words; goals still waiting for today's reflection said as waiting."""
    parts = [
        f"{fully} fully" if fully else "",
        f"{partly} partly" if partly else "",
        f"{not_today} not that day" if not_today else "",
        f"{waiting} {WAITING}" if waiting else "",
        f"{missing} with {NO_REFLECTION}" if missing else "",
    ]
    return ", ".join(p for p in parts if p) or "—"


def exposures_html(
    groups: Sequence[ActivityRow], rows: Sequence[ExposureRow], recent: int = RECENT, *, today: date | None = None,
    years: bool = True,
) -> str:
    """By activity, then the most recent goals. `today`'s goals without a reflection are waiting for it;
    `years` False leaves the year out of dates (a period within one year)."""
    if not rows:
        return empty("No exposure goals in this period.")
    waiting = Counter(r.activity for r in rows if r.outcome is None and r.day == today)
    by_activity = table(
        [
            ("Activity", "wrap"),
            ("Times", "num"),
            ("How it went", ""),
            ("Peak pain, predicted → actual", "num"),
            ("Feared outcome, likelihood → happened", "num"),
        ],
        [
            [
                shown_html(g.activity or "(no words given)"),
                str(g.planned),
                escape(how_it_went(g.fully, g.partly, g.not_today, waiting[g.activity],
                                   g.planned - g.fully - g.partly - g.not_today - waiting[g.activity])),
                _pair(g.predicted_pain, g.actual_pain),
                _pair(g.feared_likelihood, g.feared_happened, "%"),
            ]
            for g in groups
        ],
    )
    shown = list(rows)[-recent:]
    body = []
    for r in shown:
        feared = ""
        if r.feared_outcome:
            feared = f"{shown_html(r.feared_outcome)} ({_pair(r.feared_likelihood, r.feared_happened, '%')})"
        outcome = OUTCOME_WORDS.get(r.outcome or "") or (WAITING if r.day == today else NO_REFLECTION)
        body.append(
            [
                escape(day_text(r.day, year=years)),
                shown_html(r.activity),
                escape(amount_text(r.planned_amount, r.amount_unit)),
                escape(outcome),
                _pair(r.predicted_pain, r.actual_pain),
                _pair(r.predicted_tolerability, r.actual_tolerability),
                feared,
            ]
        )
    heading = f"The most recent {len(shown)} of {len(rows)}" if len(shown) < len(rows) else "Each exposure"
    recent_table = table(
        [
            ("Day", "nowrap"),
            ("Activity", "wrap"),
            ("Planned", ""),
            ("Outcome", ""),
            ("Peak pain, predicted → actual", "num"),
            ("Tolerability, predicted → actual", "num"),
            ("Feared outcome (likelihood → happened)", "wrap"),
        ],
        body,
        css="data recent",
    )
    return (
        "<h3>By activity (averages over the period)</h3>"
        + by_activity
        + '<p class="muted">Predictions are written before the activity and compared afterwards: a gap between '
        "them is what the practice learns from (Craske et al. 2014).</p>" + f"<h3>{heading}</h3>" + recent_table
    )


def notes_html(notes: Sequence[SharedNote], limit: int = NOTES_SHOWN) -> str:
    if not notes:
        return empty("No reflections were marked to share in this period. Other notes stay private.")
    shown = list(notes)[-limit:]
    out = []
    if len(shown) < len(notes):
        out.append(
            f'<p class="muted">The most recent {len(shown)} of {len(notes)} shared notes in the period '
            "(a shorter period shows the others).</p>"
        )
    for n in shown:
        parts = [
            ("What they noticed", n.noticed),
            ("How they responded", n.response_practised),
            ("About a dose", n.extra_dose_note),
        ]
        text = "\n".join(f"{label}: {value}" for label, value in parts if value.strip())
        out.append(
            f"<h3>{escape(n.day.strftime('%A'))} {escape(day_text(n.day))}</h3>"
            f"<blockquote>{shown_html(text or '(no words written)')}</blockquote>"
        )
    return (
        "".join(out)
        + "<p class='muted'>Only reflections the person marked to share are shown; other notes stay private.</p>"
    )
