"""Queries for the daily session: answers saved field by field as they are given, and read back to resume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from coach.domain.session import STEPS, TodayState
from coach.store.models import (
    AmountUnit,
    CheckIn,
    DailySession,
    DoseTiming,
    ExerciseRun,
    ExposureGoal,
    LadderItem,
    NextStep,
    Outcome,
    Reflection,
    SessionStatus,
)
from coach.store.engine.portable_sql import text_order
from coach.store.repo import row_to_change, session_for_day, start_or_resume_session

_SCALE10 = {"pain", "tolerability", "distress", "sleep", "mood", "peg_pain", "peg_enjoyment", "peg_activity"}
_CHECKIN_FIELDS = _SCALE10 | {"dose_timing", "withdrawal_signs", "red_flags", "note"}
_GOAL_FIELDS = {
    "ladder_item_id",
    "text",
    "planned_amount",
    "amount_unit",
    "predicted_peak_pain",
    "predicted_tolerability",
    "feared_outcome",
    "feared_likelihood",
}
_REFLECTION_FIELDS = {
    "outcome",
    "actual_peak_pain",
    "actual_tolerability",
    "feared_happened",
    "noticed",
    "response_practised",
    "extra_dose",
    "extra_dose_note",
    "next_step",
    "share_with_care_team",
}
_RANGES = {name: (0, 10) for name in _SCALE10} | {
    "predicted_peak_pain": (0, 10),
    "predicted_tolerability": (0, 10),
    "actual_peak_pain": (0, 10),
    "actual_tolerability": (0, 10),
    "feared_likelihood": (0, 100),
    "feared_happened": (0, 100),
}
_ENUMS: dict[str, type] = {
    "dose_timing": DoseTiming,
    "amount_unit": AmountUnit,
    "outcome": Outcome,
    "next_step": NextStep,
}
_TEXT_LIMITS = {
    "note": 4000,
    "text": 200,
    "feared_outcome": 2000,
    "noticed": 4000,
    "response_practised": 2000,
    "extra_dose_note": 2000,
}


def _clean(name: str, value: Any) -> Any:
    """Check one answer against its column (table models skip pydantic validation); ValueError if wrong."""
    if value is None:
        if name in _TEXT_LIMITS:
            return ""
        if name in ("withdrawal_signs", "red_flags"):
            return []
        if name == "amount_unit":
            return AmountUnit.MINUTES
        if name == "share_with_care_team":
            return False
        return None
    if name in _RANGES:
        low, high = _RANGES[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    elif name in _ENUMS:
        value = _ENUMS[name](value)
    elif name in _TEXT_LIMITS:
        value = str(value)[: _TEXT_LIMITS[name]]
    elif name in ("withdrawal_signs", "red_flags"):
        value = [str(item) for item in value]
    elif name == "planned_amount":
        value = float(value)
        if value < 0:
            raise ValueError("the planned amount cannot be negative")
    elif name in ("extra_dose", "share_with_care_team"):
        value = bool(value)
    return value


def _apply(row: Any, fields: dict[str, Any], allowed: set[str], now: datetime) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown field(s) for {type(row).__name__}: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(row, name, _clean(name, value))
    row.updated_at = now


def _part(db: Session, model: type, session_id: int) -> Any:
    """The session's check-in, goal or reflection, locked for this transaction (created if new)."""
    return row_to_change(db, select(model).where(model.session_id == session_id), lambda: model(session_id=session_id))


def _record_part(db: Session, day: date, now: datetime, model: type, allowed: Any, fields: dict[str, Any]) -> int:
    session = start_or_resume_session(db, day, now)
    row = _part(db, model, session.id)
    _apply(row, fields, allowed, now)
    db.add(row)
    db.flush()
    return session.id


def record_checkin(db: Session, day: date, now: datetime, **fields: Any) -> int:
    """Save some check-in answers for `day` (creating the session and check-in as needed); the session id."""
    return _record_part(db, day, now, CheckIn, _CHECKIN_FIELDS, fields)


def record_goal(db: Session, day: date, now: datetime, **fields: Any) -> int:
    """Save some exposure-goal answers for `day`; returns the session id."""
    return _record_part(db, day, now, ExposureGoal, _GOAL_FIELDS, fields)


def record_reflection(db: Session, day: date, now: datetime, **fields: Any) -> int:
    """Save some reflection answers for `day`, linked to the day's goal; returns the session id."""
    session = start_or_resume_session(db, day, now)
    row = _part(db, Reflection, session.id)
    _apply(row, fields, _REFLECTION_FIELDS, now)
    if row.goal_id is None:
        goal = db.exec(select(ExposureGoal).where(ExposureGoal.session_id == session.id)).first()
        row.goal_id = goal.id if goal is not None else None
    db.add(row)
    db.flush()
    return session.id


def set_current_step(db: Session, day: date, now: datetime, step: str) -> int:
    """Record where the wizard is, so the next start resumes there. Reaching the summary finishes the
    session (the reflection may still follow later the same day)."""
    if step not in STEPS:
        raise ValueError(f"unknown session step {step!r}")
    session = start_or_resume_session(db, day, now)
    session.current_step = step
    if step == "summary" and session.status != SessionStatus.DONE:
        session.status = SessionStatus.DONE
        session.completed_at = now
    db.add(session)
    db.flush()
    return session.id


_RECORDERS = {"checkin": record_checkin, "goal": record_goal, "reflection": record_reflection}


def save_answers(db: Session, day: date, now: datetime, answers: dict[str, dict[str, Any]]) -> None:
    """Save a batch of answers in one transaction: {"checkin": {...}, "goal": {...}, "reflection": {...},
    "session": {"current_step": ...}, "ladder": {"item": {"name", "difficulty"}}}. Used by the wizard's autosave."""
    for part, fields in answers.items():
        if not fields:
            continue
        if part == "session":
            set_current_step(db, day, now, fields["current_step"])
        elif part == "ladder":
            item = fields["item"]
            save_goal_to_ladder(db, day, now, item["name"], item["difficulty"])
        else:
            _RECORDERS[part](db, day, now, **fields)


@dataclass
class SessionAnswers:
    """Everything saved for one day's session, as plain values for the wizard to fill itself from."""

    session_id: int
    day: date
    status: str
    current_step: str
    checkin: dict[str, Any] = field(default_factory=dict)
    goal: dict[str, Any] = field(default_factory=dict)
    reflection: dict[str, Any] = field(default_factory=dict)
    runs: list[dict[str, Any]] = field(default_factory=list)
    ladder_item_name: str | None = None


def _values(row: Any, names: set[str]) -> dict[str, Any]:
    if row is None:
        return {}
    values = {}
    for name in names:
        value = getattr(row, name)
        values[name] = value.value if hasattr(value, "value") else value
    return values


def load_session(db: Session, day: date) -> SessionAnswers | None:
    """The saved answers for `day`, or None if that day has no session."""
    session = session_for_day(db, day)
    if session is None:
        return None
    checkin = db.exec(select(CheckIn).where(CheckIn.session_id == session.id)).first()
    goal = db.exec(select(ExposureGoal).where(ExposureGoal.session_id == session.id)).first()
    reflection = db.exec(select(Reflection).where(Reflection.session_id == session.id)).first()
    runs = db.exec(
        select(ExerciseRun).where(ExerciseRun.session_id == session.id).order_by(col(ExerciseRun.started_at), col(ExerciseRun.id))
    ).all()
    ladder_name = None
    if goal is not None and goal.ladder_item_id is not None:
        item = db.get(LadderItem, goal.ladder_item_id)
        ladder_name = item.name if item is not None else None
    return SessionAnswers(
        session_id=session.id,
        day=session.day,
        status=SessionStatus(session.status).value,
        current_step=session.current_step if session.current_step in STEPS else "checkin",
        checkin=_values(checkin, _CHECKIN_FIELDS),
        goal=_values(goal, _GOAL_FIELDS),
        reflection=_values(reflection, _REFLECTION_FIELDS),
        runs=[
            {
                "id": run.id,
                "exercise_id": run.exercise_id,
                "distress_before": run.distress_before,
                "distress_after": run.distress_after,
                "completed": run.completed,
                "seconds_completed": run.seconds_completed,
            }
            for run in runs
        ],
        ladder_item_name=ladder_name,
    )


def last_peg_day(db: Session, before: date) -> date | None:
    """The latest day before `before` with a PEG answer."""
    return db.exec(
        select(func.max(DailySession.day))
        .join(CheckIn, col(CheckIn.session_id) == col(DailySession.id))
        .where(DailySession.day < before, col(CheckIn.peg_pain).is_not(None))
    ).one()


def recent_checkin_signs(db: Session, before: date, days: int = 21) -> list[tuple[date, int | None, list[str]]]:
    """(day, pain, withdrawal signs) of each check-in in the `days` days before `before`, oldest first:
    what the after-a-step line reads (coach.domain.step_day.after_step_line)."""
    since = date.fromordinal(before.toordinal() - days)
    rows = db.exec(
        select(DailySession.day, CheckIn.pain, CheckIn.withdrawal_signs)
        .join(CheckIn, col(CheckIn.session_id) == col(DailySession.id))
        .where(DailySession.day < before, DailySession.day >= since)
        .order_by(col(DailySession.day))
    ).all()
    return [(day, pain, list(signs or [])) for day, pain, signs in rows]


def today_state(db: Session, day: date) -> TodayState:
    """Where `day`'s session stands, in one query per part (for Home)."""
    answers = load_session(db, day)
    return state_of(answers)


def state_of(answers: SessionAnswers | None) -> TodayState:
    if answers is None:
        return TodayState()
    return TodayState.of(
        finished=answers.status == SessionStatus.DONE.value,
        current_step=answers.current_step,
        checkin=answers.checkin,
        runs=len(answers.runs),
        goal=answers.goal,
        reflection=answers.reflection,
    )


def active_ladder_items(db: Session) -> list[tuple[int, str, int]]:
    """(id, name, difficulty) of the ladder items not archived, easiest first."""
    rows = db.exec(
        select(LadderItem.id, LadderItem.name, LadderItem.difficulty)
        .where(col(LadderItem.archived).is_(False))
        .order_by(col(LadderItem.difficulty), text_order(LadderItem.name), col(LadderItem.id))
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def add_ladder_item(db: Session, name: str, difficulty: int, now: datetime) -> int:
    """Add an activity to the ladder (from the goal step's 'save it to my ladder'); returns its id."""
    name = name.strip()
    if not name:
        raise ValueError("the ladder item needs a name")
    if isinstance(difficulty, bool) or not isinstance(difficulty, int) or not 0 <= difficulty <= 100:
        raise ValueError("difficulty must be a whole number from 0 to 100")
    from coach.store.ladder import add_item

    return add_item(db, name[:200], difficulty, now).id


def save_goal_to_ladder(db: Session, day: date, now: datetime, name: str, difficulty: int) -> int:
    """Put the typed goal on the ladder and link today's goal to it; saving again updates the same item."""
    session = start_or_resume_session(db, day, now)
    goal = _part(db, ExposureGoal, session.id)
    item = db.get(LadderItem, goal.ladder_item_id) if goal.ladder_item_id is not None else None
    if item is None:
        item_id = add_ladder_item(db, name, difficulty, now)
    else:
        item.name, item.difficulty = name.strip()[:200] or item.name, difficulty
        db.add(item)
        item_id = item.id
    _apply(goal, {"ladder_item_id": item_id, "text": name}, _GOAL_FIELDS, now)
    db.add(goal)
    db.flush()
    return item_id
