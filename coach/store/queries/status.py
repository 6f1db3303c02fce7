"""`coach status` data with plain SQL: read-only sqlite3 (sqlcipher3 when encrypted) for a file, or the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from coach.domain.days import DEFAULT_DAY_START_HOUR, coach_day, local_now
from coach.domain.setting_checks import setting_or_default
from coach.domain.session import STEPS, TodayState, status_line
from coach.domain.session_steps import COLUMNS as STEP_COLUMNS
from coach.paths import DbTarget
from coach.store import StoreError

# Named parameters (:day) work the same in sqlite3 and SQLAlchemy's text(), so one set of queries serves both.
_DAY_START_SQL = "SELECT value FROM setting WHERE key = 'day_start_hour'"
_COUNT_SQL = "SELECT count(*) FROM daily_session"
_SETTINGS_SQL = "SELECT key, value FROM setting"
# Today's session with every answer domain.session_steps judges a step by, in one read.
_TODAY_PARTS = (("checkin", "c", "checkin"), ("goal", "g", "exposure_goal"), ("reflection", "f", "reflection"))
_TODAY_SQL = (
    "SELECT s.status, s.current_step, "
    + ", ".join(f"{alias}.{name}" for part, alias, _ in _TODAY_PARTS for name in STEP_COLUMNS[part])
    + ", (SELECT count(*) FROM exercise_run r WHERE r.session_id = s.id)"
    + " FROM daily_session s"
    + "".join(f" LEFT JOIN {table} {alias} ON {alias}.session_id = s.id" for _, alias, table in _TODAY_PARTS)
    + " WHERE s.day = :day"
)
_WEEK_SQL = """
SELECT avg(c.tolerability) FROM checkin c JOIN daily_session s ON s.id = c.session_id
WHERE s.day > :since AND s.day <= :day AND c.tolerability IS NOT NULL
"""

# Each active medication's regimen from its start and from each of its steps, for the step-day line.
_REGIMENS_SQL = """
SELECT m.id, m.start_date, m.strength * m.doses_per_day FROM medication m WHERE m.active
UNION ALL
SELECT s.medication_id, s.start_date, s.strength * s.doses_per_day
FROM taper_step s JOIN medication m ON m.id = s.medication_id WHERE m.active
"""

Query = Callable[[str, dict[str, Any]], Sequence[Any] | None]


def step_day_from_rows(rows: Sequence[Sequence[Any]], today: date, span: int | None = None) -> int | None:
    """Days since a step down that started today or in the two days before, or within `span` days
    (see domain.step_day)."""
    if not rows:  # no taper plan: nothing more to load
        return None
    from coach.domain.step_day import RegimenStart, parse_day, step_down_days_ago

    starts = [RegimenStart(int(med), parse_day(day), float(amount)) for med, day, amount in rows]
    return step_down_days_ago(starts, today) if span is None else step_down_days_ago(starts, today, span)


def step_day_in(connection: Any, today: date, span: int | None = None) -> int | None:
    """The same, read through an SQLAlchemy connection (the store's)."""
    from sqlalchemy import text

    return step_day_from_rows(connection.execute(text(_REGIMENS_SQL)).fetchall(), today, span)


def read_file(target: DbTarget, compute: Callable[[Query], Any]) -> Any:
    """Run `compute` over the SQLite file at `target` read-only with sqlite3; None if there is no data yet."""
    assert target.path is not None
    if not target.path.exists() or target.path.stat().st_size == 0:
        return None
    from coach.store.engine.cipher import connect, database_errors, readonly_uri
    from coach.store.engine.disk_trouble import damaged
    from coach.store.engine.guard import inspect_database_file, read_trouble

    state = inspect_database_file(target.path, target.key)
    if state.schema_version is None:
        return None
    try:
        conn = connect(readonly_uri(target.path), target.key, uri=True)
    except database_errors() as exc:
        raise read_trouble(target.path, exc, target.key) from None
    try:
        def query(sql: str, params: dict[str, Any], many: bool = False) -> Any:
            cursor = conn.execute(sql, _iso(params))
            return cursor.fetchall() if many else cursor.fetchone()

        # A damaged page anywhere: one line now (the app would meet it later, in the middle of a screen).
        if conn.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
            raise damaged(target.path, "its integrity check failed")
        return compute(query)
    except database_errors() as exc:
        raise read_trouble(target.path, exc, target.key) from None
    finally:
        conn.close()


def quick_home(target: DbTarget, now: datetime) -> tuple[int, TodayState, int | None] | None:
    """Home's numbers (days practised, today's state, days since a step down) from an SQLite file with plain sqlite3, so Home
    is complete before SQLModel has loaded: no file yet means no days yet. None where this cannot answer
    (an in-memory database or another server: the store reads them)."""
    if target.path is None:
        return None
    numbers = read_file(target, lambda query: home_view(query, now))
    return (0, TodayState(), None) if numbers is None else numbers


def home_view(query: Query, now: datetime) -> tuple[int, TodayState, int | None]:
    """Home's numbers: days with a session, today's state, and days since a step down (or None)."""
    today, count, state, _ = _home_numbers(query, now)
    return count, state, step_day_from_rows(query(_REGIMENS_SQL, {}, many=True), today)


@dataclass(frozen=True)
class StartupSettings:
    """What the launcher reads with sqlite3 before the app starts: the settings (defaults filled in,
    checked except NEEDS_CONTENT), which keys the user has set, and, when asked for, Home's numbers
    (days practised, today's state), so the first frame shows a complete Home."""

    values: dict[str, Any]
    stored: frozenset[str]
    home: tuple[int, TodayState, int | None] | None = None


def quick_settings(target: DbTarget, now: datetime | None = None) -> StartupSettings | None:
    """The settings in the SQLite file at `target` with plain sqlite3, so the look, keys and mouse are
    right from the first frame, and with `now` Home's numbers too, in the same read; defaults (and no
    days yet) where there is no file yet; None where this cannot answer (an in-memory database or
    another server: the store reads them when it opens)."""
    from coach.domain.setting_checks import NEEDS_CONTENT, settled

    if target.path is None:
        return None

    def read(query: Query) -> tuple[list[Any], tuple[int, TodayState] | None]:
        rows = query(_SETTINGS_SQL, {}, many=True)
        return rows, (home_view(query, now) if now is not None else None)

    got = read_file(target, read)
    rows, home = got if got is not None else ([], (0, TodayState(), None) if now is not None else None)
    stored: dict[str, Any] = {}
    for key, raw in rows:
        try:
            stored[key] = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            continue  # a hand-edited row that is not JSON: the default stands
    return StartupSettings(settled(stored, skip=NEEDS_CONTENT), frozenset(stored), home)


def status_text(target: DbTarget, now: datetime | None = None) -> str | None:
    """The status line for the database at `target`, or None when there is no database yet.
    Raises StoreError for a file that is not a readable coach database."""
    now = now or local_now()
    if target.path is not None:
        return read_file(target, lambda query: _compute(query, now))
    if target.url in ("sqlite://", "sqlite:///:memory:"):
        return None  # a new in-memory database is always empty
    return _status_from_store(target, now)


def _iso(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}


def _status_from_store(target: DbTarget, now: datetime) -> str:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from coach.store.engine.db import open_store

    store = open_store(target)
    try:
        with store.engine.connect() as conn:
            return _compute(lambda sql, params: conn.execute(text(sql), params).fetchone(), now)
    except StoreError:
        raise  # a server's problem, already in plain words
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read {target.describe()}: {exc.__class__.__name__}") from None
    finally:
        store.close()


def today_in(query: Query, now: datetime) -> date:
    """Coach's today at `now`, by the day-start hour stored in the database (the default if none)."""
    row = query(_DAY_START_SQL, {})
    hour = DEFAULT_DAY_START_HOUR
    if row is not None:
        try:
            value = json.loads(row[0]) if isinstance(row[0], str) else row[0]
        except ValueError:
            value = None
        hour = setting_or_default("day_start_hour", value)[0]
    return coach_day(now, hour)


def _home_numbers(query: Query, now: datetime) -> tuple[date, int, TodayState, int | None]:
    """(today, days with a session, today's state, today's tolerability)."""
    today = today_in(query, now)
    count = query(_COUNT_SQL, {})[0]
    row = query(_TODAY_SQL, {"day": today})
    if row is None:
        return today, count, TodayState(), None
    values = iter(row[2:-1])
    answers = {part: {name: next(values) for name in STEP_COLUMNS[part]} for part, _, _ in _TODAY_PARTS}
    outcome = answers["reflection"]["outcome"]
    if isinstance(outcome, str):  # (SQLAlchemy stores an enum by its name: NOT_TODAY)
        answers["reflection"]["outcome"] = outcome.lower()
    state = TodayState.of(
        finished=str(row[0]).upper() == "DONE",
        current_step=row[1] if row[1] in STEPS else "checkin",
        runs=int(row[-1]),
        **answers,
    )
    tolerability = answers["checkin"]["tolerability"]
    return today, count, state, tolerability


def _compute(query: Query, now: datetime) -> str:
    today, count, state, tolerability = _home_numbers(query, now)
    day_number = count if state.started else count + 1
    week = query(_WEEK_SQL, {"day": today, "since": today - timedelta(days=7)})
    average = float(week[0]) if week is not None and week[0] is not None else None
    return status_line(day_number, state, tolerability, average)
