"""Recording an extra or early dose (the check-in's timing, the reflection's extra dose) gets one calm line
right there; within two weeks of a taper step down it adds the lower-tolerance line and the card's key.
Dates are fixed (tests.conftest.FIXED_NOW), never the wall clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import RadioButton, RadioSet, Static

from coach.domain.step_day import DOSE_RECORDED_LINE, dose_recorded_line, within_lower_tolerance
from coach.screens.learn import LearnScreen
from coach.screens.session import SessionScreen
from coach.store.taper import add_medication, add_step
from tests.conftest import FIXED_NOW, settle

TODAY = FIXED_NOW.date()
CALM_WORDS = ("information for your prescriber",)
NEVER = ("failure", "failed", "should not", "shouldn't", "must", "wrong", "skip", "instead")


def _step_down(store, days_ago: int) -> None:
    with store.session() as db:
        med = add_medication(db, "oxycodone", 30.0, 2.0, date(2026, 6, 1))
        add_step(db, med, TODAY - timedelta(days=days_ago), 25.0, 2.0)


def test_the_line_is_calm_and_adds_lower_tolerance_only_within_two_weeks():
    assert dose_recorded_line(None) == DOSE_RECORDED_LINE
    assert dose_recorded_line(14) == DOSE_RECORDED_LINE
    assert [within_lower_tolerance(d) for d in (None, -1, 0, 13, 14)] == [False, False, True, True, False]
    inside = dose_recorded_line(13, "k")
    assert inside.startswith(DOSE_RECORDED_LINE) and "tolerance is lower" in inside and "Press k" in inside
    for line in (DOSE_RECORDED_LINE, inside):
        assert all(word in line for word in CALM_WORDS)
        assert not any(word in line.lower() for word in NEVER)


async def _press_radio(pilot, set_id: str, value: str) -> None:
    radios = pilot.app.screen.query_one(f"#{set_id}", RadioSet)
    button = next(b for b in radios.query(RadioButton) if b.name == value)
    radios.focus()
    radios._selected = list(radios.query(RadioButton)).index(button)
    await pilot.press("enter")
    await settle(pilot)


def _line(app) -> Static:
    pane = app.screen.query_one(f"#{app.screen.step}")
    return pane.query_one("#dose-recorded", Static)


def _keys(app) -> list[str]:
    return [b.binding.key for b in app.screen.active_bindings.values()]


@pytest.mark.parametrize(("days_ago", "lower"), [(None, False), (5, True), (13, True), (14, False), (30, False)])
@pytest.mark.parametrize("timing", ["extra_dose", "taken_early"])
async def test_the_check_in_says_it_calmly_right_there(make_test_app, store, days_ago, lower, timing):
    if days_ago is not None:
        _step_down(store, days_ago)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.step == "checkin"
        assert not _line(app).display
        await _press_radio(pilot, "dose_timing", timing)
        line = _line(app)
        assert line.display and DOSE_RECORDED_LINE in str(line.render())
        assert ("tolerance is lower" in str(line.render())) is lower
        assert ("d" in _keys(app)) is lower
        if lower:
            await pilot.press("d")
            assert isinstance(app.screen, LearnScreen)
            await pilot.press("escape", "escape")
            assert isinstance(app.screen, SessionScreen)
        await _press_radio(pilot, "dose_timing", "on_schedule")
        assert not _line(app).display and "d" not in _keys(app)


@pytest.mark.parametrize(("days_ago", "lower"), [(None, False), (0, True), (20, False)])
async def test_the_reflection_says_it_calmly_and_again_when_reopened(make_test_app, store, days_ago, lower):
    if days_ago is not None:
        _step_down(store, days_ago)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen._go("reflection")
        await settle(pilot)
        assert not _line(app).display
        await _press_radio(pilot, "extra_dose", "yes")
        line = _line(app)
        assert line.display and DOSE_RECORDED_LINE in str(line.render())
        assert ("tolerance is lower" in str(line.render())) is lower
        assert ("d" in _keys(app)) is lower
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.step == "reflection"  # resumed where it was left, with the line
        assert _line(app).display and ("tolerance is lower" in str(_line(app).render())) is lower


async def test_a_room_is_not_shown_the_line(make_test_app, store):
    _step_down(store, 1)
    app = make_test_app(start="session", projector=True, record=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#checkin").show_dose_line(True)
        assert not _line(app).display
