"""Queries for the History screen: one summary row per past day, and one whole day read back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from coach.store.exercises import run_day, sessionless_runs_on
from coach.store.models import CheckIn, DailySession, ExerciseRun, ExposureGoal, LadderItem, Reflection, SessionStatus


@dataclass(frozen=True)
class HistoryRow:
    day: date
    done: bool
    tolerability: int | None
    pain: int | None
    exercises: int
    has_goal: bool
    outcome: str | None  # fully / partly / not_today, or None without a reflection
    has_reflection: bool


def history_rows(db: Session, limit: int | None = None, before: date | None = None) -> list[HistoryRow]:
    """Days with a session, newest first (only days before `before`, if given), with what each of the four
    parts holds: one query, one page at a time for the History list. Exercises count on their day
    (store.exercises.run_day), including runs an older coach saved outside the session."""
    day = run_day(db)
    runs = (
        select(day.label("d"), func.count().label("n"))
        .select_from(ExerciseRun)
        .outerjoin(DailySession, DailySession.id == ExerciseRun.session_id)
        .group_by(day)
        .subquery("runs")
    )
    query = (
        select(
            DailySession.day,
            DailySession.status == SessionStatus.DONE,
            CheckIn.tolerability,
            CheckIn.pain,
            func.coalesce(runs.c.n, 0),
            ExposureGoal.id.is_not(None),
            Reflection.outcome,
            Reflection.id.is_not(None),
        )
        .outerjoin(CheckIn, CheckIn.session_id == DailySession.id)
        .outerjoin(runs, runs.c.d == DailySession.day)
        .outerjoin(ExposureGoal, ExposureGoal.session_id == DailySession.id)
        .outerjoin(Reflection, Reflection.session_id == DailySession.id)
        .order_by(DailySession.day.desc())
    )
    if before is not None:
        query = query.where(DailySession.day < before)
    if limit is not None:
        query = query.limit(limit)
    rows = db.exec(query).all()
    return [
        HistoryRow(
            r[0], bool(r[1]), r[2], r[3], int(r[4]), bool(r[5]), r[6].value if r[6] else None, bool(r[7]),
        )
        for r in rows
    ]


def day_count(db: Session) -> int:
    return int(db.exec(select(func.count()).select_from(DailySession)).one())


@dataclass(frozen=True)
class DayRecord:
    """One day, all four parts, read-only."""

    session: DailySession
    checkin: CheckIn | None
    runs: list[ExerciseRun]
    goal: ExposureGoal | None
    ladder_item: LadderItem | None
    reflection: Reflection | None


def day_record(db: Session, day: date) -> DayRecord | None:
    session = db.exec(select(DailySession).where(DailySession.day == day)).first()
    if session is None:
        return None
    goal = db.exec(select(ExposureGoal).where(ExposureGoal.session_id == session.id)).first()
    return DayRecord(
        session=session,
        checkin=db.exec(select(CheckIn).where(CheckIn.session_id == session.id)).first(),
        runs=sorted(
            [*db.exec(select(ExerciseRun).where(ExerciseRun.session_id == session.id)), *sessionless_runs_on(db, day)],
            key=lambda run: run.started_at,
        ),
        goal=goal,
        ladder_item=db.get(LadderItem, goal.ladder_item_id) if goal and goal.ladder_item_id else None,
        reflection=db.exec(select(Reflection).where(Reflection.session_id == session.id)).first(),
    )
