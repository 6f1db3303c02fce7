"""A database that is not coach's, is damaged or is newer: one clear error, exit 2, file untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coach.paths import resolve_db
from coach.store import SCHEMA_VERSION, StoreError
from coach.store.engine.db import open_store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _text_file(path: Path) -> None:
    path.write_text("my shopping list\nmilk\n")


def _other_apps_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipes (name) VALUES ('soup')")
    conn.commit()
    conn.close()


def _newer_schema(path: Path) -> None:
    s = open_store(resolve_db(str(path)))
    with s.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE coach_meta SET value = '{SCHEMA_VERSION + 5}' WHERE key = 'schema_version'")
    s.close()
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)


def _truncated_coach_db(path: Path) -> None:
    open_store(resolve_db(str(path))).close()  # closing the last connection folds the WAL back in
    data = path.read_bytes()
    path.write_bytes(data[:100] + os.urandom(len(data) - 100))
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)


BAD_FILES = {
    "random bytes": (_random_bytes, "not a coach database"),
    "text file": (_text_file, "not a coach database"),
    "another app's sqlite": (_other_apps_sqlite, "another program"),
    "newer schema": (_newer_schema, "newer coach"),
    "damaged": (_truncated_coach_db, "damaged"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_open_store_refuses_and_leaves_bytes(kind, tmp_path):
    make, expected = BAD_FILES[kind]
    path = tmp_path / "target.db"
    make(path)
    before = _digest(path)
    with pytest.raises(StoreError, match=expected):
        open_store(resolve_db(str(path)))
    assert _digest(path) == before
    assert not path.with_name(path.name + "-wal").exists()


@pytest.mark.parametrize("kind", list(BAD_FILES))
@pytest.mark.parametrize("argv", [[], ["doctor"]], ids=["tui", "doctor"])
def test_cli_gives_one_line_and_nonzero(kind, argv, tmp_path):
    make, expected = BAD_FILES[kind]
    path = tmp_path / "target.db"
    make(path)
    before = _digest(path)
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--db", str(path), *argv],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert expected in result.stderr + result.stdout
    if not argv:
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
    assert _digest(path) == before


def test_empty_file_is_set_up_as_new(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    s = open_store(resolve_db(str(path)))
    assert s.schema_version() == SCHEMA_VERSION
    s.close()


def test_directory_is_refused(tmp_path):
    with pytest.raises(StoreError, match="directory"):
        open_store(resolve_db(str(tmp_path)))
