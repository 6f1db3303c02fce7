"""Home's trend with plain SQL both engines run: 14 days of tolerability, this week against the four before,
days practised, the taper step in force and the next, and the last exposure's expectation against outcome.

The same statements run through sqlite3 on the start-up fast path (no SQLModel loaded: Home fills in soon
after its first frame) and through the store's SQLAlchemy connection (PostgreSQL, an in-memory journal).
Days are compared with bound dates only (no day arithmetic), enums by their stored name ('DONE'), and
counts with SUM(CASE ...) or count(*), so no statement needs a dialect of its own.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from coach.domain.home_trend import Expectation, HomeTrend, TaperPosition
from coach.paths import DbTarget
from coach.store.queries.status import Query, home_view, read_file, today_in

TREND_DAYS = 14
WEEK_DAYS = 7
BEFORE_DAYS = 28  # "the previous four weeks"

_TOLERABILITY_SQL = """
SELECT s.day, c.tolerability FROM daily_session s JOIN checkin c ON c.session_id = s.id
WHERE s.day > :since AND s.day <= :day AND c.tolerability IS NOT NULL
"""
_WEEKS_SQL = """
SELECT CASE WHEN s.day > :week THEN 1 ELSE 0 END, avg(c.tolerability), count(c.tolerability)
FROM daily_session s JOIN checkin c ON c.session_id = s.id
WHERE s.day > :since AND s.day <= :day AND c.tolerability IS NOT NULL
GROUP BY CASE WHEN s.day > :week THEN 1 ELSE 0 END
"""
_PRACTISED_SQL = "SELECT count(*) FROM daily_session WHERE day > :week AND day <= :day AND status = 'DONE'"
_TAPER_SQL = """
SELECT sum(CASE WHEN s.start_date <= :day THEN 1 ELSE 0 END), count(*),
       max(CASE WHEN s.start_date <= :day THEN s.start_date END),
       min(CASE WHEN s.start_date > :day THEN s.start_date END)
FROM taper_step s JOIN medication m ON m.id = s.medication_id WHERE m.active
"""
_EXPECTATION_SQL = """
SELECT s.day, g.text, g.predicted_peak_pain, f.actual_peak_pain, g.predicted_tolerability, f.actual_tolerability
FROM reflection f JOIN daily_session s ON s.id = f.session_id JOIN exposure_goal g ON g.session_id = s.id
WHERE s.day <= :day
  AND ((g.predicted_peak_pain IS NOT NULL AND f.actual_peak_pain IS NOT NULL)
       OR (g.predicted_tolerability IS NOT NULL AND f.actual_tolerability IS NOT NULL))
ORDER BY s.day DESC LIMIT 1
"""


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def home_trend(query: Query, today: date) -> HomeTrend:
    """Home's trend as of coach day `today` (five small aggregate reads)."""
    first = today - timedelta(days=TREND_DAYS - 1)
    by_day = {_day(day): int(value) for day, value in query(
        _TOLERABILITY_SQL, {"since": first - timedelta(days=1), "day": today}, many=True
    )}
    days = [by_day.get(first + timedelta(days=offset)) for offset in range(TREND_DAYS)]
    week_start = today - timedelta(days=WEEK_DAYS)
    averages = {int(part): (float(avg), int(count)) for part, avg, count in query(
        _WEEKS_SQL, {"week": week_start, "since": week_start - timedelta(days=BEFORE_DAYS), "day": today}, many=True
    )}
    practised = int(query(_PRACTISED_SQL, {"week": week_start, "day": today})[0] or 0)
    started, total, since, upcoming = query(_TAPER_SQL, {"day": today})
    taper = None
    if total:
        taper = TaperPosition(
            step=int(started or 0), steps=int(total),
            since=_day(since) if since is not None else None,
            next_on=_day(upcoming) if upcoming is not None else None,
        )
    row = query(_EXPECTATION_SQL, {"day": today})
    expectation = None
    if row is not None:
        expectation = Expectation(_day(row[0]), row[1] or "", *(_int(value) for value in row[2:6]))
    return HomeTrend(
        today=today,
        tolerability=days,
        week=averages.get(1),
        before=averages.get(0),
        practised=practised,
        taper=taper,
        expectation=expectation,
    )


def quick_home_with_trend(target: DbTarget, now: datetime) -> tuple[tuple[Any, ...], HomeTrend] | None:
    """Home's numbers (status.quick_home) and its trend in one read-only sqlite3 pass over the file; None
    where this cannot answer (no file path: the store reads them) or there is no journal yet."""
    if target.path is None:
        return None
    return read_file(target, lambda query: (home_view(query, now), home_trend(query, today_in(query, now))))


def store_home_trend(connection: Any, today: date) -> HomeTrend:
    """The same through an SQLAlchemy connection (the store's: any engine)."""
    from sqlalchemy import text

    def query(sql: str, params: dict[str, Any], many: bool = False) -> Any:
        result = connection.execute(text(sql), params)
        return result.fetchall() if many else result.fetchone()

    return home_trend(query, today)
