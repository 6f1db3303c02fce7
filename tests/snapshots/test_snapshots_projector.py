"""SVG snapshots in projector mode on the synthetic demo history, at 80x24 and 100x30."""

from __future__ import annotations

import pytest

from coach.tui.launch import make_demo_app
from tests.conftest import FIXED_NOW

SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])


def _demo_app():
    return make_demo_app(projector=True, clock=lambda: FIXED_NOW)


async def _settle(pilot) -> None:
    await pilot.app.wait_for_store()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@SIZES
def test_projector_home(snap_compare, size):
    assert snap_compare(_demo_app(), terminal_size=size, run_before=_settle)


@SIZES
def test_projector_exercise_player(snap_compare, size):
    """The breathing pacer mid-exercise, time frozen so the frame is always the same."""

    async def play(pilot) -> None:
        from coach.screens.player import PlayerScreen

        await _settle(pilot)
        player = PlayerScreen("paced-breathing", clock=lambda: 0.0)
        await pilot.app.push_screen(player)
        for _ in range(10):
            if player.session.current.kind != "prompt":
                break
            await pilot.press("space")  # projector mode: space moves the room on
        assert player.session.current.kind == "breath"
        await pilot.pause()

    assert snap_compare(_demo_app(), terminal_size=size, run_before=play)


@SIZES
def test_projector_exercise_intro(snap_compare, size):
    """Before the exercise: `coach exercise NAME --projector` opens here; space starts it."""

    async def open_intro(pilot) -> None:
        from coach.screens.practice import PracticeExerciseScreen

        await _settle(pilot)
        await pilot.app.push_screen(PracticeExerciseScreen("box-breathing"))
        await pilot.pause()

    assert snap_compare(_demo_app(), terminal_size=size, run_before=open_intro)


@SIZES
def test_projector_progress(snap_compare, size):
    """Progress on the synthetic 12-week course: tolerability climbing through the bands, the taper steps."""

    async def open_progress(pilot) -> None:
        await _settle(pilot)
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_demo_app(), terminal_size=size, run_before=open_progress)
