"""PostgreSQL as a second engine (issue 18): the test server itself, psycopg loaded only for a PostgreSQL URL."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coach.store.db import Store
from tests.pg_server import sqlalchemy_url


def test_pgserver_uri_becomes_a_psycopg_url_with_the_socket_folder():
    url = sqlalchemy_url("postgresql://postgres:@/postgres?host=/tmp/pg sock", "coach_1")
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    assert parsed.drivername == "postgresql+psycopg" and parsed.username == "postgres" and parsed.password is None
    assert parsed.query["host"] == "/tmp/pg sock" and parsed.database == "coach_1"


def test_each_test_gets_an_empty_journal_on_its_engine(store: Store, engine: str, journal_url: str):
    assert store.engine.dialect.name == engine
    assert store.schema_version() is not None
    if engine == "postgresql":
        assert journal_url.startswith("postgresql+psycopg://")
    from sqlalchemy import text

    with store.session() as db:
        assert db.execute(text("SELECT count(*) FROM daily_session")).scalar_one() == 0


@pytest.mark.both_engines
def test_the_cli_opens_the_journal_by_its_url(journal_url: str, store: Store):
    result = subprocess.run([sys.executable, "-m", "coach", "--db", journal_url, "status"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "day" in result.stdout.lower() or result.stdout.strip()


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return set(out.split())


def test_psycopg_is_loaded_only_for_a_postgresql_url(db_path, store: Store):
    """The `postgres` extra is optional: the CLI, and every command on an SQLite journal, never import it."""
    store.close()
    assert not any(m.split(".")[0] == "psycopg" for m in _modules_after("import coach.cli"))
    code = (
        "from coach.__main__ import main\n"
        "try:\n"
        f"    main(['--db', {str(db_path)!r}, 'stats', '--json'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
    )
    modules = _modules_after(code)
    assert "sqlalchemy" in modules  # the store did open
    assert not any(m.split(".")[0] == "psycopg" for m in modules)
