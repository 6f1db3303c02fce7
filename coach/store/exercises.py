"""Queries for exercise runs: created when the player starts, updated as each answer comes in.

A run belongs to the day it was done on, wherever it was started: the daily session's Exercise step,
the Exercises screen or `coach exercise`. A run started outside the session joins that day's session
(starting it if there is none yet), so History, the day view, Home and the stats all count it there.
Runs saved by coach before this rule have no session. They are not rewritten: the queries place them
on the coach day they started (run_day, sessionless_runs_on). Times are stored in UTC without the
offset they were taken at, so that day is read in this machine's time zone: a migration would have had to
bake the same guess into the data for good, while a query can be corrected later.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from coach.domain.days import local_now
from coach.store import StoreError
from coach.store.models import ExerciseRun
from coach.store.repo import start_or_resume_session
from coach.store.settings import read_setting

def day_start_hour(db: Session) -> int:
    return read_setting(db, "day_start_hour")


def run_day(db: Session) -> Any:
    """A run's day as a SQL expression, for queries over `ExerciseRun` outer-joined to `DailySession`: its
    session's day, or (a run saved with no session) the coach day of its start: the stored UTC time moved
    by the local offset, less the day-start hour (store.portable_sql.shifted_date, on either engine)."""
    from sqlalchemy import func

    from coach.store.models import DailySession
    from coach.store.engine.portable_sql import shifted_date

    offset = local_now().utcoffset() or timedelta(0)
    minutes = round(offset.total_seconds() / 60) - 60 * day_start_hour(db)
    return func.coalesce(DailySession.day, shifted_date(ExerciseRun.started_at, minutes))


def sessionless_runs_on(db: Session, day: date) -> list[ExerciseRun]:
    """Runs saved with no session (before runs joined their day's session) that started on `day`."""
    start = datetime.combine(day, time(day_start_hour(db))).astimezone()  # local, stored times are UTC
    query = select(ExerciseRun).where(
        col(ExerciseRun.session_id).is_(None),
        col(ExerciseRun.started_at) >= start,
        col(ExerciseRun.started_at) < start + timedelta(days=1),
    )
    return list(db.exec(query))

# The fields an update may set; anything else is a programming error, not user input.
RUN_FIELDS = frozenset({"ended_at", "seconds_completed", "distress_before", "distress_after", "completed"})


def create_exercise_run(
    db: Session,
    exercise_id: str,
    started_at: datetime,
    *,
    day: date | None = None,
    session_id: int | None = None,
    distress_before: int | None = None,
) -> int:
    """A new run, saved before the first second is practised; returns its id. It is part of the session
    `session_id`, or else of `day`'s session, started here if the day has none yet."""
    if session_id is None:
        if day is None:
            raise ValueError("an exercise run needs its session or its day")
        session_id = start_or_resume_session(db, day, started_at).id
    run = ExerciseRun(
        exercise_id=exercise_id,
        started_at=started_at,
        session_id=session_id,
        distress_before=distress_before,
    )
    ExerciseRun.model_validate(run.model_dump())
    db.add(run)
    db.flush()
    assert run.id is not None
    return run.id


def update_exercise_run(db: Session, run_id: int, **fields: Any) -> ExerciseRun:
    """Set some of RUN_FIELDS on a run (values checked by the model's ranges)."""
    unknown = set(fields) - RUN_FIELDS
    if unknown:
        raise ValueError(f"not an exercise-run field: {', '.join(sorted(unknown))}")
    run = db.get(ExerciseRun, run_id)
    if run is None:
        raise StoreError(f"exercise run {run_id} no longer exists")
    for key, value in fields.items():
        setattr(run, key, value)
    ExerciseRun.model_validate(run.model_dump())
    db.add(run)
    db.flush()
    return run


def get_exercise_run(db: Session, run_id: int) -> ExerciseRun | None:
    return db.get(ExerciseRun, run_id)


def runs_for_session(db: Session, session_id: int) -> list[ExerciseRun]:
    """The runs done as part of one daily session, oldest first."""
    query = select(ExerciseRun).where(ExerciseRun.session_id == session_id).order_by(col(ExerciseRun.started_at), col(ExerciseRun.id))
    return list(db.exec(query))
