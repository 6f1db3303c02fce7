"""What every step of the wizard shares: the loaded day, the pane a step's form lives in, and its controls.

A step module defines a `StepPane` subclass: its form (`form`), which controls map to which saved field
(`SCALES`, `TEXTS`, `RADIOS`), and hooks for what is particular to it. Answers go to the shell through
`StepContext.record` (passed down when the pane is built), which keeps them and hands them to autosave.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, RadioButton, RadioSet, Select, SelectionList, Static

from coach.domain.session import AMOUNT_UNITS, previous_step
from coach.domain.step_day import dose_recorded_line, within_lower_tolerance
from coach.tui.themes import HIDDEN_IN_PROJECTOR
from coach.widgets.scale import ScaleInput
from coach.widgets.shown import Shown, clean
from coach.widgets.text_input import TextInput as Input  # keeps every line of a paste

Choices = tuple[tuple[str, str], ...]


@dataclass
class SessionData:
    """What the wizard loads once the store is open."""

    day: date
    answers: Any  # coach.store.sessions.SessionAnswers
    show_peg: bool
    ladder: list[tuple[int, str, int]]
    exercises: list[tuple[str, str, float]]  # (id, title, default minutes)
    exercise_titles: dict[str, str] = field(default_factory=dict)
    step_days_ago: int | None = None  # a taper step down started this many days ago (0-2), else None
    last_choice: Any = None  # coach.domain.next_rung.LastChoice: the last reflection's "next time"
    step_down_days: int | None = None  # the same within the lower-tolerance window (0-13), else None
    after_step: str | None = None  # the calm line about withdrawal signs or pain after a step, if due


@dataclass
class StepContext:
    """What the shell hands each step: the day's answers and the ways to keep new ones."""

    data: SessionData
    record: Callable[[str, str, Any], None]  # an answer given: kept in `data` and saved in order
    save: Callable[[str, str, Any], None]  # saved, not an answer of the day (a new ladder item)
    flush: Callable[[], str | None]  # write what is pending now (from a worker thread, or on leaving)
    flush_now: Callable[[], None]  # the same from the event loop, saying so if it failed
    step_day: str | None = None  # the step-day line, when it is shown
    staying_safe_key: str = "d"  # the card's key as bound, for the line an extra or early dose gets


def scale(widget_id: str, label: str, ends: tuple[str, str], low: int = 0, high: int = 10, **kw: Any) -> ScaleInput:
    return ScaleInput(low, high, label=label, ends=ends, id=widget_id, **kw)


def radio_set(widget_id: str, choices: Choices) -> RadioSet:
    return RadioSet(*(RadioButton(label, name=value) for value, label in choices), id=widget_id)


def private(widget: Widget, kind: str, shown: Shown) -> ComposeResult:
    """A question whose answer is private: in projector mode on own data it is neither shown nor asked."""
    hidden = shown.hides(kind)
    widget.display = not hidden
    yield widget
    if hidden:
        yield Static(HIDDEN_IN_PROJECTOR, classes="hint")


def nav(step: str) -> ComposeResult:
    """Back and Next (or what the step offers instead) at the bottom of its form."""
    with Horizontal(classes="nav"):
        back = "Back" if previous_step(step) else "Save and close"
        yield Button(back, id=f"{step}-back", classes="back")
        if step == "goal":
            yield Button("Next: summary", id="goal-next", variant="primary", classes="next")
            yield Button("I've done it: reflect now", id="goal-reflect", classes="reflect")
        elif step == "reflection":
            yield Button("Save and see the summary", id="reflection-next", variant="primary", classes="next")
        elif step == "summary":
            yield Button("Finish", id="summary-finish", variant="primary", classes="finish")
            yield Button("How did it go?", id="summary-reflect", classes="reflect")
        else:
            yield Button("Next", id=f"{step}-next", variant="primary", classes="next")


def goal_words(goal: dict[str, Any]) -> str:
    """Today's goal in a few words, with the amount planned: 'stairs (2 times)'."""
    text = (goal.get("text") or "").strip()
    if not text:
        return ""
    amount = goal.get("planned_amount")
    if amount is not None:
        unit = dict(AMOUNT_UNITS).get(goal.get("amount_unit") or "minutes", "")
        text += f" ({amount:g} {unit})"
    return text


# Messages a fill sends while setting the saved answers into fresh widgets: none of them is an answer.
FILL_MESSAGES = (Input.Changed, RadioSet.Changed, SelectionList.SelectedChanged, Select.Changed,
                 Checkbox.Changed, ScaleInput.Changed)


class StepPane(VerticalScroll):
    """One step's form. Built the first time its step is shown, so the screen holds only the steps the
    person has reached (every widget costs work on each key press: layout, focus, the garbage collector)."""

    STEP: ClassVar[str] = ""
    SCALES: ClassVar[dict[str, str]] = {}  # widget id → field of this step's part
    TEXTS: ClassVar[dict[str, str]] = {}
    RADIOS: ClassVar[dict[str, tuple[str, Choices]]] = {}
    DOSE_RADIO: ClassVar[str] = ""  # the radio set whose answer can record an extra or early dose

    class Progressed(Message):
        """Something this step shows as done changed without an answer being typed (an exercise ran)."""

    def __init__(self, context: StepContext) -> None:
        super().__init__(id=self.STEP, classes="pane")
        self.context = context

    @property
    def data(self) -> SessionData:
        return self.context.data

    @property
    def answers(self) -> dict[str, Any]:
        """This step's saved answers (the check-in's, the goal's, ...); empty for steps with none."""
        return getattr(self.data.answers, self.STEP, {})

    @property
    def masked(self) -> bool:
        """Text fields show dots instead of the person's words when a room is watching (projector mode)."""
        return self.app.shown.hides("words")

    def compose(self) -> ComposeResult:
        yield from self.form()
        yield from nav(self.STEP)

    def form(self) -> ComposeResult:
        """The step's questions (above its Back/Next)."""
        return iter(())

    # --- filling in what was saved ----------------------------------------------------------
    def fill(self) -> None:
        """Show the answers given so far in the widgets just built. Setting them saves nothing."""
        answers = self.answers
        with self.prevent(*FILL_MESSAGES):
            for wid, name in self.SCALES.items():
                if answers.get(name) is not None:
                    self.query_one(f"#{wid}", ScaleInput).value = answers[name]
            for wid, name in self.TEXTS.items():
                # (an Input shows one line; control characters from an import are shown as signs)
                self.query_one(f"#{wid}", Input).value = clean(answers.get(name), one_line=True)
            for wid, (name, _choices) in self.RADIOS.items():
                value = self.radio_shown(name, answers.get(name))
                if value is not None:
                    for button in self.query_one(f"#{wid}", RadioSet).query(RadioButton):
                        button.value = button.name == value
            self.fill_more()
        self.filled()

    def fill_more(self) -> None:
        """The step's own controls (checklists, the ladder choice), set without saving."""

    def filled(self) -> None:
        """After filling: what the step shows or hides depending on the answers."""

    def on_shown(self) -> None:
        """Each time the step comes into view (its answers may have changed elsewhere)."""

    def first_focus(self) -> Widget | None:
        """The widget to focus when the step is shown; None for the first focusable one."""
        return None

    def radio_shown(self, name: str, value: Any) -> Any:
        """A saved value as the name of its radio button (the reflection's extra dose is a yes/no)."""
        return value

    def radio_saved(self, name: str, pressed: str) -> Any:
        return pressed

    def text_given(self, widget_id: str, value: str) -> None:
        """A text field changed that is not a plain answer (the goal's amount), or after one that is."""

    # --- answers as they are given ----------------------------------------------------------
    def show_dose_line(self, recorded: bool) -> None:
        """Under an extra or early dose just recorded: one calm line (with the lower-tolerance one within
        two weeks of a step down). Not to a room: taper steps and doses are private."""
        line = self.query_one("#dose-recorded", Static)
        shown = recorded and not self.app.shown.hide_private
        if shown:
            line.update(dose_recorded_line(self.data.step_down_days, self.context.staying_safe_key))
        line.display = shown

    @property
    def dose_recorded(self) -> bool:
        """Whether this step's answers record an extra or early dose (the check-in's and the reflection's)."""
        return False

    @property
    def lower_tolerance_line_shown(self) -> bool:
        """Whether this step shows the lower-tolerance line now (its key then opens the card)."""
        return (
            self.dose_recorded and within_lower_tolerance(self.data.step_down_days) and not self.app.shown.hide_private
        )

    def give(self, name: str, value: Any) -> None:
        self.context.record(self.STEP, name, value)

    @on(ScaleInput.Changed)
    def _scale_changed(self, event: ScaleInput.Changed) -> None:
        name = self.SCALES.get(event.scale.id or "")
        if name is not None:
            self.give(name, event.value)

    @on(Input.Changed)
    def _text_changed(self, event: Input.Changed) -> None:
        wid = event.input.id or ""
        name = self.TEXTS.get(wid)
        if name is not None:
            self.give(name, event.value)
        self.text_given(wid, event.value)

    @on(RadioSet.Changed)
    def _radio_changed(self, event: RadioSet.Changed) -> None:
        wid = event.radio_set.id or ""
        if wid in self.RADIOS and event.pressed.name is not None:
            name, _choices = self.RADIOS[wid]
            self.give(name, self.radio_saved(name, event.pressed.name))
            if wid == self.DOSE_RADIO:
                self.show_dose_line(self.dose_recorded)
                self.call_after_refresh(self.screen.refresh_bindings)  # the card's key comes or goes
