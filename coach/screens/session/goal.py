"""Step 3, the exposure goal: the activity (from the ladder or in one's own words), how much, and the
prediction written down before it is tried."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Select, Static

from coach.domain.next_rung import RungChoice, choose_rung, reason_parts
from coach.domain.questions import (
    DOSE_PLAN_NOTE,
    FEAR_LIKELIHOOD,
    FEAR_QUESTION,
    GOAL_ACTIVITY_QUESTION,
    GOAL_AMOUNT_QUESTION,
    LADDER_DIFFICULTY,
    goal_scales,
)
from coach.domain.session import AMOUNT_UNITS
from coach.screens.session.step import StepPane, radio_set, scale
from coach.widgets.scale import ScaleInput
from coach.widgets.shown import clean
from coach.widgets.text_input import TextInput as Input



class GoalStep(StepPane):
    """Today's goal. Done once the activity is named and the prediction given (domain.session_steps)."""

    STEP = "goal"
    SCALES = {
        "predicted_peak_pain": "predicted_peak_pain",
        "predicted_tolerability": "predicted_tolerability",
        "feared_likelihood": "feared_likelihood",
    }
    TEXTS = {"goal-text": "text", "feared_outcome": "feared_outcome"}
    RADIOS = {"amount_unit": ("amount_unit", AMOUNT_UNITS)}
    BINDINGS = [Binding("ctrl+o", "other_rung", "Another step", id="goal-other-rung")]

    _from_choice: RungChoice | None = None  # the rung yesterday's "next time" picked, once shown

    def form(self) -> ComposeResult:
        yield Static(GOAL_ACTIVITY_QUESTION, classes="intro")
        yield Static("", id="next-rung-reason", classes="note")
        with Vertical(id="ladder-choice"):
            yield Static("From your ladder", classes="question first")
            yield Select[int]([], prompt="Choose an activity from your ladder", id="goal-ladder")
            yield Static("Or in your own words", classes="question")
        yield Static(
            "In your own words (you can add it to your ladder, the list of activities you are "
            "working up to)",
            id="goal-text-label",
            classes="question",
        )
        yield Input(
            placeholder="e.g. walk to the post box and back", id="goal-text", max_length=200, password=self.masked
        )
        yield Static(GOAL_AMOUNT_QUESTION, classes="question")
        with Horizontal(id="amount-row"):
            yield Input(placeholder="amount", type="number", id="planned_amount", max_length=8)
            yield radio_set("amount_unit", AMOUNT_UNITS)
        yield Static("Before you start, your prediction", classes="question")
        for predicted in goal_scales():
            yield scale(predicted.field, predicted.label, predicted.ends)
        yield Static(FEAR_QUESTION, classes="question")
        yield Input(placeholder="in your own words", id="feared_outcome", max_length=2000, password=self.masked)
        likely = FEAR_LIKELIHOOD
        yield scale(likely.field, likely.label, likely.ends, likely.low, likely.high, step=5, unit=likely.unit)
        # After the last field, so showing it never moves a field under someone typing ahead.
        with Vertical(id="ladder-add"):
            hard = LADDER_DIFFICULTY
            yield scale("ladder-difficulty", hard.label, hard.ends, hard.low, hard.high, step=5)
            yield Button("Add it to my ladder", id="save-to-ladder")
        # Said in place, not in a toast that could cover the form's words.
        yield Static("Added to your ladder.", id="ladder-added", classes="hint")
        yield Static(DOSE_PLAN_NOTE, classes="note")

    @property
    def _ladder_by_id(self) -> dict[int, str]:
        return {item_id: name for item_id, name, _ in self.data.ladder}

    def fill_more(self) -> None:
        amount = self.answers.get("planned_amount")
        self.query_one("#planned_amount", Input).value = f"{amount:g}" if amount is not None else ""
        ladder = self.query_one("#goal-ladder", Select)
        ladder.set_options(self._ladder_options())
        goal_item = self.answers.get("ladder_item_id")
        if goal_item in self._ladder_by_id:
            ladder.value = goal_item

    def filled(self) -> None:
        self._show_ladder_choice(bool(self.data.ladder))
        self._start_from_last_choice()
        self._update_goal_controls()

    def _start_from_last_choice(self) -> None:
        """A goal not begun yet starts from the last reflection's "next time", with the reason shown."""
        choice = self.data.last_choice
        if choice is None or self._from_choice is not None:
            return
        if (self.answers.get("text") or "").strip() or self.answers.get("ladder_item_id") is not None:
            return
        self._from_choice = rung = choose_rung(choice, self.data.ladder)
        before, after = reason_parts(choice, self.data.day)
        reason = Text(before)
        if after:
            reason.append_text(self.app.shown.text(choice.goal, "words", one_line=True))
            reason.append(after)
        reason.append(f" {rung.after}")
        if self.data.ladder:
            reason.append(f" ({self.app.get_key_display(Binding('ctrl+o', 'other_rung'))}: another step)")
        widget = self.query_one("#next-rung-reason", Static)
        widget.update(reason)
        widget.display = True
        if rung.item_id is not None:
            self._pick_rung(rung.item_id)
        self.screen.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other_rung":
            return self._from_choice is not None and bool(self.data.ladder)
        return True

    def action_other_rung(self) -> None:
        """One key to change the preselected rung: the ladder's list, open."""
        select = self.query_one("#goal-ladder", Select)
        select.focus()
        select.expanded = True

    def _ladder_options(self) -> list[tuple[Text, int]]:
        """The ladder's steps for the Select, each name shown as typed (hidden when a room is watching)."""
        return [
            (self.app.shown.join((name, "words"), f"  ({difficulty}/100)", one_line=True), item_id)
            for item_id, name, difficulty in self.data.ladder
        ]

    def _show_ladder_choice(self, has_items: bool) -> None:
        self.query_one("#ladder-choice").display = has_items
        self.query_one("#goal-text-label").display = not has_items

    def _update_goal_controls(self) -> None:
        """'Add it to my ladder' is offered for a typed activity that is not on the ladder yet."""
        typed = bool((self.answers.get("text") or "").strip())
        from_ladder = self.answers.get("ladder_item_id") in self._ladder_by_id
        self.query_one("#ladder-add").display = typed and not from_ladder

    # --- answers ----------------------------------------------------------------------------
    def text_given(self, widget_id: str, value: str) -> None:
        if widget_id == "planned_amount":
            text = value.strip()
            try:
                amount = float(text) if text else None
            except ValueError:
                return
            if amount is not None and amount < 0:
                return
            self.give("planned_amount", amount)
        elif widget_id == "goal-text":
            linked = self.answers.get("ladder_item_id")
            if linked is not None and self._ladder_by_id.get(linked) != value:
                # Typing something new unlinks the ladder item it replaced (the item stays on the ladder).
                self.give("ladder_item_id", None)
                ladder = self.query_one("#goal-ladder", Select)
                with ladder.prevent(Select.Changed):
                    ladder.clear()
            self._update_goal_controls()

    @on(Select.Changed, "#goal-ladder")
    def _ladder_chosen(self, event: Select.Changed) -> None:
        if event.value == Select.NULL or not isinstance(event.value, int):
            return
        self._chose_rung(event.value)

    def _pick_rung(self, item_id: int) -> None:
        """Preselect a rung in the list (no Changed of its own) and keep it as the answer."""
        ladder = self.query_one("#goal-ladder", Select)
        with ladder.prevent(Select.Changed):
            ladder.value = item_id
        self._chose_rung(item_id)

    def _chose_rung(self, item_id: int) -> None:
        name = self._ladder_by_id.get(item_id, "")
        self.give("ladder_item_id", item_id)
        self.give("text", name)
        text = self.query_one("#goal-text", Input)
        with text.prevent(Input.Changed):
            text.value = clean(name, one_line=True)
        self._update_goal_controls()

    @on(Button.Pressed, "#save-to-ladder")
    def _save_to_ladder(self, event: Button.Pressed) -> None:
        event.stop()
        name = self.query_one("#goal-text", Input).value.strip()
        if not name:
            return
        difficulty = self.query_one("#ladder-difficulty", ScaleInput).value
        self.context.save("ladder", "item", {"name": name, "difficulty": 50 if difficulty is None else difficulty})
        self._after_ladder_save()

    @work(thread=True, group="autosave")
    def _after_ladder_save(self) -> None:
        """Once saved, the new item is on the ladder: link it so the wizard knows."""
        from coach.store.sessions import active_ladder_items, load_session

        self.context.flush()
        with self.app.store.session() as db:
            goal = load_session(db, self.data.day).goal
            ladder = active_ladder_items(db)
        self.app.call_from_thread(self._ladder_saved, goal.get("ladder_item_id"), ladder)

    def _ladder_saved(self, item_id: int | None, ladder: list[tuple[int, str, int]]) -> None:
        if item_id is None:
            return
        self.answers["ladder_item_id"] = item_id
        self.data.ladder = ladder
        select = self.query_one("#goal-ladder", Select)
        with select.prevent(Select.Changed):
            select.set_options(self._ladder_options())
            select.value = item_id
        self._show_ladder_choice(True)
        self.query_one("#ladder-add").display = False
        self.query_one("#ladder-added").display = True
        self.query_one("#goal-next").focus()
