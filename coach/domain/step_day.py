"""The step day: a taper step that lowers a dose started today or in the two days before, and the calm
lines Home and the session show then, or when an extra or early dose is recorded, about the lower
tolerance that follows (HHS 2019; CDC 2022).

Plain Python with no imports beyond the standard library, so Home's first frame can use it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

# The day a step starts and the two days after it.
STEP_DAY_SPAN = 3
# How long after a step down an extra or early dose also gets the lower-tolerance line.
LOWER_TOLERANCE_SPAN = 14
# The learn card the line opens, and the key that opens it (Home and the check-in).
STAYING_SAFE_CARD = "staying-safe-as-the-dose-comes-down"
STAYING_SAFE_KEY = "d"


@dataclass(frozen=True)
class RegimenStart:
    """From `start`, a medication is taken at `daily_amount` (strength × doses a day, in its own unit)."""

    medication_id: int
    start: date
    daily_amount: float


def step_down_days_ago(starts: Iterable[RegimenStart], today: date, span: int = STEP_DAY_SPAN) -> int | None:
    """Days since the most recent step that lowered a medication's daily amount, when that step started
    today or in the `span` - 1 days before (0, 1 or 2 by default); None otherwise, and when there is no plan.

    A step is compared with the same medication's regimen before it, so no MME factor is needed (and a
    drug without one, like buprenorphine, counts too). A step that raises or keeps the amount is not a
    step down; a medication starting is not one either."""
    by_medication: dict[int, list[RegimenStart]] = defaultdict(list)
    for regimen in starts:
        by_medication[regimen.medication_id].append(regimen)
    latest: int | None = None
    for regimens in by_medication.values():
        regimens.sort(key=lambda r: r.start)
        for before, step in zip(regimens, regimens[1:]):
            days = (today - step.start).days
            if step.daily_amount < before.daily_amount and 0 <= days < span:
                latest = days if latest is None else min(latest, days)
    return latest


def step_day_line(days_ago: int, key: str = STAYING_SAFE_KEY, *, plain: bool = False) -> str:
    """One calm line about the lower tolerance after a step down; nothing about the dose itself. `plain`:
    for the plain prompts, which have no keys (the card is read with `coach learn`)."""
    when = {0: "starts today", 1: "started yesterday"}.get(days_ago, f"started {days_ago} days ago")
    more = f"To read about staying safe: coach learn {STAYING_SAFE_CARD}" if plain else f"Press {key}: staying safe"
    return (
        f"A new taper step {when}. Tolerance falls with each step: going back to an earlier dose, or taking "
        f"extra, can now cause an overdose, so talk to your prescriber first. {more}."
    )


# Said right where an extra or early dose is recorded: information, never a judgement, never about the dose.
DOSE_RECORDED_LINE = "Thank you for noting it. It is information for your prescriber, nothing more."


def within_lower_tolerance(step_down_days: int | None) -> bool:
    """Whether a step down (`step_down_days` ago, or None) is recent enough for the lower-tolerance line."""
    return step_down_days is not None and 0 <= step_down_days < LOWER_TOLERANCE_SPAN


def dose_recorded_line(step_down_days: int | None, key: str = STAYING_SAFE_KEY) -> str:
    """The calm line for an extra or early dose just recorded. Within LOWER_TOLERANCE_SPAN days of a step
    down (`step_down_days`: days since it, or None) it adds the lower-tolerance line and the card's key."""
    if not within_lower_tolerance(step_down_days):
        return DOSE_RECORDED_LINE
    return (
        f"{DOSE_RECORDED_LINE} Since your recent taper step your tolerance is lower, so extra doses can now "
        f"cause an overdose; talk to your prescriber. Press {key}: staying safe."
    )


def parse_day(value: object) -> date:
    """A date as SQLite (ISO text) or another database (a date) returns it."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# After a step: withdrawal signs on this many of the last RECENT_CHECKINS check-ins, or pain up by this
# much since a recent step, get one calm line and the card (HHS 2019: slow down if withdrawal appears).
AFTER_STEP_CARD = "after-a-step-what-to-expect"
RECENT_CHECKINS = 7
WITHDRAWAL_DAYS = 3
PAIN_RISE = 1.0


@dataclass(frozen=True)
class CheckinSigns:
    """What the after-a-step line reads from one day's check-in."""

    day: date
    pain: int | None
    withdrawal: bool


def after_step_line(checkins: Iterable[CheckinSigns], today: date, step_down_days: int | None) -> str | None:
    """One calm line when withdrawal signs were noted on 3 or more of the last 7 check-ins before today,
    or when pain has risen since a step down in the last 14 days (mean since the step at least a point
    above the week before it, with two check-ins since); None otherwise."""
    past = sorted((c for c in checkins if c.day < today), key=lambda c: c.day)
    withdrawal = sum(c.withdrawal for c in past[-RECENT_CHECKINS:]) >= WITHDRAWAL_DAYS
    rising = False
    if within_lower_tolerance(step_down_days):
        assert step_down_days is not None
        step = date.fromordinal(today.toordinal() - step_down_days)
        after = [c.pain for c in past if c.day >= step and c.pain is not None]
        before = [c.pain for c in past if 0 < (step - c.day).days <= 7 and c.pain is not None]
        rising = len(after) >= 2 and bool(before) and _mean(after) - _mean(before) >= PAIN_RISE
    if not (withdrawal or rising):
        return None
    what = {(True, False): "Withdrawal signs", (False, True): "More pain"}.get(
        (withdrawal, rising), "Withdrawal signs and more pain"
    )
    return (
        f"{what} can come for some days after a taper step. If it is hard to manage, tell your prescriber: "
        "they can slow or pause the plan. More in Learn: After a step: what to expect."
    )


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)
