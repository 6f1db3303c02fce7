"""A scripted daily session for the crash test: writes answers one at a time, each its own commit.

Run as `python tests/crash_driver.py DB_PATH [DAYS]`. Prints `ready` once the store is open, then
`ok <day> <part> <field> <value>` for each answer AFTER its commit has returned, flushing stdout at
once: a line on stdout is a promise that the answer is in the database. The script resumes: answers
already stored are skipped, so a run killed part-way continues where it stopped when started again.
The parent (tests/slow/test_reliability.py) kills it with SIGKILL at random moments and checks the promises.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST_DAY = date(2026, 1, 1)
NOW = datetime(2026, 1, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))

# One day's session, in the order the wizard asks (part, field, value for day number n).
CHECKIN_FIELDS = ("pain", "tolerability", "distress", "sleep", "mood", "note")
GOAL_FIELDS = ("text", "predicted_peak_pain", "predicted_tolerability", "feared_outcome", "feared_likelihood")
EXERCISE_FIELDS = ("distress_before", "seconds_completed", "distress_after")
REFLECTION_FIELDS = ("outcome", "actual_peak_pain", "actual_tolerability", "feared_happened", "noticed")


def value_for(part: str, field: str, n: int) -> object:
    """The scripted answer: deterministic, different from day to day, within each field's range."""
    if field in ("note", "text", "feared_outcome", "noticed"):
        return f"{part} {field} day {n}: a note, with \"quotes\""
    if field == "seconds_completed":
        return 60 + n
    if field == "outcome":
        return ("fully", "partly", "not_today")[n % 3]
    if field in ("feared_likelihood", "feared_happened"):
        return (n * 7 + len(field)) % 101
    return (n * 3 + len(field)) % 11


def script(days: int) -> Iterator[tuple[int, str, str, object]]:
    for n in range(days):
        yield n, "session", "started", 1
        for field in CHECKIN_FIELDS:
            yield n, "checkin", field, value_for("checkin", field, n)
        for field in EXERCISE_FIELDS:
            yield n, "exercise", field, value_for("exercise", field, n)
        for field in GOAL_FIELDS:
            yield n, "goal", field, value_for("goal", field, n)
        for field in REFLECTION_FIELDS:
            yield n, "reflection", field, value_for("reflection", field, n)
        yield n, "session", "done", 1


def stored_answers(db) -> dict[tuple[int, str, str], object]:  # noqa: ANN001 - SQLModel Session
    """Every scripted answer the database holds, keyed like `script()` (a handful of SELECTs)."""
    from sqlmodel import select

    from coach.store.models import CheckIn, DailySession, ExerciseRun, ExposureGoal, Reflection

    found: dict[tuple[int, str, str], object] = {}
    day_of: dict[int, int] = {}
    for session in db.exec(select(DailySession)):
        n = (session.day - FIRST_DAY).days
        day_of[session.id] = n
        found[(n, "session", "started")] = 1
        if session.status == "done":
            found[(n, "session", "done")] = 1
    for part, model, fields in (("exercise", ExerciseRun, EXERCISE_FIELDS), ("checkin", CheckIn, CHECKIN_FIELDS),
                                ("goal", ExposureGoal, GOAL_FIELDS),
                                ("reflection", Reflection, REFLECTION_FIELDS)):
        for row in db.exec(select(model)):
            for field in fields:
                value = getattr(row, field)
                if value not in (None, "") and not (part == "exercise" and field == "seconds_completed" and value == 0):
                    found[(day_of[row.session_id], part, field)] = getattr(value, "value", value)
    return found


def expected_answers(days: int) -> dict[tuple[int, str, str], object]:
    return {(n, part, field): value for n, part, field, value in script(days)}


def write(db, n: int, part: str, field: str, value: object) -> None:  # noqa: ANN001
    """Store one answer through the functions the app uses: the session wizard's autosave
    (store/sessions.py save_answers) and the exercise player's (store/exercises.py)."""
    from coach.store.exercises import create_exercise_run, runs_for_session, update_exercise_run
    from coach.store.repo import start_or_resume_session
    from coach.store.sessions import save_answers

    day = FIRST_DAY + timedelta(days=n)
    now = NOW + timedelta(days=n)
    if part == "session":
        step = "checkin" if field == "started" else "summary"  # reaching the summary finishes the day
        save_answers(db, day, now, {"session": {"current_step": step}})
        return
    if part == "exercise":
        session = start_or_resume_session(db, day, now)
        runs = runs_for_session(db, session.id)
        if not runs:  # the player saves the run as it starts, with the first answer
            create_exercise_run(db, "paced-breathing", now, session_id=session.id, **{field: value})
        else:
            update_exercise_run(db, runs[0].id, **{field: value})
        return
    save_answers(db, day, now, {part: {field: value}})


def main(argv: list[str]) -> int:
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store

    store = open_store(resolve_db(argv[0]))
    days = int(argv[1]) if len(argv) > 1 else 30
    print("ready", flush=True)
    with store.session() as db:
        already = stored_answers(db)
    for n, part, field, value in script(days):
        if already.get((n, part, field)) == value:
            continue
        with store.session() as db:
            write(db, n, part, field, value)
        # The `with` block has committed (synchronous=FULL): only now is the answer promised.
        print(f"ok {n} {part} {field}", flush=True)
    print("finished", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
