"""A journal on a real PostgreSQL server, as a person meets it (issue 18, part B): the server's problems in
one plain line (refused, wrong or missing password, no such database, a connection lost mid-command), the
password never shown, `doctor`, `backup`/`encrypt`/`decrypt`, and the README's claims (PGPASSWORD,
~/.pgpass, pg_dump, two computers on one journal)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from coach.paths import masked_url, resolve_db
from coach.store import SCHEMA_VERSION
from coach.store.engine.db import open_store

SECRET = "right-horse-battery"
ROLE = "coach_pw"


def coach(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full = {key: value for key, value in os.environ.items() if not key.startswith("PG")}  # only what a test gives
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, timeout=120,
                          env=full, cwd=cwd)


def one_plain_line(result: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 2, one line on stderr naming the problem, no traceback or SQL, nothing on stdout but doctor's header."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("coach: error: "), err
    for word in words:
        assert word in err, err
    for leak in ("Traceback", "SELECT", "(psycopg", "psycopg.errors", "OperationalError", "sqlalche.me", SECRET, "wrong-horse"):
        assert leak not in err and leak not in result.stdout, (leak, err, result.stdout)
    return err


@pytest.fixture
def pg_url(pg_server) -> str:
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url)


def _admin(pg_server, sql: str) -> None:
    pg_server._admin(sql)


@pytest.fixture
def password_url(pg_server, pg_url) -> str:
    """`pg_url` for a role that must give a password (scram-sha-256), owner of the journal's database."""
    hba = pg_server.folder / "data" / "pg_hba.conf"
    rule = f"local   all   {ROLE}   scram-sha-256\n"
    text = hba.read_text()
    if rule not in text:
        hba.write_text(rule + text)  # first match wins: only this role is asked for a password
    _admin(pg_server, f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') "
                      f"THEN CREATE ROLE {ROLE} LOGIN PASSWORD '{SECRET}'; END IF; END$$")
    _admin(pg_server, "SELECT pg_reload_conf()")
    database = make_url(pg_url).database
    _admin(pg_server, f'ALTER DATABASE "{database}" OWNER TO {ROLE}')
    return make_url(pg_url).set(username=ROLE).render_as_string(hide_password=False)


COMMANDS = [["status"], ["stats"], ["export"], ["report", "-o", "r.html"], ["import", "in.json"], ["doctor"]]
IDS = ["status", "stats", "export", "report", "import", "doctor"]


def _import_file(folder: Path) -> None:
    # A valid, empty export: import checks the file before it opens the journal, so only a good one reaches it.
    (folder / "in.json").write_text(json.dumps({"format": "coach-export", "version": 1, "schema": SCHEMA_VERSION}))


@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_a_server_that_is_not_there_is_one_line_and_exit_2(args, tmp_path):
    _import_file(tmp_path)
    url = "postgresql+psycopg://sam:wrong-horse@127.0.0.1:1/coach"  # nothing listens on port 1
    err = one_plain_line(coach("--db", url, *args, cwd=tmp_path), "127.0.0.1:1", "not answering")
    assert not (tmp_path / "r.html").exists()
    assert "wrong-horse" not in err


@pytest.mark.parametrize("args", [["status"], ["import", "in.json"]], ids=["status", "import"])
def test_a_database_that_is_not_on_the_server_is_named(args, pg_server, tmp_path):
    _import_file(tmp_path)
    url = make_url(pg_server.new_database()).set(database="coach_nowhere").render_as_string(hide_password=False)
    one_plain_line(coach("--db", url, *args, cwd=tmp_path), "no database 'coach_nowhere'")


def test_a_wrong_password_is_refused_in_plain_words_and_never_shown(password_url):
    url = make_url(password_url).set(password="wrong-horse").render_as_string(hide_password=False)
    err = one_plain_line(coach("--db", url, "status"), f"refused to let '{ROLE}' in", "PGPASSWORD")
    assert "wrong-horse" not in err
    one_plain_line(coach("--db", password_url, "stats", env={"PGPASSWORD": "wrong-horse"}), "refused")


def test_no_password_at_all_says_where_to_put_one(password_url):
    one_plain_line(coach("--db", password_url, "status"), "asks for a password", "PGPASSWORD", "~/.pgpass")


def test_the_password_from_pgpassword_or_pgpass_opens_the_journal(password_url, tmp_path):
    """The README: the password goes in PGPASSWORD or ~/.pgpass, not in the URL."""
    assert coach("--db", password_url, "status", env={"PGPASSWORD": SECRET}).returncode == 0
    home = tmp_path / "home"
    home.mkdir()
    pgpass = home / ".pgpass"
    url = make_url(password_url)
    # The README's form, host:port:database:user:password (the host here: the server's socket folder).
    pgpass.write_text(f"{url.query['host']}:5432:{url.database}:{ROLE}:{SECRET}\n")
    pgpass.chmod(0o644)  # others may read it: libpq ignores it, and coach says how to fix that
    err = coach("--db", password_url, "status", env={"HOME": str(home)}).stderr
    assert f"PostgreSQL ignores {pgpass} because others may read it: chmod 600 {pgpass}" in err, err
    pgpass.chmod(0o600)
    result = coach("--db", password_url, "status", env={"HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("day 1")


def test_a_password_written_in_the_url_is_masked_in_every_message(password_url, tmp_path):
    url = make_url(password_url).set(password=SECRET).render_as_string(hide_password=False)
    doctor = coach("--db", url, "doctor")
    assert doctor.returncode == 0, doctor.stderr
    assert f"{ROLE}:***@" in doctor.stdout and SECRET not in doctor.stdout + doctor.stderr
    backup = coach("--db", url, "backup")
    assert backup.returncode == 2 and SECRET not in backup.stdout + backup.stderr
    assert masked_url(url) == resolve_db(url).describe() and SECRET not in resolve_db(url).describe()


def test_a_connection_lost_mid_import_is_one_line_and_writes_nothing(pg_server, pg_url, tmp_path, capsys, monkeypatch):
    """The server ends the connection while `coach import` writes: one plain line, exit 2, and the import's
    transaction left nothing behind once the server takes connections again."""
    from coach.cli.main import run_cli
    from coach.store.transfer import journal as transfer

    source = tmp_path / "source.db"
    assert coach("demo", "--days", "20", "--save", str(source)).returncode == 0
    export = tmp_path / "e.json"
    assert coach("--db", str(source), "export", "-o", str(export)).returncode == 0
    open_store(resolve_db(pg_url)).close()
    database = make_url(pg_url).database
    real = transfer._import_table
    calls = []

    def drop_the_connection_then_write(db, name, *args):  # noqa: ANN001, ANN202 - as transfer's
        calls.append(name)
        if len(calls) == 3:  # some rows are in the transaction already
            _admin(pg_server, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'")
        return real(db, name, *args)

    monkeypatch.setattr(transfer, "_import_table", drop_the_connection_then_write)
    with pytest.raises(SystemExit) as ended:
        run_cli(["--db", pg_url, "import", str(export)])
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "connection to the database server" in err and "was lost" in err, err
    monkeypatch.undo()
    store = open_store(resolve_db(pg_url))
    try:
        from sqlalchemy import text

        with store.session() as db:
            assert db.execute(text("SELECT count(*) FROM daily_session")).scalar_one() == 0
    finally:
        store.close()


def test_the_store_comes_back_once_the_server_takes_connections_again(pg_server, pg_url):
    """A lost connection is one plain error; the next unit of work after the server is back just works
    (pooled connections are checked before use)."""
    from sqlalchemy import text

    from coach.store.engine.server import ServerUnavailable

    database = make_url(pg_url).database
    store = open_store(resolve_db(pg_url))
    try:
        with pytest.raises(ServerUnavailable, match="was lost"):
            with store.session() as db:
                db.execute(text("SELECT 1"))
                _admin(pg_server, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'")
                db.execute(text("SELECT 1"))
        _admin(pg_server, f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        try:
            with pytest.raises(ServerUnavailable, match="stopped answering"):
                with store.session() as db:
                    db.execute(text("SELECT 1"))
        finally:
            _admin(pg_server, f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        with store.session() as db:
            assert db.execute(text("SELECT count(*) FROM daily_session")).scalar_one() == 0
    finally:
        store.close()


def test_doctor_on_a_server_checks_the_connection_not_files(pg_url, tmp_path):
    source = tmp_path / "source.db"
    assert coach("demo", "--days", "20", "--save", str(source)).returncode == 0
    export = tmp_path / "e.json"
    assert coach("--db", str(source), "export", "-o", str(export)).returncode == 0
    assert coach("--db", pg_url, "import", str(export)).returncode == 0
    result = coach("--db", pg_url, "doctor")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "connection: ok (PostgreSQL " in out and f"database '{make_url(pg_url).database}'" in out
    assert f"schema: {SCHEMA_VERSION} (this coach: {SCHEMA_VERSION}; migrations up to date)" in out
    sqlite_doctor = coach("--db", str(source), "doctor").stdout
    entries = [line for line in out.splitlines() if line.startswith("entries: ")]
    assert entries and entries == [line for line in sqlite_doctor.splitlines() if line.startswith("entries: ")]
    assert "days" in entries[0] and not entries[0].startswith("entries: 0 days")
    for file_talk in ("permission", "mode ", "size:", "integrity", "quick_check", "folder:", "journal: "):
        assert file_talk not in out, file_talk
    assert out.rstrip().endswith("All good.")


def test_doctor_reads_only_an_empty_server_database(pg_url):
    """doctor never sets up a journal: an empty database stays empty."""
    result = coach("--db", pg_url, "doctor")
    assert result.returncode == 0, result.stderr
    assert "schema: empty, not yet set up" in result.stdout
    import psycopg

    libpq = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0


@pytest.mark.parametrize("command", ["backup", "encrypt", "decrypt"])
def test_file_only_commands_say_so_on_a_server_and_change_nothing(command, pg_url, tmp_path):
    open_store(resolve_db(pg_url)).close()
    result = coach("--db", pg_url, command, cwd=tmp_path, env={"COACH_PASSPHRASE": "a long passphrase here"})
    err = one_plain_line(result, "SQLite")
    assert "nothing was" in err
    assert list(tmp_path.iterdir()) == []
    if command == "backup":
        assert "pg_dump -Fc" in err and "coach export" in err


def test_the_pg_dump_command_backup_gives_makes_a_backup_that_restores(pg_server, pg_url, tmp_path):
    """The README's way to back up a PostgreSQL journal, run as written: pg_dump to a file, pg_restore into
    a new database, and coach exports the same journal from it."""
    import re

    import pgserver._commands as pg_commands

    bin_dir = Path(pg_commands.POSTGRES_BIN_PATH)
    source = tmp_path / "source.db"
    assert coach("demo", "--days", "30", "--save", str(source)).returncode == 0
    export = tmp_path / "e.json"
    assert coach("--db", str(source), "export", "-o", str(export)).returncode == 0
    assert coach("--db", pg_url, "import", str(export)).returncode == 0
    advice = coach("--db", pg_url, "backup").stderr
    command = re.search(r"pg_dump -Fc -f coach.dump '([^']+)'", advice)
    assert command, advice
    dump = tmp_path / "coach.dump"
    subprocess.run([str(bin_dir / "pg_dump"), "-Fc", "-f", str(dump), command.group(1)], check=True, timeout=120)
    restored = pg_server.new_database()
    try:
        libpq = make_url(restored).set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run([str(bin_dir / "pg_restore"), "--no-owner", "-d", libpq, str(dump)], check=True, timeout=120)
        again = coach("--db", restored, "export")
        original = coach("--db", pg_url, "export")
        assert again.returncode == 0 and original.returncode == 0
        assert again.stdout == original.stdout and json.loads(again.stdout)["daily_session"]
    finally:
        pg_server.drop_database(restored)


@pytest.mark.parametrize("message", [
    'relation "daily_session" does not exist',
    'duplicate key value violates unique constraint "daily_session_day_key"',
    'column "database" does not exist',
    "function sum(boolean) does not exist",
])
def test_errors_in_coachs_own_sql_are_not_dressed_up_as_server_problems(message):
    """Only the server's and the connection's problems get plain words; a bug in a query still surfaces."""
    from coach.store.engine.server import problem_words

    url = make_url("postgresql+psycopg://sam@db.example.org/coach")
    assert problem_words(Exception(message), "db.example.org", url) is None


SPECIAL_ROLE, SPECIAL_SECRET = "coach_pw_special", "Zq/?#@:%Xw"


def test_a_password_holding_each_of_the_url_specials_connects_and_never_shows(pg_server, pg_url):
    """The password holds / ? # @ : %: written raw or percent-encoded into the URL, coach connects as that
    role (the whole password, not the part before an @) and `doctor` shows it as *** only."""
    from urllib.parse import quote

    hba = pg_server.folder / "data" / "pg_hba.conf"
    rule = f"local   all   {SPECIAL_ROLE}   scram-sha-256\n"
    if rule not in hba.read_text():
        hba.write_text(rule + hba.read_text())
    _admin(pg_server, f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{SPECIAL_ROLE}') "
                      f"THEN CREATE ROLE {SPECIAL_ROLE} LOGIN PASSWORD '{SPECIAL_SECRET}'; END IF; END$$")
    _admin(pg_server, "SELECT pg_reload_conf()")
    url = make_url(pg_url)
    _admin(pg_server, f'ALTER DATABASE "{url.database}" OWNER TO {SPECIAL_ROLE}')
    query = "&".join(f"{key}={value}" for key, value in url.query.items())
    for password in (SPECIAL_SECRET, quote(SPECIAL_SECRET, safe="")):
        written = f"postgresql://{SPECIAL_ROLE}:{password}@/{url.database}?{query}"
        doctor = coach("--db", written, "doctor")
        said = doctor.stdout + doctor.stderr
        assert doctor.returncode == 0, said
        assert "connection: ok" in said and f"{SPECIAL_ROLE}:***@" in said
        assert "Zq" not in said and "Xw" not in said, said
