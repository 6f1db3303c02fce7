"""SVG snapshots of Home answering back on 60 days of synthetic history: 80x24, 100x30, and projector."""

from __future__ import annotations

import pytest

from coach.tui.launch import make_demo_app
from tests.conftest import FIXED_NOW, settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])


async def _settle(pilot) -> None:
    await pilot.app.wait_for_store()
    await settle(pilot)


@SIZES
def test_home_with_60_days(snap_compare, size):
    app = make_demo_app(days=60, seed=3, clock=lambda: FIXED_NOW)
    assert snap_compare(app, terminal_size=size, run_before=_settle)


def test_home_with_60_days_projector(snap_compare):
    app = make_demo_app(projector=True, days=60, seed=3, clock=lambda: FIXED_NOW)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)
