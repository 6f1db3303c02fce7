"""Schema upgrades: every committed fixture opens with nothing lost; the migration machinery writes its
backup before touching anything and rolls back whole on failure; the fixture tracks the current models."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, select

import coach.store
import coach.store.engine.db
import coach.store.engine.guard
import coach.store.engine.migrations
from coach.paths import resolve_db
from coach.store import SCHEMA_VERSION, StoreError
from coach.store.engine.db import open_store
from tests.fixtures import make_fixtures

FIXTURES = sorted(
    make_fixtures.FIXTURES.glob("coach-schema*.db"),
    key=lambda p: int(re.search(r"schema(\d+)", p.name).group(1)),
)


def _version_of(fixture: Path) -> int:
    return int(re.search(r"schema(\d+)", fixture.name).group(1))


def _dump(path: Path) -> dict[str, dict[object, dict[str, object]]]:
    """Every row of every table, keyed by primary key, as column -> value."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            out[table] = {tuple(row)[0]: dict(row) for row in rows}
        return out
    finally:
        conn.close()


def _copy(fixture: Path, tmp_path: Path) -> Path:
    dest = tmp_path / fixture.name
    shutil.copyfile(fixture, dest)
    return dest


def test_there_is_a_fixture_for_the_current_schema():
    assert FIXTURES, "tests/fixtures/ has no coach-schema*.db; run tests/fixtures/make_fixtures.py"
    assert _version_of(FIXTURES[-1]) == SCHEMA_VERSION, (
        "the schema version changed: add a migration, then run tests/fixtures/make_fixtures.py "
        "to add a fixture of the new schema (keep the old ones)"
    )


def test_fixture_has_rows_in_every_table():
    dump = _dump(FIXTURES[-1])
    from coach.store import models  # noqa: F401  (registers the tables)

    for table in SQLModel.metadata.tables:
        assert dump.get(table), f"the fixture has no rows in {table}"


def test_current_fixture_matches_the_models():
    """A model change without a migration and a new fixture would leave old databases without the
    column; this test names the table and columns that differ."""
    from coach.store import models  # noqa: F401

    conn = sqlite3.connect(f"{FIXTURES[-1].absolute().as_uri()}?mode=ro", uri=True)
    try:
        for name, table in SQLModel.metadata.tables.items():
            on_disk = {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}
            in_models = {column.name for column in table.columns}
            assert on_disk == in_models, (
                f"{name}: models have {sorted(in_models - on_disk)} extra, fixture has {sorted(on_disk - in_models)} "
                "extra. Regenerate with tests/fixtures/make_fixtures.py (and add a migration if this schema shipped)"
            )
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_opens_and_upgrades_with_nothing_lost(fixture, tmp_path):
    path = _copy(fixture, tmp_path)
    before = _dump(path)
    store = open_store(resolve_db(str(path)))
    try:
        assert store.schema_version() == SCHEMA_VERSION
        if _version_of(fixture) < SCHEMA_VERSION:
            assert store.backup_path is not None and store.backup_path.exists()
            assert _dump(store.backup_path) == before
        # Every model loads every row (the validators accept what an older coach wrote).
        from coach.store import models

        with store.session() as db:
            for model in (models.DailySession, models.CheckIn, models.ExerciseRun, models.LadderItem,
                          models.ExposureGoal, models.Reflection, models.Medication, models.TaperStep,
                          models.Setting):
                rows = db.exec(select(model)).all()
                assert len(rows) == len(before[model.__tablename__])
    finally:
        store.close()
    after = _dump(path)
    for table, rows in before.items():
        if table == "coach_meta":
            continue
        for key, row in rows.items():
            kept = after[table].get(key)
            assert kept is not None, f"{table} row {key} was lost"
            assert {c: kept[c] for c in row} == row, f"{table} row {key} changed"
    integrity = sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"


@pytest.fixture
def schema_two(monkeypatch):
    """Pretend this coach knows schema SCHEMA_VERSION + 1, with the migration the test supplies."""
    new = SCHEMA_VERSION + 1
    for module in (coach.store, coach.store.engine.db, coach.store.engine.guard, coach.store.engine.migrations):
        monkeypatch.setattr(module, "SCHEMA_VERSION", new)

    def install(migration):
        monkeypatch.setitem(coach.store.engine.migrations.MIGRATIONS, new, migration)
        return new

    return install


def test_upgrade_writes_the_backup_first_and_keeps_the_data(schema_two, tmp_path):
    path = _copy(FIXTURES[-1], tmp_path)
    before = _dump(path)
    seen_when_migrating: list[list[str]] = []

    def add_a_column(conn):
        seen_when_migrating.append(sorted(p.name for p in tmp_path.iterdir()))
        conn.execute(text("ALTER TABLE checkin ADD COLUMN energy INTEGER"))
        conn.execute(text("UPDATE checkin SET energy = 5"))

    new = schema_two(add_a_column)
    store = open_store(resolve_db(str(path)))
    try:
        assert store.schema_version() == new
        backup = store.backup_path
        assert backup is not None
        # The copy existed, complete, before the migration ran.
        assert backup.name in seen_when_migrating[0]
        assert backup.name.startswith(f"{path.name}.schema{SCHEMA_VERSION}-")
        assert _dump(backup) == before
        assert (backup.stat().st_mode & 0o777) == 0o600
    finally:
        store.close()
    after = _dump(path)
    assert {r["energy"] for r in after["checkin"].values()} == {5}
    for table, rows in before.items():
        if table == "coach_meta":
            continue
        for key, row in rows.items():
            assert {c: after[table][key][c] for c in row} == row
    assert after["coach_meta"]["schema_version"]["value"] == str(new)
    # Opening again does not migrate (or back up) a second time.
    again = open_store(resolve_db(str(path)))
    assert again.backup_path is None
    again.close()
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_a_failing_migration_changes_nothing(schema_two, tmp_path):
    path = _copy(FIXTURES[-1], tmp_path)
    before = _dump(path)

    def half_done(conn):
        conn.execute(text("ALTER TABLE checkin ADD COLUMN energy INTEGER"))
        conn.execute(text("UPDATE checkin SET pain = NULL"))
        conn.execute(text("UPDATE no_such_table SET x = 1"))  # fails part-way

    schema_two(half_done)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(resolve_db(str(path)))
    assert _dump(path) == before
    backups = list(tmp_path.glob("*.bak"))
    assert len(backups) == 1 and _dump(backups[0]) == before


def test_a_newer_fixture_is_refused_by_this_coach(tmp_path, monkeypatch):
    """The current fixture, seen by an older coach (one schema behind): refused, bytes untouched."""
    import hashlib

    path = _copy(FIXTURES[-1], tmp_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    older = SCHEMA_VERSION - 1
    for module in (coach.store, coach.store.engine.db, coach.store.engine.guard, coach.store.engine.migrations):
        monkeypatch.setattr(module, "SCHEMA_VERSION", older)
    with pytest.raises(StoreError, match="newer coach"):
        open_store(resolve_db(str(path)))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.slow  # a kill -9 mid-upgrade, in child processes (the slow tier; `make test` runs it)
def test_kill_minus_9_during_an_upgrade_leaves_the_old_database_whole(tmp_path):
    """A crash mid-migration: the database is still the old schema with every row, the backup is
    there, and the next start runs the upgrade again from the beginning."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    driver = Path(__file__).resolve().parents[1] / "migration_driver.py"
    environ = dict(os.environ, PYTHONPATH=str(root))
    path = _copy(FIXTURES[-1], tmp_path)
    before = _dump(path)
    proc = subprocess.Popen([sys.executable, str(driver), str(path), "slow"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=environ)
    try:
        assert proc.stdout.readline().strip() == "migrating", proc.stderr.read()
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert _dump(path) == before
    backups = list(tmp_path.glob("*.bak"))
    assert len(backups) == 1 and _dump(backups[0]) == before
    done = subprocess.run([sys.executable, str(driver), str(path), "fast"], capture_output=True, text=True,
                          env=environ, timeout=60)
    assert done.stdout.strip() == f"upgraded {SCHEMA_VERSION + 1}", done.stderr
    after = _dump(path)
    assert {r["energy"] for r in after["checkin"].values()} == {5}
    assert len(after["checkin"]) == len(before["checkin"])
