"""What a person types into a form saved only on "Save" survives the app closing without Save: it is kept as
a draft (coach.store.drafts) and back in the form when it opens again; Save or Cancel drop it (issue 17)."""

from __future__ import annotations

from textual.widgets import Input, Static

from coach.screens.home import HomeScreen
from coach.screens.onboarding import OnboardingScreen
from coach.store.drafts import load_draft
from coach.store.settings import read_settings
from tests.conftest import settle

CARE_TEAM_DRAFT = "onboarding-care-team"


async def _type(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


def _title(app) -> str:
    return str(app.screen.query_one("#step-title", Static).render())


def _draft(store, form: str):
    with store.session() as db:
        return load_draft(db, form)


async def _to_care_team(pilot) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, OnboardingScreen)
    await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
    await settle(pilot)
    assert _title(pilot.app) == "Your care team (optional)"


# --- the welcome tour's care-team step ------------------------------------------------------------------
async def test_later_on_the_care_team_step_saves_what_was_typed(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_care_team(pilot)
        await _type(pilot, "Dr Lee")
        await pilot.press("tab")
        await _type(pilot, "555 0101")
        await pilot.press("escape")  # Later
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    with store.session() as db:
        assert read_settings(db)["care_team"] == [{"role": "prescriber", "name": "Dr Lee", "phone": "555 0101"}]
    assert _draft(store, CARE_TEAM_DRAFT) is None
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _title(app) == "Your care team (optional)"
        assert app.screen.query_one("#prescriber-name", Input).value == "Dr Lee"
        assert app.screen.query_one("#prescriber-phone", Input).value == "555 0101"


async def test_later_keeps_a_care_team_entry_that_cannot_be_saved_yet_as_a_draft(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_care_team(pilot)
        await _type(pilot, "Dr Lee")
        await pilot.press("tab")
        await _type(pilot, "ask reception")  # not a phone number: the setting refuses it
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    with store.session() as db:
        assert read_settings(db).get("care_team") in (None, [])
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _title(app) == "Your care team (optional)"
        assert app.screen.query_one("#prescriber-name", Input).value == "Dr Lee"
        assert app.screen.query_one("#prescriber-phone", Input).value == "ask reception"
        phone = app.screen.query_one("#prescriber-phone", Input)
        phone.value = "555 0101"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert _title(app) == "A first ladder (optional)"
    with store.session() as db:
        assert read_settings(db)["care_team"] == [{"role": "prescriber", "name": "Dr Lee", "phone": "555 0101"}]
    assert _draft(store, CARE_TEAM_DRAFT) is None  # saved for real: the draft is gone


async def test_care_team_typing_survives_the_app_closing_without_later(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_care_team(pilot)
        await _type(pilot, "Dr Lee")
        await settle(pilot)
        await app.action_quit()
    assert _draft(store, CARE_TEAM_DRAFT) == {"prescriber-name": "Dr Lee"}
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#prescriber-name", Input).value == "Dr Lee"


async def test_tour_settings_are_written_in_the_order_given(make_test_app, store):
    """The step is saved on every move; the last one given is the one stored, whatever the threads do."""
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+b", "ctrl+n", "ctrl+n")
        await settle(pilot)
        assert _title(app) == "Your care team (optional)"
    with store.session() as db:
        assert read_settings(db)["onboarding_step"] == "care_team"


# --- the ladder's add and edit form ---------------------------------------------------------------------
async def _open_ladder(pilot):
    from coach.screens.ladder import LadderScreen

    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LadderScreen)


async def test_a_new_ladder_item_typed_but_not_saved_is_back_next_time(make_test_app, store):
    from coach.screens.ladder import ItemForm

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ladder(pilot)
        await pilot.press("a")
        await settle(pilot)
        await _type(pilot, "Walk to the corner")
        await pilot.press("tab")
        await _type(pilot, "35")
        await settle(pilot)
        await app.action_quit()  # closed without Save
    assert _draft(store, "ladder-item:new") == {"item-name": "Walk to the corner", "item-difficulty": "35"}
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ladder(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm)
        assert form.query_one("#item-name", Input).value == "Walk to the corner"
        assert form.query_one("#item-difficulty", Input).value == "35"
        assert "Put back what you typed" in str(form.query_one("#draft-note", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _draft(store, "ladder-item:new") is None
    from sqlmodel import select

    from coach.store.models import LadderItem

    with store.session() as db:
        assert [(i.name, i.difficulty) for i in db.exec(select(LadderItem))] == [("Walk to the corner", 35)]


async def test_cancel_drops_the_ladder_draft_and_an_edit_has_its_own(make_test_app, store):
    from coach.store.ladder import add_item
    from tests.conftest import FIXED_NOW

    with store.session() as db:
        item_id = add_item(db, "Vacuum one room", 45, FIXED_NOW).id
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ladder(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end", "space", *"and", "space", *"the", "space", *"hall")
        await settle(pilot)
        assert _draft(store, f"ladder-item:{item_id}") == {"item-name": "Vacuum one room and the hall"}
        await pilot.press("escape")  # Cancel
        await settle(pilot)
    assert _draft(store, f"ladder-item:{item_id}") is None


# --- the taper plan's forms -----------------------------------------------------------------------------
async def _open_taper(pilot):
    from coach.screens.taper import TaperScreen

    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TaperScreen)


async def test_a_taper_step_typed_but_not_saved_is_back_next_time(make_test_app, store):
    from datetime import date

    from coach.screens.taper_forms import StepForm
    from coach.store.taper import add_medication

    with store.session() as db:
        med_id = add_medication(db, "oxycodone", 10, 3, date(2026, 9, 1))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_taper(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, StepForm)
        await _type(pilot, "2026-12-01")
        await pilot.press("tab", "end", "backspace", "backspace")  # the strength field: 10 becomes 7.5
        await _type(pilot, "7.5")
        await settle(pilot)
        await app.action_quit()
    assert _draft(store, f"taper-step:new:{med_id}") == {"step-date": "2026-12-01", "strength": "7.5"}
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_taper(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#step-date", Input).value == "2026-12-01"
        assert form.query_one("#strength", Input).value == "7.5"
        assert form.query_one("#doses", Input).value == "3"
        await pilot.press("escape")  # Cancel: the draft goes
        await settle(pilot)
    assert _draft(store, f"taper-step:new:{med_id}") is None


async def test_a_new_medication_draft_is_dropped_on_save(make_test_app, store):
    from sqlmodel import select

    from coach.screens.taper_forms import MedicationForm
    from coach.store.models import Medication

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_taper(pilot)
        await pilot.press("m")
        await settle(pilot)
        await _type(pilot, "morphine")
        await settle(pilot)
        await app.action_quit()
    assert _draft(store, "taper-medication:new") == {"drug": "morphine"}
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_taper(pilot)
        await pilot.press("m")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MedicationForm)
        assert form.query_one("#drug", Input).value == "morphine"
        form.query_one("#strength", Input).value = "15"
        form.query_one("#doses", Input).value = "2"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _draft(store, "taper-medication:new") is None
    with store.session() as db:
        assert [(m.drug, m.strength) for m in db.exec(select(Medication))] == [("morphine", 15)]


# --- corrections ----------------------------------------------------------------------------------------
async def test_a_correction_typed_but_not_saved_is_back_next_time(make_test_app, store):
    from textual.widgets import TextArea

    from coach.screens.edit_entry import EditEntryScreen
    from coach.store.models import CheckIn
    from coach.store.repo import start_or_resume_session
    from tests.conftest import FIXED_NOW

    with store.session() as db:
        session = start_or_resume_session(db, FIXED_NOW.date(), FIXED_NOW)
        checkin = CheckIn(session_id=session.id, pain=6, note="walkde to the shop")
        db.add(checkin)
        db.flush()
        checkin_id = checkin.id
    form = f"correction:checkin:{checkin_id}:note"
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(EditEntryScreen("checkin", checkin_id, "note"))
        await settle(pilot)
        assert _draft(store, form) is None  # the saved answer shown is not a draft
        box = app.screen.query_one("#edit-value", TextArea)
        box.text = "walked to the shop"
        await settle(pilot)
        await app.action_quit()
    assert _draft(store, form) == {"edit-value": "walked to the shop"}
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(EditEntryScreen("checkin", checkin_id, "note"))
        await settle(pilot)
        assert app.screen.query_one("#edit-value", TextArea).text == "walked to the shop"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EditEntryScreen)
    assert _draft(store, form) is None
    with store.session() as db:
        assert db.get(CheckIn, checkin_id).note == "walked to the shop"


async def test_a_number_correction_cancelled_leaves_no_draft(make_test_app, store):
    from coach.screens.edit_entry import EditEntryScreen
    from coach.store.models import CheckIn
    from coach.store.repo import start_or_resume_session
    from tests.conftest import FIXED_NOW

    with store.session() as db:
        session = start_or_resume_session(db, FIXED_NOW.date(), FIXED_NOW)
        checkin = CheckIn(session_id=session.id, pain=6)
        db.add(checkin)
        db.flush()
        checkin_id = checkin.id
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(EditEntryScreen("checkin", checkin_id, "pain"))
        await settle(pilot)
        await pilot.press("backspace", "4")
        await settle(pilot)
        assert _draft(store, f"correction:checkin:{checkin_id}:pain") == {"edit-value": "4"}
        await pilot.press("escape")
        await settle(pilot)
    assert _draft(store, f"correction:checkin:{checkin_id}:pain") is None


async def test_first_ladder_rows_typed_on_the_tour_survive_closing_and_go_once_saved(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_care_team(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert _title(app) == "A first ladder (optional)"
        await _type(pilot, "Walk to the shop")
        await pilot.press("tab")
        await _type(pilot, "40")
        await settle(pilot)
        await app.action_quit()
    assert _draft(store, "onboarding-ladder") == {"ladder-name-1": "Walk to the shop", "ladder-rating-1": "40"}
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _title(app) == "A first ladder (optional)"
        screen = app.screen
        assert screen.query_one("#ladder-name-1", Input).value == "Walk to the shop"
        assert screen.query_one("#ladder-rating-1", Input).value == "40"
        for row, (name, rating) in enumerate((("Vacuum", "55"), ("Lunch out", "70")), start=2):
            screen.query_one(f"#ladder-name-{row}", Input).value = name
            screen.query_one(f"#ladder-rating-{row}", Input).value = rating
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert _title(app) == "Your taper plan (optional)"
    assert _draft(store, "onboarding-ladder") is None
