"""How long practice lasted or will last, said one way everywhere (History, stats, lists, the player)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.content.models import Exercise


def format_duration(seconds: float) -> str:
    """A length of practice: seconds under a minute ("22 s"), minutes and seconds under an hour
    ("2 min 56 s", "5 min"), then hours and minutes ("5 h 12 min"). Never "0 min" for time practised."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min" + (f" {rest} s" if rest else "")
    hours, minutes = divmod(round(whole / 60), 60)
    return f"{hours} h" + (f" {minutes} min" if minutes else "")


def rounded_minutes(seconds: float) -> int:
    """Whole minutes for a planned length, at least 1."""
    return max(1, round(seconds / 60))


def planned_length(exercise: Exercise, minutes: float | None = None) -> str:
    """What an exercise of about `minutes` will take, as the lists and the introduction say it. A breathing
    exercise is whole breaths, so its length is rarely whole minutes: say the breaths, then about how long
    (the player counts the same breaths and shows the exact time)."""
    about = f"about {rounded_minutes(exercise.total_seconds_for(minutes))} min"
    if exercise.kind != "breathing":
        return about
    breaths = exercise.cycles_for(minutes)
    return f"{breaths} breath{'s' if breaths != 1 else ''}, {about}"
