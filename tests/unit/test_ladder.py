"""Ladder rules and queries: input checks, ordering, trend, attempts aggregated in SQL, suggestions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.domain.ladder import (
    Attempt,
    LadderInputError,
    Rung,
    band_text,
    expectancy_text,
    feared_text,
    ladder_order,
    overall_text,
    parse_item,
    suggest_next,
    trend,
)
from coach.store.ladder import (
    add_item,
    expectancy_overall,
    item_names,
    ladder_summaries,
    set_archived,
    suggestion_for_item,
    update_item,
)
from coach.store.models import DailySession, ExposureGoal, Outcome, Reflection, SessionStatus
from tests.conftest import FIXED_NOW


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

DAY0 = date(2026, 11, 1)


def record_attempt(db, item_id, offset, outcome="fully", predicted=None, actual=None, likelihood=None, happened=None):
    """One day's goal for the item and its reflection, as the session wizard writes them."""
    session = DailySession(day=DAY0 + timedelta(days=offset), started_at=FIXED_NOW, status=SessionStatus.DONE)
    db.add(session)
    db.flush()
    goal = ExposureGoal(
        session_id=session.id, ladder_item_id=item_id, predicted_tolerability=predicted, feared_likelihood=likelihood
    )
    db.add(goal)
    db.flush()
    db.add(
        Reflection(
            session_id=session.id,
            goal_id=goal.id,
            outcome=Outcome(outcome) if outcome else None,
            actual_tolerability=actual,
            feared_happened=happened,
        )
    )
    db.flush()


# --- domain -------------------------------------------------------------------------------------------


def test_parse_item_cleans_and_checks():
    assert parse_item("  Walk   to the shop ", " 40 ") == ("Walk to the shop", 40)
    assert parse_item("x", "0") == ("x", 0)
    assert parse_item("x", "100") == ("x", 100)


@pytest.mark.parametrize(
    ("name", "difficulty", "field", "words"),
    [
        ("", "40", "name", "name"),
        ("   ", "40", "name", "name"),
        ("x" * 201, "40", "name", "200"),
        ("Walk", "", "difficulty", "0 to 100"),
        ("Walk", "101", "difficulty", "0 to 100"),
        ("Walk", "-5", "difficulty", "0 to 100"),
        ("Walk", "forty", "difficulty", "whole number"),
        ("Walk", "4.5", "difficulty", "whole number"),
    ],
)
def test_parse_item_rejects_bad_input(name, difficulty, field, words):
    with pytest.raises(LadderInputError) as caught:
        parse_item(name, difficulty)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_ladder_order_is_by_difficulty_then_name():
    rungs = [Rung(1, "b", 50), Rung(2, "a", 50), Rung(3, "z", 10), Rung(4, "A", 50)]
    assert [r.id for r in ladder_order(rungs)] == [3, 2, 4, 1]


def test_trend_and_band_text():
    assert trend([0, 5, 10]) == "▁▅█"
    assert trend([1, 2, 3, 4, 5, 6, 7]) == trend([3, 4, 5, 6, 7])
    assert trend([]) == ""
    assert band_text(2) == "2/10 intolerable"
    assert band_text(5) == "5/10 tolerable"
    assert band_text(7) == "7/10 livable"
    assert band_text(None) == "not rated yet"
    assert expectancy_text(3, 6.5) == "tolerability: expected 3, got 6.5"
    assert expectancy_text(None, 6) is None
    assert feared_text(60, 12.5) == "feared outcome felt 60% likely, happened 12%"


LADDER = [Rung(1, "Walk to the corner", 20), Rung(2, "Walk round the block", 40), Rung(3, "Walk in the park", 60)]


def att(actual, outcome="fully", predicted=None, likelihood=None, happened=None, day=1):
    return Attempt(DAY0 + timedelta(days=day), outcome, predicted, actual, likelihood, happened)


def test_no_suggestion_without_rated_attempts():
    assert suggest_next([], LADDER[1], LADDER) is None
    assert suggest_next([att(None), att(8, outcome="not_today")], LADDER[1], LADDER) is None


def test_two_livable_full_attempts_offer_the_next_item_up():
    s = suggest_next([att(7), att(8)], LADDER[1], LADDER)
    assert s is not None and s.kind == "step_up" and s.item_id == 3
    assert "Walk in the park" in s.text
    # An offer, never an instruction.
    assert "If you feel ready" in s.text and "fine too" in s.text
    for pushy in ("should", "must", "need to"):
        assert pushy not in s.text


def test_one_livable_attempt_is_not_enough():
    assert suggest_next([att(8)], LADDER[1], LADDER) is None
    assert suggest_next([att(5), att(8)], LADDER[1], LADDER) is None


def test_livable_but_only_partly_done_does_not_offer_a_step_up():
    assert suggest_next([att(8), att(9, outcome="partly")], LADDER[1], LADDER) is None


def test_step_up_skips_archived_items_and_notices_the_top():
    ladder = [LADDER[0], LADDER[1], Rung(3, "Walk in the park", 60, archived=True)]
    s = suggest_next([att(7), att(9)], LADDER[1], ladder)
    assert s is not None and s.kind == "top_of_ladder" and s.item_id is None
    assert "harder" in s.text


def test_step_up_names_the_surprise():
    s = suggest_next([att(7, likelihood=70, happened=10), att(8, likelihood=60, happened=0)], LADDER[1], LADDER)
    assert "happened less than you expected" in s.text
    s = suggest_next([att(7, predicted=3), att(8, predicted=4)], LADDER[1], LADDER)
    assert "better than you predicted" in s.text


def test_intolerable_attempt_offers_repeat_or_a_smaller_step():
    s = suggest_next([att(8), att(8), att(2)], LADDER[1], LADDER)
    assert s is not None and s.kind == "repeat_or_smaller"
    assert s.item_id == 1 and "Walk to the corner" in s.text
    assert "repeat" in s.text and "progress" in s.text


def test_intolerable_on_the_lowest_item_offers_making_it_smaller():
    s = suggest_next([att(3)], LADDER[0], LADDER)
    assert s.kind == "repeat_or_smaller" and s.item_id is None
    assert "less time" in s.text


# --- store --------------------------------------------------------------------------------------------


def test_summaries_are_ordered_and_aggregate_attempts(store):
    with store.session() as db:
        hard = add_item(db, "Carry shopping", 70, FIXED_NOW).id
        easy = add_item(db, "Walk to the corner", 20, FIXED_NOW).id
        mid = add_item(db, "Vacuum one room", 45, FIXED_NOW).id
        record_attempt(db, easy, 0, predicted=3, actual=5, likelihood=80, happened=20)
        record_attempt(db, easy, 1, predicted=4, actual=7, likelihood=60, happened=0)
        record_attempt(db, easy, 2, outcome="not_today", actual=None)  # not an attempt
        record_attempt(db, easy, 3, outcome="partly", predicted=None, actual=8)
        record_attempt(db, mid, 4, actual=2)
    with store.session() as db:
        items = ladder_summaries(db)
    assert [i.id for i in items] == [easy, mid, hard]
    e = items[0]
    assert e.attempts == 3
    assert e.last_tolerability == 8
    assert e.recent_tolerability == [5, 7, 8]
    assert e.mean_predicted_tolerability == pytest.approx(3.5)
    assert e.mean_actual_tolerability == pytest.approx(6.0)  # only attempts with a prediction are paired
    assert e.mean_feared_likelihood == pytest.approx(70)
    assert e.mean_feared_happened == pytest.approx(10)
    assert items[1].attempts == 1 and items[1].last_tolerability == 2
    assert items[2].attempts == 0 and items[2].last_tolerability is None and items[2].recent == ()


def test_recent_attempts_keep_the_latest_five_in_order(store):
    with store.session() as db:
        item = add_item(db, "Walk", 30, FIXED_NOW).id
        for offset, actual in enumerate([1, 2, 3, 4, 5, 6, 7]):
            record_attempt(db, item, offset, actual=actual)
    with store.session() as db:
        (summary,) = ladder_summaries(db)
    assert summary.attempts == 7
    assert summary.recent_tolerability == [3, 4, 5, 6, 7]
    assert summary.recent[-1].outcome == "fully"


def test_change_difficulty_reorders_and_archive_hides(store):
    with store.session() as db:
        a = add_item(db, "A", 10, FIXED_NOW).id
        b = add_item(db, "B", 50, FIXED_NOW).id
    with store.session() as db:
        update_item(db, a, difficulty=60)
    with store.session() as db:
        assert [i.id for i in ladder_summaries(db)] == [b, a]
        set_archived(db, b, True)
    with store.session() as db:
        assert [i.id for i in ladder_summaries(db)] == [a]
        assert [(i.id, i.archived) for i in ladder_summaries(db, include_archived=True)] == [(b, True), (a, False)]
        assert item_names(db) == {"a", "b"}
        update_item(db, a, difficulty=150)
    with store.session() as db:
        assert ladder_summaries(db)[0].difficulty == 100


def test_suggestion_for_item_reads_attempts_from_the_store(store):
    with store.session() as db:
        low = add_item(db, "Walk to the corner", 20, FIXED_NOW).id
        high = add_item(db, "Walk round the block", 40, FIXED_NOW).id
        record_attempt(db, low, 0, actual=7)
        record_attempt(db, low, 1, actual=9)
    with store.session() as db:
        s = suggestion_for_item(db, low)
        assert s.kind == "step_up" and s.item_id == high
        assert suggestion_for_item(db, high) is None
        assert suggestion_for_item(db, 999) is None


def test_overall_expectancy_is_aggregated_across_items(store):
    with store.session() as db:
        assert expectancy_overall(db).attempts == 0
        a = add_item(db, "A", 20, FIXED_NOW).id
        b = add_item(db, "B", 40, FIXED_NOW).id
        record_attempt(db, a, 0, predicted=3, actual=6, likelihood=80, happened=20)
        record_attempt(db, b, 1, predicted=4, actual=5, likelihood=60, happened=40)
        record_attempt(db, b, 2, outcome="not_today")
        record_attempt(db, b, 3, actual=9)  # no prediction: counted, not paired
    with store.session() as db:
        e = expectancy_overall(db)
    assert e.attempts == 3
    assert (e.mean_predicted_tolerability, e.mean_actual_tolerability) == (3.5, 5.5)
    assert (e.mean_feared_likelihood, e.mean_feared_happened) == (70, 30)
    text = overall_text(e.attempts, e.mean_predicted_tolerability, e.mean_actual_tolerability,
                        e.mean_feared_likelihood, e.mean_feared_happened)
    assert text == (
        "Across 3 tries so far, what you feared felt 70% likely on average and happened 30%. "
        "Tolerability: you expected 3.5, it was 5.5."
    )
    assert overall_text(0, None, None, None, None) is None
    assert overall_text(1, None, 7, None, None) == "Across 1 try so far."


def test_rating_changes_first_latest_and_the_twenty_point_mark():
    from datetime import date

    from coach.domain.ladder_ratings import changes, rerate_due, trail

    found = changes([
        ("Walk to the shop", [(date(2026, 11, 15), 45), (date(2026, 10, 1), 70)]),
        ("Carry the shopping", [(date(2026, 10, 1), 60), (date(2026, 11, 15), 41)]),
        ("Lift the can", [(date(2026, 10, 1), 80)]),
        ("Never rated", []),
    ])
    assert [(c.first, c.latest, c.change, c.notable) for c in found] == [
        (70, 45, -25, True), (60, 41, -19, False), (80, 80, 0, False)
    ]
    assert found[0].sentence() == "Walk to the shop: 70 on 1 Oct 2026, 45 on 15 Nov 2026 (25 points easier)"
    assert found[2].summary() == "80 on 1 Oct 2026 (rated once so far)"
    assert trail([(date(2026, 11, 15), 45), (date(2026, 10, 1), 70)]) == "70 → 45"
    assert not rerate_due(date(2026, 11, 15), 0, None, date(2026, 1, 1))  # off
    assert not rerate_due(date(2026, 11, 15), 14, None, None)  # nothing on the ladder
    assert rerate_due(date(2026, 11, 15), 14, date(2026, 11, 1), date(2026, 1, 1))
    assert not rerate_due(date(2026, 11, 14), 14, date(2026, 11, 1), date(2026, 1, 1))
