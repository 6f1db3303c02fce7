"""The facilitator's agenda for one week of the group program: the parts with suggested minutes and a
running session clock; one key moves the room on, and the week's card or exercise opens full-size."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual import on
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from coach.content import load_exercises, load_learn_cards
from coach.content.program_weeks import ProgramWeek
from coach.domain.agenda import Agenda, build_parts
from coach.domain.exercise_session import format_clock
from coach.domain.room_pulse import BANDS, PulseError, RoomPulse, parse_tally
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


class PulseScreen(ModalScreen[tuple[int, ...] | None]):
    """A show-of-hands tally of how loud the alarm is in the room: counts per band, never names."""

    CSS_PATH = "facilitate.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pulse-cancel"),
        Binding("f1", "app.help", "Help", id="pulse-help"),
    ]

    def __init__(self, moment: str) -> None:
        super().__init__()
        self.moment = moment

    def compose(self) -> ComposeResult:
        with Vertical(id="pulse-dialog"):
            yield Static(f"Room pulse, {self.moment} the exercise", id="pulse-title")
            yield Static("How loud is the alarm? Count the hands for each band (blank = none).")
            for key, label in BANDS:
                with Horizontal(classes="pulse-row"):
                    yield Static(label, classes="pulse-label")
                    yield Input(placeholder="0", type="integer", max_length=3, id=f"pulse-{key}")
            yield Static("", id="pulse-error")
            yield Static("Enter shows it; it stays on this screen and is never saved.", classes="pulse-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
            return
        try:
            counts = parse_tally({key: self.query_one(f"#pulse-{key}", Input).value for key, _ in BANDS})
        except PulseError as exc:
            self.query_one("#pulse-error", Static).update(str(exc))
            return
        self.dismiss(counts)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AgendaScreen(Screen[None]):
    """One week's session. `clock` (seconds, monotonic) is for tests that control time."""

    CSS_PATH = "facilitate.tcss"
    BINDINGS = [
        Binding("space,enter", "advance", "Next part", id="agenda-next"),
        Binding("o", "open_part", "Full-size", id="agenda-open"),
        Binding("p", "pulse", "Pulse", id="agenda-pulse"),
        Binding("b,left", "back", "Back one", id="agenda-back"),
        Binding("q", "end", "End", id="agenda-end"),
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
        self.pulse = RoomPulse()

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
        if part.kind == "practice":
            chart = self.pulse.chart()
            if chart:
                body.append("\n\nRoom pulse (kept on this screen only)\n", style="bold")
                body.append("\n".join(chart))
            body.append(f"\n\nPress P for a room pulse {self.pulse.next_moment} the exercise.", style="dim")
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
        if action == "pulse":
            return self.agenda.part.kind == "practice"
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

    def action_pulse(self) -> None:
        if self.agenda.part.kind != "practice":
            return
        moment = self.pulse.next_moment

        def got(counts: tuple[int, ...] | None) -> None:
            if counts is not None:
                self.pulse.record(moment, counts)
                self.show_agenda()

        self.app.push_screen(PulseScreen(moment), got)

    def action_end(self) -> None:
        self.dismiss()
