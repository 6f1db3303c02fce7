"""SVG snapshots of `coach facilitate`'s agenda (projector and default theme, 80x24 and 100x30), the
session clock frozen so every frame is the same."""

from __future__ import annotations

import pytest

from coach.content.program_weeks import load_program
from coach.group.facilitate import make_facilitate_app

SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])


def _app(projector: bool):
    return make_facilitate_app(load_program(), 2, projector=projector, clock=lambda: 0.0)


@SIZES
@pytest.mark.parametrize("projector", [True, False], ids=["projector", "default"])
def test_agenda_on_the_practice_part_with_a_room_pulse(snap_compare, size, projector):
    async def practice(pilot) -> None:
        await pilot.press("space", "space")
        pilot.app.screen.pulse.record("before", (2, 5, 3))
        pilot.app.screen.show_agenda()
        await pilot.pause()

    assert snap_compare(_app(projector), terminal_size=size, run_before=practice)
