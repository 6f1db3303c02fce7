"""The goal step typed ahead at 80x24 in one write (a paste, ssh, tmux) stores every answer where it was
meant: no field appears between the others while typing, so Tab always reaches the next question."""

from __future__ import annotations

import sqlite3
import sys
import time

import pytest

from coach.domain.days import coach_day, local_now
from coach.paths import resolve_db
from coach.store.engine.db import open_store
from coach.store.sessions import set_current_step
from tests.pty_terminal import WAIT_S, Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

TAB, RIGHT, CTRL_N, CTRL_Q = b"\t", b"\x1b[C", b"\x0e", b"\x11"
COLUMNS = "text, planned_amount, amount_unit, predicted_peak_pain, predicted_tolerability, feared_outcome, feared_likelihood"


def _goal_row(db) -> tuple:
    """Today's goal as another process reads it, once the step's last answer has been written."""
    deadline = time.monotonic() + WAIT_S
    row = None
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                row = conn.execute(f"SELECT {COLUMNS} FROM exposure_goal").fetchone()
        except sqlite3.Error:
            row = None
        if row is not None and row[-1] is not None:
            return row
        time.sleep(0.05)
    raise AssertionError(f"the goal was never stored whole: {row!r}")


def test_a_newcomers_goal_step_in_one_burst_lands_field_by_field(tmp_path):
    db = tmp_path / "goal.db"
    now = local_now()
    store = open_store(resolve_db(str(db)))
    with store.session() as session:  # today's session, resuming at the goal (a newcomer: no ladder yet)
        set_current_step(session, coach_day(now), now, "goal")
        session.commit()
    store.close()
    term = Terminal([sys.executable, "-m", "coach", "session", "--db", str(db)], size=(80, 24))
    try:
        mark = term.wait_for(b"In your own words")
        term.send(
            b"walk to the shop" + TAB  # the activity in one's own words ("add to my ladder" appears below)
            + b"5" + TAB + RIGHT + b" " + TAB  # 5, times
            + b"7" + TAB + b"6" + TAB  # predicted pain, how bearable
            + b"I will be laid up for days" + TAB + b"8"  # the feared outcome, 80% likely
            + CTRL_N
        )
        term.wait_for(b"Today at a glance", after=mark)
        row = _goal_row(db)
        term.send(CTRL_Q)
        term.finish()
    finally:
        term.close()
    assert row == ("walk to the shop", 5.0, "REPS", 7, 6, "I will be laid up for days", 80)
