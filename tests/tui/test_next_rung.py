"""Tomorrow's goal starts from today's "next time": the rung preselected with its reason, one key to change
it, and the top, the bottom or no ladder said plainly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Input, Select, Static

from coach.domain.next_rung import LastChoice, choose_rung
from coach.store.sessions import add_ladder_item, record_goal, record_reflection
from tests.conftest import FIXED_NOW, settle

TODAY = FIXED_NOW.date()  # a Wednesday
LADDER = [(1, "walk to the shop", 30), (2, "carry the shopping", 50), (3, "stairs twice", 70)]


@pytest.mark.parametrize(
    ("item", "step", "picked", "words"),
    [
        (2, "step_up", 3, "next harder"),
        (2, "step_down", 1, "next easier"),
        (2, "repeat", 2, "same step"),
        (3, "step_up", None, "already the top of your ladder"),
        (1, "step_down", None, "already the easiest step"),
        (None, "step_up", None, "not on your ladder"),
    ],
)
def test_choose_rung(item, step, picked, words):
    rung = choose_rung(LastChoice(date(2026, 11, 23), step, "x", item), list(reversed(LADDER)))
    assert rung.item_id == picked and words in rung.after


def test_no_ladder_is_said_plainly():
    rung = choose_rung(LastChoice(date(2026, 11, 23), "step_up", "x", None), [])
    assert rung.item_id is None and rung.after.startswith("Your ladder has no steps yet")


def _ladder_and_yesterday(store, step: str, on: int) -> list[int]:
    with store.session() as db:
        ids = [add_ladder_item(db, name, difficulty, FIXED_NOW) for _, name, difficulty in LADDER]
        monday = TODAY - timedelta(days=2)
        record_goal(db, monday, FIXED_NOW, ladder_item_id=ids[on], text=LADDER[on][1])
        record_reflection(db, monday, FIXED_NOW, outcome="fully", next_step=step)
        db.commit()
    return ids


async def _goal_step(app, pilot):
    await settle(pilot)
    app.screen._go("goal")
    await settle(pilot)
    return app.screen


async def test_step_up_preselects_the_next_harder_rung_with_the_reason(make_test_app, store):
    ids = _ladder_and_yesterday(store, "step_up", 0)
    app = make_test_app(start="session")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _goal_step(app, pilot)
        assert screen.query_one("#goal-ladder", Select).value == ids[1]
        assert screen.query_one("#goal-text", Input).value == "carry the shopping"
        reason = str(screen.query_one("#next-rung-reason", Static).render())
        assert reason.startswith("You chose to step up after “walk to the shop” on Monday.")
        assert "The next harder step on your ladder is chosen below." in reason
        await pilot.press("ctrl+o")  # one key to change it: the list opens
        await pilot.pause()
        assert screen.query_one("#goal-ladder", Select).expanded
        await pilot.press("escape")
        await settle(pilot)
    from coach.store.sessions import load_session

    with store.session() as db:
        goal = load_session(db, TODAY).goal
    assert goal["ladder_item_id"] == ids[1] and goal["text"] == "carry the shopping"


async def test_the_top_rung_is_said_plainly_and_nothing_is_chosen(make_test_app, store):
    _ladder_and_yesterday(store, "step_up", 2)
    app = make_test_app(start="session")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _goal_step(app, pilot)
        assert screen.query_one("#goal-ladder", Select).value == Select.NULL
        assert "already the top of your ladder" in str(screen.query_one("#next-rung-reason", Static).render())


async def test_a_goal_already_begun_is_left_as_it_is(make_test_app, store):
    _ladder_and_yesterday(store, "step_up", 0)
    with store.session() as db:
        record_goal(db, TODAY, FIXED_NOW, text="my own idea")
        db.commit()
    app = make_test_app(start="session")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _goal_step(app, pilot)
        assert screen.query_one("#goal-text", Input).value == "my own idea"
        assert not screen.query_one("#next-rung-reason").display
