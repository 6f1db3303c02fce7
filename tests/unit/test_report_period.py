"""The report counts from the journal's first day and says so; planned amounts read "1 time"; today's goal
waits for its reflection; dates keep their year across a new year; one rounding rule; and text an import
brought (notes, activities, notes on the plan, unknown sign names) reaches the page through the screens'
rule: no control character, NUL, 8-bit control or direction override."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from coach.report import render_report
from coach.store.models import CheckIn, DailySession, ExposureGoal, Medication, Reflection, TaperStep
from coach.store.transfer.journal import export_json, import_export, parse_export
from tests.unit.test_report import _header, _section
from tests.unit.test_stats import TODAY, build_history

pytestmark = pytest.mark.both_engines
UTC = timezone.utc
HOSTILE = "a\x1b[2J\x00b\x85c\x9bd\u202eevil\u2066e"


def test_a_journal_younger_than_the_period_counts_from_its_first_day(store):
    build_history(store, 30, skip_every=4)  # 30 days, a session on 23 of them (every 4th day skipped)
    html = render_report(store, TODAY, 90)
    header = _header(html)
    first = TODAY - timedelta(days=29)
    assert f"Period</th><td>{first.day} {first:%b %Y} – 25 Nov 2026 (30 days), since {first.day} {first:%B}, " \
           "when the journal began" in header
    assert "23 of 30 days had a session" in header
    # a period inside the journal's life is left as asked, without the note
    inside = _header(render_report(store, TODAY, 14))
    assert "(14 days)</td>" in inside and "when the journal began" not in inside


def _goal_day(store, day: date, unit: str, amount: float, outcome: str | None) -> None:
    with store.session() as db:
        s = DailySession(day=day, started_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC), status="done")
        db.add(s)
        db.flush()
        db.add(CheckIn(session_id=s.id, pain=5, tolerability=5))
        db.add(ExposureGoal(session_id=s.id, text="Stairs", planned_amount=amount, amount_unit=unit,
                            predicted_peak_pain=6))
        if outcome is not None:
            db.add(Reflection(session_id=s.id, outcome=outcome, actual_peak_pain=4))


def test_amounts_read_as_words_and_todays_goal_waits_for_its_reflection(store):
    _goal_day(store, TODAY - timedelta(days=2), "reps", 1, "fully")
    _goal_day(store, TODAY - timedelta(days=1), "minutes", 1, None)  # a past day left without a reflection
    _goal_day(store, TODAY, "reps", 3, None)
    html = render_report(store, TODAY, 30)
    exposures = _section(html, "exposures")
    assert ">1 time<" in exposures and ">3 times<" in exposures and ">1 minute<" in exposures
    assert "reps" not in exposures
    assert "1 fully, 1 waiting for the reflection, 1 with no reflection recorded" in exposures
    assert ">waiting for the reflection<" in exposures and ">no reflection recorded<" in exposures
    assert "0 partly" not in html and "0 not that day" not in html
    summary = _section(html, "summary")
    assert "3 set: 1 fully, 1 waiting for the reflection, 1 with no reflection recorded" in summary


def test_dates_keep_their_year_when_the_period_spans_years(store):
    for day in (date(2025, 12, 30), date(2026, 1, 3)):
        _goal_day(store, day, "reps", 2, "fully")
        with store.session() as db:
            row = db.exec(CheckIn.__table__.select().order_by(CheckIn.id.desc())).first()
            db.exec(CheckIn.__table__.update().where(CheckIn.id == row.id).values(dose_timing="EXTRA_DOSE"))
    html = render_report(store, date(2026, 1, 10), 30)
    visit = _section(html, "for-the-visit")
    assert "30 Dec 2025, 3 Jan 2026" in visit
    assert ">3 Jan 2026<" in _section(html, "exposures")
    within = _section(render_report(store, date(2026, 1, 10), 8), "for-the-visit")
    assert "— 3 Jan</li>" in within  # a period inside one year leaves it out


def test_one_rounding_rule_for_the_plan_everywhere(store):
    start = TODAY - timedelta(days=40)
    with store.session() as db:
        med = Medication(drug="oxycodone", strength=8.5, doses_per_day=3, start_date=start)  # 38.25 MME/day
        db.add(med)
        db.flush()
        db.add(TaperStep(medication_id=med.id, start_date=TODAY - timedelta(days=10), strength=8, doses_per_day=3))
    with store.session() as db:
        for offset in range(41):
            day = start + timedelta(days=offset)
            s = DailySession(day=day, started_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC), status="done")
            db.add(s)
            db.flush()
            db.add(CheckIn(session_id=s.id, pain=5, tolerability=5, withdrawal_signs=["yawning"] if offset < 14 else []))
    html = render_report(store, TODAY, 41)
    assert "38.25" not in html
    assert "38.2" in _section(html, "for-the-visit") and "38.2 MME/day" in html


def _hostile_journal(store) -> None:
    """Write a journal, export it, put hostile text in every free-text field, and import it into `store`."""
    build_history(store, 10)
    with store.session() as db:
        db.add(Medication(drug="morphine", strength=10, doses_per_day=2, start_date=TODAY - timedelta(days=9),
                          note=HOSTILE))
    data = json.loads(export_json(store))
    for row in data["reflection"]:
        row.update(noticed=HOSTILE, response_practised=HOSTILE, extra_dose_note=HOSTILE, share_with_care_team=True)
    for row in data["exposure_goal"]:
        row.update(text=HOSTILE, feared_outcome=HOSTILE)
    for row in data["checkin"]:
        row.update(withdrawal_signs=[HOSTILE], red_flags=[HOSTILE])
    with store.session() as db:
        for table in (Reflection, ExposureGoal, CheckIn, TaperStep, Medication, DailySession):
            db.exec(table.__table__.delete())
    import_export(store, parse_export(json.dumps(data)))


@pytest.mark.sqlite_only  # PostgreSQL cannot store NUL in text at all; the page is drawn the same on both
def test_a_hostile_import_reaches_the_report_as_visible_signs(store):
    _hostile_journal(store)
    html = render_report(store, TODAY, 10)
    assert re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", html) is None
    assert html.count("a␛[2J␀b") >= 5  # notes, activities, feared outcomes, signs, the plan's note
    assert "evil" in _section(html, "notes") and "evil" in _section(html, "exposures")
    assert "evil" in _section(html, "taper") and "evil" in _section(html, "for-the-visit")
