"""When a step of the day is done: its required answers, defined once for the wizard's breadcrumb, Home's
✓ lines and `coach status` (the store and the start-up fast read both feed these functions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The answers a step needs before it counts as done. Everything else in a step is optional.
CHECKIN_REQUIRED = ("pain", "tolerability", "distress", "sleep", "mood")  # the five ratings of today
GOAL_ACTIVITY = ("text", "ladder_item_id")  # either names the activity
GOAL_PREDICTION = ("predicted_peak_pain", "predicted_tolerability")  # written down before it is tried
REFLECTION_REQUIRED = ("outcome",)
REFLECTION_ACTUALS = ("actual_peak_pain", "actual_tolerability")  # beside the prediction, once tried
NOT_TRIED = "not_today"  # an outcome with nothing to compare: the actuals are not asked for

# Every column these rules read, per part: what a query must fetch to decide.
COLUMNS: dict[str, tuple[str, ...]] = {
    "checkin": CHECKIN_REQUIRED,
    "goal": GOAL_ACTIVITY + GOAL_PREDICTION,
    "reflection": REFLECTION_REQUIRED + REFLECTION_ACTUALS,
}


def _given(value: Any) -> bool:
    return value not in (None, "", [])


def checkin_done(checkin: Mapping[str, Any]) -> bool:
    """The check-in is done once all five of today's ratings are given."""
    return all(_given(checkin.get(name)) for name in CHECKIN_REQUIRED)


def goal_chosen(goal: Mapping[str, Any]) -> bool:
    """An activity is named (typed, or picked from the ladder): there is something to reflect on."""
    return _given((goal.get("text") or "").strip()) or goal.get("ladder_item_id") is not None


def goal_done(goal: Mapping[str, Any]) -> bool:
    """The goal is done once the activity is named and the prediction written down."""
    return goal_chosen(goal) and all(_given(goal.get(name)) for name in GOAL_PREDICTION)


def exercise_done(runs: int) -> bool:
    """Any exercise started today counts: stopping early is still practice."""
    return runs > 0


def reflection_done(reflection: Mapping[str, Any]) -> bool:
    """The reflection is done once the outcome is given and, if the activity was tried, how it was."""
    outcome = reflection.get("outcome")
    if not _given(outcome):
        return False
    return outcome == NOT_TRIED or all(_given(reflection.get(name)) for name in REFLECTION_ACTUALS)


def done_steps(
    checkin: Mapping[str, Any], runs: int, goal: Mapping[str, Any], reflection: Mapping[str, Any]
) -> frozenset[str]:
    """The steps of the day whose required answers are all given (the summary is never "done")."""
    done = {
        "checkin": checkin_done(checkin),
        "exercise": exercise_done(runs),
        "goal": goal_done(goal),
        "reflection": reflection_done(reflection),
    }
    return frozenset(step for step, is_done in done.items() if is_done)
