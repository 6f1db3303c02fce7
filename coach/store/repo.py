"""Named queries: the only place screens and commands read or write the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from coach.domain.days import DEFAULT_DAY_START_HOUR
from coach.store.models import DailySession, SessionStatus, Setting

DEFAULT_SETTINGS: dict[str, Any] = {
    "day_start_hour": DEFAULT_DAY_START_HOUR,
    "theme": "textual-dark",
    "reduced_motion": False,
    "mouse": True,
}


def get_setting(db: Session, key: str) -> Any:
    row = db.get(Setting, key)
    return row.value if row is not None else DEFAULT_SETTINGS.get(key)


def set_setting(db: Session, key: str, value: Any) -> None:
    row = row_to_change(db, select(Setting).where(Setting.key == key), lambda: Setting(key=key, value=value))
    row.value = value
    db.add(row)


def all_settings(db: Session) -> dict[str, Any]:
    values = dict(DEFAULT_SETTINGS)
    values.update({row.key: row.value for row in db.exec(select(Setting))})
    return values


def practice_day_count(db: Session) -> int:
    """How many days have a session (started or done): the 'day N' the app shows."""
    return db.exec(select(func.count()).select_from(DailySession)).one()


def session_for_day(db: Session, day: date) -> DailySession | None:
    return db.exec(select(DailySession).where(DailySession.day == day)).first()


Row = TypeVar("Row")


def row_to_change(db: Session, query: Any, make: Callable[[], Row]) -> Row:
    """The row `query` finds, locked until this transaction ends, or a new one from `make()`, written now.

    Two coach instances on one PostgreSQL journal may answer the same day at the same moment: the lock
    (SELECT ... FOR UPDATE) makes the second wait for the first's answers and then change only its own
    columns; if both create the row at once, the unique key refuses the second insert, which then takes
    the first one's row (a savepoint keeps the rest of its transaction). On SQLite the writer already
    holds the database's lock (BEGIN IMMEDIATE), and FOR UPDATE is left out.
    """
    row = db.exec(query.with_for_update()).first()
    if row is not None:
        return row
    row = make()
    try:
        with db.begin_nested():
            db.add(row)
    except IntegrityError:
        row = db.exec(query.with_for_update()).first()
        if row is None:
            raise
    return row


def start_or_resume_session(db: Session, day: date, now: datetime) -> DailySession:
    """Today's session, created at the first answer of the day; there is one per day."""
    return row_to_change(
        db,
        select(DailySession).where(DailySession.day == day),
        lambda: DailySession(day=day, started_at=now, status=SessionStatus.IN_PROGRESS),
    )
