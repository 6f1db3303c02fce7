"""Progress: tolerability with its bands, pain, distress around exercises, predicted vs actual, MME/day.

The data (already aggregated in SQL) and textual_plotext both load in a thread worker, so opening the
screen never waits on an import or a query; the charts are mounted when the data arrives.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, Tab, Tabs

from coach.domain.scales import LIVABLE_FROM, TOLERABLE_FROM, Band, tolerability_band
from coach.screens.progress_data import DEFAULT_RANGE, RANGE_LABELS, ProgressData, gap, load_progress
from coach.tui.themes import HIDDEN_IN_PROJECTOR
from coach.widgets.footer import CoachFooter
from coach.widgets.shown import literal


def muted_style(rgb: tuple[int, int, int]) -> str:
    return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"

if TYPE_CHECKING:
    from coach.store.queries.stats import CheckinPoint

__all__ = ["DEFAULT_RANGE", "RANGE_LABELS", "ProgressData", "ProgressScreen", "load_progress"]
CHART_IDS = ("tolerability", "pain", "distress", "expectancy", "year", "mme")


def _runs(points: list[tuple[int, float | None]]) -> list[tuple[list[int], list[float]]]:
    """Split a series at its gaps (None), so a missing day is a gap in the line, not a fake slope."""
    runs: list[tuple[list[int], list[float]]] = [([], [])]
    for x, y in points:
        if y is None:
            if runs[-1][0]:
                runs.append(([], []))
            continue
        runs[-1][0].append(x)
        runs[-1][1].append(y)
    return [run for run in runs if run[0]]


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


class ProgressScreen(Screen[None]):
    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("1", "range('2w')", "2 weeks", id="range-2w"),
        Binding("2", "range('3m')", "3 months", id="range-3m"),
        Binding("3", "range('1y')", "1 year", id="range-1y"),
        Binding("4", "range('all')", "All", id="range-all"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.range_key = DEFAULT_RANGE
        self._default = True  # no range picked yet: the journal's own default (never longer than it) applies
        self.data: ProgressData | None = None
        self.shown_range: str | None = None  # the range whose charts are on screen (for tests and timing)
        self._plotted = False

    def compose(self) -> ComposeResult:
        with Vertical(id="progress"):
            yield Static("Your progress", id="title")
            # Created with the range already active: activating the first tab and then ours would load
            # (and chart) two ranges on every open.
            yield Tabs(
                *(Tab(label, id=f"range-{key}") for key, label in RANGE_LABELS.items()),
                active=f"range-{self.range_key}",
                id="ranges",
            )
            yield Static("Gathering your days…", id="summary")
            yield VerticalScroll(id="charts")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#charts").focus()  # arrows and PageDown scroll the charts; 1–4 pick a range
        self.app.use_store(self)

    def on_store_ready(self) -> None:
        self.load(None if self._default else self.range_key)

    # --- range picker ------------------------------------------------------------------------
    def action_range(self, key: str) -> None:
        self._default = False
        self.query_one(Tabs).active = f"range-{key}"

    @on(Tabs.TabActivated, "#ranges")
    def _range_chosen(self, event: Tabs.TabActivated) -> None:
        key = (event.tab.id or "").removeprefix("range-")
        if key in RANGE_LABELS and key != self.range_key:
            self._default = False
            self.range_key = key
            if self.app.store is not None:
                self.load(key)

    # --- data --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="progress-load")
    def load(self, range_key: str | None) -> None:
        import textual_plotext  # noqa: F401  (warm the import here, off the event loop)

        data = load_progress(self.app.store, self.app.today(), range_key)
        self.app.call_from_thread(self.show, data)

    async def show(self, data: ProgressData) -> None:
        if data.range_key != self.range_key:
            if not self._default:
                return  # an older range finished after the user picked another one
            self.range_key = data.range_key  # the journal's default range: the tab follows, no second load
            self.query_one(Tabs).active = f"range-{data.range_key}"
        self.data = data
        self.query_one("#summary", Static).update(self._summary_text(data))
        self._plotted = False  # set by _new_plot: is any chart drawn for this range?
        widgets: list[Any] = []
        said = data.sentences()
        if data.period is None or not data.checkins:
            widgets.append(Static(self._empty_text(data), classes="empty", id="empty"))
            if not data.mme.empty:
                widgets += self._chart_box("mme", "Planned MME/day (your taper plan)", self._plot_mme(data))
        else:
            if len(data.checkins) == 1 and data.bucket == 1:
                widgets.append(Static(self._one_day_text(data.checkins[0]), classes="empty", id="one-day"))
            else:
                widgets += self._chart_box(
                    "tolerability", self._tolerability_title(data), self._plot_tolerability(data), said["tolerability"]
                )
                widgets += self._chart_box(
                    "pain", "Pain (0 = no pain, 10 = worst imaginable)", self._plot_pain(data), said["pain"]
                )
            widgets += self._chart_box(
                "distress", "Distress before (dots) and after (line) exercises, 0–10", self._plot_distress(data),
                said["distress"] if data.distress else "",
            )
            widgets += self._chart_box(
                "expectancy", "Exposures: how much lower your peak pain was than you predicted",
                self._plot_gap(data), said["expectancy"] if data.expectancy else "",
            )
            widgets.append(self._year(data, said.get("year", "")))
            widgets += self._insights(data)
            widgets += self._chart_box("mme", "Planned MME/day (your taper plan)", self._plot_mme(data))
        charts = self.query_one("#charts", VerticalScroll)
        async with self.batch():
            charts.set_class(self._plotted, "plotted")
            await charts.remove_children()
            await charts.mount_all(widgets)
        self.shown_range = data.range_key

    # --- texts -------------------------------------------------------------------------------
    def _summary_text(self, data: ProgressData) -> str:
        s = data.summary
        if data.period is None:
            return "Your first days will show here."
        if s is None or s.sessions_started == 0:
            return f"{RANGE_LABELS[data.range_key]}: no sessions in this range yet."
        parts = [f"{s.sessions_started:,} day{'s' if s.sessions_started != 1 else ''} practised"]
        if s.tolerability_avg is not None:
            parts.append(f"tolerability {s.tolerability_avg:g} on average ({tolerability_band(s.tolerability_avg)})")
        if s.streak_current:
            parts.append(f"streak {s.streak_current} day{'s' if s.streak_current != 1 else ''}")
        start, end = s.start, s.end
        return f"{start:%-d %b %Y} – {end:%-d %b %Y}: " + " · ".join(parts)

    @staticmethod
    def _empty_text(data: ProgressData) -> str:
        if data.period is None:
            return (
                "Nothing to chart yet, and that is fine. After your first check-in, your tolerability and "
                "pain appear here day by day, with a 7-day average once a week has passed."
            )
        return f"No check-ins in the last {RANGE_LABELS[data.range_key].lower()}. Try a longer range (keys 1–4)."

    @staticmethod
    def _one_day_text(point: CheckinPoint) -> str:
        bits = []
        if point.tolerability is not None:
            bits.append(f"tolerability {point.tolerability:g}/10 ({tolerability_band(point.tolerability)})")
        if point.pain is not None:
            bits.append(f"pain {point.pain:g}/10")
        said = ", ".join(bits) or "your check-in"
        return (
            f"One day recorded so far ({point.day:%-d %B}): {said}. "
            "Your line starts with your next check-in; the 7-day average follows after a week."
        )

    @staticmethod
    def _tolerability_title(data: ProgressData) -> str:
        if data.bucket == 1:
            return "Tolerability: each day (dots) and 7-day average (line), in its bands"
        return f"Tolerability: {data.bucket}-day averages, in its bands (10 = easy to live with)"

    def _insights(self, data: ProgressData) -> list[Any]:
        """What your entries show, and the ladder's re-ratings: one block of text each (few widgets keep the
        screen quick to open)."""
        from coach.domain.ladder_ratings import NOTABLE_CHANGE, changes, trail

        text = Text.assemble(("What your entries show", "bold"), "\n")
        text.append("What went together in your own entries, not what caused what.", style="dim")
        for insight in data.insights:
            text.append("\n\n")
            text.append(insight.title, style="bold" if insight.enough else "bold dim")
            text.append("\n" + insight.sentence, style="" if insight.enough else "dim")
        ladder = Text.assemble(("Your ladder, re-rated (0–100)", "bold"))
        if not data.ladder:
            ladder.append("\nNot re-rated yet. Every two weeks the Ladder (l on Home) asks how hard each step "
                          "feels now.", style="dim")
        for (name, ratings), change in zip(data.ladder, changes(data.ladder)):
            mark = f"  ← {NOTABLE_CHANGE}+ points" if change.notable and change.first_day != change.latest_day else ""
            ladder.append("\n")
            ladder.append_text(self.app.shown.text(name, "words", one_line=True))
            ladder.append(f": {change.summary()}")
            ladder.append(mark, style="bold")
            ladder.append(f"\n   {trail(ratings)}", style="dim")
        return [Static(text, classes="insight", id="insights"), Static(ladder, classes="insight", id="ladder-ratings")]

    # --- charts ------------------------------------------------------------------------------
    def _chart_box(self, chart_id: str, title: str, body: Any, note: str = "") -> list[Any]:
        from coach.widgets.charts import CachedPlot

        if isinstance(body, CachedPlot):  # the chart draws its own title and sentence
            body.set_caption(title, note)
            return [body]
        box = [Static(title, classes="chart-title", id=f"{chart_id}-title"), body]
        if note:
            box.append(Static(note, classes="chart-note", id=f"{chart_id}-note"))
        return box

    def _colour(self, variable: str) -> tuple[int, int, int]:
        return Color.parse(self.app.theme_variables.get(variable, "white")).rgb

    def _tint(self, variable: str, amount: float = 0.22) -> tuple[int, int, int]:
        """A zone's background: the theme colour faintly over the chart's own surface."""
        surface = Color.parse(self.app.theme_variables.get("surface", "black"))
        return surface.blend(Color.parse(self.app.theme_variables.get(variable, "white")), amount).rgb

    def _new_plot(self, chart_id: str, data: ProgressData) -> Any:
        from coach.widgets.charts import CachedPlot

        plot = CachedPlot(id=f"{chart_id}-chart", classes="chart")
        self._plotted = True
        plt = plot.plt
        assert data.period is not None
        span = max(data.period.days - 1, 1)
        plt.xlim(0, span)
        ticks = [0, span // 2, span]
        fmt = "%-d %b" if data.period.days <= 130 else "%b %Y"
        plt.xticks(ticks, [(data.period.start + timedelta(days=t)).strftime(fmt) for t in ticks])
        return plot

    def _x(self, data: ProgressData, day: date) -> int:
        assert data.period is not None
        return (day - data.period.start).days

    def _line(self, plt: Any, points: list[tuple[int, float | None]], colour: Any, label: str) -> None:
        """One series: braille lines for its runs, a dot for a point standing alone between gaps."""
        first = True
        for xs, ys in _runs(points):
            if len(xs) == 1:
                plt.scatter(xs, ys, color=colour, marker="dot", label=label if first else None)
            else:
                plt.plot(xs, ys, color=colour, marker="braille", label=label if first else None)
            first = False

    def _dots(self, plt: Any, points: list[tuple[int, float | None]], colour: Any, label: str) -> None:
        """One series as separate dots (daily values), never joined: a different shape from a line."""
        known = [(x, y) for x, y in points if y is not None]
        if known:
            plt.scatter([x for x, _ in known], [y for _, y in known], color=colour, marker="dot", label=label)

    def _no_data(self, chart_id: str, text: str) -> Static:
        return Static(text, classes="chart-empty", id=f"{chart_id}-chart")

    def _plot_tolerability(self, data: ProgressData) -> Any:
        plot = self._new_plot("tolerability", data)
        plot.figure_rows = 14  # 11 canvas rows: one per whole number 0–10, so each band's zone is exact
        plt = plot.plt
        plot.set_ylim(0, 10)
        plt.yticks([0, 1.5, 5, 8.5, 10], ["0", "intolerable", "tolerable", "livable", "10"])
        plot.zones = [
            (0, TOLERABLE_FROM, self._tint("error")),
            (TOLERABLE_FROM, LIVABLE_FROM, self._tint("warning", 0.16)),
            (LIVABLE_FROM, 10, self._tint("success")),
        ]
        daily = [(self._x(data, p.day), p.tolerability) for p in data.checkins]
        if data.bucket == 1:
            self._dots(plt, daily, self._colour("foreground-darken-1"), "each day")
            avg = [(self._x(data, p.day), p.tolerability_avg7) for p in data.checkins]
            self._line(plt, avg, self._colour("primary"), "7-day average")
        else:
            self._line(plt, daily, self._colour("primary"), f"{data.bucket}-day average")
        return plot

    def _plot_pain(self, data: ProgressData) -> Any:
        plot = self._new_plot("pain", data)
        plot.set_ylim(0, 10)
        plot.plt.yticks([0, 2, 4, 6, 8, 10])
        points = [(self._x(data, p.day), p.pain) for p in data.checkins]
        if data.bucket == 1:
            self._dots(plot.plt, points, self._colour("warning"), "each day")
        else:
            self._line(plot.plt, points, self._colour("warning"), f"{data.bucket}-day average")
        return plot

    def _plot_distress(self, data: ProgressData) -> Any:
        if not data.distress:
            return self._no_data(
                "distress", "No exercises with distress ratings in this range yet. Rate your distress before and "
                "after an exercise and you will see here how it moves."
            )
        plot = self._new_plot("distress", data)
        plot.set_ylim(0, 10)
        plot.plt.yticks([0, 2, 4, 6, 8, 10])
        self._dots(plot.plt, [(self._x(data, p.day), p.before) for p in data.distress], self._colour("warning"), "before")
        self._line(plot.plt, [(self._x(data, p.day), p.after) for p in data.distress], self._colour("success"), "after")
        return plot

    def _plot_gap(self, data: ProgressData) -> Any:
        """Predicted minus actual peak pain as one series: above 0, better than expected; below, worse."""
        if not data.expectancy:
            return self._no_data(
                "expectancy", "No exposures with a reflection in this range yet. After one, you will see here how "
                "what happened compared with what you predicted: that gap is where the learning is."
            )
        from math import ceil

        points = [(self._x(data, p.day), gap(p)) for p in data.expectancy]
        reach = max(2, ceil(max((abs(y) for _, y in points if y is not None), default=2)))
        plot = self._new_plot("expectancy", data)
        plot.set_ylim(-reach, reach)
        plot.plt.yticks([-reach, 0, reach], [f"{-reach} worse", "0", f"+{reach} better"])
        plot.zones = [(0.01, reach, self._tint("success", 0.16)), (-reach, -0.01, self._tint("warning", 0.16))]
        self._line(plot.plt, points, self._colour("primary"), "predicted − actual")
        return plot

    def _year(self, data: ProgressData, note: str) -> Any:
        from coach.widgets.year_pixels import YearPixels, year_text

        assert data.period is not None
        bands = {p.day: tolerability_band(p.tolerability) for p in data.year if p.tolerability is not None}
        colours = {Band.INTOLERABLE: self._colour("error"), Band.TOLERABLE: self._colour("warning"),
                   Band.LIVABLE: self._colour("success")}
        muted = self._colour("foreground-darken-3")
        grid = year_text(bands, data.period.end, colours, muted, data.year_start)
        block = Text.assemble(("Your last 12 months, day by day", "bold"), "\n", grid, "\n", (note, muted_style(muted)))
        return YearPixels(block, id="year-chart")

    def _plot_mme(self, data: ProgressData) -> Any:
        from coach.domain.taper_series import mme_on

        if self.app.shown.hides("mme"):  # a room is watching: the taper plan's doses stay private
            return Static(HIDDEN_IN_PROJECTOR, classes="chart-empty", id="mme-chart")
        if data.mme.empty:
            return self._no_data(
                "mme", "No taper plan recorded. If you and your prescriber agree one, add it on the Taper plan "
                "screen (t on Home) and its MME/day shows here as steps."
            )
        period = data.period
        if period is None:
            first, last = data.mme.steps[0].start, data.mme.steps[-1].start
            from coach.store.queries.stats import Period

            period = Period(first, max(last, self.app.today()))
            data = ProgressData(data.range_key, period, 1, [], [], [], data.mme, data.mme_caution, None)
        xs: list[int] = []
        ys: list[float] = []
        start_value = mme_on(data.mme, period.start)
        if start_value is not None:
            xs.append(0)
            ys.append(start_value)
        for step in data.mme.steps:
            if period.start < step.start <= period.end:
                x = self._x(data, step.start)
                if ys:
                    xs.append(x)
                    ys.append(ys[-1])
                xs.append(x)
                ys.append(step.mme)
        if not xs:
            return self._no_data("mme", "Your taper plan starts after this range.")
        xs.append(period.days - 1)
        ys.append(ys[-1])
        from coach.domain.chart_scale import nice_ticks

        plot = self._new_plot("mme", data)
        ticks = nice_ticks(max(ys))
        plot.set_ylim(0, ticks[-1])
        plot.plt.yticks(ticks, [f"{t:g}" for t in ticks])
        plot.plt.plot(xs, ys, color=self._colour("primary"), marker="braille", label="MME/day")
        children = [plot, Static(data.mme_caution, classes="caution", id="mme-caution")]
        if data.mme.not_counted:
            names = literal(", ".join(data.mme.not_counted), one_line=True)
            children.append(Static(Text.assemble("Not counted (no MME factor): ", names, "."), classes="caution"))
        return Vertical(*children, classes="mme-box")
