"""A plotext chart that draws its figure once per size and theme, not on every render.

`textual_plotext.PlotextPlot.render` rebuilds the whole plotext figure (and re-parses its ANSI output)
each time Textual asks for it: after a layout change, a theme change, or any refresh. A chart's data
never changes once it is mounted here (the Progress screen mounts new charts for a new range), so the
rendered text is kept until the size or the theme differs. Call `invalidate()` after changing `plt`.
"""

from __future__ import annotations

from typing import Any

from textual.app import RenderResult
from textual_plotext import PlotextPlot


class CachedPlot(PlotextPlot):
    """PlotextPlot whose rendered figure is reused while its size and the app theme stay the same."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cache_key: tuple[int, int, str, str] | None = None
        self._cached: RenderResult | None = None
        self.builds = 0  # how many times the figure was actually drawn (for tests)

    def invalidate(self) -> None:
        """Forget the drawn figure (the plot's data or settings changed) and draw it again."""
        self._cache_key = None
        self._cached = None
        self.refresh()

    def render(self) -> RenderResult:
        key = (self.size.width, self.size.height, self.app.theme, self.theme)
        if self._cached is None or key != self._cache_key:
            self._cached = super().render()
            self._cache_key = key
            self.builds += 1
        return self._cached
