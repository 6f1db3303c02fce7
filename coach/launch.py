"""Starts the TUI: a quick file check with sqlite3, then the app, which opens the store in a worker."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.paths import DbTarget, resolve_db
from coach.store import StoreError

if TYPE_CHECKING:
    from textual.screen import Screen


def preflight(target: DbTarget) -> None:
    """Refuse a bad database before any screen is drawn (sqlite3 only: cheap, never writes)."""
    if target.path is not None:
        from coach.store.guard import inspect_database_file

        inspect_database_file(target.path)


def launch_tui(db: str | None = None, *, start: str | Callable[[], Screen[Any]] = "home") -> int:
    try:
        target = resolve_db(db)
        preflight(target)
    except StoreError as exc:
        print(f"coach: error: {exc}", file=sys.stderr)
        return 2
    from coach.app import make_app

    def open_target():  # runs in the app's worker thread, so SQLModel loads after Home is painted
        from coach.store.db import open_store

        return open_store(target)

    app = make_app(open_target, start=start)
    app.run()
    if app.startup_error:
        print(f"coach: error: {app.startup_error}", file=sys.stderr)
        return 2
    return app.return_code or 0


def launch_exercise(db: str | None, exercise_id: str, minutes: float | None = None) -> int:
    """One exercise full-screen (intro, player, how it went); the app closes when it is done."""

    def practice() -> Screen[Any]:
        from coach.screens.practice import PracticeExerciseScreen

        return PracticeExerciseScreen(exercise_id, minutes=minutes)

    return launch_tui(db, start=practice)
