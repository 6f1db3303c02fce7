"""The garbage collector's full pass waits for a pause in typing (coach/gcpolicy.py)."""

from __future__ import annotations

import gc

import pytest

from coach import gcpolicy
from coach.gcpolicy import DUE_AFTER, SAFETY_NET, PauseCollector
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


async def test_the_app_collects_once_keys_stop(make_test_app, monkeypatch):
    from coach.app import CoachApp

    monkeypatch.setattr(gcpolicy, "DUE_AFTER", 0)  # always due, so the test sees every pause
    ran: list[bool] = []
    original = PauseCollector.collect_if_due
    monkeypatch.setattr(PauseCollector, "collect_if_due", lambda self: ran.append(original(self)) or True)
    monkeypatch.setattr("coach.app.PAUSE_S", 0.2)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app, CoachApp) and gc.get_threshold()[2] == SAFETY_NET
        for key in ("f1", "escape", "f1"):
            await pilot.press(key)
            await pilot.pause(0.05)
        assert ran == []  # still typing
        await pilot.pause(0.4)
        assert ran == [True]  # one pause, one pass
        await pilot.pause(0.4)
        assert ran == [True]  # no keys since: nothing more to do
    assert gc.get_threshold()[2] != SAFETY_NET
