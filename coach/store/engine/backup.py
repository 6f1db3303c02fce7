"""`coach backup`: a consistent copy of a live database through SQLite's online backup API.

Uses only sqlite3 (sqlcipher3 for an encrypted journal; no SQLAlchemy), reads the source without changing
it, and writes the copy as a new 0600 file through coach.outputs; an existing file is never overwritten
without --force. An encrypted journal's copy stays encrypted with the same passphrase.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from coach.paths import DbTarget
from coach.store import StoreError
from coach.store.engine.cipher import JournalKey, connect, database_errors, readonly_uri
from coach.store.engine.guard import check_integrity, inspect_database_file, is_read_only

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


def backup_database(
    target: DbTarget,
    output: Path | None = None,
    *,
    now: datetime | None = None,
    force: bool = False,
    protect: Iterable[Path] = (),
) -> Path:
    """Copy the database at `target` to `output` (default: beside it, timestamped); return the copy's path.

    The copy goes through coach.outputs: written under a temp name beside `output`, checked, fsynced,
    and only then given its name, so a full disk or kill -9 never leaves a damaged copy under it.
    Raises StoreError with a one-line message for anything the user can fix.
    """
    if target.path is None:
        from coach.store.engine.server import is_postgres, pg_dump_advice

        if is_postgres(target):
            raise StoreError(pg_dump_advice(target))
        raise StoreError(f"backup works on an SQLite database file, not {target.describe()}")
    source = target.path
    state = inspect_database_file(source, target.key)  # refuses files that are not coach's, damaged or newer
    if not state.exists:
        raise StoreError(f"there is no database at {source} yet, so there is nothing to back up")
    if state.schema_version is None:
        raise StoreError(f"{source} is empty (coach has not set it up yet), so there is nothing to back up")
    check_integrity(source, target.key)  # a copy of a damaged file is no backup
    dest = default_backup_path(source, now) if output is None else output.expanduser()
    if dest.is_dir():  # a folder, or a link to one: the copy goes inside it
        dest = default_backup_path(dest / source.name, now)
    from coach.outputs import OutputError, output_file

    try:
        with output_file(dest, force=force, protect=[source, *protect]) as tmp:
            _copy(source, tmp, target.key)
    except OutputError as exc:
        raise StoreError(str(exc)) from None
    except database_errors() as exc:
        from coach.store.engine.disk_trouble import disk_full, disk_is_full, full_disk_in, io_error_in

        if full_disk_in(exc) or (io_error_in(exc) and disk_is_full(dest)):
            raise disk_full(dest, changed="nothing was written") from None
        raise StoreError(f"the backup failed and nothing was written: {exc}") from None
    return dest


def _copy(source: Path, dest: Path, key: JournalKey | None) -> None:
    # Normal locking (not `immutable`): another coach may be writing right now, and the backup API
    # then copies one consistent moment. `rw` never creates a file, and as the last connection it
    # tidies the -wal/-shm files away on close; a read-only file is read as `readonly_uri` says.
    if is_read_only(source) or not os.access(source.parent, os.W_OK):
        uri = readonly_uri(source)  # nothing created beside a file the person made read-only
    else:
        uri = f"{source.absolute().as_uri()}?mode=rw"
    src = connect(uri, key, uri=True, timeout=10)
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
