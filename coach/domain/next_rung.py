"""Tomorrow's step from today's choice: the reflection's "next time" (repeat / step up / step down) picks the
next goal's ladder rung (the same item, the next harder, the next easier), with the reason in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach.domain.home_trend import day_words

CHOSE = {"repeat": "repeat", "step_up": "step up", "step_down": "step down"}


@dataclass(frozen=True)
class LastChoice:
    """The most recent reflection's "next time", with the goal it was about."""

    day: date
    next_step: str  # repeat, step_up, step_down
    goal: str  # as typed (shown through coach.widgets.shown)
    ladder_item_id: int | None


@dataclass(frozen=True)
class RungChoice:
    """The rung preselected (None: none, and `after` says why) and the words that follow the reason."""

    item_id: int | None
    after: str


def choose_rung(choice: LastChoice, ladder: Sequence[tuple[int, str, int]]) -> RungChoice:
    """`ladder`: the active items as (id, name, difficulty), in any order."""
    if not ladder:
        return RungChoice(None, "Your ladder has no steps yet, so there is nothing to pick from: "
                                "write today's activity below, and add it to your ladder if you like.")
    rungs = sorted(ladder, key=lambda rung: (rung[2], rung[1].casefold(), rung[0]))
    ids = [rung[0] for rung in rungs]
    if choice.ladder_item_id not in ids:
        return RungChoice(None, "That activity is not on your ladder, so there is no next step to pick: "
                                "choose one from your ladder, or write today's below.")
    place = ids.index(choice.ladder_item_id)
    if choice.next_step == "repeat":
        return RungChoice(ids[place], "The same step is chosen again below.")
    if choice.next_step == "step_up":
        if place == len(ids) - 1:
            return RungChoice(None, "That was already the top of your ladder: choose a step, or write "
                                    "something harder below.")
        return RungChoice(ids[place + 1], "The next harder step on your ladder is chosen below.")
    if place == 0:
        return RungChoice(None, "That was already the easiest step on your ladder: choose it again, or "
                                "write something smaller below.")
    return RungChoice(ids[place - 1], "The next easier step on your ladder is chosen below.")


def reason_parts(choice: LastChoice, today: date) -> tuple[str, str]:
    """The reason's plain parts around the goal as typed: ('You chose to step up after “', '” on Monday.');
    without a goal, the whole sentence and ''."""
    chose = f"You chose to {CHOSE.get(choice.next_step, 'repeat')}"
    when = day_words(choice.day, today)
    if not choice.goal.strip():
        return f"{chose} {when}.", ""
    return f"{chose} after “", f"” {when}."
