"""`coach exercise`: the library listing, unknown names with close matches, and which screen it opens."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.content import load_exercises

runner = CliRunner()


def test_list_prints_every_exercise_with_its_length():
    result = runner.invoke(app, ["exercise", "--list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "LENGTH", "TITLE", "KIND"]
    assert len(lines) == 1 + len(load_exercises())
    assert any(line.startswith("paced-breathing ") and " 5 min " in line for line in lines)
    assert any(line.startswith("body-scan ") and " 8 min " in line for line in lines)


def test_list_with_minutes_shows_the_new_lengths():
    result = runner.invoke(app, ["exercise", "--list", "--minutes", "10"])
    assert result.exit_code == 0
    assert all(" 10 min " in line or " 11 min " in line for line in result.stdout.splitlines()[1:])


def test_list_does_not_import_textual():
    code = (
        "import sys; from coach.cli.main import run_cli\n"
        "try:\n    run_cli(['exercise', '--list'])\nexcept SystemExit:\n    pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("breathing", "paced-breathing"), ("box", "box-breathing"), ("body scna", "body-scan")],
)
def test_unknown_name_suggests_close_matches(name, suggestion):
    result = runner.invoke(app, ["exercise", name])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"no exercise called {name!r}" in result.stderr and suggestion in result.stderr
    assert "Traceback" not in result.output


def test_unknown_name_without_a_match_points_to_the_list():
    result = runner.invoke(app, ["exercise", "zzzz"])
    assert result.exit_code == 2
    assert "coach exercise --list" in result.stderr


@pytest.mark.parametrize("minutes", ["0", "-3", "90"])
def test_bad_minutes_is_one_line_exit_2(minutes):
    result = runner.invoke(app, ["exercise", "box-breathing", "--minutes", minutes])
    assert result.exit_code == 2
    assert "--minutes" in result.stderr and "Traceback" not in result.output


def test_name_and_no_name_open_the_right_screens(monkeypatch, db_path):
    calls = []
    monkeypatch.setattr(
        "coach.tui.launch.launch_exercise",
        lambda db, key, minutes, projector, record: calls.append((db, key, minutes, projector, record)) or 0,
    )
    monkeypatch.setattr(
        "coach.tui.launch.launch_tui",
        lambda db, start, projector, record: calls.append((db, start, projector, record)) or 0,
    )
    db_path.touch()  # a named database must exist (a mistyped one is refused, see test_cli)
    assert runner.invoke(app, ["--db", str(db_path), "exercise", "Box_Breathing", "-m", "2"]).exit_code == 0
    assert runner.invoke(app, ["exercise", "--projector"]).exit_code == 0
    assert runner.invoke(app, ["exercise", "--projector", "--record"]).exit_code == 0
    assert calls == [
        (str(db_path), "box-breathing", 2.0, False, False), (None, "exercises", True, False),
        (None, "exercises", True, True),
    ]
