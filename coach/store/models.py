"""SQLModel tables: everything coach stores, with ranges checked in Python and in SQL."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def _between(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR ({column} BETWEEN {low} AND {high})", name=f"ck_{column}_range")


def scale10(**kw: Any) -> Any:
    """A 0–10 rating, empty until answered."""
    return Field(default=None, ge=0, le=10, **kw)


def scale100(**kw: Any) -> Any:
    """A 0–100 rating (SUDS-like difficulty, percentages), empty until answered."""
    return Field(default=None, ge=0, le=100, **kw)


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    DONE = "done"


class DoseTiming(StrEnum):
    ON_SCHEDULE = "on_schedule"
    DUE_SOON = "due_soon"
    TAKEN_EARLY = "taken_early"
    EXTRA_DOSE = "extra_dose"
    NOT_ON_OPIOIDS = "not_on_opioids"


class Outcome(StrEnum):
    FULLY = "fully"
    PARTLY = "partly"
    NOT_TODAY = "not_today"


class NextStep(StrEnum):
    REPEAT = "repeat"
    STEP_UP = "step_up"
    STEP_DOWN = "step_down"


class AmountUnit(StrEnum):
    MINUTES = "minutes"
    REPS = "reps"
    DISTANCE = "distance"


class Setting(SQLModel, table=True):
    """A user setting, stored in the database so backup and export carry it."""

    key: str = Field(primary_key=True, max_length=64)
    value: Any = Field(default=None, sa_column=Column(JSON))


class DailySession(SQLModel, table=True):
    __tablename__ = "daily_session"
    __table_args__ = (UniqueConstraint("day", name="uq_session_day"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    started_at: datetime
    completed_at: datetime | None = None
    status: SessionStatus = Field(default=SessionStatus.IN_PROGRESS)
    # The wizard step to resume at: checkin, exercise, goal, summary, reflection.
    current_step: str = Field(default="checkin", max_length=32)


class CheckIn(SQLModel, table=True):
    __tablename__ = "checkin"
    __table_args__ = tuple(
        _between(c, 0, 10)
        for c in ("pain", "tolerability", "distress", "sleep", "mood", "peg_pain", "peg_enjoyment", "peg_activity")
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="daily_session.id", unique=True, ondelete="CASCADE")
    pain: int | None = scale10()
    tolerability: int | None = scale10()
    distress: int | None = scale10()
    sleep: int | None = scale10()
    mood: int | None = scale10()
    dose_timing: DoseTiming | None = None
    withdrawal_signs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    red_flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    note: str = Field(default="", max_length=4000)
    peg_pain: int | None = scale10()
    peg_enjoyment: int | None = scale10()
    peg_activity: int | None = scale10()
    updated_at: datetime | None = None


class ExerciseRun(SQLModel, table=True):
    __tablename__ = "exercise_run"
    __table_args__ = (
        _between("distress_before", 0, 10),
        _between("distress_after", 0, 10),
        CheckConstraint("seconds_completed >= 0", name="ck_seconds_completed"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int | None = Field(default=None, foreign_key="daily_session.id", index=True, ondelete="CASCADE")
    exercise_id: str = Field(max_length=64)
    started_at: datetime
    ended_at: datetime | None = None
    seconds_completed: int = Field(default=0, ge=0)
    distress_before: int | None = scale10()
    distress_after: int | None = scale10()
    completed: bool = False


class LadderItem(SQLModel, table=True):
    __tablename__ = "ladder_item"
    __table_args__ = (_between("difficulty", 0, 100),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(min_length=1, max_length=200)
    difficulty: int = Field(ge=0, le=100)
    category: str = Field(default="", max_length=64)
    archived: bool = False
    created_at: datetime


class LadderRating(SQLModel, table=True):
    """How hard a ladder item feels now, 0–100, as re-rated on one day (schema 3). One rating per item and
    day; the item's own `difficulty` stays what it was first given."""

    __tablename__ = "ladder_rating"
    __table_args__ = (
        _between("difficulty", 0, 100),
        UniqueConstraint("ladder_item_id", "day", name="uq_ladder_rating_item_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ladder_item_id: int = Field(foreign_key="ladder_item.id", index=True, ondelete="CASCADE")
    day: date
    difficulty: int = Field(ge=0, le=100)
    rated_at: datetime


class ExposureGoal(SQLModel, table=True):
    __tablename__ = "exposure_goal"
    __table_args__ = (
        _between("predicted_peak_pain", 0, 10),
        _between("predicted_tolerability", 0, 10),
        _between("feared_likelihood", 0, 100),
        CheckConstraint("planned_amount IS NULL OR planned_amount >= 0", name="ck_planned_amount"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="daily_session.id", unique=True, ondelete="CASCADE")
    ladder_item_id: int | None = Field(default=None, foreign_key="ladder_item.id", ondelete="SET NULL")
    text: str = Field(default="", max_length=200)
    planned_amount: float | None = Field(default=None, ge=0)
    amount_unit: AmountUnit = AmountUnit.MINUTES
    predicted_peak_pain: int | None = scale10()
    predicted_tolerability: int | None = scale10()
    feared_outcome: str = Field(default="", max_length=2000)
    feared_likelihood: int | None = scale100()
    updated_at: datetime | None = None


class Reflection(SQLModel, table=True):
    __table_args__ = (
        _between("actual_peak_pain", 0, 10),
        _between("actual_tolerability", 0, 10),
        _between("feared_happened", 0, 100),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="daily_session.id", unique=True, ondelete="CASCADE")
    goal_id: int | None = Field(default=None, foreign_key="exposure_goal.id", ondelete="SET NULL")
    outcome: Outcome | None = None
    actual_peak_pain: int | None = scale10()
    actual_tolerability: int | None = scale10()
    feared_happened: int | None = scale100()
    noticed: str = Field(default="", max_length=4000)
    response_practised: str = Field(default="", max_length=2000)
    extra_dose: bool | None = None
    extra_dose_note: str = Field(default="", max_length=2000)
    next_step: NextStep | None = None
    share_with_care_team: bool = False
    updated_at: datetime | None = None


class Medication(SQLModel, table=True):
    """A medication as agreed with the prescriber; `drug` is a key of the MME table."""

    __table_args__ = (
        CheckConstraint("strength > 0", name="ck_med_strength"),
        CheckConstraint("doses_per_day > 0", name="ck_med_doses"),
    )

    id: int | None = Field(default=None, primary_key=True)
    drug: str = Field(max_length=64)
    strength: float = Field(gt=0)
    doses_per_day: float = Field(gt=0)
    start_date: date
    note: str = Field(default="", max_length=2000)
    active: bool = True


class TaperStep(SQLModel, table=True):
    """One step of the taper plan the user and prescriber agreed: from `start_date`, this regimen."""

    __tablename__ = "taper_step"
    __table_args__ = (
        CheckConstraint("strength >= 0", name="ck_step_strength"),
        CheckConstraint("doses_per_day >= 0", name="ck_step_doses"),
    )

    id: int | None = Field(default=None, primary_key=True)
    medication_id: int = Field(foreign_key="medication.id", index=True, ondelete="CASCADE")
    start_date: date
    strength: float = Field(ge=0)
    doses_per_day: float = Field(ge=0)
    note: str = Field(default="", max_length=2000)


class CoachMeta(SQLModel, table=True):
    """Marks the database as coach's and records its schema version."""

    __tablename__ = "coach_meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=256)


class EntryEdit(SQLModel, table=True):
    """A correction to a saved answer: the value before and after, and when it was changed (never lost)."""

    __tablename__ = "entry_edit"

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=32, index=True)  # the table's name, e.g. "checkin"
    entity_id: int = Field(index=True)
    field: str = Field(max_length=64)
    old_value: Any = Field(default=None, sa_column=Column(JSON))
    new_value: Any = Field(default=None, sa_column=Column(JSON))
    edited_at: datetime


class Draft(SQLModel, table=True):
    """A form's answers not saved yet (coach.store.drafts): field name → value, kept until "Save"."""

    form: str = Field(primary_key=True, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime
