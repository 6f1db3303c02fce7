"""Checks an SQLite file is a coach database we may open (sqlite3, or sqlcipher3 for an encrypted one), never writing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.store import APPLICATION_ID, SCHEMA_VERSION, StoreError
from coach.store.cipher import SQLITE_HEADER, JournalKey, JournalLocked, connect, database_errors, looks_encrypted


@dataclass(frozen=True)
class FileState:
    exists: bool
    schema_version: int | None  # None: a new or empty database that we may initialise


def inspect_database_file(path: Path, key: JournalKey | None = None) -> FileState:
    """Raise StoreError unless `path` is missing, empty, or a coach database this version can open
    (an encrypted one with its `key`; without it, JournalLocked)."""
    if not path.exists():
        return FileState(exists=False, schema_version=None)
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    if header == b"":
        return FileState(exists=True, schema_version=None)
    if header != SQLITE_HEADER and key is None:
        if looks_encrypted(path):
            raise JournalLocked(
                f"{path} is locked with a passphrase (or is not a coach database at all); it was left untouched"
            )
        raise StoreError(f"{path} is not a coach database (it is not an SQLite file); it was left untouched")
    try:
        version = _read_version(path, key)
    except database_errors() as exc:
        raise StoreError(f"{path} looks damaged ({exc}); it was left untouched. `coach doctor` can say more") from None
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer coach (schema {version}; this one knows up to {SCHEMA_VERSION}); "
            "update coach to open it. The file was left untouched"
        )
    return FileState(exists=True, schema_version=version)


def readonly_uri(path: Path) -> str:
    """A URI that reads `path` without creating or changing any file beside it.

    With a -wal file present (the database is in use, or was not closed cleanly) a plain read-only
    open is needed to see its content; without one, `immutable` keeps SQLite from creating one.
    """
    base = path.absolute().as_uri()
    if path.with_name(path.name + "-wal").exists():
        return f"{base}?mode=ro"
    return f"{base}?immutable=1"


def _read_version(path: Path, key: JournalKey | None) -> int | None:
    conn = connect(readonly_uri(path), key, uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "coach_meta" in tables:
            row = conn.execute("SELECT value FROM coach_meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                raise StoreError(f"{path} is a coach database without a schema version; it was left untouched")
            try:
                return int(row[0])
            except ValueError:
                raise StoreError(f"{path} has an unreadable schema version {row[0]!r}; it was left untouched") from None
        if not tables and app_id in (0, APPLICATION_ID):
            return None
        raise StoreError(f"{path} is an SQLite database from another program, not coach's; it was left untouched")
    finally:
        conn.close()
