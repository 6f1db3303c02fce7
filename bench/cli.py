"""(2) `coach --help`, `coach status` and `coach checkin` (every flag) vs a minimal Typer app, as whole
processes, so `coach status` can sit in a shell prompt and a check-in is one quick line from the shell."""

from __future__ import annotations

import subprocess

from bench.data import history_db
from bench.harness import (
    BENCH,
    PYTHON,
    Result,
    env,
    has_command,
    interleaved,
    median,
    scratch,
    timed_run,
)

FLOOR = [PYTHON, str(BENCH / "floor_typer.py")]
COACH = [PYTHON, "-m", "coach"]
CHECKIN_FLAGS = [
    "--pain", "6", "--tolerability", "4", "--distress", "5", "--sleep", "7", "--mood", "6", "--dose", "on-schedule",
    "--withdrawal", "yawning,poor-sleep", "--note", "a quiet morning", "--peg-pain", "5", "--peg-enjoyment", "6",
    "--peg-activity", "4",
]


def run(n: int) -> list[Result]:
    results = []
    with scratch() as tmp:
        environ = env(HOME=str(tmp), XDG_DATA_HOME=str(tmp / "data"))
        coach_help, floor_help = interleaved(
            n, lambda: timed_run([*COACH, "--help"], environ), lambda: timed_run([*FLOOR, "--help"], environ)
        )
        results.append(Result("coach --help", median(coach_help) * 1000, median(floor_help) * 1000, "ms",
                              "<= 1.5x", 1.5, note="floor: minimal Typer app --help"))
        if not has_command("status"):
            results.append(Result("coach status", None, None, "ms", "<= 1.5x", 1.5,
                                  note="skipped: `coach status` is not in this checkout yet"))
            return results
        db = tmp / "history.db"
        made_by = history_db(db, 365)
        status_env = env(HOME=str(tmp), COACH_DB=str(db))
        coach_status, floor_status = interleaved(
            n, lambda: timed_run([*COACH, "status"], status_env), lambda: timed_run([*FLOOR, "status"], status_env)
        )
        results.append(Result("coach status (a year of history)", median(coach_status) * 1000,
                              median(floor_status) * 1000, "ms", "<= 1.5x", 1.5,
                              note=f"floor: minimal Typer app command; DB by {made_by}"))
        if not has_command("checkin"):
            return results
        # Each run saves today's check-in again (the same answers): a write, as a person's would be.
        first = subprocess.run([*COACH, "checkin", *CHECKIN_FLAGS], env=status_env, capture_output=True, text=True)
        if first.returncode != 0:
            raise RuntimeError(f"coach checkin failed: {first.stderr.strip()}")
        coach_checkin, floor_checkin = interleaved(
            n, lambda: timed_run([*COACH, "checkin", *CHECKIN_FLAGS], status_env),
            lambda: timed_run([*FLOOR, "checkin", *CHECKIN_FLAGS], status_env),
        )
    results.append(Result("coach checkin, every flag (a year of history)", median(coach_checkin) * 1000,
                          median(floor_checkin) * 1000, "ms", "<= 1.5x", 1.5,
                          note="floor: minimal Typer command with the same twelve options"))
    return results
