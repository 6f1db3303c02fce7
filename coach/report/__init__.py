"""The care-team report: one self-contained, print-friendly HTML file with inline SVG charts."""

from __future__ import annotations

from datetime import date
from html import escape
from importlib.resources import files
from string import Template

from coach import NOT_A_MEDICAL_DEVICE, __version__
from coach.domain.days import local_now
from coach.domain.mme import load_mme_table
from coach.domain.taper_series import mme_steps
from coach.report.svg import Line, legend, line_chart, nice_ticks
from coach.store.db import Store
from coach.store.stats import (
    ActivityRow,
    ExposureRow,
    Period,
    Summary,
    bucket_for,
    checkin_series,
    exposures,
    exposures_by_activity,
    last_days,
    peg_series,
    shared_notes,
    summary,
    taper_regimens,
)

OUTCOME_WORDS = {"fully": "done fully", "partly": "done partly", "not_today": "not that day"}


def _num(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


def _trend_words(value: float | None, higher_is: str) -> str:
    if value is None:
        return ""
    if abs(value) < 0.05:
        return " (steady through the period)"
    direction = "higher" if value > 0 else "lower"
    return f" ({abs(value):g} {direction} in the second half of the period; {higher_is})"


def _summary_html(s: Summary) -> str:
    rows = [
        ("Days with a session", f"{s.sessions_started} of {s.days} ({s.sessions_done} completed)"),
        ("Current streak of completed days", f"{s.streak_current} (longest {s.streak_longest})"),
        ("Average tolerability", _num(s.tolerability_avg) + _trend_words(s.tolerability_trend, "higher is easier")),
        ("Average pain", _num(s.pain_avg) + _trend_words(s.pain_trend, "higher is more pain")),
        (
            "Days by tolerability",
            f"{s.tolerability_bands.get('livable', 0)} livable, {s.tolerability_bands.get('tolerable', 0)} tolerable, "
            f"{s.tolerability_bands.get('intolerable', 0)} intolerable",
        ),
        (
            "Practice exercises",
            f"{s.exercises_done} completed, {s.exercise_minutes:g} minutes; average distress "
            f"{_num(s.distress_before_avg)} before → {_num(s.distress_after_avg)} after",
        ),
        (
            "Exposure goals",
            f"{s.exposures_planned} set: {s.exposures_fully} done fully, {s.exposures_partly} partly, "
            f"{s.exposures_not_today} not that day",
        ),
        ("Predicted minus actual peak pain", _num(s.pain_prediction_gap) + " on average (positive: less pain than expected)"),
        ("PEG", "no PEG in this period" if s.peg_first is None else f"{s.peg_first:g} first → {s.peg_last:g} latest"),
        ("Extra doses recorded", f"{s.extra_doses_recorded} (recorded as information for the prescriber)"),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="summary">{body}</table>'


def _checkin_charts(store: Store, period: Period) -> tuple[str, str]:
    bucket = bucket_for(period.days)
    with store.session() as db:
        points = checkin_series(db, period, bucket)
    if not points:
        none = _empty("No check-ins in this period.")
        return none, none
    few = len(points) <= 31
    if bucket == 1:
        tol_lines = [
            Line("each day", [(p.day, p.tolerability) for p in points], "s-daily", dots=few),
            Line("7-day average", [(p.day, p.tolerability_avg7) for p in points], "s-avg"),
        ]
    else:
        tol_lines = [Line(f"{bucket}-day average", [(p.day, p.tolerability) for p in points], "s-avg", dots=few)]
    pain_label = "each day" if bucket == 1 else f"{bucket}-day average"
    pain_lines = [Line(pain_label, [(p.day, p.pain) for p in points], "s-pain", dots=few)]
    tol = line_chart("Tolerability over the period, with bands", tol_lines, period.start, period.end, bands=True)
    pain = line_chart("Pain over the period", pain_lines, period.start, period.end)
    return tol + legend(tol_lines), pain + legend(pain_lines)


def _peg_html(store: Store, period: Period) -> str:
    with store.session() as db:
        points = peg_series(db, period)
    if not points:
        return _empty("No complete PEG (all three items) in this period.")
    line = Line("PEG score", [(p.day, p.score) for p in points], "s-peg", dots=True)
    rows = "".join(f"<tr><td>{p.day:%-d %b %Y}</td><td class='num'>{p.score:g}</td></tr>" for p in points[-8:])
    return (
        line_chart("PEG score over the period", [line], period.start, period.end)
        + f"<table><tr><th>Week of</th><th class='num'>PEG</th></tr>{rows}</table>"
    )


def _taper_html(store: Store, period: Period) -> str:
    """The agreed plan as the Taper screen shows it (MME/day, % change per step and per 30 days, the neutral
    pace note), with the planned MME/day drawn as a step line and the CDC caution."""
    from coach.domain.taper import (
        format_day,
        format_percent,
        format_regimen,
        mme_text,
        pace_summary,
        plan_notes,
        plan_rows,
        total_mme_on,
    )
    from coach.store.taper import load_plan

    with store.session() as db:
        plan = load_plan(db)
        regimens = taper_regimens(db)
    if not plan.medications:
        return _empty("No medication or taper plan recorded.")
    table = load_mme_table()
    rows = []
    for med in plan.medications:
        rows.append(
            f"<tr><td>{escape(format_day(med.start_date))}</td><td>{escape(table.find(med.drug).name)}</td>"
            f"<td>{escape(format_regimen(med.drug, med.strength, med.doses_per_day))} (start)</td>"
            f"<td class='num'>{escape(mme_text(total_mme_on(plan.medications, plan.steps, med.start_date)))}</td>"
            f"<td class='num'>—</td><td class='num'>—</td><td>{escape(med.note)}</td></tr>"
        )
    step_rows = plan_rows(plan.medications, plan.steps, plan.duration)
    for r in step_rows:
        rows.append(
            f"<tr><td>{escape(format_day(r.step.start_date))}</td><td>{escape(r.drug.name)}</td>"
            f"<td>Step {r.number}: {escape(r.regimen)}</td><td class='num'>{escape(mme_text(r.total_mme))}</td>"
            f"<td class='num'>{escape(format_percent(r.change_percent)) if r.change_percent is not None else '—'}</td>"
            f"<td class='num'>{escape(format_percent(r.percent_per_30_days)) if r.percent_per_30_days is not None else '—'}</td>"
            f"<td>{escape(r.step.note)}</td></tr>"
        )
    html = (
        "<table><tr><th>From</th><th>Medication</th><th>Regimen</th><th class='num'>Plan total MME/day</th>"
        "<th class='num'>Change</th><th class='num'>Per 30 days</th><th>Note</th></tr>" + "".join(rows) + "</table>"
    )
    series = mme_steps(regimens)
    if series.steps:
        start = min(period.start, series.steps[0].start)
        ticks = nice_ticks(max(step.mme for step in series.steps))
        line = Line("planned MME/day", [(step.start, step.mme) for step in series.steps], "s-mme", step=True, dots=True)
        html = line_chart("Planned MME per day", [line], start, max(period.end, series.steps[-1].start),
                          y_max=ticks[-1], y_ticks=ticks) + html
    pace = pace_summary(step_rows, plan.duration, audience="care_team")
    notes = ([pace] if pace else []) + plan_notes(plan.medications) + [table.caution]
    html += "".join(f'<p class="caution">{escape(note)}</p>' for note in dict.fromkeys(notes) if note)
    return html


def _exposures_html(groups: list[ActivityRow], rows: list[ExposureRow], recent: int = 12) -> str:
    if not rows:
        return _empty("No exposure goals in this period.")
    grouped = "".join(
        f"<tr><td>{escape(g.activity or '(no words given)')}</td><td class='num'>{g.planned}</td>"
        f"<td>{g.fully} fully, {g.partly} partly, {g.not_today} not that day</td>"
        f"<td class='num'>{_num(g.predicted_pain)} → {_num(g.actual_pain)}</td>"
        f"<td class='num'>{_num(g.feared_likelihood, '%')} → {_num(g.feared_happened, '%')}</td></tr>"
        for g in groups
    )
    html = (
        "<table><tr><th>Activity</th><th class='num'>Times</th><th>How it went</th>"
        "<th class='num'>Peak pain, average<br>predicted → actual</th>"
        "<th class='num'>Feared outcome, average<br>likelihood → happened</th></tr>" + grouped + "</table>"
    )
    body = []
    for r in rows[-recent:]:
        amount = f"{r.planned_amount:g} {r.amount_unit}" if r.planned_amount is not None else ""
        feared = ""
        if r.feared_outcome:
            feared = f"{escape(r.feared_outcome)} ({_num(r.feared_likelihood, '%')} → {_num(r.feared_happened, '%')})"
        body.append(
            f"<tr><td>{r.day:%-d %b}</td><td>{escape(r.activity)}</td><td>{escape(amount)}</td>"
            f"<td>{escape(OUTCOME_WORDS.get(r.outcome or '', 'no reflection'))}</td>"
            f"<td class='num'>{_num(r.predicted_pain)} → {_num(r.actual_pain)}</td>"
            f"<td class='num'>{_num(r.predicted_tolerability)} → {_num(r.actual_tolerability)}</td><td>{feared}</td></tr>"
        )
    shown = min(recent, len(rows))
    html += f"<h3>The most recent {shown} of {len(rows)}</h3>" if shown < len(rows) else "<h3>Each exposure</h3>"
    html += (
        "<table><tr><th>Day</th><th>Activity</th><th>Planned</th><th>Outcome</th>"
        "<th class='num'>Peak pain<br>predicted → actual</th><th class='num'>Tolerability<br>predicted → actual</th>"
        "<th>Feared outcome (likelihood → happened)</th></tr>" + "".join(body) + "</table>"
    )
    return html


def _notes_html(store: Store, period: Period) -> str:
    with store.session() as db:
        notes = shared_notes(db, period)
    if not notes:
        return _empty("No reflections were marked to share in this period. Other notes stay private.")
    out = []
    for n in notes:
        parts = [("What I noticed", n.noticed), ("How I responded", n.response_practised), ("About a dose", n.extra_dose_note)]
        text = "\n".join(f"{label}: {value}" for label, value in parts if value.strip())
        out.append(f"<h3>{n.day:%A %-d %B %Y}</h3><blockquote>{escape(text or '(no words written)')}</blockquote>")
    return "".join(out) + "<p class='muted'>Only reflections marked to share are shown; other notes stay private.</p>"


def render_report(store: Store, today: date, days: int = 90) -> str:
    """The whole report for the `days` ending `today`, as one HTML document."""
    period = last_days(today, days)
    with store.session() as db:
        s = summary(db, period, today)
        exposure_rows = exposures(db, period)
        exposure_groups = exposures_by_activity(db, period)
    tolerability, pain = _checkin_charts(store, period)
    template = Template(files("coach.report").joinpath("template.html").read_text(encoding="utf-8"))
    return template.substitute(
        title="Practice summary for a care-team visit",
        period_text=escape(f"{period.start:%-d %B %Y} – {period.end:%-d %B %Y} ({period.days} days)"),
        generated=escape(local_now().strftime("%-d %B %Y")),
        not_a_medical_device=escape(NOT_A_MEDICAL_DEVICE),
        summary=_summary_html(s),
        tolerability_chart=tolerability,
        pain_chart=pain,
        peg=_peg_html(store, period),
        taper=_taper_html(store, period),
        exposures=_exposures_html(exposure_groups, exposure_rows),
        notes=_notes_html(store, period),
        version=escape(__version__),
    )
