"""Settings by keys: stored in the database and applied at once (theme, motion, keys, day start)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Checkbox, Input, Select, Static

from coach.screens.help import HelpScreen
from coach.screens.home import HomeScreen
from coach.screens.settings import SettingsScreen, known_bindings
from coach.store.settings import read_settings, save_setting
from tests.conftest import settle


async def _settle(pilot) -> None:
    await settle(pilot)


async def test_comma_opens_settings_and_theme_changes_at_once(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("comma")
        assert isinstance(app.screen, SettingsScreen)
        # The theme select has focus first: open it, move to the projector theme, choose it.
        assert app.screen.query_one("#theme", Select).has_focus
        await pilot.press("enter", "down", "down", "enter")
        await _settle(pilot)
        assert app.theme == "projector"
        assert "Saved" in str(app.screen.query_one("#settings-status", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    with store.session() as db:
        assert read_settings(db)["theme"] == "projector"


async def test_stored_settings_apply_at_start(make_test_app, store):
    with store.session() as db:
        save_setting(db, "theme", "ansi-dark")
        save_setting(db, "reduced_motion", True)
        save_setting(db, "keymap", {"help": "f2"})
        save_setting(db, "day_start_hour", 11)  # FIXED_NOW is 09:30, so it is still yesterday
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert app.theme == "ansi-dark"
        assert app.animation_level == "none"
        assert app.today() == date(2026, 11, 24)
        await pilot.press("f2")
        assert isinstance(app.screen, HelpScreen)


async def test_without_a_stored_theme_the_start_theme_stays(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "projector"  # e.g. demo mode chose it before the store opened
        await _settle(pilot)
        assert app.theme == "projector"


async def test_every_control_saves_its_key(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("comma")
        screen = app.screen
        screen.query_one("#reduced_motion", Checkbox).value = True
        await _settle(pilot)
        assert app.animation_level == "none"
        screen.query_one("#day_start_hour", Select).value = 2
        screen.query_one("#opioid_duration", Select).value = "a_year_or_more"
        screen.query_one("#peg_day", Select).value = 4
        screen.query_one("#default_exercise", Select).value = "box-breathing"
        screen.query_one("#default_exercise_minutes", Select).value = 10
        screen.query_one("#mouse", Checkbox).value = False
        await _settle(pilot)
        assert app.settings["opioid_duration"] == "a_year_or_more"
    with store.session() as db:
        values = read_settings(db)
    assert (values["reduced_motion"], values["day_start_hour"], values["opioid_duration"]) == (
        True, 2, "a_year_or_more",
    )
    assert (values["peg_day"], values["default_exercise"], values["default_exercise_minutes"]) == (
        4, "box-breathing", 10,
    )
    assert values["mouse"] is False


async def test_care_team_from_settings_shows_on_help(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("comma")
        app.screen.query_one("#pain_psychologist-name", Input).value = "Dr Okafor"
        app.screen.query_one("#pain_psychologist-phone", Input).value = "not a number"
        app.screen.query_one("#save-contacts").press()
        await _settle(pilot)
        status = app.screen.query_one("#settings-status", Static)
        assert "phone number" in str(status.render()) and status.has_class("problem")
        app.screen.query_one("#pain_psychologist-phone", Input).value = "020 7946 0000"
        app.screen.query_one("#save-contacts").press()
        await _settle(pilot)
        await pilot.press("f1")
        assert "Pain psychologist: Dr Okafor, 020 7946 0000" in str(app.screen.query_one("#care-team", Static).render())
    with store.session() as db:
        assert read_settings(db)["care_team"] == [
            {"role": "pain_psychologist", "name": "Dr Okafor", "phone": "020 7946 0000"}
        ]


async def test_a_new_key_is_chosen_by_pressing_it_and_reset(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("comma")
        app.screen.query_one("#binding", Select).value = "help"
        await pilot.pause()
        app.screen.query_one("#capture-key").press()
        await pilot.pause()
        await pilot.press("tab")  # reserved: asks again
        assert "stays as it is" in str(app.screen.query_one("#capture-note", Static).render())
        await pilot.press("f6")
        await _settle(pilot)
        assert app.settings["keymap"] == {"help": "f6"}
        await pilot.press("escape")
        await pilot.press("f6")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("comma")
        app.screen.query_one("#reset-keys").press()
        await _settle(pilot)
        assert app.settings["keymap"] == {}
        await pilot.press("escape")
        await pilot.press("f6")
        assert isinstance(app.screen, HomeScreen)
    with store.session() as db:
        assert read_settings(db)["keymap"] == {}


def test_known_bindings_have_ids_and_descriptions(make_test_app):
    ids = {binding_id for binding_id, _, _ in known_bindings(make_test_app())}
    assert {"help", "quit", "start-session", "open-settings"} <= ids


async def test_a_theme_chosen_from_textuals_own_command_is_kept(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.theme = "dracula"  # what the palette's "Change theme" does
        await _settle(pilot)
    with store.session() as db:
        assert read_settings(db)["theme"] == "dracula"


async def test_toggles_say_on_or_off_in_words(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("comma")
        motion = app.screen.query_one("#reduced_motion", Checkbox)
        # Off says what is true while off (pacers move), not what turning it on would do.
        assert str(motion.label) == "Off: pacers move; turn on for still counts"
        await pilot.press("tab", "space")
        await _settle(pilot)
        assert motion.value is True
        assert str(motion.label) == "On: still counts instead of moving pacers"
        assert app.animation_level == "none"


async def test_settings_show_a_value_another_screen_changed(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        with store.session() as db:  # as the taper plan screen does when you set the duration there
            save_setting(db, "opioid_duration", "under_a_year")
        await pilot.press("comma")
        await _settle(pilot)
        assert app.screen.query_one("#opioid_duration", Select).value == "under_a_year"
        assert app.settings["opioid_duration"] == "under_a_year"


async def test_usual_exercise_and_length_reach_todays_session(make_test_app, store):
    from coach.screens.practice import PracticeExerciseScreen

    with store.session() as db:
        save_setting(db, "default_exercise", "body-scan")
        save_setting(db, "default_exercise_minutes", 3)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+n")  # past the check-in, to the exercise step
        await _settle(pilot)
        first = app.screen.query_one("#exercise-list").get_option_at_index(0)
        assert first.id == "body-scan"
        assert "3 min" in str(first.prompt) and "suggested" in str(first.prompt)
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, PracticeExerciseScreen)
        assert app.screen.minutes == 3


async def test_settings_offer_no_preference_for_the_exercise(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("comma")
        await _settle(pilot)
        exercise = app.screen.query_one("#default_exercise", Select)
        assert exercise.value == ""  # "A different one each day"
        exercise.value = "five-senses"
        await _settle(pilot)
        exercise.value = ""
        await _settle(pilot)
    with store.session() as db:
        assert read_settings(db)["default_exercise"] is None
