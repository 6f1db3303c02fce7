"""A real PostgreSQL server for the test suite: pgserver's bundled binaries (installed by `make test`), one
server per test session in its own temp folder, a fresh empty database per test."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Set on CI (.ci/run): a server that cannot start fails the run instead of skipping the PostgreSQL tier.
ENV_REQUIRE = "COACH_REQUIRE_POSTGRES"


def postgres_required() -> bool:
    return os.environ.get(ENV_REQUIRE, "") == "1"


def sqlalchemy_url(uri: str, database: str) -> str:
    """pgserver's libpq URI (`postgresql://postgres:@/postgres?host=/socket/dir`) as the SQLAlchemy URL coach
    takes with --db: the psycopg 3 driver, the given database, the unix-socket folder kept in `host`."""
    from sqlalchemy.engine import URL, make_url

    given = make_url(uri)  # its empty password (`postgres:@`) is dropped: the server trusts local connections
    url = URL.create("postgresql+psycopg", username=given.username, host=given.host, port=given.port,
                     database=database, query=given.query)
    return url.render_as_string(hide_password=False)


@dataclass
class PgServer:
    """A running server: `new_database()` gives a URL to a fresh, empty database; `stop()` ends it all."""

    server: object  # pgserver.PostgresServer
    folder: Path
    version: str
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def admin_uri(self) -> str:
        return self.server.get_uri()  # type: ignore[attr-defined]

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_uri, autocommit=True) as conn:  # CREATE DATABASE runs outside a transaction
            conn.execute(sql)

    def new_database(self) -> str:
        name = f"coach_test_{os.getpid()}_{next(self._names)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return sqlalchemy_url(self.admin_uri, name)

    def drop_database(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self.server.cleanup()  # type: ignore[attr-defined]
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> PgServer:
    """Start a throwaway server in a new temp folder (not pytest's: as root, pgserver opens every folder
    above its data directory to the unprivileged user it runs postgres as). Raises on any failure."""
    import warnings

    import psycopg

    with warnings.catch_warnings():  # no XDG_RUNTIME_DIR (CI, root): its lock file goes to /tmp/runtime-<uid>, fine
        warnings.simplefilter("ignore")
        import pgserver

    folder = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    try:
        server = pgserver.get_server(folder / "data", cleanup_mode="stop")
        with psycopg.connect(server.get_uri(), autocommit=True) as conn:
            # A throwaway server: no waiting on the disk (CREATE and DROP DATABASE checkpoint, each commit
            # flushes). Durability is not what these tests are about; the queries and their results are.
            for setting in ("fsync", "full_page_writes", "synchronous_commit"):
                conn.execute(f"ALTER SYSTEM SET {setting} = off")
            conn.execute("SELECT pg_reload_conf()")
            version = conn.execute("SHOW server_version").fetchone()[0]
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return PgServer(server=server, folder=folder, version=version)
