"""Opening the store: engine, SQLite pragmas, permissions, and schema set-up or upgrade."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from coach.paths import DbTarget
from coach.store import SCHEMA_VERSION, StoreError
from coach.store.engine.cipher import JournalKey
from coach.store.engine.disk_trouble import damage_in, damaged
from coach.store.engine.guard import (
    check_integrity,
    inspect_database_file,
    is_read_only,
    read_only_refusal,
)
from coach.store.engine.migrations import backup_before_upgrade, create_schema, stored_version, upgrade

BUSY_TIMEOUT_MS = 10_000


class Store:
    """The open database. `session()` gives a unit of work committed on success."""

    def __init__(
        self, engine: Engine, target: DbTarget, backup_path: Path | None = None, *, read_only: bool = False
    ) -> None:
        self.engine = engine
        self.target = target
        self.read_only = read_only  # a file the person made read-only: opened for reading, never changed
        self.backup_path = backup_path  # the copy written before an upgrade, if one ran
        # An in-memory database is one shared connection: threads must take turns with it.
        self._turn = threading.RLock() if target.in_memory else nullcontext()
        self._identity = _file_identity(target.path)  # (device, inode): a file swapped under us is noticed
        self._reopen_lock = threading.Lock()

    @contextmanager
    def session(self) -> Iterator[Session]:
        replaced = self._follow_replaced_file()
        with self._turn, Session(self.engine, expire_on_commit=False) as session:
            wrote: list[bool] = []
            event.listen(session, "after_flush", lambda *_: wrote.append(True))
            try:
                yield session
                if replaced and (wrote or session.new or session.dirty or session.deleted):
                    raise JournalReplaced(
                        f"the journal at {self.target.describe()} was replaced by another file while coach had it "
                        "open (a sync tool or a restore?); your answers are kept and go into the new file with "
                        "your next answer"
                    )
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def _follow_replaced_file(self) -> bool:
        """If the journal's file is no longer the one opened (same path, another device or inode), open the
        new one instead (it must be a coach journal) and say so (True). A removed file: StoreError."""
        if self._identity is None:
            return False
        with self._reopen_lock:
            now = _file_identity(self.target.path)
            if now == self._identity:
                return False
            if now is None:
                raise JournalReplaced(f"the journal at {self.target.describe()} was removed while coach had it "
                                      "open; your answers are kept on screen")
            inspect_database_file(self.target.path, self.target.key)
            check_integrity(self.target.path, self.target.key)
            self.engine.dispose()  # its connections still hold the old file
            self.engine = make_engine(self.target, read_only=self.read_only)
            self._identity = now
            return True

    def schema_version(self) -> int | None:
        with self.engine.connect() as conn:
            return stored_version(conn)

    def close(self) -> None:
        self.engine.dispose()


class JournalReplaced(StoreError, ValueError):
    """The journal's file was swapped or removed while open; a form keeps its answers (a ValueError, which
    the autosave retries) and writes them into the new file next time."""


def _file_identity(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _prepare_sqlite_file(path: Path, is_default: bool) -> None:
    """Create the folder (0700 for our own data dir) and an empty 0600 file before SQLite opens it."""
    parent = path.parent
    if not parent.exists():
        try:
            parent.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot create {parent}: {exc.strerror or exc}") from None
    if is_default:
        parent.chmod(0o700)
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # a second coach started at the same moment created it first: share it
        except OSError as exc:
            raise StoreError(f"cannot create {path}: {exc.strerror or exc}") from None
        else:
            os.close(fd)
    path.chmod(0o600)


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver level so SQLAlchemy's "begin" hook below decides how transactions start.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    if cur.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cur.execute("PRAGMA journal_mode = WAL")
    # FULL: an answer the user has seen saved survives power loss too; writes are small and rare.
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _begin_immediate(conn) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    # Take the write lock up front: a deferred transaction that later upgrades to a writer can
    # fail with "database is locked" at once, without waiting for busy_timeout.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _read_only_engine(path: Path, key: JournalKey | None = None) -> Engine:
    """SQLite opened for reading only (no -wal or -shm created, nothing written, the mode left alone);
    through sqlcipher3 with the key when the journal is encrypted."""
    from sqlalchemy.pool import NullPool

    from coach.store.engine.cipher import connect as connect_db
    from coach.store.engine.cipher import dbapi, readonly_uri

    def connect():  # noqa: ANN202 - a DB-API connection of either driver
        return connect_db(readonly_uri(path), key, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)

    extra = {"module": dbapi()} if key is not None else {}
    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool, **extra)

    def pragmas(dbapi_conn, _record: object) -> None:  # noqa: ANN001 - either driver's connection
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute("PRAGMA query_only = ON")

    event.listen(engine, "connect", pragmas)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def make_engine(target: DbTarget, *, read_only: bool = False) -> Engine:
    if read_only and target.path is not None:
        return _read_only_engine(target.path, target.key)
    if target.is_sqlite:
        kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}}
        if target.in_memory:
            kwargs["poolclass"] = StaticPool
        if target.key is not None:
            kwargs.update(_encrypted_connections(target))
        engine = create_engine(target.url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    from coach.store.engine.server import server_engine

    return server_engine(target)


def _encrypted_connections(target: DbTarget) -> dict:
    """Engine arguments for an encrypted journal: sqlcipher3 connections keyed by a `creator`, so the key
    never enters the URL (SQLAlchemy shows URLs in logs and errors) and SQLAlchemy knows the driver's errors."""
    from functools import partial

    from coach.store.engine.cipher import connect, dbapi

    assert target.path is not None
    opener = partial(connect, str(target.path), target.key, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    return {"module": dbapi(), "creator": opener}


def open_store(target: DbTarget) -> Store:
    """Open (creating or upgrading as needed) the database at `target`, or raise StoreError."""
    backup_path = None
    read_only = False
    if target.path is not None:
        state = inspect_database_file(target.path, target.key)
        if state.schema_version is not None:
            check_integrity(target.path, target.key)  # a damaged page: one line now, not a traceback mid-screen
        read_only = state.exists and is_read_only(target.path)
        if read_only and state.schema_version is None:
            raise read_only_refusal(target.path, "set up a new database in it")
        if read_only and state.schema_version < SCHEMA_VERSION:
            raise read_only_refusal(target.path, f"upgrade it from schema {state.schema_version}")
        if not read_only:
            _prepare_sqlite_file(target.path, target.is_default)
    try:
        engine = make_engine(target, read_only=read_only)
        with engine.begin() as conn:
            version = stored_version(conn)
            if version is None:
                create_schema(conn)
            elif version < SCHEMA_VERSION:
                if target.path is not None and state.exists:
                    backup_path = backup_before_upgrade(target.path, version, target.key)
                upgrade(conn, version)
            elif version > SCHEMA_VERSION:
                raise StoreError(
                    f"{target.describe()} was written by a newer coach (schema {version}); update coach to open it"
                )
    except SQLAlchemyError as exc:
        if isinstance(exc, StoreError):  # a server's problem, already in plain words (coach/store/engine/server.py)
            raise
        if target.path is not None:
            from coach.store.engine.disk_trouble import explained

            known = explained(target.path, exc, target.key)
            if known is not None:
                raise known from None
        if damage_in(exc):
            raise damaged(target.describe(), damage_in(exc)) from None
        raise StoreError(f"cannot open {target.describe()}: {exc.__class__.__name__}: {_first_line(exc)}") from None
    return Store(engine, target, backup_path, read_only=read_only)


def sync_id_sequences(conn) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    """After rows were written with their ids given (an import, demo data): on PostgreSQL, move each table's
    id sequence past the largest id, or the next new row would be given an id already taken. SQLite needs
    nothing (a new rowid is always past the largest)."""
    if conn.dialect.name != "postgresql":
        return
    from sqlalchemy import false, func, select
    from sqlmodel import SQLModel

    from coach.store import models  # noqa: F401  (registers the tables)

    for table in SQLModel.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not column.primary_key:
            continue
        largest = select(func.coalesce(func.max(column), 0)).scalar_subquery()
        conn.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), largest + 1, false())))


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]
