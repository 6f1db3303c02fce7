"""A full disk is not damage: on a real, full tmpfs every command says "the disk holding PATH is full; free
some space", never "damaged" or "restore"; once space is freed the journal is byte-identical and whole."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coach.paths import resolve_db
from coach.store import SCHEMA_VERSION
from coach.store.engine.db import open_store
from coach.store.engine.disk_trouble import explained
from tests.small_disk import fill, small_disk  # noqa: F401 - a fixture


def coach(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, stdin=subprocess.DEVNULL)


def _journal(disk: Path) -> Path:
    path = disk / "k.db"
    result = coach("demo", "--days", "20", "--save", str(path), cwd=disk)
    assert result.returncode == 0, result.stderr
    open_store(resolve_db(str(path))).close()  # as the app leaves it: WAL mode
    return path


COMMANDS = [["status"], ["stats"], ["export"], ["import", "empty.json"], ["doctor"], ["report", "-o", "r.html"],
            ["backup"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_full_disk_is_named_and_never_called_damage(small_disk, tmp_path, command):
    journal = _journal(small_disk)
    (tmp_path / "empty.json").write_text(f'{{"format": "coach-export", "version": 1, "schema": {SCHEMA_VERSION}}}')
    before = hashlib.sha256(journal.read_bytes()).hexdigest()
    filler = fill(small_disk)
    result = coach("--db", str(journal), *command, cwd=tmp_path)
    if command == ["status"] and result.returncode == 0:  # it reads with sqlite3 alone, and may need no space
        assert result.stdout.startswith("day ")
    else:
        assert result.returncode in ((1, 2) if command == ["doctor"] else (2,)), (result.stdout, result.stderr)
        said = result.stdout + result.stderr
        assert f"the disk holding {small_disk}/" in said, said  # the journal (backup: its copy)
        assert "is full; free some space" in said, said
    assert "damaged" not in result.stderr + result.stdout and "restore" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    filler.unlink()
    assert hashlib.sha256(journal.read_bytes()).hexdigest() == before
    with sqlite3.connect(journal) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert coach("--db", str(journal), "doctor", cwd=tmp_path).returncode == 0


def test_an_export_onto_a_full_disk_says_so_and_leaves_nothing(small_disk, tmp_path):
    journal = tmp_path / "k.db"
    assert coach("demo", "--days", "20", "--save", str(journal), cwd=tmp_path).returncode == 0
    fill(small_disk)
    for args in (["export", "-o", str(small_disk / "out.json")], ["report", "-o", str(small_disk / "r.html")],
                 ["demo", "--save", str(small_disk / "d.db")]):
        result = coach("--db", str(journal), *args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr == f"coach: error: the disk holding {args[-1]} is full; free some space " \
                                "(nothing was written)\n"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_an_io_error_on_a_file_that_passes_its_check_is_not_damage(tmp_path):
    path = tmp_path / "k.db"
    open_store(resolve_db(str(path))).close()
    problem = explained(path, sqlite3.OperationalError("disk I/O error"))
    assert "passed its integrity check, so it does not look damaged" in str(problem)
    assert "restore" not in str(problem)
    assert "restore a backup" in str(explained(path, sqlite3.DatabaseError("database disk image is malformed")))
