"""Start-up: Home is the first screen, and with the settings read ahead (sqlite3) the SQLModel store opens
only when a screen needs it, so Home stays light and fast (DESIGN section 6; measured in bench/)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from coach.tui.app import make_app
from coach.paths import resolve_db
from coach.store import StoreError
from coach.screens.home import HomeScreen
from coach.store.repo import start_or_resume_session
from coach.store.settings import save_setting
from coach.store.queries.status import quick_settings
from tests.conftest import FIXED_NOW, settle, wait_until

ROOT = Path(__file__).resolve().parents[2]


def _read_ahead_app(store, db_path, **kwargs):
    """The app as `coach` builds it: settings and Home's numbers from the file, the store on demand."""
    opened: list[int] = []

    def opener():
        opened.append(1)
        return store

    target = resolve_db(str(db_path))
    app = make_app(opener, clock=lambda: FIXED_NOW, quick_target=target,
                   settings=quick_settings(target, now=FIXED_NOW), **kwargs)
    return app, opened


def _day_count(app) -> str:
    return str(app.screen.query_one("#day-count", Static).render())


async def test_home_is_the_first_screen(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(app.screen_stack) == 1
        assert isinstance(app.screen_stack[0], HomeScreen)
        # Home's own styles are in force although it was never pushed (they load with the app's CSS).
        assert app.screen.styles.align_horizontal == "center"


async def test_the_store_waits_until_a_screen_needs_it(store, db_path):
    with store.session() as db:
        for back in (2, 1):
            start_or_resume_session(db, FIXED_NOW.date() - timedelta(days=back), FIXED_NOW)
    app, opened = _read_ahead_app(store, db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Day 3 of your practice. 2 practised so far." in _day_count(app)
        await pilot.press("f1")  # Help reads the care team from the settings read ahead
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert opened == [] and app.store is None
        await pilot.press("l")  # the ladder reads the database: now the store opens, once
        await settle(pilot)
        assert type(app.screen).__name__ == "LadderScreen"
        assert opened == [1] and app.store is store
        await pilot.press("escape")
        await settle(pilot)
        assert "Day 3 of your practice" in _day_count(app)
        assert opened == [1]


async def test_home_is_complete_in_its_first_frame_from_the_read_ahead(store, db_path):
    """The launcher read Home's numbers with the settings: Home shows them when it mounts, without a
    worker thread competing with the first paint."""
    with store.session() as db:
        start_or_resume_session(db, FIXED_NOW.date() - timedelta(days=1), FIXED_NOW)
    app, opened = _read_ahead_app(store, db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Day 2 of your practice. 1 practised so far." in _day_count(app)
        assert [w for w in app.workers if w.group == "home-load"] == []
        await pilot.press("f1")
        await pilot.press("escape")
        await settle(pilot)
        assert "Day 2 of your practice" in _day_count(app)  # read again on coming back, still sqlite3
        assert opened == []


async def test_start_key_opens_the_session_at_once_and_it_loads_when_the_store_opens(store, db_path):
    from coach.screens.session import SessionScreen
    from coach.store.sessions import load_session

    app, opened = _read_ahead_app(store, db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.store is None
        await pilot.press("s")
        assert isinstance(app.screen, SessionScreen)
        await settle(pilot)
        await settle(pilot)
        assert opened == [1]
        await pilot.press("7")
        await settle(pilot)
    with store.session() as db:
        assert load_session(db, FIXED_NOW.date()).checkin["pain"] == 7


async def test_a_stored_theme_and_keys_apply_before_the_store_opens(store, db_path):
    with store.session() as db:
        save_setting(db, "theme", "nord")
        save_setting(db, "keymap", {"help": "f2"})
        save_setting(db, "onboarding_done", True)
    app, opened = _read_ahead_app(store, db_path, onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "nord"
        await pilot.press("f2")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        assert opened == []


async def test_a_new_user_gets_the_tour_over_home_from_the_settings_read_ahead(tmp_path):
    from coach.screens.onboarding import OnboardingScreen
    from coach.store.engine.db import open_store

    db_path = tmp_path / "new" / "coach.db"
    target = resolve_db(str(db_path))
    app = make_app(lambda: open_store(target), clock=lambda: FIXED_NOW, quick_target=target,
                   settings=quick_settings(target), onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OnboardingScreen)
        assert isinstance(app.screen_stack[0], HomeScreen)
        assert "Day 1 of your practice starts today." in str(
            app.screen_stack[0].query_one("#day-count", Static).render()
        )
        # The tour records where it is (so it can resume), which is what creates the file.
        assert app.store is not None and db_path.exists()
    app.store.close()


def test_home_complete_loads_no_sqlmodel_sqlalchemy_or_pydantic(store, db_path):
    """What keeps memory at Home near a bare Textual app: the heavy libraries are not imported at all."""
    with store.session() as db:
        start_or_resume_session(db, FIXED_NOW.date() - timedelta(days=1), FIXED_NOW)
        save_setting(db, "onboarding_done", True)
    script = textwrap.dedent(f"""
        import asyncio, json, sys, time
        from coach.tui.launch import launch_tui
        import coach.tui.launch as launch

        def run(app, mouse=True):
            async def go():
                async with app.run_test(size=(80, 24)) as pilot:
                    deadline = time.monotonic() + 30  # as soon as shown; a loaded machine may need longer
                    while time.monotonic() < deadline:
                        await pilot.pause(0.02)
                        if "of your practice" in str(app.screen.query_one("#day-count").render()):
                            break
                    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlmodel", "sqlalchemy", "pydantic"))
                    print(json.dumps({{"home": str(app.screen.query_one("#day-count").render()), "heavy": heavy}}))
            asyncio.run(go())
            return 0

        launch._run = run
        launch_tui({str(db_path)!r})
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert "Day 2 of your practice" in seen["home"]
    assert seen["heavy"] == []


def _failing(exc: BaseException):
    def opener():
        raise exc

    return opener


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StoreError("cannot write to DB: read-only file system"), "cannot write to DB: read-only file system"),
        (PermissionError(13, "Permission denied"), "cannot open the database: Permission denied"),
        (sqlite3.OperationalError("unable to open database file"), "cannot open the database: unable to open"),
        (OSError(28, "No space left on device"), "cannot open the database: No space left on device"),
    ],
)
@pytest.mark.parametrize("key", ["s", "l"])
async def test_a_store_that_fails_to_open_later_shows_one_message_and_ctrl_q_quits(store, db_path, error, expected, key):
    """The file read fine with sqlite3, but the store cannot open when a screen first needs it (a read-only
    folder, a full disk, a file without access): one clear message, and Ctrl+Q quits with exit code 2 and
    the line the launcher prints. Pressing s used to freeze the app (Home waited for the store for ever)."""
    target = resolve_db(str(db_path))
    app = make_app(_failing(error), clock=lambda: FIXED_NOW, quick_target=target,
                   settings=quick_settings(target, now=FIXED_NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Day 1 of your practice starts today." in _day_count(app)
        await pilot.press(key)
        await settle(pilot)
        assert type(app.screen).__name__ == "StoreProblemScreen"
        shown = str(app.screen.query_one("#store-problem-message", Static).render())
        assert shown.startswith(expected)
        await pilot.press("f1")  # Help still opens over it
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 2
    assert app.startup_error.startswith(expected)


async def test_an_unexpected_error_opening_the_store_still_lets_the_app_quit(store, db_path):
    target = resolve_db(str(db_path))
    app = make_app(_failing(RuntimeError("bug")), clock=lambda: FIXED_NOW, quick_target=target,
                   settings=quick_settings(target, now=FIXED_NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "StoreProblemScreen"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 2 and app.startup_error == "cannot open the database: RuntimeError"


async def test_the_first_screen_to_open_the_store_is_freed_when_closed(store, db_path):
    """The store's opening freezes what exists then out of the garbage collector (gc.freeze); the
    screen that asked for it must still be released once it is closed."""
    import gc
    import weakref

    from coach.screens.session import SessionScreen

    gc.unfreeze()  # as in a fresh process (the app freezes only the first time; earlier tests did)
    app, opened = _read_ahead_app(store, db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and opened == [1]
        assert gc.get_freeze_count() > 0  # frozen while the session screen was there
        screen = weakref.ref(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        # Released once its last messages and tasks have run: as soon as that is, however loaded the machine.
        await wait_until(pilot, lambda: gc.collect() >= 0 and screen() is None, "the closed screen to be freed")
