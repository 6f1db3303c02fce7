"""`kill -9` while a form saved only on "Save" is open: the real app in a pseudo-terminal, a care-team
contact typed on the welcome tour and never saved, the process killed, then the tour reopened."""

from __future__ import annotations

import signal
import sys

import pytest
from textual.widgets import Input, Static

from coach.paths import resolve_db
from coach.store.engine.db import open_store
from tests.conftest import settle
from tests.pty_terminal import Terminal
from tests.slow.test_session_crash import _poll

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

DRAFT_NAME = """SELECT json_extract(data, '$."prescriber-name"') FROM draft WHERE form = 'onboarding-care-team'"""


async def test_a_care_team_contact_typed_and_never_saved_survives_kill_minus_9(tmp_path):
    db = tmp_path / "crash.db"
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db)])
    try:
        end = term.wait_for(b"Welcome to coach")
        for title in (b"What daily practice is", b"Practice and your medication", b"Your care team"):
            term.send(b"\x0e")  # ctrl+n: Next
            end = term.wait_for(title, after=end)
        term.send(b"Dr Lee")
        _poll(db, DRAFT_NAME, ("Dr Lee",))
    finally:
        term.kill()
    assert term.proc.returncode == -signal.SIGKILL

    from coach.tui.app import make_app

    store = open_store(resolve_db(str(db)))
    app = make_app(lambda: store, onboarding=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#step-title", Static).render()) == "Your care team (optional)"
        assert app.screen.query_one("#prescriber-name", Input).value == "Dr Lee"
    store.close()
