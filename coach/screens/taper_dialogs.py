"""Taper plan dialogs: how long you have taken opioids, and "delete this?"."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, RadioButton, RadioSet, Static

from coach.domain.taper import DURATION_LABELS, OpioidDuration
from coach.widgets.footer import CoachFooter


class DurationForm(ModalScreen[str | None]):
    """How long the person has been on opioids: decides which published pace the note compares with."""

    CSS_PATH = "taper_forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="taper-duration-cancel"),
        Binding("f1,question_mark", "app.help", "Help", id="taper-duration-help"),
    ]

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("How long have you been taking opioids?", classes="form-title")
            yield Static(
                "Published guidance describes a slower pace for people who have taken opioids for a year or more. "
                "Choose with the arrow keys and Enter.",
                classes="hint",
            )
            with RadioSet(id="duration"):
                for value in OpioidDuration:
                    yield RadioButton(DURATION_LABELS[value], value=value == self.current, name=value)
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#duration", RadioSet).focus()

    @on(RadioSet.Changed, "#duration")
    def _chosen(self, event: RadioSet.Changed) -> None:
        self.dismiss(event.pressed.name)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    CSS_PATH = "taper_forms.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, delete", id="taper-confirm-yes"),
        Binding("n,escape", "answer(False)", "No, keep it", id="taper-confirm-no"),
        Binding("f1,question_mark", "app.help", "Help", id="taper-confirm-help"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(self.question, classes="form-title")
            with Horizontal(classes="buttons"):
                yield Button("Delete", id="confirm-yes", variant="error")
                yield Button("Keep it", id="confirm-no")
        yield CoachFooter()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
