"""The questions about answers not saved yet: on quitting ("2 answers are not saved yet: wait / quit
anyway") and at the next start (save the kept answers now, or let them go)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.widgets.footer import CoachFooter
from coach.widgets.shown import literal


class TwoWays(ModalScreen[bool]):
    """A question with two answers: the first (True) is the safe one, and Esc picks it too."""

    CSS_PATH = "unsaved.tcss"
    LABELS = ("", "")

    def __init__(self, question: str, detail: str) -> None:
        super().__init__()
        self.question, self.detail = question, detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.question, classes="form-title", markup=False)
            yield Static(literal(self.detail), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(self.LABELS[0], id="first", variant="primary")
                yield Button(self.LABELS[1], id="second")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#first", Button).focus()

    @on(Button.Pressed, "#first")
    def _first(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#second")
    def _second(self) -> None:
        self.dismiss(False)

    def action_answer(self, first: bool) -> None:
        self.dismiss(first)


def answers_phrase(count: int) -> str:
    return "1 answer is" if count == 1 else f"{count} answers are"


class QuitUnsaved(TwoWays):
    """Asked once when the person quits while answers are still waiting for the journal: True to wait."""

    LABELS = ("Wait (w)", "Quit anyway (q)")
    BINDINGS = [
        Binding("w,escape", "answer(True)", "Wait", id="unsaved-wait"),
        Binding("q", "answer(False)", "Quit anyway", id="unsaved-quit"),
        Binding("f1,question_mark", "app.help", "Help", id="unsaved-help"),
    ]

    def __init__(self, count: int, problem: str) -> None:
        super().__init__(
            f"{answers_phrase(count)} not saved yet",
            f"{problem}. Wait, and coach keeps trying with your next answer; or quit anyway, and coach keeps "
            "them in a file on this computer and offers them again the next time it opens this journal.",
        )


class ReplayUnsaved(TwoWays):
    """Asked at start when answers kept at the last quit are waiting in the recovery file: True to save."""

    LABELS = ("Save them now (s)", "Let them go (d)")
    BINDINGS = [
        Binding("s", "answer(True)", "Save them now", id="unsaved-save"),
        Binding("d", "answer(False)", "Let them go", id="unsaved-drop"),
        Binding("escape", "later", "Later", id="unsaved-later"),
        Binding("f1,question_mark", "app.help", "Help", id="unsaved-help"),
    ]

    def __init__(self, count: int, days: str) -> None:
        kept = "1 answer" if count == 1 else f"{count} answers"
        super().__init__(
            f"{kept} from {days} could not be saved when coach last closed",
            "They were kept on this computer. Save them into your journal now, or let them go "
            "(Esc: ask again next time).",
        )

    def action_later(self) -> None:
        self.dismiss(None)
