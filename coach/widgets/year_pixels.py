"""A year in pixels: one cell per day for the last twelve months, coloured (and shaped) by tolerability band.

Each month is a row, each day a cell; a day without a check-in is a dim dot, so gaps in practice show at a
glance. The band is told by the glyph's height as well as its colour, so it reads without colour too.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from coach.domain.months import months_back
from coach.domain.scales import Band

GLYPHS = {Band.INTOLERABLE: "▂", Band.TOLERABLE: "▅", Band.LIVABLE: "█"}
NO_CHECKIN = "·"


def year_text(
    bands: Mapping[date, Band],
    end: date,
    colours: Mapping[Band, tuple[int, int, int]],
    muted: tuple[int, int, int],
    since: date | None = None,
) -> Text:
    """The grid as Rich text: a header of day numbers, one line per month, then the key. Days before
    `since` (the journal's first day) are left blank: they are not gaps in practice."""
    text = Text(no_wrap=True, overflow="crop")
    text.append("       " + "".join(f"{d:<2}" if d in (1, 10, 20, 30) else "  " for d in range(1, 32)) + "\n",
                style=Style(color=f"rgb{muted}"))
    styles = {band: Style(color=f"rgb{rgb}") for band, rgb in colours.items()}
    dim = Style(color=f"rgb{muted}")
    for year, month in months_back(end):
        text.append(f"{calendar.month_abbr[month]} {year % 100:02d}  ")
        for day_number in range(1, calendar.monthrange(year, month)[1] + 1):
            day = date(year, month, day_number)
            if day > end:
                break
            band = bands.get(day)
            if since is not None and day < since:
                text.append("  ")
            elif band is None:
                text.append(NO_CHECKIN + " ", style=dim)
            else:
                text.append(GLYPHS[band] + " ", style=styles[band])
        text.append("\n")
    for band in Band:
        text.append(GLYPHS[band], style=styles[band])
        text.append(f" {band}  ")
    text.append(NO_CHECKIN, style=dim)
    text.append(" no check-in")
    return text


class YearPixels(Static):
    """The year grid as one static block (drawn once: its days do not change while it is shown)."""

    DEFAULT_CSS = """
    YearPixels { height: auto; width: auto; }
    """
