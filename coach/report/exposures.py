"""Exposure practice (predicted vs actual, by activity and the most recent ones) and the notes the person
chose to share, for the report."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from coach.report.html import day_text, empty, num, table
from coach.store.queries.stats import ActivityRow, ExposureRow, SharedNote

OUTCOME_WORDS = {"fully": "done fully", "partly": "done partly", "not_today": "not that day"}
RECENT = 12
NOTES_SHOWN = 10  # the most recent shared notes; a ten-year report would otherwise run to many pages


def _pair(before: float | None, after: float | None, suffix: str = "") -> str:
    return f"{num(before, suffix)} → {num(after, suffix)}"


def exposures_html(groups: Sequence[ActivityRow], rows: Sequence[ExposureRow], recent: int = RECENT) -> str:
    if not rows:
        return empty("No exposure goals in this period.")
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
                escape(g.activity or "(no words given)"),
                str(g.planned),
                f"{g.fully} fully, {g.partly} partly, {g.not_today} not that day",
                _pair(g.predicted_pain, g.actual_pain),
                _pair(g.feared_likelihood, g.feared_happened, "%"),
            ]
            for g in groups
        ],
    )
    shown = list(rows)[-recent:]
    body = []
    for r in shown:
        amount = f"{r.planned_amount:g} {r.amount_unit}" if r.planned_amount is not None else ""
        feared = ""
        if r.feared_outcome:
            feared = f"{escape(r.feared_outcome)} ({_pair(r.feared_likelihood, r.feared_happened, '%')})"
        body.append(
            [
                escape(day_text(r.day, year=False)),
                escape(r.activity),
                escape(amount),
                escape(OUTCOME_WORDS.get(r.outcome or "", "no reflection")),
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
            f"<blockquote>{escape(text or '(no words written)')}</blockquote>"
        )
    return (
        "".join(out)
        + "<p class='muted'>Only reflections the person marked to share are shown; other notes stay private.</p>"
    )
