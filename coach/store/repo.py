"""Named queries: the only place screens and commands read or write the database."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func
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
    row = db.get(Setting, key)
    if row is None:
        db.add(Setting(key=key, value=value))
    else:
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


def start_or_resume_session(db: Session, day: date, now: datetime) -> DailySession:
    """Today's session, created at the first answer of the day; there is one per day."""
    existing = session_for_day(db, day)
    if existing is not None:
        return existing
    session = DailySession(day=day, started_at=now, status=SessionStatus.IN_PROGRESS)
    db.add(session)
    db.flush()
    return session
