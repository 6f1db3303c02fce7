"""A journal on a database server (PostgreSQL): its engine, and the server's errors in plain words.

Every error the server or the connection to it can cause (refused, wrong password, no such database, a
connection dropped mid-session) becomes one `ServerUnavailable` here, in the engine's `handle_error` hook,
so the CLI prints one line and the app keeps unsaved answers for a retry, whatever the code was doing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from coach.paths import DbTarget, parsed_url
from coach.store import StoreError, wrapped_errors

CONNECT_TIMEOUT_S = 10  # an unreachable host: one line after 10 s, not a prompt hanging for minutes


class ServerUnavailable(StoreError, SQLAlchemyError):
    """The database server cannot be reached or refused us. A StoreError (one line, exit 2) that is also a
    database error, so code that keeps answers when a write fails (the session wizard) keeps them."""


# libpq's own words (psycopg passes them on; a connection refused at start carries no SQLSTATE).
_MISSING_DATABASE = ("does not exist",)
_NEEDS_PASSWORD = ("no password supplied", "fe_sendauth: no password")
_REFUSED_LOGIN = ("password authentication failed", "authentication failed", "pg_hba.conf rejects", "role ")
_NOT_ANSWERING = (
    "Connection refused", "No such file or directory", "could not connect", "timeout expired", "failed to resolve host",
    "Name or service not known", "could not translate host name", "No route to host", "Network is unreachable",
    "is not currently accepting connections", "the database system is shutting down",
    "the database system is starting up", "the database system is in recovery mode",
)
_DROPPED = (
    "terminating connection", "server closed the connection", "consuming input failed", "connection is closed",
    "connection is lost", "the connection is closed", "SSL connection has been closed", "Broken pipe",
    "Connection reset by peer", "sending query failed", "connection already closed",
)


def postgres_url(url: str) -> URL:
    """`postgresql://` or `postgres://` (libpq's spelling) means psycopg 3, the driver coach supports."""
    parsed = parsed_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_postgres(target: DbTarget) -> bool:
    return target.url.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def server_engine(target: DbTarget) -> Engine:
    """An engine for a server URL: connections checked before use (one dropped while idle is replaced
    quietly), a connect timeout, and the server's errors in plain words. Without psycopg: one line."""
    url = postgres_url(target.url) if is_postgres(target) else parsed_url(target.url)
    args: dict[str, Any] = {}
    if url.drivername.startswith("postgresql") and "connect_timeout" not in url.query:
        args["connect_timeout"] = CONNECT_TIMEOUT_S
    try:
        engine = create_engine(url, pool_pre_ping=True, connect_args=args)
    except ImportError as exc:
        if is_postgres(target) and (exc.name or "").split(".")[0] == "psycopg":
            raise StoreError(
                "PostgreSQL support is not installed: pip install 'coach[postgres]' (the psycopg package)"
            ) from None
        raise StoreError(f"cannot open {target.describe()}: the driver it names is not installed ({exc})") from None
    where = where_of(url)
    answered: list[bool] = []  # once a connection has worked, "not answering" means it stopped

    def plain_words(context: Any) -> ServerUnavailable | None:  # sqlalchemy ExceptionContext
        if context.is_pre_ping:
            return None  # a stale pooled connection: SQLAlchemy connects afresh, and says so if that fails
        words = problem_words(context.original_exception, where, url, disconnect=context.is_disconnect,
                              answered_before=bool(answered))
        return ServerUnavailable(words) if words else None

    event.listen(engine, "handle_error", plain_words)
    event.listen(engine, "connect", lambda *_: answered.append(True) if not answered else None)
    return engine


def libpq_url(target: DbTarget) -> str:
    """The journal's URL as PostgreSQL's own tools take it (pg_dump, psql): no driver name, no password
    (they read PGPASSWORD or ~/.pgpass)."""
    url = postgres_url(target.url)
    bare = URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database,
                      query={key: value for key, value in url.query.items() if key != "password"})
    return bare.render_as_string(hide_password=False)


def pg_dump_advice(target: DbTarget) -> str:
    """The one line `coach backup` gives for a PostgreSQL journal: never a pretend copy."""
    return (f"coach backup copies SQLite files; a PostgreSQL journal is backed up with the server's own tool, "
            f"pg_dump -Fc -f coach.dump '{libpq_url(target)}' (pg_restore puts it back), or with "
            "`coach export -o coach.json`; nothing was written")


def where_of(url: URL) -> str:
    """The server as a person would name it: `db.example:5433`, or the local socket folder."""
    host = url.host or url.query.get("host")
    if isinstance(host, tuple):
        host = ",".join(host)
    if not host:
        return "this computer (the default socket)"
    return f"{host}:{url.port}" if url.port else str(host)


def problem_words(
    error: BaseException, where: str, url: URL, *, disconnect: bool = False, answered_before: bool = False
) -> str | None:
    """One plain line for a connection problem in `error` (None for anything else: a bug, a constraint)."""
    text = str(error)
    user = url.username or "your user name"
    database = url.database or "(none given)"
    if any(words in text for words in _NOT_ANSWERING):
        if answered_before:
            return f"the database server at {where} stopped answering (it may have stopped or be restarting)"
        return (f"the database server at {where} is not answering (is it running, and is the address in "
                "--db right?)")
    if 'database "' in text and any(words in text for words in _MISSING_DATABASE):
        return f"there is no database {database!r} on the server at {where} (check the name in --db, or create it)"
    if any(words in text for words in _NEEDS_PASSWORD):
        loose = _loose_pgpass()
        if loose:
            return (f"the server at {where} asks for a password for {user!r}, and PostgreSQL ignores {loose} "
                    f"because others may read it: chmod 600 {loose}")
        return (f"the server at {where} asks for a password for {user!r}: set PGPASSWORD, or add it to "
                "~/.pgpass (keep it out of the URL)")
    if any(words in text for words in _REFUSED_LOGIN) and ("FATAL" in text or "authentication" in text):
        return (f"the server at {where} refused to let {user!r} in (check the user name, and the password in "
                "PGPASSWORD or ~/.pgpass)")
    if getattr(error, "sqlstate", None) == "42501" or "permission denied for" in text:
        return (f"the server at {where} lets {user!r} in, but not read or change coach's tables in {database!r} "
                "(permission denied); the database's owner can grant that")
    if disconnect or any(words in text for words in _DROPPED):
        return f"the connection to the database server at {where} was lost (it may have stopped or restarted)"
    return None


def _loose_pgpass() -> str | None:
    """The password file libpq would read (PGPASSFILE, or ~/.pgpass) if it exists but others may read it."""
    import os
    from pathlib import Path

    path = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")
    try:
        return str(path) if path.is_file() and path.stat().st_mode & 0o077 else None
    except OSError:
        return None


def server_problem_in(error: BaseException) -> ServerUnavailable | None:
    """The ServerUnavailable in `error` or anything it wraps (a worker's .error, a cause or context)."""
    return next((exc for exc in wrapped_errors(error) if isinstance(exc, ServerUnavailable)), None)
