"""Session defects found walking the wizard (issue 17), each walked by keys as a person would."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import ContentSwitcher, Static

from coach.screens.home import HomeScreen
from coach.screens.session import SessionScreen
from coach.store.sessions import load_session, record_checkin, record_goal, set_current_step
from coach.store.settings import save_setting
from tests.conftest import FIXED_NOW, settle
from tests.tui.test_session import _text, _type

TODAY = FIXED_NOW.date()
SCREENS = Path(__file__).resolve().parents[2] / "coach" / "screens"


def _finished_day_with_a_goal(store) -> None:
    with store.session() as db:
        save_setting(db, "onboarding_done", True)
        record_checkin(db, TODAY, FIXED_NOW, pain=5)
        record_goal(db, TODAY, FIXED_NOW, text="walk to the gate")
        set_current_step(db, TODAY, FIXED_NOW, "summary")


def _indicator(app) -> str:
    return " ".join(_text(app.screen.query_one("#steps", Static)).split())


def _home_steps(app) -> str:
    return " ".join(_text(app.screen.query_one("#today-steps", Static)).split())


# --- the goal step after a visit to the Ladder ----------------------------------------------


async def test_goal_step_reopened_after_adding_to_the_ladder_keeps_its_fields_in_view(make_test_app, store):
    """`l a …` on the Ladder, then `s` and back to the goal: no tall empty dropdown pushing the fields
    below the fold (the Ladder's styles for its own #ladder used to reach the wizard's ladder choice)."""
    _finished_day_with_a_goal(store)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await _type(pilot, "Carry the shopping")
        await pilot.press("tab", "4", "0", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("escape")  # from the summary back towards the goal
        await settle(pilot)
        if app.screen.query_one(ContentSwitcher).current == "reflection":
            await pilot.press("escape")
            await settle(pilot)
        screen = app.screen
        assert screen.query_one(ContentSwitcher).current == "goal"
        pane = screen.query_one("#goal")
        choice = screen.query_one("#ladder-choice")
        select = choice.query_one("Select")
        assert select.region.height == 3, f"the ladder's dropdown is {select.region.height} rows tall"
        assert pane.scroll_offset.y == 0
        # The intro, the ladder choice and the typed activity all fit in the first screenful.
        assert screen.query_one("#goal-text").region.bottom <= pane.region.bottom


def test_no_other_screen_styles_an_id_the_wizard_uses():
    """Screens' stylesheets are global once loaded: a bare `#id` rule elsewhere reaches any widget with
    that id. The wizard's ids stay clear of them."""
    bare_ids = set()
    for tcss in SCREENS.rglob("*.tcss"):
        if "session" in tcss.parts or tcss.stem == "session":
            continue
        for line in tcss.read_text().splitlines():
            for selector in line.split("{")[0].split(","):
                first = selector.strip().split(" ")[0]
                if first.startswith("#"):
                    bare_ids.add(first[1:])
    wizard_ids = set()
    for source in (SCREENS / "session").rglob("*.py") if (SCREENS / "session").is_dir() else [SCREENS / "session.py"]:
        wizard_ids |= set(re.findall(r'id="([a-z_-]+)"', source.read_text()))
    assert wizard_ids
    assert not wizard_ids & bare_ids, f"ids styled by another screen: {sorted(wizard_ids & bare_ids)}"
    # And no other screen's stylesheet has a bare `#id` rule at all: each is scoped by its screen's type.
    assert not bare_ids, f"bare #id rules outside the wizard: {sorted(bare_ids)}"


# --- ✓ only when a step's required answers are given ----------------------------------------


async def test_home_ticks_the_check_in_only_when_its_ratings_are_given(make_test_app, store):
    with store.session() as db:
        save_setting(db, "onboarding_done", True)
        record_checkin(db, TODAY, FIXED_NOW, pain=5)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        steps = _home_steps(app)
        assert "Check-in" in steps and "✓ Check-in" not in steps
    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, tolerability=6, distress=3, sleep=7, mood=6)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "✓ Check-in done" in _home_steps(app)


def test_the_fast_read_ticks_the_same_as_the_store(store, db_path):
    """Home's first frame (plain sqlite3) and its later reads (the store) agree on every ✓."""
    from coach.paths import resolve_db
    from coach.store.sessions import today_state
    from coach.store.queries.status import quick_home

    target = resolve_db(str(db_path))
    stages = [
        ("checkin", dict(pain=5)),
        ("checkin", dict(tolerability=6, distress=3, sleep=7, mood=6)),
        ("goal", dict(text="stairs")),
        ("goal", dict(predicted_peak_pain=6, predicted_tolerability=5)),
    ]
    expected = [(False, False), (True, False), (True, False), (True, True)]
    for (part, fields), (checkin_done, goal_done) in zip(stages, expected, strict=True):
        with store.session() as db:
            (record_checkin if part == "checkin" else record_goal)(db, TODAY, FIXED_NOW, **fields)
        with store.session() as db:
            slow = today_state(db, TODAY)
        fast = quick_home(target, FIXED_NOW)[1]
        assert fast == slow
        assert (slow.checkin_done, slow.goal_done) == (checkin_done, goal_done), fields


async def test_the_breadcrumb_ticks_the_goal_only_after_the_prediction(make_test_app, store):
    with store.session() as db:
        set_current_step(db, TODAY, FIXED_NOW, "goal")
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "goal"
        await _type(pilot, "stairs")
        await settle(pilot)
        assert "✓ Goal" not in _indicator(app)
        app.screen.query_one("#predicted_peak_pain").focus()
        await pilot.press("6")
        await settle(pilot)
        assert "✓ Goal" not in _indicator(app)
        await pilot.press("tab", "5")
        await settle(pilot)
        assert "✓ Goal" in _indicator(app)


async def test_the_breadcrumb_ticks_the_check_in_after_its_five_ratings(make_test_app, store):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert "✓ Check-in" not in _indicator(app)
        for key in ("tab", "6", "tab", "3", "tab", "7", "tab", "6"):
            await pilot.press(key)
        await settle(pilot)
        assert "✓ Check-in" in _indicator(app)


# --- a finished day opens on its summary; back from the summary is the reflection ----------


async def test_a_finished_day_walked_back_with_esc_reopens_on_the_summary(make_test_app, store):
    with store.session() as db:
        save_setting(db, "onboarding_done", True)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5", "ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await _type(pilot, "stairs")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "summary"
        for _ in range(8):  # Esc until the wizard closes: back through every step
            if not isinstance(app.screen, SessionScreen):
                break
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.query_one(ContentSwitcher).current == "summary"


async def test_back_from_the_summary_is_how_did_it_go(make_test_app, store):
    _finished_day_with_a_goal(store)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "summary"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "reflection"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "goal"
    with store.session() as db:
        assert load_session(db, TODAY).status == "done"


async def test_how_did_it_go_stays_on_offer_until_its_answers_are_given(make_test_app, store):
    """An outcome without how it was: Home, the breadcrumb and the summary all still offer the reflection."""
    from coach.store.sessions import record_reflection

    _finished_day_with_a_goal(store)
    with store.session() as db:
        record_reflection(db, TODAY, FIXED_NOW, outcome="fully")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "✓ How did it go?" not in _home_steps(app)
        assert app.screen.query_one("#reflect").display
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "summary"
        assert app.screen.query_one("#summary-reflect").display
        assert "✓ How did it go?" not in _indicator(app)
    with store.session() as db:
        record_reflection(db, TODAY, FIXED_NOW, actual_peak_pain=4, actual_tolerability=7)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "✓ How did it go? done" in _home_steps(app)
        await pilot.press("s")
        await settle(pilot)
        assert not app.screen.query_one("#summary-reflect").display
        assert "✓ How did it go?" in _indicator(app)


# --- keys pressed while the day loads -------------------------------------------------------


async def test_keys_typed_while_the_day_loads_are_applied_in_order(make_test_app, store, monkeypatch):
    """Answers and Ctrl+N typed before the answers arrive (a store still opening) are not dropped: they
    land where they would have, in the order typed."""
    import threading

    import coach.store.sessions as sessions

    loaded = threading.Event()
    real = sessions.load_session

    def slow_load(db, day):
        assert loaded.wait(30)
        return real(db, day)

    monkeypatch.setattr(sessions, "load_session", slow_load)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and app.screen.data is None
        await pilot.press("6", "tab", "5", "ctrl+n", "ctrl+n")
        loaded.set()
        await settle(pilot)
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "goal"
        assert "3 Goal" in _indicator(app)
    with store.session() as db:
        answers = real(db, TODAY)
    assert answers.current_step == "goal"
    assert (answers.checkin["pain"], answers.checkin["tolerability"]) == (6, 5)
