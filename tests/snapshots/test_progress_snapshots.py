"""SVG snapshots of Progress and History, empty and with a synthetic history (look before updating)."""

from __future__ import annotations

import pytest

from coach.tui.app import make_app
from coach.paths import resolve_db
from coach.store.engine.db import open_store
from tests.conftest import FIXED_NOW
from tests.unit.test_stats import build_history


def _app(days: int):
    store = open_store(resolve_db(":memory:"))
    if days:
        build_history(store, days, end=FIXED_NOW.date(), skip_every=9)
    return make_app(lambda: store, clock=lambda: FIXED_NOW)


def _opener(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_progress_empty(snap_compare, size):
    assert snap_compare(_app(0), terminal_size=size, run_before=_opener("p"))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_progress_three_months(snap_compare, size):
    assert snap_compare(_app(120), terminal_size=size, run_before=_opener("p"))


def test_history_list(snap_compare):
    assert snap_compare(_app(20), terminal_size=(80, 24), run_before=_opener("y"))


def test_history_day(snap_compare):
    assert snap_compare(_app(20), terminal_size=(80, 24), run_before=_opener("y", "down", "enter"))


def test_progress_ten_years(snap_compare):
    """Ten years open on 3 months (the journal is longer); the year view further down is scrolled to."""
    assert snap_compare(_app(3650), terminal_size=(80, 24), run_before=_opener("p"))


def test_progress_ten_years_year_view(snap_compare):
    assert snap_compare(_app(3650), terminal_size=(80, 24), run_before=_opener("p", "pagedown", "pagedown", "pagedown"))


def test_progress_short_journal_opens_on_all(snap_compare):
    """A 40-day journal opens on All (its whole length), not on 3 months with the first half empty."""
    assert snap_compare(_app(40), terminal_size=(100, 30), run_before=_opener("p"))
