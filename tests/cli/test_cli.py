"""The command line: mme, doctor, --version, and staying light (no Textual) for non-TUI commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

from typer.testing import CliRunner

from coach import __version__
from coach.cli.main import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"coach {__version__}"


def test_mme_prints_value_and_caution():
    result = runner.invoke(app, ["mme", "oxycodone", "10", "--per-day", "3"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "45 MME/day"
    assert "estimates" in result.stderr


def test_mme_unknown_drug_is_one_line_exit_2():
    result = runner.invoke(app, ["mme", "aspirin", "100"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "unknown drug" in result.stderr and "oxycodone" in result.stderr


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["morphine", "lots"], "must be a number"),
        (["oxycodone", "abc"], "must be a number"),
        (["oxycodone", "-30"], "cannot be negative"),  # no "--" needed: not Click's usage block
        (["oxycodone", "10", "--per-day", "-3"], "more than 0"),
        (["oxycodone", "10", "--per-day", "abc"], "must be a number"),
        (["oxycodone", "1e9"], "far larger than any real dose"),
        (["fentanyl-patch", "1e9"], "far larger than any real dose"),
        (["fentanyl-patch", "25", "-n", "1.5"], "whole number, 1 or more"),
        (["fentanyl-patch", "25", "-n", "0"], "whole number, 1 or more"),
        (["fentanyl", "25"], "type fentanyl-patch"),
        (["fentanyl-lozenge", "200"], "type fentanyl-patch"),
        (["oxycodone"], "give a drug and a dose"),
        (["oxycodone", "10", "20"], "unexpected '20'"),
        (["oxycodone", "10", "--bogus"], "unexpected '--bogus'"),
    ],
)
def test_mme_bad_input_is_one_line_and_exit_2(args, problem):
    result = runner.invoke(app, ["mme", *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("coach: error: "), result.stderr
    assert problem in result.stderr
    assert "Usage" not in result.stderr and "Traceback" not in result.output


def test_mme_whole_patches_count():
    result = runner.invoke(app, ["mme", "fentanyl-patch", "25", "-n", "2"])
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "120 MME/day"


def test_doctor_on_fresh_and_existing_db(store, db_path):
    result = runner.invoke(app, ["--db", str(db_path), "doctor"])
    assert result.exit_code == 0, result.output
    assert "integrity: ok" in result.stdout
    from coach.store import SCHEMA_VERSION

    assert f"schema: {SCHEMA_VERSION} (this coach: {SCHEMA_VERSION})" in result.stdout
    assert "All good." in result.stdout


def test_doctor_flags_loose_permissions(store, db_path):
    db_path.chmod(0o644)
    result = runner.invoke(app, ["--db", str(db_path), "doctor"])
    assert result.exit_code == 1
    assert "readable by others" in result.stdout


def test_doctor_without_db_yet(tmp_path):
    result = runner.invoke(app, ["doctor"])  # the default location: not made yet, and that is fine
    assert result.exit_code == 0
    assert "no database yet" in result.stdout


# A mistyped --db / COACH_DB: the reading commands say so; only the app, session, import and
# demo --save start a new file at an explicit path.
READERS = [["status"], ["stats"], ["stats", "--json"], ["export"], ["report"], ["backup"], ["doctor"],
           ["exercise", "box-breathing"], ["exercise"]]


@pytest.mark.parametrize("argv", READERS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("via", ["option", "env"])
def test_a_mistyped_database_path_is_not_created(tmp_path, monkeypatch, argv, via):
    missing = tmp_path / "tpyo.db"
    monkeypatch.chdir(tmp_path)
    if via == "env":
        monkeypatch.setenv("COACH_DB", str(missing))
        result = runner.invoke(app, argv)
    else:
        result = runner.invoke(app, ["--db", str(missing), *argv])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"coach: error: no database at {missing} (check --db or COACH_DB; `coach` starts a new one there)\n"
    assert not missing.exists() and not list(tmp_path.glob("coach-report-*"))


def test_the_default_location_is_still_created_on_first_use(tmp_path):
    from coach.paths import default_db_path

    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert default_db_path().exists()


def test_import_still_creates_a_file_at_an_explicit_path(tmp_path, store, journal_url):
    exported = runner.invoke(app, ["--db", journal_url, "export"]).stdout
    (tmp_path / "e.json").write_text(exported)
    new = tmp_path / "new.db"
    result = runner.invoke(app, ["--db", str(new), "import", str(tmp_path / "e.json")])
    assert result.exit_code == 0, result.output
    assert new.exists()


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    return set(out.split())


def test_cli_module_does_not_import_textual_or_sqlmodel():
    modules = _modules_after("import coach.cli.main")
    assert "textual" not in modules
    assert "sqlmodel" not in modules


def test_help_and_mme_do_not_import_textual():
    code = (
        "import sys\n"
        "from coach.__main__ import main\n"
        "for args in (['--help'], ['mme', 'morphine', '10']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
