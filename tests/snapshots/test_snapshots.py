"""SVG snapshots of key screens at 80x24 and 100x30 (update with --snapshot-update after a look)."""

from __future__ import annotations

import pytest

from coach.tui.app import make_app
from coach.paths import resolve_db
from coach.store.engine.db import open_store
from tests.conftest import FIXED_NOW, settle


def _app():
    store = open_store(resolve_db(":memory:"))
    return make_app(lambda: store, clock=lambda: FIXED_NOW)



@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_home(snap_compare, size):
    assert snap_compare(_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_help(snap_compare, size):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=size, run_before=open_help)
