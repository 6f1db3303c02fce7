"""Every filesystem location coach uses, and how --db / COACH_DB choose the database."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from coach.store.engine.cipher import JournalKey

ENV_DB = "COACH_DB"
APP_NAME = "coach"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return default_data_dir() / "coach.db"


@dataclass(frozen=True)
class DbTarget:
    """Where the data lives: an SQLite file (`path`), SQLite in memory, or any SQLAlchemy URL."""

    url: str
    path: Path | None = None
    is_default: bool = False
    # An encrypted journal's key once its passphrase has been given (see coach/store/engine/cipher.py).
    key: JournalKey | None = field(default=None, repr=False, compare=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def in_memory(self) -> bool:
        return self.is_sqlite and self.path is None

    def with_key(self, key: JournalKey) -> DbTarget:
        return replace(self, key=key)

    def describe(self) -> str:
        """The file's path, or the URL with any password in it masked: this is what messages show."""
        return str(self.path) if self.path is not None else masked_url(self.url)


_URL_PASSWORD = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*):.*@")
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)[^&#]*", re.IGNORECASE)


def parsed_url(url: str) -> URL:
    """SQLAlchemy's reading of `url`, except that a password holding a raw `@` is kept whole (make_url
    alone ends it at the first `@` and takes the rest for the host). ArgumentError if it is no URL."""
    from sqlalchemy.engine import make_url

    scheme, _, rest = url.partition("://")
    if rest.count("@") < 2:
        return make_url(url)
    userinfo, _, tail = rest.rpartition("@")  # a host never holds an @: the password runs up to the last one
    user, _, password = userinfo.partition(":")
    return make_url(f"{scheme}://{user}@{tail}").set(password=unquote(password))


def masked_url(url: str) -> str:
    """`url` with a password written into it (user:secret@, or ?password=) shown as ***, so no message,
    screen or log line ever repeats it: SQLAlchemy's own rendering with the password hidden."""
    try:
        shown = parsed_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy can read: mask by hand, up to the last @
        shown = _URL_PASSWORD.sub(r"\g<head>:***@", url, count=1)
    return _QUERY_PASSWORD.sub(r"\g<head>***", shown)


def resolve_db(value: str | None = None) -> DbTarget:
    """Turn --db (or COACH_DB, or the default) into a DbTarget. A value with '://' is a URL."""
    raw = value or os.environ.get(ENV_DB) or ""
    if not raw:
        return DbTarget(url=_sqlite_url(default_db_path()), path=default_db_path(), is_default=True)
    if raw == ":memory:":
        return DbTarget(url="sqlite://")
    if "://" in raw:
        if raw.startswith("sqlite:///") and len(raw) > len("sqlite:///"):
            path = Path(os.path.expanduser(raw[len("sqlite:///") :]))
            return DbTarget(url=_sqlite_url(path), path=path)
        return DbTarget(url=raw)
    # os.path.expanduser leaves "~nosuchuser/x.db" as it is; Path.expanduser would raise RuntimeError.
    path = Path(os.path.expanduser(raw))
    return DbTarget(url=_sqlite_url(path), path=path)


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.absolute()}"
