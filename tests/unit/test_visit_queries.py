"""The report's store queries (coach/store/queries/visit.py): what they return, and SQL that PostgreSQL accepts too."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession

from coach.store.queries import visit as q
from coach.store.models import CheckIn, DailySession, Reflection
from coach.store.queries.stats import Period
from tests.unit.test_stats import TODAY, build_history

# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

UTC = timezone.utc


def test_day_number_compiles_for_each_dialect():
    stmt = select(q.day_number(DailySession.day))
    assert "julianday(daily_session.day)" in str(stmt.compile(dialect=sqlite.dialect()))
    pg = str(stmt.compile(dialect=postgresql.dialect()))
    assert "CAST(daily_session.day AS DATE) - DATE '2000-01-01'" in pg and "julianday" not in pg


def test_every_query_compiles_for_postgresql_without_sqlite_only_functions(store):
    build_history(store, 60)
    seen = []

    def capture(state):  # noqa: ANN001
        seen.append(str(state.statement.compile(dialect=postgresql.dialect())))

    event.listen(OrmSession, "do_orm_execute", capture)
    try:
        period = Period(TODAY - timedelta(days=59), TODAY)
        with store.session() as db:
            q.checkin_points(db, period, 1)
            q.checkin_points(db, period, 7)
            q.dose_events(db, period)
            q.warning_sign_days(db, period)
            q.withdrawal_sign_days(db, period)
            q.weeks(db, period)
            q.practice(db, period)
            q.peg_answers(db, period)
            q.checkin_rows(db, period)
    finally:
        event.remove(OrmSession, "do_orm_execute", capture)
    assert len(seen) >= 10
    for sql in seen:
        for word in ("julianday", "strftime", "json_each", "date(", "IFNULL"):
            assert word not in sql, (word, sql)


def _day(db, day: date, **checkin) -> int:
    s = DailySession(day=day, started_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC), status="done")
    db.add(s)
    db.flush()
    db.add(CheckIn(session_id=s.id, **checkin))
    return s.id


def test_series_leave_missing_days_out_and_buckets_start_on_their_day(store):
    with store.session() as db:
        for d in (1, 2, 5, 9):
            _day(db, date(2026, 11, d), pain=d, tolerability=10 - d, sleep=4, mood=6)
    period = Period(date(2026, 11, 1), date(2026, 11, 14))
    with store.session() as db:
        daily = q.checkin_points(db, period, 1)
        weekly = q.checkin_points(db, period, 7)
    assert [p.day.day for p in daily] == [1, 2, 5, 9]
    assert daily[2].tolerability_avg7 == round((9 + 8 + 5) / 3, 2)
    assert [(p.day, p.pain) for p in weekly] == [(date(2026, 11, 1), round(8 / 3, 2)), (date(2026, 11, 8), 9.0)]


def test_doses_signs_and_weeks(store):
    with store.session() as db:
        _day(db, date(2026, 11, 2), dose_timing="extra_dose", withdrawal_signs=["yawning"])
        _day(db, date(2026, 11, 3), dose_timing="taken_early", red_flags=["drowsy"])
        sid = _day(db, date(2026, 11, 10), withdrawal_signs=[])
        db.add(Reflection(session_id=sid, extra_dose=True))
    period = Period(date(2026, 11, 1), date(2026, 11, 14))
    with store.session() as db:
        assert [(e.day.day, e.kind) for e in q.dose_events(db, period)] == [(2, "extra"), (3, "early"), (10, "extra")]
        assert [(s.day.day, s.signs) for s in q.warning_sign_days(db, period)] == [(3, ["drowsy"])]
        assert [(s.day.day, s.signs) for s in q.withdrawal_sign_days(db, period)] == [(2, ["yawning"])]
        weeks = q.weeks(db, period)
        # Weeks run Monday to Sunday (the period starts on Sunday 1 Nov, which has no check-in)
        assert [(w.start.day, w.checkins, w.withdrawal_days, w.extra_doses, w.early_doses) for w in weeks] == [
            (2, 2, 1, 1, 1),
            (9, 1, 0, 0, 0),
        ]
        assert all(w.start.weekday() == 0 for w in weeks)
        assert q.practice(db, period) == q.Practice(3, 3, 3)
