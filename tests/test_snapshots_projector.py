"""SVG snapshots in projector mode on the synthetic demo history, at 80x24 and 100x30."""

from __future__ import annotations

import pytest

from coach.launch import make_demo_app
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
