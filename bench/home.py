"""(1) Time until Home is visible, and complete with today's data, vs a bare Textual app, both launched
in tmux; (4) peak memory (VmHWM) at Home vs the same bare app."""

from __future__ import annotations

import shutil
import time

from bench.data import history_db, mark_onboarded
from bench.harness import (
    BENCH,
    PYTHON,
    Result,
    env,
    interleaved,
    launch,
    median,
    scratch,
)

HOME_VISIBLE = "Start today's session"  # painted in the first frame, before the store opens
HOME_COMPLETE = "of your practice"  # "Day N of your practice": after the store has loaded today's data
HOME_TREND = "of the last 7 days"  # "Practised on N of the last 7 days": the trend, read after the first frame
FLOOR_VISIBLE = "Hello from the floor app"
SETTLE_S = 0.5  # after the last marker, before reading peak memory


def run(n: int) -> list[Result]:
    with scratch() as tmp:
        big = tmp / "ten-years.db"
        made_by = history_db(big, 3650)
        mark_onboarded(big)
        # The daily case: someone who has seen the welcome tour and has no history yet (a copy per run,
        # made outside the timed part, so each run starts from the same file).
        template = tmp / "returning.db"
        mark_onboarded(template)
        counter = iter(range(10_000))
        coach_visible: list[float] = []
        coach_complete: list[float] = []
        coach_rss: list[float] = []
        big_complete: list[float] = []
        big_trend: list[float] = []

        def coach_home() -> float:
            db = tmp / f"fresh-{next(counter)}.db"
            shutil.copy(template, db)
            with launch([PYTHON, "-m", "coach"], env(COACH_DB=str(db), HOME=str(tmp))) as app:
                visible = app.wait_for(HOME_VISIBLE)
                complete = app.wait_for(HOME_COMPLETE)
                time.sleep(SETTLE_S)
                coach_rss.append(app.vm_hwm_mb())
            coach_visible.append(visible)
            coach_complete.append(complete)
            return visible

        def coach_big() -> float:
            with launch([PYTHON, "-m", "coach"], env(COACH_DB=str(big), HOME=str(tmp))) as app:
                app.wait_for(HOME_VISIBLE)
                complete = app.wait_for(HOME_COMPLETE)
                trend = app.wait_for(HOME_TREND)
            big_complete.append(complete)
            big_trend.append(trend)
            return complete

        floor_rss: list[float] = []

        def floor() -> float:
            with launch([PYTHON, str(BENCH / "floor_textual.py")], env(HOME=str(tmp))) as app:
                visible = app.wait_for(FLOOR_VISIBLE)
                time.sleep(SETTLE_S)
                floor_rss.append(app.vm_hwm_mb())
            return visible

        _, floor_visible, _ = interleaved(n, coach_home, floor, coach_big)
        # Drop the warm-up round's side lists so every list holds exactly n samples.
        for samples in (coach_visible, coach_complete, coach_rss, floor_rss, big_complete, big_trend):
            del samples[: len(samples) - n]
    f = median(floor_visible) * 1000
    return [
        Result("Home visible (no history yet)", median(coach_visible) * 1000, f, "ms", "<= 1.25x", 1.25),
        Result("Home complete with today's data (no history yet)", median(coach_complete) * 1000, f, "ms", "<= 2x", 2.0),
        Result("Home complete, 10 years of history", median(big_complete) * 1000, f, "ms", "<= 2x", 2.0,
               note=f"3,650 days made by {made_by}"),
        Result("Home complete with the trend, 10 years of history", median(big_trend) * 1000, f, "ms", "<= 1.5x",
               1.5, note="14-day sparkline, weeks compared, days practised, taper step, last lesson"),
        Result("Peak memory at Home (VmHWM)", median(coach_rss), median(floor_rss), "MB", "<= 1.3x", 1.3),
    ]
