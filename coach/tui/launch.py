"""Starts the TUI: a quick file check and the settings with sqlite3, then the app, which opens the SQLModel
store in a worker when a screen first needs it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.domain.days import local_now
from coach.paths import DbTarget, resolve_db
from coach.store import StoreError
from coach.store.engine.cipher import Passphrase, is_locked
from coach.store.queries.status import quick_settings

if TYPE_CHECKING:
    from textual.screen import Screen


def preflight(target: DbTarget) -> None:
    """Refuse a bad database before any screen is drawn (sqlite3 only: cheap, never writes)."""
    if target.path is not None:
        from coach.store.engine.guard import inspect_database_file, is_read_only, read_only_refusal

        inspect_database_file(target.path, target.key)
        if target.path.exists() and is_read_only(target.path):  # the app saves every answer as it is given
            raise read_only_refusal(target.path, "save what you enter in the app")


def unlock_before_start(target: DbTarget) -> DbTarget:
    """An encrypted journal, before the app starts: unlocked with COACH_PASSPHRASE when it is set (a wrong
    one ends here, with one line); left locked for the passphrase screen when there is a terminal (or a
    browser, under `coach serve`) to ask in; otherwise one line saying so."""
    import os

    from coach.cli.encryption import can_ask, passphrase_from_env, unlocked
    from coach.store.engine.cipher import require

    require()  # without the optional package: one line on how to install it, before any screen
    if passphrase_from_env() is not None or not (can_ask() or os.environ.get("TEXTUAL_DRIVER")):
        return unlocked(target, ask=False)
    return target


def launch_tui(
    db: str | None = None,
    *,
    start: str | Callable[[], Screen[Any]] = "home",
    projector: bool = False,
    record: bool = False,
) -> int:
    try:
        app, settings = make_tui_app(db, start=start, projector=projector, record=record)
    except StoreError as exc:
        print(f"coach: error: {exc}", file=sys.stderr)
        return 2
    return _run(app, mouse=settings is None or bool(settings.values["mouse"]))


def make_tui_app(
    db: str | None = None, *, start: str | Callable[[], Screen[Any]] = "home", projector: bool = False,
    record: bool = False, clock: Callable[[], Any] = local_now,
):  # noqa: ANN201 - (CoachApp, StartupSettings | None); the app module loads only here
    """The app on the user's journal, with its settings read ahead; an encrypted journal still locked gets
    the passphrase screen first. Raises StoreError for a journal that cannot be opened."""
    unlock = None
    target = resolve_db(db)
    if is_locked(target):
        target = unlock_before_start(target)
    if is_locked(target):
        settings = None

        def unlock(passphrase: Passphrase):  # in the passphrase screen's worker thread  # noqa: ANN202
            nonlocal target
            from coach.store.engine.cipher import unlock as key_for

            assert target.path is not None
            target = target.with_key(key_for(target.path, passphrase))
            return target, quick_settings(target, now=clock())
    else:
        preflight(target)
        settings = quick_settings(target, now=clock())
    from coach.tui.app import make_app

    def open_target():  # in the app's worker thread, when a screen first needs it (Home reads with sqlite3)
        from coach.store.engine.db import open_store

        return open_store(target)  # (after unlocking: the target with its key)

    # The welcome tour belongs to the everyday app, not to `coach exercise` or other direct starts.
    app = make_app(
        open_target, start=start, onboarding=start == "home", projector=projector, record=record,
        quick_target=target, settings=settings, unlock=unlock, clock=clock,
    )
    return app, settings


def make_demo_app(*, projector: bool = False, days: int | None = None, seed: int | None = None, clock=None):
    """The app on a synthetic history built in memory. No path is resolved, so no real data is opened."""
    from coach.tui.app import make_app
    from coach.domain.days import local_now

    clock = clock or local_now

    def open_demo():  # in the app's worker thread: Home paints first, then the history is generated
        from coach.demo.history import build_demo_store

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
