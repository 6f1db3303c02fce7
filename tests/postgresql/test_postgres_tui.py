"""The app on a journal on a real PostgreSQL server (issue 18, part B): a server that cannot be reached at
start is the store-problem screen (F1 still works, Ctrl+Q exits 2); one that goes away while the session
wizard is open keeps every answer in memory, says it will retry, and writes them all once it is back."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy.engine import make_url
from textual.widgets import Static

from coach.screens.help import HelpScreen
from coach.screens.session import SessionScreen
from coach.screens.store_problem import StoreProblemScreen
from coach.store.sessions import load_session
from tests.conftest import FIXED_NOW, settle, wait_until

TODAY = FIXED_NOW.date()
on_postgres = pytest.mark.parametrize("engine", ["postgresql"])  # the store fixture's journal on the server


@contextmanager
def server_stopped(pg_server):
    """The real test server stopped (fast shutdown: every connection ends), then started again."""
    from pgserver._commands import pg_ctl

    server = pg_server.server
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user, timeout=60)
    try:
        yield
    finally:
        server.ensure_postgres_running()


@contextmanager
def connections_cut(pg_server, url: str):
    """The journal's database refuses new connections and its open ones are ended, then allowed again."""
    name = make_url(url).database
    pg_server._admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    pg_server._admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    try:
        yield
    finally:
        pg_server._admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def _saved_label(app) -> str:
    return str(app.screen.query_one("#saved", Static).content)


def _checkin(store) -> dict:
    with store.session() as db:
        return load_session(db, TODAY).checkin


async def _writer_done(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@on_postgres
async def test_answers_given_while_the_server_is_stopped_are_kept_and_written_when_it_is_back(
    make_test_app, store, pg_server, engine
):
    notes: list[str] = []
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("7")  # pain, saved at once
        await _writer_done(pilot)
        assert "saved" in _saved_label(app)
        with server_stopped(pg_server):
            await pilot.press("tab", "5")  # tolerability: the server is gone
            await _writer_done(pilot)
            assert _saved_label(app) == "Not saved yet: will retry with your next answer"
            await pilot.press("tab", "3")  # distress: still gone, both kept in memory
            await _writer_done(pilot)
            assert "Not saved yet" in _saved_label(app)
            notes = [n.message for n in app._notifications]
        await pilot.press("tab", "6")  # sleep: the server is back, this answer carries the others along
        await _writer_done(pilot)
        assert _saved_label(app) == "✓ saved"
    saving = [note for note in notes if note.startswith("Could not save")]
    assert saving, notes
    for note in saving:  # plain words: what happened, no SQL, no driver's class names
        assert "database server" in note and "stopped answering" in note and "SELECT" not in note and "psycopg" not in note, note
    checkin = _checkin(store)
    assert (checkin["pain"], checkin["tolerability"], checkin["distress"], checkin["sleep"]) == (7, 5, 3, 6)


@on_postgres
async def test_answers_kept_while_cut_off_are_written_on_leaving_once_it_is_back(make_test_app, store, pg_server,
                                                                                   db_target, engine):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with connections_cut(pg_server, db_target.url):
            await pilot.press("4")
            await _writer_done(pilot)
            assert "Not saved yet" in _saved_label(app)
        await pilot.press("escape")  # leaving the wizard retries what is still waiting
        await wait_until(pilot, lambda: not isinstance(app.screen, SessionScreen), "the wizard to close")
        await settle(pilot)
    assert _checkin(store)["pain"] == 4


@on_postgres
async def test_leaving_while_the_server_is_away_stays_with_the_answers_until_asked_twice(
    make_test_app, store, pg_server, db_target, engine
):
    """Esc while answers are unsaved does not close the wizard and drop them: it says so and stays; once
    the server is back, the next Esc writes them and leaves. A second Esc while still cut off leaves."""
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with connections_cut(pg_server, db_target.url):
            await pilot.press("4")
            await _writer_done(pilot)
            await pilot.press("escape")
            await _writer_done(pilot)
            assert isinstance(app.screen, SessionScreen)
            assert _saved_label(app) == "Not saved yet: your answers are kept here"
            assert any("Press Esc again to leave without them" in n.message for n in app._notifications)
        await pilot.press("escape")  # the server is back: written, then the wizard closes
        await wait_until(pilot, lambda: not isinstance(app.screen, SessionScreen), "the wizard to close")
        await settle(pilot)
    assert _checkin(store)["pain"] == 4

    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with connections_cut(pg_server, db_target.url):
            await pilot.press("tab", "6")
            await _writer_done(pilot)
            await pilot.press("escape")
            await _writer_done(pilot)
            assert isinstance(app.screen, SessionScreen)
            await pilot.press("escape")  # asked twice: leaves without the unsaved answer
            await wait_until(pilot, lambda: not isinstance(app.screen, SessionScreen), "the wizard to close")


async def test_a_server_that_cannot_be_reached_at_start_is_the_store_problem_screen(tmp_path):
    from coach.tui.launch import make_tui_app

    url = "postgresql+psycopg://sam:wrong-horse@127.0.0.1:1/coach"
    app, settings = make_tui_app(url, clock=lambda: FIXED_NOW)
    assert settings is None  # no fast read for a server: the store opens in a worker
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StoreProblemScreen)
                         and bool(app.screen.query("#store-problem-message")), "the store-problem screen")
        message = str(app.screen.query_one("#store-problem-message", Static).content)
        assert "127.0.0.1:1" in message and "not answering" in message and "wrong-horse" not in message
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "Help")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StoreProblemScreen), "back to the problem")
        await pilot.press("ctrl+q")
    assert app.return_code == 2
    assert "not answering" in (app.startup_error or "")


@on_postgres
async def test_a_server_gone_while_a_screen_reads_ends_the_app_with_one_line(make_test_app, store, pg_server,
                                                                            db_target, engine):
    """Outside the wizard (nothing typed to keep), a screen that cannot read ends the app with the same one
    line as the commands, exit 2, instead of a traceback."""
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with connections_cut(pg_server, db_target.url):
            await pilot.press("p")  # Progress reads the journal
            await wait_until(pilot, lambda: app.return_code is not None, "the app to end")
    assert app.return_code == 2
    assert "stopped answering" in (app.startup_error or "") and "Traceback" not in (app.startup_error or "")


@on_postgres
async def test_quitting_while_the_server_is_stopped_asks_once_and_keeps_the_answers_for_the_next_start(
    make_test_app, store, pg_server, engine
):
    """Ctrl+Q with answers the stopped server could not take: "2 answers are not saved yet: wait / quit
    anyway"; quitting anyway writes them to a 0600 recovery file, and the next start saves them."""
    from coach.screens.unsaved import QuitUnsaved, ReplayUnsaved
    from coach.store.recovery import recovery_path

    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with server_stopped(pg_server):
            await pilot.press("7", "tab", "5")  # pain and tolerability: the server is gone
            await _writer_done(pilot)
            assert "Not saved yet" in _saved_label(app)
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, QuitUnsaved), "the question")
            assert app.screen.question == "2 answers are not saved yet"
            await pilot.press("w")  # wait: still here, with the answers
            assert isinstance(app.screen, SessionScreen) and app.return_code is None
            await pilot.press("ctrl+q")  # asked once: the second quit keeps them and goes
            await wait_until(pilot, lambda: app.return_code is not None, "the app to quit")
    assert app.return_code == 0
    kept = recovery_path()
    assert kept.exists() and kept.stat().st_mode & 0o777 == 0o600
    assert _checkin(store).get("pain") is None  # not in the journal yet

    app = make_test_app(start="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReplayUnsaved), "the offer to save them")
        assert "2 answers from" in app.screen.question
        await pilot.press("s")
        await settle(pilot)
    checkin = _checkin(store)
    assert (checkin["pain"], checkin["tolerability"]) == (7, 5)
    assert not kept.exists()
