"""`--db` and `--projector` work after the command as well as before it."""

from __future__ import annotations

import json
import shlex

import pytest
from typer.testing import CliRunner

from coach.cli.main import app

runner = CliRunner()


@pytest.fixture
def launches(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "coach.tui.launch.launch_exercise",
        lambda db, key, minutes, projector, record=False: calls.append(("exercise", db, key, projector)) or 0,
    )
    monkeypatch.setattr(
        "coach.tui.launch.launch_tui",
        lambda db, start, projector, record=False: calls.append((start, db, projector)) or 0,
    )
    return calls


def _journal(path):
    """A real, empty journal at `path` (reading commands never create one at a named path)."""
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store

    open_store(resolve_db(str(path))).close()
    return path


def test_db_after_the_command_is_the_database_used(tmp_path):
    db = _journal(tmp_path / "after.db")
    after = runner.invoke(app, ["stats", "--json", "--db", str(db)])
    assert after.exit_code == 0, after.output
    assert db.exists() and not (tmp_path / "xdg-data").exists()  # the default database was left alone
    before = runner.invoke(app, ["--db", str(db), "stats", "--json"])
    assert json.loads(after.stdout) == json.loads(before.stdout)
    equals = runner.invoke(app, ["stats", f"--db={db}", "--days", "7", "--json"])
    assert equals.exit_code == 0 and json.loads(equals.stdout)["days"] == 7


def test_exercise_takes_db_and_projector_after_its_name(launches, tmp_path):
    db = str(_journal(tmp_path / "x.db"))
    assert runner.invoke(app, ["exercise", "box-breathing", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["exercise", "box-breathing", "--projector", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["--projector", "exercise", "box-breathing"]).exit_code == 0
    assert launches == [
        ("exercise", db, "box-breathing", False),
        ("exercise", db, "box-breathing", True),
        ("exercise", None, "box-breathing", True),
    ]


def test_session_takes_db_and_projector_after_it(launches, tmp_path):
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["session", "--db", db, "--projector"]).exit_code == 0
    assert launches == [("session", db, True)]


def test_serve_own_data_takes_db_after_it(monkeypatch, tmp_path):
    commands = []
    monkeypatch.setattr("coach.web.serve.serve_forever", lambda command, **kw: commands.append(command) or 0)
    db = str(tmp_path / "mine.db")
    assert runner.invoke(app, ["serve", "--own-data", "--db", db]).exit_code == 0
    assert shlex.split(commands[0])[-2:] == ["--db", db]


def test_an_option_after_a_double_dash_stays_an_argument(launches):
    result = runner.invoke(app, ["exercise", "--", "--db"])
    assert result.exit_code == 2 and "--db" in result.stderr and "Traceback" not in result.output
    assert launches == []


def test_db_after_the_command_without_a_value_is_a_usage_error():
    result = runner.invoke(app, ["stats", "--db"])
    assert result.exit_code == 2 and "Option '--db' requires an argument" in result.output
    assert "Traceback" not in result.output
