"""Shown when the journal cannot be opened once a screen needs it: one clear message; Ctrl+Q quits."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from coach.widgets.footer import CoachFooter
from coach.widgets.shown import literal


class StoreProblemScreen(ModalScreen[None]):
    """Stays until the app quits: every other screen needs the journal, so there is nothing to go back to."""

    DEFAULT_CSS = """
    StoreProblemScreen { align: center middle; }
    StoreProblemScreen #store-problem {
        width: 72; max-width: 100%; height: auto; border: heavy $error; background: $surface; padding: 1 2;
    }
    StoreProblemScreen #store-problem-title { text-style: bold; margin-bottom: 1; }
    StoreProblemScreen .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Quit", id="store-problem-quit", priority=True),
        Binding("escape", "app.quit", "Quit", id="store-problem-escape", show=False),
        Binding("f1", "app.help", "Help", id="store-problem-help"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="store-problem"):
            yield Static("coach cannot open your journal", id="store-problem-title")
            # The reason names a path or an error, which may hold any characters: shown as written.
            yield Static(literal(self.message), id="store-problem-message")
            yield Static(
                "Nothing you saved before is lost. Press Ctrl+Q to quit; F1 still opens Help and safety.",
                classes="hint",
            )
        yield CoachFooter()
