"""Progress: tolerability with its bands, pain, distress around exercises, predicted vs actual, MME/day.

The data (already aggregated in SQL) and textual_plotext both load in a thread worker, so opening the
screen never waits on an import or a query; the charts are mounted when the data arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
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

from coach.domain.scales import tolerability_band
from coach.tui.themes import HIDDEN_IN_PROJECTOR
from coach.widgets.footer import CoachFooter
from coach.widgets.shown import literal

if TYPE_CHECKING:
    from coach.domain.taper_series import MMESeries
    from coach.store.queries.stats import (
        CheckinPoint,
        DistressPoint,
        ExpectancyPoint,
        Period,
        Summary,
    )

RANGE_LABELS = {"2w": "2 weeks", "3m": "3 months", "1y": "1 year", "all": "All"}
DEFAULT_RANGE = "3m"
CHART_IDS = ("tolerability", "pain", "distress", "expectancy", "mme")


@dataclass(frozen=True)
class ProgressData:
    range_key: str
    period: Period | None  # None: nothing recorded yet
    bucket: int
    checkins: list[CheckinPoint]
    distress: list[DistressPoint]
    expectancy: list[ExpectancyPoint]
    mme: MMESeries
    mme_caution: str
    summary: Summary | None


def load_progress(store: Any, today: date, range_key: str) -> ProgressData:
    """Everything the screen shows for one range: a handful of aggregated queries (run in a worker)."""
    from coach.domain.mme import load_mme_table
    from coach.domain.taper_series import mme_steps
    from coach.store.queries.stats import (
        RANGES,
        bucket_for,
        checkin_series,
        data_period,
        distress_series,
        expectancy_series,
        last_days,
        summary,
        taper_regimens,
    )

    with store.session() as db:
        everything = data_period(db, today)
        mme = mme_steps(taper_regimens(db))
        days = RANGES[range_key]
        period = everything if days is None else last_days(today, days)
        if everything is None:
            return ProgressData(range_key, None, 1, [], [], [], mme, load_mme_table().caution, None)
        bucket = bucket_for(period.days)
        return ProgressData(
            range_key=range_key,
            period=period,
            bucket=bucket,
            checkins=checkin_series(db, period, bucket),
            distress=distress_series(db, period, bucket),
            expectancy=expectancy_series(db, period, bucket),
            mme=mme,
            mme_caution=load_mme_table().caution,
            summary=summary(db, period, today),
        )


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
        self.load(self.range_key)

    # --- range picker ------------------------------------------------------------------------
    def action_range(self, key: str) -> None:
        self.query_one(Tabs).active = f"range-{key}"

    @on(Tabs.TabActivated, "#ranges")
    def _range_chosen(self, event: Tabs.TabActivated) -> None:
        key = (event.tab.id or "").removeprefix("range-")
        if key in RANGE_LABELS and key != self.range_key:
            self.range_key = key
            if self.app.store is not None:
                self.load(key)

    # --- data --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="progress-load")
    def load(self, range_key: str) -> None:
        import textual_plotext  # noqa: F401  (warm the import here, off the event loop)

        data = load_progress(self.app.store, self.app.today(), range_key)
        self.app.call_from_thread(self.show, data)

    async def show(self, data: ProgressData) -> None:
        if data.range_key != self.range_key:
            return  # an older range finished after the user picked another one
        self.data = data
        self.query_one("#summary", Static).update(self._summary_text(data))
        self._plotted = False  # set by _new_plot: is any chart drawn for this range?
        widgets: list[Any] = []
        if data.period is None or not data.checkins:
            widgets.append(Static(self._empty_text(data), classes="empty", id="empty"))
            if not data.mme.empty:
                widgets += self._chart_box("mme", "Planned MME/day (your taper plan)", self._plot_mme(data))
        else:
            if len(data.checkins) == 1 and data.bucket == 1:
                widgets.append(Static(self._one_day_text(data.checkins[0]), classes="empty", id="one-day"))
            else:
                widgets += self._chart_box("tolerability", self._tolerability_title(data), self._plot_tolerability(data))
                widgets += self._chart_box("pain", "Pain (0 = no pain, 10 = worst imaginable)", self._plot_pain(data))
            widgets += self._chart_box("distress", "Distress before and after exercises (0–10)", self._plot_distress(data))
            widgets += self._chart_box(
                "expectancy", "Exposures: predicted vs actual peak pain (0–10)", self._plot_expectancy(data)
            )
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
            return "Tolerability: each day and 7-day average (10 = easy to live with)"
        return f"Tolerability: {data.bucket}-day averages (10 = easy to live with)"

    # --- charts ------------------------------------------------------------------------------
    def _chart_box(self, chart_id: str, title: str, body: Any) -> list[Any]:
        return [Static(title, classes="chart-title", id=f"{chart_id}-title"), body]

    def _colour(self, variable: str) -> tuple[int, int, int]:
        return Color.parse(self.app.theme_variables.get(variable, "white")).rgb

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

    def _no_data(self, chart_id: str, text: str) -> Static:
        return Static(text, classes="chart-empty", id=f"{chart_id}-chart")

    def _plot_tolerability(self, data: ProgressData) -> Any:
        plot = self._new_plot("tolerability", data)
        plt = plot.plt
        plt.ylim(0, 10)
        plt.yticks([0, 1.75, 5, 8.25, 10], ["0", "intolerable", "tolerable", "livable", "10"])
        muted = self._colour("foreground-darken-3")  # grey daily points under the coloured average
        plt.hline(3.5, color=self._colour("error"))
        plt.hline(6.5, color=self._colour("success"))
        daily = [(self._x(data, p.day), p.tolerability) for p in data.checkins]
        if data.bucket == 1:
            self._line(plt, daily, muted, "each day")
            avg = [(self._x(data, p.day), p.tolerability_avg7) for p in data.checkins]
            self._line(plt, avg, self._colour("primary"), "7-day average")
        else:
            self._line(plt, daily, self._colour("primary"), f"{data.bucket}-day average")
        return plot

    def _plot_pain(self, data: ProgressData) -> Any:
        plot = self._new_plot("pain", data)
        plot.plt.ylim(0, 10)
        plot.plt.yticks([0, 2, 4, 6, 8, 10])
        points = [(self._x(data, p.day), p.pain) for p in data.checkins]
        label = "each day" if data.bucket == 1 else f"{data.bucket}-day average"
        self._line(plot.plt, points, self._colour("warning"), label)
        return plot

    def _plot_distress(self, data: ProgressData) -> Any:
        if not data.distress:
            return self._no_data(
                "distress", "No exercises with distress ratings in this range yet. Rate your distress before and "
                "after an exercise and you will see here how it moves."
            )
        plot = self._new_plot("distress", data)
        plot.plt.ylim(0, 10)
        plot.plt.yticks([0, 2, 4, 6, 8, 10])
        self._line(plot.plt, [(self._x(data, p.day), p.before) for p in data.distress], self._colour("warning"), "before")
        self._line(plot.plt, [(self._x(data, p.day), p.after) for p in data.distress], self._colour("success"), "after")
        return plot

    def _plot_expectancy(self, data: ProgressData) -> Any:
        if not data.expectancy:
            return self._no_data(
                "expectancy", "No exposures with a reflection in this range yet. After one, you will see what you "
                "predicted next to what actually happened: that gap is where the learning is."
            )
        plot = self._new_plot("expectancy", data)
        plot.plt.ylim(0, 10)
        plot.plt.yticks([0, 2, 4, 6, 8, 10])
        xs = [self._x(data, p.day) for p in data.expectancy]
        self._line(plot.plt, list(zip(xs, [p.predicted_pain for p in data.expectancy])), self._colour("warning"), "predicted")
        self._line(plot.plt, list(zip(xs, [p.actual_pain for p in data.expectancy])), self._colour("primary"), "actual")
        note = self._gap_text(data)
        return Vertical(plot, Static(note, classes="caution", id="expectancy-note"), classes="mme-box") if note else plot

    @staticmethod
    def _gap_text(data: ProgressData) -> str:
        """The expectancy gap in words: what you predicted against what happened, never a verdict."""
        gap = data.summary.pain_prediction_gap if data.summary else None
        if gap is None:
            return ""
        if gap >= 0.5:
            return f"On average your pain peaked {gap:g} point{'s' if gap != 1 else ''} lower than you predicted."
        if gap <= -0.5:
            return (
                f"On average your pain peaked {-gap:g} point{'s' if gap != -1 else ''} higher than you predicted. "
                "Noticing that is part of the learning."
            )
        return "On average your pain peaked about where you predicted."

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
        plot.plt.ylim(0, ticks[-1])
        plot.plt.yticks(ticks, [f"{t:g}" for t in ticks])
        plot.plt.plot(xs, ys, color=self._colour("primary"), marker="braille", label="MME/day")
        children = [plot, Static(data.mme_caution, classes="caution", id="mme-caution")]
        if data.mme.not_counted:
            names = literal(", ".join(data.mme.not_counted), one_line=True)
            children.append(Static(Text.assemble("Not counted (no MME factor): ", names, "."), classes="caution"))
        return Vertical(*children, classes="mme-box")
