"""Quitting while a full disk keeps the journal from taking answers: asked once, the answers kept in a
0600 recovery file beside the default data folder, and saved at the next start once there is space."""

from __future__ import annotations

from coach.paths import default_data_dir, resolve_db
from coach.screens.unsaved import QuitUnsaved, ReplayUnsaved
from coach.store.engine.db import open_store
from coach.store.recovery import recovery_path
from coach.store.sessions import load_session
from coach.tui.app import make_app
from tests.conftest import FIXED_NOW, settle, wait_until
from tests.small_disk import fill, small_disk  # noqa: F401 - a fixture


def _checkin(path) -> dict:
    store = open_store(resolve_db(str(path)))
    try:
        with store.session() as db:
            return load_session(db, FIXED_NOW.date()).checkin
    finally:
        store.close()


async def test_quit_on_a_full_disk_asks_once_keeps_the_answers_and_replays_them(small_disk):
    journal = small_disk / "coach.db"
    store = open_store(resolve_db(str(journal)))
    app = make_app(lambda: store, clock=lambda: FIXED_NOW, start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        filler = fill(small_disk)
        await pilot.press("7", "tab", "5")
        await settle(pilot)
        assert "Not saved yet" in str(app.screen.query_one("#saved").content)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitUnsaved), "the question")
        assert app.screen.question == "2 answers are not saved yet"
        assert "full" in app.screen.detail
        await pilot.press("q")
        await wait_until(pilot, lambda: app.return_code is not None, "the app to quit")
    store.close()
    kept = recovery_path()
    assert kept.parent == default_data_dir().parent and kept.stat().st_mode & 0o777 == 0o600
    filler.unlink()
    assert _checkin(journal).get("pain") is None

    store = open_store(resolve_db(str(journal)))
    app = make_app(lambda: store, clock=lambda: FIXED_NOW, start="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReplayUnsaved), "the offer to save them")
        await pilot.press("s")
        await settle(pilot)
    store.close()
    checkin = _checkin(journal)
    assert (checkin["pain"], checkin["tolerability"]) == (7, 5) and not kept.exists()


async def test_quit_with_everything_saved_asks_nothing(make_test_app):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None, "the app to quit")
    assert app.return_code == 0
    assert not recovery_path().exists()


async def test_answers_kept_at_the_last_quit_are_offered_on_home_at_start(tmp_path):
    """The real launch path reads Home with sqlite3 and opens the store only when a screen needs it: kept
    answers for this journal open it at once, to offer them; "let them go" forgets them."""
    from datetime import datetime, timezone

    from coach.store.recovery import keep_unsaved, unsaved_for
    from coach.tui.launch import make_tui_app

    journal = tmp_path / "coach.db"
    open_store(resolve_db(str(journal))).close()
    target = resolve_db(str(journal))
    keep_unsaved(target, FIXED_NOW.date(), {"checkin": {"pain": 4}}, datetime.now(timezone.utc))
    app, _settings = make_tui_app(str(journal))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReplayUnsaved), "the offer to save them")
        assert app.screen.question.startswith("1 answer from ")
        await pilot.press("d")
        await settle(pilot)
    assert unsaved_for(target) == [] and not recovery_path().exists()
