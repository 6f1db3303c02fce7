"""The wizard builds a step's widgets only when the step is first reached, and a built step is kept."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import ContentSwitcher, Input, OptionList

from coach.screens.session import SessionScreen, StepPane
from coach.store.models import CheckIn, ExposureGoal
from coach.store.sessions import (
    load_session,
    record_checkin,
    record_goal,
    set_current_step,
)
from coach.widgets.scale import ScaleInput
from tests.conftest import FIXED_NOW, settle

TODAY = FIXED_NOW.date()


def _built(screen: SessionScreen) -> list[str]:
    return [pane.id for pane in screen.query(StepPane)]


async def test_only_the_steps_reached_have_widgets(make_test_app, store):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert _built(screen) == ["checkin"]
        assert not screen.query("#exercise-list") and not screen.query("#goal-text") and not screen.query("#outcome")
        checkin = screen.query_one("#checkin", StepPane)
        await pilot.press("7")  # pain, focused first
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "exercise"
        assert _built(screen) == ["checkin", "exercise"]
        assert screen.query_one("#exercise-list", OptionList).option_count > 0  # filled once built
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert _built(screen) == ["checkin", "exercise", "goal"]
        assert app.focused is screen.query_one("#goal-text", Input)
        for key in "stairs":
            await pilot.press(key)
        await settle(pilot)
        # Back twice: the same check-in as before, not rebuilt, still showing the answer.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "checkin"
        assert screen.query_one("#checkin", StepPane) is checkin
        assert screen.query_one("#pain", ScaleInput).value == 7
        assert _built(screen) == ["checkin", "exercise", "goal"]
    with store.session() as db:
        assert db.exec(select(CheckIn)).one().pain == 7
        assert db.exec(select(ExposureGoal)).one().text == "stairs"
        assert load_session(db, TODAY).current_step == "checkin"


async def test_resume_builds_only_the_saved_step_then_each_step_as_reached(make_test_app, store):
    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, pain=8, note="rough night")
        record_goal(db, TODAY, FIXED_NOW, text="stairs", predicted_peak_pain=6)
        set_current_step(db, TODAY, FIXED_NOW, "goal")
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_one(ContentSwitcher).current == "goal"
        assert _built(screen) == ["goal"]
        assert screen.query_one("#predicted_peak_pain", ScaleInput).value == 6
        # Back to the check-in: built now, with the saved answers; a change there is saved.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "checkin"
        assert sorted(_built(screen)) == ["checkin", "exercise", "goal"]
        assert screen.query_one("#pain", ScaleInput).value == 8
        assert screen.query_one("#note", Input).value == "rough night"
        assert app.focused is screen.query_one("#pain", ScaleInput)
        await pilot.press("left")
        await settle(pilot)
        # Forward again to the goal, kept as it was; then the summary, built on its first visit.
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "goal"
        assert screen.query_one("#predicted_peak_pain", ScaleInput).value == 6
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "summary"
        assert "reflection" not in _built(screen)
        assert app.focused is screen.query_one("#summary-finish")
    with store.session() as db:
        checkin = db.exec(select(CheckIn)).one()
        assert (checkin.pain, checkin.note) == (7, "rough night")
        assert load_session(db, TODAY).current_step == "summary"


async def test_how_did_it_go_builds_only_the_reflection(make_test_app, store):
    """Home's "How did it go?" opens the reflection straight away: the steps before it are never built."""
    with store.session() as db:
        record_goal(db, TODAY, FIXED_NOW, text="stairs", predicted_peak_pain=6)
        set_current_step(db, TODAY, FIXED_NOW, "summary")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert _built(screen) == ["reflection"]
        assert "Today's goal: stairs" in str(screen.query_one("#reflection-goal").content)
        assert app.focused is screen.query_one("#outcome")
        await pilot.press("enter")  # "I did it"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert _built(screen) == ["reflection", "summary"]
    with store.session() as db:
        assert load_session(db, TODAY).reflection["outcome"] == "fully"
