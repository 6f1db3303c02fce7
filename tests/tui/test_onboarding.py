"""The welcome tour by keys: first run only in the real TUI, skippable, resumable, and what it saves."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input, Static

from coach.screens.help import HelpScreen
from coach.screens.home import HomeScreen
from coach.screens.onboarding import LadderRowError, OnboardingScreen, read_ladder_rows
from coach.store.models import LadderItem
from coach.store.settings import read_settings
from tests.conftest import settle


async def _settle(pilot) -> None:
    await settle(pilot)


def _title(app) -> str:
    return str(app.screen.query_one("#step-title", Static).render())


async def _type(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def test_the_whole_tour_by_keys(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, OnboardingScreen)
        assert _title(app) == "Welcome to coach"
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "not a medical device" in text
        await pilot.press("enter")  # Next has focus
        assert _title(app) == "What daily practice is"
        assert "intolerable" in str(app.screen.query_one("#practice .body", Static).render())
        await pilot.press("enter")
        assert _title(app) == "Practice and your medication"
        assert "usual dose schedule" in str(app.screen.query_one("#medication .body", Static).render())
        await pilot.press("enter")
        assert _title(app) == "Your care team (optional)"
        # Focus starts in the prescriber's name.
        await _type(pilot, "Dr Lee")
        await pilot.press("tab")
        await _type(pilot, "555 0100")
        await pilot.press("tab", "tab", "tab")  # psychologist's name, phone; physical therapist's name
        await _type(pilot, "Sam")
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert _title(app) == "A first ladder (optional)"
        # What was saved is said on the next step's own page, never in a toast over its words.
        assert str(app.screen.query_one("#tour-saved", Static).render()) == (
            "Saved. Your care team is on the Help screen (F1)."
        )
        assert not app._notifications
        for name, rating in (("Walk to the shop", "40"), ("Vacuum", "55"), ("Lunch out", "70")):
            await _type(pilot, name)
            await pilot.press("tab")
            await _type(pilot, rating)
            await pilot.press("tab")
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert _title(app) == "Your taper plan (optional)"
        assert str(app.screen.query_one("#tour-saved", Static).render()) == "Saved 3 activities to your ladder."
        assert not app._notifications
        assert "later with your prescriber" in str(app.screen.query_one("#taper .body", Static).render())
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # Back, Open the taper plan, the duration choice
        await pilot.press("enter", "down", "down", "enter")  # Not sure -> Less than a year -> A year or more
        await _settle(pilot)
        await pilot.click("#next")  # Finish
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        care = str(app.screen.query_one("#care-team", Static).render())
        assert "Prescriber: Dr Lee, 555 0100" in care and "Physical therapist: Sam" in care
    with store.session() as db:
        settings = read_settings(db)
        items = db.exec(select(LadderItem).order_by(LadderItem.difficulty)).all()
    assert settings["onboarding_done"] is True
    assert settings["opioid_duration"] == "a_year_or_more"
    assert settings["care_team"] == [
        {"role": "prescriber", "name": "Dr Lee", "phone": "555 0100"},
        {"role": "physical_therapist", "name": "Sam", "phone": ""},
    ]
    assert [(i.name, i.difficulty) for i in items] == [("Walk to the shop", 40), ("Vacuum", 55), ("Lunch out", 70)]


async def test_tour_is_not_shown_without_the_flag_or_once_done(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    from coach.store.settings import save_setting

    with store.session() as db:
        save_setting(db, "onboarding_done", True)
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_later_resumes_at_the_same_step(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n")
        await _settle(pilot)
        assert _title(app) == "Practice and your medication"
        await pilot.press("escape")
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, OnboardingScreen)
        assert _title(app) == "Practice and your medication"
        await pilot.press("ctrl+b")
        assert _title(app) == "What daily practice is"


async def test_skip_the_tour_from_the_first_screen(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.click("#skip-tour")
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    with store.session() as db:
        assert read_settings(db)["onboarding_done"] is True
        assert db.exec(select(LadderItem)).all() == []


async def test_optional_steps_can_be_skipped(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        assert _title(app) == "Your care team (optional)"
        await pilot.click("#skip-step")
        assert _title(app) == "A first ladder (optional)"
        await pilot.click("#skip-step")
        assert _title(app) == "Your taper plan (optional)"


async def test_ladder_needs_three_rows_and_valid_ratings(make_test_app, store):
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await _settle(pilot)
        assert _title(app) == "A first ladder (optional)"
        await _type(pilot, "Walk")
        await pilot.press("tab")
        await _type(pilot, "40")
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert _title(app) == "A first ladder (optional)"
        assert "at least 3" in str(app.screen.query_one("#problem", Static).render())
        app.screen.query_one("#ladder-name-2", Input).value = "Stairs"
        await pilot.press("ctrl+n")
        assert "Row 2" in str(app.screen.query_one("#problem", Static).render())
    with store.session() as db:
        assert db.exec(select(LadderItem)).all() == []


async def test_a_suggestion_fills_the_next_empty_row(make_test_app, store):
    from coach.content import load_ladder_suggestions

    first = load_ladder_suggestions()[0]
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await _settle(pilot)
        await pilot.press("shift+tab", "enter", "down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#ladder-name-1", Input).value == first.name
        rating = app.screen.query_one("#ladder-rating-1", Input)
        assert rating.value == str(first.typical_difficulty)
        assert rating.has_focus
        await _type(pilot, "15")  # types over the suggested rating
        assert rating.value == "15"
        for row, name in ((2, "Stairs"), (3, "Bus")):
            app.screen.query_one(f"#ladder-name-{row}", Input).value = name
            app.screen.query_one(f"#ladder-rating-{row}", Input).value = "50"
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert _title(app) == "Your taper plan (optional)"
    with store.session() as db:
        items = {item.name: item.category for item in db.exec(select(LadderItem))}
    assert items == {first.name: first.category, "Stairs": "", "Bus": ""}


async def test_palette_entry_reopens_the_tour_from_the_start(make_test_app, store):
    from coach.store.settings import save_setting

    with store.session() as db:
        save_setting(db, "onboarding_done", True)
        save_setting(db, "onboarding_step", "ladder")
    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Welcome tour"].callback()
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen)
        assert _title(app) == "Welcome to coach"


def test_ladder_rows_are_read_with_clear_messages():
    assert read_ladder_rows([("  Walk ", "40"), ("", ""), ("Stairs", "100")])[1].difficulty == 100
    with pytest.raises(LadderRowError, match="Row 1.*0 to 100"):
        read_ladder_rows([("Walk", "101")])
    with pytest.raises(LadderRowError, match="Row 2 has a rating but no activity"):
        read_ladder_rows([("Walk", "1"), ("", "50")])


async def test_taper_step_links_to_the_taper_plan(make_test_app):
    from coach.screens.taper import TaperScreen

    app = make_test_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.click("#skip-step")
        await pilot.click("#skip-step")
        assert _title(app) == "Your taper plan (optional)"
        await pilot.press("shift+tab", "shift+tab", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, TaperScreen)
        await pilot.press("escape")
        await _settle(pilot)
        assert isinstance(app.screen, OnboardingScreen)
