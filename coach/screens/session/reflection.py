"""Step 4, "How did it go?": the goal's outcome beside what was predicted, usually later the same day."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Static

from coach.domain.questions import (
    EXTRA_DOSE,
    EXTRA_DOSE_QUESTION,
    FEAR_HAPPENED,
    NEXT_STEP_QUESTION,
    NEXT_STEPS,
    NOTICED_QUESTION,
    OUTCOME_QUESTION,
    OUTCOMES,
    PRACTISED_QUESTION,
    SHARE_QUESTION,
    reflection_scales,
)
from coach.screens.session.step import StepPane, goal_words, private, radio_set, scale
from coach.widgets.text_input import TextInput as Input



class ReflectionStep(StepPane):
    """How the goal went. Done once the outcome is given and, if it was tried, how it was."""

    STEP = "reflection"
    SCALES = {
        "actual_peak_pain": "actual_peak_pain",
        "actual_tolerability": "actual_tolerability",
        "feared_happened": "feared_happened",
    }
    TEXTS = {"noticed": "noticed", "response_practised": "response_practised", "extra_dose_note": "extra_dose_note"}
    RADIOS = {
        "outcome": ("outcome", OUTCOMES),
        "extra_dose": ("extra_dose", EXTRA_DOSE),
        "next_step": ("next_step", NEXT_STEPS),
    }
    DOSE_RADIO = "extra_dose"

    def form(self) -> ComposeResult:
        masked = self.masked
        yield Static("", id="reflection-goal", classes="intro")
        yield Static(OUTCOME_QUESTION, classes="question")
        yield radio_set("outcome", OUTCOMES)
        for actual in reflection_scales():
            yield scale(actual.field, actual.label, actual.ends)
        happened = FEAR_HAPPENED
        yield scale(happened.field, happened.label, happened.ends, happened.low, happened.high, step=5,
                    unit=happened.unit)
        yield Static(NOTICED_QUESTION, classes="question")
        yield Input(
            placeholder="in your body, your thoughts, around you", id="noticed", max_length=4000, password=masked
        )
        yield Static(PRACTISED_QUESTION, classes="question")
        yield Input(placeholder="e.g. slowed my breathing, kept going gently", id="response_practised",
                    max_length=2000, password=masked)
        yield Static(EXTRA_DOSE_QUESTION, classes="question")
        yield from private(radio_set("extra_dose", EXTRA_DOSE), "dose_timing", self.app.shown)
        yield Static("", id="dose-recorded", classes="dose-recorded")
        yield Input(placeholder="anything about it to tell your prescriber (optional)", id="extra_dose_note",
                    max_length=2000, password=masked)
        yield Static(NEXT_STEP_QUESTION, classes="question")
        yield radio_set("next_step", NEXT_STEPS)
        yield Checkbox(SHARE_QUESTION, id="share_with_care_team")

    def fill_more(self) -> None:
        self.query_one("#share_with_care_team", Checkbox).value = bool(self.answers.get("share_with_care_team"))

    def filled(self) -> None:
        self.show_dose_line(self.dose_recorded)

    @property
    def dose_recorded(self) -> bool:
        return self.answers.get("extra_dose") is True


    def radio_shown(self, name: str, value: Any) -> Any:
        if name == "extra_dose" and value is not None:
            return "yes" if value else "no"
        return value

    def radio_saved(self, name: str, pressed: str) -> Any:
        return pressed == "yes" if name == "extra_dose" else pressed

    def on_shown(self) -> None:
        words = goal_words(self.data.answers.goal)
        self.query_one("#reflection-goal", Static).update(
            self.app.shown.join("Today's goal: ", (words, "words"))
            if words
            else "No goal was set today; you can still note how the day went."
        )

    @on(Checkbox.Changed, "#share_with_care_team")
    def _share_changed(self, event: Checkbox.Changed) -> None:
        self.give("share_with_care_team", event.value)
