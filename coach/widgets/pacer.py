"""The breathing pacer: a round shape that fills as you breathe in and empties as you breathe out."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Digits, Static

from coach.domain.exercise_session import PHASE_WORDS

# The smallest the shape gets, as a share of the largest: never a dot that is hard to see.
_MIN_SHARE = 0.22
# The shape is redrawn only when its radius crosses a step: half a pixel on small screens (smooth
# enough to see), whole pixels on large ones (the same look, half the redraws).
_FINE_STEPS_BELOW_RADIUS = 12


def draw_disc(width: int, height: int, radius: float) -> list[str]:
    """A filled disc centred in width x height cells, drawn with half blocks (two pixels per cell, square).

    Only block characters, so it reads in any colour scheme, with NO_COLOR and in a plain capture.
    """
    if width <= 0 or height <= 0:
        return []
    cx, cy = width / 2, height  # centre in pixels: one pixel per column, two per row
    r2 = radius * radius
    lines: list[str] = []
    for row in range(height):
        chars: list[str] = []
        top_dy = (2 * row + 0.5 - cy) ** 2
        bottom_dy = (2 * row + 1.5 - cy) ** 2
        for column in range(width):
            dx = (column + 0.5 - cx) ** 2
            top = dx + top_dy <= r2
            bottom = dx + bottom_dy <= r2
            chars.append("█" if top and bottom else "▀" if top else "▄" if bottom else " ")
        lines.append("".join(chars).rstrip())
    return lines


class PacerShape(Widget):
    """The disc itself. `level` 0..1 sets its size; it repaints only when the drawn size changes."""

    DEFAULT_CSS = """
    PacerShape {
        width: 1fr;
        height: 1fr;
        color: $primary;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's own parameter name
        super().__init__(id=id)
        self._level = 0.0
        self._drawn_radius: float | None = None
        self._lines: dict[tuple[float, Style], list[Strip]] = {}

    def max_radius(self) -> float:
        width, height = self.size
        return max(1.0, min(width / 2, float(height)) - 0.5)

    def radius_for(self, level: float) -> float:
        largest = self.max_radius()
        radius = largest * (_MIN_SHARE + (1 - _MIN_SHARE) * max(0.0, min(1.0, level)))
        steps = 2 if largest < _FINE_STEPS_BELOW_RADIUS else 1
        return round(radius * steps) / steps

    def set_level(self, level: float) -> None:
        self._level = level
        if self.radius_for(level) != self._drawn_radius:
            self.refresh()

    def on_resize(self) -> None:
        self._drawn_radius = None
        self._lines = {}
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if y == 0:
            # A frame is drawn top to bottom: settle the radius once, at its first line.
            self._drawn_radius = self.radius_for(self._level)
        radius = self._drawn_radius if self._drawn_radius is not None else self.radius_for(self._level)
        style = self.rich_style
        width, height = self.size
        key = (radius, style)
        lines = self._lines.get(key)
        if lines is None:
            lines = [Strip([Segment(text.ljust(width), style)], width) for text in draw_disc(width, height, radius)]
            if len(self._lines) > 256:  # one entry per drawn size; only a resize or a theme adds more
                self._lines.clear()
            self._lines[key] = lines
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(width, style)


class BreathingPacer(Widget):
    """Shape, phase words ("Breathe in") and the count. A view only: the player tells it what to show.

    With reduced motion the shape is hidden and only the words and the count change, once a second.
    """

    DEFAULT_CSS = """
    BreathingPacer {
        width: 1fr;
        height: 1fr;
        align: center middle;
    }
    BreathingPacer > Vertical { width: 1fr; height: 1fr; align: center middle; }
    BreathingPacer .pacer--phase {
        width: 1fr;
        height: 1;
        content-align: center middle;
        text-style: bold;
        color: $text;
    }
    BreathingPacer .pacer--count {
        width: 1fr;
        text-align: center;
        color: $primary;
        text-style: bold;
    }
    BreathingPacer .pacer--cycle {
        width: 1fr;
        height: 1;
        content-align: center middle;
        color: $text-muted;
    }
    BreathingPacer.-reduced-motion PacerShape { display: none; }
    """

    def __init__(self, *, reduced_motion: bool = False, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.reduced_motion = reduced_motion
        self.set_class(reduced_motion, "-reduced-motion")
        self._shown: tuple[str, int, str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield PacerShape(id="pacer-shape")
            yield Static("", classes="pacer--phase", id="pacer-phase")
            yield Digits("", classes="pacer--count", id="pacer-count")
            yield Static("", classes="pacer--cycle", id="pacer-cycle")

    def show_breath(self, phase: str, level: float, count: int, cycle_text: str = "") -> None:
        """Called by the player every frame; widgets below are touched only when their text changes."""
        if not self.reduced_motion:
            self.query_one(PacerShape).set_level(level)
        shown = (phase, count, cycle_text)
        if shown == self._shown:
            return
        self._shown = shown
        self.query_one("#pacer-phase", Static).update(PHASE_WORDS.get(phase, phase))
        self.query_one("#pacer-count", Digits).update(str(count))
        self.query_one("#pacer-cycle", Static).update(cycle_text)
