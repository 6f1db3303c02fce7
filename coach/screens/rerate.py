"""Re-rate the ladder: one short form asking how hard each active item feels now, 0–100 (PHODA's idea)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from coach.domain.ladder_ratings import QUESTION
from coach.widgets.footer import CoachFooter
from coach.widgets.shown import SHOW_ALL, Shown

INTRO = (
    "Things that felt hard a few weeks ago can feel different now. For each step, type how hard it feels "
    "today. Leave one empty to skip it. Your first numbers stay as they were; these are added beside them."
)


def parse_ratings(values: dict[int, str]) -> tuple[dict[int, int], int | None]:
    """({item id: rating} for the filled-in boxes, None) or ({}, the first item id whose box is not 0–100)."""
    ratings: dict[int, int] = {}
    for item_id, raw in values.items():
        text = raw.strip()
        if not text:
            continue
        if not text.isdigit() or not 0 <= int(text) <= 100:
            return {}, item_id
        ratings[item_id] = int(text)
    return ratings, None


class RerateScreen(ModalScreen[dict[int, int] | None]):
    """Dismissed with the ratings typed (maybe none) on Save, or None on Cancel; the caller saves them."""

    CSS_PATH = "rerate.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="rerate-cancel"),
        Binding("ctrl+s", "save", "Save", id="rerate-save"),
        Binding("f1", "app.help", "Help", id="rerate-help"),  # a modal does not see the app's bindings
    ]

    def __init__(self, items: list[tuple[int, str, int]], shown: Shown = SHOW_ALL) -> None:
        """`items`: (id, name, the latest rating or the first difficulty) for each active ladder item."""
        super().__init__()
        self.items = items
        self.shown = shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("How hard do your steps feel now?", classes="form-title")
            yield Static(INTRO, classes="hint")
            yield Static(QUESTION, classes="hint")
            with VerticalScroll(id="rerate-items"):
                for item_id, name, last in self.items:
                    with Horizontal(classes="rerate-row"):
                        yield Input(placeholder=f"was {last}", id=f"rate-{item_id}", max_length=3, compact=True,
                                    restrict=r"[0-9]*", classes="rerate-input")
                        yield Label(self.shown.text(name, "words", one_line=True), classes="rerate-name")
            yield Static("", id="rerate-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="rerate-save-button", variant="primary")
                yield Button("Not now", id="rerate-cancel-button")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#rerate-error").display = False
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#rerate-save-button")
    def action_save(self) -> None:
        values = {item_id: self.query_one(f"#rate-{item_id}", Input).value for item_id, _, _ in self.items}
        ratings, bad = parse_ratings(values)
        error = self.query_one("#rerate-error", Static)
        if bad is not None:
            error.update("A rating is a whole number from 0 to 100.")
            error.display = True
            self.query_one(f"#rate-{bad}", Input).focus()
            self.app.bell()
            return
        self.dismiss(ratings)

    @on(Button.Pressed, "#rerate-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(None)
