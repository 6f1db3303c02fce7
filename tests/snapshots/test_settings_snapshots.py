"""SVG snapshots of the welcome tour and Settings at 80x24 (update with --snapshot-update after a look)."""

from __future__ import annotations

from coach.tui.app import make_app
from coach.paths import resolve_db
from coach.store.engine.db import open_store
from tests.conftest import FIXED_NOW, settle


def _app(**kwargs):
    store = open_store(resolve_db(":memory:"))
    return make_app(lambda: store, clock=lambda: FIXED_NOW, **kwargs)


async def _settle(pilot) -> None:
    await settle(pilot)


def test_onboarding_welcome(snap_compare):
    assert snap_compare(_app(onboarding=True), terminal_size=(80, 24), run_before=_settle)


def test_onboarding_ladder(snap_compare):
    async def to_ladder(pilot):
        await _settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await _settle(pilot)

    assert snap_compare(_app(onboarding=True), terminal_size=(80, 24), run_before=to_ladder)


def test_settings_projector(snap_compare):
    async def open_settings(pilot):
        await _settle(pilot)
        pilot.app.theme = "projector"
        await pilot.press("comma")
        await _settle(pilot)

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=open_settings)
