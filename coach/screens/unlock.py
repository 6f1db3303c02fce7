"""The passphrase screen of an encrypted journal: shown before anything in the journal is read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from coach.widgets.footer import CoachFooter

if TYPE_CHECKING:
    from coach.store.engine.cipher import Passphrase

INTRO = "Your journal is locked with a passphrase. Type it to open the journal; nothing is read until you do."
OPENING = "Opening your journal…"
WRONG = "That passphrase did not open it. Take your time and try again (caps lock?)."
EMPTY = "Type your passphrase, then press enter."


class UnlockScreen(Screen[None]):
    """Asks for the passphrase; the app checks it in a worker thread and opens Home once it is right."""

    # Its styles (unlock.tcss) load with the app's when the journal is locked: it is the first screen.

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield Static("coach", id="unlock-title")
            yield Static(INTRO, id="unlock-intro")
            yield Input(password=True, placeholder="passphrase", id="passphrase")
            yield Static("", id="unlock-message")
            yield Static("F1 help and safety · ctrl+q quit", id="unlock-keys")
        yield CoachFooter()

    @on(Input.Submitted, "#passphrase")
    def submitted(self, event: Input.Submitted) -> None:
        from coach.store.engine.cipher import Passphrase

        field = event.input
        passphrase = Passphrase(field.value)  # hidden from any traceback from here on
        field.value = ""  # and not left in the widget while it is checked
        if not passphrase:
            self._say(EMPTY)
            return
        field.disabled = True
        self._say(OPENING)
        self.check(passphrase)

    @work(thread=True, exclusive=True, group="unlock")
    def check(self, passphrase: Passphrase) -> None:
        """Derive the key and read the settings (about a second, deliberately): off the event loop."""
        from coach.store import StoreError
        from coach.store.engine.cipher import WrongPassphrase

        try:
            self.app.unlock_journal(passphrase)
        except WrongPassphrase:
            self.app.call_from_thread(self.wrong)
        except StoreError as exc:
            self.app.call_from_thread(self.app.startup_failed, str(exc))

    def wrong(self) -> None:
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.focus()
        self._say(WRONG)

    def _say(self, text: str) -> None:
        self.query_one("#unlock-message", Static).update(text)
