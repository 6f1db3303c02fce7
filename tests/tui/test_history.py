"""History: the list of past days and one day opened read-only with all four parts."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from textual.widgets import DataTable, Input, Static

from coach.screens.history import DayScreen, HistoryScreen
from coach.store.queries.history import day_record, history_rows
from coach.store.models import CheckIn, DailySession, ExerciseRun, ExposureGoal, LadderItem, Reflection
from tests.unit.test_stats import build_history

# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

UTC = timezone.utc


def _full_day(store, day: date) -> None:
    at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    with store.session() as db:
        item = LadderItem(name="Garden for [bold]ten[/bold] minutes", difficulty=50, created_at=at)
        s = DailySession(day=day, started_at=at, status="done")
        db.add_all([item, s])
        db.flush()
        db.add(CheckIn(session_id=s.id, pain=6, tolerability=4, distress=5, sleep=3, mood=6,
                       dose_timing="extra_dose", withdrawal_signs=["yawning", "runny_nose", "made_up_sign"],
                       red_flags=["self_harm"], note="Rough night",
                       peg_pain=6, peg_enjoyment=5, peg_activity=7))
        db.add(ExerciseRun(session_id=s.id, exercise_id="box-breathing", started_at=at, seconds_completed=300,
                           distress_before=7, distress_after=4, completed=True))
        g = ExposureGoal(session_id=s.id, ladder_item_id=item.id, planned_amount=10, amount_unit="reps",
                         predicted_peak_pain=8,
                         predicted_tolerability=3, feared_outcome="I'll be laid up for days", feared_likelihood=70)
        db.add(g)
        db.flush()
        db.add(Reflection(session_id=s.id, goal_id=g.id, outcome="partly", actual_peak_pain=6, actual_tolerability=5,
                          feared_happened=10, noticed="It eased after a while", extra_dose=False, next_step="repeat",
                          share_with_care_team=True))


def test_history_rows_and_day_record(store):
    build_history(store, 5, end=date(2026, 11, 25))
    with store.session() as db:
        s = DailySession(day=date(2026, 11, 26), started_at=datetime(2026, 11, 26, 9, tzinfo=UTC))
        db.add(s)
    with store.session() as db:
        rows = history_rows(db)
        assert [r.day.day for r in rows] == [26, 25, 24, 23, 22, 21]
        assert rows[0].done is False and rows[0].tolerability is None and rows[0].exercises == 0
        assert rows[1].done and rows[1].exercises == 1 and rows[1].outcome == "fully" and rows[1].has_goal
        assert day_record(db, date(2020, 1, 1)) is None
        record = day_record(db, date(2026, 11, 24))
        assert record.checkin is not None and len(record.runs) == 1 and record.goal is not None
        assert record.ladder_item.name == "Walk to the corner" and record.reflection is not None


async def test_empty_history_says_so(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert "No days yet" in str(screen.query_one("#history-sub", Static).render())
        assert not screen.query_one(DataTable).display


async def test_open_a_day_read_only_with_all_four_parts(make_test_app, store):
    build_history(store, 3, end=date(2026, 11, 25))  # fixed ids: first
    _full_day(store, date(2026, 11, 20))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4
        assert "4 days, newest first" in str(app.screen.query_one("#history-sub", Static).render())
        await pilot.press("down", "down", "down", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        day = app.screen
        assert isinstance(day, DayScreen) and day.day == date(2026, 11, 20)
        assert "Friday 20 November 2026" in str(day.query_one("#day-title", Static).render())
        text = {part: str(day.query_one(f"#part-{part}", Static).render())
                for part in ("check-in", "exercises", "goal", "reflection")}
        assert "Tolerability: 4/10 (tolerable)" in text["check-in"]
        assert "extra dose (noted as information for your prescriber)" in text["check-in"]
        assert "PEG: 6.0" in text["check-in"] and "Rough night" in text["check-in"]
        # Stored choices in words, never their keys (an unknown key from an import loses its underscores).
        assert "Withdrawal signs: yawning a lot; runny nose or watery eyes; made up sign" in text["check-in"]
        assert "Warning signs noted: thoughts of ending your life or harming yourself" in text["check-in"]
        assert "Planned: 10 times" in text["goal"]
        assert "_" not in "".join(text.values())
        assert "Box breathing" in text["exercises"] and "distress 7 → 4" in text["exercises"]
        assert "Garden for [bold]ten[/bold] minutes" in text["goal"]  # user text shown as typed, not as markup
        assert "felt 70% likely" in text["goal"]
        assert "done partly" in text["reflection"] and "Shared with your care team: yes" in text["reflection"]
        assert not day.query(Input)  # nothing to edit
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_a_started_day_shows_missing_parts_plainly(make_test_app, store):
    with store.session() as db:
        db.add(DailySession(day=date(2026, 11, 25), started_at=datetime(2026, 11, 25, 14, tzinfo=UTC)))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        day = app.screen
        assert isinstance(day, DayScreen)
        assert "started, not finished" in str(day.query_one("#day-sub", Static).render())
        assert "No check-in that day." in str(day.query_one("#part-check-in", Static).render())
        assert "No reflection that day." in str(day.query_one("#part-reflection", Static).render())


async def test_long_history_loads_a_page_at_a_time(make_test_app, store):
    build_history(store, 250, end=date(2026, 11, 25))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 100
        assert "250 days, newest first" in str(app.screen.query_one("#history-sub", Static).render())
        for expected in (200, 250, 250):
            await pilot.press("ctrl+end")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert table.row_count == expected
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.day == date(2026, 11, 25) - timedelta(days=249)


def test_history_pages_do_not_overlap(store):
    build_history(store, 30, end=date(2026, 11, 25))
    with store.session() as db:
        first = history_rows(db, 12)
        second = history_rows(db, 12, before=first[-1].day)
        assert len(second) == 12 and second[0].day == first[-1].day - timedelta(days=1)
        assert {r.day for r in first}.isdisjoint({r.day for r in second})
