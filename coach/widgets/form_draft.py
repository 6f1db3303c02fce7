"""A form saved only on "Save" keeps what is typed as a draft (coach.store.drafts), so a closed terminal or
`kill -9` loses nothing: each change is written in order off the event loop, the draft is there when the
form opens again, and it is dropped on Save or an explicit Cancel.

    self.draft = FormDraft(self, "ladder-item:new")      # in on_mount
    self.run_worker(self._restore())                       # values = await self.draft.open()
    self.draft.give("name", value)                         # on each change
    self.draft.discard()                                   # on Save or Cancel

Nothing is kept when the journal is not being recorded (projector mode on your own data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from coach.store.drafts import Autosave

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen


class FormDraft:
    """The draft of one form on one screen; the writing is coach.store.drafts.Autosave's."""

    @dataclass
    class NotKept(Message):
        """A draft could not be written (it is tried again with the next change); `error` says why."""

        error: str

    def __init__(self, screen: Screen[Any], form: str) -> None:
        self._screen = screen
        self._app = screen.app
        self.form = form
        self._closed = False
        self._autosave = Autosave(self._write, self._written, held=True, start=self._start, name=f"draft {form}")

    # --- from the form (event loop) --------------------------------------------------------------
    async def open(self) -> dict[str, Any] | None:
        """Once the journal is open: the draft left by an earlier visit to this form (None if there is none).
        Changes given before this are written from now on."""
        if not self._app.recording or not await self._app.store_opens():
            return None
        worker = self._app.run_worker(self._load, thread=True, group="form-draft")
        values = await worker.wait()
        if not self._closed:
            self._autosave.release()
        return values

    def give(self, name: str, value: Any) -> None:
        """A field changed: keep its new value in the draft (written soon, in order, off the event loop)."""
        if not self._closed and self._app.recording:
            self._autosave.give(self.form, name, value)

    def discard(self) -> None:
        """Saved for real, or cancelled: nothing more is kept, and the draft goes once any write under way
        has finished (so a late write cannot bring it back)."""
        if self._closed:
            return
        self._closed = True
        if self._app.recording and self._app.store is not None:
            self._app.run_worker(self._drop, thread=True, group="form-draft")

    def flush(self) -> None:
        """Leaving without Save or Cancel (the app is closing): write what is still pending now."""
        if not self._closed and not self._autosave.held:
            self._autosave.flush()

    # --- in a thread -------------------------------------------------------------------------------
    def _start(self, run: Callable[[], None]) -> None:
        # On the app, not the form: a write under way outlives the form closing.
        self._app.run_worker(run, thread=True, group="form-draft")

    def _load(self) -> dict[str, Any] | None:
        from coach.store.drafts import load_draft

        with self._app.store.session() as db:
            return load_draft(db, self.form)

    def _write(self, batch: dict[str, dict[str, Any]]) -> None:
        from coach.store.drafts import draft_writer

        draft_writer(self._app.store, self._app.now)(batch)

    def _written(self, error: str | None) -> None:
        if error:
            # A message, not call_from_thread: the writer never waits on the screen.
            self._screen.post_message(self.NotKept(error))

    def _drop(self) -> None:
        from coach.store.drafts import drop_draft

        self._autosave.flush()  # after any write under way; what it leaves is dropped just below
        with self._app.store.session() as db:
            drop_draft(db, self.form)
