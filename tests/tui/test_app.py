"""The app by keys: Home loads its data, Help is one key away, starting a session is recorded."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Button, Static

from coach.screens.help import HelpScreen
from coach.screens.home import HomeScreen
from coach.store.models import DailySession
from tests.conftest import FIXED_NOW, settle, wait_until



async def test_home_shows_date_and_day_count(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Wednesday 25 November 2026" in str(app.screen.query_one("#date", Static).render())
        assert "Day 1" in str(app.screen.query_one("#day-count", Static).render())
        assert "not a medical device" in str(app.screen.query_one("#first-run", Static).render())


async def test_help_key_opens_safety_screen_and_back(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        for needle in ("911", "988", "prescriber", "breathing", "allergic", "naloxone"):
            assert needle in text
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_help_has_naloxone_at_home_sedatives_988_chat_and_the_recovery_position(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        screen = app.screen
        emergency = " ".join(str(w.render()) for w in screen.query(".emergency Static"))
        assert "on their side" in emergency and "recovery position" in emergency
        crisis = " ".join(str(w.render()) for w in screen.query(".crisis Static"))
        assert "call or text 988" in crisis.lower() and "chat" in crisis
        # Naloxone at home, and sedatives with alcohol, outside the emergency list too.
        taper = " ".join(str(w.render()) for w in screen.query(".taper-safety Static"))
        for needle in ("naloxone at home", "where it is", "Alcohol", "sleeping pills", "benzodiazepines", "Tolerance"):
            assert needle in taper, needle


async def test_key_pressed_before_store_opens_still_works(store):
    """The store opener blocks until released: a key pressed meanwhile is acted on once it opens."""
    import threading

    from coach.tui.app import make_app

    gate = threading.Event()

    def slow_opener():
        gate.wait(10)
        return store

    app = make_app(slow_opener, clock=lambda: FIXED_NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.store is None
        # The pilot waits for the app to go idle after a key, so release the store from a timer.
        threading.Timer(0.3, gate.set).start()
        await pilot.press("s")
        await settle(pilot)
        await settle(pilot)
    with store.session() as db:
        assert len(db.exec(select(DailySession)).all()) == 1


async def test_start_button_label_follows_the_day(make_test_app, store):
    from coach.store.repo import start_or_resume_session

    with store.session() as db:
        start_or_resume_session(db, FIXED_NOW.date(), FIXED_NOW)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Resume" in str(app.screen.query_one("#start", Button).label)


async def test_command_palette_lists_help(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [cmd.title for cmd in app.get_system_commands(app.screen)]
        assert "Help and safety" in titles
        await pilot.pause()


async def test_f1_reaches_help_over_a_pop_up_form(make_test_app):
    from textual.screen import ModalScreen

    class PopUp(ModalScreen[None]):
        def compose(self):
            yield Static("a form")

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PopUp())
        await pilot.pause()
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, PopUp)


async def test_home_numbers_arrive_before_the_store_opens(store, db_path):
    """With the store still opening, Home reads its numbers from the file with plain sqlite3."""
    import threading
    from datetime import timedelta

    from coach.tui.app import make_app
    from coach.paths import resolve_db
    from coach.store.repo import start_or_resume_session

    with store.session() as db:
        for back in (3, 2, 1):
            start_or_resume_session(db, FIXED_NOW.date() - timedelta(days=back), FIXED_NOW)
    gate = threading.Event()

    def slow_opener():
        gate.wait(10)
        return store

    app = make_app(slow_opener, clock=lambda: FIXED_NOW, quick_target=resolve_db(str(db_path)))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(
                pilot, lambda: "Day 4" in str(app.screen.query_one("#day-count", Static).render()), "Home's numbers"
            )
            assert app.store is None
            assert "Day 4 of your practice. 3 practised so far." in str(
                app.screen.query_one("#day-count", Static).render()
            )
            gate.set()
            await settle(pilot)
            assert app.store is store
    finally:
        gate.set()


async def test_help_and_the_footer_promise_f1_the_key_that_works_in_text_fields_too(make_test_app):
    """`?` types into a text field, so the key Help and the footer name for every screen is F1."""
    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.widgets import Input

    from coach.widgets.footer import CoachFooter

    class Form(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="note")
            yield CoachFooter()

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = Form()
        await app.push_screen(form)
        form.query_one("#note", Input).focus()
        await pilot.press("question_mark")
        assert form.query_one("#note", Input).value == "?" and app.screen is form
        keys = {b.binding.key: b.binding.description for b in app.active_bindings.values() if b.binding.show}
        assert keys.get("f1") == "Help" and "question_mark" not in keys
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        words = str(app.screen.query_one("#help-keys", Static).render())
        assert "F1" in words and "every screen" in words and "?" not in words
