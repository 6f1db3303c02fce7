"""Shared fixtures: a fresh store per test (on SQLite, or on both engines where a test asks), a fixed clock,
and an app factory for pilot tests.

Both engines: a test that takes `journal_url`, or is marked `both_engines`, runs twice, with ids `sqlite` and
`postgresql` (`-m postgresql` picks the PostgreSQL tier, `-m "not postgresql"` leaves it out). Its `store`,
`db_target` and `journal_url` then point at a fresh SQLite file, or at a fresh database on one real
PostgreSQL server started for the test session (tests/pg_server.py; under pytest-xdist, one server per
worker). If that server cannot start, the PostgreSQL runs are skipped with the reason, unless
COACH_REQUIRE_POSTGRES=1 (CI), when they fail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.domain.days import coach_day, local_now
from coach.paths import DbTarget, resolve_db
from coach.store.engine.db import Store, open_store

# A fixed moment for snapshot and pilot tests: Wednesday 25 November 2026, 09:30, UTC-5.
FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


def coach_today() -> date:
    """Today as coach counts it at this moment: before the day-start hour (04:00 by default) it is still
    yesterday. What a command run now calls "today"; never the calendar date (tests/unit/test_clock.py)."""
    return coach_day(local_now())


@pytest.fixture(autouse=True)
def _isolate_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user's data: point the default data dir into tmp."""
    monkeypatch.delenv("COACH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_engines: run on SQLite and on a real PostgreSQL server (ids sqlite, postgresql)")
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself; stays on SQLite in a both_engines module")
    config.addinivalue_line("markers", "postgresql: uses the PostgreSQL test server directly (added automatically)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a test on both engines if it takes `journal_url` or is marked `both_engines` (else, or if marked
    `sqlite_only`, on SQLite only)."""
    marked = metafunc.definition.get_closest_marker
    wants_both = "journal_url" in metafunc.fixturenames or marked("both_engines")
    if wants_both and not marked("sqlite_only") and "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", [pytest.param("sqlite", id="sqlite"),
                                        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql)])


# A tier's folder marks its tests, so `-m "not slow and not browser and not postgresql"` (`make check`) is the
# fast tiers wherever a test lives; a slow test in another folder carries `@pytest.mark.slow` itself.
FOLDER_MARKS = {"slow": pytest.mark.slow, "browser": pytest.mark.browser, "postgresql": pytest.mark.postgresql}
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests in tests/slow, tests/browser and tests/postgresql carry their tier's marker; a test that asks
    for the server itself (not through `engine`) is in the PostgreSQL tier too. The PostgreSQL run of a
    `both_engines` test is marked `postgresql` where it is parametrised (above)."""
    for item in items:
        try:
            folder = Path(str(item.path)).resolve().relative_to(TESTS).parts[0]
        except ValueError:
            folder = ""
        if folder in FOLDER_MARKS:
            item.add_marker(FOLDER_MARKS[folder])
        if "pg_server" in getattr(item, "fixturenames", ()) and "engine" not in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgresql)


@pytest.fixture
def engine() -> str:
    """The database engine under test: SQLite unless the test runs on both (see pytest_generate_tests)."""
    return "sqlite"


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the whole test session, stopped and deleted at the end."""
    from tests.pg_server import postgres_required, start_server

    try:
        server = start_server()
    except Exception as exc:  # noqa: BLE001 - any reason the server cannot start is shown, then skipped or failed
        reason = f"PostgreSQL test server could not start: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if postgres_required():
            pytest.fail(f"{reason} (COACH_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    yield server
    server.stop()


@pytest.fixture
def db_target(engine: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[DbTarget]:
    """Where the test's journal lives: the SQLite file `db_path`, or a fresh empty PostgreSQL database."""
    if engine == "sqlite":
        yield resolve_db(str(db_path))
        return
    server = request.getfixturevalue("pg_server")
    url = server.new_database()
    yield resolve_db(url)
    server.drop_database(url)


@pytest.fixture
def new_journal(engine: str, tmp_path: Path, request: pytest.FixtureRequest):
    """Another empty journal on the test's engine, as a DbTarget: `new_journal("other.db")` (the name is the
    SQLite file's in tmp_path; on PostgreSQL, a fresh database each call)."""
    made: list[str] = []

    def make(name: str = "other.db") -> DbTarget:
        if engine == "sqlite":
            return resolve_db(str(tmp_path / name))
        made.append(request.getfixturevalue("pg_server").new_database())
        return resolve_db(made[-1])

    yield make
    for url in made:
        request.getfixturevalue("pg_server").drop_database(url)


@pytest.fixture
def journal_url(db_target: DbTarget) -> str:
    """What `--db` / COACH_DB take for the test's journal: the SQLite file's path, or the PostgreSQL URL."""
    return db_target.describe()


@pytest.fixture
def store(db_target: DbTarget) -> Iterator[Store]:
    s = open_store(db_target)
    yield s
    s.close()


@pytest.fixture
def make_test_app(store: Store):
    """Build the real app around the test's store with a fixed clock."""
    from coach.tui.app import make_app

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


# How long a test waits for something the app does in the background before calling it broken. Only
# reached on a failure: a quiet machine takes milliseconds, a loaded one a little longer (issue 17).
WAIT_S = 30.0


async def wait_until(pilot, condition, what: str, timeout: float = WAIT_S) -> None:
    """Pause, a frame at a time, until `condition()` holds: no guessed sleeps that a loaded machine outruns."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout:g} s for {what}")
        await pilot.pause(0.02)


def palette_results_ready(app, expected: str) -> bool:
    """The command palette has finished searching and shows a result containing `expected` first."""
    from textual.command import CommandList, CommandPalette

    screen = app.screen
    if not isinstance(screen, CommandPalette) or screen._show_busy:
        return False
    if any(w.group == CommandPalette._GATHER_COMMANDS_GROUP and not w.is_finished for w in app.workers):
        return False
    results = screen.query_one(CommandList)
    return results.option_count > 0 and expected.lower() in str(results.get_option_at_index(0).prompt).lower()
