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


def _fake_notify_send(tmp_path: Path) -> tuple[Path, Path]:
    bin_dir = tmp_path / "notify-bin"
    bin_dir.mkdir()
    sent = tmp_path / "sent.txt"
    script = bin_dir / "notify-send"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{sent}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir, sent


@pytest.mark.parametrize("finished", [True, False], ids=["today-done", "today-open"])
def test_the_reminder_stays_quiet_when_today_is_done(tmp_path, finished):
    from coach.domain.days import coach_day, local_now
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from coach.store.sessions import record_checkin, set_current_step

    db = tmp_path / "journal.db"
    now = local_now()
    store = open_store(resolve_db(str(db)))
    with store.session() as session:  # coach's today, as the reminder's `coach status` sees it
        record_checkin(session, coach_day(now), now, tolerability=5)
        if finished:
            set_current_step(session, coach_day(now), now, "summary")
        session.commit()
    store.close()
    bin_dir, sent = _fake_notify_send(tmp_path)
    command = cron_line(7, 30, db=str(db)).split(" ", 5)[5]
    result = subprocess.run(
        ["/bin/sh", "-c", command], env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True, text=True, timeout=60,
    )
    assert result.stdout == "" and result.stderr == ""
    assert sent.exists() is not finished


def test_the_printed_line_names_the_journal_given_with_db(tmp_path):
    db = tmp_path / "mine.db"
    result = runner.invoke(app, ["--db", str(db), "remind"])
    assert result.exit_code == 0
    assert f'-m coach --db "{db.resolve()}" status' in result.stdout
