"""Step 2, the exercise: a few minutes of practice before the goal, one suggested for how today is."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.domain.session import suggest_exercise
from coach.screens.session.step import StepPane
from coach.widgets.shown import literal


class ExerciseStep(StepPane):
    """The exercise library, the suggestion first; a run started here belongs to today's session."""

    STEP = "exercise"

    def form(self) -> ComposeResult:
        yield Static(
            "A few minutes of practice to settle the alarm before today's goal. "
            "Choose one with ↑ ↓ and Enter, or go on without one.",
            classes="intro",
        )
        yield Static("", id="suggestion", classes="hint")
        yield OptionList(id="exercise-list")
        yield Static("", id="runs")

    def on_shown(self) -> None:
        """The list, the suggestion first (the check-in may have changed since the last visit)."""
        checkin = self.data.answers.checkin
        ids = [e[0] for e in self.data.exercises]
        settings = self.app.settings
        usual, usual_minutes = settings.get("default_exercise"), settings.get("default_exercise_minutes")
        suggested = suggest_exercise(
            ids, distress=checkin.get("distress"), pain=checkin.get("pain"), day=self.data.day, usual=usual
        )
        options = self.query_one("#exercise-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        ordered = sorted(self.data.exercises, key=lambda e: e[0] != suggested)
        for exercise_id, title, minutes in ordered:
            if exercise_id == usual and usual_minutes:
                minutes = usual_minutes  # the length chosen in Settings for the usual exercise
            mark = "  (suggested for today)" if exercise_id == suggested else ""
            options.add_option(Option(f"{title} · {minutes:g} min{mark}", id=exercise_id))
        options.highlighted = highlighted if highlighted is not None else 0
        if suggested:
            distress, pain = checkin.get("distress"), checkin.get("pain")
            if distress is not None and distress >= 7:
                reason = ": something steadying, as the alarm is loud today"
            elif pain is not None and pain >= 7:
                reason = ": a way to meet strong pain with curiosity"
            else:
                reason = ""
            self.query_one("#suggestion", Static).update(
                f"Suggested for today: {self.data.exercise_titles[suggested]}{reason}."
            )
        self._show_runs()

    def _show_runs(self) -> None:
        lines = [Text("Practised today:")]
        for run in self.data.answers.runs:
            title = self.data.exercise_titles.get(run["exercise_id"], run["exercise_id"])
            before, after = run.get("distress_before"), run.get("distress_after")
            alarm = f" · alarm {before} → {after}" if before is not None and after is not None else ""
            lines.append(Text.assemble("✓ ", literal(title, one_line=True), alarm))
        self.query_one("#runs", Static).update(Text("\n").join(lines) if len(lines) > 1 else "")

    @on(OptionList.OptionSelected, "#exercise-list")
    def _exercise_chosen(self, event: OptionList.OptionSelected) -> None:
        from coach.screens.practice import PracticeExerciseScreen

        self.context.flush_now()
        settings = self.app.settings
        minutes = settings.get("default_exercise_minutes") if event.option.id == settings.get("default_exercise") else None
        self.app.push_screen(
            PracticeExerciseScreen(event.option.id, minutes=minutes, session_id=self.data.answers.session_id),
            self._exercise_finished,
        )

    def _exercise_finished(self, run_id: int | None) -> None:
        if run_id is not None:
            self._reload_runs()

    @work(thread=True, group="session-load")
    def _reload_runs(self) -> None:
        from coach.store.sessions import load_session

        with self.app.store.session() as db:
            runs = load_session(db, self.data.day).runs
        self.app.call_from_thread(self._runs_loaded, runs)

    def _runs_loaded(self, runs: list[dict[str, Any]]) -> None:
        self.data.answers.runs = runs
        self._show_runs()
        self.post_message(self.Progressed())
        self.screen.set_focus(self.query_one("#exercise-next"))  # Enter goes on to the goal
