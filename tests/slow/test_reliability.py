"""Faults: `kill -9` at random moments of a scripted session loses no committed answer and leaves a sound
database; two coach processes on one database never see "database is locked" and keep every write."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coach.paths import resolve_db
from coach.store.engine.db import open_store
from tests import crash_driver

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(crash_driver.__file__)
WRITER = Path(__file__).resolve().parents[1] / "writer_driver.py"
DAYS = 100  # 100 scripted days x 19 answers take longer to write (about 2 s) than the longest kill delay
SEED = int(os.environ.get("COACH_CRASH_SEED", time.time_ns() % 1_000_000))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _run_and_kill(db: Path, delay: float, *, after_ready: bool = True) -> tuple[list[str], bool]:
    """Start the driver and SIGKILL it `delay` seconds after it says `ready` (or after it starts, with
    after_ready=False, to land while the store opens); return the lines it printed, and if it finished."""
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(db), str(DAYS)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("ready"):
                ready.set()
        ready.set()  # the process ended (killed or crashed): stop waiting

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if after_ready:
        ready.wait(timeout=60)
    time.sleep(delay)
    proc.kill()  # SIGKILL: no clean-up handlers, no atexit, no closing of the database
    proc.wait(timeout=30)
    reader.join(timeout=30)
    stderr = proc.stderr.read()
    proc.stderr.close()
    finished = "finished" in lines
    if not finished:
        assert proc.returncode == -9, f"the driver stopped by itself: {stderr}"
    assert "Traceback" not in stderr, stderr
    return lines, finished


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)  # a plain connection also recovers the WAL the killed process left
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return result
    finally:
        conn.close()


def _promised(lines: list[str]) -> list[tuple[int, str, str]]:
    out = []
    for line in lines:
        if line.startswith("ok "):
            _, n, part, field = line.split()
            out.append((int(n), part, field))
    return out


def _check_promises(db: Path, promised: list[tuple[int, str, str]]) -> None:
    store = open_store(resolve_db(str(db)))
    try:
        with store.session() as session:
            stored = crash_driver.stored_answers(session)
    finally:
        store.close()
    expected = crash_driver.expected_answers(DAYS)
    for key in promised:
        assert stored.get(key) == expected[key], f"answer {key} was promised but the database has {stored.get(key)!r}"


def _crash_loop(tmp_path: Path, runs: int, seed: int) -> int:
    rng = random.Random(seed)
    generation = 0
    db = tmp_path / f"crash-{generation}.db"
    promised: list[tuple[int, str, str]] = []
    total = 0
    for run in range(runs):
        # One kill in eight lands while Python starts or the store opens (or creates the schema); the
        # rest land mid-session (the script takes about 2 s), at any point of a transaction.
        early = rng.random() < 0.125
        delay = rng.uniform(0.0, 0.4) if early else rng.uniform(0.0, 1.0)
        lines, finished = _run_and_kill(db, delay, after_ready=not early)
        promised += _promised(lines)
        total += len(_promised(lines))
        assert _integrity(db) == "ok", f"integrity check failed after run {run} (seed {seed}, delay {delay:.3f})"
        _check_promises(db, promised)
        if finished:  # the whole script is stored: start a fresh database so kills keep landing mid-session
            generation += 1
            db = tmp_path / f"crash-{generation}.db"
            promised = []
    return total


def test_kill_minus_9_a_few_times_loses_nothing(tmp_path):
    assert _crash_loop(tmp_path, runs=4, seed=SEED) > 0, f"no answer was committed in any run (seed {SEED})"


@pytest.mark.slow
def test_kill_minus_9_fifty_times_loses_nothing(tmp_path):
    total = _crash_loop(tmp_path, runs=55, seed=SEED + 1)
    assert total > 100, f"too few answers committed to mean anything (seed {SEED + 1})"


def test_the_driver_resumes_where_it_stopped(tmp_path):
    """After a kill, a second run writes only what is missing, and then the whole script is there."""
    db = tmp_path / "resume.db"
    first, finished = _run_and_kill(db, 0.3)
    assert not finished
    done = subprocess.run([sys.executable, str(DRIVER), str(db), str(DAYS)], capture_output=True, text=True,
                          env=_env(), cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    before, after = set(_promised(first)), set(_promised(done.stdout.splitlines()))
    assert before and not before & after
    assert before | after <= set(crash_driver.expected_answers(DAYS))
    store = open_store(resolve_db(str(db)))
    with store.session() as session:
        assert crash_driver.stored_answers(session) == crash_driver.expected_answers(DAYS)
    store.close()


# --- two instances at once ----------------------------------------------------------------------


def _spawn(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WRITER), str(db), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)


@pytest.mark.parametrize("fresh", [True, False], ids=["fresh-db", "existing-db"])
def test_two_instances_never_see_database_is_locked(tmp_path, fresh):
    db = tmp_path / "shared.db"
    if not fresh:
        open_store(resolve_db(str(db))).close()
    stop = tmp_path / "stop"
    procs = [
        _spawn(db, "write", "a", "200"),
        _spawn(db, "write", "b", "200"),
        _spawn(db, "status", str(stop)),
    ]
    outputs = []
    for proc in procs[:2]:
        out, err = proc.communicate(timeout=180)
        outputs.append((proc.returncode, out, err))
    stop.touch()
    out, err = procs[2].communicate(timeout=60)
    outputs.append((procs[2].returncode, out, err))
    for code, out, err in outputs:
        assert "locked" not in (out + err).lower(), err
        assert code == 0, err
    reads = int(outputs[2][1].split()[-1])
    assert reads > 0
    conn = sqlite3.connect(db)
    try:
        labels = conn.execute(
            "SELECT substr(exercise_id, 1, 1), count(*) FROM exercise_run GROUP BY 1 ORDER BY 1"
        ).fetchall()
        days = conn.execute("SELECT count(*) FROM daily_session").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert labels == [("a", 200), ("b", 200)]
    assert days == 400


def test_two_instances_creating_the_database_at_the_same_moment(tmp_path, monkeypatch):
    """The other coach creates the file between our "does it exist?" and our create: we share it."""
    from coach.store.engine import db as db_module

    real_open = os.open
    path = tmp_path / "race.db"
    raced = []

    def other_instance_first(file, flags, mode=0o777, *args, **kwargs):
        if Path(file) == path and flags & os.O_EXCL and not raced:
            raced.append(True)
            open_store(resolve_db(str(path))).close()  # the other process wins the race
        return real_open(file, flags, mode, *args, **kwargs)

    monkeypatch.setattr(db_module.os, "open", other_instance_first)
    store = open_store(resolve_db(str(path)))
    try:
        assert raced and store.schema_version() is not None
    finally:
        store.close()


async def test_the_tui_and_another_coach_writing_at_once(store, db_path, tmp_path):
    """The session wizard autosaves every key while another coach process commits sessions as fast as
    it can: no "database is locked" (or any failed save) reaches the user; both sides' writes are kept."""
    from sqlmodel import select
    from textual.widgets import Input

    from coach.tui.app import make_app
    from coach.store.models import CheckIn
    from tests.conftest import FIXED_NOW, settle

    stop = tmp_path / "stop-writing"
    writer = _spawn(db_path, "write-until", "b", str(stop))
    try:
        watch = sqlite3.connect(db_path, timeout=30)
        deadline = time.monotonic() + 60
        while watch.execute("SELECT count(*) FROM exercise_run").fetchone()[0] == 0:
            assert time.monotonic() < deadline and writer.poll() is None, "the other writer never started"
            time.sleep(0.02)
        watch.close()
        app = make_app(lambda: store, clock=lambda: FIXED_NOW)
        expected = None
        keys = 0
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert not isinstance(app.focused, Input)
            while writer.poll() is None and keys < 60:
                key = "right" if keys % 3 != 2 else "left"
                await pilot.press(key)
                keys += 1
                expected = 5 if expected is None else max(0, min(10, expected + (1 if key == "right" else -1)))
            await settle(pilot)
            messages = [str(n.message) for n in app._notifications]
        stop.touch()
        out, err = writer.communicate(timeout=120)
        assert keys == 60, f"the other writer stopped early: {err}"
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0 and "locked" not in err.lower(), err
    assert not [m for m in messages if "locked" in m.lower() or "could not save" in m.lower()], messages
    with store.session() as db:
        assert db.exec(select(CheckIn)).one().pain == expected
    conn = sqlite3.connect(db_path)
    try:
        written = int(out.split()[-1])
        assert written > 0
        assert conn.execute("SELECT count(*) FROM exercise_run WHERE exercise_id LIKE 'b-%'").fetchone()[0] == written
    finally:
        conn.close()
