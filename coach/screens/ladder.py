"""Ladder: your exposure hierarchy, easiest first, with attempts, tolerability trend and predicted vs actual."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.domain.ladder import (
    LadderInputError,
    Suggestion,
    band_text,
    expectancy_text,
    feared_text,
    overall_text,
    parse_item,
    suggest_next,
    trend,
)
from coach.domain.ladder_ratings import trail
from coach.domain.scales import SCALE_ENDS
from coach.screens.journal_drafts import JournalDrafts
from coach.widgets.footer import CoachFooter
from coach.widgets.form_draft import DraftedForm
from coach.widgets.shown import SHOW_ALL, Shown
from coach.widgets.text_input import TextInput

if TYPE_CHECKING:
    from coach.content import LadderSuggestion
    from coach.store.ladder import ItemSummary

DIFFICULTY_STEP = 5

INTRO = (
    "Activities you have been avoiding, easiest first (difficulty 0–100). What you expect before a try, "
    "against what actually happens, is where the learning is."
)
EMPTY = (
    "Your ladder is empty. Press a to add an activity you have been avoiding, "
    "or s to choose from some starting ideas."
)


@dataclass(frozen=True)
class LadderRow:
    item: ItemSummary
    suggestion: Suggestion | None
    ratings: tuple[tuple[date, int], ...] = ()  # re-ratings, oldest first


RERATE_DUE = "It is time to re-rate your ladder: press r to say how hard each step feels now."


def _set_error(widget: Static, text: str) -> None:
    widget.update(text)
    widget.display = bool(text)


def item_prompt(item: ItemSummary, shown: Shown = SHOW_ALL, ratings: tuple[tuple[date, int], ...] = ()) -> Text:
    """The two to four lines each item shows in the list (its re-ratings over time among them)."""
    text = Text()
    text.append(f"{item.difficulty:>3}  ", style="bold")
    text.append_text(shown.text(item.name, "words", one_line=True, style="bold"))
    if item.archived:
        text.append("  (archived)", style="italic")
    if ratings:
        text.append(f"\n     re-rated {trail(ratings)} (latest {ratings[-1][0]:%-d %b})", style="dim")
    if item.attempts == 0:
        text.append("\n     not tried yet", style="dim")
        return text
    tries = "1 try" if item.attempts == 1 else f"{item.attempts} tries"
    parts = [tries, f"last {band_text(item.last_tolerability)}"]
    if item.recent_tolerability:
        parts[-1] += f" {trend(item.recent_tolerability)}"
    expect = expectancy_text(item.mean_predicted_tolerability, item.mean_actual_tolerability)
    if expect:
        parts.append(expect)
    text.append("\n     " + " · ".join(parts), style="dim")
    fear = feared_text(item.mean_feared_likelihood, item.mean_feared_happened)
    if fear:
        text.append(f"\n     {fear}", style="dim")
    return text


class LadderScreen(Screen[None]):
    CSS_PATH = "ladder.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="ladder-back"),
        Binding("a", "add", "Add", id="ladder-add"),
        Binding("s", "starters", "Ideas", id="ladder-starters"),
        Binding("e", "edit", "Edit", id="ladder-edit"),
        Binding("plus,equals_sign", "harder", "Hardness", id="ladder-harder", key_display="+/-",
                tooltip="+ harder, - easier"),
        Binding("minus", "easier", "Easier", id="ladder-easier", show=False),
        Binding("x", "archive", "Archive", id="ladder-archive"),
        Binding("x", "restore", "Restore", id="ladder-restore"),
        Binding("h", "toggle_archived", "Archived", id="ladder-show-archived"),
        Binding("r", "rerate", "Re-rate", id="ladder-rerate", show=False),  # named in the list's top line when due
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False
        self.rows: list[LadderRow] = []
        self._highlight_id: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="ladder"):
            yield Static("Your exposure ladder", id="ladder-title")
            yield Static(INTRO, id="ladder-intro")
            yield Static("", id="ladder-overall")
            yield Static("Opening your ladder…", id="ladder-empty")
            yield OptionList(id="ladder-items")
            yield Static("", id="ladder-detail")
        yield CoachFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#ladder-items").display = False
        self.app.use_store(self)

    def on_store_ready(self) -> None:
        self.load()

    # --- loading ----------------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="ladder-load")
    def load(self) -> None:
        from coach.store.ladder import expectancy_overall, ladder_summaries
        from coach.store.ladder_ratings import is_rerate_due, ratings_by_item

        with self.app.store.session() as db:
            items = ladder_summaries(db, include_archived=self.show_archived)
            overall = expectancy_overall(db)
            ratings = ratings_by_item(db, include_archived=True)
            due = self.app.recording and is_rerate_due(db, self.app.today())
        rungs = [i.rung for i in items if not i.archived]
        rows = [LadderRow(i, suggest_next(i.recent, i.rung, rungs), tuple(ratings.get(i.id, ()))) for i in items]
        summary = overall_text(
            overall.attempts,
            overall.mean_predicted_tolerability,
            overall.mean_actual_tolerability,
            overall.mean_feared_likelihood,
            overall.mean_feared_happened,
        )
        if due:
            summary = RERATE_DUE + (f"\n{summary}" if summary else "")
        self.app.call_from_thread(self.show_rows, rows, summary)

    def show_rows(self, rows: list[LadderRow], summary: str | None = None) -> None:
        self.rows = rows
        overall = self.query_one("#ladder-overall", Static)
        overall.update(summary or "")
        overall.display = bool(summary)
        # Once there is something to show, the surprise so far says more than the introduction.
        self.query_one("#ladder-intro", Static).display = not summary
        options = self.query_one("#ladder-items", OptionList)
        keep = self._highlight_id if self._highlight_id is not None else self.selected_id()
        options.clear_options()
        options.add_options([Option(item_prompt(r.item, self.app.shown, r.ratings), id=str(r.item.id)) for r in rows])
        options.display = bool(rows)
        self.query_one("#ladder-empty", Static).display = not rows
        self.query_one("#ladder-empty", Static).update(
            EMPTY if not self.show_archived else "Nothing on your ladder yet, archived or not. Press a to add."
        )
        if rows:
            ids = [r.item.id for r in rows]
            options.highlighted = ids.index(keep) if keep in ids else 0
            options.focus()
        self._highlight_id = None
        self._show_detail()
        self._update_archive_binding()

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.item.id if row else None

    def selected_row(self) -> LadderRow | None:
        # The footer asks check_action while the screen may still be composing or already closing.
        found = self.query("#ladder-items").results(OptionList)
        options = next(found, None)
        if options is None:
            return None
        index = options.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    @on(OptionList.OptionHighlighted, "#ladder-items")
    def _highlighted(self) -> None:
        self._show_detail()
        self._update_archive_binding()

    @on(OptionList.OptionSelected, "#ladder-items")
    def _selected(self) -> None:
        self.action_edit()

    def _show_detail(self) -> None:
        row = self.selected_row()
        detail = self.query_one("#ladder-detail", Static)
        if row is None:
            detail.update("")
        elif row.suggestion is not None:
            detail.update(self.app.shown.text(row.suggestion.text, "words"))  # it names steps of the ladder
        elif row.item.attempts == 0:
            detail.update(self._named(row, "”: pick it as a goal in today's session when it feels right."))
        else:
            detail.update(self._named(row, "”: keep going at your own pace. Each go teaches your alarm something."))

    def _named(self, row: LadderRow, words: str) -> Text:
        return self.app.shown.join("“", (row.item.name, "words"), words, one_line=True)

    def _update_archive_binding(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "starters", "edit", "harder", "easier", "archive", "restore", "rerate") and not self.app.recording:
            return False  # projector mode on own data: the ladder is shown, not changed
        row = self.selected_row()
        if action in ("edit", "harder", "easier"):
            return row is not None
        if action == "archive":
            return row is not None and not row.item.archived
        if action == "restore":
            return row is not None and row.item.archived
        return True

    # --- actions ----------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.notify("Showing archived items too." if self.show_archived else "Hiding archived items.")
        self.load()

    def action_add(self) -> None:
        self.app.push_screen(ItemForm(), self._save_new)

    def action_edit(self) -> None:
        row = self.selected_row()
        if row is not None and self.app.may_record():
            item = row.item
            self.app.push_screen(ItemForm(item.name, item.difficulty, item.id), lambda r: self._save_edit(item.id, r))

    def action_harder(self) -> None:
        self._nudge(+DIFFICULTY_STEP)

    def action_easier(self) -> None:
        self._nudge(-DIFFICULTY_STEP)

    def _nudge(self, delta: int) -> None:
        row = self.selected_row()
        if row is not None:
            self._write(row.item.id, lambda db, ladder: ladder.update_item(db, row.item.id, difficulty=row.item.difficulty + delta))

    def action_archive(self) -> None:
        self._set_archived(True)

    def action_restore(self) -> None:
        self._set_archived(False)

    def _set_archived(self, archived: bool) -> None:
        row = self.selected_row()
        if row is None:
            return
        self._write(row.item.id, lambda db, ladder: ladder.set_archived(db, row.item.id, archived))
        name = self.app.shown.plain(row.item.name, "words", one_line=True)
        if archived:
            message = f"Archived “{name}”." + ("" if self.show_archived else " Press h to see archived items.")
        else:
            message = f"“{name}” is back on your ladder."
        self.notify(message, markup=False)

    def action_rerate(self) -> None:
        from coach.screens.rerate import RerateScreen

        active = [(r.item.id, r.item.name, r.ratings[-1][1] if r.ratings else r.item.difficulty)
                  for r in self.rows if not r.item.archived]
        if not active:
            self.notify("Nothing on your ladder to re-rate yet. Press a to add a step.")
            return
        self.app.push_screen(RerateScreen(active, self.app.shown), self._save_ratings)

    def _save_ratings(self, ratings: dict[int, int] | None) -> None:
        if ratings:
            day, now = self.app.today(), self.app.now()

            def save(db, _ladder):  # noqa: ANN001, ANN202
                from coach.store.ladder_ratings import save_ratings

                save_ratings(db, day, ratings, now)

            self._write(None, save)
            self.notify(f"Saved {len(ratings)} rating{'s' if len(ratings) != 1 else ''}. Well noticed.")

    def action_starters(self) -> None:
        from coach.content import load_ladder_suggestions

        taken = {r.item.name.casefold() for r in self.rows}
        self.app.push_screen(StarterPicker(load_ladder_suggestions(), taken, self._add_starter))

    # --- writes -----------------------------------------------------------------------------------------
    def _save_new(self, result: tuple[str, int] | None) -> None:
        if result is not None:
            name, difficulty = result
            self._write(None, lambda db, ladder: ladder.add_item(db, name, difficulty, self.app.now()))

    def _save_edit(self, item_id: int, result: tuple[str, int] | None) -> None:
        if result is not None:
            name, difficulty = result
            self._write(item_id, lambda db, ladder: ladder.update_item(db, item_id, name=name, difficulty=difficulty))

    def _add_starter(self, suggestion: LadderSuggestion) -> None:
        def add(db, ladder):  # noqa: ANN001, ANN202
            if suggestion.name.casefold() in ladder.item_names(db):
                return None
            return ladder.add_item(db, suggestion.name, suggestion.typical_difficulty, self.app.now(), suggestion.category)

        self._write(None, add)

    @work(thread=True, group="ladder-write")
    def _write(self, item_id: int | None, change: Callable) -> None:
        from coach.store import StoreError, ladder

        try:
            with self.app.store.session() as db:
                item = change(db, ladder)
                if item_id is None and item is not None:
                    item_id = item.id
        except StoreError as exc:
            self.app.call_from_thread(self.notify, f"Could not save: {exc}", severity="error")
            return
        self._highlight_id = item_id
        self.app.call_from_thread(self.load)


class ItemForm(DraftedForm, ModalScreen[tuple[str, int] | None]):
    """Add or edit one ladder item: a name and a difficulty, checked before anything is saved. What is
    typed is kept as a draft until Save or Cancel, so closing the terminal loses nothing."""

    CSS_PATH = "ladder.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="ladder-form-cancel"),
        Binding("ctrl+s", "save", "Save", id="ladder-form-save"),
        # A modal screen does not see the app's bindings: keep Help one key away here too.
        Binding("f1", "app.help", "Help", id="ladder-form-help"),
    ]

    draft_fields = ("item-name", "item-difficulty")

    def __init__(self, name: str = "", difficulty: int | None = None, item_id: int | None = None) -> None:
        super().__init__()
        self._name = name
        self._difficulty = difficulty
        self.item_id = item_id
        self.editing = bool(name)

    def compose(self) -> ComposeResult:
        low, high = SCALE_ENDS["difficulty"]
        with Vertical(classes="form"):
            yield Static("Edit this step" if self.editing else "Add a step to your ladder", classes="form-title")
            yield Label("What is the activity?")
            yield TextInput(
                self._name, placeholder="e.g. Walk to the corner shop", id="item-name", max_length=220, compact=True
            )
            yield Static("", id="item-name-error", classes="error")
            yield Label("How hard does it feel, 0–100?")
            yield Input(
                "" if self._difficulty is None else str(self._difficulty),
                placeholder="e.g. 40",
                id="item-difficulty",
                max_length=4,
                compact=True,
            )
            yield Static(f"{low} · {high}", classes="hint")
            yield Static("", id="item-difficulty-error", classes="error")
            yield Static("", id="draft-note", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="item-save", variant="primary")
                yield Button("Cancel", id="item-cancel")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#draft-note").display = False
        self.start_draft(f"ladder-item:{self.item_id if self.item_id is not None else 'new'}", JournalDrafts(self.app))

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        _set_error(self.query_one(f"#{event.input.id}-error", Static), "")

    @on(Input.Submitted, "#item-name")
    def _name_done(self) -> None:
        difficulty = self.query_one("#item-difficulty", Input)
        if not difficulty.value.strip() and self.query_one("#item-name", Input).value.strip():
            difficulty.focus()
        else:
            self.action_save()

    @on(Input.Submitted, "#item-difficulty")
    @on(Button.Pressed, "#item-save")
    def action_save(self) -> None:
        for field in ("name", "difficulty"):
            _set_error(self.query_one(f"#item-{field}-error", Static), "")
        try:
            result = parse_item(self.query_one("#item-name", Input).value, self.query_one("#item-difficulty", Input).value)
        except LadderInputError as exc:
            _set_error(self.query_one(f"#item-{exc.field}-error", Static), str(exc))
            self.query_one(f"#item-{exc.field}", Input).focus()
            return
        self.draft_done()
        self.dismiss(result)

    @on(Button.Pressed, "#item-cancel")
    def action_cancel(self) -> None:
        self.draft_done()
        self.dismiss(None)


class StarterPicker(ModalScreen[None]):
    """Starting ideas from the content library: Enter adds one to the ladder and the list stays open."""

    CSS_PATH = "ladder.tcss"
    BINDINGS = [
        Binding("escape", "close", "Done", id="ladder-starters-close"),
        Binding("f1,question_mark", "app.help", "Help", id="ladder-starters-help"),
    ]

    def __init__(
        self, suggestions: list[LadderSuggestion], taken: set[str], on_pick: Callable[[LadderSuggestion], None]
    ) -> None:
        super().__init__()
        self.suggestions = sorted(suggestions, key=lambda s: (s.typical_difficulty, s.name.casefold()))
        self.taken = set(taken)
        self.on_pick = on_pick

    def compose(self) -> ComposeResult:
        with Vertical(classes="form picker"):
            yield Static("Starting ideas", classes="form-title")
            yield Static(
                "Activities many people find hard. Enter adds one at a typical difficulty; "
                "re-rate it for yourself afterwards with e. Follow any movement limits your care team "
                "has given you. Esc when you are done.",
                classes="hint",
            )
            yield OptionList(*[self._option(s) for s in self.suggestions], id="starter-list")
        yield CoachFooter()

    def on_mount(self) -> None:
        options = self.query_one("#starter-list", OptionList)
        options.highlighted = next((i for i, o in enumerate(options.options) if not o.disabled), None)

    def _option(self, suggestion: LadderSuggestion) -> Option:
        added = suggestion.name.casefold() in self.taken
        text = Text(f"{suggestion.typical_difficulty:>3}  {suggestion.name}")
        text.append(f"  {suggestion.category}", style="dim")
        if added:
            text.append("  ✓ on your ladder", style="italic")
        if suggestion.note:  # a tip, or a safety caveat such as the one for driving
            text.append(f"\n     {suggestion.note}", style="dim")
        return Option(text, id=suggestion.name, disabled=added)

    @on(OptionList.OptionSelected, "#starter-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        suggestion = self.suggestions[event.option_index]
        if suggestion.name.casefold() in self.taken:
            return
        self.taken.add(suggestion.name.casefold())
        self.on_pick(suggestion)
        options = event.option_list
        options.replace_option_prompt_at_index(event.option_index, self._option(suggestion).prompt)
        options.disable_option_at_index(event.option_index)
        self.notify(f"Added “{suggestion.name}”.")

    def action_close(self) -> None:
        self.dismiss(None)
