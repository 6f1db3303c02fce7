"""A plotext chart that draws its figure once per size and theme, not on every render, with shaded zones.

`textual_plotext.PlotextPlot.render` rebuilds the whole plotext figure (and re-parses its ANSI output)
each time Textual asks for it: after a layout change, a theme change, or any refresh. A chart's data
never changes once it is mounted here (the Progress screen mounts new charts for a new range), so the
rendered text is kept until the size or the theme differs. Call `invalidate()` after changing `plt`.

`zones` shade ranges of the y axis behind the data (plotext draws only lines): after plotext builds the
figure, each canvas row whose middle value falls in a zone gets the zone's background, under whatever
marker is drawn there. The y limits must be set with `ylim(low, high)` through `set_ylim` here.
"""

from __future__ import annotations

import textwrap
from functools import partial
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

# (low, high, background as an RGB triple): rows whose middle value v has low <= v < high (high inclusive
# at the top of the axis) are shaded.
Zone = tuple[float, float, tuple[int, int, int]]


class CachedPlot(PlotextPlot):
    """PlotextPlot whose rendered figure is reused while its size and the app theme stay the same."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cache_key: tuple[int, int, str, str] | None = None
        self._cached: RenderResult | None = None
        self.builds = 0  # how many times the figure was actually drawn (for tests)
        self.zones: list[Zone] = []
        self._ylim: tuple[float, float] | None = None
        self._pending: tuple[int, int, str, str] | None = None  # the key being drawn in a thread
        # Drawn in a thread worker, so opening a screen of charts keeps the event loop free; the chart is
        # blank (or shows its last figure) for the moment the drawing takes.
        self.draw_in_thread = True
        # A title above the figure and a sentence below it, drawn by this widget (one widget per chart
        # instead of three keeps a screen of charts quick to lay out); figure_rows is the figure's height.
        self.title = ""
        self.note = ""
        self.figure_rows = 12

    def set_caption(self, title: str, note: str = "", figure_rows: int | None = None) -> None:
        self.title, self.note = title, note
        if figure_rows is not None:
            self.figure_rows = figure_rows

    def _note_lines(self, width: int) -> list[str]:
        return textwrap.wrap(self.note, max(10, width - 2)) if self.note else []

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return (1 if self.title else 0) + self.figure_rows + len(self._note_lines(width))

    def set_ylim(self, low: float, high: float) -> None:
        """The y axis from `low` to `high` (the zones are placed on the same scale)."""
        self._ylim = (low, high)
        self.plt.ylim(low, high)

    def invalidate(self) -> None:
        """Forget the drawn figure (the plot's data or settings changed) and draw it again."""
        self._cache_key = None
        self._cached = None
        self.refresh()

    def render(self) -> RenderResult:
        key = (self.size.width, self.size.height, self.app.theme, self.theme)
        if self._cached is not None and key == self._cache_key:
            return self._cached
        if not self.draw_in_thread:
            self._drawn(key, self._draw(key))
            return self._cached  # type: ignore[return-value]
        if self._pending != key:
            self._pending = key
            self.run_worker(partial(self._draw_off_loop, key), thread=True, exclusive=True, group="plot-draw")
        return self._cached if self._cached is not None else Text("")  # the last figure until the new one is ready

    def _draw(self, key: tuple[int, int, str, str]) -> Text:
        """The figure at (width, height) in the app theme: what PlotextPlot.render does, for a given size."""
        width, _, app_theme, _ = key
        height = self.figure_rows
        self._plot.plotsize(width, height)
        self._plot._set_size(width, height)  # (see PlotextPlot.render: both are needed)
        self._plot.theme(self._get_plotext_theme_name(app_theme))
        figure = self._shaded(Text.from_ansi(self._plot.build()))
        if not self.title and not self.note:
            return figure
        out = Text()
        if self.title:
            out.append(self.title + "\n", style="bold")
        if figure.plain.endswith("\n"):
            figure.right_crop(1)  # plotext ends its figure with a newline
        out.append_text(figure)
        for line in self._note_lines(width):
            out.append("\n " + line, style="dim")
        return out

    def _draw_off_loop(self, key: tuple[int, int, str, str]) -> None:
        text = self._draw(key)
        self.app.call_from_thread(self._drawn, key, text)

    def _drawn(self, key: tuple[int, int, str, str], text: Text) -> None:
        if self._pending not in (None, key):
            return  # a newer size or theme is being drawn
        self._pending = None
        self._cached, self._cache_key = text, key
        self.builds += 1
        self.refresh()

    def row_values(self) -> list[float]:
        """The y value at the middle of each canvas row, top row first (after a render)."""
        if self._ylim is None:
            return []
        rows = self.plt.monitor.matrix.Rows_canvas
        low, high = self._ylim
        count = len(rows)
        if count < 2:
            return [low] * count
        return [high - i * (high - low) / (count - 1) for i in range(count)]

    def _shaded(self, rendered: RenderResult) -> RenderResult:
        if not self.zones or self._ylim is None or not isinstance(rendered, Text):
            return rendered
        matrix = self.plt.monitor.matrix
        cols = matrix.Cols_canvas
        if not cols:
            return rendered
        width = matrix.cols + 1  # each line of the figure, and its newline
        top = self._ylim[1]
        # plotext counts matrix rows from the bottom; the figure's text is printed top line first.
        lines = sorted(matrix.rows - 1 - row for row in matrix.Rows_canvas)
        for line, value in zip(lines, self.row_values()):
            for low, high, rgb in self.zones:
                if low <= value < high or (value == high == top):
                    start = line * width + cols.start
                    rendered.stylize(Style(bgcolor=f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"), start, start + len(cols))
                    break
        return rendered
