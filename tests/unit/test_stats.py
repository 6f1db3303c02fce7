"""Aggregations in SQL: series, 7-day average, buckets, streak, summary; and a synthetic history builder."""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from coach.domain.taper_series import MMEStep, mme_on, mme_steps
from coach.store.models import (
    CheckIn,
    DailySession,
    ExerciseRun,
    ExposureGoal,
    LadderItem,
    Medication,
    Reflection,
    TaperStep,
)
from coach.store.engine.db import sync_id_sequences
from coach.store.queries.stats import (
    Period,
    bucket_for,
    checkin_series,
    data_period,
    distress_series,
    expectancy_series,
    exposures,
    last_days,
    peg_series,
    shared_notes,
    streak,
    summary,
    taper_regimens,
)


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

TODAY = date(2026, 11, 25)
UTC = timezone.utc


def build_history(store, days: int, *, end: date = TODAY, seed: int = 7, skip_every: int = 0) -> None:
    """`days` daily sessions ending at `end`, each with a check-in, one exercise run, an exposure goal and
    a reflection; a weekly PEG; an oxycodone taper. Bulk inserts, so ten years take well under a second."""
    rng = random.Random(seed)
    sessions, checkins, runs, goals, reflections = [], [], [], [], []
    start = end - timedelta(days=days - 1)
    sid = 0
    for i in range(days):
        if skip_every and i % skip_every == skip_every - 1:
            continue
        sid += 1
        day = start + timedelta(days=i)
        at = datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)
        tol = max(0, min(10, round(3 + 5 * i / max(days, 1) + rng.uniform(-2, 2))))
        sessions.append({"id": sid, "day": day, "started_at": at, "completed_at": at + timedelta(minutes=20),
                         "status": "DONE", "current_step": "summary"})
        weekly = i % 7 == 0
        checkins.append({"id": sid, "session_id": sid, "pain": 10 - tol, "tolerability": tol,
                         "distress": rng.randint(2, 8), "sleep": 5, "mood": 5, "dose_timing": "ON_SCHEDULE",
                         "withdrawal_signs": [], "red_flags": [], "note": "private note",
                         "peg_pain": 6 if weekly else None, "peg_enjoyment": 5 if weekly else None,
                         "peg_activity": 4 if weekly else None, "updated_at": at})
        runs.append({"id": sid, "session_id": sid, "exercise_id": "box-breathing", "started_at": at,
                     "ended_at": at + timedelta(minutes=5), "seconds_completed": 300, "distress_before": 6,
                     "distress_after": 3, "completed": True})
        goals.append({"id": sid, "session_id": sid, "ladder_item_id": 1, "text": "", "planned_amount": 10.0,
                      "amount_unit": "MINUTES", "predicted_peak_pain": 8, "predicted_tolerability": 3,
                      "feared_outcome": "my back gives out", "feared_likelihood": 60, "updated_at": at})
        reflections.append({"id": sid, "session_id": sid, "goal_id": sid, "outcome": "FULLY", "actual_peak_pain": 6,
                            "actual_tolerability": 5, "feared_happened": 10, "noticed": f"noticed on {day}",
                            "response_practised": "breathed", "extra_dose": False, "extra_dose_note": "",
                            "next_step": "REPEAT", "share_with_care_team": i % 10 == 0, "updated_at": at})
    with store.session() as db:
        db.exec(insert(LadderItem), params=[{"id": 1, "name": "Walk to the corner", "difficulty": 40, "category": "",
                                             "archived": False, "created_at": datetime(2016, 1, 1, tzinfo=UTC)}])
        for table, rows in ((DailySession, sessions), (CheckIn, checkins), (ExerciseRun, runs),
                            (ExposureGoal, goals), (Reflection, reflections)):
            if rows:
                db.exec(insert(table), params=rows)
        db.add(Medication(id=1, drug="oxycodone", strength=10, doses_per_day=3, start_date=start))
        db.flush()
        db.add(TaperStep(medication_id=1, start_date=start + timedelta(days=days // 2), strength=10, doses_per_day=2))
        db.add(TaperStep(medication_id=1, start_date=start + timedelta(days=days * 3 // 4), strength=5, doses_per_day=3))
        sync_id_sequences(db.connection())  # the ids above were given: PostgreSQL's sequences catch up


def _session(db, day: date, status: str = "done", **checkin) -> int:
    s = DailySession(day=day, started_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC), status=status)
    db.add(s)
    db.flush()
    if checkin:
        db.add(CheckIn(session_id=s.id, **checkin))
    return s.id


def test_empty_database_gives_empty_series_and_zero_summary(store):
    period = last_days(TODAY, 14)
    with store.session() as db:
        assert data_period(db, TODAY) is None
        assert checkin_series(db, period) == []
        assert distress_series(db, period) == []
        assert expectancy_series(db, period) == []
        assert peg_series(db, period) == []
        s = summary(db, period, TODAY)
        assert streak(db, TODAY).current == 0
    assert s.sessions_started == 0 and s.sessions_done == 0 and s.tolerability_avg is None
    assert s.tolerability_bands == {"intolerable": 0, "tolerable": 0, "livable": 0}


def test_seven_day_average_counts_days_before_the_range(store):
    with store.session() as db:
        for offset, tol in enumerate([2, 4, 6, 8, 10, 0, 2, 4, 9]):
            _session(db, date(2026, 11, 1) + timedelta(days=offset), tolerability=tol, pain=10 - tol)
    with store.session() as db:
        points = checkin_series(db, Period(date(2026, 11, 7), date(2026, 11, 9)))
    assert [p.day for p in points] == [date(2026, 11, 7), date(2026, 11, 8), date(2026, 11, 9)]
    assert points[0].tolerability == 2
    assert points[0].tolerability_avg7 == pytest.approx(32 / 7, abs=0.01)  # 2+4+6+8+10+0+2 over 7 days
    assert points[2].tolerability_avg7 == pytest.approx((6 + 8 + 10 + 0 + 2 + 4 + 9) / 7, abs=0.01)
    assert points[2].pain == 1


def test_seven_day_average_is_by_calendar_days_not_rows(store):
    with store.session() as db:
        _session(db, date(2026, 11, 1), tolerability=0)
        _session(db, date(2026, 11, 20), tolerability=10)
    with store.session() as db:
        points = checkin_series(db, Period(date(2026, 11, 1), date(2026, 11, 25)))
    assert points[1].tolerability_avg7 == 10  # 1 Nov is outside the 7-day window of 20 Nov


def test_buckets_average_in_sql(store):
    with store.session() as db:
        for offset in range(14):
            _session(db, date(2026, 1, 1) + timedelta(days=offset), tolerability=offset % 7)
    with store.session() as db:
        points = checkin_series(db, Period(date(2026, 1, 1), date(2026, 1, 14)), bucket_days=7)
    assert [(p.day, p.tolerability, p.tolerability_avg7) for p in points] == [
        (date(2026, 1, 1), 3.0, None),
        (date(2026, 1, 8), 3.0, None),
    ]
    assert bucket_for(14) == 1 and bucket_for(365) == 7 and bucket_for(3650) == 30


def test_streak_counts_done_days_and_survives_until_today_is_done(store):
    with store.session() as db:
        for day in (date(2026, 11, 10), date(2026, 11, 11), date(2026, 11, 12), date(2026, 11, 13)):
            _session(db, day)
        for offset in range(3):
            _session(db, date(2026, 11, 22) + timedelta(days=offset))  # 22, 23, 24
        _session(db, date(2026, 11, 25), status="in_progress")
    with store.session() as db:
        assert streak(db, date(2026, 11, 25)).current == 3  # today still open: yesterday keeps the streak
        assert streak(db, date(2026, 11, 25)).longest == 4
        assert streak(db, date(2026, 11, 27)).current == 0  # a missed day ends it
        assert streak(db, date(2026, 11, 12)).current == 3  # only days up to "today" count


def test_distress_expectancy_peg_and_notes(store):
    build_history(store, 30)
    period = last_days(TODAY, 30)
    with store.session() as db:
        distress = distress_series(db, period)
        gap = expectancy_series(db, period)
        peg = peg_series(db, period)
        notes = shared_notes(db, period)
        rows = exposures(db, period)
    assert len(distress) == 30 and distress[0].before == 6 and distress[0].after == 3
    assert gap[0].predicted_pain == 8 and gap[0].actual_pain == 6
    assert [p.score for p in peg] == [5.0] * 5
    assert len(notes) == 3 and notes[0].noticed.startswith("noticed on")
    assert rows[0].activity == "Walk to the corner" and rows[0].outcome == "fully"


def test_summary_numbers(store):
    with store.session() as db:
        _session(db, date(2026, 11, 20), tolerability=2, pain=8, dose_timing="extra_dose")
        _session(db, date(2026, 11, 21), tolerability=5, pain=6)
        _session(db, date(2026, 11, 24), tolerability=8, pain=3)
        _session(db, date(2026, 11, 25), status="in_progress", tolerability=9, pain=2)
        sid = _session(db, date(2026, 11, 23))
        db.add(Reflection(session_id=sid, extra_dose=True))
    with store.session() as db:
        s = summary(db, last_days(TODAY, 6), TODAY)
    assert s.days == 6 and s.sessions_started == 5 and s.sessions_done == 4
    assert s.tolerability_avg == 6.0
    assert s.tolerability_trend == pytest.approx(8.5 - 3.5)
    assert s.pain_trend == pytest.approx(2.5 - 7)
    assert s.tolerability_bands == {"intolerable": 1, "tolerable": 1, "livable": 2}
    assert s.extra_doses_recorded == 2
    assert s.streak_current == 2


def test_taper_series_steps_and_unknown_drugs(store):
    with store.session() as db:
        m = Medication(drug="oxycodone", strength=10, doses_per_day=3, start_date=date(2026, 1, 1))
        b = Medication(drug="buprenorphine", strength=2, doses_per_day=1, start_date=date(2026, 1, 1))
        h = Medication(drug="hydrocodone", strength=5, doses_per_day=2, start_date=date(2026, 2, 1))
        old = Medication(drug="morphine", strength=60, doses_per_day=2, start_date=date(2025, 1, 1), active=False)
        db.add_all([m, b, h, old])
        db.flush()
        db.add(TaperStep(medication_id=m.id, start_date=date(2026, 3, 1), strength=10, doses_per_day=2))
        db.add(TaperStep(medication_id=h.id, start_date=date(2026, 4, 1), strength=0, doses_per_day=0))
    with store.session() as db:
        series = mme_steps(taper_regimens(db))
    assert series.steps == [
        MMEStep(date(2026, 1, 1), 45.0),
        MMEStep(date(2026, 2, 1), 55.0),
        MMEStep(date(2026, 3, 1), 40.0),
        MMEStep(date(2026, 4, 1), 30.0),
    ]
    assert series.not_counted == ["buprenorphine"]
    assert mme_on(series, date(2025, 12, 31)) is None
    assert mme_on(series, date(2026, 3, 15)) == 40.0


def test_ten_years_of_queries_are_fast(store):
    build_history(store, 3650)
    with store.session() as db:
        period = data_period(db, TODAY)
        assert period is not None and period.days == 3650
        started = time.process_time()  # CPU time: other processes on a loaded machine do not count
        checkin_series(db, last_days(TODAY, 14))
        checkin_series(db, period, bucket_for(period.days))
        distress_series(db, period, bucket_for(period.days))
        expectancy_series(db, period, bucket_for(period.days))
        summary(db, period, TODAY)
        elapsed = time.process_time() - started
        assert streak(db, TODAY).current == 3650
    assert elapsed < 0.5, f"queries over ten years took {elapsed:.3f}s"
