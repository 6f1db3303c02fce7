"""Ordered schema migrations. A change to the models adds one function here and a fixture test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlmodel import SQLModel

from coach.store import APPLICATION_ID, SCHEMA_VERSION, StoreError

if TYPE_CHECKING:
    from coach.store.engine.cipher import JournalKey

# MIGRATIONS[n] upgrades a database from schema n - 1 to schema n, inside one transaction.
# Schema 1 is the first release, created whole from the models; later entries are explicit DDL.


def _add_draft_table(conn: Connection) -> None:
    """Schema 2: `draft`, the unsaved answers of forms saved only on "Save" (coach.store.drafts)."""
    from sqlalchemy import JSON, Column, DateTime, MetaData, String, Table

    Table(
        "draft",
        MetaData(),
        Column("form", String(64), primary_key=True),
        Column("data", JSON, nullable=False),
        Column("updated_at", DateTime, nullable=False),
    ).create(conn)


def _add_ladder_rating_table(conn: Connection) -> None:
    """Schema 3: `ladder_rating`, each ladder item re-rated 0–100 for how hard it feels now, by day."""
    from sqlalchemy import (
        CheckConstraint,
        Column,
        Date,
        DateTime,
        ForeignKey,
        Index,
        Integer,
        MetaData,
        Table,
        UniqueConstraint,
    )

    metadata = MetaData()
    Table("ladder_item", metadata, Column("id", Integer, primary_key=True))  # only for the foreign key
    table = Table(
        "ladder_rating",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("ladder_item_id", Integer, ForeignKey("ladder_item.id", ondelete="CASCADE"), nullable=False),
        Column("day", Date, nullable=False),
        Column("difficulty", Integer, nullable=False),
        Column("rated_at", DateTime, nullable=False),
        CheckConstraint("difficulty IS NULL OR (difficulty BETWEEN 0 AND 100)", name="ck_difficulty_range"),
        UniqueConstraint("ladder_item_id", "day", name="uq_ladder_rating_item_day"),
    )
    table.create(conn)
    Index("ix_ladder_rating_ladder_item_id", table.c.ladder_item_id).create(conn)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _add_draft_table, 3: _add_ladder_rating_table}


def create_schema(conn: Connection) -> None:
    """Create every table of the current schema in an empty database and mark it as coach's."""
    from sqlalchemy import inspect

    from coach.store import models  # noqa: F401  (registers the tables)

    if inspect(conn).get_table_names():
        raise StoreError("the database holds another program's tables, not coach's; it was left untouched")
    SQLModel.metadata.create_all(conn)
    conn.execute(text("INSERT INTO coach_meta (key, value) VALUES ('app', 'coach')"))
    conn.execute(
        text("INSERT INTO coach_meta (key, value) VALUES ('schema_version', :v)"), {"v": str(SCHEMA_VERSION)}
    )
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def stored_version(conn: Connection) -> int | None:
    from sqlalchemy import inspect

    if "coach_meta" not in inspect(conn).get_table_names():
        return None
    row = conn.execute(text("SELECT value FROM coach_meta WHERE key = 'schema_version'")).fetchone()
    if row is None:
        raise StoreError("the database has coach's tables but no schema version; it was left untouched")
    try:
        version = int(row[0])
    except ValueError:
        raise StoreError(f"the database has an unreadable schema version {row[0]!r}; it was left untouched") from None
    if version < 1:
        raise StoreError(f"the database records schema version {version}, which no coach ever wrote; it was left untouched")
    return version


def upgrade(conn: Connection, from_version: int) -> None:
    """Run every migration after `from_version`, in order, then record the new version."""
    if from_version > SCHEMA_VERSION:
        raise StoreError(f"database schema {from_version} is newer than this coach knows ({SCHEMA_VERSION})")
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](conn)
    conn.execute(
        text("UPDATE coach_meta SET value = :v WHERE key = 'schema_version'"), {"v": str(SCHEMA_VERSION)}
    )


def backup_before_upgrade(path: Path, from_version: int, key: JournalKey | None = None) -> Path:
    """Copy the database beside itself (SQLite online backup) before a migration touches it; the copy of
    an encrypted journal is encrypted with the same key."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.schema{from_version}-{stamp}.bak")
    copy_database(path, target, key)
    return target


def copy_database(source: Path, target: Path, key: JournalKey | None = None) -> None:
    """A consistent copy of a live SQLite database through its online backup API, written like every
    output (coach.outputs: 0600, under a temp name until complete, never over the database itself);
    an encrypted journal's copy keeps its key."""
    from coach.outputs import OutputError, output_file
    from coach.store.engine.cipher import connect, readonly_uri

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with output_file(target, force=True, protect=[source]) as tmp:
            src = connect(readonly_uri(source), key, uri=True)
            dst = connect(tmp, key)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
    except OutputError as exc:
        raise StoreError(f"cannot write the copy kept before the upgrade: {exc}") from None
