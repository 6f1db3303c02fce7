"""The taper plan in the report: where the plan stands today, the next agreed step, and the period's chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from coach.domain.mme import load_mme_table
from coach.domain.taper import (
    StepRow,
    format_percent,
    format_regimen,
    mme_text,
    pace_summary,
    plan_notes,
    plan_rows,
    total_mme_on,
)
from coach.domain.taper_series import MMESeries, mme_on, mme_steps
from coach.report.html import day_text, empty, figure, shown_html, table
from coach.report.svg import Line, Marker, legend, line_chart, nice_ticks
from coach.store.queries.stats import Period, taper_regimens
from coach.store.taper import TaperPlan, load_plan

PLANNED_AHEAD_DAYS = 90  # how far past today the chart shows planned steps (at least the next one)


@dataclass(frozen=True)
class PlanView:
    plan: TaperPlan
    rows: list[StepRow]
    series: MMESeries

    @property
    def empty(self) -> bool:
        return not self.plan.medications

    def current(self, day: date) -> StepRow | None:
        started = [r for r in self.rows if r.step.start_date <= day]
        return started[-1] if started else None

    def next(self, day: date) -> StepRow | None:
        return next((r for r in self.rows if r.step.start_date > day), None)

    def mme_on(self, day: date) -> float | None:
        return total_mme_on(self.plan.medications, self.plan.steps, day)


def load_plan_view(db) -> PlanView:  # noqa: ANN001 - a sqlmodel Session
    plan = load_plan(db)
    rows = plan_rows(plan.medications, plan.steps, plan.duration, audience="care_team")
    return PlanView(plan, rows, mme_steps(taper_regimens(db)))


def care_team_pace_note(view: PlanView) -> str | None:
    """The neutral pace note, the report's one use of it (its wording for the care team lives with the rule)."""
    return pace_summary(view.rows, view.plan.duration, audience="care_team")


def _drug_name(key: str) -> str:
    return load_mme_table().find(key).name


def _step_words(row: StepRow) -> str:
    return f"{row.drug.name} {row.regimen}"


def header_lines(view: PlanView, as_of: date, today: date) -> list[tuple[str, str]]:
    """(label, text) lines for the header: the step in force and the next agreed step, with MME/day."""
    if view.empty:
        return [("Taper plan", "No medication plan recorded in coach.")]
    label = "Today's step" if as_of == today else f"Step on {day_text(as_of)}"
    total = view.mme_on(as_of)
    current = view.current(as_of)
    if current is not None:
        now = (
            f"Step {current.number} of {len(view.rows)} since {day_text(current.step.start_date)}: "
            f"{_step_words(current)}; {mme_text(total)} in total"
        )
    else:
        meds = [m for m in view.plan.medications if m.start_date <= as_of]
        if meds:
            regimens = "; ".join(
                f"{_drug_name(m.drug)} {format_regimen(m.drug, m.strength, m.doses_per_day)}" for m in meds
            )
            since = min(m.start_date for m in meds)
            now = f"Starting regimen since {day_text(since)} (no taper step yet): {regimens}; {mme_text(total)}"
        else:
            now = "The plan has not started yet."
    upcoming = view.next(as_of)
    if upcoming is None:
        nxt = "No further step recorded in the plan."
    else:
        nxt = (
            f"Step {upcoming.number} on {day_text(upcoming.step.start_date)}: {_step_words(upcoming)}; "
            f"{mme_text(upcoming.total_mme)} in total, as agreed with the prescriber"
        )
    return [(label, now), ("Next agreed step", nxt)]


def step_markers(view: PlanView, period: Period) -> list[Marker]:
    return [
        Marker(r.step.start_date, f"step {r.number}", "marker step-marker")
        for r in view.rows
        if period.start <= r.step.start_date <= period.end
    ]


def _chart_end(view: PlanView, period: Period, today: date) -> date:
    """The period's end, stretched past today to show the planned steps just ahead (at least the next one)."""
    if not period.start <= today <= period.end:
        return period.end
    ahead = [s.start for s in view.series.steps if s.start > today]
    if not ahead:
        return period.end
    shown = [d for d in ahead if d <= today + timedelta(days=PLANNED_AHEAD_DAYS)] or ahead[:1]
    return max(period.end, shown[-1] + timedelta(days=max(7, period.days // 20)))


def _chart(view: PlanView, period: Period, today: date) -> tuple[str, date]:
    end = _chart_end(view, period, today)
    steps = view.series.steps
    start_level = mme_on(view.series, period.start)
    inside = [s for s in steps if period.start < s.start <= end]
    levels = [s.mme for s in inside] + ([start_level] if start_level is not None else [])
    if not levels:
        return "", end
    past_end = min(today, end)
    past = ([(period.start, start_level)] if start_level is not None else []) + [
        (s.start, s.mme) for s in inside if s.start <= past_end
    ]
    lines = []
    if past:
        lines.append(Line("MME/day, steps taken", past, "s-mme", step=True, dots=True, until=past_end))
    if period.start <= today < end:
        now_level = mme_on(view.series, today)
        planned = ([(today, now_level)] if now_level is not None else []) + [
            (s.start, s.mme) for s in inside if s.start > today
        ]
        if len(planned) > 1 or (planned and not past):
            lines.append(Line("MME/day, planned steps", planned, "s-planned", step=True, dots=True, dashed=True))
    ticks = nice_ticks(max(levels) or 1)
    markers = [Marker(today, "today", "marker today")] if period.start <= today <= end else []
    chart = line_chart(
        "Planned MME per day over the period",
        lines,
        period.start,
        end,
        y_max=ticks[-1],
        y_ticks=ticks,
        markers=markers,
    )
    key = legend(lines, [("marker today", "today")] if markers else [])
    before = [s for s in steps if s.start <= period.start]
    caption = key
    if before and start_level is not None:
        caption += (
            f'<span class="muted">The line starts at the dose in force on {day_text(period.start)} '
            f"(since {day_text(before[-1].start)}).</span>"
        )
    return figure(chart, caption), end


def taper_section(view: PlanView, period: Period, today: date) -> str:
    """The plan as agreed with the prescriber: chart for the period, the steps around it, and the notes."""
    if view.empty:
        return empty("No medication or taper plan recorded.")
    chart, end = _chart(view, period, today)
    earlier = [r for r in view.rows if r.step.start_date <= period.start]
    shown = ([earlier[-1]] if earlier else []) + [r for r in view.rows if period.start < r.step.start_date <= end]
    later = [r for r in view.rows if r.step.start_date > end]
    rows = []
    for med in view.plan.medications:
        if period.start <= med.start_date <= end or not view.rows:
            rows.append(
                [
                    escape(day_text(med.start_date)),
                    "start",
                    escape(f"{_drug_name(med.drug)} {format_regimen(med.drug, med.strength, med.doses_per_day)}"),
                    escape(mme_text(view.mme_on(med.start_date))),
                    "—",
                    "—",
                    shown_html(med.note),
                ]
            )
    for r in shown:
        state = "planned" if r.step.start_date > today else "taken"
        rows.append(
            [
                escape(day_text(r.step.start_date)),
                f"step {r.number} ({state})",
                escape(_step_words(r)),
                escape(mme_text(r.total_mme)),
                escape(format_percent(r.change_percent)) if r.change_percent is not None else "—",
                escape(format_percent(r.percent_per_30_days)) if r.percent_per_30_days is not None else "—",
                shown_html(r.step.note),
            ]
        )
    headers = [
        ("From", ""),
        ("Step", ""),
        ("Regimen", ""),
        ("Plan total", "num"),
        ("Change", "num"),
        ("Per 30 days", "num"),
        ("Note", "wrap"),
    ]
    html = chart + table(headers, rows)
    hidden = len(earlier) - (1 if earlier else 0)
    if hidden or later:
        parts = ([f"{hidden} earlier step{'s' if hidden != 1 else ''}"] if hidden else []) + (
            [f"{len(later)} later planned step{'s' if len(later) != 1 else ''}"] if later else []
        )
        html += f'<p class="muted">Not shown: {" and ".join(parts)} (outside the period).</p>'
    if view.series.not_counted:
        html += (
            f'<p class="muted">Left out of MME/day: {escape(", ".join(map(_drug_name, view.series.not_counted)))}.</p>'
        )
    pace = care_team_pace_note(view)
    notes = ([pace] if pace else []) + plan_notes(view.plan.medications)
    html += "".join(f'<p class="caution">{escape(n)}</p>' for n in dict.fromkeys(notes) if n)
    return html
