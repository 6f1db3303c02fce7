"""Step 3, the exposure goal: the activity (from the ladder or in one's own words), how much, and the
prediction written down before it is tried."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Select, Static

from coach.domain.scales import SCALE_ENDS
from coach.domain.session import AMOUNT_UNITS
from coach.screens.session.step import StepPane, radio_set, scale
from coach.widgets.scale import ScaleInput
from coach.widgets.shown import clean
from coach.widgets.text_input import TextInput as Input

PAIN_ENDS = SCALE_ENDS["pain"]
TOLERABILITY_ENDS = SCALE_ENDS["tolerability"]
DIFFICULTY_ENDS = SCALE_ENDS["difficulty"]


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

    def form(self) -> ComposeResult:
        yield Static(
            "Choose one activity you have been avoiding, sized so it feels a stretch but doable today.",
            classes="intro",
        )
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
        with Vertical(id="ladder-add"):
            yield scale(
                "ladder-difficulty", "To add it to your ladder: how hard does it feel?", DIFFICULTY_ENDS,
                0, 100, step=5,
            )
            yield Button("Add it to my ladder", id="save-to-ladder")
        yield Static("How much? (optional)", classes="question")
        with Horizontal(id="amount-row"):
            yield Input(placeholder="amount", type="number", id="planned_amount", max_length=8)
            yield radio_set("amount_unit", AMOUNT_UNITS)
        yield Static("Before you start, your prediction", classes="question")
        yield scale("predicted_peak_pain", "Highest pain you expect during it", PAIN_ENDS)
        yield scale("predicted_tolerability", "How tolerable you expect it to be", TOLERABILITY_ENDS)
        yield Static("What are you afraid might happen?", classes="question")
        yield Input(placeholder="in your own words", id="feared_outcome", max_length=2000, password=self.masked)
        yield scale(
            "feared_likelihood", "How likely does that feel?", SCALE_ENDS["feared_likelihood"], 0, 100, step=5,
            unit="%",
        )
        yield Static(
            "Practise on the medicine plan you and your prescriber agreed (for doses taken only when "
            "needed, follow what you agreed): the aim is to learn what you can do with the pain as it "
            "is, not to time a dose around the activity.",
            classes="note",
        )

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
        self._update_goal_controls()

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
        name = self._ladder_by_id.get(event.value, "")
        self.give("ladder_item_id", event.value)
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
        self.query_one("#predicted_peak_pain").focus()
        self.notify("Added to your ladder.", timeout=3)
