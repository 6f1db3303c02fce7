"""SVG snapshots of the exercise player (time frozen) and the two libraries; update after a look."""

from __future__ import annotations

import pytest

from coach.tui.app import make_app
from coach.paths import resolve_db
from coach.screens.player import PlayerScreen
from coach.store.engine.db import open_store
from tests.conftest import FIXED_NOW

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def _app(**kwargs):
    store = open_store(resolve_db(":memory:"))
    return make_app(lambda: store, clock=lambda: FIXED_NOW, **kwargs)


def _player_at(exercise_id: str, seconds: float, theme: str | None = None):
    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        if theme:
            pilot.app.theme = theme
        player = PlayerScreen(exercise_id, clock=lambda: 0.0)  # a clock that never moves
        pilot.app.push_screen(player)
        await pilot.pause()
        player.session.tick(seconds)
        player.show_state()
        await pilot.pause()

    return run_before


@SIZES
def test_player_breathing(snap_compare, size):
    # Paced breathing: 24 s of prompts, then 1.5 s into the first breath in.
    assert snap_compare(_app(), terminal_size=size, run_before=_player_at("paced-breathing", 25.5))


@SIZES
def test_player_guided_prompt(snap_compare, size):
    assert snap_compare(_app(), terminal_size=size, run_before=_player_at("five-senses", 20))


def test_player_breathing_projector(snap_compare):
    run_before = _player_at("box-breathing", 24 + 4 + 4 + 1, theme="projector")
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("start", ["exercises", "learn"])
def test_libraries(snap_compare, start):
    async def settle(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(start=start), terminal_size=(80, 24), run_before=settle)
