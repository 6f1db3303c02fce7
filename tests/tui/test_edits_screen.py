"""Correcting by keys: choose a day's answer, change it, and the first answer is kept in EntryEdit."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input, OptionList, Select, Static, TextArea

from coach.screens.edit_entry import CorrectionsScreen, EditEntryScreen, FieldKind, field_kind, parse_entry
from coach.store.edits import edits_for
from coach.store.models import CheckIn, EntryEdit, Reflection
from coach.store.repo import start_or_resume_session
from tests.conftest import FIXED_NOW, settle


async def _settle(pilot) -> None:
    await settle(pilot)


def _seed(store) -> int:
    with store.session() as db:
        session = start_or_resume_session(db, FIXED_NOW.date(), FIXED_NOW)
        checkin = CheckIn(session_id=session.id, pain=6, tolerability=4, note="walkde to the shop")
        db.add(checkin)
        db.add(Reflection(session_id=session.id, outcome="partly", noticed="less than I feared"))
        db.flush()
        return checkin.id


def _option_index(screen, label_start: str) -> int:
    options = screen.query_one("#entries", OptionList)
    for index in range(options.option_count):
        if str(options.get_option_at_index(index).prompt).startswith(label_start):
            return index
    raise AssertionError(f"no option {label_start!r}")


async def test_correct_a_note_by_keys(make_test_app, store):
    checkin_id = _seed(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.action_open("corrections")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, CorrectionsScreen)
        assert str(screen.query_one("#day", Select).selection) == FIXED_NOW.date().isoformat()
        options = screen.query_one("#entries", OptionList)
        assert options.has_focus
        target = _option_index(screen, "Check-in note")
        assert str(options.get_option_at_index(0).prompt) == "Check-in"  # a heading, not selectable
        await pilot.press(*["down"] * (target - 1), "enter")
        await _settle(pilot)
        assert isinstance(app.screen, EditEntryScreen)
        box = app.screen.query_one("#edit-value", TextArea)
        assert box.text == "walkde to the shop"
        box.text = "walked to the shop"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is screen
        prompt = str(options.get_option_at_index(target).prompt)
        assert prompt == "Check-in note: walked to the shop  (corrected)"
        assert str(screen.query_one("#corrections-saved", Static).render()) == "Corrected. Your first answer is kept too."
        assert not app._notifications  # said in place, not in a toast over the screen's words
        # Open it again: the first answer is shown.
        await pilot.press("enter")
        await _settle(pilot)
        assert "First saved as: walkde to the shop. Corrected once" in str(
            app.screen.query_one("#edit-history", Static).render()
        )
    with store.session() as db:
        assert db.get(CheckIn, checkin_id).note == "walked to the shop"
        [edit] = edits_for(db, "checkin", checkin_id)
    assert (edit.old_value, edit.new_value, edit.edited_at) == ("walkde to the shop", "walked to the shop", FIXED_NOW)


async def test_out_of_range_number_is_refused_and_nothing_changes(make_test_app, store):
    checkin_id = _seed(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.push_screen(EditEntryScreen("checkin", checkin_id, "pain"))
        await _settle(pilot)
        field = app.screen.query_one("#edit-value", Input)
        assert field.value == "6"
        field.value = ""
        await pilot.press("1", "2", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, EditEntryScreen)
        assert str(app.screen.query_one("#edit-problem", Static).render()) == "Pain is 0 to 10."
        field.value = ""
        await pilot.press("5", "enter")
        await _settle(pilot)
        assert not isinstance(app.screen, EditEntryScreen)
    with store.session() as db:
        assert db.get(CheckIn, checkin_id).pain == 5
        assert [(e.old_value, e.new_value) for e in db.exec(select(EntryEdit))] == [(6, 5)]


async def test_a_choice_field_uses_a_select(make_test_app, store):
    _seed(store)
    with store.session() as db:
        reflection_id = db.exec(select(Reflection.id)).one()
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.push_screen(EditEntryScreen("reflection", reflection_id, "outcome"))
        await _settle(pilot)
        choice = app.screen.query_one("#edit-value", Select)
        assert choice.value == "partly"
        choice.value = "fully"
        await pilot.press("ctrl+s")
        await _settle(pilot)
    with store.session() as db:
        assert db.get(Reflection, reflection_id).outcome == "fully"


async def test_cancel_changes_nothing(make_test_app, store):
    checkin_id = _seed(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.push_screen(EditEntryScreen("checkin", checkin_id, "pain"))
        await _settle(pilot)
        app.screen.query_one("#edit-value", Input).value = "2"
        await pilot.press("escape")
        await _settle(pilot)
    with store.session() as db:
        assert db.get(CheckIn, checkin_id).pain == 6
        assert db.exec(select(EntryEdit)).all() == []


def test_field_kinds_and_parsing():
    assert field_kind("checkin", "pain") == FieldKind("int", True)
    assert field_kind("checkin", "note").kind == "long_text"
    assert field_kind("exposure_goal", "text").kind == "text"
    assert field_kind("checkin", "dose_timing").kind == "choice"
    assert field_kind("reflection", "extra_dose").kind == "bool"
    assert parse_entry(FieldKind("int", True), " ") is None
    assert parse_entry(FieldKind("float", True), "2.5") == 2.5
    with pytest.raises(ValueError, match="whole number"):
        parse_entry(FieldKind("int", False), "2.5")
    with pytest.raises(ValueError, match="needs a number"):
        parse_entry(FieldKind("int", False), "")


async def test_correct_from_a_past_day_in_history(make_test_app, store):
    from datetime import timedelta

    from coach.screens.history import DayScreen

    _seed(store)  # today
    past = FIXED_NOW.date() - timedelta(days=3)
    with store.session() as db:
        session = start_or_resume_session(db, past, FIXED_NOW - timedelta(days=3))
        db.add(CheckIn(session_id=session.id, pain=3, note="tierd but ok"))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.push_screen(DayScreen(past))
        await _settle(pilot)
        assert "tierd but ok" in str(app.screen.query_one("#part-check-in", Static).render())
        await pilot.press("c")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, CorrectionsScreen)
        assert str(screen.query_one("#day", Select).selection) == past.isoformat()
        target = _option_index(screen, "Check-in note")
        await pilot.press(*["down"] * (target - 1), "enter")
        await _settle(pilot)
        app.screen.query_one("#edit-value", TextArea).text = "tired but ok"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        await pilot.press("escape")
        await _settle(pilot)
        assert isinstance(app.screen, DayScreen)
        assert "tired but ok" in str(app.screen.query_one("#part-check-in", Static).render())
