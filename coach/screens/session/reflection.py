"""Step 4, "How did it go?": the goal's outcome beside what was predicted, usually later the same day."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Static

from coach.domain.scales import SCALE_ENDS
from coach.screens.session.step import StepPane, goal_words, private, radio_set, scale
from coach.widgets.text_input import TextInput as Input

OUTCOMES = (("fully", "I did it"), ("partly", "I did part of it"), ("not_today", "Not today"))
NEXT_STEPS = (("repeat", "Repeat it"), ("step_up", "Step up a little"), ("step_down", "Step down a little"))
EXTRA_DOSE = (("no", "No extra dose"), ("yes", "I took an extra dose"))
HAPPENED_ENDS = ("0% = it didn't happen at all", "100% = it happened just as feared")


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
        yield Static("How did it go? Any answer is fine: each one teaches you something.", classes="question")
        yield radio_set("outcome", OUTCOMES)
        yield scale("actual_peak_pain", "Highest pain during it", SCALE_ENDS["pain"])
        yield scale("actual_tolerability", "How tolerable it was", SCALE_ENDS["tolerability"])
        yield scale("feared_happened", "Did what you feared happen?", HAPPENED_ENDS, 0, 100, step=5, unit="%")
        yield Static("What did you notice?", classes="question")
        yield Input(
            placeholder="in your body, your thoughts, around you", id="noticed", max_length=4000, password=masked
        )
        yield Static("What did you practise doing differently?", classes="question")
        yield Input(placeholder="e.g. slowed my breathing, kept going gently", id="response_practised",
                    max_length=2000, password=masked)
        yield Static("Any extra dose today? This is only information for your prescriber.", classes="question")
        yield from private(radio_set("extra_dose", EXTRA_DOSE), "dose_timing", self.app.shown)
        yield Static("", id="dose-recorded", classes="dose-recorded")
        yield Input(placeholder="anything about it to tell your prescriber (optional)", id="extra_dose_note",
                    max_length=2000, password=masked)
        yield Static("Next time", classes="question")
        yield radio_set("next_step", NEXT_STEPS)
        yield Checkbox("Share this note with my care team", id="share_with_care_team")

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
