"""Checks an SQLite file is a coach database we may open (sqlite3, or sqlcipher3 for an encrypted one), never writing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from coach.paths import DbTarget
from coach.store import APPLICATION_ID, SCHEMA_VERSION, StoreError
from coach.store.engine.disk_trouble import damaged, database_message, explained
from coach.store.engine.cipher import (
    SQLITE_HEADER, JournalKey, JournalLocked, connect, database_errors, looks_encrypted, readonly_uri,
)


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
        raise read_trouble(path, exc, key) from None
    if version is not None and version < 1:
        raise StoreError(f"{path} records schema version {version}, which no coach ever wrote; it was left untouched")
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer coach (schema {version}; this one knows up to {SCHEMA_VERSION}); "
            "update coach to open it. The file was left untouched"
        )
    return FileState(exists=True, schema_version=version)


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


def require_database(target: DbTarget) -> None:
    """Refuse a database file named with --db / COACH_DB that does not exist: a mistyped path must not
    quietly become a new, empty journal. (The default location is created on first use; a URL or
    memory is the store's business.)"""
    if target.path is not None and not target.is_default and not os.path.lexists(target.path):
        raise StoreError(f"no database at {target.path} (check --db or COACH_DB; `coach` starts a new one there)")


# sqlite3's words for a file whose pages are not what SQLite wrote (a damaged disk, a half-copied file).
def check_integrity(path: Path, key: JournalKey | None = None) -> None:
    """Raise StoreError if SQLite's quick check finds a damaged page (reads only; a few ms a year of data)."""
    try:
        conn = connect(readonly_uri(path), key, uri=True)
        try:
            result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            conn.close()
    except database_errors() as exc:
        raise read_trouble(path, exc, key) from None
    if result != "ok":
        raise damaged(path, "its integrity check failed")


def read_trouble(path: Path, error: BaseException, key: JournalKey | None = None) -> StoreError:
    """The one line for an error reading the file at `path`: a full disk, an I/O error, damage (only where
    SQLite says so), or else what the driver said; never a restore for what is not damage."""
    return explained(path, error, key) or StoreError(f"cannot read {path} ({str(error).splitlines()[0]}); "
                                                     "it was left untouched")


def is_read_only(path: Path) -> bool:
    """The person made this file read-only (no owner write bit), or we may not write it. The mode bit
    counts even for root, who could write anyway: read-only is what the person asked for."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & 0o200 or not os.access(path, os.W_OK)


READ_ONLY_WORDS = ("readonly database", "read-only database")


def read_only_in(error: BaseException) -> bool:
    """True if `error` (or what it wraps) is SQLite refusing to write a read-only database."""
    return database_message(error, READ_ONLY_WORDS) is not None


def read_only_refusal(path: Path | str, doing: str) -> StoreError:
    return StoreError(
        f"{path} is read-only, so coach cannot {doing}; reading commands (stats, report, export, backup) "
        f"still work, or make it writable with `chmod u+w {path}`"
    )
