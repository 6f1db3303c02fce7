"""Hidden `.NAME.PID-xxxxxxxx.part` files left by a killed coach: removed at the next write to that folder
(only when their process is gone, or the file is older than the process with that PID), listed by doctor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from coach.cli.main import app
from coach.outputs import STALE_WITHOUT_PID_S, stale_parts, write_output

runner = CliRunner()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_parts_are_removed_at_the_next_write_and_live_ones_kept(tmp_path):
    dead = tmp_path / f".report.html.{_dead_pid()}-abcd1234.part"
    dead_wal = tmp_path / f".demo.db.{_dead_pid()}-abcd1234.part-wal"
    old_legacy = tmp_path / ".backup.db.k3j4h5g6.part"
    new_legacy = tmp_path / ".backup.db.zzzzzzzz.part"
    mine = tmp_path / f".export.json.{os.getpid()}-qwer5678.part"  # this process, writing now: kept
    reused = tmp_path / f".old.json.{os.getpid()}-asdf1234.part"  # same PID, but older than this process
    unrelated = tmp_path / ".notes.part"  # not a name coach makes
    for path in (dead, dead_wal, old_legacy, new_legacy, mine, reused, unrelated):
        path.write_text("half")
    an_hour_ago = time.time() - STALE_WITHOUT_PID_S - 60
    os.utime(old_legacy, (an_hour_ago, an_hour_ago))
    os.utime(reused, (an_hour_ago - 10**6, an_hour_ago - 10**6))
    assert sorted(p.name for p in stale_parts(tmp_path)) == sorted(p.name for p in (dead, dead_wal, old_legacy, reused))
    write_output(tmp_path / "out.txt", "hello")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [new_legacy.name, mine.name, unrelated.name, "out.txt"])


def test_a_killed_demo_save_leaves_a_part_that_doctor_lists_and_the_next_write_removes(tmp_path):
    journal = tmp_path / "k.db"
    assert runner.invoke(app, ["demo", "--days", "5", "--save", str(journal)]).exit_code == 0
    saving = subprocess.Popen([sys.executable, "-m", "coach", "demo", "--days", "3000", "--save",
                               str(tmp_path / "big.db")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not [p for p in tmp_path.iterdir() if p.name.endswith(".part")] and time.monotonic() < deadline:
        time.sleep(0.02)
    saving.send_signal(signal.SIGKILL)
    saving.wait()
    left = [p for p in tmp_path.iterdir() if ".part" in p.name]
    assert left, "the killed run left no temp file to clean up"
    doctor = runner.invoke(app, ["--db", str(journal), "doctor"])
    assert doctor.exit_code == 1
    for part in left:
        assert f"{part} is a hidden, half-written file left by a stopped coach" in doctor.output
    assert runner.invoke(app, ["--db", str(journal), "export", "-o", str(tmp_path / "e.json")]).exit_code == 0
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]
    assert runner.invoke(app, ["--db", str(journal), "doctor"]).exit_code == 0
