"""Starts the TUI: a quick file check and the settings with sqlite3, then the app, which opens the SQLModel
store in a worker when a screen first needs it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.domain.days import local_now
from coach.paths import DbTarget, resolve_db
from coach.store import StoreError
from coach.store.status import quick_settings

if TYPE_CHECKING:
    from textual.screen import Screen


def preflight(target: DbTarget) -> None:
    """Refuse a bad database before any screen is drawn (sqlite3 only: cheap, never writes)."""
    if target.path is not None:
        from coach.store.guard import inspect_database_file

        inspect_database_file(target.path)


def launch_tui(
    db: str | None = None,
    *,
    start: str | Callable[[], Screen[Any]] = "home",
    projector: bool = False,
    record: bool = False,
) -> int:
    try:
        target = resolve_db(db)
        preflight(target)
        settings = quick_settings(target, now=local_now())
    except StoreError as exc:
        print(f"coach: error: {exc}", file=sys.stderr)
        return 2
    from coach.app import make_app

    def open_target():  # in the app's worker thread, when a screen first needs it (Home reads with sqlite3)
        from coach.store.db import open_store

        return open_store(target)

    # The welcome tour belongs to the everyday app, not to `coach exercise` or other direct starts.
    app = make_app(
        open_target, start=start, onboarding=start == "home", projector=projector, record=record,
        quick_target=target, settings=settings,
    )
    return _run(app, mouse=settings is None or bool(settings.values["mouse"]))


def make_demo_app(*, projector: bool = False, days: int | None = None, seed: int | None = None, clock=None):
    """The app on a synthetic history built in memory. No path is resolved, so no real data is opened."""
    from coach.app import make_app
    from coach.domain.days import local_now

    clock = clock or local_now

    def open_demo():  # in the app's worker thread: Home paints first, then the history is generated
        from coach.demo import build_demo_store

        return build_demo_store(days=days, now=clock(), seed=seed)

    return make_app(open_demo, clock=clock, projector=projector, demo=True)


def launch_demo(*, projector: bool = False, days: int | None = None, seed: int | None = None) -> int:
    return _run(make_demo_app(projector=projector, days=days, seed=seed))


def _run(app, *, mouse: bool = True) -> int:  # noqa: ANN001 - CoachApp, imported lazily
    app.run(mouse=mouse)
    if app.startup_error:
        print(f"coach: error: {app.startup_error}", file=sys.stderr)
        return 2
    return app.return_code or 0


def launch_exercise(
    db: str | None, exercise_id: str, minutes: float | None = None, *, projector: bool = False, record: bool = False
) -> int:
    """One exercise full-screen (intro, player, how it went); the app closes when it is done."""

    def practice() -> Screen[Any]:
        from coach.screens.practice import PracticeExerciseScreen

        return PracticeExerciseScreen(exercise_id, minutes=minutes)

    return launch_tui(db, start=practice, projector=projector, record=record)
