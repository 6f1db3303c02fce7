"""Tells a full disk, or a disk I/O error on a file that is not damaged, from real damage, so coach never
points to a restore unless SQLite's integrity check says the journal is damaged."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from coach.store import StoreError, wrapped_errors
from coach.store.engine.cipher import database_errors

FULL_WORDS = ("database or disk is full",)  # SQLITE_FULL
IO_WORDS = ("disk I/O error",)  # SQLITE_IOERR: on a full disk, SQLite often says only this
FULL_BELOW_BYTES = 1 << 20  # less free space than this on the journal's disk: it is full, for SQLite's purposes


class DiskFull(StoreError):
    """The disk holding the journal (or a file being written) is full: one line, and no word of damage."""


def disk_full(path: Path | str, *, changed: str = "nothing was changed") -> DiskFull:
    return DiskFull(f"the disk holding {path} is full; free some space ({changed})")


DAMAGE_WORDS = ("malformed", "not a database")


def damaged(path: Path | str, detail: object) -> StoreError:
    return StoreError(
        f"{path} looks damaged ({detail}); it was left untouched. `coach doctor` says more, and the README "
        "says how to restore a backup"
    )


def database_message(error: BaseException, words: tuple[str, ...]) -> str | None:
    """The first line of a database driver's error in `error`, or in what it wraps (SQLAlchemy's .orig, a
    worker's .error, a cause or context), that says one of `words`; None if there is none."""
    for exc in wrapped_errors(error):
        if isinstance(exc, database_errors()) and any(word in str(exc) for word in words):
            return str(exc).splitlines()[0]
    return None


def damage_in(error: BaseException) -> str | None:
    """The sqlite3 message if `error` (or what it wraps) says the database file is damaged; else None."""
    return database_message(error, DAMAGE_WORDS)


def full_disk_in(error: BaseException) -> bool:
    """True if `error` (or what it wraps) is ENOSPC / EDQUOT or SQLite's SQLITE_FULL."""
    for exc in wrapped_errors(error):
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
    return database_message(error, FULL_WORDS) is not None


def io_error_in(error: BaseException) -> bool:
    return database_message(error, IO_WORDS) is not None


def disk_is_full(path: Path) -> bool:
    """Whether the disk holding `path` (or its nearest existing folder) has next to no space left."""
    where = Path(path).absolute()
    while not where.exists() and where != where.parent:
        where = where.parent
    try:
        stats = os.statvfs(where)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < FULL_BELOW_BYTES


def _quick_check(path: Path, key) -> str | None:  # noqa: ANN001 - JournalKey | None
    """SQLite's quick check of `path`: "ok", what it found, or None when it cannot run."""
    from coach.store.engine.cipher import connect, database_errors
    from coach.store.engine.cipher import readonly_uri

    try:
        conn = connect(readonly_uri(path), key, uri=True)
        try:
            return conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            conn.close()
    except database_errors():
        return None


def explained(path: Path, error: BaseException, key=None) -> StoreError | None:  # noqa: ANN001 - JournalKey
    """The one line for a database error met on the SQLite file at `path`: a full disk; an I/O error on a
    file whose quick check passes or cannot run (not damage); damage (only where SQLite says so, or its
    integrity check finds it); None for anything else."""
    io_error = io_error_in(error)
    if full_disk_in(error) or (io_error and disk_is_full(path)):
        return disk_full(path)
    if io_error:
        verdict = _quick_check(path, key)
        if verdict is not None and verdict != "ok":
            return damaged(path, "its integrity check failed")
        checked = "it passed its integrity check" if verdict == "ok" else "its integrity check could not run"
        return StoreError(
            f"coach could not read or write {path} (a disk I/O error), but {checked}, so it does not look damaged "
            "and was left untouched: check the disk (free space, a drive removed) and try again"
        )
    problem = damage_in(error)
    return damaged(path, problem) if problem else None
