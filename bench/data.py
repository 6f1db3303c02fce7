"""Databases for the benchmarks: empty, or years of daily history (`coach demo --save` when it exists)."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench.harness import PYTHON, env, has_command

TZ = timezone(timedelta(hours=-5))


def history_db(path: Path, days: int) -> str:
    """A database with `days` days of complete sessions ending yesterday; returns how it was made."""
    if has_command("demo"):
        result = subprocess.run([PYTHON, "-m", "coach", "demo", "--days", str(days), "--save", str(path)],
                                env=env(), capture_output=True, text=True)
        if result.returncode == 0 and path.exists():
            return "coach demo --save"
    _generate(path, days)
    return "bench/data.py"


def mark_onboarded(path: Path) -> None:
    """Record that the welcome tour was seen, as for anyone opening coach on an ordinary day."""
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from coach.store.repo import set_setting

    store = open_store(resolve_db(str(path)))
    with store.session() as db:
        set_setting(db, "onboarding_done", True)
    store.close()


def _generate(path: Path, days: int) -> None:
    """Plain generated rows, every part of every day (used until `coach demo --save` exists)."""
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from coach.store.models import (
        CheckIn,
        DailySession,
        ExerciseRun,
        ExposureGoal,
        LadderItem,
        Outcome,
        Reflection,
        SessionStatus,
    )

    store = open_store(resolve_db(str(path)))
    first = date.today() - timedelta(days=days)
    with store.session() as db:
        item = LadderItem(name="Walk to the park", difficulty=40, created_at=datetime(2016, 1, 1, tzinfo=TZ))
        db.add(item)
        db.flush()
        for n in range(days):
            at = datetime.combine(first + timedelta(days=n), datetime.min.time(), TZ) + timedelta(hours=9)
            session = DailySession(day=first + timedelta(days=n), started_at=at,
                                   completed_at=at + timedelta(minutes=15), status=SessionStatus.DONE,
                                   current_step="summary")
            db.add(session)
            db.flush()
            wave = (n * 7) % 11
            db.add(CheckIn(session_id=session.id, pain=wave, tolerability=10 - wave, distress=(wave + 3) % 11,
                           sleep=(n % 9) + 1, mood=(n % 7) + 2))
            db.add(ExerciseRun(session_id=session.id, exercise_id="paced-breathing", started_at=at,
                               seconds_completed=300, distress_before=(wave + 2) % 11, distress_after=wave // 2,
                               completed=True))
            goal = ExposureGoal(session_id=session.id, ladder_item_id=item.id, planned_amount=10,
                                predicted_peak_pain=(wave + 2) % 11, predicted_tolerability=(12 - wave) % 11,
                                feared_likelihood=(n * 13) % 101)
            db.add(goal)
            db.flush()
            db.add(Reflection(session_id=session.id, goal_id=goal.id, outcome=list(Outcome)[n % 3],
                              actual_peak_pain=wave, actual_tolerability=10 - wave, feared_happened=(n * 5) % 101))
    store.close()
