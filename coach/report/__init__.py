"""The care-team report: one self-contained, print-friendly HTML file with inline SVG charts, written about
the person in the third person for the prescriber or care team who reads it at a visit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from importlib.resources import files
from string import Template

from coach import __version__
from coach.domain.days import local_now
from coach.domain.durations import format_duration
from coach.domain.mme import load_mme_table
from coach.report import charts, visit
from coach.report.exposures import exposures_html, notes_html
from coach.report.exposures import how_it_went
from coach.report.html import empty, num, section, spans_years
from coach.report.ladder_ratings import HEADING as LADDER_RATINGS_HEADING
from coach.report.ladder_ratings import ladder_ratings_html
from coach.report.options import SECTIONS
from coach.report.plan import load_plan_view, step_markers, taper_section
from coach.store.queries import visit as q
from coach.store.engine.db import Store
from coach.store.ladder_ratings import rating_changes
from coach.store.settings import read_settings
from coach.store.queries.stats import (
    Period,
    Summary,
    bucket_for,
    exposures,
    data_period,
    exposures_by_activity,
    last_days,
    shared_notes,
    summary,
)

TITLE = "Practice summary for the care team"
NOT_A_MEDICAL_DEVICE = (
    "coach is a practice companion, not a medical device: it does not diagnose or treat anything, and decisions "
    "about medication are made by the person with their prescriber."
)
BANDS_NOTE = (
    "Tolerability bands (0–3 intolerable, 4–6 tolerable, 7–10 livable) are coach's own scale for the person's "
    "daily rating, taken from the exposure-practice approach coach follows; they are not a validated measure."
)
PEG_NOTE = (
    "PEG: mean of three 0–10 items (average pain, interference with enjoyment of life, interference with general "
    "activity) over the past week (Krebs et al. 2009)."
)


def _trend(value: float | None, higher_is: str) -> str:
    if value is None:
        return ""
    if abs(value) < 0.05:
        return " (steady through the period)"
    return f" ({num(abs(value))} {'higher' if value > 0 else 'lower'} in the second half; {higher_is})"


def since_journal_began(period: Period, first_day: date | None) -> tuple[Period, date | None]:
    """The period, starting no earlier than the journal's first day (and that day, when it moved the start):
    a 30-day journal's 90-day report counts 30 days, not 90."""
    if first_day is not None and period.start < first_day <= period.end:
        return Period(first_day, period.end), first_day
    return period, None


def _summary_html(s: Summary, waiting_today: int) -> str:
    bands = s.tolerability_bands
    rows = [
        ("Average tolerability", num(s.tolerability_avg) + _trend(s.tolerability_trend, "higher is easier")),
        ("Average pain", num(s.pain_avg) + _trend(s.pain_trend, "higher is more pain")),
        (
            "Days by tolerability",
            f"{bands.get('livable', 0)} livable, {bands.get('tolerable', 0)} tolerable, "
            f"{bands.get('intolerable', 0)} intolerable",
        ),
        (
            "Practice exercises",
            f"{s.exercises_done} done ({s.exercises_completed} to the end), {format_duration(s.exercise_seconds)}; "
            "average distress "
            f"{num(s.distress_before_avg)} before → {num(s.distress_after_avg)} after",
        ),
        (
            "Exposure goals",
            f"{s.exposures_planned} set: "
            + how_it_went(
                s.exposures_fully, s.exposures_partly, s.exposures_not_today, waiting_today,
                s.exposures_planned - s.exposures_fully - s.exposures_partly - s.exposures_not_today - waiting_today,
            ),
        ),
        (
            "Predicted minus actual peak pain",
            num(s.pain_prediction_gap) + " on average (positive: less pain than the person expected)",
        ),
    ]
    body = "".join(f"<tr><th scope='row'>{escape(k, False)}</th><td>{escape(v, False)}</td></tr>" for k, v in rows)
    return f'<table class="summary">{body}</table>'


def render_report(
    store: Store, today: date, days: int = 90, *, period: Period | None = None, omit: Iterable[str] = ()
) -> str:
    """The whole report for `period` (default: the `days` ending `today`), leaving out the `omit` sections.
    The period starts no earlier than the journal's first day, and the header says so."""
    period = period or last_days(today, days)
    left_out = frozenset(omit)
    with store.session() as db:
        recorded = data_period(db, today)
    period, began = since_journal_began(period, recorded.start if recorded is not None else None)
    bucket = bucket_for(period.days)
    with store.session() as db:
        practice = q.practice(db, period)
        view = load_plan_view(db)
        pegs = q.peg_answers(db, period)
        points = q.checkin_points(db, period, bucket)
        weeks = q.weeks(db, period)
        sign_days = q.withdrawal_sign_days(db, period)
        warnings = q.warning_sign_days(db, period)
        doses = q.dose_events(db, period)
        s = summary(db, period, today)
        exposure_rows = exposures(db, period)
        groups = exposures_by_activity(db, period)
        notes = shared_notes(db, period)
        rerated = rating_changes(db, period.end)
        mood = q.mood_summary(db, period)
        noted = visit.safety_lines(read_settings(db), "taper" not in left_out)
    markers = [] if "taper" in left_out else step_markers(view, period)

    def wanted(key: str) -> bool:
        return key not in left_out

    visit_parts = []
    if wanted("doses"):
        visit_parts.append("<h3>Extra and early doses</h3>" + visit.doses_html(doses, period))
    if wanted("warning-signs"):
        visit_parts.append("<h3>Warning signs</h3>" + visit.warning_html(warnings))
    if wanted("withdrawal"):
        visit_parts.append(
            "<h3>Withdrawal signs by week, with the taper steps</h3>"
            + charts.withdrawal_chart(weeks, period, markers)
            + visit.withdrawal_html(weeks, sign_days, None if "taper" in left_out else view, period)
        )
    sections = []
    if visit_parts:
        sections.append(section("for-the-visit", "For the visit", "".join(visit_parts), "visit-box"))
    if wanted("summary"):
        waiting = sum(1 for r in exposure_rows if r.outcome is None and r.day == today)
        sections.append(section("summary", "Summary of the period", _summary_html(s, waiting)))
    if wanted("tolerability"):
        sections.append(
            section(
                "tolerability",
                "Tolerability (0 = intolerable, 10 = easy to live with)",
                charts.tolerability_chart(points, period, bucket, markers),
            )
        )
    if wanted("pain"):
        sections.append(
            section(
                "pain", "Pain (0 = no pain, 10 = worst imaginable)", charts.pain_chart(points, period, bucket, markers)
            )
        )
    if wanted("peg"):
        body = (
            (charts.peg_chart(pegs, period) + visit.peg_table(pegs))
            if pegs
            else empty("No complete PEG (all three items) in this period.")
        )
        sections.append(section("peg", "PEG (pain, enjoyment of life, general activity)", body))
    if wanted("sleep-mood"):
        sections.append(
            section(
                "sleep-mood", "Sleep and mood (0–10, higher is better)", charts.sleep_mood_chart(points, period, bucket)
            )
        )
    if wanted("taper"):
        sections.append(
            section("taper", "Taper plan, as agreed with the prescriber", taper_section(view, period, today))
        )
    if wanted("exposures"):
        sections.append(
            section(
                "exposures",
                "Exposure practice: predicted and actual",
                exposures_html(groups, exposure_rows, today=today, years=spans_years(period.start, period.end)),
            )
        )
    if wanted("ladder-ratings") and rerated:  # only once the person has re-rated their ladder
        sections.append(section("ladder-ratings", LADDER_RATINGS_HEADING, ladder_ratings_html(rerated)))
    if wanted("notes"):
        sections.append(section("notes", "Notes the person chose to share", notes_html(notes), "notes"))

    mood_line = visit.mood_line(mood) if "sleep-mood" not in left_out else None
    header = visit.header_block(
        period, today, None if "taper" in left_out else view, None if "peg" in left_out else pegs, practice, began,
        ([mood_line] if mood_line else []) + noted,
    )
    omitted = ""
    if left_out:
        names = ", ".join(SECTIONS[k].lower() for k in SECTIONS if k in left_out)
        omitted = f'<p class="omitted">Left out of this report at the person\'s choice: {escape(names)}.</p>'
    footnotes = [BANDS_NOTE, PEG_NOTE, load_mme_table().caution, NOT_A_MEDICAL_DEVICE]
    template = Template(files("coach.report").joinpath("template.html").read_text(encoding="utf-8"))
    return template.substitute(
        title=escape(TITLE),
        generated=escape(f"{local_now():%-d %B %Y}"),
        header_block=header,
        omitted=omitted,
        sections="\n".join(sections),
        footnotes="".join(f"<li>{escape(n, False)}</li>" for n in footnotes),
        version=escape(__version__),
    )
