"""The exercise library: every exercise with its length and what it is for; Enter starts one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.content import Exercise, load_exercises
from coach.domain.durations import planned_length, rounded_minutes
from coach.widgets.footer import CoachFooter

KIND_WORDS = {"breathing": "breathing", "guided": "guided"}
# The lengths a facilitator can pick with - and +, in whole minutes.
SHORTEST_MINUTES, LONGEST_MINUTES = 1, 30


def length_minutes(exercise: Exercise, minutes: float | None = None) -> int:
    return rounded_minutes(exercise.total_seconds_for(minutes))


def exercise_prompt(exercise: Exercise, minutes: float | None = None) -> Text:
    prompt = Text()
    prompt.append(exercise.title, style="bold")
    prompt.append(f"  {planned_length(exercise, minutes)} · {KIND_WORDS[exercise.kind]}")
    if minutes is not None:
        prompt.append("  (changed)", style="italic")
    prompt.append("\n")
    prompt.append(exercise.summary, style="dim")
    return prompt


def library_order(exercises) -> list[Exercise]:
    """Breathing first (the simplest way in), then guided practices, shorter ones first."""
    return sorted(exercises, key=lambda ex: (ex.kind != "breathing", ex.total_seconds_for(), ex.title))


class ExercisesScreen(Screen[None]):
    """Pick an exercise; it opens with a short introduction before anything starts."""

    CSS_PATH = "exercises.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="exercises-back"),
        Binding("enter", "start", "Start", id="exercises-start", show=True),
        Binding("minus", "length(-1)", "Shorter", id="exercises-shorter"),
        Binding("plus,equals_sign", "length(1)", "Longer", id="exercises-longer"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.exercises = load_exercises()
        # Lengths chosen here, by exercise id; absent means the exercise's usual length.
        self.minutes: dict[str, float] = {}

    def compose(self) -> ComposeResult:
        yield Static("Exercises", id="exercises-title")
        yield Static(
            "Short practices to calm the alarm, ground yourself and notice sensations. "
            "Enter starts one; - and + change its length.",
            id="exercises-intro",
        )
        options: list[Option | None] = []
        for exercise in library_order(self.exercises.values()):
            if options:
                options.append(None)  # a line between entries
            options.append(Option(exercise_prompt(exercise), id=exercise.id))
        yield OptionList(*options, id="exercise-list")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#exercise-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._start(event.option.id)

    def _highlighted_id(self) -> str | None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return None
        return option_list.get_option_at_index(option_list.highlighted).id

    def action_advance(self) -> None:
        """Projector mode's one key (space, see CoachApp.action_advance): start the highlighted exercise."""
        self.action_start()

    def action_start(self) -> None:
        self._start(self._highlighted_id())

    def action_length(self, change: int) -> None:
        exercise_id = self._highlighted_id()
        if exercise_id is None:
            return
        exercise = self.exercises[exercise_id]
        now = length_minutes(exercise, self.minutes.get(exercise_id))
        wanted = max(SHORTEST_MINUTES, min(LONGEST_MINUTES, now + change))
        if wanted == length_minutes(exercise):
            self.minutes.pop(exercise_id, None)
        else:
            self.minutes[exercise_id] = wanted
        prompt = exercise_prompt(exercise, self.minutes.get(exercise_id))
        self.query_one(OptionList).replace_option_prompt(exercise_id, prompt)

    def _start(self, exercise_id: str | None) -> None:
        from coach.screens.practice import PracticeExerciseScreen

        if exercise_id is None:
            return

        def saved(run_id: int | None) -> None:
            if run_id is not None:
                self.notify("Saved. Thank you for practising.", timeout=4)

        self.app.push_screen(PracticeExerciseScreen(exercise_id, minutes=self.minutes.get(exercise_id)), saved)

    def action_back(self) -> None:
        self.dismiss()
