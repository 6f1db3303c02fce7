"""A complete coach database written to a new file in one step (`coach demo --save`): filled under a
temp name beside the target through coach.outputs, and given its name only when whole and on disk."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from coach.outputs import OutputError, output_file
from coach.paths import resolve_db
from coach.store import StoreError
from coach.store.engine.db import Store, open_store


def write_new_database(
    path: Path, fill: Callable[[Store], None], *, force: bool = False, protect: Iterable[Path] = ()
) -> None:
    """Create a coach database, `fill(store)` it, and only then put it at `path`: kill -9 or a full disk
    never leaves a half-written database there. Raises StoreError (one line)."""
    try:
        with output_file(path, force=force, protect=protect) as tmp:
            store = open_store(resolve_db(str(tmp)))
            try:
                fill(store)
            finally:
                store.close()
            # One self-contained file: fold the WAL in, so renaming the main file carries everything.
            conn = sqlite3.connect(tmp)
            try:
                conn.execute("PRAGMA journal_mode = DELETE")
            finally:
                conn.close()
    except OutputError as exc:
        raise StoreError(str(exc)) from None
    except (StoreError, SQLAlchemyError, sqlite3.Error) as exc:  # a full disk while SQLite writes
        from coach.store.engine.disk_trouble import DiskFull, disk_full, disk_is_full, full_disk_in, io_error_in

        if isinstance(exc, DiskFull) or full_disk_in(exc) or (io_error_in(exc) and disk_is_full(path)):
            raise disk_full(path, changed="nothing was written") from None
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0].split(": ")[-1]
        raise StoreError(f"cannot write {path} ({detail}); nothing was written") from None
