"""The coach day: a local date that starts at the user's day-start hour (default 04:00)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

DEFAULT_DAY_START_HOUR = 4


def local_now() -> datetime:
    """Now, in local time, with its UTC offset (the store keeps every timestamp timezone-aware)."""
    return datetime.now().astimezone()


def coach_day(now: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The day `now` belongs to: before the day-start hour it still counts as the previous day."""
    if not 0 <= day_start_hour <= 23:
        raise ValueError("day-start hour must be between 0 and 23")
    return (now - timedelta(hours=day_start_hour)).date()


def greeting(now: datetime) -> str:
    hour = now.hour
    if 4 <= hour < 12:
        return "Good morning"
    if 12 <= hour < 18:
        return "Good afternoon"
    return "Good evening"
