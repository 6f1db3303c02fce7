"""Keys that reach the app in one read land field by field: raw bytes written at once into a pty.

Not the Pilot (it presses one key at a time and waits): the bytes go through Textual's real driver and
its key parser, as a paste, ssh or `tmux send-keys 'Dr Lee' Tab '555-0101'` deliver them.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.pty_terminal import ROOT, WAIT_S, Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

TAB, BACKTAB, END, CTRL_N, CTRL_Q = b"\t", b"\x1b[Z", b"\x1b[F", b"\x0e", b"\x11"


def _two_inputs(data: bytes, *, in_order: bool, shown: bytes) -> dict[str, str]:
    """Run the bare two-Input app, write `data` at once, wait until `shown` is drawn, quit; its values."""
    term = Terminal([sys.executable, str(ROOT / "tests" / "key_order_app.py"), *(["--in-order"] if in_order else [])])
    try:
        mark = term.wait_for(b"second field")
        term.send(data)
        term.wait_for(shown, after=mark)
        term.send(CTRL_Q)
        output = term.finish()
    finally:
        term.close()
    return json.loads(output.rsplit("VALUES ", 1)[1].splitlines()[0])


def test_a_burst_lands_field_by_field_in_a_bare_app():
    values = _two_inputs(b"Dr Lee" + TAB + b"555-0101", in_order=True, shown=b"555-0101")
    assert values == {"first": "Dr Lee", "second": "555-0101"}


def test_cursor_keys_in_a_burst_apply_in_order():
    # Back into the filled first field (Textual selects its text on focus), End, then more text: appended.
    values = _two_inputs(b"Dr Lee" + TAB + b"555" + BACKTAB + END + b" more", in_order=True, shown=b"Dr Lee more")
    assert values == {"first": "Dr Lee more", "second": "555"}


def test_the_tour_takes_a_burst_field_by_field(tmp_path):
    """The real app: the welcome tour's care-team step, typed in one write with the steps before it."""
    db = tmp_path / "keys.db"
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db)])
    try:
        mark = term.wait_for(b"Step 1 of 6")
        # Enter three times (on to the care team), name, Tab, phone, back to the name, End, more, ctrl+n.
        term.send(b"\r\r\r" + b"Dr Lee" + TAB + b"555-0101" + BACKTAB + END + b" (prescriber)" + CTRL_N)
        term.wait_for(b"Step 5 of 6", after=mark)
        stored = _poll_setting(db, "care_team")
        term.send(CTRL_Q)
        term.finish()
    finally:
        term.close()
    assert json.loads(stored) == [{"role": "prescriber", "name": "Dr Lee (prescriber)", "phone": "555-0101"}]


def _poll_setting(db: Path, key: str) -> str:
    """A setting's stored value once it has been written (read as another process would)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None:
            return row[0]
        time.sleep(0.05)
    raise AssertionError(f"setting {key!r} never stored")


# --- the same, in-process: keys posted to the App all at once, as Textual's driver posts a burst ---------

import asyncio  # noqa: E402

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Vertical  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Button, Input  # noqa: E402

from coach.tui.key_order import KeysInOrder  # noqa: E402
from tests.conftest import wait_until  # noqa: E402


def _burst(app: App, *keys: str) -> None:
    """Post every key before the app handles any (what the driver does with one read)."""
    for key in keys:
        char = key if len(key) == 1 else {"space": " "}.get(key)
        app.post_message(events.Key(key, char))


class _AskScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="asked")

    def on_mount(self) -> None:
        self.query_one(Input).focus()


class _Box(Vertical):
    def __init__(self, busy: asyncio.Event) -> None:
        super().__init__(id="box")
        self.busy = busy

    async def on_key(self, event: events.Key) -> None:
        if event.key == "f5":  # a handler on the key's way up that awaits something slow
            await self.busy.wait()


class _Form(KeysInOrder, App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.busy = asyncio.Event()

    def compose(self) -> ComposeResult:
        with _Box(self.busy):
            yield Input(id="first")
            yield Input(id="second")
            yield Button("Ask", id="ask")

    def on_button_pressed(self) -> None:
        self.push_screen(_AskScreen())


async def test_a_posted_burst_follows_tab_and_a_screen_opened_by_enter():
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        _burst(app, "a", "b", "tab", "c", "tab", "enter", "d", "e")
        await wait_until(pilot, lambda: isinstance(app.screen, _AskScreen) and app.screen.query_one(Input).value == "de",
                         "the keys after Enter in the screen it opened")
        assert app.query_one("#first", Input).value == "ab" and app.query_one("#second", Input).value == "c"


async def test_keys_are_never_held_for_long_behind_a_busy_handler():
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        _burst(app, "f5", "x", "y")  # f5 bubbles up from the field to the box, whose handler waits
        # (Not pilot.pause: it waits for every widget's queue, the busy box's too.)
        deadline = time.monotonic() + WAIT_S
        while app.query_one("#first", Input).value != "xy" and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        held_for = WAIT_S - (deadline - time.monotonic())
        app.busy.set()
        assert app.query_one("#first", Input).value == "xy"
    assert held_for < 15, f"keys held {held_for:.1f} s behind a busy handler"
