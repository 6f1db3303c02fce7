"""Resume after `kill -9`: the real app in a pseudo-terminal, answers given, killed, then reopened."""

from __future__ import annotations

import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher

from coach.paths import resolve_db
from coach.screens.session import SessionScreen
from coach.store.engine.db import open_store
from coach.store.sessions import load_session
from coach.widgets.scale import ScaleInput
from tests.pty_terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _poll(db: Path, sql: str, expected, timeout: float = 20.0):
    """Read the DB (read-only, as another process) until `sql` returns `expected`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if db.exists():
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                try:
                    last = conn.execute(sql).fetchone()
                finally:
                    conn.close()
            except sqlite3.Error:
                last = None
            if last == expected:
                return last
        time.sleep(0.05)
    raise AssertionError(f"{sql!r} gave {last!r}, expected {expected!r}")


def test_killed_mid_session_resumes_with_every_answer(tmp_path, make_test_app):
    db = tmp_path / "crash.db"
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db), "session"])
    try:
        # The wizard is open when today's session row exists (it opens straight on the check-in).
        _poll(db, "SELECT count(*) FROM daily_session", (1,))
        term.wait_for(b"Pain right now")
        term.send(b"7\t4")  # in one write: each key lands where focus is by then (issue 17)
        _poll(db, "SELECT pain FROM checkin", (7,))
        _poll(db, "SELECT tolerability FROM checkin", (4,))
        term.send(b"\x0e")  # ctrl+n: on to the exercise step
        _poll(db, "SELECT current_step FROM daily_session", ("exercise",))
    finally:
        term.kill()
    assert term.proc.returncode == -signal.SIGKILL

    # Reopen: nothing lost, and the wizard opens where it was.
    store = open_store(resolve_db(str(db)))
    with store.session() as session:
        answers = load_session(session, _only_session_day(store))
    assert answers.checkin["pain"] == 7 and answers.checkin["tolerability"] == 4
    assert answers.current_step == "exercise"
    store.close()


def _only_session_day(store):
    from sqlmodel import select

    from coach.store.models import DailySession

    with store.session() as db:
        return db.exec(select(DailySession.day)).one()


async def test_reopened_after_kill_the_wizard_resumes_at_the_step(tmp_path):
    """The same file, reopened by the app after a kill: it lands on the saved step, answers filled."""
    db = tmp_path / "crash.db"
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db), "session"])
    try:
        _poll(db, "SELECT count(*) FROM daily_session", (1,))
        term.wait_for(b"Pain right now")
        term.send(b"8")
        _poll(db, "SELECT pain FROM checkin", (8,))
        term.send(b"\x0e")  # to the exercise
        _poll(db, "SELECT current_step FROM daily_session", ("exercise",))
        term.send(b"\x0e")  # then the goal
        _poll(db, "SELECT current_step FROM daily_session", ("goal",))
    finally:
        term.kill()

    from coach.tui.app import make_app

    store = open_store(resolve_db(str(db)))
    app = make_app(lambda: store)  # the real clock: the subprocess used it too
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.query_one(ContentSwitcher).current == "goal"
        await pilot.press("escape", "escape")  # back to the check-in, built when it is reached
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(ContentSwitcher).current == "checkin"
        assert app.screen.query_one("#pain", ScaleInput).value == 8
    store.close()
