"""Shared fixtures: a fresh store per test, a fixed clock, and an app factory for pilot tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.paths import resolve_db
from coach.store.db import Store, open_store

# A fixed moment for snapshot and pilot tests: Wednesday 25 November 2026, 09:30, UTC-5.
FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


@pytest.fixture(autouse=True)
def _isolate_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user's data: point the default data dir into tmp."""
    monkeypatch.delenv("COACH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = open_store(resolve_db(str(db_path)))
    yield s
    s.close()


@pytest.fixture
def make_test_app(store: Store):
    """Build the real app around the test's store with a fixed clock."""
    from coach.app import make_app

    def factory(clock=lambda: FIXED_NOW, **kwargs):
        return make_app(lambda: store, clock=clock, **kwargs)

    return factory


async def settle(pilot) -> None:
    """Wait until the app's workers are done (a cancelled, superseded load is fine), then a frame."""
    import asyncio

    from textual.worker import WorkerCancelled, WorkerState

    for _ in range(5):
        pending = [w for w in pilot.app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not pending:
            break
        results = await asyncio.gather(*(w.wait() for w in pending), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
                raise result
        await pilot.pause()
    await pilot.pause()
