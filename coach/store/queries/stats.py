"""Aggregations for Progress, `coach stats` and the report: every average and bucket is done in SQL.

One set of queries for SQLite and PostgreSQL: SQLAlchemy expressions, with day arithmetic through
`day_number` (coach.store.engine.portable_sql), and plain SQL that both engines accept where no day arithmetic is
needed (no SUM over a comparison: PostgreSQL has no sum(boolean), so counts are SUM(CASE ... 1 ELSE 0)).
Enums are stored by name (e.g. 'DONE'). The period and its helpers live in queries.period, the streak and the
summary in queries.summary; both are re-exported here, where callers have always found them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text
from sqlmodel import Session

from coach.store.exercises import run_day
from coach.store.models import CheckIn, DailySession, ExerciseRun, ExposureGoal, Reflection
from coach.store.queries.checkins import checkin_window
from coach.store.queries.period import RANGES, Period, bucket_for, data_period, last_days
from coach.store.queries.period import as_day as _day
from coach.store.queries.period import bucket_of as _bucket
from coach.store.queries.period import rounded as _round
from coach.store.queries.summary import PegPoint, Streak, Summary, peg_series, streak, summary

__all__ = [
    "RANGES", "ActivityRow", "CheckinPoint", "DistressPoint", "ExpectancyPoint", "ExposureRow", "PegPoint",
    "Period", "RegimenRow", "SharedNote", "Streak", "Summary", "bucket_for", "checkin_series", "data_period",
    "distress_series", "expectancy_series", "exposures", "exposures_by_activity", "last_days", "peg_series",
    "shared_notes", "streak", "summary", "taper_regimens",
]


# --- series for charts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinPoint:
    day: date  # the first day the point covers
    pain: float | None
    tolerability: float | None
    tolerability_avg7: float | None  # only for daily points; a bucket is an average already
    distress: float | None


def checkin_series(db: Session, period: Period, bucket_days: int = 1) -> list[CheckinPoint]:
    """Pain, tolerability and distress per day (or per bucket of days) with the 7-day tolerability average."""
    rows = checkin_window(db, period, bucket_days, {"distress": CheckIn.distress})
    return [CheckinPoint(r.day, r.pain, r.tolerability, r.tolerability_avg7, r.extra[0]) for r in rows]


@dataclass(frozen=True)
class DistressPoint:
    day: date
    before: float | None
    after: float | None
    runs: int


def distress_series(db: Session, period: Period, bucket_days: int = 1) -> list[DistressPoint]:
    """Average distress before and after exercises per day (or bucket), each run on its day
    (store.exercises.run_day)."""
    runs = (
        select(
            run_day(db).label("d"),
            ExerciseRun.distress_before.label("before"),
            ExerciseRun.distress_after.label("after"),
        )
        .select_from(ExerciseRun)
        .outerjoin(DailySession, DailySession.id == ExerciseRun.session_id)
        .where((ExerciseRun.distress_before.is_not(None)) | (ExerciseRun.distress_after.is_not(None)))
        .subquery("runs")
    )
    bucket = _bucket(runs.c.d, period, bucket_days)
    rows = db.exec(
        select(func.min(runs.c.d), func.avg(runs.c.before), func.avg(runs.c.after), func.count())
        .where(runs.c.d.between(period.start, period.end))
        .group_by(bucket)
        .order_by(func.min(runs.c.d))
    ).all()
    return [DistressPoint(_day(r[0]), _round(r[1]), _round(r[2]), int(r[3])) for r in rows]


@dataclass(frozen=True)
class ExpectancyPoint:
    day: date
    predicted_pain: float | None
    actual_pain: float | None
    predicted_tolerability: float | None
    actual_tolerability: float | None
    exposures: int


def expectancy_series(db: Session, period: Period, bucket_days: int = 1) -> list[ExpectancyPoint]:
    """Predicted vs actual peak pain and tolerability for exposures that have a reflection."""
    bucket = _bucket(DailySession.day, period, bucket_days)
    rows = db.exec(
        select(
            func.min(DailySession.day),
            func.avg(ExposureGoal.predicted_peak_pain),
            func.avg(Reflection.actual_peak_pain),
            func.avg(ExposureGoal.predicted_tolerability),
            func.avg(Reflection.actual_tolerability),
            func.count(),
        )
        .select_from(ExposureGoal)
        .join(DailySession, DailySession.id == ExposureGoal.session_id)
        .join(Reflection, Reflection.session_id == DailySession.id)
        .where(DailySession.day.between(period.start, period.end))
        .group_by(bucket)
        .order_by(func.min(DailySession.day))
    ).all()
    return [ExpectancyPoint(_day(r[0]), *(_round(v) for v in r[1:5]), int(r[5])) for r in rows]


@dataclass(frozen=True)
class ExposureRow:
    day: date
    activity: str
    planned_amount: float | None
    amount_unit: str
    outcome: str | None
    predicted_pain: int | None
    actual_pain: int | None
    predicted_tolerability: int | None
    actual_tolerability: int | None
    feared_outcome: str
    feared_likelihood: int | None
    feared_happened: int | None


def exposures(db: Session, period: Period) -> list[ExposureRow]:
    """Every exposure goal in the period with its reflection (if any), newest last."""
    rows = db.exec(
        text(
            """
            SELECT s.day, COALESCE(NULLIF(g.text, ''), li.name, ''), g.planned_amount, g.amount_unit,
                   r.outcome, g.predicted_peak_pain, r.actual_peak_pain,
                   g.predicted_tolerability, r.actual_tolerability,
                   g.feared_outcome, g.feared_likelihood, r.feared_happened
            FROM exposure_goal g
            JOIN daily_session s ON s.id = g.session_id
            LEFT JOIN reflection r ON r.session_id = s.id
            LEFT JOIN ladder_item li ON li.id = g.ladder_item_id
            WHERE s.day BETWEEN :start AND :end
            ORDER BY s.day
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
    ).all()
    return [
        ExposureRow(
            _day(r[0]), r[1], r[2], str(r[3]).lower(), str(r[4]).lower() if r[4] else None, *r[5:9], r[9] or "",
            r[10], r[11],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class ActivityRow:
    activity: str
    planned: int
    fully: int
    partly: int
    not_today: int
    predicted_pain: float | None
    actual_pain: float | None
    feared_likelihood: float | None
    feared_happened: float | None
    last_day: date


def exposures_by_activity(db: Session, period: Period) -> list[ActivityRow]:
    """Exposure goals grouped by activity: how often, how they went, predicted vs actual on average."""
    rows = db.exec(
        text(
            """
            SELECT COALESCE(NULLIF(g.text, ''), li.name, '') AS activity, COUNT(*),
                   COALESCE(SUM(CASE WHEN r.outcome = 'FULLY' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN r.outcome = 'PARTLY' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN r.outcome = 'NOT_TODAY' THEN 1 ELSE 0 END), 0),
                   AVG(CASE WHEN r.actual_peak_pain IS NOT NULL THEN g.predicted_peak_pain END),
                   AVG(CASE WHEN g.predicted_peak_pain IS NOT NULL THEN r.actual_peak_pain END),
                   AVG(CASE WHEN r.feared_happened IS NOT NULL THEN g.feared_likelihood END),
                   AVG(CASE WHEN g.feared_likelihood IS NOT NULL THEN r.feared_happened END),
                   MAX(s.day)
            FROM exposure_goal g
            JOIN daily_session s ON s.id = g.session_id
            LEFT JOIN reflection r ON r.session_id = s.id
            LEFT JOIN ladder_item li ON li.id = g.ladder_item_id
            WHERE s.day BETWEEN :start AND :end
            GROUP BY activity
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
    ).all()
    # Most planned first, then by name in code-point order (sorted here: a server's collation may differ).
    rows = sorted(rows, key=lambda r: (-int(r[1]), r[0]))
    return [
        ActivityRow(r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4]), *(_round(v, 1) for v in r[5:9]), _day(r[9]))
        for r in rows
    ]


@dataclass(frozen=True)
class SharedNote:
    day: date
    noticed: str
    response_practised: str
    extra_dose_note: str


def shared_notes(db: Session, period: Period) -> list[SharedNote]:
    """Reflections the user marked to share with their care team (nothing else is shared)."""
    rows = db.exec(
        text(
            """
            SELECT s.day, r.noticed, r.response_practised, r.extra_dose_note
            FROM reflection r JOIN daily_session s ON s.id = r.session_id
            WHERE r.share_with_care_team AND s.day BETWEEN :start AND :end
            ORDER BY s.day
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
    ).all()
    return [SharedNote(_day(r[0]), r[1] or "", r[2] or "", r[3] or "") for r in rows]


# --- the taper plan, as rows for the MME step line -------------------------------------------------


@dataclass(frozen=True)
class RegimenRow:
    medication_id: int
    drug: str
    start_date: date
    strength: float
    doses_per_day: float
    note: str


def taper_regimens(db: Session) -> list[RegimenRow]:
    """Each active medication's starting regimen followed by its taper steps, in date order (the same plan
    the Taper screen shows: a medication marked inactive is not part of it)."""
    rows = db.exec(
        text(
            """
            SELECT m.id, m.drug, m.start_date, m.strength, m.doses_per_day, m.note, 0 AS k
            FROM medication m WHERE m.active
            UNION ALL
            SELECT m.id, m.drug, t.start_date, t.strength, t.doses_per_day, t.note, t.id AS k
            FROM taper_step t JOIN medication m ON m.id = t.medication_id WHERE m.active
            ORDER BY 3, 1, 7
            """
        )
    ).all()
    return [RegimenRow(int(r[0]), r[1], _day(r[2]), float(r[3]), float(r[4]), r[5] or "") for r in rows]
