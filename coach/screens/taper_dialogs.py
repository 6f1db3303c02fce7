"""Taper plan dialogs: how long you have taken opioids, notes for the care team, and "delete this?"."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, RadioButton, RadioSet, Static

from coach.domain.setting_checks import SEDATING_MEDICINES_LIMIT, VISIT_QUESTIONS_LIMIT
from coach.domain.taper import DURATION_LABELS, OpioidDuration
from coach.widgets.footer import CoachFooter
from coach.widgets.shown import clean
from coach.widgets.text_input import TextInput as Input


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


# Naloxone at home: the two answers (not answered is stored as None).
NALOXONE_CHOICES = (("yes", "Yes, there is naloxone at home"), ("no", "No, not at the moment"))


class SafetyNotesForm(ModalScreen[None]):
    """For the care-team report's page 1: naloxone at home, other sedating medicines, questions for the
    visit. Each answer is saved as it is given (`save(key, value)`): a choice at once, text on Enter,
    on leaving the field, and on closing."""

    CSS_PATH = "taper_forms.tcss"
    BINDINGS = [
        Binding("escape", "close", "Done", id="taper-notes-close"),
        Binding("f1", "app.help", "Help", id="taper-notes-help"),
    ]

    def __init__(self, current: dict, save: Callable[[str, object], None]) -> None:
        super().__init__()
        self.current = current
        self._save = save

    def compose(self) -> ComposeResult:
        shown = self.app.shown
        with VerticalScroll(classes="form"):
            yield Static("Notes for your care team", classes="form-title")
            yield Static(
                "Shown on the first page of your report (coach report), so your prescriber sees them. "
                "Leave anything blank.",
                classes="hint",
            )
            yield Static("Is there naloxone (Narcan) at home?", classes="question")
            with RadioSet(id="naloxone_at_home"):
                for value, label in NALOXONE_CHOICES:
                    yield RadioButton(label, value=self.current.get("naloxone_at_home") == value, name=value)
            yield Static("Other medicines that make you drowsy (for sleep, anxiety, nerve pain ...)", classes="question")
            yield Input(
                clean(self.current.get("sedating_medicines"), one_line=True), id="sedating_medicines",
                max_length=SEDATING_MEDICINES_LIMIT, placeholder="e.g. a sleeping pill, gabapentin",
                password=shown.hides("words"),
            )
            yield Static("Questions for your next visit", classes="question")
            yield Input(
                clean(self.current.get("visit_questions"), one_line=True), id="visit_questions",
                max_length=VISIT_QUESTIONS_LIMIT, placeholder="anything you want to ask", password=shown.hides("words"),
            )
            yield Static(
                "Ask your prescriber about keeping naloxone at home, and tell them about everything you take.",
                classes="hint",
            )
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#naloxone_at_home", RadioSet).focus()

    @on(RadioSet.Changed, "#naloxone_at_home")
    def _naloxone(self, event: RadioSet.Changed) -> None:
        self._save("naloxone_at_home", event.pressed.name)

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _text(self, event: Input.Submitted | Input.Blurred) -> None:
        self._save_text(event.input)

    def _save_text(self, field: Input) -> None:
        key = field.id or ""
        if field.value.strip() != (self.current.get(key) or ""):
            self.current[key] = field.value.strip()
            self._save(key, field.value)

    def action_close(self) -> None:
        for field in self.query(Input):
            self._save_text(field)
        self.dismiss(None)
