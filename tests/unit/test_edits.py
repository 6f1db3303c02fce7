"""Corrections keep the original: every change is checked by the model and recorded in EntryEdit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from coach.store.edits import EditError, correct_field, current_value, edits_for, original_value
from coach.store.models import CheckIn, EntryEdit, LadderItem, Reflection
from coach.store.repo import start_or_resume_session
from tests.conftest import FIXED_NOW


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines


@pytest.fixture
def checkin_id(store) -> int:
    with store.session() as db:
        session = start_or_resume_session(db, FIXED_NOW.date(), FIXED_NOW)
        checkin = CheckIn(session_id=session.id, pain=6, tolerability=4, note="slept badyl")
        db.add(checkin)
        db.flush()
        return checkin.id


def test_correction_changes_the_value_and_keeps_the_original(store, checkin_id):
    later = FIXED_NOW + timedelta(hours=3)
    with store.session() as db:
        edit = correct_field(db, "checkin", checkin_id, "note", "slept badly", later)
        assert edit is not None
    with store.session() as db:
        row = db.get(CheckIn, checkin_id)
        assert row.note == "slept badly"
        assert row.updated_at == later
        edits = edits_for(db, "checkin", checkin_id)
        assert [(e.field, e.old_value, e.new_value) for e in edits] == [("note", "slept badyl", "slept badly")]
        assert edits[0].edited_at == later


def test_two_corrections_keep_the_first_original(store, checkin_id):
    with store.session() as db:
        correct_field(db, "checkin", checkin_id, "pain", 5, FIXED_NOW + timedelta(minutes=1))
        correct_field(db, "checkin", checkin_id, "pain", 4, FIXED_NOW + timedelta(minutes=2))
    with store.session() as db:
        assert current_value(db, "checkin", checkin_id, "pain") == 4
        assert original_value(db, "checkin", checkin_id, "pain") == 6
        assert len(edits_for(db, "checkin", checkin_id)) == 2


def test_same_value_records_nothing(store, checkin_id):
    with store.session() as db:
        assert correct_field(db, "checkin", checkin_id, "pain", 6, FIXED_NOW) is None
    with store.session() as db:
        assert db.exec(select(EntryEdit)).all() == []


@pytest.mark.parametrize(
    ("entity", "field", "value", "message"),
    [
        ("checkin", "pain", 11, "^pain: Pain is 0 to 10$"),
        ("checkin", "pain", -1, "^pain: Pain is 0 to 10$"),
        ("checkin", "session_id", 2, "cannot be corrected"),
        ("checkin", "dose_timing", "double", "dose_timing"),
        ("medication", "strength", 5, "cannot be corrected"),
    ],
)
def test_bad_corrections_change_nothing(store, checkin_id, entity, field, value, message):
    with store.session() as db:
        with pytest.raises(EditError, match=message):
            correct_field(db, entity, checkin_id, field, value, FIXED_NOW)
    with store.session() as db:
        row = db.get(CheckIn, checkin_id)
        assert (row.pain, row.session_id) == (6, 1)
        assert db.exec(select(EntryEdit)).all() == []


def test_missing_entry_is_a_clear_error(store):
    with store.session() as db:
        with pytest.raises(EditError, match="no reflection number 42"):
            correct_field(db, "reflection", 42, "noticed", "x", FIXED_NOW)


def test_enum_fields_are_stored_as_their_text(store, checkin_id):
    with store.session() as db:
        session_id = db.get(CheckIn, checkin_id).session_id
        reflection = Reflection(session_id=session_id, outcome="partly")
        db.add(reflection)
        db.flush()
        correct_field(db, "reflection", reflection.id, "outcome", "fully", FIXED_NOW)
        ladder = LadderItem(name="Walk to the shop", difficulty=40, created_at=FIXED_NOW)
        db.add(ladder)
        db.flush()
        correct_field(db, "ladder_item", ladder.id, "difficulty", 35, FIXED_NOW)
    with store.session() as db:
        edits = db.exec(select(EntryEdit).order_by(EntryEdit.id)).all()
        assert [(e.old_value, e.new_value) for e in edits] == [("partly", "fully"), (40, 35)]
