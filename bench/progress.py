"""(3) Opening the Progress screen on ten years of daily sessions (3,650 days), in-process and headless:
from the key until its charts are drawn with data, against opening the Help screen the same way."""

from __future__ import annotations

from bench.data import history_db
from bench.harness import Result, median, scratch
from bench.screens import run_app, time_open

DAYS = 3650


def run(n: int) -> list[Result]:
    from coach.app import SCREENS_BY_NAME

    if "progress" not in SCREENS_BY_NAME:
        return [Result("Progress screen open, 10 years", None, None, "ms", "<= 150 ms", 150, absolute=True,
                       note="skipped: no Progress screen in this checkout yet")]
    with scratch() as tmp:
        db = tmp / "ten-years.db"
        made_by = history_db(db, DAYS)

        async def body(app, pilot):  # noqa: ANN001, ANN202
            cold = await time_open(app, pilot, "progress")  # includes importing the screen and plotext
            samples = []
            for _ in range(n + 1):
                samples.append(
                    [await time_open(app, pilot, "progress"), await time_open(app, pilot, "help")]
                )
            return cold, samples[1:]

        cold, samples = run_app(db, body)
    progress = median([s[0] for s in samples]) * 1000
    help_ = median([s[1] for s in samples]) * 1000
    return [
        Result("Progress screen open, 10 years (again)", progress, help_, "ms", "<= 150 ms", 150, absolute=True,
               note=f"floor: opening Help the same way; {DAYS} days by {made_by}"),
        Result("Progress screen open, 10 years (first time)", cold * 1000, None, "ms", "<= 150 ms", 150,
               absolute=True, note="includes importing the screen module and textual-plotext"),
    ]

