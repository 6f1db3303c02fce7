"""A setting that does not fit its check: refused by import in one line naming the key; one already in a
journal reads as the default with one warning, and export, stats, report, status and the app still work."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.domain.preferences import DEFAULTS
from coach.domain.setting_checks import CHECKS, SettingError, setting_or_default, validate_setting
from coach.paths import resolve_db
from coach.store import SCHEMA_VERSION
from coach.store.engine.db import open_store
from coach.store.queries.status import quick_settings, status_text

runner = CliRunner()
# What the adversarial pass imported under day_start_hour: all refused now.
HOSTILE = ["²", "abc", 99, -5, 1e3, [1], {"a": 1}, True, "٣", "1.5", "", " 3x"]


@pytest.mark.parametrize("key", sorted(CHECKS))
@pytest.mark.parametrize("value", HOSTILE + [None, 3, "7", 0])
def test_every_check_answers_with_a_value_or_a_setting_error(key, value):
    try:
        validate_setting(key, value)
    except SettingError as exc:
        assert key in str(exc) and "\n" not in str(exc)


def test_a_superscript_digit_is_not_a_number():
    assert "²".isdigit()  # why isdigit() cannot be the rule
    with pytest.raises(SettingError, match="day_start_hour must be a whole number from 0 to 23"):
        validate_setting("day_start_hour", "²")
    assert validate_setting("day_start_hour", " 5 ") == 5
    assert setting_or_default("day_start_hour", "²") == (
        DEFAULTS["day_start_hour"],
        "the stored setting day_start_hour is not usable (day_start_hour must be a whole number from 0 to 23); "
        "using the default",
    )


def _export_with(value) -> str:
    return json.dumps({"format": "coach-export", "version": 1, "schema": SCHEMA_VERSION,
                       "setting": [{"key": "day_start_hour", "value": value}]})


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_import_refuses_a_bad_setting_in_one_line_naming_the_key(tmp_path, value):
    db = tmp_path / "k.db"
    open_store(resolve_db(str(db))).close()
    source = tmp_path / "bad.json"
    source.write_text(_export_with(value))
    result = runner.invoke(app, ["--db", str(db), "import", str(source)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "day_start_hour" in result.stderr
    assert "Traceback" not in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM setting").fetchone()[0] == 0


def _journal_with_bad_hour(tmp_path: Path, value: str = '"²"') -> Path:
    """A journal that already holds a bad value (an older coach's import, or a hand edit)."""
    db = tmp_path / "k.db"
    open_store(resolve_db(str(db))).close()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('day_start_hour', ?)", (value,))
        conn.execute("INSERT INTO setting (key, value) VALUES ('theme', '\"projector\"')")
    return db


@pytest.mark.parametrize("value", ['"²"', '"abc"', "99", "-5", "1000.0", "[1]"])
def test_export_always_works_and_warns_once(tmp_path, value):
    db = _journal_with_bad_hour(tmp_path, value)
    result = runner.invoke(app, ["--db", str(db), "export"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "day_start_hour" in line]
    assert len(warnings) == 1 and "using the default" in warnings[0]
    document = json.loads(result.stdout)
    assert document["setting"] == [{"key": "theme", "value": "projector"}]  # importable as it is
    other = tmp_path / "other.db"
    exported = tmp_path / "e.json"
    exported.write_text(result.stdout)
    assert runner.invoke(app, ["--db", str(other), "import", str(exported)]).exit_code == 0


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["status"], ["doctor"],
                                     ["export", "--format", "fhir"]])
def test_other_commands_read_the_default(tmp_path, command):
    db = _journal_with_bad_hour(tmp_path)
    result = runner.invoke(app, ["--db", str(db), *command])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_report_reads_the_default(tmp_path):
    db = _journal_with_bad_hour(tmp_path)
    result = runner.invoke(app, ["--db", str(db), "report", "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.html").exists()


def test_the_app_starts_with_a_bad_stored_value(tmp_path):
    db = _journal_with_bad_hour(tmp_path)
    settings = quick_settings(resolve_db(str(db)))
    assert settings.values["day_start_hour"] == DEFAULTS["day_start_hour"]
    assert settings.values["theme"] == "projector"
    assert "day" in status_text(resolve_db(str(db)))


def test_a_refused_import_into_a_new_path_leaves_no_journal(tmp_path):
    source = tmp_path / "bad.json"
    source.write_text(_export_with("²"))
    new = tmp_path / "new" / "coach.db"
    new.parent.mkdir()
    result = runner.invoke(app, ["--db", str(new), "import", str(source)])
    assert result.exit_code == 2 and "day_start_hour" in result.stderr
    assert list(new.parent.iterdir()) == []


def test_doctor_notes_a_bad_stored_setting(tmp_path):
    db = _journal_with_bad_hour(tmp_path)
    result = runner.invoke(app, ["--db", str(db), "doctor"])
    assert result.exit_code == 0, result.output
    assert "note: the stored setting day_start_hour is not usable" in result.output
