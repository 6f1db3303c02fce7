"""A form saved only on "Save" keeps what is typed as a draft, so a closed terminal or `kill -9` loses nothing:
each change is written in order off the event loop, the draft is there when the form opens again, and it is
dropped on Save or an explicit Cancel. Where drafts are kept is the screen's to say (a DraftShelf: for the
journal, coach.screens.journal_drafts.JournalDrafts); this widget never touches the store itself.

    self.draft = FormDraft(self, "ladder-item:new", JournalDrafts(self.app))   # in on_mount
    self.run_worker(self._restore())                       # values = await self.draft.open()
    self.draft.give("name", value)                         # on each change
    self.draft.discard()                                   # on Save or Cancel

Nothing is kept when the journal is not being recorded (projector mode on your own data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen


class DraftWriter(Protocol):
    """Values given -> written in order, off the event loop, retried on failure; nothing written while `held`
    (until `release()`). coach.store.drafts.Autosave is one."""

    @property
    def held(self) -> bool: ...

    def give(self, part: str, name: str, value: Any) -> None: ...

    def release(self) -> None: ...

    def flush(self) -> str | None: ...


class DraftShelf(Protocol):
    """Where a screen's form drafts are kept. `writer` is called once per form, on the event loop, and gives a
    writer that is held (writes nothing) until released; `load` and `drop` run in a worker thread, `load`
    once the app's journal is open, `drop` perhaps before it ever opened."""

    def writer(self, on_done: Callable[[str | None], None], *, start: Callable[[Callable[[], None]], Any],
               name: str) -> DraftWriter: ...

    def load(self, form: str) -> dict[str, Any] | None: ...

    def drop(self, form: str) -> None: ...


class FormDraft:
    """The draft of one form on one screen, kept on the `shelf` the screen gives."""

    @dataclass
    class NotKept(Message):
        """A draft could not be written (it is tried again with the next change); `error` says why."""

        error: str

    def __init__(self, screen: Screen[Any], form: str, shelf: DraftShelf) -> None:
        self._screen = screen
        self._app = screen.app
        self._shelf = shelf
        self.form = form
        self._closed = False
        self._autosave = shelf.writer(self._written, start=self._start, name=f"draft {form}")

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
        if self._app.recording:
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
        return self._shelf.load(self.form)

    def _written(self, error: str | None) -> None:
        if error:
            # A message, not call_from_thread: the writer never waits on the screen.
            self._screen.post_message(self.NotKept(error))

    def _drop(self) -> None:
        self._autosave.flush()  # after any write under way; what it leaves is dropped just below
        self._shelf.drop(self.form)


class DraftedForm:
    """For a form screen (mixed in before ModalScreen): the fields named in `draft_fields` (widget ids:
    Input, TextArea or Select) are kept in the draft `draft_name` as they change, put back when the form
    opens again, and the draft is dropped by `draft_done()` (call it on Save and on Cancel). A note with
    the id `draft-note`, if the form has one, says when a draft was put back. The screen says where drafts
    are kept (`shelf`)."""

    draft_name: str = ""
    draft_fields: tuple[str, ...] = ()
    draft: FormDraft | None = None

    def start_draft(self, name: str, shelf: DraftShelf) -> None:
        """From on_mount, once the fields hold their saved values."""
        self.draft_name = name
        self.draft = FormDraft(self, name, shelf)  # type: ignore[arg-type]
        self._draft_baseline = {field: self._draft_value(field) for field in self.draft_fields}
        self._draft_given: set[str] = set()
        self.run_worker(self._restore_draft(), group="form-draft-restore")  # type: ignore[attr-defined]

    def draft_done(self) -> None:
        if self.draft is not None:
            self.draft.discard()

    async def _restore_draft(self) -> None:
        assert self.draft is not None
        values = await self.draft.open()
        restored = False
        for field, value in (values or {}).items():
            if field in self.draft_fields and value != self._draft_value(field):
                self._set_draft_value(field, value)
                restored = True
        if restored:
            notes = self.query("#draft-note")  # type: ignore[attr-defined]
            for note in notes:
                note.update("Put back what you typed last time (not saved yet).")
                note.display = True

    def _draft_widget(self, field: str):  # noqa: ANN202
        return self.query_one(f"#{field}")  # type: ignore[attr-defined]

    def _draft_value(self, field: str) -> Any:
        from textual.widgets import Input, Select, TextArea

        widget = self._draft_widget(field)
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def _set_draft_value(self, field: str, value: Any) -> None:
        from textual.widgets import Input, Select, TextArea
        from textual.widgets.select import InvalidSelectValueError

        from coach.widgets.shown import clean

        widget = self._draft_widget(field)
        if isinstance(widget, Select):
            try:
                widget.value = Select.NULL if value is None else value
            except InvalidSelectValueError:
                pass  # a choice this form no longer offers: the saved value stays
        elif isinstance(widget, TextArea) and isinstance(value, str):
            widget.text = clean(value)
        elif isinstance(widget, Input) and isinstance(value, str):
            widget.value = clean(value, one_line=True)

    def _draft_changed(self, field: str | None) -> None:
        if self.draft is None or field not in self.draft_fields:
            return
        value = self._draft_value(field)
        if field not in self._draft_given and value == self._draft_baseline.get(field):
            return  # the saved value being shown, not something typed
        self._draft_given.add(field)
        self.draft.give(field, value)

    def on_input_changed(self, event: Any) -> None:
        self._draft_changed(event.input.id)

    def on_text_area_changed(self, event: Any) -> None:
        self._draft_changed(event.text_area.id)

    def on_select_changed(self, event: Any) -> None:
        self._draft_changed(event.select.id)

    def on_unmount(self) -> None:
        if self.draft is not None:
            self.draft.flush()

    def on_form_draft_not_kept(self, message: FormDraft.NotKept) -> None:
        from coach.widgets.shown import clean

        self.notify(  # type: ignore[attr-defined]
            f"What you typed is not kept yet: {clean(message.error)}", severity="warning", markup=False
        )
