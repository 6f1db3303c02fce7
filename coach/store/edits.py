"""Corrections to saved answers: the new value is checked by the model, the original is kept in EntryEdit."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, SQLModel, select

from coach.store.models import CheckIn, EntryEdit, ExposureGoal, LadderItem, Reflection

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
        raise EditError(f"{field}: {first['msg'].removeprefix('Value error, ')}") from None
    return getattr(checked, field)


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
