"""`coach encrypt` / `coach decrypt` on the file: the journal is copied, encrypted or plain, into a new file
beside it (SQLCipher's `sqlcipher_export`), checked, and renamed over the old one, so a crash or `kill -9`
at any moment leaves either the old file or the new one, whole."""

from __future__ import annotations

import os
from pathlib import Path

from coach.store import StoreError
from coach.store.engine.cipher import JournalKey, database_errors, dbapi

ENCRYPTING = ".encrypting"  # the new file while it is written: <name>.encrypting beside the journal
DECRYPTING = ".decrypting"


def encrypt_journal(path: Path, key: JournalKey) -> None:
    """Encrypt the plain journal at `path` in place with `key` (made by cipher.new_key)."""
    _rewrite(path, source_key=None, dest_key=key.literal(), suffix=ENCRYPTING)


def decrypt_journal(path: Path, key: JournalKey) -> None:
    """Turn the encrypted journal at `path` (opened by `key`) back into a plain SQLite file, in place."""
    _rewrite(path, source_key=key, dest_key="", suffix=DECRYPTING)


def _rewrite(path: Path, *, source_key: JournalKey | None, dest_key: str, suffix: str) -> None:
    real = path.resolve()  # a journal reached through a symlink is rewritten where it really lives
    partial = real.with_name(real.name + suffix)
    _remove_leftover(partial)
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(f"cannot write beside {real}: {exc.strerror or exc}; nothing was changed") from None
    busy = StoreError(f"coach is open on {real} elsewhere; close it there and try again. Nothing was changed")
    conn = dbapi().connect(str(real), timeout=2, isolation_level=None)
    try:
        if source_key is not None:
            conn.execute(f'PRAGMA key = "{source_key.literal()}"')
        _export(conn, real, partial, dest_key, busy)
        _fsync(partial)
        os.replace(partial, real)
        _fsync(real.parent)
    except database_errors() as exc:
        _remove_leftover(partial)
        raise StoreError(f"could not rewrite {real} ({exc}); nothing was changed") from None
    except BaseException:
        _remove_leftover(partial)
        raise
    finally:
        conn.close()


def _export(conn, real: Path, partial: Path, dest_key: str, busy: StoreError) -> None:  # noqa: ANN001
    # Leaving WAL mode needs every other process's connection closed, idle ones too (so no other coach
    # can go on writing to the old file), and it folds any -wal file in: nothing is left that belonged to
    # the old file. (Connections within this one process do not count: the test uses another process.)
    try:
        if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower() != "delete":
            raise busy
    except database_errors() as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise busy from None
        raise
    # From the first lock on, hold it until the connection closes, after the rename: nobody reads the old file.
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(partial), dest_key))
    conn.execute("BEGIN EXCLUSIVE")
    if conn.execute("PRAGMA main.journal_mode").fetchone()[0].lower() != "delete":
        raise StoreError(f"coach was opened on {real} meanwhile; close it there and try again. Nothing was changed")
    conn.execute("SELECT sqlcipher_export('converted')")
    # sqlcipher_export copies tables and rows; the header marks coach sets are copied by hand.
    for pragma in ("application_id", "user_version"):
        value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
        conn.execute(f"PRAGMA converted.{pragma} = {value}")
    conn.execute("COMMIT")
    result = conn.execute("PRAGMA converted.integrity_check").fetchone()[0]
    if result != "ok":
        raise StoreError(f"the new file failed its integrity check ({result}); nothing was changed")
    tables = [row[0] for row in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        before = conn.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
        after = conn.execute(f"SELECT count(*) FROM converted.{quoted}").fetchone()[0]
        if before != after:
            raise StoreError(f"the new file lost rows of {table} ({before} -> {after}); nothing was changed")
    conn.execute("DETACH DATABASE converted")
    wal = real.with_name(real.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(f"{wal} is still there; close every coach and try again. Nothing was changed")


def _remove_leftover(partial: Path) -> None:
    """A half-written file from a run that was stopped (never the journal itself), with its journal."""
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        try:
            leftover.unlink()  # a symlink here is removed itself; what it points to is not touched
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"cannot remove the leftover {leftover}: {exc.strerror or exc}") from None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def plain_copies_beside(path: Path) -> list[Path]:
    """Unencrypted coach journals beside the journal, whatever their names (backups, copies before an
    upgrade, a copy made by hand or with `backup -o`): encrypting the journal does not change them, and the
    person should know they are there."""
    from coach.store.engine.cipher import SQLITE_HEADER

    real = path.resolve()
    found = []
    for candidate in sorted(real.parent.iterdir()):
        if candidate == real or candidate.name.endswith(("-wal", "-shm", "-journal")) or not candidate.is_file():
            continue
        try:
            with candidate.open("rb") as fh:
                if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    continue
        except OSError:
            continue
        if _holds_a_journal(candidate):
            found.append(candidate)
    return found


def _holds_a_journal(path: Path) -> bool:
    """Whether the plain SQLite file at `path` is a coach journal (it has coach's version table)."""
    import sqlite3

    from coach.store.engine.cipher import readonly_uri

    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'coach_meta'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False
