"""`coach status`: one line for a shell prompt, fast, never creating a file, without Textual or SQLModel."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.store.repo import set_setting
from coach.store.sessions import record_checkin, record_goal, set_current_step
from coach.store.queries.status import status_text
from tests.conftest import FIXED_NOW

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
TODAY = FIXED_NOW.date()


def test_no_database_yet_is_friendly_and_creates_nothing(tmp_path):
    result = runner.invoke(app, ["status"])  # the default location, before the first `coach`
    assert result.exit_code == 0
    assert "no practice yet" in result.stdout and result.stdout.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_mistyped_path_is_named_and_not_created(tmp_path):
    db = tmp_path / "none.db"
    result = runner.invoke(app, ["--db", str(db), "status"])
    assert result.exit_code == 2 and f"no database at {db}" in result.stderr
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_default_database_missing_creates_no_folder(tmp_path):
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0
    assert not (tmp_path / "xdg-data").exists()


def test_not_a_database_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("shopping list\n")
    before = bad.read_bytes()
    result = runner.invoke(app, ["--db", str(bad), "status"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("coach: error:")
    assert "Traceback" not in result.output
    assert bad.read_bytes() == before


@pytest.mark.both_engines
def test_status_line_tells_the_day(store, db_target):
    for n, tolerability in ((1, 4), (2, 5), (3, 6), (20, 2)):  # the 20-day-old one is outside the week
        with store.session() as db:
            record_checkin(db, TODAY - timedelta(days=n), FIXED_NOW, tolerability=tolerability)
            set_current_step(db, TODAY - timedelta(days=n), FIXED_NOW, "summary")
    target = db_target
    assert status_text(target, FIXED_NOW) == "day 5 · today: not started yet · tolerability 7-day 5.0/10"
    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, tolerability=7)
    assert status_text(target, FIXED_NOW) == (
        "day 5 · today: check-in in progress · tolerability 7/10 (7-day 5.5)"
    )
    with store.session() as db:  # all five ratings, then Esc: the wizard stays at the check-in, done
        record_checkin(db, TODAY, FIXED_NOW, pain=5, distress=4, sleep=6, mood=5)
    assert status_text(target, FIXED_NOW).startswith("day 5 · today: check-in done · tolerability 7/10")
    with store.session() as db:
        record_goal(db, TODAY, FIXED_NOW, text="stairs")
        set_current_step(db, TODAY, FIXED_NOW, "summary")
    assert status_text(target, FIXED_NOW).startswith("day 5 · today: reflection pending · tolerability 7/10")


@pytest.mark.both_engines
def test_status_honours_the_day_start_hour(store, db_target):
    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, tolerability=6)
        set_setting(db, "day_start_hour", 11)  # at 09:30 it is still yesterday
    assert "today: not started yet" in status_text(db_target, FIXED_NOW)


def test_status_reads_the_store_for_other_urls(store, db_path):
    """A URL (as for PostgreSQL) goes through the store; shown here with an SQLite URL."""
    from coach.paths import DbTarget

    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, tolerability=3)
    target = DbTarget(url=f"sqlite:///{db_path}")  # no path: the store route
    assert status_text(target, FIXED_NOW) == "day 1 · today: check-in in progress · tolerability 3/10 (7-day 3.0)"


def test_status_leaves_the_file_untouched(store, db_path):
    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, pain=3)
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    before = db_path.read_bytes()
    mtime = db_path.stat().st_mtime_ns
    result = runner.invoke(app, ["--db", str(db_path), "status"])
    assert result.exit_code == 0, result.output
    assert db_path.read_bytes() == before and db_path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_status_imports_neither_textual_nor_sqlmodel(store, db_path):
    code = (
        "import sys; from coach.__main__ import main\n"
        "try:\n    main(['--db', sys.argv[1], 'status'])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('textual', 'sqlmodel', 'sqlalchemy') if m in sys.modules]\n"
        "print('LOADED', bad)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out.splitlines()[-1] == "LOADED []"
    assert out.startswith("day 1 · today:")
