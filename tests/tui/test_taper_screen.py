"""The taper plan screen by keys: medications and steps, MME/day and the pace note, bad input, and a snapshot."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Label, Static

from coach.tui.app import make_app
from coach.paths import resolve_db
from coach.screens.home import HomeScreen
from coach.screens.taper import Confirm, DurationForm, MedicationForm, StepForm, TaperScreen
from coach.store.engine.db import open_store
from coach.store.models import Medication, Setting, TaperStep
from coach.store.taper import add_medication, add_step, set_duration
from tests.conftest import FIXED_NOW


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_taper(pilot) -> TaperScreen:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TaperScreen)
    return pilot.app.screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def table(screen, selector: str) -> list[list[str]]:
    t = screen.query_one(selector, DataTable)
    return [[str(cell) for cell in t.get_row_at(i)] for i in range(t.row_count)]


async def fill(pilot, **values: str) -> None:
    for name, value in values.items():
        pilot.app.screen.query_one(f"#{name.replace('_', '-')}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


def errors(pilot) -> dict[str, str]:
    found = {}
    for widget in pilot.app.screen.query(".error"):
        if widget.display:
            found[widget.id.removesuffix("-error")] = str(widget.render())
    return found


def saved(store):
    with store.session() as db:
        return db.exec(select(Medication)).all(), db.exec(select(TaperStep)).all()


async def test_add_medication_and_steps_shows_mme_change_and_note(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_taper(pilot)
        assert "No medications yet" in text_of(screen, "#taper-empty")
        assert "never use them to switch" in text_of(screen, "#taper-caution")
        await pilot.press("m")
        assert isinstance(app.screen, MedicationForm)
        await pilot.press(*"oxycodone", "enter", "1", "0", "enter", "3")
        form = app.screen
        assert "45 MME/day" in str(form.query_one("#preview", Static).render())
        await fill(pilot, since="2026-09-01")
        assert isinstance(app.screen, TaperScreen)
        assert table(screen, "#taper-meds") == [["Oxycodone", "1 Sep 2026", "10 mg × 3 a day", "45 MME/day"]]

        # A step at exactly 10% in 30 days: no note.
        await pilot.press("a")
        assert isinstance(app.screen, StepForm)
        assert app.screen.query_one("#strength", Input).value == "10"  # starts from the current regimen
        await fill(pilot, step_date="2026-10-01", strength="9")
        # A faster one: 11.1% in 14 days.
        await pilot.press("a")
        await fill(pilot, step_date="2026-10-15", strength="8")
        rows = table(screen, "#taper-steps")
        assert rows[0][2:] == ["9 mg × 3 a day", "40.5", "−10%", "−10%"]
        assert rows[1][2:] == ["8 mg × 3 a day", "36", "−11.1%", "−22.3% *"]
        notes = text_of(screen, "#taper-notes")
        assert "Step 2 goes faster than about 10% a month" in notes and "prescriber" in notes
        assert "Step 1" not in notes
        assert "You are on step 2 of your plan since 15 Oct." in notes
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    meds, steps = saved(store)
    assert [(m.drug, m.strength, m.doses_per_day, m.start_date) for m in meds] == [("oxycodone", 10, 3, date(2026, 9, 1))]
    assert [(s.start_date, s.strength, s.doses_per_day) for s in steps] == [
        (date(2026, 10, 1), 9, 3),
        (date(2026, 10, 15), 8, 3),
    ]


async def test_bad_medication_input_is_rejected_with_messages(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_taper(pilot)
        await pilot.press("m")
        await fill(pilot, drug="oxycodon", strength="-5", doses="0", since="2026-13-01")
        found = errors(pilot)
        assert "Unknown drug 'oxycodon'" in found["drug"] and "oxycodone" in found["drug"]
        assert found["strength"] == "Strength can't be negative."
        assert found["doses"] == "Doses must be more than 0."
        assert "year-month-day" in found["since"]
        assert app.screen.focused.id == "drug"
        await fill(pilot, drug="oxycodone", strength="10", doses="3", since="2027-01-01")
        assert "future" in errors(pilot)["since"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TaperScreen)
    assert saved(store) == ([], [])


async def test_step_before_the_plan_start_is_rejected(make_test_app, store):
    with store.session() as db:
        med = add_medication(db, "morphine", 30, 2, date(2026, 9, 1))
        add_step(db, med, date(2026, 10, 1), 25, 2)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_taper(pilot)
        await pilot.press("a")
        await fill(pilot, step_date="2026-08-20", strength="-1")
        found = errors(pilot)
        assert "after the plan's start (1 Sep 2026)" in found["step-date"]
        assert "can't be negative" in found["strength"]
        await fill(pilot, step_date="2026-10-01", strength="20")
        assert "already a step on 1 Oct 2026" in errors(pilot)["step-date"]
        await pilot.press("escape")
    assert len(saved(store)[1]) == 1


async def test_fentanyl_patch_form_uses_mcg_per_hour(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_taper(pilot)
        await pilot.press("m")
        form = app.screen
        form.query_one("#drug", Input).value = "fentanyl-patch"
        await pilot.pause()
        assert "mcg/hr" in str(form.query_one("#strength-label", Label).render())
        assert "Patches worn at once" in str(form.query_one("#doses-label", Label).render())
        # Patches worn at once are whole; and "fentanyl" alone could be another form, so it is asked for.
        await fill(pilot, strength="25", doses="1.5", since="2026-09-01")
        assert "whole number" in errors(pilot)["doses"]
        form.query_one("#drug", Input).value = "fentanyl"
        await fill(pilot, doses="1")
        assert "fentanyl-patch" in errors(pilot)["drug"]
        form.query_one("#drug", Input).value = "fentanyl-patch"
        await fill(pilot, doses="1")
        assert table(screen, "#taper-meds")[0][2:] == ["25 mcg/hr, 1 patch", "60 MME/day"]
        assert "fentanyl" in text_of(screen, "#taper-caution")


async def test_buprenorphine_shows_no_number(make_test_app, store):
    with store.session() as db:
        add_medication(db, "buprenorphine", 8, 2, date(2026, 9, 1))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_taper(pilot)
        assert table(screen, "#taper-meds")[0][3] == "no MME factor"
        assert "partial agonist" in text_of(screen, "#taper-notes")


async def test_duration_setting_changes_the_comparison(make_test_app, store):
    with store.session() as db:
        med = add_medication(db, "morphine", 100, 1, date(2026, 9, 1))
        add_step(db, med, date(2026, 9, 29), 80, 1)  # 20% in 28 days
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_taper(pilot)
        assert "How long have you been taking opioids" in text_of(screen, "#taper-duration")
        assert "10% a month" in text_of(screen, "#taper-notes")  # not set: the year-or-more comparison
        await pilot.press("o")
        assert isinstance(app.screen, DurationForm)
        await pilot.press("enter")  # the first choice: less than a year
        await settle(pilot)
        assert "less than a year" in text_of(screen, "#taper-duration")
        assert "*" not in text_of(screen, "#taper-notes")  # 20% per 4 weeks is within 5–20%
    with store.session() as db:
        assert db.get(Setting, "opioid_duration").value == "under_a_year"


async def test_delete_a_step_asks_first(make_test_app, store):
    with store.session() as db:
        med = add_medication(db, "morphine", 30, 2, date(2026, 9, 1))
        add_step(db, med, date(2026, 10, 1), 25, 2)
        set_duration(db, "a_year_or_more")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_taper(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await settle(pilot)
        assert len(saved(store)[1]) == 1
        await pilot.press("x")
        await pilot.press("y")
        await settle(pilot)
        assert saved(store)[1] == []
        assert not screen.query_one("#taper-steps").display


def seeded_app():
    store = open_store(resolve_db(":memory:"))
    with store.session() as db:
        med = add_medication(db, "oxycodone", 10, 3, date(2026, 9, 1))
        for day, strength in [(date(2026, 10, 1), 9), (date(2026, 10, 29), 8), (date(2026, 11, 12), 7), (date(2026, 12, 10), 6)]:
            add_step(db, med, day, strength, 3)
        set_duration(db, "a_year_or_more")
    return make_app(lambda: store, clock=lambda: FIXED_NOW)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_taper_snapshot(snap_compare, size):
    async def open_it(pilot):
        await open_taper(pilot)

    assert snap_compare(seeded_app(), terminal_size=size, run_before=open_it)


@pytest.mark.parametrize("key", ["m", "o"])
async def test_help_is_one_key_away_from_the_plan_forms(make_test_app, key):
    from coach.screens.help import HelpScreen

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_taper(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press(key)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, (MedicationForm, DurationForm))


async def test_edit_medication_keeps_its_start_before_the_first_step(make_test_app, store):
    with store.session() as db:
        med = add_medication(db, "morphine", 30, 2, date(2026, 9, 1))
        add_step(db, med, date(2026, 10, 1), 25, 2)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_taper(pilot)
        screen.query_one("#taper-meds", DataTable).focus()  # "e" edits what is selected: here the medication
        await pilot.pause()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, MedicationForm)
        assert form.query_one("#drug", Input).value == "morphine"
        await fill(pilot, since="2026-10-05")
        assert "before the plan's first step (1 Oct 2026)" in errors(pilot)["since"]
        await fill(pilot, since="2026-08-15", doses="3")
        assert isinstance(app.screen, TaperScreen)
        assert table(screen, "#taper-meds")[0][1:] == ["15 Aug 2026", "30 mg × 3 a day", "90 MME/day"]
        assert table(screen, "#taper-steps")[0][3:5] == ["50", "−44.4%"]
    meds, _ = saved(store)
    assert (meds[0].start_date, meds[0].doses_per_day) == (date(2026, 8, 15), 3)


async def test_a_step_is_changed_in_place_when_the_plan_is_agreed_again(make_test_app, store):
    """"e" on the steps table opens the step with its values; a clash with another step's date is
    refused under the field; keeping its own date is fine; the change is saved in place."""
    with store.session() as db:
        med = add_medication(db, "morphine", 30, 2, date(2026, 9, 1))
        add_step(db, med, date(2026, 10, 1), 25, 2)
        add_step(db, med, date(2026, 11, 1), 20, 2, note="first plan")
        set_duration(db, "a_year_or_more")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_taper(pilot)
        steps_table = screen.query_one("#taper-steps", DataTable)
        steps_table.focus()
        steps_table.move_cursor(row=1)
        await pilot.pause()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, StepForm)
        assert "Change a step" in str(form.query_one(".form-title", Static).render())
        values = {name: form.query_one(f"#{name}", Input).value for name in ("step-date", "strength", "doses", "note")}
        assert values == {"step-date": "2026-11-01", "strength": "20", "doses": "2", "note": "first plan"}
        await fill(pilot, step_date="2026-10-01")
        assert "already a step on 1 Oct 2026" in errors(pilot)["step-date"]
        await fill(pilot, step_date="2026-11-01", strength="22.5", note="agreed again at the 20 Nov visit")
        assert isinstance(app.screen, TaperScreen)
        assert table(screen, "#taper-steps")[1][3] == "45"
    _, steps = saved(store)
    assert len(steps) == 2
    changed = next(s for s in steps if s.start_date == date(2026, 11, 1))
    assert (changed.strength, changed.doses_per_day, changed.note) == (22.5, 2, "agreed again at the 20 Nov visit")


async def test_a_switch_to_buprenorphine_shows_a_switch_note_not_a_pace_alarm(make_test_app, store):
    with store.session() as db:
        oxy = add_medication(db, "oxycodone", 20, 3, date(2026, 6, 1))
        add_step(db, oxy, date(2026, 11, 1), 0, 3)
        add_medication(db, "buprenorphine", 8, 1, date(2026, 11, 2))
        set_duration(db, "a_year_or_more")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_taper(pilot)
        notes = text_of(screen, "#taper-notes")
        assert "switch from oxycodone to buprenorphine" in notes
        assert "faster than" not in notes and "* " not in notes


async def test_notes_for_the_care_team_are_saved_as_given_and_shown(make_test_app, store):
    """`n` on the Taper plan: naloxone at home yes/no, other sedating medicines, questions for the visit;
    each saved as a setting as it is given (issue 23.11), and the report's page 1 shows them."""
    from textual.widgets import RadioButton, RadioSet

    from coach.screens.taper_dialogs import SafetyNotesForm
    from coach.store.settings import read_setting

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_taper(pilot)
        assert "naloxone at home: not noted" in text_of(screen, "#taper-safety-notes")
        await pilot.press("n")
        assert isinstance(app.screen, SafetyNotesForm)
        radios = app.screen.query_one("#naloxone_at_home", RadioSet)
        radios._selected = [b.name for b in radios.query(RadioButton)].index("yes")
        await pilot.press("enter")
        await settle(pilot)
        with store.session() as db:
            assert read_setting(db, "naloxone_at_home") == "yes"  # saved when chosen
        app.screen.query_one("#sedating_medicines", Input).focus()
        await pilot.press(*"gabapentin", "tab")
        await settle(pilot)
        with store.session() as db:
            assert read_setting(db, "sedating_medicines") == "gabapentin"  # saved on leaving the field
        await pilot.press(*"when is my next step", "escape")
        await settle(pilot)
        assert isinstance(app.screen, TaperScreen)
        notes = text_of(app.screen, "#taper-safety-notes")
        assert "naloxone at home: yes" in notes and "gabapentin" in notes and "questions" in notes
    with store.session() as db:
        assert read_setting(db, "visit_questions") == "when is my next step"  # saved on closing
