"""Form drafts kept in the app's journal (coach.store.drafts): the shelf the form screens give their drafts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.store.drafts import Autosave, Batch, draft_writer, drop_draft, load_draft


class JournalDrafts:
    """A coach.widgets.form_draft.DraftShelf on the app's journal, opened on demand (`app.store`, None until
    then) and stamped with the app's clock (`app.now`)."""

    def __init__(self, app: Any) -> None:
        self._app = app

    def writer(self, on_done: Callable[[str | None], None], *, start: Callable[[Callable[[], None]], Any],
               name: str) -> Autosave:
        # Held until the form has read its draft back (FormDraft.open), so nothing is written over it first.
        return Autosave(self._write, on_done, held=True, start=start, name=name)

    def _write(self, batch: Batch) -> None:
        draft_writer(self._app.store, self._app.now)(batch)

    def load(self, form: str) -> dict[str, Any] | None:
        with self._app.store.session() as db:
            return load_draft(db, form)

    def drop(self, form: str) -> None:
        if self._app.store is None:
            return  # the journal never opened: no draft was written
        with self._app.store.session() as db:
            drop_draft(db, form)
