"""Queries for exercise runs: created when the player starts, updated as each answer comes in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from coach.store import StoreError
from coach.store.models import ExerciseRun

# The fields an update may set; anything else is a programming error, not user input.
RUN_FIELDS = frozenset({"ended_at", "seconds_completed", "distress_before", "distress_after", "completed"})


def create_exercise_run(
    db: Session,
    exercise_id: str,
    started_at: datetime,
    *,
    session_id: int | None = None,
    distress_before: int | None = None,
) -> int:
    """A new run, saved before the first second is practised; returns its id."""
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
