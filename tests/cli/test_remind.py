"""`coach remind`: prints the cron line and a systemd timer; --install edits the crontab once, asking first."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.cli.reminders import MARKER, cron_line

runner = CliRunner()

FAKE_CRONTAB = """#!/bin/sh
# A stand-in for crontab(1): keeps the table in $FAKE_CRONTAB_FILE.
if [ "$1" = "-l" ]; then
    if [ -f "$FAKE_CRONTAB_FILE" ]; then cat "$FAKE_CRONTAB_FILE"; exit 0; fi
    echo "no crontab for $USER" >&2; exit 1
fi
if [ "$1" = "-" ]; then cat > "$FAKE_CRONTAB_FILE"; echo x >> "$FAKE_CRONTAB_FILE.writes"; exit 0; fi
echo "usage" >&2; exit 2
"""


@pytest.fixture
def crontab_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "crontab"
    script.write_text(FAKE_CRONTAB)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    table = tmp_path / "crontab.txt"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_CRONTAB_FILE", str(table))
    return table


def _writes(table: Path) -> int:
    marks = table.with_name(table.name + ".writes")
    return len(marks.read_text().splitlines()) if marks.exists() else 0


def test_prints_cron_line_and_systemd_timer():
    result = runner.invoke(app, ["remind", "--time", "07:30"])
    assert result.exit_code == 0
    assert cron_line(7, 30) in result.stdout
    assert result.stdout.count(MARKER) == 1
    assert "OnCalendar=*-*-* 07:30:00" in result.stdout
    assert "systemctl --user enable --now coach-remind.timer" in result.stdout
    assert "notify-send" in result.stdout


def test_cron_line_is_valid_shell_and_quiet_without_notify_send(tmp_path):
    command = cron_line(7, 30).split(" ", 5)[5]
    empty_path = tmp_path / "nothing"
    empty_path.mkdir()
    result = subprocess.run(
        ["/bin/sh", "-c", command], env={"PATH": str(empty_path)}, capture_output=True, text=True
    )
    assert result.stdout == "" and result.stderr == ""


@pytest.mark.parametrize("bad", ["7", "24:00", "7:60", "seven", "07:3"])
def test_bad_time_is_one_line_exit_2(bad):
    result = runner.invoke(app, ["remind", "--time", bad])
    assert result.exit_code == 2
    assert result.stderr.startswith("coach: error: --time must be HH:MM")
    assert result.stderr.count("\n") == 1


def test_install_asks_and_is_idempotent(crontab_file):
    crontab_file.write_text("MAILTO=me@example.org\n# my backups\n0 2 * * * rsync -a ~/docs /mnt/backup\n")
    before = crontab_file.read_text().splitlines()

    declined = runner.invoke(app, ["remind", "--install"], input="n\n")
    assert declined.exit_code == 0
    assert "Left your crontab as it was" in declined.stdout
    assert crontab_file.read_text().splitlines() == before

    accepted = runner.invoke(app, ["remind", "--install"], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    lines = crontab_file.read_text().splitlines()
    assert lines[:3] == before
    assert lines[3] == cron_line(18, 0)

    again = runner.invoke(app, ["remind", "--install", "--yes"])
    assert again.exit_code == 0
    assert "already has this reminder" in again.stdout
    assert crontab_file.read_text().splitlines() == lines
    assert _writes(crontab_file) == 1


def test_install_at_a_new_time_replaces_the_old_line(crontab_file):
    crontab_file.write_text("0 2 * * * backup\n")
    assert runner.invoke(app, ["remind", "--install", "--yes", "--time", "08:00"]).exit_code == 0
    assert runner.invoke(app, ["remind", "--install", "--yes", "--time", "21:15"]).exit_code == 0
    lines = crontab_file.read_text().splitlines()
    assert lines == ["0 2 * * * backup", cron_line(21, 15)]


def test_install_into_an_empty_crontab_and_remove(crontab_file):
    assert not crontab_file.exists()
    result = runner.invoke(app, ["remind", "--install", "--yes"])
    assert result.exit_code == 0, result.output
    assert crontab_file.read_text().splitlines() == [cron_line(18, 0)]
    removed = runner.invoke(app, ["remind", "--remove", "--yes"])
    assert removed.exit_code == 0
    assert crontab_file.read_text() == ""
    nothing = runner.invoke(app, ["remind", "--remove", "--yes"])
    assert "no coach reminder" in nothing.stdout


def test_missing_crontab_is_a_clear_error(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = runner.invoke(app, ["remind", "--install", "--yes"])
    assert result.exit_code == 2
    assert "crontab is not available" in result.stderr
    assert "Traceback" not in result.output
