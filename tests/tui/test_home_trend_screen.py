"""Home answers back without a key pressed: the trend, days practised, the taper step, the last lesson;
the taper and the typed goal are hidden in projector mode on one's own data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Static

from coach.paths import resolve_db
from coach.store.sessions import record_checkin, record_goal, record_reflection, set_current_step
from coach.store.taper import add_medication, add_step
from coach.tui.app import make_app
from coach.widgets.band_sparkline import BandSparkline
from tests.conftest import FIXED_NOW, settle, wait_until

TODAY = FIXED_NOW.date()  # (09:30, after the 04:00 day start: coach's today is the calendar date)


def _fill(store) -> None:
    with store.session() as db:
        for back in range(1, 20):
            day = TODAY - timedelta(days=back)
            record_checkin(db, day, FIXED_NOW, tolerability=8 if back <= 6 else 2)
            if back <= 4:
                set_current_step(db, day, FIXED_NOW, "summary")
        record_goal(db, TODAY - timedelta(days=1), FIXED_NOW, text="walk to the [b]shop[/b]", predicted_peak_pain=7)
        record_reflection(db, TODAY - timedelta(days=1), FIXED_NOW, actual_peak_pain=4)
        med = add_medication(db, "oxycodone", 10, 3, TODAY - timedelta(days=40))
        add_step(db, med, TODAY - timedelta(days=12), 7.5, 3)
        add_step(db, med, TODAY + timedelta(days=9), 5, 3)
        db.commit()


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.mark.parametrize("fast_path", [True, False], ids=["sqlite3", "store"])
async def test_home_shows_the_trend_without_a_key(store, db_path, fast_path):
    _fill(store)
    quick = resolve_db(str(db_path)) if fast_path else None
    app = make_app(lambda: store, clock=lambda: FIXED_NOW, quick_target=quick)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query_one("#trend").display, "the trend")
        chart = app.screen.query_one("#trend-chart", BandSparkline)
        assert chart.values[-1] is None and chart.values[-2] == 8 and chart.values[0] == 2
        words = _text(app, "#trend-words")
        assert "This week 8.0 on average: livable." in words
        assert "Up from 2.0 the four weeks before." in words
        assert "Practised on 4 of the last 7 days." in words
        assert _text(app, "#taper-line") == (
            f"Taper plan: step 1 of 2 since {(TODAY - timedelta(days=12)):%-d %b}; "
            f"step 2 starts on {(TODAY + timedelta(days=9)):%-d %b}."
        )
        # the goal as typed, never as markup
        assert _text(app, "#expected") == (
            "Last exposure, yesterday (walk to the [b]shop[/b]): you expected pain 7, it was 4."
        )


async def test_projector_hides_the_taper_and_the_typed_goal(store):
    _fill(store)
    app = make_app(lambda: store, clock=lambda: FIXED_NOW, projector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.screen.query_one("#trend").display, "the trend")
        assert not app.screen.query_one("#taper-line").display
        expected = _text(app, "#expected")
        assert "shop" not in expected and "hidden" not in expected and "you expected pain 7, it was 4." in expected


async def test_a_first_day_shows_no_empty_trend(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#trend").display
        assert not app.screen.query_one("#expected").display
        assert not app.screen.query_one("#taper-line").display


async def test_before_the_day_start_hour_home_names_the_coach_day(store):
    """At 02:30 on Thursday the coach day is still Wednesday, as History and the journal count it."""
    from datetime import datetime

    late = datetime(2026, 11, 26, 2, 30, tzinfo=FIXED_NOW.tzinfo)
    app = make_app(lambda: store, clock=lambda: late)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _text(app, "#date") == "Wednesday 25 November: your day runs until 04:00"
    app = make_app(lambda: store, clock=lambda: FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _text(app, "#date") == "Wednesday 25 November 2026"


async def test_status_and_home_agree_after_answering_the_checkin_and_esc(store, db_path):
    from coach.store.queries.status import status_text

    app = make_app(lambda: store, clock=lambda: FIXED_NOW, start="session")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6", "tab", "5", "tab", "4", "tab", "7", "tab", "6")
        await pilot.press("escape")
        await settle(pilot)
        await settle(pilot)
        steps = " ".join(_text(app, "#today-steps").split())
        assert "✓ Check-in done" in steps
    assert "today: check-in done" in status_text(resolve_db(str(db_path)), FIXED_NOW)
