"""A rating scale (0–10, 0–100, ...) that works by keyboard alone, with its ends explained in words."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

# Beyond this many positions the track is drawn as a bar rather than as numbered cells.
MAX_NUMBERED_POSITIONS = 11


class ScaleInput(Widget, can_focus=True):
    """Left/right (or -/+) move, Home/End jump, digits set the value, Enter moves on; a click picks."""

    DEFAULT_CSS = """
    ScaleInput {
        height: 3;
        width: 1fr;
        padding: 0 1;
        margin-bottom: 1;
    }
    ScaleInput:focus {
        background: $boost;
    }
    ScaleInput > .scale--label { text-style: bold; }
    ScaleInput:focus > .scale--label { color: $primary; }
    ScaleInput > .scale--value { color: $primary; text-style: bold; }
    ScaleInput > .scale--unset { color: $text-muted; text-style: italic; }
    ScaleInput > .scale--track { color: $text-muted; }
    ScaleInput > .scale--selected { background: $primary; color: $background; text-style: bold; }
    ScaleInput > .scale--ends { color: $text-muted; }
    ScaleInput > .scale--refused { color: $error; text-style: bold; }
    """
    COMPONENT_CLASSES = {
        "scale--label",
        "scale--value",
        "scale--unset",
        "scale--track",
        "scale--selected",
        "scale--ends",
        "scale--refused",
    }
    BINDINGS = [
        Binding("left,minus", "nudge(-1)", "Less", show=False),
        Binding("right,plus,equals_sign", "nudge(1)", "More", show=False),
        Binding("home", "jump_low", "Lowest", show=False),
        Binding("end", "jump_high", "Highest", show=False),
        Binding("enter", "done", "Next field", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    @dataclass
    class Changed(Message):
        """The user chose a value."""

        scale: ScaleInput
        value: int

        @property
        def control(self) -> ScaleInput:
            return self.scale

    def __init__(
        self,
        low: int = 0,
        high: int = 10,
        value: int | None = None,
        *,
        label: str = "",
        ends: tuple[str, str] | None = None,
        step: int = 1,
        unit: str = "",
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own parameter name
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        if high <= low or step <= 0:
            raise ValueError("a scale needs low < high and a positive step")
        self.low = low
        self.high = high
        self.step = step
        self.label = label
        self.ends = ends
        self.unit = unit
        self._last_digit: tuple[str, float] | None = None
        self._refused = False  # a letter was typed here: said on the label line until the next answer
        self._styles: dict[str, Style] = {}  # component styles, until the styles change (focus, theme)
        self.set_reactive(ScaleInput.value, self._clamp(value) if value is not None else None)

    # --- changing the value -----------------------------------------------------------------
    def _clamp(self, value: int) -> int:
        return max(self.low, min(self.high, value))

    def _choose(self, value: int) -> None:
        self._refused = False
        value = self._clamp(value)
        changed = value != self.value
        self.value = value
        if changed:
            self.post_message(self.Changed(self, value))

    def action_nudge(self, direction: int) -> None:
        if self.value is None:
            # First touch starts from the end the key moves away from (→ the lowest, ← the highest), as a
            # cursor entering the track would: never a value in the middle the person did not choose.
            self._choose(self.low if direction > 0 else self.high)
            return
        self._choose(self.value + direction * self.step)

    def action_done(self) -> None:
        """Enter moves on to the next field, as in any form."""
        self.screen.focus_next()

    def action_jump_low(self) -> None:
        self._choose(self.low)

    def action_jump_high(self) -> None:
        self._choose(self.high)

    def refusal(self) -> str:
        return f"Numbers only here: {self.low} to {self.high}{self.unit}, or ← →"

    def _refuse(self) -> None:
        """Text typed into a scale (someone typing ahead into the wrong field): a bell and a short line,
        so the words are not lost without a sign."""
        self.app.bell()
        self._refused = True
        self.refresh()

    def on_blur(self) -> None:
        if self._refused:
            self._refused = False
            self.refresh()

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char is None or not char.isprintable():
            return
        if not char.isdigit():
            # Keys bound somewhere (- + for this scale, ? for Help, space) keep their jobs.
            if event.key not in self.screen.active_bindings and event.key != "space":
                event.stop()
                event.prevent_default()
                self._refuse()
            return
        event.stop()
        event.prevent_default()
        digit = int(event.character)
        now = time.monotonic()
        span = self.high - self.low
        if span <= 10:
            # "1" then "0" in quick succession means 10 on a 0–10 scale.
            if digit == 0 and self._last_digit and self._last_digit[0] == "1" and now - self._last_digit[1] < 1.0:
                self._choose(10)
            else:
                self._choose(digit)
        else:
            # Wider scales: a digit picks that tenth (7 → 70 on 0–100), "1","0" quickly → 100.
            if digit == 0 and self._last_digit and self._last_digit[0] == "1" and now - self._last_digit[1] < 1.0:
                self._choose(self.high)
            else:
                self._choose(self.low + round(span * digit / 10))
        self._last_digit = (event.character, now)

    def on_click(self, event: events.Click) -> None:
        width = self.content_region.width
        offset = event.x - self.styles.padding.left
        if width <= 0 or not 0 <= offset < width:
            return
        positions = self._positions()
        index = min(len(positions) - 1, offset * len(positions) // width)
        self.focus()
        self._choose(positions[index])

    # --- drawing ----------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}

    def _style(self, name: str) -> Style:
        """A component's style, looked up once per style change (each lookup walks the CSS: measured
        about 0.4 ms, six a render, on every key that moves a scale)."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def _positions(self) -> list[int]:
        return list(range(self.low, self.high + 1, self.step))

    def render(self) -> Text:
        width = max(self.content_region.width, 20)
        head = Text()
        head.append(self.label, style=self._style("scale--label"))
        if self._refused:
            head.append(f"  {self.refusal()}", style=self._style("scale--refused"))
        elif self.value is None:
            head.append("  not answered yet", style=self._style("scale--unset"))
        else:
            head.append(f"  {self.value}{self.unit}", style=self._style("scale--value"))
            head.append(f" / {self.high}{self.unit}", style=self._style("scale--track"))
        return Text("\n").join([head, self._track(width), self._ends_line(width)])

    def _track(self, width: int) -> Text:
        positions = self._positions()
        track_style = self._style("scale--track")
        selected_style = self._style("scale--selected")
        line = Text()
        if len(positions) <= MAX_NUMBERED_POSITIONS:
            cell = max(3, width // len(positions))
            for position in positions:
                label = str(position).center(cell)
                line.append(label, style=selected_style if position == self.value else track_style)
            return line
        if self.value is None:
            return Text("─" * width, style=track_style)
        filled = round((self.value - self.low) / (self.high - self.low) * (width - 1))
        line.append("━" * filled, style=selected_style)
        line.append("●", style=selected_style)
        line.append("─" * (width - filled - 1), style=track_style)
        return line

    def _ends_line(self, width: int) -> Text:
        if not self.ends:
            return Text("")
        left, right = self.ends
        gap = max(1, width - len(left) - len(right))
        return Text(left + " " * gap + right, style=self._style("scale--ends"))
