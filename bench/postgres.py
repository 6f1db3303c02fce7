"""(issue 18) The same ten years (3,650 days) on PostgreSQL and on SQLite, in the same run: `coach status`
as whole processes, and the Progress screen (its data load, and the key to charts on screen, headless).

Each PostgreSQL number is reported as a ratio to the same measurement on the SQLite file it was imported
from. The server is a throwaway one from the pgserver wheel (the test suite's, `tests/pg_server.py`), on
this machine over a Unix socket, with fsync off (reads are measured, so that changes nothing here). A
server across a network adds its round trips on top.
"""

from __future__ import annotations

import subprocess
import time

from bench.data import history_db
from bench.harness import PYTHON, Result, env, interleaved, median, scratch, timed_run
from bench.screens import LoopMeter, run_app, settle

DAYS = 3650
COACH = [PYTHON, "-m", "coach"]


def _skipped(reason: str) -> list[Result]:
    return [Result("PostgreSQL vs SQLite, 10 years", None, None, "ms", "-", None, note=f"skipped: {reason}")]


def run(n: int) -> list[Result]:
    try:
        from tests.pg_server import start_server

        server = start_server()
    except Exception as exc:  # noqa: BLE001 - any reason the server cannot start is the reason shown
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        return _skipped(f"no PostgreSQL server ({exc.__class__.__name__}: {first_line})")
    try:
        with scratch() as tmp:
            sqlite = tmp / "ten-years.db"
            made_by = history_db(sqlite, DAYS)
            url = server.new_database()
            export = tmp / "ten-years.json"
            for argv in (["--db", str(sqlite), "export", "-o", str(export)], ["--db", url, "import", str(export)]):
                done = subprocess.run([*COACH, *argv], env=env(), capture_output=True, text=True)
                if done.returncode:
                    return _skipped(f"could not copy the journal to PostgreSQL: {done.stderr.strip()}")
            return _status(n, str(sqlite), url, made_by, server.version) + _progress(n, str(sqlite), url)
    finally:
        server.stop()


def _status(n: int, sqlite: str, url: str, made_by: str, version: str) -> list[Result]:
    lines = {}
    for name, db in (("sqlite", sqlite), ("postgresql", url)):
        done = subprocess.run([*COACH, "status"], env=env(COACH_DB=db), capture_output=True, text=True)
        if done.returncode or not done.stdout.startswith("day "):
            return _skipped(f"coach status on {name} did not work: {done.stderr.strip()}")
        lines[name] = done.stdout
    same = "the same line" if lines["sqlite"] == lines["postgresql"] else "DIFFERENT lines"
    on_pg, on_file = interleaved(
        n,
        lambda: timed_run([*COACH, "status"], env(COACH_DB=url)),
        lambda: timed_run([*COACH, "status"], env(COACH_DB=sqlite)),
    )
    return [Result("coach status, 10 years: PostgreSQL vs SQLite", median(on_pg) * 1000, median(on_file) * 1000,
                   "ms", "-", None,
                   note=f"whole processes; floor: the same command on the SQLite file ({same}); PostgreSQL "
                        f"{version}; {DAYS} days by {made_by}, imported with coach import")]


def _progress(n: int, sqlite: str, url: str) -> list[Result]:
    from coach.paths import resolve_db
    from coach.screens.progress import DEFAULT_RANGE, RANGE_LABELS, load_progress
    from coach.store.engine.db import open_store

    loads: dict[str, tuple[list[float], list[float]]] = {}
    stores = {name: open_store(resolve_db(db)) for name, db in (("postgresql", url), ("sqlite", sqlite))}
    try:
        from coach.domain.days import local_now

        today = local_now().date()
        for key in RANGE_LABELS:

            def timed(name: str, key: str = key) -> float:
                started = time.perf_counter()
                load_progress(stores[name], today, key)
                return time.perf_counter() - started

            pg, file = interleaved(n, lambda: timed("postgresql"), lambda: timed("sqlite"))
            loads[key] = (pg, file)
    finally:
        for store in stores.values():
            store.close()

    async def opens(app, pilot):  # noqa: ANN001, ANN202 - the app and its pilot
        samples = []
        with LoopMeter() as meter:
            for round_no in range(n + 1):
                meter.reset()
                started = time.perf_counter()
                app.action_open("progress")
                await settle(app, pilot)
                if round_no:  # the first open imports plotext: left out
                    samples.append((time.perf_counter() - started, meter.cpu))
                app.pop_screen()
                await settle(app, pilot)
        return samples

    # One app at a time (two Textual apps cannot share a process's event loop), alternating engines over
    # three rounds, so a change in the machine's load during the run falls on both.
    on_pg: list[tuple[float, float]] = []
    on_file: list[tuple[float, float]] = []
    for round_no in range(3):
        for db, samples in ([(url, on_pg), (sqlite, on_file)] if round_no % 2 else [(sqlite, on_file), (url, on_pg)]):
            samples.extend(run_app(db, opens))
    pg_load, file_load = loads[DEFAULT_RANGE]
    others = ", ".join(f"{key} {median(p) / median(f):.2f}x" for key, (p, f) in loads.items() if key != DEFAULT_RANGE)
    return [
        Result(f"Progress data load, 10 years (range {DEFAULT_RANGE}): PostgreSQL vs SQLite", median(pg_load) * 1000,
               median(file_load) * 1000, "ms", "-", None,
               note=f"in-process, the screen's queries; other ranges: {others}"),
        Result("Progress open, key to charts on screen: PostgreSQL vs SQLite", median([w for w, _ in on_pg]) * 1000,
               median([w for w, _ in on_file]) * 1000, "ms", "-", None,
               note="headless app, wall time incl. the data load; three rounds of each engine, alternating"),
        Result("Progress open, event-loop work: PostgreSQL vs SQLite", median([c for _, c in on_pg]) * 1000,
               median([c for _, c in on_file]) * 1000, "ms", "-", None,
               note="CPU time on the event loop: the data load runs in a worker, so the engine should not show "
                    "here (the 150 ms target is the progress benchmark's)"),
    ]
