"""Corrections to saved answers: the new value is checked by the model, the original is kept in EntryEdit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, SQLModel, select

from coach.store.models import CheckIn, DailySession, EntryEdit, ExposureGoal, LadderItem, Reflection

# What may be corrected, by entity name. Links between rows (session_id, goal ids) and timestamps are
# never edited here: a correction changes what the person wrote or rated, nothing else.
EDITABLE: dict[str, tuple[type[SQLModel], tuple[str, ...]]] = {
    "checkin": (
        CheckIn,
        (
            "pain", "tolerability", "distress", "sleep", "mood", "dose_timing", "note",
            "peg_pain", "peg_enjoyment", "peg_activity",
        ),
    ),
    "exposure_goal": (
        ExposureGoal,
        (
            "text", "planned_amount", "amount_unit", "predicted_peak_pain", "predicted_tolerability",
            "feared_outcome", "feared_likelihood",
        ),
    ),
    "reflection": (
        Reflection,
        (
            "outcome", "actual_peak_pain", "actual_tolerability", "feared_happened", "noticed",
            "response_practised", "extra_dose", "extra_dose_note", "next_step",
        ),
    ),
    "ladder_item": (LadderItem, ("name", "difficulty", "category")),
}


class EditError(ValueError):
    """A correction that cannot be made; str() is one line for the user."""


def _json_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _model_and_row(db: Session, entity: str, entity_id: int, field: str) -> tuple[type[SQLModel], SQLModel]:
    if entity not in EDITABLE:
        raise EditError(f"{entity!r} cannot be corrected; choose one of: {', '.join(EDITABLE)}")
    model, fields = EDITABLE[entity]
    if field not in fields:
        raise EditError(f"{field!r} of a {entity} cannot be corrected; choose one of: {', '.join(fields)}")
    row = db.get(model, entity_id)
    if row is None:
        raise EditError(f"there is no {entity} number {entity_id}")
    return model, row


def validated_value(entity: str, field: str, row: SQLModel, new_value: Any) -> Any:
    """`new_value` as the model would store it, or EditError with the model's own reason."""
    model, _ = EDITABLE[entity]
    data = row.model_dump(warnings=False)
    data[field] = new_value
    try:
        checked = model.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        reason = _range_words(model, field) if first["type"] in _OUT_OF_RANGE else None
        raise EditError(f"{field}: {reason or first['msg'].removeprefix('Value error, ')}") from None
    return getattr(checked, field)


_OUT_OF_RANGE = {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}


def _range_words(model: type[SQLModel], field: str) -> str | None:
    """'Pain is 0 to 10' from the field's own bounds (not pydantic's 'Input should be less than or equal')."""
    info = model.model_fields.get(field)
    bounds = {name: getattr(item, name) for item in (info.metadata if info else ()) for name in ("ge", "le")
              if getattr(item, name, None) is not None}
    if set(bounds) != {"ge", "le"}:
        return None
    return f"{field.replace('_', ' ').capitalize()} is {bounds['ge']:g} to {bounds['le']:g}"


def correct_field(
    db: Session, entity: str, entity_id: int, field: str, new_value: Any, now: datetime
) -> EntryEdit | None:
    """Change one saved answer and record the change; None when the value is already `new_value`."""
    _, row = _model_and_row(db, entity, entity_id, field)
    value = validated_value(entity, field, row, new_value)
    old = getattr(row, field)
    if _json_value(old) == _json_value(value):
        return None
    setattr(row, field, value)
    if hasattr(row, "updated_at"):
        row.updated_at = now
    db.add(row)
    edit = EntryEdit(
        entity=entity,
        entity_id=entity_id,
        field=field,
        old_value=_json_value(old),
        new_value=_json_value(value),
        edited_at=now,
    )
    db.add(edit)
    db.flush()
    return edit


def current_value(db: Session, entity: str, entity_id: int, field: str) -> Any:
    """The value as saved now (for an edit form to start from)."""
    _, row = _model_and_row(db, entity, entity_id, field)
    return _json_value(getattr(row, field))


def edits_for(db: Session, entity: str, entity_id: int) -> list[EntryEdit]:
    """Every correction made to one entry, oldest first."""
    query = (
        select(EntryEdit)
        .where(EntryEdit.entity == entity, EntryEdit.entity_id == entity_id)
        .order_by(EntryEdit.edited_at, EntryEdit.id)
    )
    return list(db.exec(query))


def original_value(db: Session, entity: str, entity_id: int, field: str) -> Any:
    """What was first saved in `field`, before any correction (the current value if never corrected)."""
    first = db.exec(
        select(EntryEdit)
        .where(EntryEdit.entity == entity, EntryEdit.entity_id == entity_id, EntryEdit.field == field)
        .order_by(EntryEdit.edited_at, EntryEdit.id)
    ).first()
    if first is not None:
        return first.old_value
    return current_value(db, entity, entity_id, field)


# How each field is named to the person correcting it.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "checkin": {
        "pain": "Pain now (0–10)",
        "tolerability": "Tolerability (0–10)",
        "distress": "Alarm or distress (0–10)",
        "sleep": "Sleep (0–10)",
        "mood": "Mood (0–10)",
        "dose_timing": "Dose timing",
        "note": "Check-in note",
        "peg_pain": "PEG: average pain (0–10)",
        "peg_enjoyment": "PEG: pain got in the way of enjoying life (0–10)",
        "peg_activity": "PEG: pain got in the way of activity (0–10)",
    },
    "exposure_goal": {
        "text": "Goal",
        "planned_amount": "Planned amount",
        "amount_unit": "Amount unit",
        "predicted_peak_pain": "Predicted peak pain (0–10)",
        "predicted_tolerability": "Predicted tolerability (0–10)",
        "feared_outcome": "What you feared might happen",
        "feared_likelihood": "How likely it felt (0–100%)",
    },
    "reflection": {
        "outcome": "Did you do it",
        "actual_peak_pain": "Actual peak pain (0–10)",
        "actual_tolerability": "Actual tolerability (0–10)",
        "feared_happened": "Did the feared outcome happen (0–100%)",
        "noticed": "What you noticed",
        "response_practised": "Response you practised",
        "extra_dose": "Extra dose",
        "extra_dose_note": "Extra dose note",
        "next_step": "Next step",
    },
    "ladder_item": {"name": "Activity", "difficulty": "Difficulty (0–100)", "category": "Category"},
}


@dataclass(frozen=True)
class EditableEntry:
    """One saved answer that can be corrected, as a row for a list."""

    entity: str
    entity_id: int
    field: str
    label: str
    value: Any
    corrected: bool


def days_with_entries(db: Session, limit: int = 60) -> list[date]:
    """Days that have a session, newest first."""
    query = select(DailySession.day).order_by(DailySession.day.desc()).limit(limit)
    return list(db.exec(query))


def entries_for_day(db: Session, day: date) -> list[EditableEntry]:
    """Every correctable answer saved on `day` (check-in, goal, reflection), in the order they were asked."""
    session = db.exec(select(DailySession).where(DailySession.day == day)).first()
    if session is None:
        return []
    rows: list[tuple[str, SQLModel | None]] = [
        ("checkin", db.exec(select(CheckIn).where(CheckIn.session_id == session.id)).first()),
        ("exposure_goal", db.exec(select(ExposureGoal).where(ExposureGoal.session_id == session.id)).first()),
        ("reflection", db.exec(select(Reflection).where(Reflection.session_id == session.id)).first()),
    ]
    ids = [row.id for _, row in rows if row is not None]
    corrected = set(
        db.exec(
            select(EntryEdit.entity, EntryEdit.entity_id, EntryEdit.field).where(EntryEdit.entity_id.in_(ids))
        ).all()
    )
    entries = []
    for entity, row in rows:
        if row is None:
            continue
        for field in EDITABLE[entity][1]:
            entries.append(
                EditableEntry(
                    entity=entity,
                    entity_id=row.id,
                    field=field,
                    label=FIELD_LABELS[entity][field],
                    value=_json_value(getattr(row, field)),
                    corrected=(entity, row.id, field) in corrected,
                )
            )
    return entries
