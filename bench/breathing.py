"""(5) CPU share while the breathing pacer animates (`coach exercise paced-breathing`), against the bare
Textual app sitting idle over the same window, both in tmux; the target is absolute: <= 5% of a core."""

from __future__ import annotations

import subprocess
import time

from bench.harness import (
    BENCH,
    PYTHON,
    Result,
    env,
    has_command,
    interleaved,
    launch,
    median,
    scratch,
)

WINDOW_S = 5.0
ROUNDS = 3  # each round costs about 15 s


def _cpu_share(app, window: float) -> float:  # noqa: ANN001 - harness.Launched
    before, started = app.cpu_seconds(), time.perf_counter()
    time.sleep(window)
    return (app.cpu_seconds() - before) / (time.perf_counter() - started) * 100


def run(n: int) -> list[Result]:
    if not has_command("exercise"):
        return [Result("CPU during the breathing animation", None, None, "%", "<= 5%", 5, absolute=True,
                       note="skipped: `coach exercise` is not in this checkout yet")]
    with scratch() as tmp:
        counter = iter(range(1000))

        def pacer() -> float:
            db = tmp / f"fresh-{next(counter)}.db"
            # `coach exercise` opens an existing journal only (a mistyped --db is an error): make a new one first.
            subprocess.run([PYTHON, "-c", "import sys; from coach.paths import resolve_db; from coach.store.engine.db import "
                            "open_store; open_store(resolve_db(sys.argv[1])).close()", str(db)], check=True)
            argv = [PYTHON, "-m", "coach", "exercise", "paced-breathing"]
            with launch(argv, env(COACH_DB=str(db), HOME=str(tmp))) as app:
                app.wait_for("Start the exercise")
                app.keys("C-s")
                app.wait_for("Find a position")
                for _ in range(3):  # skip the three spoken steps to reach the pacer
                    app.keys("n")
                    time.sleep(0.3)
                app.wait_for("Breath 1 of")
                time.sleep(0.5)
                return _cpu_share(app, WINDOW_S)

        def floor() -> float:
            with launch([PYTHON, str(BENCH / "floor_textual.py")], env(HOME=str(tmp))) as app:
                app.wait_for("Hello from the floor app")
                time.sleep(0.5)
                return _cpu_share(app, WINDOW_S)

        coach_cpu, floor_cpu = interleaved(min(n, ROUNDS), pacer, floor)
    return [Result("CPU during the breathing animation", median(coach_cpu), median(floor_cpu), "%", "<= 5%", 5,
                   absolute=True, note=f"share of one core over {WINDOW_S:.0f} s; floor: bare app idle")]
