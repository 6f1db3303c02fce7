"""SVG snapshots of every step of the session wizard at 80x24, and Home with today's steps."""

from __future__ import annotations

import pytest

from coach.tui.app import make_app
from coach.paths import resolve_db
from coach.store.engine.db import open_store
from coach.store.sessions import add_ladder_item, record_checkin, record_goal, record_reflection, set_current_step
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()


def _store(filled: bool):
    store = open_store(resolve_db(":memory:"))
    with store.session() as db:
        add_ladder_item(db, "Walk to the post box", 30, FIXED_NOW)
        add_ladder_item(db, "Carry the shopping in", 55, FIXED_NOW)
        if filled:
            record_checkin(db, TODAY, FIXED_NOW, pain=6, tolerability=5, distress=4, sleep=7, mood=6,
                           dose_timing="on_schedule", withdrawal_signs=["yawning"])
            record_goal(db, TODAY, FIXED_NOW, text="Walk to the post box", planned_amount=10, amount_unit="minutes",
                        predicted_peak_pain=7, predicted_tolerability=4, feared_outcome="my back gives out",
                        feared_likelihood=60)
            record_reflection(db, TODAY, FIXED_NOW, outcome="partly", actual_peak_pain=5, actual_tolerability=6,
                              feared_happened=10, next_step="repeat", extra_dose=False)
            set_current_step(db, TODAY, FIXED_NOW, "summary")
    return store


def _app(filled: bool = False, start: str = "session"):
    store = _store(filled)
    return make_app(lambda: store, clock=lambda: FIXED_NOW, start=start)


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _open_at(step: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        pilot.app.screen._go(step)
        await _settle(pilot)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("step", ["checkin", "exercise", "goal", "reflection"])
def test_session_step_fresh(snap_compare, step):
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_open_at(step))


def test_session_summary_predicted_vs_actual(snap_compare):
    assert snap_compare(_app(filled=True), terminal_size=(80, 24), run_before=_open_at("summary"))


def test_session_summary_100x30(snap_compare):
    assert snap_compare(_app(filled=True), terminal_size=(100, 30), run_before=_open_at("summary"))


def test_home_with_todays_steps(snap_compare):
    assert snap_compare(_app(filled=True, start="home"), terminal_size=(80, 24), run_before=_settle)
