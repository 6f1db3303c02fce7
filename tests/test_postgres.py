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


# --- two coach instances writing one journal ----------------------------------------------------


def _race(targets, writers, rounds: int = 12) -> None:
    """Run each writer in its own thread with its own Store (own engine and connections), all starting
    each round together, on a new day per round so that every round races to create the day's rows."""
    import threading
    from datetime import date, timedelta

    from coach.store.db import open_store
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
