"""The store, opened on demand: in a worker thread, once a screen first needs it (part of CoachApp).

The SQLModel store (SQLAlchemy, pydantic) is most of the start-up time and memory, so the first frame never
waits for it. Screens ask with `app.use_store(self)` (then `on_store_ready()` is called) or
`await app.wait_for_store()` / `await app.store_opens()`.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work

if TYPE_CHECKING:
    from coach.store.engine.db import Store


class StoreUnavailable(RuntimeError):
    """The store could not be opened; the app shows the reason and Ctrl+Q quits."""


class StoreOnDemand:
    """Mixed into CoachApp (an App): the store's opening, the screens waiting for it, and its failure."""

    # Set by the app's __init__ (see CoachApp); the settings parts live there too.
    store: Store | None
    startup_error: str | None
    settings: dict[str, Any]
    store_ready: asyncio.Event
    _store_settled: asyncio.Event
    _store_opener: Callable[[], Store]
    _store_requested: bool
    _waiting_for_store: list[Any]
    _early_settings: Any
    _theme_is_stored: bool

    def request_store(self) -> None:
        """Start opening the store in a worker thread, unless it is open or already opening."""
        if self.store is None and not self._store_requested and not self.locked:
            self._store_requested = True
            self._open_store()

    def use_store(self, screen: Any) -> None:
        """For a screen that reads or writes: `screen.on_store_ready()` now if the store is open, otherwise
        once it has opened (it starts opening here if nothing has asked for it yet)."""
        if self.store is not None:
            screen.on_store_ready()
        else:
            if screen not in self._waiting_for_store:
                self._waiting_for_store.append(screen)
            self.request_store()

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _open_store(self) -> None:
        import sqlite3

        from sqlalchemy.exc import SQLAlchemyError

        from coach.store import StoreError

        try:
            store = self._store_opener()
            from coach.store.settings import read_settings, stored_keys

            with store.session() as db:
                settings = read_settings(db)
                stored = stored_keys(db)
        except StoreError as exc:
            self.call_from_thread(self._store_failed, str(exc))
            return
        except (OSError, sqlite3.Error, SQLAlchemyError) as exc:  # a read-only folder, a full disk, no access
            reason = getattr(exc, "strerror", None) or str(getattr(exc, "orig", None) or exc).splitlines()[0]
            self.call_from_thread(self._store_failed, f"cannot open the database: {reason}")
            return
        except Exception as exc:
            # Not a problem the person can fix, but the app must not hang waiting for a store that never
            # comes: say so, then let the worker fail so tests see the error.
            self.call_from_thread(self._store_failed, f"cannot open the database: {exc.__class__.__name__}")
            raise
        self.call_from_thread(self._store_opened, store, settings, stored)

    def _store_failed(self, message: str) -> None:
        """One clear message over whatever is waiting for the store; Ctrl+Q quits (exit code 2, and the
        launcher prints the same line)."""
        from coach.screens.store_problem import StoreProblemScreen

        self.startup_error = message
        self._store_settled.set()  # whatever awaits the store stops waiting (see store_opens)
        self.push_screen(StoreProblemScreen(message))

    def _store_opened(self, store: Store, settings: dict[str, Any], stored: set[str]) -> None:
        # Everything loaded so far (Textual, SQLModel, the content) lives as long as the app: move it out
        # of the cyclic garbage collector's way, so a full collection later scans only what screens
        # create, not ~100k start-up objects (measured: 85-145 ms pauses on the event loop -> 20-50 ms).
        # Once per process: a second app in the same process (tests) must not freeze the first's garbage.
        if gc.get_freeze_count() == 0:
            gc.freeze()
        self.store = store
        if self._early_settings is None:
            self.settings = settings
            # A theme chosen at start-up (e.g. the projector in demo mode) stays unless the user picked one.
            self._theme_is_stored = "theme" in stored
        else:
            # Known since start-up (and maybe changed since): only the checks the early read skipped.
            from coach.domain.setting_checks import NEEDS_CONTENT

            self.settings.update({key: settings[key] for key in NEEDS_CONTENT})
        self.store_ready.set()
        self._store_settled.set()
        waiting, self._waiting_for_store = self._waiting_for_store, []
        for screen in waiting:
            if screen in self.screen_stack:  # (not one closed while the store was opening)
                screen.on_store_ready()
        if self._early_settings is None:
            self._settings_known()
        if self.recording:
            from coach.tui.unsaved import offer_kept_answers

            offer_kept_answers(self)  # answers kept when coach last quit without the journal

    async def wait_for_store(self) -> Store:
        """The open store; opens it if nothing has yet, and waits while it opens. Raises StoreUnavailable
        if it cannot open (the app then shows why): an action that may meet that uses store_opens()."""
        if not await self.store_opens():
            raise StoreUnavailable(self.startup_error or "the database could not be opened")
        assert self.store is not None
        return self.store

    async def store_opens(self) -> bool:
        """Wait until the store has opened (True) or failed to open (False); opens it if nothing has yet."""
        self.request_store()
        await self._store_settled.wait()
        return self.store is not None
