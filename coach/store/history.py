"""Queries for the History screen: one summary row per past day, and one whole day read back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlmodel import Session, select

from coach.store.exercises import RUN_DAY_SQL, run_day_params, sessionless_runs_on
from coach.store.models import CheckIn, DailySession, ExerciseRun, ExposureGoal, LadderItem, Reflection


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
    (store.exercises.RUN_DAY_SQL), including runs an older coach saved outside the session."""
    rows = db.exec(
        text(
            f"""
            SELECT s.day, s.status = 'DONE', c.tolerability, c.pain, COALESCE(r.n, 0),
                   g.id IS NOT NULL, f.outcome, f.id IS NOT NULL
            FROM daily_session s
            LEFT JOIN checkin c ON c.session_id = s.id
            LEFT JOIN (
                SELECT {RUN_DAY_SQL} AS d, COUNT(*) AS n
                FROM exercise_run r LEFT JOIN daily_session s ON s.id = r.session_id
                GROUP BY d
            ) r ON r.d = s.day
            LEFT JOIN exposure_goal g ON g.session_id = s.id
            LEFT JOIN reflection f ON f.session_id = s.id
            WHERE (:before IS NULL OR s.day < :before)
            ORDER BY s.day DESC
            LIMIT :limit
            """
        ),
        params={
            "limit": -1 if limit is None else limit, "before": before.isoformat() if before else None,
            **run_day_params(db),
        },
    ).all()
    return [
        HistoryRow(
            date.fromisoformat(str(r[0])[:10]), bool(r[1]), r[2], r[3], int(r[4]), bool(r[5]),
            str(r[6]).lower() if r[6] else None, bool(r[7]),
        )
        for r in rows
    ]


def day_count(db: Session) -> int:
    return int(db.exec(text("SELECT COUNT(*) FROM daily_session")).one()[0])


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
