"""The facilitator's agenda for one week of the group program: the parts with suggested minutes and a
running session clock; one key moves the room on, and the week's card or exercise opens full-size."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from coach.content import load_exercises, load_learn_cards
from coach.content.program_weeks import ProgramWeek
from coach.domain.agenda import Agenda, build_parts
from coach.domain.exercise_session import format_clock
from coach.screens.learn import LearnScreen
from coach.widgets.footer import CoachFooter


class WeekCardsScreen(LearnScreen):
    """The week's learn card(s) full-size, on the Learn screen's reading view. Next goes through this
    week's cards and, after the last, back to the agenda; Esc goes straight back."""

    BINDINGS = [
        Binding("escape", "back", "Back to the agenda", id="week-cards-back"),
        Binding("space,enter", "advance", "Next", id="week-cards-next"),
    ]

    def __init__(self, card_ids: Sequence[str]) -> None:
        super().__init__(card_id=card_ids[0])
        by_id = {card.id: card for card in self.cards}
        self.cards = [by_id[card_id] for card_id in card_ids]

    def action_advance(self) -> None:
        if self.reading is not None and self.reading + 1 < len(self.cards):
            self.open_card(self.reading + 1)
        else:
            self.dismiss()

    def action_back(self) -> None:
        self.dismiss()


class AgendaScreen(Screen[None]):
    """One week's session. `clock` (seconds, monotonic) is for tests that control time."""

    CSS_PATH = "facilitate.tcss"
    BINDINGS = [
        Binding("space,enter", "advance", "Next part", id="agenda-next"),
        Binding("o", "open_part", "Show full-size", id="agenda-open"),
        Binding("b,left", "back", "Previous part", id="agenda-back"),
        Binding("q", "end", "End session", id="agenda-end"),
    ]

    def __init__(
        self, weeks: Sequence[ProgramWeek], number: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.weeks = list(weeks)
        self.week = self.weeks[number - 1]
        self._clock = clock
        cards = {card.id: card.title for card in load_learn_cards()}
        exercise_title = load_exercises()[self.week.exercise].title
        self.agenda = Agenda(build_parts(self.week, cards, exercise_title), started_at=clock())

    def compose(self) -> ComposeResult:
        week = self.week
        with Horizontal(id="agenda-top"):
            yield Static(f"Week {week.week} of {len(self.weeks)}", id="agenda-week")
            yield Static("", id="agenda-clock")
        yield Static(Text(week.title), id="agenda-title")
        yield Static("", id="agenda-parts")
        with VerticalScroll(id="agenda-detail"):
            yield Static("", id="agenda-part-title")
            yield Static("", id="agenda-part-body")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.show_agenda()
        self.set_interval(1, self.show_clock, name="agenda-clock")

    def on_screen_resume(self) -> None:
        self.show_clock()

    # --- drawing ------------------------------------------------------------------------------
    def show_clock(self) -> None:
        now = self._clock()
        agenda = self.agenda
        text = (
            f"Session {format_clock(agenda.elapsed(now))} of {agenda.planned_minutes} min · "
            f"this part {format_clock(agenda.part_elapsed(now))} of {agenda.part.minutes} min"
        )
        self.query_one("#agenda-clock", Static).update(text)

    def show_agenda(self) -> None:
        agenda = self.agenda
        rows = Text(no_wrap=True, overflow="ellipsis")
        for index, part in enumerate(agenda.parts):
            if index:
                rows.append("\n")
            if index < agenda.current:
                mark, style = "✓", "dim"
            elif index == agenda.current:
                mark, style = "▶", "bold reverse"
            else:
                mark, style = " ", ""
            rows.append(f"{part.minutes:>3} min  ", style="dim" if style == "dim" else "")
            rows.append(f"{mark} {index + 1}. {part.title}", style=style)
        self.query_one("#agenda-parts", Static).update(rows)
        part = agenda.part
        self.query_one("#agenda-part-title", Static).update(Text(part.title))
        body = Text()
        lines = part.lines
        if part.kind == "welcome":
            body.append(lines[0] + "\n")
            lines = lines[1:]
        body.append("\n".join(f"• {line}" for line in lines))
        if part.kind == "welcome" and self.week.facilitator_note:
            body.append("\n\nGood to know: ", style="bold")
            body.append(self.week.facilitator_note)
        if part.kind == "home":
            body.append("\n\nSources: " + "; ".join(self.week.sources), style="dim")
        if part.opens:
            what = "the card" if part.kind == "learn" else "the exercise"
            body.append(f"\n\nPress O to show {what} full-size; Esc comes back here.", style="dim")
        if agenda.at_last_part:
            body.append("\n\nLast part. Press Q to end the session.", style="dim")
        self.query_one("#agenda-part-body", Static).update(body)
        self.query_one("#agenda-detail", VerticalScroll).scroll_home(animate=False)
        self.show_clock()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_part":
            return bool(self.agenda.part.opens)
        if action == "advance":
            return not self.agenda.at_last_part
        if action == "back":
            return self.agenda.current > 0
        return True

    # --- actions ------------------------------------------------------------------------------
    def action_advance(self) -> None:
        """Space/Enter (and projector mode's one key): the room moves to the next part."""
        if self.agenda.advance(self._clock()):
            self.show_agenda()

    def action_back(self) -> None:
        if self.agenda.back(self._clock()):
            self.show_agenda()

    def action_open_part(self) -> None:
        part = self.agenda.part
        if part.kind == "learn":
            self.app.push_screen(WeekCardsScreen(part.opens))
        elif part.kind == "practice":
            from coach.screens.player import PlayerScreen

            # The player alone records nothing: a room's practice is never written to anyone's journal.
            self.app.push_screen(PlayerScreen(part.opens[0], self.week.exercise_minutes))

    def action_end(self) -> None:
        self.dismiss()
