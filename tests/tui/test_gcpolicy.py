"""The garbage collector's full pass waits for a pause in typing (coach/tui/gcpolicy.py)."""

from __future__ import annotations

import gc

import pytest

from coach.tui import gcpolicy
from coach.tui.gcpolicy import DUE_AFTER, SAFETY_NET, PauseCollector
from tests.conftest import settle


@pytest.fixture
def collector():
    saved = gc.get_threshold()
    c = PauseCollector()
    yield c
    c.uninstall()
    assert gc.get_threshold() == saved


def _middle_collections(n: int) -> None:
    gc.collect()  # start from zero
    for _ in range(n):
        gc.collect(1)  # each collection of the middle generation counts towards a full pass


def test_install_puts_off_the_full_pass_and_uninstall_restores(collector):
    saved = gc.get_threshold()
    collector.install()
    assert gc.get_threshold() == (saved[0], saved[1], SAFETY_NET)
    collector.uninstall()
    assert gc.get_threshold() == saved


def test_the_full_pass_runs_at_a_pause_only_when_python_would_have_run_it(collector):
    collector.install()
    _middle_collections(DUE_AFTER - 1)
    assert collector.collect_if_due() is False
    assert gc.get_count()[2] == DUE_AFTER - 1
    gc.collect(1)
    assert collector.collect_if_due() is True
    assert gc.get_count()[2] == 0


async def test_the_app_waits_for_a_pause_in_keys_before_collecting(make_test_app, monkeypatch):
    """Each key restarts one pause timer; when it runs out the full pass runs once, and nothing more
    happens until the next key. (The timer's end is called directly: no test waits on the clock.)"""
    from coach.tui.app import CoachApp

    monkeypatch.setattr(gcpolicy, "DUE_AFTER", 0)  # always due, so the test sees every pause
    ran: list[bool] = []
    original = PauseCollector.collect_if_due
    monkeypatch.setattr(PauseCollector, "collect_if_due", lambda self: ran.append(original(self)) or True)
    monkeypatch.setattr("coach.tui.app.PAUSE_S", 3600)  # the real timer never runs out during the test
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app, CoachApp) and gc.get_threshold()[2] == SAFETY_NET
        assert app._pause_timer is None
        await pilot.press("f1")
        timer = app._pause_timer
        assert timer is not None
        for key in ("escape", "f1", "escape"):
            await pilot.press(key)
            assert app._pause_timer is timer  # the same wait, started again
        assert ran == []  # still typing
        app._paused()  # the pause ran out
        assert ran == [True] and app._pause_timer is None
        await pilot.press("f1")
        assert app._pause_timer is not None and ran == [True]
    assert gc.get_threshold()[2] != SAFETY_NET
