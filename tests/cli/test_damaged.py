"""A database with a damaged page (a bad disk, a half-copied file): one line and exit 2 from every
command, the file left as it was; in the app the same line instead of a traceback, and no traceback
ever prints local variables (they may hold what a person wrote)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coach.paths import resolve_db
from coach.store.engine.db import open_store
from tests.conftest import settle
from tests.unit.test_stats import TODAY, build_history


def damage_a_page(path: Path, seed: int = 1, table: str | None = None) -> None:
    """Overwrite one page in the middle of a closed database (or of one table's pages) with noise, as a
    failing disk would. Which page is in the middle moves with the schema, so a test that needs a query to
    meet the damage names the table."""
    conn = sqlite3.connect(path)
    pages, size = conn.execute("PRAGMA page_count").fetchone()[0], conn.execute("PRAGMA page_size").fetchone()[0]
    own = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,))] if table else []
    conn.close()
    data = bytearray(path.read_bytes())
    middle = own[len(own) // 2] - 1 if own else pages // 2  # dbstat counts pages from 1
    noise = random.Random(seed)
    data[middle * size:(middle + 1) * size] = bytes(noise.randrange(256) for _ in range(size))
    path.write_bytes(bytes(data))
    check = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert check.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        pass  # "malformed" already: damaged either way
    finally:
        check.close()


@pytest.fixture(scope="module")
def damaged_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("damaged") / "coach.db"
    store = open_store(resolve_db(str(path)))
    build_history(store, 400, end=TODAY)
    store.close()  # the last connection folds the WAL in: the file is the whole database
    damage_a_page(path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


COMMANDS = [
    ["status"], ["stats"], ["stats", "--json"], ["export"], ["export", "-f", "csv", "-o", "{out}/e.zip"],
    ["report", "-o", "{out}/r.html"], ["backup", "-o", "{out}/b.db"], ["doctor"], ["import", "{out}/in.json"],
    ["session"], [],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]) or "coach")
def test_every_command_gives_one_line_and_exit_2(damaged_db, tmp_path, argv):
    (tmp_path / "in.json").write_text('{"format": "coach-export", "version": 1, "schema": 1}')
    before = _digest(damaged_db)
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--db", str(damaged_db), *(a.format(out=tmp_path) for a in argv)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"coach: error: {damaged_db} looks damaged"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stdout
    assert _digest(damaged_db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]  # no output file, no temp file


async def test_damage_met_inside_the_app_is_one_line_not_a_traceback(tmp_path):
    from coach.tui.app import make_app
    from tests.conftest import FIXED_NOW

    path = tmp_path / "coach.db"
    store = open_store(resolve_db(str(path)))
    build_history(store, 400, end=FIXED_NOW.date())
    app = make_app(lambda: store, clock=lambda: FIXED_NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        store.engine.dispose()  # the page goes bad while the app is open; fresh connections read the disk
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        damage_a_page(path, table="checkin")
        await pilot.press("p")  # Progress reads every check-in in range
        await pilot.pause()
        for _ in range(20):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == 2
    assert app.startup_error is not None and "looks damaged" in app.startup_error and "\n" not in app.startup_error
    store.close()


async def test_an_unexpected_error_never_prints_local_variables(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)):
        journal_entry = "I was scared of the stairs " + "-".join(["SECRET", "NOTE"])  # (not in the source)
        try:
            raise RuntimeError("something unexpected")
        except RuntimeError:
            app._fatal_error()
        text = "".join(
            segment.text for renderable in app._exit_renderables for segment in renderable.segments
        )
        app._exit_renderables.clear()
    assert "something unexpected" in text  # still a traceback a developer can use
    assert journal_entry not in text and "SECRET-NOTE" not in text
