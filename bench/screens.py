"""In-process screen timings with Textual's Pilot (headless): how long the event loop is busy."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any


async def settle(app: Any, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def run_app(db: Path, body: Callable[[Any, Any], Awaitable[Any]], size: tuple[int, int] = (100, 30)) -> Any:
    """Run the real app on `db` headless and return what `body(app, pilot)` returns."""
    from coach.tui.app import make_app
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store

    store = open_store(resolve_db(str(db)))

    async def main() -> Any:
        app = make_app(lambda: store)
        async with app.run_test(size=size) as pilot:
            await app.wait_for_store()
            await settle(app, pilot)
            return await body(app, pilot)

    try:
        return asyncio.run(main())
    finally:
        store.close()


async def time_open(app: Any, pilot: Any, name: str) -> float:
    """Seconds from asking for screen `name` until it is shown with its data loaded; then back to Home."""
    started = time.perf_counter()
    app.action_open(name)
    await settle(app, pilot)
    elapsed = time.perf_counter() - started
    app.pop_screen()
    await pilot.pause()
    return elapsed


class LoopMeter:
    """Adds up the time the asyncio event loop spends running callbacks (Textual's work: handlers,
    layout, rendering), and the longest single stretch, while installed. Waiting is not counted.

    `cpu` is the event-loop thread's CPU time inside callbacks: the work itself, steady on a busy
    machine. `busy` is the wall time of the same callbacks: the work plus any wait for the CPU or for
    the GIL held by a worker thread, which is what a user would feel. `gc` is the part of the loop's
    time spent in Python's garbage collector (any object, any screen: it pauses whoever allocates), and
    `longest_gc` the part of the longest stretch that was garbage collection.
    """

    def __init__(self) -> None:
        self.reset()
        self._original = None
        self._on_gc = None

    def reset(self) -> None:
        self.busy = 0.0
        self.cpu = 0.0
        self.longest = 0.0
        self.gc = 0.0
        self.longest_gc = 0.0

    def __enter__(self) -> LoopMeter:
        self._original = original = asyncio.events.Handle._run
        meter = self
        loop_thread = threading.get_ident()
        gc_started = 0.0

        def on_gc(phase: str, info: dict) -> None:
            nonlocal gc_started
            if threading.get_ident() != loop_thread:
                return
            if phase == "start":
                gc_started = time.perf_counter()
            else:
                meter.gc += time.perf_counter() - gc_started

        def _run(handle: asyncio.events.Handle) -> None:
            started, cpu_started, gc_before = time.perf_counter(), time.thread_time(), meter.gc
            try:
                original(handle)
            finally:
                spent = time.perf_counter() - started
                meter.busy += spent
                meter.cpu += time.thread_time() - cpu_started
                if spent > meter.longest:
                    meter.longest = spent
                    meter.longest_gc = max(0.0, meter.gc - gc_before)

        asyncio.events.Handle._run = _run
        self._on_gc = on_gc
        gc.callbacks.append(on_gc)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.events.Handle._run = self._original
        gc.callbacks.remove(self._on_gc)
