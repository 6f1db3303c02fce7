"""`coach stats` as a table or JSON, and the data commands staying free of Textual."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.unit.test_stats import build_history
from tests.conftest import coach_today

# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

runner = CliRunner()


def test_stats_table_and_json(store, journal_url):
    build_history(store, 40, end=coach_today(), skip_every=10)
    result = runner.invoke(app, ["--db", journal_url, "stats", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "Sessions done" in result.stdout and "Streak" in result.stdout and "Tolerability" in result.stdout
    result = runner.invoke(app, ["--db", journal_url, "stats", "--days", "30", "--json"])
    data = json.loads(result.stdout)
    assert data["days"] == 30 and data["sessions_done"] == 27
    assert data["end"] == coach_today().isoformat()
    assert set(data["tolerability_bands"]) == {"intolerable", "tolerable", "livable"}


def test_stats_on_empty_database(store, journal_url):
    result = runner.invoke(app, ["--db", journal_url, "stats", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sessions_started"] == 0
    result = runner.invoke(app, ["--db", journal_url, "stats"])
    assert result.exit_code == 0 and "0 of 30 days" in result.stdout


def test_stats_bad_days_is_usage_error(store, journal_url):
    result = runner.invoke(app, ["--db", journal_url, "stats", "--days", "-3"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_data_commands_do_not_import_textual(store, journal_url, tmp_path):
    code = (
        "import sys\n"
        "from coach.__main__ import main\n"
        f"db = {journal_url!r}\n"
        f"out = {str(tmp_path)!r}\n"
        "for args in (['stats'], ['stats', '--json'], ['export', '-o', out + '/e.json'],\n"
        "             ['export', '-f', 'csv', '-o', out + '/e.zip'], ['import', out + '/e.json'],\n"
        "             ['report', '-o', out + '/r.html'],\n"
        # the day without the full screen (issue 26): every answer by flag, and the plain reading
        "             ['checkin', '--pain', '6', '--tolerability', '4', '--distress', '5', '--sleep', '7',\n"
        "              '--mood', '6', '--dose', 'on-schedule', '--withdrawal', 'yawning', '--warning', 'drowsy',\n"
        "              '--note', 'n', '--peg-pain', '5', '--peg-enjoyment', '5', '--peg-activity', '5'],\n"
        "             ['goal', '--activity', 'stairs', '--expect-pain', '6', '--expect-tolerability', '5'],\n"
        "             ['reflect', '--outcome', 'not-today'], ['today'], ['today', '--json'], ['history'],\n"
        "             ['history', '--json'], ['progress'], ['progress', '--json'], ['learn'],\n"
        "             ['learn', 'exposure-practice'], ['taper'], ['taper', '--json'], ['session', '--plain']):\n"
        "    try:\n"
        "        main(['--db', db] + args)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (args, exc.code)\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr


def test_stats_says_what_the_entries_show_with_day_counts(store, journal_url):
    from coach.domain.days import coach_day, local_now

    build_history(store, 20, end=coach_day(local_now()))
    result = runner.invoke(app, ["--db", journal_url, "stats", "--days", "30", "--json"])
    shown = {i["key"]: i for i in json.loads(result.stdout)["what_your_entries_show"]}
    assert set(shown) == {"sleep", "exercise", "gap", "calming"}
    assert not shown["sleep"]["enough"] and "0 days rated 7+ and 20 days rated lower" in shown["sleep"]["sentence"]
    assert shown["calming"]["enough"] and "(20 runs)" in shown["calming"]["sentence"]
    result = runner.invoke(app, ["--db", journal_url, "stats", "--days", "30"])
    assert "What your entries show" in result.stdout and "not in hours" in result.stdout
