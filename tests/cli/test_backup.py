"""`coach backup`: a consistent 0600 copy through SQLite's online backup API, safe while coach is open."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from coach.cli.main import app
from coach.paths import resolve_db
from coach.store import StoreError
from coach.store.engine.backup import backup_database, default_backup_path
from coach.store.engine.db import open_store
from coach.store.models import CheckIn, DailySession
from coach.store.repo import set_setting, start_or_resume_session
from tests.conftest import FIXED_NOW

runner = CliRunner()


def _fill(store, days: int = 3) -> None:
    with store.session() as db:
        for n in range(days):
            session = start_or_resume_session(db, date(2026, 11, 1 + n), FIXED_NOW)
            db.add(CheckIn(session_id=session.id, pain=n % 11, tolerability=6, note=f"day {n}, \"quoted\""))
        set_setting(db, "day_start_hour", 3)


def _rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


def test_backup_copies_everything_into_a_private_single_file(store, db_path):
    _fill(store)
    written = backup_database(resolve_db(str(db_path)), now=datetime(2026, 11, 25, 9, 30, 5))
    assert written == db_path.with_name("coach-backup-20261125-093005.db")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert not written.with_name(written.name + "-wal").exists()
    conn = sqlite3.connect(written)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    store.close()  # fold the WAL in so the source can be read plainly for comparison
    assert _rows(written) == _rows(db_path)
    assert len(_rows(written)["checkin"]) == 3


def test_default_names_never_collide(tmp_path):
    base = tmp_path / "coach.db"
    when = datetime(2026, 1, 2, 3, 4, 5)
    first = default_backup_path(base, when)
    first.touch()
    second = default_backup_path(base, when)
    assert second != first and second.name == "coach-backup-20260102-030405-2.db"


def test_backup_while_another_writer_holds_the_lock(store, db_path, tmp_path):
    """A transaction open in another connection: the copy has every committed row and nothing uncommitted."""
    _fill(store, days=2)
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO daily_session (day, started_at, status, current_step) "
                   "VALUES ('2026-12-31', '2026-12-31 09:00:00', 'IN_PROGRESS', 'checkin')")
    written = backup_database(resolve_db(str(db_path)), tmp_path / "copy.db")
    writer.execute("COMMIT")
    writer.close()
    days = [r[0] for r in sqlite3.connect(written).execute("SELECT day FROM daily_session ORDER BY day")]
    assert days == ["2026-11-01", "2026-11-02"]


def test_restore_by_copying_back_as_the_readme_says(store, db_path, tmp_path):
    _fill(store, days=4)
    written = backup_database(resolve_db(str(db_path)), tmp_path / "safe.db")
    with store.session() as db:  # something goes wrong after the backup: a day is lost
        db.delete(db.exec(select(DailySession).where(DailySession.day == date(2026, 11, 2))).one())
    store.close()
    # README: close coach, move the database and its -wal/-shm aside, copy the backup into its place.
    aside = tmp_path / "aside"
    aside.mkdir()
    for name in (db_path.name, db_path.name + "-wal", db_path.name + "-shm"):
        if (db_path.parent / name).exists():
            shutil.move(db_path.parent / name, aside / name)
    shutil.copy2(written, db_path)
    restored = open_store(resolve_db(str(db_path)))
    with restored.session() as db:
        assert len(db.exec(select(DailySession)).all()) == 4
        assert len(db.exec(select(CheckIn)).all()) == 4
    restored.close()
    result = runner.invoke(app, ["--db", str(db_path), "doctor"])
    assert result.exit_code == 0, result.output


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_refusals(store, db_path, tmp_path):
    _fill(store, days=1)
    target = resolve_db(str(db_path))
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"precious")
    with pytest.raises(StoreError, match="already exists"):
        backup_database(target, taken)
    assert taken.read_bytes() == b"precious"
    with pytest.raises(StoreError, match="over the database itself"):
        backup_database(target, db_path)
    with pytest.raises(StoreError, match="does not exist"):
        backup_database(target, tmp_path / "no" / "such" / "dir.db")
    with pytest.raises(StoreError, match="nothing to back up"):
        backup_database(resolve_db(str(tmp_path / "missing.db")))
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError, match="SQLite database file"):
        backup_database(resolve_db(":memory:"))
    other = tmp_path / "notes.db"
    other.write_text("not a database")
    before = _digest(other)
    with pytest.raises(StoreError, match="not a coach database"):
        backup_database(resolve_db(str(other)))
    assert _digest(other) == before
    assert not list(tmp_path.glob("notes-backup-*"))


def test_output_may_be_a_folder(store, db_path, tmp_path):
    _fill(store, days=1)
    folder = tmp_path / "backups"
    folder.mkdir()
    written = backup_database(resolve_db(str(db_path)), folder)
    assert written.parent == folder and written.name.startswith("coach-backup-")


def test_cli_backup_success_and_one_line_errors(store, db_path, tmp_path):
    _fill(store, days=1)
    out = tmp_path / "cli-copy.db"
    result = runner.invoke(app, ["--db", str(db_path), "backup", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout and out.exists()
    again = runner.invoke(app, ["--db", str(db_path), "backup", "--output", str(out)])
    assert again.exit_code == 2
    assert again.stderr.startswith("coach: error:") and again.stderr.count("\n") == 1
    assert "Traceback" not in again.output


def test_cli_backup_default_name_and_no_textual(store, db_path):
    _fill(store, days=1)
    store.close()
    code = (
        "import sys\nfrom coach.__main__ import main\n"
        f"try:\n    main(['--db', {str(db_path)!r}, 'backup'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'textual' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    copies = list(db_path.parent.glob("coach-backup-*.db"))
    assert len(copies) == 1 and str(copies[0]) in result.stdout
