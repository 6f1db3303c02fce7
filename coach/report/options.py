"""What a report or export covers: the period (--days, or --from/--to) and the sections a person leaves out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from coach.store.queries.stats import Period

MAX_DAYS = 36_500
DEFAULT_DAYS = 90

# Sections a person may leave out with --omit, and the heading each has in the report.
SECTIONS: dict[str, str] = {
    "summary": "Summary of the period",
    "doses": "Extra and early doses",
    "warning-signs": "Warning signs",
    "withdrawal": "Withdrawal signs by week",
    "tolerability": "Tolerability",
    "pain": "Pain",
    "peg": "PEG",
    "sleep-mood": "Sleep and mood",
    "taper": "Taper plan",
    "exposures": "Exposure practice",
    "ladder-ratings": "Ladder re-ratings",
    "notes": "Notes the person chose to share",
}


class ReportOptionError(ValueError):
    """An option the report cannot use; the message is one line for the person."""


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ReportOptionError(f"{option} takes a date as YYYY-MM-DD, like 2026-09-01 (got {text!r})") from None


def resolve_period(today: date, days: int | None, start: str | None, end: str | None) -> Period:
    """--days counts back from --to (or today); --from and --to give the period exactly. --days and --from
    together are ambiguous, so they are refused."""
    if days is not None and start is not None:
        raise ReportOptionError("use --days or --from, not both")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ReportOptionError(f"--days must be between 1 and {MAX_DAYS}, got {days}")
    last = parse_day(end, "--to") if end is not None else today
    if last > today:
        raise ReportOptionError(f"--to cannot be after today ({today.isoformat()})")
    if start is not None:
        first = parse_day(start, "--from")
        if first > last:
            raise ReportOptionError(f"--from ({first.isoformat()}) comes after --to ({last.isoformat()})")
    else:
        first = last - timedelta(days=(days or DEFAULT_DAYS) - 1)
    if (last - first).days + 1 > MAX_DAYS:
        raise ReportOptionError(f"the period can be at most {MAX_DAYS} days")
    return Period(first, last)


def parse_omit(values: Iterable[str]) -> frozenset[str]:
    """Section names (repeatable, or comma-separated) → the set to leave out."""
    names: set[str] = set()
    for value in values:
        for part in value.split(","):
            name = part.strip().lower().replace("_", "-").replace(" ", "-")
            if not name:
                continue
            if name not in SECTIONS:
                raise ReportOptionError(
                    f"--omit: no section called {part.strip()!r}; choose from {', '.join(SECTIONS)}"
                )
            names.add(name)
    return frozenset(names)
