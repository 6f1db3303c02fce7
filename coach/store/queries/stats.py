"""Aggregations for Progress, `coach stats` and the report: every average, bucket and streak is done in SQL.

One set of queries for SQLite and PostgreSQL: SQLAlchemy expressions, with day arithmetic through
`day_number` (coach.store.engine.portable_sql), and plain SQL that both engines accept where no day arithmetic is
needed (no SUM over a comparison: PostgreSQL has no sum(boolean), so counts are SUM(CASE ... 1 ELSE 0)).
Enums are stored by name (e.g. 'DONE').
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, literal, select, text
from sqlmodel import Session

from coach.store.exercises import run_day
from coach.store.engine.portable_sql import day_index, day_number
from coach.store.models import CheckIn, DailySession, ExerciseRun, ExposureGoal, Reflection, SessionStatus

# Ranges the Progress screen offers, in days (None = everything), and how many days one point covers there.
RANGES: dict[str, int | None] = {"2w": 14, "3m": 91, "1y": 365, "all": None}


def bucket_for(days: int) -> int:
    """Days per chart point: daily up to ~4 months, weekly up to ~2 years, then 30-day months."""
    if days <= 130:
        return 1
    if days <= 800:
        return 7
    return 30


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _round(value: Any, places: int = 2) -> float | None:
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
    return Period(_day(row[0]), max(today, _day(row[1])))


# --- series for charts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinPoint:
    day: date  # the first day the point covers
    pain: float | None
    tolerability: float | None
    tolerability_avg7: float | None  # only for daily points; a bucket is an average already
    distress: float | None


def _bucket(day, period: Period, bucket_days: int):  # noqa: ANN001, ANN202 - SQL expressions
    """Which bucket of `bucket_days` days, counted from the period's first day, `day` falls in."""
    return ((day_number(day) - literal(day_index(period.start))) // literal(max(1, bucket_days))).label("bucket")


def checkin_series(db: Session, period: Period, bucket_days: int = 1) -> list[CheckinPoint]:
    """Pain, tolerability and distress per day (or per bucket of days) with the 7-day tolerability average."""
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
                CheckIn.distress.label("distress"),
            )
            .where(DailySession.day.between(period.start - timedelta(days=6), period.end))
            .subquery()
        )
        rows = db.exec(
            select(inner.c.day, inner.c.pain, inner.c.tol, inner.c.tol7, inner.c.distress)
            .where(inner.c.day >= period.start)
            .order_by(inner.c.day)
        ).all()
    else:
        bucket = _bucket(DailySession.day, period, bucket_days)
        rows = db.exec(
            joined.add_columns(
                func.min(DailySession.day),
                func.avg(CheckIn.pain),
                func.avg(CheckIn.tolerability),
                literal(None),
                func.avg(CheckIn.distress),
            )
            .where(DailySession.day.between(period.start, period.end))
            .group_by(bucket)
            .order_by(func.min(DailySession.day))
        ).all()
    return [CheckinPoint(_day(r[0]), _round(r[1]), _round(r[2]), _round(r[3]), _round(r[4])) for r in rows]


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
class PegPoint:
    day: date
    score: float  # mean of the three PEG items, 0–10


def peg_series(db: Session, period: Period) -> list[PegPoint]:
    """Each complete PEG (all three items answered), in day order."""
    rows = db.exec(
        text(
            """
            SELECT s.day, (c.peg_pain + c.peg_enjoyment + c.peg_activity) / 3.0
            FROM daily_session s JOIN checkin c ON c.session_id = s.id
            WHERE s.day BETWEEN :start AND :end
              AND c.peg_pain IS NOT NULL AND c.peg_enjoyment IS NOT NULL AND c.peg_activity IS NOT NULL
            ORDER BY s.day
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
    ).all()
    return [PegPoint(_day(r[0]), round(float(r[1]), 2)) for r in rows]


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


# --- streak and summary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Streak:
    current: int  # consecutive done days ending today, or yesterday while today is still open
    longest: int


def streak(db: Session, today: date) -> Streak:
    """Runs of consecutive done days (gaps and islands: day number minus row number is constant in a run)."""
    done = (
        select(day_number(DailySession.day).label("n"))
        .where(DailySession.status == SessionStatus.DONE, DailySession.day <= today)
        .subquery("done")
    )
    numbered = select(done.c.n, (done.c.n - func.row_number().over(order_by=done.c.n)).label("grp")).subquery("g")
    runs = (
        select(func.max(numbered.c.n).label("last"), func.count().label("len")).group_by(numbered.c.grp).subquery("runs")
    )
    current = (
        select(runs.c.len)
        .where(runs.c.last >= literal(day_index(today) - 1))
        .order_by(runs.c.last.desc())
        .limit(1)
        .scalar_subquery()
    )
    row = db.exec(select(func.coalesce(func.max(runs.c.len), 0), func.coalesce(current, 0))).one()
    return Streak(current=int(row[1] or 0), longest=int(row[0] or 0))


@dataclass(frozen=True)
class Summary:
    """The numbers `coach stats` prints and the report opens with, for one period."""

    start: date
    end: date
    days: int
    sessions_started: int
    sessions_done: int
    streak_current: int
    streak_longest: int
    pain_avg: float | None
    tolerability_avg: float | None
    distress_avg: float | None
    # Trends: the second half of the period minus the first half (positive = higher lately).
    pain_trend: float | None
    tolerability_trend: float | None
    exercises_done: int  # runs with any time practised, stopped early or not
    exercises_completed: int  # of those, run to the end
    exercise_seconds: int
    exercise_minutes: float
    distress_before_avg: float | None
    distress_after_avg: float | None
    exposures_planned: int
    exposures_fully: int
    exposures_partly: int
    exposures_not_today: int
    # How much higher the predicted peak pain was than the actual one, on average (the expectancy gap).
    pain_prediction_gap: float | None
    peg_first: float | None
    peg_last: float | None
    extra_doses_recorded: int
    tolerability_bands: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        data["end"] = self.end.isoformat()
        return data


def summary(db: Session, period: Period, today: date) -> Summary:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "mid": period.middle.isoformat()}
    s = db.exec(
        text(
            """
            SELECT COUNT(*),
                   COALESCE(SUM(CASE WHEN s.status = 'DONE' THEN 1 ELSE 0 END), 0),
                   AVG(c.pain), AVG(c.tolerability), AVG(c.distress),
                   AVG(CASE WHEN s.day >= :mid THEN c.pain END) - AVG(CASE WHEN s.day < :mid THEN c.pain END),
                   AVG(CASE WHEN s.day >= :mid THEN c.tolerability END)
                       - AVG(CASE WHEN s.day < :mid THEN c.tolerability END),
                   COALESCE(SUM(CASE WHEN c.dose_timing = 'EXTRA_DOSE' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN c.tolerability <= 3 THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN c.tolerability BETWEEN 4 AND 6 THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN c.tolerability >= 7 THEN 1 ELSE 0 END), 0)
            FROM daily_session s LEFT JOIN checkin c ON c.session_id = s.id
            WHERE s.day BETWEEN :start AND :end
            """
        ),
        params=params,
    ).one()
    run = ExerciseRun
    e = db.exec(
        select(
            func.coalesce(func.sum(case(((run.seconds_completed > 0) | run.completed, 1), else_=0)), 0),
            func.coalesce(func.sum(run.seconds_completed), 0),
            func.avg(run.distress_before),
            func.avg(run.distress_after),
            func.coalesce(func.sum(case((run.completed, 1), else_=0)), 0),
        )
        .select_from(run)
        .outerjoin(DailySession, DailySession.id == run.session_id)
        .where(run_day(db).between(period.start, period.end))
    ).one()
    x = db.exec(
        text(
            """
            SELECT COUNT(g.id),
                   COALESCE(SUM(CASE WHEN r.outcome = 'FULLY' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN r.outcome = 'PARTLY' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN r.outcome = 'NOT_TODAY' THEN 1 ELSE 0 END), 0),
                   AVG(g.predicted_peak_pain - r.actual_peak_pain),
                   COALESCE(SUM(CASE WHEN r.extra_dose THEN 1 ELSE 0 END), 0)
            FROM exposure_goal g JOIN daily_session s ON s.id = g.session_id
            LEFT JOIN reflection r ON r.session_id = s.id
            WHERE s.day BETWEEN :start AND :end
            """
        ),
        params=params,
    ).one()
    extra_in_reflections = db.exec(
        text(
            """
            SELECT COUNT(*) FROM reflection r JOIN daily_session s ON s.id = r.session_id
            LEFT JOIN checkin c ON c.session_id = s.id
            WHERE r.extra_dose AND s.day BETWEEN :start AND :end
              AND (c.dose_timing IS NULL OR c.dose_timing != 'EXTRA_DOSE')
            """
        ),
        params=params,
    ).one()[0]
    peg = peg_series(db, period)
    st = streak(db, today)
    return Summary(
        start=period.start,
        end=period.end,
        days=period.days,
        sessions_started=int(s[0]),
        sessions_done=int(s[1]),
        streak_current=st.current,
        streak_longest=st.longest,
        pain_avg=_round(s[2], 1),
        tolerability_avg=_round(s[3], 1),
        distress_avg=_round(s[4], 1),
        pain_trend=_round(s[5], 1),
        tolerability_trend=_round(s[6], 1),
        exercises_done=int(e[0]),
        exercises_completed=int(e[4]),
        exercise_seconds=int(e[1]),
        exercise_minutes=round(float(e[1]) / 60, 1),
        distress_before_avg=_round(e[2], 1),
        distress_after_avg=_round(e[3], 1),
        exposures_planned=int(x[0]),
        exposures_fully=int(x[1]),
        exposures_partly=int(x[2]),
        exposures_not_today=int(x[3]),
        pain_prediction_gap=_round(x[4], 1),
        peg_first=peg[0].score if peg else None,
        peg_last=peg[-1].score if peg else None,
        extra_doses_recorded=int(s[7]) + int(extra_in_reflections),
        tolerability_bands={"intolerable": int(s[8]), "tolerable": int(s[9]), "livable": int(s[10])},
    )


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
