"""The one windowed check-in query: per day with the 7-day tolerability average, or per bucket of days."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from coach.store.engine.portable_sql import day_number
from coach.store.models import CheckIn, DailySession
from coach.store.queries.period import Period, as_day, bucket_of, rounded


@dataclass(frozen=True)
class CheckinRow:
    day: date  # the day (daily) or the first day with a check-in in the bucket
    bucket: int | None  # the bucket's number from the period's first day (None for daily rows)
    pain: float | None
    tolerability: float | None
    tolerability_avg7: float | None  # daily rows only: a bucket is an average already
    extra: tuple[float | None, ...]  # the `extra` columns asked for, in their order (averaged per bucket)


def checkin_window(
    db: Session, period: Period, bucket_days: int = 1, extra: Mapping[str, Any] | None = None
) -> list[CheckinRow]:
    """Pain and tolerability per day with the 7-day tolerability average, or averaged per bucket of days,
    plus the CheckIn columns in `extra` (name -> column). Days without a check-in are absent."""
    columns = dict(extra or {})
    joined = select().select_from(DailySession).join(CheckIn, CheckIn.session_id == DailySession.id)
    if bucket_days <= 1:
        # The window runs over the six days before the range too, so the first points have a full average.
        tol7 = func.avg(CheckIn.tolerability).over(order_by=day_number(DailySession.day), range_=(-6, 0))
        inner = (
            joined.add_columns(
                DailySession.day.label("day"),
                CheckIn.pain.label("pain"),
                CheckIn.tolerability.label("tol"),
                tol7.label("tol7"),
                *(column.label(f"x_{name}") for name, column in columns.items()),
            )
            .where(DailySession.day.between(period.start - timedelta(days=6), period.end))
            .subquery()
        )
        rows = db.exec(
            select(inner.c.day, inner.c.pain, inner.c.tol, inner.c.tol7, *(inner.c[f"x_{n}"] for n in columns))
            .where(inner.c.day >= period.start)
            .order_by(inner.c.day)
        ).all()
        return [
            CheckinRow(as_day(r[0]), None, rounded(r[1]), rounded(r[2]), rounded(r[3]), tuple(rounded(v) for v in r[4:]))
            for r in rows
        ]
    bucket = bucket_of(DailySession.day, period, bucket_days)
    rows = db.exec(
        joined.add_columns(
            func.min(DailySession.day),
            bucket,
            func.avg(CheckIn.pain),
            func.avg(CheckIn.tolerability),
            *(func.avg(column) for column in columns.values()),
        )
        .where(DailySession.day.between(period.start, period.end))
        .group_by(bucket)
        .order_by(bucket)
    ).all()
    return [
        CheckinRow(as_day(r[0]), int(r[1]), rounded(r[2]), rounded(r[3]), None, tuple(rounded(v) for v in r[4:]))
        for r in rows
    ]
