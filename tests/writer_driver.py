"""One of two coach processes sharing a database, for tests/slow/test_reliability.py.

`writer_driver.py DB write LABEL COUNT`: COUNT separate commits, each a session (on its own day) with
an exercise run, the way two open TUIs would save answers.
`writer_driver.py DB write-until LABEL STOPFILE`: the same, one commit after another until STOPFILE
exists; prints how many it wrote.
`writer_driver.py DB status STOPFILE`: what `coach status` does (store/queries/status.py), in a loop until
STOPFILE exists. Prints the number of reads when it stops.
Any exception propagates: a traceback on stderr and a non-zero exit fail the test.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


def write(db_path: str, label: str, count: int, stop: Path | None = None) -> None:
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from coach.store.models import ExerciseRun
    from coach.store.repo import start_or_resume_session

    store = open_store(resolve_db(db_path))
    first = date(2000, 1, 1) if label == "a" else date(2010, 1, 1)
    i = 0
    while (i < count) if stop is None else not stop.exists():
        i += 1
        with store.session() as db:
            session = start_or_resume_session(db, first + timedelta(days=i - 1), NOW)
            db.add(ExerciseRun(session_id=session.id, exercise_id=f"{label}-{i - 1}", started_at=NOW,
                               seconds_completed=i - 1, completed=True))
    store.close()
    print(f"wrote {i}")


def status(db_path: str, stop: Path) -> None:
    from coach.paths import resolve_db
    from coach.store.queries.status import status_text

    reads = 0
    while not stop.exists():
        status_text(resolve_db(db_path))  # exactly what `coach status` prints
        reads += 1
    print(f"reads {reads}")


if __name__ == "__main__":
    db, mode, arg, *rest = sys.argv[1:]
    if mode == "write":
        write(db, arg, int(rest[0]))
    elif mode == "write-until":
        write(db, arg, 0, Path(rest[0]))
    else:
        status(db, Path(arg))
