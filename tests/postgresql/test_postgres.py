"""PostgreSQL as a second engine (issue 18): the test server itself, psycopg loaded only for a PostgreSQL URL,
two instances writing one journal, one journal giving the same export, numbers, report and screens on both
engines, migrations on a server, and every data command on either engine.

The store, CLI and report tiers elsewhere run on both engines too (tests marked `both_engines`, or taking
`journal_url`; see tests/conftest.py): `-k postgresql` selects the whole PostgreSQL tier."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coach.store.engine.db import Store
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
    assert result.stdout == "day 1 · today: not started yet\n"


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return set(out.split())


def test_psycopg_is_loaded_only_for_a_postgresql_url(db_path, store: Store):
    """The `postgres` extra is optional: the CLI, and every command on an SQLite journal, never import it."""
    store.close()
    assert not any(m.split(".")[0] == "psycopg" for m in _modules_after("import coach.cli.main"))
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


# --- two coach instances writing one journal ----------------------------------------------------


def _race(targets, writers, rounds: int = 12) -> None:
    """Run each writer in its own thread with its own Store (own engine and connections), all starting
    each round together, on a new day per round so that every round races to create the day's rows."""
    import threading
    from datetime import date, timedelta

    from coach.store.engine.db import open_store
    from tests.conftest import FIXED_NOW

    stores = [open_store(t) for t in targets]
    errors: list[BaseException] = []
    try:
        for n in range(rounds):
            day = date(2026, 1, 1) + timedelta(days=n)
            barrier = threading.Barrier(len(writers))

            def run(store, write):  # noqa: ANN001, ANN202
                try:
                    barrier.wait(timeout=30)
                    with store.session() as db:
                        write(db, day, FIXED_NOW)
                except BaseException as exc:  # noqa: BLE001 - collected and raised in the test's thread
                    errors.append(exc)

            threads = [threading.Thread(target=run, args=(s, w)) for s, w in zip(stores, writers, strict=True)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            assert not errors, errors
    finally:
        for s in stores:
            s.close()


@pytest.mark.both_engines
def test_two_instances_answering_the_same_day_lose_nothing(db_target, store: Store):
    """One instance saves the check-in while the other saves the goal of the same new day: both arrive."""
    from coach.store.sessions import load_session, save_answers

    def checkin(db, day, now):  # noqa: ANN001, ANN202
        save_answers(db, day, now, {"checkin": {"pain": 6, "tolerability": 4}, "session": {"current_step": "exercise"}})

    def goal(db, day, now):  # noqa: ANN001, ANN202
        save_answers(db, day, now, {"goal": {"text": "walk to the corner", "predicted_peak_pain": 7}})

    _race([db_target, db_target], [checkin, goal])
    from datetime import date, timedelta

    with store.session() as db:
        for n in range(12):
            saved = load_session(db, date(2026, 1, 1) + timedelta(days=n))
            assert saved is not None
            assert (saved.checkin["pain"], saved.checkin["tolerability"]) == (6, 4)
            assert (saved.goal["text"], saved.goal["predicted_peak_pain"]) == ("walk to the corner", 7)


@pytest.mark.both_engines
def test_two_instances_writing_different_answers_of_one_part_keep_both(db_target, store: Store):
    """Both instances write the same day's check-in at once, different questions: every answer survives."""
    from datetime import date, timedelta

    from coach.store.sessions import load_session, save_answers

    def pain(db, day, now):  # noqa: ANN001, ANN202
        save_answers(db, day, now, {"checkin": {"pain": 3, "note": "from the laptop"}})

    def sleep(db, day, now):  # noqa: ANN001, ANN202
        save_answers(db, day, now, {"checkin": {"sleep": 8, "withdrawal_signs": ["yawning"]}})

    _race([db_target, db_target], [pain, sleep])
    with store.session() as db:
        for n in range(12):
            saved = load_session(db, date(2026, 1, 1) + timedelta(days=n)).checkin
            assert (saved["pain"], saved["note"], saved["sleep"], saved["withdrawal_signs"]) == (
                3, "from the laptop", 8, ["yawning"])


@pytest.mark.both_engines
def test_two_instances_saving_one_setting_at_once_both_succeed(db_target, store: Store):
    """The first save of a setting from two instances at once: no unique-key error, one value stands."""
    from coach.store.settings import read_setting, save_setting

    def nord(db, day, now):  # noqa: ANN001, ANN202
        save_setting(db, "theme", "nord")
        save_setting(db, "day_start_hour", day.day % 24)

    def gruvbox(db, day, now):  # noqa: ANN001, ANN202
        save_setting(db, "theme", "gruvbox")
        save_setting(db, "day_start_hour", day.day % 24)

    _race([db_target, db_target], [nord, gruvbox], rounds=6)
    with store.session() as db:
        assert read_setting(db, "theme") in ("nord", "gruvbox")
        assert read_setting(db, "day_start_hour") == 6


# --- one journal, two engines: the same export, statistics and report ------------------------------


def test_an_export_from_postgresql_equals_the_sqlite_export_it_was_imported_from(tmp_path, pg_server):
    """A demo journal (a year, every table) on SQLite → export → import into PostgreSQL → export: the same
    bytes. Then the numbers and the report read from either engine are the same too."""
    import json

    from typer.testing import CliRunner

    from coach.cli.main import app
    from coach.demo.history import save_demo
    from coach.paths import resolve_db
    from coach.report import render_report
    from coach.store.engine.db import open_store
    from coach.store.queries.stats import last_days, summary
    from tests.conftest import FIXED_NOW

    runner = CliRunner()
    lite = tmp_path / "demo.db"
    save_demo(lite, days=365, now=FIXED_NOW, seed=11)
    pg = pg_server.new_database()
    exported = runner.invoke(app, ["--db", str(lite), "export", "-o", str(tmp_path / "lite.json")])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(app, ["--db", pg, "import", str(tmp_path / "lite.json")])
    assert imported.exit_code == 0, imported.output
    again = runner.invoke(app, ["--db", pg, "export", "-o", str(tmp_path / "pg.json")])
    assert again.exit_code == 0, again.output
    lite_text = (tmp_path / "lite.json").read_text(encoding="utf-8")
    assert (tmp_path / "pg.json").read_text(encoding="utf-8") == lite_text
    document = json.loads(lite_text)
    assert all(document[t] for t in ("daily_session", "checkin", "exercise_run", "exposure_goal", "reflection",
                                     "ladder_item", "medication", "taper_step", "setting"))

    today = FIXED_NOW.date()
    stores = [open_store(resolve_db(str(lite))), open_store(resolve_db(pg))]
    try:
        summaries = []
        for store in stores:
            with store.session() as db:
                summaries.append(summary(db, last_days(today, 90), today).as_dict())
        assert summaries[0] == summaries[1] and summaries[0]["sessions_started"] > 0
        for days in (30, 365):  # daily points, then weekly buckets
            reports = [render_report(store, today, days) for store in stores]
            assert reports[0] == reports[1]
        # After an import gave every id, new rows still get free ones (PostgreSQL's sequences caught up).
        from datetime import timedelta

        from coach.store.sessions import add_ladder_item, record_checkin

        with stores[1].session() as db:
            record_checkin(db, today + timedelta(days=1), FIXED_NOW, pain=4)
            add_ladder_item(db, "Carry the shopping", 50, FIXED_NOW)
    finally:
        for store in stores:
            store.close()
    pg_server.drop_database(pg)


# --- migrations on PostgreSQL ----------------------------------------------------------------------


def _catalog(url: str) -> dict[str, list[str]]:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            return {t: sorted(c["name"] for c in found.get_columns(t)) for t in sorted(found.get_table_names())}
    finally:
        engine.dispose()


def test_the_schema_is_created_from_empty_and_opening_again_changes_nothing(pg_server):
    from sqlmodel import SQLModel

    from coach.paths import resolve_db
    from coach.store import SCHEMA_VERSION
    from coach.store.engine.db import open_store
    from coach.store.transfer.journal import export_json

    url = pg_server.new_database()
    first = open_store(resolve_db(url))
    assert first.schema_version() == SCHEMA_VERSION and first.backup_path is None
    first.close()
    catalog = _catalog(url)
    assert set(catalog) == set(SQLModel.metadata.tables)
    for name, table in SQLModel.metadata.tables.items():
        assert catalog[name] == sorted(c.name for c in table.columns), name
    again = open_store(resolve_db(url))
    assert again.schema_version() == SCHEMA_VERSION and again.backup_path is None
    empty = export_json(again)
    again.close()
    assert _catalog(url) == catalog
    assert open_store(resolve_db(url)).schema_version() == SCHEMA_VERSION  # a third time, still nothing to do
    assert export_json(open_store(resolve_db(url))) == empty
    pg_server.drop_database(url)


def test_another_programs_database_is_refused_and_left_alone(pg_server):
    import psycopg

    from coach.paths import resolve_db
    from coach.store import StoreError
    from coach.store.engine.db import open_store

    url = pg_server.new_database()
    from sqlalchemy.engine import make_url

    libpq = pg_server.admin_uri.replace("/postgres?", f"/{make_url(url).database}?")
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer primary key, total numeric)")
    with pytest.raises(StoreError, match="another program"):
        open_store(resolve_db(url))
    assert _catalog(url) == {"invoices": ["id", "total"]}
    pg_server.drop_database(url)


def _schema_two(monkeypatch, migration):
    """Pretend this coach knows one schema more, reached by `migration`."""
    import coach.store
    import coach.store.engine.db
    import coach.store.engine.guard
    import coach.store.engine.migrations

    new = coach.store.SCHEMA_VERSION + 1
    for module in (coach.store, coach.store.engine.db, coach.store.engine.guard, coach.store.engine.migrations):
        monkeypatch.setattr(module, "SCHEMA_VERSION", new)
    monkeypatch.setitem(coach.store.engine.migrations.MIGRATIONS, new, migration)
    return new


def _journal_with_history(pg_server) -> tuple[str, str]:
    """A PostgreSQL journal holding 60 days of demo history in every table, and its export."""
    from coach.demo.history import demo_end, generate, load_params, write_history
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from coach.store.transfer.journal import export_json
    from tests.conftest import FIXED_NOW

    url = pg_server.new_database()
    store = open_store(resolve_db(url))
    try:
        write_history(store, generate(load_params(), days=60, end=demo_end(FIXED_NOW), tz=FIXED_NOW.tzinfo, seed=5))
        return url, export_json(store)
    finally:
        store.close()


def test_an_upgrade_runs_on_postgresql_and_keeps_every_row(pg_server, monkeypatch):
    from sqlalchemy import text

    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from coach.store.transfer.journal import export_json

    url, exported = _journal_with_history(pg_server)

    def add_a_column(conn):  # noqa: ANN001, ANN202
        conn.execute(text("ALTER TABLE checkin ADD COLUMN energy INTEGER"))
        conn.execute(text("UPDATE checkin SET energy = 5"))

    new = _schema_two(monkeypatch, add_a_column)
    store = open_store(resolve_db(url))
    try:
        assert store.schema_version() == new
        assert store.backup_path is None  # no file to copy beside: a server's backups are pg_dump's job
        assert export_json(store).replace(f'"schema": {new}', f'"schema": {new - 1}') == exported
        with store.engine.connect() as conn:
            assert set(conn.execute(text("SELECT DISTINCT energy FROM checkin")).scalars()) == {5}
    finally:
        store.close()
    again = open_store(resolve_db(url))  # opening again runs nothing a second time
    again.close()
    assert "energy" in _catalog(url)["checkin"]
    pg_server.drop_database(url)


def test_a_failing_migration_on_postgresql_changes_nothing(pg_server, monkeypatch):
    from sqlalchemy import text

    from coach.paths import resolve_db
    from coach.store import SCHEMA_VERSION, StoreError
    from coach.store.engine.db import open_store
    from coach.store.transfer.journal import export_json

    url, exported = _journal_with_history(pg_server)
    before = _catalog(url)

    def half_done(conn):  # noqa: ANN001, ANN202
        conn.execute(text("ALTER TABLE checkin ADD COLUMN energy INTEGER"))
        conn.execute(text("UPDATE checkin SET pain = NULL"))
        conn.execute(text("UPDATE no_such_table SET x = 1"))  # fails part-way

    _schema_two(monkeypatch, half_done)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(resolve_db(url))
    monkeypatch.undo()
    assert _catalog(url) == before  # PostgreSQL's DDL is transactional: the new column went too
    store = open_store(resolve_db(url))
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert export_json(store) == exported
    finally:
        store.close()
    pg_server.drop_database(url)


# --- the TUI on a PostgreSQL journal -------------------------------------------------------------


async def _walk_the_app(url: str) -> dict[str, str]:
    """`coach --db URL` as the launcher builds it, on a journal with 90 days of demo history: every screen
    opened in turn (tests/screen_walk.py), what each showed."""
    from datetime import timedelta

    from coach.tui.launch import make_tui_app
    from tests.conftest import FIXED_NOW
    from tests.screen_walk import walk

    app, settings = make_tui_app(url, clock=lambda: FIXED_NOW)
    async with app.run_test(size=(120, 50)) as pilot:
        seen = await walk(app, pilot, FIXED_NOW.date() - timedelta(days=1))
        assert app.is_running
    return seen


def _demo_journal(target) -> None:  # noqa: ANN001 - DbTarget
    from coach.demo.history import demo_end, generate, load_params, write_history
    from coach.store.engine.db import open_store
    from tests.conftest import FIXED_NOW

    store = open_store(target)
    try:
        write_history(store, generate(load_params(), days=90, end=demo_end(FIXED_NOW), tz=FIXED_NOW.tzinfo, seed=3))
    finally:
        store.close()


async def test_every_screen_opens_on_a_postgresql_journal_as_on_sqlite(pg_server, tmp_path):
    """The same journal on each engine: every main screen (Home, the session steps, History, a day and its
    corrections, Progress, Ladder, Taper, Settings, Learn, Exercises, Help) opens without an error and shows
    the same text on PostgreSQL as on SQLite."""
    from coach.paths import resolve_db

    url = pg_server.new_database()
    lite = str(tmp_path / "walk.db")
    for where in (url, lite):
        _demo_journal(resolve_db(where))
    on_pg = await _walk_the_app(url)
    on_sqlite = await _walk_the_app(lite)
    expected = {"home", "help", "exercises", "learn", "ladder", "taper", "progress", "history", "settings",
                "day", "day-corrections", "edit-note", "session-checkin", "session-goal", "session-summary"}
    assert expected <= set(on_pg), sorted(expected - set(on_pg))
    assert "Day " in on_pg["home"] and "oxycodone" in on_pg["taper"].lower()
    different = [name for name in on_sqlite if on_pg.get(name) != on_sqlite[name]]
    assert not different, {name: (on_sqlite[name], on_pg.get(name)) for name in different[:1]}
    pg_server.drop_database(url)


# --- the whole CLI on either engine ----------------------------------------------------------------


@pytest.mark.both_engines
def test_every_data_command_works_on_the_journal(db_target, journal_url: str, store: Store, tmp_path):
    """status, stats, report, every export format and import, on 90 demo days (doctor and backup have
    their own tests): exit 0, no traceback, output that holds the data."""
    import json
    import zipfile

    from typer.testing import CliRunner

    from coach.cli.main import app

    store.close()
    _demo_journal(db_target)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--db", journal_url, *args])
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
        return result.stdout

    assert run("status").startswith("day ")
    assert "sessions" in run("stats", "--days", "60").lower()
    assert json.loads(run("stats", "--json", "--days", "60"))["sessions_started"] > 0
    run("report", "-o", str(tmp_path / "r.html"), "--days", "60")
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8").lower()
    # The first FHIR export or share stores the journal's id, which the JSON export then carries
    run("export", "-f", "fhir", "-o", str(tmp_path / "f.json"), "--days", "60")
    assert json.loads((tmp_path / "f.json").read_text())["resourceType"] == "Bundle"
    run("export", "-f", "share", "-o", str(tmp_path / "s.json"), "--yes")
    assert json.loads((tmp_path / "s.json").read_text())
    exported = run("export")
    assert len(json.loads(exported)["daily_session"]) > 50
    run("export", "-f", "csv", "-o", str(tmp_path / "c.zip"))
    assert "checkin.csv" in zipfile.ZipFile(tmp_path / "c.zip").namelist()
    (tmp_path / "e.json").write_text(exported, encoding="utf-8")
    assert "Nothing new to import" in run("import", str(tmp_path / "e.json"))
    assert run("export") == exported


def test_names_are_ordered_by_code_point_on_every_engine():
    """A PostgreSQL server's locale collation would order ladder names otherwise than SQLite (this test
    server runs C.UTF-8, so only the compiled SQL can show it): names are ordered with COLLATE "C" there."""
    from sqlalchemy import func, select
    from sqlalchemy.dialects import postgresql, sqlite

    from coach.store.models import LadderItem
    from coach.store.engine.portable_sql import text_order

    stmt = select(LadderItem.id).order_by(text_order(func.lower(LadderItem.name)))
    assert str(stmt.compile(dialect=postgresql.dialect())).endswith('ORDER BY (lower(ladder_item.name)) COLLATE "C"')
    assert str(stmt.compile(dialect=sqlite.dialect())).endswith("ORDER BY lower(ladder_item.name)")


def test_a_postgresql_url_without_the_driver_says_how_to_install_it(tmp_path):
    """Without the `postgres` extra: one line naming it, exit 2, no traceback."""
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = None  # as if `pip install 'coach[postgres]'` had not been run\n"
        "from coach.__main__ import main\n"
        "main(['--db', 'postgresql+psycopg://coach@/journal?host=/nonexistent', 'stats'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "coach[postgres]" in result.stderr and "psycopg" in result.stderr


def test_the_sqlite_fast_paths_step_aside_for_a_server(pg_server):
    """The start-up reads with plain sqlite3 are for files: for a PostgreSQL URL they answer None, so the
    app and `coach status` read through the store (SQLAlchemy) instead."""
    from datetime import timedelta

    from coach.paths import resolve_db
    from coach.store.sessions import record_checkin
    from coach.store.queries.status import quick_home, quick_settings, status_text
    from tests.conftest import FIXED_NOW

    url = pg_server.new_database()
    target = resolve_db(url)
    assert target.path is None and not target.is_sqlite
    assert quick_settings(target, now=FIXED_NOW) is None and quick_home(target, FIXED_NOW) is None
    from coach.store.engine.db import open_store

    pg = open_store(target)
    try:
        with pg.session() as db:
            record_checkin(db, FIXED_NOW.date() - timedelta(days=1), FIXED_NOW, tolerability=6)
    finally:
        pg.close()
    assert status_text(target, FIXED_NOW) == "day 2 · today: not started yet · tolerability 7-day 6.0/10"
    pg_server.drop_database(url)
