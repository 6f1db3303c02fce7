"""Calendar months counted back from a day, for views that show a year month by month."""

from __future__ import annotations

from datetime import date


def months_back(end: date, count: int = 12) -> list[tuple[int, int]]:
    """(year, month 1–12) for the `count` months ending with `end`'s month, oldest first."""
    index = end.year * 12 + end.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def first_day(end: date, count: int = 12) -> date:
    """The first day of the oldest of those months."""
    year, month = months_back(end, count)[0]
    return date(year, month, 1)
