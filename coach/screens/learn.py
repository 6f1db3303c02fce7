"""Learn: short cards on pain, the alarm system and practice; a list, and a reading view with sources."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from coach.content import LearnCard, load_learn_cards
from coach.widgets.footer import CoachFooter


def card_option(card: LearnCard) -> Option:
    prompt = Text()
    prompt.append(card.title, style="bold")
    prompt.append("\n")
    prompt.append(card.summary, style="dim")
    return Option(prompt, id=card.id)


class LearnScreen(Screen[None]):
    """`card_id` opens that card straight away (the command palette uses this)."""

    CSS_PATH = "learn.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="learn-back"),
        Binding("left,p", "step(-1)", "Previous card", id="learn-previous"),
        Binding("right,n", "step(1)", "Next card", id="learn-next"),
    ]

    def __init__(self, card_id: str | None = None) -> None:
        super().__init__()
        self.cards = load_learn_cards()
        self.reading: int | None = None
        self._open_first = card_id

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="learn-list-view", id="learn-body"):
            with Vertical(id="learn-list-view"):
                yield Static("Learn", classes="learn-heading")
                yield Static(
                    "Short reads, a few minutes each. Enter opens a card.", classes="learn-hint"
                )
                options: list[Option | None] = []
                for card in self.cards:
                    if options:
                        options.append(None)
                    options.append(card_option(card))
                yield OptionList(*options, id="learn-list")
            with VerticalScroll(id="learn-card"):
                yield Static("", id="card-position", classes="learn-hint")
                yield Static("", id="card-title", classes="learn-heading")
                yield Static("", id="card-body")
                yield Static("", id="card-points")
                yield Static("", id="card-sources")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if self._open_first is not None:
            ids = [card.id for card in self.cards]
            if self._open_first in ids:
                self.open_card(ids.index(self._open_first))

    @on(OptionList.OptionSelected, "#learn-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.open_card([card.id for card in self.cards].index(event.option.id))

    def open_card(self, index: int) -> None:
        card = self.cards[index]
        self.reading = index
        self.query_one("#card-position", Static).update(f"Card {index + 1} of {len(self.cards)}")
        self.query_one("#card-title", Static).update(card.title)
        self.query_one("#card-body", Static).update(Text(card.body))
        points = Text()
        if card.key_points:
            points.append("Key points\n", style="bold")
            points.append("\n".join(f"• {point}" for point in card.key_points))
        self.query_one("#card-points", Static).update(points)
        sources = Text()
        sources.append("Sources\n", style="bold")
        sources.append("\n".join(f"• {source}" for source in card.sources))
        self.query_one("#card-sources", Static).update(sources)
        self.query_one("#learn-body", ContentSwitcher).current = "learn-card"
        scroller = self.query_one("#learn-card", VerticalScroll)
        scroller.scroll_home(animate=False)
        scroller.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            return self.reading is not None
        return True

    def action_advance(self) -> None:
        """Projector mode's one key (space/enter, see CoachApp.action_advance): the next card."""
        self.action_step(1)

    def action_step(self, direction: int) -> None:
        if self.reading is not None:
            self.open_card((self.reading + direction) % len(self.cards))

    def action_back(self) -> None:
        if self.reading is None:
            self.dismiss()
            return
        option_list = self.query_one(OptionList)
        option_list.highlighted = option_list.get_option_index(self.cards[self.reading].id)
        self.reading = None
        self.query_one("#learn-body", ContentSwitcher).current = "learn-list-view"
        option_list.focus()
        self.refresh_bindings()
