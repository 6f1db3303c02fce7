"""Answers given → written in order, off the event loop, retried on failure; and drafts of forms saved on "Save".

Two tools for forms, neither knowing anything of Textual (the store never imports it):

**Autosave** — for a form whose every answer is saved the moment it is given (the session wizard)::

    autosave = Autosave(write, on_done)      # write(batch) is the store transaction; on_done(error | None)
    autosave.give("checkin", "pain", 4)      # from the event loop: returns at once, never waits on SQL
    autosave.flush()                         # on leaving: writes what is left, synchronously; error or None
    autosave.pending()                       # answers given but not yet written (a copy)

- A *batch* is ``{part: {name: value}}``: every answer given since the last write, the newest value of
  each field only. ``write(batch)`` runs in a background thread and saves the whole batch in one
  transaction (or raises).
- One writer thread at a time. Answers given while it writes wait for its next round, so they land in
  the order given; the thread stops when nothing is left, and ``on_done(None)`` is called once everything
  given so far is written.
- A write that raises one of ``retry_on`` (by default SQLAlchemy's errors and ``ValueError``) keeps its
  answers for the next try, and any answer given in the meantime wins over the kept one; ``on_done`` is
  called with the error's first line, and the next ``give`` or ``flush`` tries again. Any other
  exception is a programming error: the answers are kept, ``on_done`` is told, and it is raised in the
  writer thread (so tests and the thread excepthook show it).
- ``on_done`` is called in the writer thread when it stops (``flush`` returns its result instead): it
  must not block on the UI. A Textual screen posts a message from it (``post_message`` is thread-safe).
- ``start(run)`` runs the writer off the caller's thread; by default a daemon ``threading.Thread``. A
  Textual screen passes its thread worker (``lambda run: self.run_worker(run, thread=True)``), so the
  app, and tests that wait for its workers, wait for the writer too.
- ``Autosave(..., held=True)`` collects answers without writing until ``release()`` (a form whose store
  or day is not known yet).

**Drafts** — for a form that is saved only when the person presses "Save" (the taper plan, a ladder item,
a correction), so that a closed terminal or ``kill -9`` loses at most the answer being typed: each
field's value is kept in the ``draft`` table under the form's name, as JSON, until the form is saved or
abandoned::

    autosave = Autosave(draft_writer(store, now), on_done)   # each given value goes into the draft
    autosave.give("taper-step", "strength", "7.5")           # part = the form's name
    load_draft(db, "taper-step")  -> {"strength": "7.5"} | None   # when the form opens again
    autosave.discard()                                            # on "Save" or "Cancel", first:
    drop_draft(db, "taper-step")                                  # then, in the same transaction as "Save"

Drafts are in-progress typing, not the journal: export, import and reports leave them out.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from coach.store.engine.db import Store

Batch = dict[str, dict[str, Any]]
Write = Callable[[Batch], None]
Done = Callable[[str | None], None]


def _default_retry_on() -> tuple[type[BaseException], ...]:
    from sqlalchemy.exc import SQLAlchemyError  # (loaded by the write already; not at import)

    return (SQLAlchemyError, ValueError)


class Autosave:
    """Answers given → written in order, in one background thread, retried on failure (see the module)."""

    def __init__(
        self,
        write: Write,
        on_done: Done | None = None,
        *,
        held: bool = False,
        retry_on: tuple[type[BaseException], ...] | None = None,
        start: Callable[[Callable[[], None]], Any] | None = None,
        name: str = "autosave",
    ) -> None:
        self._write = write
        self._on_done = on_done or (lambda _error: None)
        self._retry_on = retry_on
        self._name = name
        self._start_thread = start
        self._pending: Batch = {}
        self._pending_lock = threading.Lock()  # held only to swap the dict: the UI never waits on SQL
        self._write_lock = threading.Lock()  # one write at a time, so answers land in the order given
        self._running = False  # a writer thread is on its way (guarded by _pending_lock)
        self._held = held
        self._thread: threading.Thread | None = None

    # --- from the form ----------------------------------------------------------------------
    def give(self, part: str, name: str, value: Any) -> None:
        """An answer was given: write it soon, in order, off the caller's thread."""
        with self._pending_lock:
            self._pending.setdefault(part, {})[name] = value
        self._start()

    def pending(self) -> Batch:
        """The answers given and not yet written (a copy)."""
        with self._pending_lock:
            return {part: dict(fields) for part, fields in self._pending.items()}

    @property
    def held(self) -> bool:
        return self._held

    def release(self) -> None:
        """Start writing (answers given while held are written now)."""
        self._held = False
        self._start()

    def flush(self) -> str | None:
        """Write everything pending now, in the caller's thread, after any write under way; the error's
        first line if it failed (the answers are kept), else None. For leaving a form."""
        if self._held:
            return None
        return self._write_once()

    def discard(self) -> None:
        """Forget the answers not yet written, after any write under way (a form saved for real or
        abandoned: its draft must not be written again after the Save drops it)."""
        with self._pending_lock:
            self._pending = {}  # first, so the writer finds nothing more to do after its current write
        with self._write_lock, self._pending_lock:
            self._pending = {}  # and what a failed write under way put back

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the writer thread to finish (tests); False if it is still running. (A writer started
        through `start` is waited for by whoever runs it.)"""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    # --- the writer -------------------------------------------------------------------------
    def _start(self) -> None:
        with self._pending_lock:
            start = not self._held and bool(self._pending) and not self._running
            if start:
                self._running = True
        if start:
            if self._start_thread is not None:
                self._start_thread(self._run)
            else:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        error: str | None = None
        try:
            while True:
                error = self._write_once()
                with self._pending_lock:
                    if error or not self._pending:
                        self._running = False
                        break
        except BaseException:
            with self._pending_lock:
                self._running = False
            raise
        self._on_done(error)

    def _write_once(self) -> str | None:
        """Write every pending answer in one call of `write`; the error text if it failed (answers kept)."""
        with self._write_lock:
            with self._pending_lock:
                batch, self._pending = self._pending, {}
            if not batch:
                return None
            retry_on = self._retry_on if self._retry_on is not None else _default_retry_on()
            try:
                self._write(batch)
            except retry_on as exc:
                self._keep(batch)
                return (str(exc).splitlines() or [type(exc).__name__])[0]
            except BaseException as exc:
                self._keep(batch)
                self._on_done(f"{type(exc).__name__}: {exc}")
                raise
        return None

    def _keep(self, batch: Batch) -> None:
        """Put a batch that failed back, answers given since it was taken winning."""
        with self._pending_lock:
            for part, fields in batch.items():
                merged = dict(fields)
                merged.update(self._pending.get(part, {}))
                self._pending[part] = merged


# --- drafts of forms saved on "Save" -------------------------------------------------------------
def save_draft(db: Session, form: str, values: dict[str, Any], now: datetime) -> None:
    """Merge `values` into the draft of `form` (creating it)."""
    from coach.store.models import Draft

    row = db.get(Draft, form)
    merged = _decode(row.data) if row is not None else {}
    merged.update(json.loads(json.dumps(values)))  # only what JSON keeps (ValueError otherwise)
    if row is None:
        row = Draft(form=form, updated_at=now)
    row.data = merged  # a new dict, so the JSON column sees the change
    row.updated_at = now
    db.add(row)
    db.flush()


def load_draft(db: Session, form: str) -> dict[str, Any] | None:
    """The draft of `form` (field name → value), or None if there is none."""
    from coach.store.models import Draft

    row = db.get(Draft, form)
    return None if row is None else _decode(row.data)


def drop_draft(db: Session, form: str) -> None:
    """Forget the draft of `form` (it was saved for real, or abandoned)."""
    from coach.store.models import Draft

    row = db.get(Draft, form)
    if row is not None:
        db.delete(row)
        db.flush()


def draft_writer(store: Store, now: Callable[[], datetime]) -> Write:
    """A `write` for Autosave that keeps each part of a batch as the draft of the form of that name."""

    def write(batch: Batch) -> None:
        with store.session() as db:
            for form, values in batch.items():
                save_draft(db, form, values, now())

    return write


def _decode(data: Any) -> dict[str, Any]:
    return dict(data) if isinstance(data, dict) else {}  # a hand-edited row: no draft rather than a crash
