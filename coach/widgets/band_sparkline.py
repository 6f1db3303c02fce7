"""A small 0-10 tolerability sparkline drawn against its three bands: one row per band, named at the left."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

# (row, lowest value, highest value, label), top row first: the rows are the bands, so where a bar ends
# says its band without colour.
BAND_ROWS = (
    ("livable", 7, 10, "livable 7-10"),
    ("tolerable", 4, 6, "tolerable 4-6"),
    ("intolerable", 0, 3, "intolerable 0-3"),
)
_EIGHTHS = " ▁▂▃▄▅▆▇█"
LABEL_WIDTH = max(len(label) for *_, label in BAND_ROWS) + 1


def bar_cell(value: int | None, low: int, high: int) -> str:
    """The part of a value's bar that falls in the band row low..high: full below the value's row, a
    fraction in its row (each value in the row one more step up), nothing above."""
    if value is None or value < low:
        return " "
    if value >= high:
        return "█"
    fraction = (value - low + 1) / (high - low + 1)
    return _EIGHTHS[max(1, round(fraction * 8))]


class BandSparkline(Widget):
    """Daily values oldest first, one column each (None: no value that day, an empty column)."""

    DEFAULT_CSS = """
    BandSparkline { height: 3; width: auto; }
    BandSparkline > .band--livable { color: $success; }
    BandSparkline > .band--tolerable { color: $warning; }
    BandSparkline > .band--intolerable { color: $error; }
    BandSparkline > .band--label { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"band--livable", "band--tolerable", "band--intolerable", "band--label"}

    def __init__(self, values: Sequence[int | None] = (), *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.values = list(values)

    def show(self, values: Sequence[int | None]) -> None:
        self.values = list(values)
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:  # noqa: ANN001 - Textual's signature
        return LABEL_WIDTH + len(self.values)

    def get_content_height(self, container, viewport, width) -> int:  # noqa: ANN001
        return len(BAND_ROWS)

    def render(self) -> Text:
        label_style = self.get_component_rich_style("band--label")
        rows = []
        for band, low, high, label in BAND_ROWS:
            row = Text(label.ljust(LABEL_WIDTH), style=label_style)
            row.append("".join(bar_cell(value, low, high) for value in self.values),
                       style=self.get_component_rich_style(f"band--{band}"))
            rows.append(row)
        return Text("\n").join(rows)
