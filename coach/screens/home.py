"""Home / Today: the date, the day of practice, today's four steps, what the journal says back (the trend,
days practised, the taper step, the last exposure's lesson) and the way into the session."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from coach import NOT_A_MEDICAL_DEVICE
from coach.domain.days import DEFAULT_DAY_START_HOUR, greeting
from coach.domain.home_trend import (
    HomeTrend,
    day_heading,
    day_words,
    expectation_pairs,
    practised_words,
    taper_words,
    week_words,
)
from coach.domain.session import TodayState
from coach.tui.places import PLACES
from coach.screens.staying_safe import StayingSafeKey, staying_safe_binding
from coach.widgets.band_sparkline import BandSparkline
from coach.widgets.footer import CoachFooter


@dataclass(frozen=True)
class HomeData:
    day_count: int
    today: TodayState = field(default_factory=TodayState)
    step_days_ago: int | None = None  # a taper step down started this many days ago (0-2), else None
    trend: HomeTrend | None = None  # filled in after the first frame

    @property
    def today_started(self) -> bool:
        return self.today.started

    @property
    def today_done(self) -> bool:
        return self.today.finished


def steps_text(state: TodayState) -> Text:
    """Today's four steps, each with its state in words (not colour alone)."""
    text = Text()
    for index, (title, done, waiting) in enumerate(state.step_rows()):
        if index:
            text.append("\n")
        if done:
            text.append("  ✓ ", style="bold")
            text.append(f"{title:<16}")
            text.append("done")
        else:
            text.append("  · ", style="dim")
            text.append(f"{title:<16}")
            text.append(waiting, style="dim")
    return text


def places_text() -> Text:
    """The other screens with their keys, as one or two quiet lines under today's steps."""
    text = Text(justify="center")
    for index, (_name, key, title, _help) in enumerate(PLACES):
        if index:
            text.append("   ")
        text.append("," if key == "comma" else key, style="bold reverse")
        text.append(f" {title}")
    return text


class HomeScreen(StayingSafeKey, Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("s", "start_session", "Start / resume", id="start-session"),
        Binding("r", "reflect", "How did it go?", id="reflect"),
        # Shown on a step day (a taper step down started today or in the two days before).
        staying_safe_binding("home-staying-safe"),
        # The places are listed on Home itself, so the footer keeps room for Help at 80 columns.
        *(Binding(key, f"app.open('{name}')", title, id=f"open-{name}", show=False) for name, key, title, _ in PLACES),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._reflection_pending = False
        self._step_day = False
        self._numbers_fresh = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "How did it go?" is offered once today's goal is set and not yet reflected on. Neither it nor the
        # session is offered in projector mode on own data, which records nothing.
        if action == "reflect":
            return self._reflection_pending and self.app.recording
        if action == "start_session":
            return self.app.recording
        if action == "staying_safe":
            return self._step_day
        return True

    def compose(self) -> ComposeResult:
        now = self.app.now()
        with Vertical(id="home"):
            yield Static(f"{greeting(now)}.", id="greeting")
            yield Static(self._date_line(), id="date")
            yield Static("Opening your practice log…", id="day-count")
            yield Static("", id="step-day")
            with Horizontal(id="trend"):
                yield BandSparkline(id="trend-chart")
                yield Static("", id="trend-words")
            yield Static("", id="taper-line")
            yield Static("", id="expected")
            with Center():
                yield Static("", id="today-steps")
            with Center():
                with Horizontal(id="actions"):
                    yield Button("Start today's session", id="start", variant="primary")
                    yield Button("How did it go?", id="reflect")
            yield Static(places_text(), id="places")
            yield Static("", id="first-run")
        yield CoachFooter()

    def _date_line(self) -> str:
        return day_heading(self.app.now(), int(self.app.settings.get("day_start_hour", DEFAULT_DAY_START_HOUR)))

    def on_mount(self) -> None:
        self.query_one("#reflect").display = False
        if not self.app.recording:  # projector mode on own data records nothing: no session to start
            for button in self.query(Button):  # (disabled: never focused, so space opens Exercises)
                button.display, button.disabled = False, True
        self.query_one("#today-steps").display = False
        self.query_one("#step-day").display = False
        for part in ("#trend", "#taper-line", "#expected"):
            self.query_one(part).display = False
        early = self.app.take_early_home()
        if early is not None:  # read before start: the first frame shows them, no second read needed
            self.show(HomeData(day_count=early[0], today=early[1], step_days_ago=early[2]))
            self._numbers_fresh = True

    def on_screen_resume(self) -> None:
        """Fresh numbers each time Home is shown: first at start, then on coming back from any screen."""
        if self._numbers_fresh:
            # Read before start and shown in the first frame: the trend comes in a second read once that
            # frame is painted, so no worker competes with the first paint.
            self._numbers_fresh = False
            self.call_after_refresh(self._read_numbers)
            return
        self._read_numbers()

    def _read_numbers(self) -> None:
        # With the SQLite file at hand Home needs no store: its few numbers come from sqlite3.
        if self.app.store is None and self.app.quick_target is not None and self.app.quick_target.path is not None:
            self.quick_load()
        else:
            self.app.use_store(self)

    @work(thread=True, exclusive=True, group="home-load")
    def quick_load(self) -> None:
        """Home's numbers and trend straight from the SQLite file (sqlite3 only), without loading SQLModel."""
        from coach.store import StoreError
        from coach.store.queries.home import quick_home_with_trend

        try:
            read = quick_home_with_trend(self.app.quick_target, self.app.now())
        except StoreError as exc:
            # The file went bad after start-up's check: say so, as the store's own opening would.
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", timeout=30, markup=False)
            return
        if self.app.store is not None:  # the store opened meanwhile: read through it, so nothing is left out
            self.app.call_from_thread(self.load)
            return
        (day_count, today, step_days_ago), trend = read if read is not None else ((0, TodayState(), None), None)
        self.app.call_from_thread(
            self.show, HomeData(day_count=day_count, today=today, step_days_ago=step_days_ago, trend=trend)
        )

    def on_store_ready(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="home-load")
    def load(self) -> None:
        from coach.store.repo import practice_day_count
        from coach.store.sessions import today_state
        from coach.store.queries.home import store_home_trend
        from coach.store.queries.status import step_day_in

        store = self.app.store
        today = self.app.today()
        with store.session() as db:
            data = HomeData(
                day_count=practice_day_count(db),
                today=today_state(db, today),
                step_days_ago=step_day_in(db.connection(), today),
                trend=store_home_trend(db.connection(), today),
            )
        self.app.call_from_thread(self.show, data)

    def show(self, data: HomeData) -> None:
        if not self.is_attached or not self.query("#day-count"):
            return  # a read that lands while the app is closing: nothing left to fill in
        if data.day_count == 0:
            count = "Day 1 of your practice starts today."
        elif data.today_started:
            count = f"Day {data.day_count} of your practice."
        else:
            count = f"Day {data.day_count + 1} of your practice. {data.day_count} practised so far."
        self.query_one("#day-count", Static).update(count)
        self.query_one("#date", Static).update(self._date_line())  # (the settings may have come since)
        steps = self.query_one("#today-steps", Static)
        steps.update(steps_text(data.today))
        steps.display = data.today_started
        button = self.query_one("#start", Button)
        if data.today_done:
            button.label = "Open today's session"
        elif data.today_started:
            button.label = "Resume today's session"
        else:
            button.label = "Start today's session"
        self._reflection_pending = data.today.reflection_pending
        self.query_one("#reflect", Button).display = self._reflection_pending and self.app.recording
        # Taper steps are private: a room watching projector mode on own data is not told of one.
        self._step_day = data.step_days_ago is not None and not self.app.shown.hide_private
        step_day = self.query_one("#step-day", Static)
        if self._step_day:
            step_day.update(self.step_day_text(data.step_days_ago))
        step_day.display = self._step_day
        self.refresh_bindings()
        self.query_one("#first-run", Static).update(NOT_A_MEDICAL_DEVICE if data.day_count == 0 else "")
        if data.trend is not None:
            self.show_trend(data.trend)

    def show_trend(self, trend: HomeTrend) -> None:
        """The journal answering back: shown once there is something to say (a first day has nothing yet)."""
        has_checkins = any(value is not None for value in trend.tolerability)
        self.query_one("#trend-chart", BandSparkline).show(trend.tolerability)
        words = Text()
        words.append("Tolerability, last 14 days\n", style="bold")
        words.append(week_words(trend) + "\n" + practised_words(trend.practised))
        self.query_one("#trend-words", Static).update(words)
        self.query_one("#trend").display = has_checkins
        taper = taper_words(trend.taper)
        taper_line = self.query_one("#taper-line", Static)
        taper_line.update(taper or "")
        # Taper steps are private: a room watching projector mode on own data is not told of them.
        taper_line.display = taper is not None and not self.app.shown.hides("taper")
        expected = self.query_one("#expected", Static)
        expected.display = trend.expectation is not None
        if trend.expectation is not None:
            lesson = trend.expectation
            text = Text(f"Last exposure, {day_words(lesson.day, trend.today)}")
            if lesson.goal.strip() and not self.app.shown.hides("words"):  # a room is not told what it was
                text.append(" (")
                text.append_text(self.app.shown.text(lesson.goal, "words", one_line=True))
                text.append(")")
            text.append(f": {expectation_pairs(lesson)}.")
            expected.update(text)

    @on(Button.Pressed, "#start")
    async def _start_pressed(self) -> None:
        await self.run_action("start_session")

    @on(Button.Pressed, "#reflect")
    async def _reflect_pressed(self) -> None:
        await self.run_action("reflect")

    async def action_start_session(self) -> None:
        if await self.app.store_opens():  # (if it cannot open, the app says why)
            await self.app.run_action("start_session")

    async def action_reflect(self) -> None:
        if await self.app.store_opens():
            await self.app.run_action("reflect")
