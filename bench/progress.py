"""(3) The Progress screen on ten years of daily sessions (3,650 days), in-process and headless.

Reported separately: the data load (the screen's aggregated queries, run in its worker thread), the
work on the event loop to open the screen and draw its charts once data arrives (the target: <= 150 ms
after data load), and the wall time from the key until the charts are on screen. Floor: opening Help.
"""

from __future__ import annotations

import time

from bench.data import history_db
from bench.harness import Result, median, scratch
from bench.screens import LoopMeter, run_app, settle

DAYS = 3650


def run(n: int) -> list[Result]:
    from coach.tui.places import SCREENS_BY_NAME

    if "progress" not in SCREENS_BY_NAME:
        return [Result("Progress screen open, 10 years", None, None, "ms", "<= 150 ms", 150, absolute=True,
                       note="skipped: no Progress screen in this checkout yet")]
    from coach.screens import progress as screen_module

    with scratch() as tmp:
        db = tmp / "ten-years.db"
        made_by = history_db(db, DAYS)

        async def open_once(app, pilot, name: str, meter: LoopMeter) -> tuple[float, float]:  # noqa: ANN001
            meter.reset()
            started = time.perf_counter()
            app.action_open(name)
            await settle(app, pilot)
            wall = time.perf_counter() - started
            work = (meter.cpu, meter.busy)
            app.pop_screen()
            await settle(app, pilot)
            return wall, work

        async def body(app, pilot):  # noqa: ANN001, ANN202
            loads = {}
            load = getattr(screen_module, "load_progress", None)
            if load is not None:
                for key in getattr(screen_module, "RANGE_LABELS", {"3m": ""}):
                    samples = []
                    for _ in range(n):
                        started = time.perf_counter()
                        load(app.store, app.today(), key)
                        samples.append(time.perf_counter() - started)
                    loads[key] = median(samples)
            with LoopMeter() as meter:
                cold = await open_once(app, pilot, "progress", meter)
                progress, help_ = [], []
                for _ in range(n):
                    progress.append(await open_once(app, pilot, "progress", meter))
                    help_.append(await open_once(app, pilot, "help", meter))
            return loads, cold, progress, help_

        loads, cold, progress, help_ = run_app(db, body)
    results = []
    if loads:
        default = getattr(screen_module, "DEFAULT_RANGE", next(iter(loads)))
        results.append(Result(
            f"Progress data load, 10 years (range {default})", loads[default] * 1000, None, "ms", "-", None,
            note="in the worker thread; other ranges: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in loads.items()),
        ))
    results += [
        Result("Progress open: event-loop work, 10 years", median([b[0] for _, b in progress]) * 1000,
               median([b[0] for _, b in help_]) * 1000, "ms", "<= 150 ms", 150, absolute=True,
               note=f"CPU time on the event loop: compose + charts drawn once data arrives (wall "
                    f"{median([b[1] for _, b in progress]) * 1000:.0f} ms); floor: Help; {DAYS} days by {made_by}"),
        Result("Progress open: key to charts on screen, 10 years", median([w for w, _ in progress]) * 1000,
               median([w for w, _ in help_]) * 1000, "ms", "-", None,
               note=f"wall time incl. the data load; first open {cold[0] * 1000:.0f} ms (imports plotext)"),
    ]
    return results
