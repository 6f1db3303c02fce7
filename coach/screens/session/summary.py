"""Step 5, the summary: today at a glance, the prediction beside what happened, and the ladder's offer."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, Static

from coach.domain.session_steps import reflection_done
from coach.screens.session.step import StepPane, goal_words
from coach.widgets.shown import SHOW_ALL, Shown, literal


class SummaryStep(StepPane):
    """Today at a glance; filled each time it is shown."""

    STEP = "summary"

    def form(self) -> ComposeResult:
        yield Static("", id="summary-body")
        yield Static("", id="ladder-suggestion", classes="note")

    def first_focus(self) -> Widget | None:
        return self.query_one("#summary-finish")

    def on_shown(self) -> None:
        answers = self.data.answers
        body = summary_renderable(answers, goal_words(answers.goal), self.data.exercise_titles, shown=self.app.shown)
        self.query_one("#summary-body", Static).update(body)
        # "How did it go?" stays on offer until its required answers are given (domain.session_steps).
        self.query_one("#summary-reflect", Button).display = not reflection_done(answers.reflection)
        item_id = answers.goal.get("ladder_item_id")
        self.query_one("#ladder-suggestion").display = False
        if item_id is not None and answers.reflection.get("outcome") is not None:
            self._load_ladder_suggestion(item_id)

    @work(thread=True, exclusive=True, group="ladder-suggestion")
    def _load_ladder_suggestion(self, item_id: int) -> None:
        """The ladder's gentle offer for the item practised today (step up, repeat, or a smaller step)."""
        from coach.store.ladder import suggestion_for_item

        self.context.flush()  # today's reflection counts as an attempt
        with self.app.store.session() as db:
            suggestion = suggestion_for_item(db, item_id)
        if suggestion is not None:
            self.app.call_from_thread(self._show_ladder_suggestion, suggestion.text)

    def _show_ladder_suggestion(self, text: str) -> None:
        box = self.query_one("#ladder-suggestion", Static)
        box.update(self.app.shown.text(text, "words"))  # it names steps from the person's ladder
        box.display = True


def _n(value: Any, suffix: str = "/10") -> str:
    return "–" if value is None else f"{value}{suffix}"


def summary_renderable(
    answers: Any, goal_words: str, titles: dict[str, str], *, shown: Shown = SHOW_ALL
) -> Table:
    """Today at a glance: the check-in, the practice, and the goal's prediction beside what happened.

    `shown` shows the person's own words literally (the app's hides them in projector mode)."""
    checkin, goal, reflection = answers.checkin, answers.goal, answers.reflection
    outer = Table.grid(padding=(0, 1))
    outer.add_column()
    outer.add_row(Text("Today at a glance", style="bold"))
    outer.add_row(
        f"Check-in: pain {_n(checkin.get('pain'))} · tolerable {_n(checkin.get('tolerability'))} · "
        f"alarm {_n(checkin.get('distress'))} · sleep {_n(checkin.get('sleep'))} · mood {_n(checkin.get('mood'))}"
    )
    runs = [titles.get(r["exercise_id"], r["exercise_id"]) for r in answers.runs]
    outer.add_row(Text("Practice: ").append_text(literal(", ".join(runs) if runs else "none today", one_line=True)))
    outer.add_row(shown.join("Goal: ", (goal_words, "words")) if goal_words else Text("Goal: none set today"))
    outer.add_row("")
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    table.add_column("")
    table.add_column("You predicted", justify="center")
    table.add_column("What happened", justify="center")
    later = "later today" if reflection.get("outcome") is None else "–"

    def actual(value: Any, suffix: str = "/10") -> str:
        return later if reflection.get("outcome") is None else _n(value, suffix)

    table.add_row("Highest pain", _n(goal.get("predicted_peak_pain")), actual(reflection.get("actual_peak_pain")))
    table.add_row(
        "How tolerable", _n(goal.get("predicted_tolerability")), actual(reflection.get("actual_tolerability"))
    )
    table.add_row(
        "What you feared",
        "–" if goal.get("feared_likelihood") is None else f"{goal['feared_likelihood']}% likely",
        actual(reflection.get("feared_happened"), "% happened"),
    )
    outer.add_row(table)
    if goal.get("feared_outcome"):
        outer.add_row(Text("You feared: ", style="italic").append_text(shown.text(goal["feared_outcome"], "words")))
    outer.add_row("")
    outer.add_row(Text(summary_message(goal, reflection)))
    if feared_happened(reflection):
        outer.add_row(Text(GET_IT_CHECKED))
    return outer


# A feared outcome that happened (an injury, a new pain) may need a look by the care team, not only practice.
FEARED_HAPPENED_AT = 50
GET_IT_CHECKED = (
    "If what you feared did happen, such as an injury or a new kind of pain, get it checked by your care team. "
    "If it feels like an emergency, press F1 for Help."
)


def feared_happened(reflection: dict[str, Any]) -> bool:
    """The person rated their feared outcome as at least half happened, on a step they tried."""
    happened = reflection.get("feared_happened")
    return reflection.get("outcome") in ("fully", "partly") and happened is not None and happened >= FEARED_HAPPENED_AT


def summary_message(goal: dict[str, Any], reflection: dict[str, Any]) -> str:
    """One warm sentence on the gap between prediction and outcome (surprise is what teaches the alarm)."""
    outcome = reflection.get("outcome")
    if outcome is None:
        if goal.get("text"):
            return "When you have done it, come back to Home and choose “How did it go?” (key r)."
        return "Well done for checking in today."
    if outcome == "not_today":
        return "Not today is fine. Noticing what got in the way helps you choose a step that fits."
    predicted, happened = goal.get("feared_likelihood"), reflection.get("feared_happened")
    if predicted is not None and happened is not None and happened < predicted:
        return "What you feared was less true than you predicted. Surprises like this seem to be how the alarm learns."
    p_tol, a_tol = goal.get("predicted_tolerability"), reflection.get("actual_tolerability")
    if p_tol is not None and a_tol is not None and a_tol > p_tol:
        return "It was more tolerable than you expected. That is worth remembering next time."
    return "You showed up and practised. Harder days are part of learning too."
