"""Home / Today: the date, the day of practice, and the way into today's session."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from coach import NOT_A_MEDICAL_DEVICE
from coach.domain.days import greeting


@dataclass(frozen=True)
class HomeData:
    day_count: int
    today_started: bool
    today_done: bool


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("s", "start_session", "Start / resume", id="start-session"),
        Binding("l", "app.open('ladder')", "Ladder", id="open-ladder"),
        Binding("t", "app.open('taper')", "Taper plan", id="open-taper"),
    ]

    def compose(self) -> ComposeResult:
        now = self.app.now()
        with Vertical(id="home"):
            yield Static(f"{greeting(now)}.", id="greeting")
            yield Static(now.strftime("%A %-d %B %Y"), id="date")
            yield Static("Opening your practice log…", id="day-count")
            with Center():
                yield Button("Start today's session", id="start", variant="primary")
            yield Static("", id="first-run")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.store is not None:
            self.on_store_ready()

    def on_store_ready(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="home-load")
    def load(self) -> None:
        from coach.store.repo import practice_day_count, session_for_day

        store = self.app.store
        today = self.app.today()
        with store.session() as db:
            session = session_for_day(db, today)
            data = HomeData(
                day_count=practice_day_count(db),
                today_started=session is not None,
                today_done=session is not None and session.status == "done",
            )
        self.app.call_from_thread(self.show, data)

    def show(self, data: HomeData) -> None:
        if data.day_count == 0:
            count = "Day 1 of your practice starts today."
        elif data.today_started:
            count = f"Day {data.day_count} of your practice."
        else:
            count = f"Day {data.day_count + 1} of your practice. {data.day_count} practised so far."
        self.query_one("#day-count", Static).update(count)
        button = self.query_one("#start", Button)
        if data.today_done:
            button.label = "Today's session is done: open it"
        elif data.today_started:
            button.label = "Resume today's session"
        else:
            button.label = "Start today's session"
        self.query_one("#first-run", Static).update(NOT_A_MEDICAL_DEVICE if data.day_count == 0 else "")

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.run_action("start_session")

    async def action_start_session(self) -> None:
        await self.app.wait_for_store()
        await self.app.run_action("start_session")
