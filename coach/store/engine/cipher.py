"""Encryption at rest with SQLCipher (the optional `sqlcipher3` package): telling an encrypted journal
from a plain one, turning a passphrase into its key, and opening connections with that key.

The passphrase is used once, to derive the key, and is never kept. The key is derived here exactly as
SQLCipher 4 does by default (PBKDF2-HMAC-SHA512, 256,000 iterations, the 16-byte salt that opens the
file), so the file stays a standard SQLCipher 4 database that the passphrase opens in other tools too.
Deriving once and handing SQLCipher the raw key spares every later connection the deliberately slow
derivation (about half a second each on a shared 2-core machine).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.store import StoreError

if TYPE_CHECKING:
    from coach.paths import DbTarget

SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KDF_ITERATIONS = 256_000  # SQLCipher 4's default
KEY_BYTES = 32
INSTALL_HINT = "pip install 'coach[encrypt]' (the sqlcipher3 package) into coach's environment"


class JournalLocked(StoreError):
    """The journal is encrypted and no passphrase was given."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the journal."""


class Passphrase:
    """A passphrase as typed, carried through the code without ever showing itself: Textual prints a
    crash's traceback with every frame's local variables, and a plain string would be among them."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def reveal(self) -> str:
        return self._text

    def __bool__(self) -> bool:
        return bool(self._text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Passphrase) and other._text == self._text

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "Passphrase(hidden)"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a passphrase is never pickled")


class JournalKey:
    """The raw SQLCipher key (and salt) of one journal. It never shows itself: not in a repr, a log, a
    traceback's locals, or a pickle."""

    __slots__ = ("_literal",)

    def __init__(self, raw: bytes, salt: bytes) -> None:
        if len(raw) != KEY_BYTES or len(salt) != SALT_BYTES:
            raise ValueError("a journal key is 32 bytes of key and 16 of salt")
        self._literal = f"x'{raw.hex()}{salt.hex()}'"

    def literal(self) -> str:
        """The key as SQLCipher reads it in `PRAGMA key` or `ATTACH ... KEY` (hex digits only)."""
        return self._literal

    def __repr__(self) -> str:
        return "JournalKey(hidden)"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a journal key is never pickled")


def derive_key(passphrase: Passphrase, salt: bytes) -> JournalKey:
    if not passphrase:
        raise StoreError("the passphrase is empty")
    import hashlib  # here, not at start-up: only an encrypted journal needs it
    return JournalKey(
        hashlib.pbkdf2_hmac("sha512", passphrase.reveal().encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES), salt
    )


def new_key(passphrase: Passphrase) -> JournalKey:
    """A key for a journal about to be encrypted: the passphrase with a fresh random salt."""
    return derive_key(passphrase, os.urandom(SALT_BYTES))


def looks_encrypted(path: Path) -> bool:
    """True for a file that is not plain SQLite but is shaped like an SQLCipher database (whole pages,
    at least one). Only the passphrase can tell it from random bytes; `unlock` says which it was."""
    try:
        if not path.is_file():
            return False
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return size >= 512 and size % 512 == 0 and header != SQLITE_HEADER


def is_locked(target: DbTarget) -> bool:
    """An encrypted journal file whose key has not been given yet. (Here, not in coach.cli.encryption, so the
    launcher asks it without loading the passphrase commands: every start asks.)"""
    return target.path is not None and target.key is None and looks_encrypted(target.path)


def require() -> None:
    """StoreError saying how to install the optional package, if it is missing; cheap (nothing is loaded:
    the passphrase screen must not wait for SQLCipher's 20 MB library)."""
    from importlib.util import find_spec

    if find_spec("sqlcipher3") is None:
        raise StoreError(f"encryption needs the optional SQLCipher support: {INSTALL_HINT}")


def dbapi() -> Any:
    """The sqlcipher3 DB-API module, or StoreError saying how to install it."""
    try:
        return _quiet_sqlcipher()
    except ImportError:
        raise StoreError(f"encryption needs the optional SQLCipher support: {INSTALL_HINT}") from None


@functools.cache
def _quiet_sqlcipher() -> Any:
    from sqlcipher3 import dbapi2

    # SQLCipher writes its own lines to stderr on a wrong key (a process-wide setting); the caller
    # already says it in one line.
    probe = dbapi2.connect(":memory:")
    probe.execute("PRAGMA cipher_log_level = NONE")
    probe.close()
    return dbapi2


def database_errors() -> tuple[type[BaseException], ...]:
    """The error classes of both drivers, for `except database_errors():` (sqlcipher3's only if loaded)."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error,) if cipher is None else (sqlite3.Error, cipher.Error)


def connect(database: str | Path, key: JournalKey | None, **kwargs: Any) -> Any:
    """A DB-API connection: stdlib sqlite3 for a plain file, sqlcipher3 with the key set for an encrypted one."""
    if key is None:
        return sqlite3.connect(database, **kwargs)
    conn = dbapi().connect(str(database), **kwargs)
    try:
        conn.execute(f'PRAGMA key = "{key.literal()}"')
    except BaseException:
        conn.close()
        raise
    return conn


def readonly_uri(path: Path) -> str:
    """A URI that reads `path` without creating or changing any file beside it.

    With a -wal file present (the database is in use, or was not closed cleanly) a plain read-only
    open is needed to see its content; without one, `immutable` keeps SQLite from creating one.
    """
    base = path.absolute().as_uri()
    if path.with_name(path.name + "-wal").exists():
        return f"{base}?mode=ro"
    return f"{base}?immutable=1"


def read_salt(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(SALT_BYTES)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None


def unlock(path: Path, passphrase: Passphrase) -> JournalKey:
    """The key that opens the encrypted journal at `path`, checked by reading it (never writing), or
    WrongPassphrase."""
    dbapi()  # say "install it" before spending a second on the key
    key = derive_key(passphrase, read_salt(path))
    try:
        conn = connect(readonly_uri(path), key, uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except database_errors():
        raise WrongPassphrase(f"that passphrase does not open {path}; nothing was changed") from None
    return key
