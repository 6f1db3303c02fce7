"""What Home says back: the trend's numbers (read by store.queries.home) and the plain sentences for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.domain.days import coach_day
from coach.domain.scales import tolerability_band

# A change in the weekly average smaller than this reads as "about the same".
SAME_WITHIN = 0.5


@dataclass(frozen=True)
class TaperPosition:
    """Where today falls in the agreed plan: `step` of `steps` started (0 = none yet)."""

    step: int
    steps: int
    since: date | None  # the start of the step in force
    next_on: date | None  # the next step's start


@dataclass(frozen=True)
class Expectation:
    """The most recent exposure with both a prediction and an outcome."""

    day: date
    goal: str  # as typed: shown through coach.widgets.shown
    predicted_pain: int | None
    actual_pain: int | None
    predicted_tolerability: int | None
    actual_tolerability: int | None


@dataclass(frozen=True)
class HomeTrend:
    today: date
    tolerability: list[int | None]  # the last 14 coach days, oldest first, None where there is no check-in
    week: tuple[float, int] | None  # (average, days) over the last 7 days
    before: tuple[float, int] | None  # (average, days) over the 28 days before those
    practised: int  # finished sessions in the last 7 days
    taper: TaperPosition | None
    expectation: Expectation | None


def day_heading(now: datetime, day_start_hour: int) -> str:
    """Home's date line: the calendar date, or before the day-start hour the coach day it still is
    ('Monday 7 December: your day runs until 04:00'), as History and the journal count it."""
    today = coach_day(now, day_start_hour)
    if today == now.date():
        return f"{now:%A} {now.day} {now:%B %Y}"
    return f"{today:%A} {today.day} {today:%B}: your day runs until {day_start_hour:02d}:00"


def short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


def day_words(day: date, today: date) -> str:
    """'today', 'yesterday', 'on Monday' within the week, else 'on 3 Dec'."""
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    if today - day < timedelta(days=7):
        return f"on {day:%A}"
    return f"on {short_day(day)}"


def week_words(trend: HomeTrend) -> str:
    """This week's average against the four weeks before, in words, its band named."""
    if trend.week is None:
        return "No check-ins in the last 7 days yet."
    average, _days = trend.week
    text = f"This week {average:.1f} on average: {tolerability_band(average)}."
    if trend.before is None:
        return text
    before = trend.before[0]
    if abs(average - before) < SAME_WITHIN:
        return text + f"\nClose to the four weeks before ({before:.1f})."
    direction = "Up" if average > before else "Down"
    return text + f"\n{direction} from {before:.1f} the four weeks before."


def practised_words(practised: int) -> str:
    """Out of 7, not a streak: a missed day lowers the count for a week instead of wiping out a run."""
    return f"Practised on {practised} of the last 7 days."


def taper_words(taper: TaperPosition | None) -> str | None:
    """The agreed step in force and the next with its date (None without a plan of steps)."""
    if taper is None:
        return None
    if taper.step == 0 or taper.since is None:
        first = f" on {short_day(taper.next_on)}" if taper.next_on else ""
        return f"Taper plan: your first step starts{first}."
    text = f"Taper plan: step {taper.step} of {taper.steps} since {short_day(taper.since)}"
    if taper.next_on is None:
        return text + ", the last step in your plan."
    return text + f"; step {taper.step + 1} starts on {short_day(taper.next_on)}."


def expectation_pairs(expectation: Expectation) -> str:
    """'you expected pain 7, it was 5; tolerability 3, it was 6'."""
    pairs = []
    if expectation.predicted_pain is not None and expectation.actual_pain is not None:
        pairs.append(f"pain {expectation.predicted_pain}, it was {expectation.actual_pain}")
    if expectation.predicted_tolerability is not None and expectation.actual_tolerability is not None:
        pairs.append(f"tolerability {expectation.predicted_tolerability}, it was {expectation.actual_tolerability}")
    return "you expected " + "; ".join(pairs)
