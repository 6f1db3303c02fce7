"""(6) Key-to-screen latency in the session wizard: the work the event loop does for one key press,
from the key until the screen is idle again, measured as time spent in event-loop callbacks (the DB
write runs in a thread and is not counted, which is the design), against the same keys on Help."""

from __future__ import annotations

from bench.harness import Result, median, scratch
from bench.screens import LoopMeter, run_app, settle

# Keys a user presses while answering: move a scale, move between fields. Each must be cheap.
KEYS = ["right", "right", "left", "tab", "right", "shift+tab", "left", "up", "down"]


def run(n: int) -> list[Result]:
    from coach.app import SCREENS_BY_NAME

    if "session" not in SCREENS_BY_NAME:
        return [Result("Key to screen in the session wizard", None, None, "ms", "<= 16 ms", 16, absolute=True,
                       note="skipped: no session wizard in this checkout yet")]
    with scratch() as tmp:

        async def per_key(app, pilot, meter) -> list[tuple[float, float]]:  # noqa: ANN001
            out = []
            for key in KEYS:
                meter.reset()
                await pilot.press(key)
                await settle(app, pilot)
                out.append((meter.cpu, meter.longest, meter.busy))
            return out

        async def body(app, pilot):  # noqa: ANN001, ANN202
            app.action_open("session")
            await settle(app, pilot)
            screen = type(app.screen).__name__
            wizard, floor = [], []
            with LoopMeter() as meter:
                for _ in range(n + 1):
                    wizard.append(await per_key(app, pilot, meter))
                    app.action_open("help")
                    await settle(app, pilot)
                    floor.append(await per_key(app, pilot, meter))
                    app.pop_screen()
                    await settle(app, pilot)
            return screen, wizard[1:], floor[1:]

        screen, wizard, floor = run_app(tmp / "fresh.db", body)
    busy = [b * 1000 for keys in wizard for b, _, _ in keys]
    floor_busy = [b * 1000 for keys in floor for b, _, _ in keys]
    wall = median([w * 1000 for keys in wizard for _, _, w in keys])
    longest = max(l for keys in wizard for _, l, _ in keys) * 1000
    floor_longest = max(l for keys in floor for _, l, _ in keys) * 1000
    return [
        Result("Event-loop work per key in the session wizard (median)", median(busy), median(floor_busy), "ms",
               "<= 16 ms", 16, absolute=True,
               note=f"CPU time on the event loop (wall {wall:.0f} ms); {screen}; keys {' '.join(KEYS)}; "
                    "floor: same keys on Help; includes the test pilot's own work"),
        Result("Event-loop work per key in the session wizard (worst key)", max(busy), max(floor_busy), "ms",
               "<= 16 ms", 16, absolute=True, note="the slowest key of all rounds"),
        Result("Longest single event-loop stretch in the wizard", longest, floor_longest, "ms", "<= 16 ms", 16,
               absolute=True, note="wall time of one callback that blocks the loop; a frame is 16 ms"),
    ]
