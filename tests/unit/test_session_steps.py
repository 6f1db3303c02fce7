"""domain.session_steps: a step is done when its required answers are given, and only then."""

from __future__ import annotations

from coach.domain.session import TodayState
from coach.domain.session_steps import (
    CHECKIN_REQUIRED,
    checkin_done,
    done_steps,
    goal_chosen,
    goal_done,
    reflection_done,
)

FIVE = dict.fromkeys(CHECKIN_REQUIRED, 5)


def test_the_check_in_needs_all_five_ratings_and_nothing_else():
    assert not checkin_done({})
    assert not checkin_done({"pain": 5, "note": "a long note", "withdrawal_signs": ["aches"]})
    for missing in CHECKIN_REQUIRED:
        assert not checkin_done({**FIVE, missing: None})
    assert checkin_done(FIVE)
    assert checkin_done({**FIVE, "pain": 0})  # 0 is an answer
    assert checkin_done({**FIVE, "note": "", "dose_timing": None})  # the rest is optional


def test_the_goal_needs_an_activity_and_the_prediction():
    assert not goal_chosen({"text": "   "}) and not goal_done({"text": "   "})
    assert goal_chosen({"text": "stairs"}) and not goal_done({"text": "stairs"})
    assert goal_chosen({"ladder_item_id": 3, "text": ""})
    assert not goal_done({"text": "stairs", "predicted_peak_pain": 6})
    assert goal_done({"text": "stairs", "predicted_peak_pain": 6, "predicted_tolerability": 0})
    assert goal_done({"ladder_item_id": 3, "predicted_peak_pain": 6, "predicted_tolerability": 5})
    assert not goal_done({"predicted_peak_pain": 6, "predicted_tolerability": 5})  # predicting what?


def test_the_reflection_needs_the_outcome_and_how_it_was_when_tried():
    assert not reflection_done({})
    assert not reflection_done({"outcome": "fully"})
    assert not reflection_done({"outcome": "partly", "actual_peak_pain": 4})
    assert reflection_done({"outcome": "partly", "actual_peak_pain": 4, "actual_tolerability": 6})
    assert reflection_done({"outcome": "not_today"})  # nothing tried, nothing to compare


def test_done_steps_and_todays_state_agree():
    goal = {"text": "stairs", "predicted_peak_pain": 6, "predicted_tolerability": 5}
    assert done_steps({}, 0, {}, {}) == frozenset()
    assert done_steps(FIVE, 1, goal, {"outcome": "not_today"}) == {"checkin", "exercise", "goal", "reflection"}
    state = TodayState.of(finished=False, current_step="goal", checkin={"pain": 3}, runs=0,
                          goal={"text": "stairs"}, reflection={})
    assert state.started and not state.checkin_done and state.goal_set and not state.goal_done
    assert state.reflection_pending  # an activity is named: how it went can follow
