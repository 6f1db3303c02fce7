"""Projector mode on a person's own data shows a room nothing private, and records nothing unless asked."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.tui import launch
from coach.cli.main import app as cli_app
from coach.paths import resolve_db
from coach.store.engine.db import open_store
from coach.tui.themes import HIDDEN_IN_PROJECTOR
from tests.conftest import FIXED_NOW
from tests.screen_walk import Words, seed, walk

runner = CliRunner()

MARKERS = Words(
    note="Qzx note", sign="Qzx sign", flag="Qzx flag", goal="Qzx goal", feared="Qzx feared", noticed="Qzx noticed",
    response="Qzx response", dose_note="Qzx dose", ladder="Qzx ladder", exercise_id="box-breathing",
    care_name="Qzx Lee", med_note="Qzx med", keys="f2",
)
# What else must not show: the care team's number, the drug, its doses and MME, dose timing, extra doses,
# how long the person has taken opioids.
PRIVATE = ("Qzx", "0199", "xycodone", "17.5", "52.5", "13.1", "taken early", "extra dose: yes",
           "noted for your prescriber", "year or more")


def _seeded(path: Path) -> object:
    store = open_store(resolve_db(str(path)))
    day = seed(store, MARKERS, care_phone="555 0199", drug="oxycodone", strength=17.5, doses=2)
    return store, day


@pytest.mark.slow  # a walk of every screen (or of the whole day): in `make test`, not `make check`
@pytest.mark.parametrize("record", [False, True])
async def test_no_screen_shows_private_data_in_projector_mode(tmp_path, record):
    from coach.tui.app import make_app

    store, day = _seeded(tmp_path / "own.db")
    try:
        app = make_app(lambda: store, clock=lambda: FIXED_NOW, projector=True, record=record)
        async with app.run_test(size=(140, 70)) as pilot:
            seen = await walk(app, pilot, day)
        assert {"home", "help", "ladder", "taper", "progress", "history", "day", "palette"} <= set(seen)
        for screen, text in seen.items():
            lowered = text.lower()
            shown = [marker for marker in PRIVATE if marker.lower() in lowered]
            assert not shown, f"{screen} shows {shown} in projector mode"
        for screen in ("help", "taper", "day", "ladder"):
            assert HIDDEN_IN_PROJECTOR in seen[screen], screen
        assert "Tolerability" in seen["day"] and "Pain: 6/10" in seen["day"]  # scales may show
    finally:
        store.close()


@pytest.mark.slow  # a walk of every screen (or of the whole day): in `make test`, not `make check`
async def test_the_same_journal_shows_everything_outside_projector_mode(tmp_path):
    """The markers are really on those screens: the test above would see them if they leaked."""
    from coach.tui.app import make_app

    store, day = _seeded(tmp_path / "own.db")
    try:
        app = make_app(lambda: store, clock=lambda: FIXED_NOW)
        async with app.run_test(size=(140, 70)) as pilot:
            seen = await walk(app, pilot, day)
        everything = "\n".join(seen.values()).lower()
        missing = [marker for marker in PRIVATE if marker.lower() not in everything]
        assert not missing
        assert "Qzx Lee, 555 0199" in seen["help"] and "Qzx note" in seen["day"]
    finally:
        store.close()


def _rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run_exercise(monkeypatch, path: Path, *extra: str) -> None:
    """`coach exercise five-senses --projector …` driven to its end: rated before, finished, rated after."""

    def run_headless(app, **_options) -> int:
        async def visit(pilot):
            await pilot.pause()
            await pilot.press("7", "ctrl+s")  # distress before, start
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("f")  # finish now
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("4", "ctrl+s")  # distress after, done: the app ends with the exercise
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

        app.run(headless=True, auto_pilot=visit, size=(100, 30))
        return app.return_code or 0

    monkeypatch.setattr(launch, "_run", run_headless)
    result = runner.invoke(cli_app, ["--db", str(path), "exercise", "five-senses", "--projector", *extra])
    assert result.exit_code == 0, result.output


def test_a_projector_exercise_records_nothing(tmp_path, monkeypatch):
    path = tmp_path / "own.db"
    store, _day = _seeded(path)
    store.close()
    rows, digest = _rows(path), _digest(path)
    _run_exercise(monkeypatch, path)
    assert _rows(path) == rows
    assert _digest(path) == digest  # byte for byte


def test_a_projector_exercise_with_record_is_saved(tmp_path, monkeypatch):
    path = tmp_path / "own.db"
    store, _day = _seeded(path)
    store.close()
    before = _rows(path)["exercise_run"]
    _run_exercise(monkeypatch, path, "--record")
    assert _rows(path)["exercise_run"] == before + 1


async def test_projector_mode_on_own_data_does_not_open_the_session(tmp_path):
    from coach.tui.app import make_app

    store, _day = _seeded(tmp_path / "own.db")
    try:
        rows = _rows(tmp_path / "own.db")
        app = make_app(lambda: store, clock=lambda: FIXED_NOW, projector=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.app.wait_for_store()
            await pilot.app.workers.wait_for_complete()
            for key in ("s", "r", "comma"):
                await pilot.press(key)
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
                assert type(app.screen).__name__ == "HomeScreen"
            assert any("nothing is recorded" in str(n.message) for n in app._notifications)
        assert _rows(tmp_path / "own.db") == rows
    finally:
        store.close()


async def test_space_on_home_opens_the_exercises_when_nothing_is_recorded(tmp_path):
    """No session to start in projector mode on own data: Home offers no Start button, and the room's one key
    opens the exercise library instead."""
    from coach.tui.app import make_app

    store, _day = _seeded(tmp_path / "own.db")
    try:
        app = make_app(lambda: store, clock=lambda: FIXED_NOW, projector=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert not app.screen.query_one("#start").display
            await pilot.press("space")
            await pilot.pause()
            assert type(app.screen).__name__ == "ExercisesScreen"
    finally:
        store.close()
