"""The exercise library: every exercise with its length and what it is for; Enter starts one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from coach.content import Exercise, load_exercises

KIND_WORDS = {"breathing": "breathing", "guided": "guided"}


def exercise_option(exercise: Exercise) -> Option:
    minutes = max(1, round(exercise.total_seconds_for() / 60))
    prompt = Text()
    prompt.append(exercise.title, style="bold")
    prompt.append(f"  {minutes} min · {KIND_WORDS[exercise.kind]}")
    prompt.append("\n")
    prompt.append(exercise.summary, style="dim")
    return Option(prompt, id=exercise.id)


def library_order(exercises) -> list[Exercise]:
    """Breathing first (the simplest way in), then guided practices, shorter ones first."""
    return sorted(exercises, key=lambda ex: (ex.kind != "breathing", ex.total_seconds_for(), ex.title))


class ExercisesScreen(Screen[None]):
    """Pick an exercise; it opens with a short introduction before anything starts."""

    CSS_PATH = "exercises.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="exercises-back"),
        Binding("enter", "start", "Start", id="exercises-start", show=True),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Exercises", id="exercises-title")
        yield Static(
            "Short practices to calm the alarm, ground yourself and notice sensations. Enter starts one.",
            id="exercises-intro",
        )
        options: list[Option | None] = []
        for exercise in library_order(load_exercises().values()):
            if options:
                options.append(None)  # a blank line between entries
            options.append(exercise_option(exercise))
        yield OptionList(*options, id="exercise-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#exercise-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._start(event.option.id)

    def action_start(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self._start(option_list.get_option_at_index(option_list.highlighted).id)

    def _start(self, exercise_id: str | None) -> None:
        from coach.screens.practice import PracticeExerciseScreen

        if exercise_id is None:
            return

        def saved(run_id: int | None) -> None:
            if run_id is not None:
                self.notify("Saved. Thank you for practising.", timeout=4)

        self.app.push_screen(PracticeExerciseScreen(exercise_id), saved)

    def action_back(self) -> None:
        self.dismiss()
