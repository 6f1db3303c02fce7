"""Correcting a saved answer: a small form for one field, and a list of a day's answers to choose from.

`EditEntryScreen(entity, entity_id, field)` can be pushed from any screen (History, today's summary);
it dismisses with True when a correction was saved. The original value is always kept (EntryEdit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, get_args

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from coach.screens.journal_drafts import JournalDrafts
from coach.widgets.footer import CoachFooter
from coach.widgets.form_draft import DraftedForm
from coach.widgets.shown import Shown, clean, literal
from coach.widgets.text_input import TextInput

SECTION_TITLES = {"checkin": "Check-in", "exposure_goal": "Today's goal", "reflection": "How it went"}
LONG_TEXT = 200  # fields allowed more characters than this get a multi-line box


def show_value(value: Any) -> str:
    """A saved value as the person would say it."""
    if value is None or value == "":
        return "(empty)"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        return value.replace("_", " ") if value.isidentifier() and value.islower() else value
    return f"{value:g}" if isinstance(value, float) else str(value)


def value_kind(value: Any) -> str:
    """For the display rule: a number is a scale; any other answer (words, signs, dose timing) is private."""
    return "scale" if isinstance(value, (int, float)) and not isinstance(value, bool) else "words"


def shown_value(shown: Shown, value: Any) -> Text:
    return shown.text(show_value(value), value_kind(value), one_line=True)


@dataclass(frozen=True)
class FieldKind:
    """How to ask for a field: 'int', 'float', 'text', 'long_text', 'bool' or 'choice' (with choices)."""

    kind: str
    optional: bool
    choices: tuple[str, ...] = ()
    max_length: int | None = None


def field_kind(entity: str, field: str) -> FieldKind:
    from coach.store.edits import EDITABLE

    info = EDITABLE[entity][0].model_fields[field]
    annotation = info.annotation
    args = get_args(annotation)
    optional = type(None) in args
    base = next((arg for arg in args if arg is not type(None)), annotation) if args else annotation
    if isinstance(base, type) and issubclass(base, Enum):
        return FieldKind("choice", optional, tuple(member.value for member in base))
    if base is bool:
        return FieldKind("bool", optional)
    if base is int:
        return FieldKind("int", optional)
    if base is float:
        return FieldKind("float", optional)
    max_length = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)
    return FieldKind("long_text" if (max_length or 0) > LONG_TEXT else "text", optional, max_length=max_length)


def parse_entry(kind: FieldKind, text: str) -> Any:
    """The typed value for `text`, or ValueError with a one-line reason."""
    text = text.strip() if kind.kind not in ("text", "long_text") else text
    if kind.kind in ("int", "float"):
        if text == "":
            if kind.optional:
                return None
            raise ValueError("This one needs a number.")
        try:
            return int(text) if kind.kind == "int" else float(text)
        except ValueError:
            raise ValueError("Please write a whole number." if kind.kind == "int" else "Please write a number.") from None
    return text.strip()


class EditEntryScreen(DraftedForm, ModalScreen[bool]):
    """Correct one field; the value saved before is kept beside the new one. What is typed is kept as a
    draft until Save or Cancel, and put back if the same correction is opened again."""

    CSS_PATH = "edit_entry.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="edit-cancel"),
        Binding("ctrl+s", "save", "Save correction", id="edit-save"),
    ]

    def __init__(self, entity: str, entity_id: int, field: str, label: str | None = None) -> None:
        super().__init__()
        from coach.store.edits import FIELD_LABELS

        self.entity, self.entity_id, self.field = entity, entity_id, field
        self.label = label or FIELD_LABELS.get(entity, {}).get(field, field)
        self.kind = field_kind(entity, field)
        self.draft_fields = ("edit-value",)

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-box"):
            yield Static(f"Correct: {self.label}", id="edit-title")
            yield Static("Loading…", id="edit-history")
            if self.kind.kind == "choice":
                options = [(show_value(choice), choice) for choice in self.kind.choices]
                yield Select(options, allow_blank=self.kind.optional, prompt="(empty)", id="edit-value")
            elif self.kind.kind == "bool":
                yield Select([("yes", True), ("no", False)], allow_blank=self.kind.optional, prompt="(empty)",
                             id="edit-value")
            elif self.kind.kind == "long_text":
                yield TextArea(id="edit-value", soft_wrap=True, show_line_numbers=False)
            elif self.kind.kind == "text":  # free text: a multi-line paste is kept
                yield TextInput(id="edit-value", max_length=self.kind.max_length or 0)
            else:
                restrict = {"int": r"-?[0-9]*", "float": r"-?[0-9]*\.?[0-9]*"}.get(self.kind.kind)
                yield Input(id="edit-value", restrict=restrict, max_length=self.kind.max_length or 0)
            yield Static("", id="draft-note", classes="muted")
            yield Static("", id="edit-problem")
            yield Static("Your first answer is kept with the time of this change.", classes="muted")
            with Horizontal(id="edit-buttons"):
                yield Button("Save correction", id="edit-save", variant="primary")
                yield Button("Cancel", id="edit-cancel")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#draft-note").display = False
        self.app.use_store(self)

    def on_store_ready(self) -> None:
        self.load()

    @work(thread=True, group="edit-load")
    def load(self) -> None:
        from coach.store.edits import EditError, current_value, edits_for

        store = self.app.store
        assert store is not None
        try:
            with store.session() as db:
                value = current_value(db, self.entity, self.entity_id, self.field)
                earlier = [e for e in edits_for(db, self.entity, self.entity_id) if e.field == self.field]
        except EditError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self._loaded, value, [(e.old_value, e.edited_at) for e in earlier])

    def _loaded(self, value: Any, earlier: list[tuple[Any, Any]]) -> None:
        widget = self.query_one("#edit-value")
        if isinstance(widget, Select):
            widget.value = Select.NULL if value is None else value
        elif isinstance(widget, TextArea):
            widget.text = clean(value)  # control characters from an import show as visible signs
        elif isinstance(widget, Input):
            widget.value = clean(show_value(value) if self.kind.kind == "float" else value, one_line=True)
        if earlier:
            first_value, _ = earlier[0]
            times = "once" if len(earlier) == 1 else f"{len(earlier)} times"
            last = earlier[-1][1].strftime("%-d %b %Y, %H:%M")
            shown = self.app.shown
            text = shown.join("First saved as: ", shown_value(shown, first_value), f". Corrected {times}, last on {last}.")
        else:
            text = self.app.shown.join("Saved as: ", shown_value(self.app.shown, value), ".")
        self.query_one("#edit-history", Static).update(text)
        widget.focus()
        self.start_draft(f"correction:{self.entity}:{self.entity_id}:{self.field}", JournalDrafts(self.app))

    def _problem(self, text: str) -> None:
        self.query_one("#edit-problem", Static).update(literal(text))

    def _typed_value(self) -> Any:
        widget = self.query_one("#edit-value")
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, TextArea):
            return parse_entry(self.kind, widget.text)
        assert isinstance(widget, Input)
        return parse_entry(self.kind, widget.value)

    def action_save(self) -> None:
        try:
            value = self._typed_value()
        except ValueError as exc:
            self._problem(str(exc))
            return
        self.save(value)

    @work(thread=True, exclusive=True, group="edit-save")
    def save(self, value: Any) -> None:
        from coach.store.edits import EditError, correct_field

        store = self.app.store
        assert store is not None
        try:
            with store.session() as db:
                edit = correct_field(db, self.entity, self.entity_id, self.field, value, self.app.now())
        except EditError as exc:
            self.app.call_from_thread(self._problem, _friendly(str(exc), self.field))
            return
        self.app.call_from_thread(self._saved, edit is not None)

    def _saved(self, changed: bool) -> None:
        self.draft_done()
        self.dismiss(changed)

    def action_cancel(self) -> None:
        self.draft_done()
        self.dismiss(False)

    @on(Button.Pressed, "#edit-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#edit-value")
    def _submitted(self) -> None:
        self.action_save()


def _friendly(message: str, field: str) -> str:
    return message.removeprefix(f"{field}: ").rstrip(".") + "."


class CorrectionsScreen(Screen[None]):
    """A day's saved answers; choose one to correct."""

    CSS_PATH = "edit_entry.tcss"
    AUTO_FOCUS = "#entries"
    BINDINGS = [Binding("escape", "close", "Back", id="corrections-close")]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self._entries: list[Any] = []
        self._first_day = day  # the day to show first (e.g. opened from that day in History)

    def compose(self) -> ComposeResult:
        with Vertical(id="corrections"):
            yield Static("Correct an entry", id="corrections-title")
            yield Static(
                "Choose a day, then the answer to correct. What you first wrote is kept, with the time of "
                "the change, so nothing is lost.",
                classes="muted",
            )
            yield Select([], prompt="Day", allow_blank=True, compact=True, id="day")
            yield OptionList(id="entries")
            yield Static("", id="corrections-empty", classes="muted")
            # Said under the list, not in a toast over the screen's words.
            yield Static("", id="corrections-saved", classes="muted")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.app.use_store(self)

    @work(thread=True, group="corrections-days")
    def load_days(self) -> None:
        from coach.store.edits import days_with_entries

        store = self.app.store
        if store is None:
            return
        with store.session() as db:
            days = days_with_entries(db)
        self.app.call_from_thread(self._show_days, days)

    def on_store_ready(self) -> None:
        self.load_days()

    def _show_days(self, days: list[date]) -> None:
        select = self.query_one("#day", Select)
        today = self.app.today()
        select.set_options(
            [("Today" if day == today else day.strftime("%A %-d %B %Y"), day.isoformat()) for day in days]
        )
        if days:
            select.value = (self._first_day if self._first_day in days else days[0]).isoformat()
        else:
            self.query_one("#corrections-empty", Static).update("Nothing saved yet: your answers will appear here.")

    @on(Select.Changed, "#day")
    def _day_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.load_entries(date.fromisoformat(str(event.value)))

    @work(thread=True, exclusive=True, group="corrections-entries")
    def load_entries(self, day: date) -> None:
        from coach.store.edits import entries_for_day

        store = self.app.store
        assert store is not None
        with store.session() as db:
            entries = entries_for_day(db, day)
        self.app.call_from_thread(self._show_entries, entries)

    def _show_entries(self, entries: list[Any]) -> None:
        self._entries = entries
        options = self.query_one("#entries", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        section = None
        for index, entry in enumerate(entries):
            if entry.entity != section:
                section = entry.entity
                options.add_option(Option(SECTION_TITLES.get(section, section), disabled=True))
            mark = "  (corrected)" if entry.corrected else ""
            prompt = self.app.shown.join(f"{entry.label}: ", shown_value(self.app.shown, entry.value), mark)
            options.add_option(Option(prompt, id=str(index)))
        if entries:
            options.highlighted = max(1, min(highlighted or 1, options.option_count - 1))
        self.query_one("#corrections-empty", Static).update("" if entries else "No answers saved that day.")

    @on(OptionList.OptionSelected, "#entries")
    def _entry_chosen(self, event: OptionList.OptionSelected) -> None:
        entry = self._entries[int(event.option.id or 0)]

        def done(changed: bool | None) -> None:
            self.query_one("#corrections-saved", Static).update(
                "Corrected. Your first answer is kept too." if changed else ""
            )
            select = self.query_one("#day", Select)
            if select.value is not Select.NULL:
                self.load_entries(date.fromisoformat(str(select.value)))

        self.app.push_screen(EditEntryScreen(entry.entity, entry.entity_id, entry.field, entry.label), done)

    def action_close(self) -> None:
        self.dismiss()
