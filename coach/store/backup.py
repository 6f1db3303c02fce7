"""`coach backup`: a consistent copy of a live database through SQLite's online backup API.

Uses only sqlite3 (sqlcipher3 for an encrypted journal; no SQLAlchemy), reads the source without changing it, and writes the copy as a
new 0600 file; an existing file is never overwritten.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from coach.paths import DbTarget
from coach.store import StoreError
from coach.store.cipher import JournalKey, connect, database_errors
from coach.store.guard import inspect_database_file

PAGES_PER_STEP = 256  # copy in steps so a writer in another process is never held up for long


def default_backup_path(db_path: Path, now: datetime | None = None) -> Path:
    """`coach-backup-YYYYMMDD-HHMMSS.db` beside the database; `-2`, `-3`, ... if that name is taken."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = db_path.suffix or ".db"
    candidate = db_path.with_name(f"{db_path.stem}-backup-{stamp}{suffix}")
    n = 2
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.stem}-backup-{stamp}-{n}{suffix}")
        n += 1
    return candidate


def backup_database(target: DbTarget, output: Path | None = None, *, now: datetime | None = None) -> Path:
    """Copy the database at `target` to `output` (default: beside it, timestamped); return the copy's path.

    Raises StoreError with a one-line message for anything the user can fix.
    """
    if target.path is None:
        raise StoreError(f"backup works on an SQLite database file, not {target.describe()}")
    source = target.path
    state = inspect_database_file(source, target.key)  # refuses files that are not coach's, damaged or newer
    if not state.exists:
        raise StoreError(f"there is no database at {source} yet, so there is nothing to back up")
    if state.schema_version is None:
        raise StoreError(f"{source} is empty (coach has not set it up yet), so there is nothing to back up")
    dest = default_backup_path(source, now) if output is None else output.expanduser()
    if dest.is_dir():
        dest = default_backup_path(dest / source.name, now)
    if dest.absolute() == source.absolute():
        raise StoreError("the backup cannot be written over the database itself; choose another file")
    if not dest.parent.is_dir():
        raise StoreError(f"the folder {dest.parent} does not exist")
    try:
        fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise StoreError(f"{dest} already exists; choose another name (a backup never overwrites a file)") from None
    except OSError as exc:
        raise StoreError(f"cannot create {dest}: {exc.strerror or exc}") from None
    os.close(fd)
    os.chmod(dest, 0o600)  # whatever the umask said
    try:
        _copy(source, dest, target.key)
    except (*database_errors(), OSError) as exc:
        dest.unlink(missing_ok=True)
        raise StoreError(f"the backup failed and nothing was written: {exc}") from None
    return dest


def _copy(source: Path, dest: Path, key: JournalKey | None) -> None:
    # Normal locking (not `immutable`): another coach may be writing right now, and the backup API
    # then copies one consistent moment. `rw` never creates a file, and as the last connection it
    # tidies the -wal/-shm files away on close; a read-only file falls back to `ro`.
    uri = source.absolute().as_uri()
    mode = "rw" if os.access(source, os.W_OK) and os.access(source.parent, os.W_OK) else "ro"
    src = connect(f"{uri}?mode={mode}", key, uri=True, timeout=10)
    try:
        # An encrypted journal's copy gets the same key and salt: it stays encrypted, with the same passphrase.
        dst = connect(dest, key)
        try:
            src.backup(dst, pages=PAGES_PER_STEP)
            # A single self-contained file: no -wal beside the copy, so it can be moved or mailed as is.
            dst.execute("PRAGMA journal_mode = DELETE")
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(f"the copy failed its integrity check ({result})")
        finally:
            dst.close()
    finally:
        src.close()
