"""Autosave cost: one answer committed per transaction, with the store's `synchronous` setting (FULL:
an answer survives power loss too) against NORMAL (survives a crash or kill -9, not power loss)."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

from bench.harness import Result, interleaved, median, scratch

ANSWERS = 50
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


def run(n: int) -> list[Result]:
    from sqlalchemy import event
    from sqlmodel import select

    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from coach.store.models import CheckIn
    from coach.store.repo import start_or_resume_session

    with scratch() as tmp:
        stores = {}
        for mode in ("default", "NORMAL"):
            store = open_store(resolve_db(str(tmp / f"{mode}.db")))
            if mode == "NORMAL":
                store.engine.dispose()
                event.listen(store.engine, "connect",
                             lambda conn, _rec: conn.execute("PRAGMA synchronous = NORMAL"))
            stores[mode] = store
        days = iter(range(100_000))

        def commits(mode: str):  # noqa: ANN202
            store = stores[mode]

            def one_round() -> float:
                day = date(2000, 1, 1) + timedelta(days=next(days))
                started = time.perf_counter()
                for i in range(ANSWERS):
                    with store.session() as db:
                        session = start_or_resume_session(db, day, NOW)
                        row = db.exec(select(CheckIn).where(CheckIn.session_id == session.id)).first()
                        if row is None:
                            row = CheckIn(session_id=session.id)
                        row.pain = i % 11
                        db.add(row)
                return (time.perf_counter() - started) / ANSWERS

            return one_round

        full, normal = interleaved(n, commits("default"), commits("NORMAL"))
        with stores["default"].engine.connect() as conn:
            level = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[conn.exec_driver_sql("PRAGMA synchronous").scalar()]
        for store in stores.values():
            store.close()
    return [Result(f"One answer committed (synchronous={level})", median(full) * 1000, median(normal) * 1000, "ms",
                   "<= 16 ms", 16, absolute=True,
                   note="floor: synchronous=NORMAL; runs in a worker thread, never on the event loop")]
