"""The streak and the period summary `coach stats` prints and the report opens with, aggregated in SQL."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal, select, text
from sqlmodel import Session

from coach.store.engine.portable_sql import day_index, day_number
from coach.store.exercises import run_day
from coach.store.models import DailySession, ExerciseRun, SessionStatus
from coach.store.queries.period import Period, as_day, rounded


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
    return [PegPoint(as_day(r[0]), round(float(r[1]), 2)) for r in rows]


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
        pain_avg=rounded(s[2], 1),
        tolerability_avg=rounded(s[3], 1),
        distress_avg=rounded(s[4], 1),
        pain_trend=rounded(s[5], 1),
        tolerability_trend=rounded(s[6], 1),
        exercises_done=int(e[0]),
        exercises_completed=int(e[4]),
        exercise_seconds=int(e[1]),
        exercise_minutes=round(float(e[1]) / 60, 1),
        distress_before_avg=rounded(e[2], 1),
        distress_after_avg=rounded(e[3], 1),
        exposures_planned=int(x[0]),
        exposures_fully=int(x[1]),
        exposures_partly=int(x[2]),
        exposures_not_today=int(x[3]),
        pain_prediction_gap=rounded(x[4], 1),
        peg_first=peg[0].score if peg else None,
        peg_last=peg[-1].score if peg else None,
        extra_doses_recorded=int(s[7]) + int(extra_in_reflections),
        tolerability_bands={"intolerable": int(s[8]), "tolerable": int(s[9]), "livable": int(s[10])},
    )


