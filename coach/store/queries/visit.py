"""Queries for the care-team report and the FHIR export, as SQLAlchemy expressions SQLite and PostgreSQL share.

Day arithmetic goes through `day_number` (coach.store.engine.portable_sql), which each dialect compiles its own way;
JSON lists are counted with json_array_length, which both SQLite (JSON1) and PostgreSQL (for a json column)
provide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlmodel import Session

from coach.store.engine.portable_sql import day_index, day_number
from coach.store.models import CheckIn, DailySession, DoseTiming, Reflection, SessionStatus
from coach.store.queries.checkins import checkin_window
from coach.store.queries.period import Period

_n = day_index


def _round(value: object, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def _in(period: Period):  # noqa: ANN202 - a SQL condition
    return DailySession.day.between(period.start, period.end)


# --- daily and bucketed series --------------------------------------------------------------------


@dataclass(frozen=True)
class DayPoint:
    day: date  # the first day the point covers
    pain: float | None
    tolerability: float | None
    tolerability_avg7: float | None  # daily points only
    sleep: float | None
    mood: float | None


def checkin_points(db: Session, period: Period, bucket_days: int = 1) -> list[DayPoint]:
    """Pain, tolerability (with its 7-day average for daily points), sleep and mood per day or per bucket.
    Days without a check-in are simply absent, so a chart can leave them as gaps."""
    rows = checkin_window(db, period, bucket_days, {"sleep": CheckIn.sleep, "mood": CheckIn.mood})
    first = period.start.toordinal()
    return [
        DayPoint(
            r.day if r.bucket is None else date.fromordinal(first + bucket_days * r.bucket),
            r.pain,
            r.tolerability,
            r.tolerability_avg7,
            *r.extra,
        )
        for r in rows
    ]


# --- for the visit: doses, warning signs, withdrawal by week ---------------------------------------------


@dataclass(frozen=True)
class DoseEvent:
    day: date
    kind: str  # "extra" or "early"


def dose_events(db: Session, period: Period) -> list[DoseEvent]:
    """Extra and early doses, by day: from the check-in's dose timing, and extra doses told in a reflection."""
    timing = db.exec(
        select(DailySession.day, CheckIn.dose_timing)
        .join(CheckIn, CheckIn.session_id == DailySession.id)
        .where(_in(period), CheckIn.dose_timing.in_([DoseTiming.EXTRA_DOSE, DoseTiming.TAKEN_EARLY]))
    ).all()
    told = db.exec(
        select(DailySession.day)
        .join(Reflection, Reflection.session_id == DailySession.id)
        .outerjoin(CheckIn, CheckIn.session_id == DailySession.id)
        .where(
            _in(period),
            Reflection.extra_dose.is_(True),
            or_(CheckIn.dose_timing.is_(None), CheckIn.dose_timing != DoseTiming.EXTRA_DOSE),
        )
    ).all()
    events = [DoseEvent(d, "extra" if t == DoseTiming.EXTRA_DOSE else "early") for d, t in timing]
    events += [DoseEvent(d, "extra") for (d,) in told]
    return sorted(events, key=lambda e: (e.day, e.kind))


@dataclass(frozen=True)
class SignsDay:
    day: date
    signs: list[str]


def _sign_days(db: Session, period: Period, column) -> list[SignsDay]:  # noqa: ANN001 - a CheckIn JSON column
    """Days with at least one sign ticked in the check-in's `column`, with the signs, in date order."""
    rows = db.exec(
        select(DailySession.day, column)
        .join(CheckIn, CheckIn.session_id == DailySession.id)
        .where(_in(period), func.json_array_length(column) > 0)
        .order_by(DailySession.day)
    ).all()
    return [SignsDay(d, list(signs or [])) for d, signs in rows]


def warning_sign_days(db: Session, period: Period) -> list[SignsDay]:
    """Days on which a warning sign (red flag) was ticked at the check-in, with the signs."""
    return _sign_days(db, period, CheckIn.red_flags)


def withdrawal_sign_days(db: Session, period: Period) -> list[SignsDay]:
    """Days with at least one withdrawal sign ticked, with the signs."""
    return _sign_days(db, period, CheckIn.withdrawal_signs)


def week_monday(day: date) -> date:
    """The Monday that starts `day`'s week: the report's weeks run Monday to Sunday, like the weekly PEG."""
    return date.fromordinal(day.toordinal() - day.weekday())


@dataclass(frozen=True)
class WeekRow:
    start: date  # the week's Monday (the first week may begin before the period; it counts only days in it)
    checkins: int
    withdrawal_days: int
    extra_doses: int
    early_doses: int


def weeks(db: Session, period: Period) -> list[WeekRow]:
    """Per Monday-to-Sunday week of the period: check-ins, days with withdrawal signs, extra and early doses."""
    monday = week_monday(period.start)
    week = (day_number(DailySession.day) - literal(_n(monday))) // literal(7)
    rows = db.exec(
        select(
            week,
            func.count(CheckIn.id),
            func.coalesce(func.sum(case((func.json_array_length(CheckIn.withdrawal_signs) > 0, 1), else_=0)), 0),
            func.coalesce(func.sum(case((CheckIn.dose_timing == DoseTiming.EXTRA_DOSE, 1), else_=0)), 0),
            func.coalesce(func.sum(case((CheckIn.dose_timing == DoseTiming.TAKEN_EARLY, 1), else_=0)), 0),
        )
        .select_from(DailySession)
        .join(CheckIn, CheckIn.session_id == DailySession.id)
        .where(_in(period))
        .group_by(week)
        .order_by(week)
    ).all()
    return [
        WeekRow(date.fromordinal(monday.toordinal() + 7 * int(r[0])), int(r[1]), int(r[2]), int(r[3]), int(r[4]))
        for r in rows
    ]


# --- the header -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Practice:
    days_with_session: int
    days_done: int
    checkins: int


def practice(db: Session, period: Period) -> Practice:
    row = db.exec(
        select(
            func.count(DailySession.id),
            func.coalesce(func.sum(case((DailySession.status == SessionStatus.DONE, 1), else_=0)), 0),
            func.count(CheckIn.id),
        )
        .select_from(DailySession)
        .outerjoin(CheckIn, CheckIn.session_id == DailySession.id)
        .where(_in(period))
    ).one()
    return Practice(int(row[0]), int(row[1]), int(row[2]))


_PEG_DONE = and_(CheckIn.peg_pain.is_not(None), CheckIn.peg_enjoyment.is_not(None), CheckIn.peg_activity.is_not(None))


@dataclass(frozen=True)
class PegAnswer:
    checkin_id: int
    day: date
    at: datetime
    pain: int
    enjoyment: int
    activity: int

    @property
    def score(self) -> float:
        return round((self.pain + self.enjoyment + self.activity) / 3, 2)


def peg_answers(db: Session, period: Period) -> list[PegAnswer]:
    """Every complete PEG (all three items answered) in the period, oldest first."""
    rows = db.exec(
        select(
            CheckIn.id,
            DailySession.day,
            DailySession.started_at,
            CheckIn.peg_pain,
            CheckIn.peg_enjoyment,
            CheckIn.peg_activity,
        )
        .join(CheckIn, CheckIn.session_id == DailySession.id)
        .where(_in(period), _PEG_DONE)
        .order_by(DailySession.day)
    ).all()
    return [PegAnswer(int(r[0]), r[1], r[2], int(r[3]), int(r[4]), int(r[5])) for r in rows]


# --- rows for the FHIR export ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinRow:
    checkin_id: int
    day: date
    at: datetime
    pain: int | None
    tolerability: int | None


def checkin_rows(db: Session, period: Period) -> list[CheckinRow]:
    """Each check-in with a pain or tolerability rating, oldest first."""
    rows = db.exec(
        select(CheckIn.id, DailySession.day, DailySession.started_at, CheckIn.pain, CheckIn.tolerability)
        .join(CheckIn, CheckIn.session_id == DailySession.id)
        .where(_in(period), or_(CheckIn.pain.is_not(None), CheckIn.tolerability.is_not(None)))
        .order_by(DailySession.day)
    ).all()
    return [CheckinRow(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


@dataclass(frozen=True)
class MoodSummary:
    """Mood (0-10, higher is better) over a period: the average, and in its first and second halves."""

    average: float | None
    first_half: float | None
    second_half: float | None
    days: int


def mood_summary(db: Session, period: Period) -> MoodSummary:
    """Mood through the period, for page 1 of the report (HHS 2019 asks clinicians to watch mood in a taper)."""
    first = DailySession.day < period.middle
    row = db.exec(
        select(
            func.avg(CheckIn.mood),
            func.avg(case((first, CheckIn.mood))),
            func.avg(case((~first, CheckIn.mood))),
            func.count(CheckIn.mood),
        )
        .join(DailySession, CheckIn.session_id == DailySession.id)
        .where(_in(period))
    ).one()

    def rounded(value: Any) -> float | None:
        return None if value is None else round(float(value), 1)

    return MoodSummary(rounded(row[0]), rounded(row[1]), rounded(row[2]), int(row[3] or 0))
