"""Step 1, the check-in: five ratings, medication timing, signs to watch, the weekly PEG, a note."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import SelectionList, Static

from coach.domain.questions import (
    CHECKIN_SCALES,
    DOSE_TIMING_QUESTION,
    NOTE_QUESTION,
    PEG_INTRO,
    WARNING_QUESTION,
    WITHDRAWAL_HINT,
    WITHDRAWAL_QUESTION,
)
from coach.domain.scales import PEG_QUESTIONS, SCALE_ENDS
from coach.domain.session import DOSE_TIMING_CHOICES, WARNING_SIGNS, WITHDRAWAL_SIGNS
from coach.screens.session.step import StepPane, private, radio_set, scale
from coach.widgets.text_input import TextInput as Input

# The PEG's three items: (widget id, short label on the scale, scale id for its ends, the item in its
# published wording (Krebs et al. 2009), shown above the scale).
PEG_SCALES = tuple((key, label, key, question) for key, label, question in PEG_QUESTIONS)

# The warning sign that opens Help on the 988 line.
CRISIS_SIGN = "self_harm"
# The answers about medication timing that get the calm "information for your prescriber" line.
DOSES_RECORDED = ("taken_early", "extra_dose")
RED_FLAG_HINT = "These need help now, not practice. Ticking one opens Help and safety."
RED_FLAG_TICKED = (
    "Please get help with this first: F1 opens Help and safety again. Today's practice can wait; "
    "your answers are saved."
)


class CheckInStep(StepPane):
    """How today is. Every answer is optional; the step counts as done once the five ratings are given."""

    STEP = "checkin"
    SCALES = {**{wid: wid for wid, _, _ in CHECKIN_SCALES}, **{wid: wid for wid, _, _, _ in PEG_SCALES}}
    TEXTS = {"note": "note"}
    RADIOS = {"dose_timing": ("dose_timing", DOSE_TIMING_CHOICES)}
    DOSE_RADIO = "dose_timing"

    _warning_shown = False
    _crisis_shown = False

    def form(self) -> ComposeResult:
        shown = self.app.shown
        yield Static(
            "A quick look at how today is. Use ← → or a number key to answer, Tab to move on. "
            "Every answer is saved as you go; skip anything you like.",
            classes="intro",
        )
        yield Static("", id="step-day", classes="step-day")
        yield Static("", id="after-step", classes="step-day")
        for wid, label, ends in CHECKIN_SCALES:
            yield scale(wid, label, SCALE_ENDS[ends])
        yield Static(DOSE_TIMING_QUESTION, classes="question")
        yield from private(radio_set("dose_timing", DOSE_TIMING_CHOICES), "dose_timing", shown)
        yield Static("", id="dose-recorded", classes="dose-recorded")
        yield Static(f"{WITHDRAWAL_QUESTION} (Space ticks)", classes="question")
        yield Static(WITHDRAWAL_HINT, classes="hint")
        yield from private(
            SelectionList[str](*((label, key) for key, label in WITHDRAWAL_SIGNS), id="withdrawal_signs"),
            "signs",
            shown,
        )
        yield Static(WARNING_QUESTION, classes="question")
        yield Static(RED_FLAG_HINT, id="red-flag-hint", classes="hint")
        yield from private(
            SelectionList[str](*((label, key) for key, label in WARNING_SIGNS), id="red_flags"), "signs", shown
        )
        with Vertical(id="peg"):
            yield Static(PEG_INTRO, classes="question")
            for wid, label, ends, item in PEG_SCALES:
                yield Static(item, classes="peg-item")
                yield scale(wid, label, SCALE_ENDS[ends])
        yield Static(NOTE_QUESTION, classes="question")
        yield Input(placeholder="A few words, if you like", id="note", max_length=4000, password=self.masked)

    def fill_more(self) -> None:
        for wid in ("withdrawal_signs", "red_flags"):
            selection = self.query_one(f"#{wid}", SelectionList)
            for key in self.answers.get(wid) or []:
                selection.select(key)

    def filled(self) -> None:
        self._warning_shown = bool(self.answers.get("red_flags"))
        self._crisis_shown = CRISIS_SIGN in (self.answers.get("red_flags") or [])
        step_day = self.query_one("#step-day", Static)
        if self.context.step_day:
            step_day.update(self.context.step_day)
        step_day.display = bool(self.context.step_day)
        # Withdrawal signs or pain after a step are the person's own: not told to a room.
        after_step = self.query_one("#after-step", Static)
        shown = bool(self.data.after_step) and not self.app.shown.hide_private
        if shown:
            after_step.update(self.data.after_step)
        after_step.display = shown
        if self._warning_shown:
            self.query_one("#red-flag-hint", Static).update(RED_FLAG_TICKED)
        self.query_one("#peg").display = self.data.show_peg
        self.show_dose_line(self.dose_recorded)

    @property
    def dose_recorded(self) -> bool:
        return self.answers.get("dose_timing") in DOSES_RECORDED


    @on(SelectionList.SelectedChanged)
    def _checklist_changed(self, event: SelectionList.SelectedChanged) -> None:
        wid = event.selection_list.id or ""
        selected = list(event.selection_list.selected)
        self.give(wid, selected)
        if wid == "red_flags":
            self.query_one("#red-flag-hint", Static).update(RED_FLAG_TICKED if selected else RED_FLAG_HINT)
            crisis_now = CRISIS_SIGN in selected and not self._crisis_shown
            self._crisis_shown = CRISIS_SIGN in selected
            if crisis_now:
                # Thoughts of ending one's life: Help opens with the 988 line first.
                from coach.screens.help import HelpScreen

                self._warning_shown = True
                self.app.push_screen(HelpScreen(crisis_first=True))
            elif selected and not self._warning_shown:
                self._warning_shown = True
                self.app.action_help()
            elif not selected:
                self._warning_shown = False
