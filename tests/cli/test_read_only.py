"""A database the person made read-only stays read-only: reading commands work, writing ones say so in one
line (exit 2), and nothing chmods it or writes beside it. A schema version no coach wrote is refused."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import SQLAlchemyError

from coach.paths import resolve_db
from coach.store import StoreError
from coach.store.engine.db import open_store
from coach.store.engine.guard import read_only_in
from coach.store.models import Setting
from tests.unit.test_stats import TODAY, build_history


@pytest.fixture
def read_only_db(tmp_path) -> Path:
    path = tmp_path / "coach.db"
    store = open_store(resolve_db(str(path)))
    build_history(store, 30, end=TODAY)
    store.close()
    path.chmod(0o400)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(db: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coach", "--db", str(db), *argv],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("argv", [
    ["status"], ["stats"], ["stats", "--json"], ["export", "-o", "{out}/e.json"], ["report", "-o", "{out}/r.html"],
    ["backup", "-o", "{out}/b.db"], ["doctor"],
], ids=lambda a: a[0] + (" --json" if "--json" in a else ""))
def test_reading_commands_work_and_leave_the_file_as_it_was(read_only_db, tmp_path, argv):
    out = tmp_path / "out"
    out.mkdir()
    before = _digest(read_only_db)
    result = _run(read_only_db, *(a.format(out=out) for a in argv))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(read_only_db.stat().st_mode) == 0o400
    assert _digest(read_only_db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coach.db", "out"]  # no -wal, no -shm


@pytest.mark.parametrize("argv", [["import", "{export}"], ["session"], []], ids=["import", "session", "coach"])
def test_writing_commands_say_so_in_one_line(read_only_db, tmp_path, argv):
    export = tmp_path / "e.json"
    export.write_text('{"format": "coach-export", "version": 1, "schema": 1}')
    before = _digest(read_only_db)
    result = _run(read_only_db, *(a.format(export=export) for a in argv))
    assert result.returncode == 2
    assert result.stderr.startswith(f"coach: error: {read_only_db} is read-only") and result.stderr.count("\n") == 1
    assert stat.S_IMODE(read_only_db.stat().st_mode) == 0o400 and _digest(read_only_db) == before


def test_the_store_opens_it_for_reading_only(read_only_db):
    store = open_store(resolve_db(str(read_only_db)))
    try:
        assert store.read_only
        with store.session() as db:
            assert db.get(Setting, "no-such-setting") is None  # reading works
        with pytest.raises(SQLAlchemyError) as info:
            with store.session() as db:
                db.add(Setting(key="theme", value="projector"))
        assert read_only_in(info.value)
    finally:
        store.close()
    assert stat.S_IMODE(read_only_db.stat().st_mode) == 0o400


def _set_version(path: Path, sql: str) -> None:
    open_store(resolve_db(str(path))).close()
    with sqlite3.connect(path) as conn:
        conn.execute(sql)
    conn.close()


@pytest.mark.parametrize("sql,expected", [
    ("UPDATE coach_meta SET value = '0' WHERE key = 'schema_version'", "schema version 0"),
    ("UPDATE coach_meta SET value = '-3' WHERE key = 'schema_version'", "schema version -3"),
    ("DELETE FROM coach_meta WHERE key = 'schema_version'", "without a schema version"),
])
def test_an_impossible_or_missing_schema_version_is_refused(tmp_path, sql, expected):
    path = tmp_path / "coach.db"
    _set_version(path, sql)
    before = _digest(path)
    with pytest.raises(StoreError, match=expected):
        open_store(resolve_db(str(path)))
    for argv in (["stats"], ["status"], []):
        result = _run(path, *argv)
        assert result.returncode == 2 and expected in result.stderr and result.stderr.count("\n") == 1
    assert _digest(path) == before
