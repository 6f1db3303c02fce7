"""The period a query covers, the ranges Progress offers, and the small helpers every query module shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import literal, text
from sqlmodel import Session

from coach.store.engine.portable_sql import day_index, day_number

# Ranges the Progress screen offers, in days (None = everything), and how many days one point covers there.
RANGES: dict[str, int | None] = {"2w": 14, "3m": 91, "1y": 365, "all": None}


def bucket_for(days: int) -> int:
    """Days per chart point: daily up to ~4 months, weekly up to ~2 years, then 30-day months."""
    if days <= 130:
        return 1
    if days <= 800:
        return 7
    return 30


def as_day(value: Any) -> date:
    """A day as the driver returned it (a date, or ISO text on SQLite's raw SQL) as a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def rounded(value: Any, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


@dataclass(frozen=True)
class Period:
    """An inclusive range of coach days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def middle(self) -> date:
        return self.start + timedelta(days=self.days // 2)


def last_days(today: date, days: int) -> Period:
    return Period(today - timedelta(days=days - 1), today)


def data_period(db: Session, today: date) -> Period | None:
    """From the first recorded day to today (or the last recorded day, if later); None when empty."""
    row = db.exec(text("SELECT MIN(day), MAX(day) FROM daily_session")).one()
    if row[0] is None:
        return None
    return Period(as_day(row[0]), max(today, as_day(row[1])))


def bucket_of(day, period: Period, bucket_days: int):  # noqa: ANN001, ANN201 - SQL expressions
    """Which bucket of `bucket_days` days, counted from the period's first day, `day` falls in."""
    return ((day_number(day) - literal(day_index(period.start))) // literal(max(1, bucket_days))).label("bucket")
