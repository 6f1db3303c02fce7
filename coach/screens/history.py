"""History: every past day, newest first; open one to read its four parts (nothing here can change them)."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from coach.domain.durations import format_duration
from coach.domain.scales import tolerability_band
from coach.domain.session import AMOUNT_UNITS, WARNING_SIGNS, WITHDRAWAL_SIGNS
from coach.widgets.footer import CoachFooter
from coach.widgets.shown import SHOW_ALL, Shown, literal

if TYPE_CHECKING:
    from coach.store.queries.history import DayRecord, HistoryRow

OUTCOME_WORDS = {"fully": "done fully", "partly": "done partly", "not_today": "not that day"}
DOSE_WORDS = {
    "on_schedule": "on your usual schedule",
    "due_soon": "a dose was due soon",
    "taken_early": "a dose taken early",
    "extra_dose": "an extra dose (noted as information for your prescriber)",
    "not_on_opioids": "not taking opioids",
}
NEXT_WORDS = {"repeat": "repeat it", "step_up": "step up", "step_down": "step down"}
# The checklists' own labels, in lower case inside a sentence; the goal's units as the wizard words them.
SIGN_WORDS = {key: label[0].lower() + label[1:] for key, label in WITHDRAWAL_SIGNS + WARNING_SIGNS}
UNIT_WORDS = dict(AMOUNT_UNITS)
PAGE = 100  # History rows loaded at a time


def _scale(value: int | None, *, band: bool = False) -> str:
    if value is None:
        return "not answered"
    return f"{value}/10 ({tolerability_band(value)})" if band else f"{value}/10"


def _percent(value: int | None) -> str:
    return "not answered" if value is None else f"{value}%"


def _value(enum_value: Any) -> str:
    return "" if enum_value is None else str(getattr(enum_value, "value", enum_value))


def _label(words: dict[str, str], key: str) -> str:
    """A stored choice in words; a key this version does not know (from an import) without its underscores."""
    return words.get(key, key.replace("_", " "))


def _signs(keys: list[str]) -> str:
    return "; ".join(_label(SIGN_WORDS, key) for key in keys)


def checkin_lines(record: DayRecord, shown: Shown = SHOW_ALL) -> list[Text]:
    c = record.checkin
    if c is None:
        return [Text("No check-in that day.")]
    lines = [
        Text(f"Pain: {_scale(c.pain)}"),
        Text(f"Tolerability: {_scale(c.tolerability, band=True)}"),
        Text(f"Distress: {_scale(c.distress)}"),
        Text(f"Sleep: {_scale(c.sleep)}"),
        Text(f"Mood: {_scale(c.mood)}"),
    ]
    if c.dose_timing is not None:
        timing = _label(DOSE_WORDS, _value(c.dose_timing))
        lines.append(shown.join("Dose timing: ", (timing, "dose_timing"), one_line=True))
    signs = _signs(c.withdrawal_signs) if c.withdrawal_signs else "none noted"
    lines.append(shown.join("Withdrawal signs: ", (signs, "signs"), one_line=True))
    if c.red_flags:
        lines.append(shown.join("Warning signs noted: ", (_signs(c.red_flags), "signs"), one_line=True))
    peg = (c.peg_pain, c.peg_enjoyment, c.peg_activity)
    if all(v is not None for v in peg):
        lines.append(Text(f"PEG: {sum(peg) / 3:.1f} (pain {peg[0]}, enjoyment {peg[1]}, activity {peg[2]})"))
    if c.note.strip():
        lines.append(shown.join("Note: ", (c.note, "words")))
    return lines


def run_lines(record: DayRecord, titles: dict[str, str], tz: tzinfo | None = None) -> list[Text]:
    """Each exercise run, its start shown in `tz` (the app clock's zone; the machine's when None)."""
    if not record.runs:
        return [Text("No exercise that day.")]
    lines = []
    for run in record.runs:
        status = "completed" if run.completed else "stopped early"
        distress = ""
        if run.distress_before is not None or run.distress_after is not None:
            before = "–" if run.distress_before is None else run.distress_before
            after = "–" if run.distress_after is None else run.distress_after
            distress = f" · distress {before} → {after}"
        started = run.started_at.astimezone(tz).strftime("%H:%M")
        # An imported run may name an exercise this coach does not have: its id is shown as written.
        title = literal(titles.get(run.exercise_id, run.exercise_id), one_line=True)
        lines.append(Text.assemble(f"{started} ", title, f" · {format_duration(run.seconds_completed)} · {status}{distress}"))
    return lines


def goal_lines(record: DayRecord, shown: Shown = SHOW_ALL) -> list[Text]:
    g = record.goal
    if g is None:
        return [Text("No exposure goal that day.")]
    activity = g.text or (record.ladder_item.name if record.ladder_item else "")
    lines = [shown.join("Activity: ", (activity, "words")) if activity.strip() else Text("Activity: (no words given)")]
    if g.planned_amount is not None:
        unit = _label(UNIT_WORDS, _value(g.amount_unit))
        lines.append(Text.assemble(f"Planned: {g.planned_amount:g} ", literal(unit, one_line=True)))
    lines.append(Text(f"Predicted peak pain: {_scale(g.predicted_peak_pain)}"))
    lines.append(Text(f"Predicted tolerability: {_scale(g.predicted_tolerability, band=True)}"))
    if g.feared_outcome.strip():
        lines.append(
            shown.join("Feared outcome: ", (g.feared_outcome, "words"), f" (felt {_percent(g.feared_likelihood)} likely)")
        )
    return lines


def reflection_lines(record: DayRecord, shown: Shown = SHOW_ALL) -> list[Text]:
    r = record.reflection
    if r is None:
        return [Text("No reflection that day.")]
    lines = []
    if r.outcome is not None:
        lines.append(literal(f"How it went: {_label(OUTCOME_WORDS, _value(r.outcome))}"))
    lines.append(Text(f"Actual peak pain: {_scale(r.actual_peak_pain)}"))
    lines.append(Text(f"Actual tolerability: {_scale(r.actual_tolerability, band=True)}"))
    if r.feared_happened is not None:
        lines.append(Text(f"Did the feared outcome happen: {_percent(r.feared_happened)}"))
    if r.noticed.strip():
        lines.append(shown.join("What you noticed: ", (r.noticed, "words")))
    if r.response_practised.strip():
        lines.append(shown.join("Response you practised: ", (r.response_practised, "words")))
    if r.extra_dose is not None:
        extra = "yes, noted for your prescriber" if r.extra_dose else "no"
        lines.append(shown.join("Extra dose: ", (extra, "dose_timing")))
    if r.extra_dose_note.strip():
        lines.append(shown.join("About the dose: ", (r.extra_dose_note, "words")))
    if r.next_step is not None:
        lines.append(literal(f"Next time: {_label(NEXT_WORDS, _value(r.next_step))}"))
    lines.append(Text("Shared with your care team: " + ("yes" if r.share_with_care_team else "no (private)")))
    return lines


class DayScreen(Screen[None]):
    """One past day, read-only: check-in, exercises, exposure goal, reflection."""

    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("c", "correct", "Correct an answer", id="day-correct"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(id="day"):
            yield Static(self.day.strftime("%A %-d %B %Y"), id="day-title")
            yield Static("Read-only: this is how the day was saved.", id="day-sub")
            yield VerticalScroll(Static("Opening the day…"), id="day-parts")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#day-parts").focus()  # arrows and PageDown scroll the day
        self.load()

    def action_correct(self) -> None:
        """Fix a typo in this day's answers (screens/edit_entry.py); the first answer is kept."""
        from coach.screens.edit_entry import CorrectionsScreen

        if not self.app.recording or self.app.shown.hide_private:
            self.app.action_open("corrections")  # (which says why it stays closed)
            return
        self.app.push_screen(CorrectionsScreen(day=self.day), lambda _result: self.load())

    @work(thread=True, exclusive=True, group="day-load")
    def load(self) -> None:
        from coach.content import load_exercises
        from coach.store.queries.history import day_record

        with self.app.store.session() as db:
            record = day_record(db, self.day)
        titles = {key: exercise.title for key, exercise in load_exercises().items()}
        self.app.call_from_thread(self.show, record, titles)

    async def show(self, record: DayRecord | None, titles: dict[str, str]) -> None:
        parts = self.query_one("#day-parts", VerticalScroll)
        await parts.remove_children()
        if record is None:
            await parts.mount(Static("Nothing was saved for this day.", classes="part-body"))
            return
        status = "done" if _value(record.session.status) == "done" else "started, not finished"
        self.query_one("#day-sub", Static).update(f"Session {status}. Read-only: this is how the day was saved.")
        sections = [
            # Values go through app.shown: literal, and private ones hidden when a room is watching.
            ("check-in", "Check-in", checkin_lines(record, self.app.shown)),
            ("exercises", "Exercises", run_lines(record, titles, self.app.now().tzinfo)),
            ("goal", "Exposure goal", goal_lines(record, self.app.shown)),
            ("reflection", "Reflection", reflection_lines(record, self.app.shown)),
        ]
        widgets: list[Static] = []
        for key, title, lines in sections:
            widgets.append(Static(title, classes="part-title", id=f"part-{key}-title"))
            widgets.append(Static(Text("\n").join(lines), classes="part-body", id=f"part-{key}"))
        await parts.mount_all(widgets)


def _cell(value: int | None) -> str:
    return "·" if value is None else str(value)


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    _days: list[date] = []
    _total = 0
    _loading_more = False
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("enter", "open_day", "Open day", id="open-day"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Static("Your past days", id="history-title")
            yield Static("Opening your history…", id="history-sub")
            table: DataTable[str] = DataTable(id="days", cursor_type="row", zebra_stripes=True)
            table.display = False
            yield table
        yield CoachFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Day", key="day")
        table.add_column("Session", key="status")
        table.add_column("Tolerability", key="tolerability")
        table.add_column("Pain", key="pain")
        table.add_column("Exercises", key="exercises")
        table.add_column("Exposure", key="exposure")
        self.app.use_store(self)

    def on_store_ready(self) -> None:
        self.load(None)

    @work(thread=True, exclusive=True, group="history-load")
    def load(self, before: date | None) -> None:
        from coach.store.queries.history import day_count, history_rows

        with self.app.store.session() as db:
            rows = history_rows(db, PAGE, before)
            total = day_count(db)
        self.app.call_from_thread(self.show, rows, total, before is not None)

    def show(self, rows: list[HistoryRow], total: int, more: bool = False) -> None:
        table = self.query_one(DataTable)
        sub = self.query_one("#history-sub", Static)
        if not more:
            table.clear()
            self._days = []
        if not rows and not self._days:
            sub.update(
                "No days yet. Each day you start a session appears here, and you can open it again to read it."
            )
            table.display = False
            return
        self._total = total
        sub.update(f"{total:,} day{'s' if total != 1 else ''}, newest first. Enter opens a day to read.")
        table.add_rows(
            (
                f"{r.day:%a %-d %b %Y}",
                "done" if r.done else "started",
                _cell(r.tolerability),
                _cell(r.pain),
                str(r.exercises) if r.exercises else "·",
                OUTCOME_WORDS.get(r.outcome or "", "planned" if r.has_goal else "·"),
            )
            for r in rows
        )
        self._days += [r.day for r in rows]
        self._loading_more = False
        if not more:
            table.display = True
            table.focus()

    @on(DataTable.RowHighlighted, "#days")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        """Older days load a page at a time as the cursor nears the end, so ten years open at once."""
        days = self._days
        if days and len(days) < self._total and event.cursor_row >= len(days) - 10 and not self._loading_more:
            self._loading_more = True
            self.load(days[-1])

    @on(DataTable.RowSelected, "#days")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.cursor_row)

    def action_open_day(self) -> None:
        table = self.query_one(DataTable)
        if table.display and table.row_count:
            self._open(table.cursor_row)

    def _open(self, index: int) -> None:
        if 0 <= index < len(self._days):
            self.app.push_screen(DayScreen(self._days[index]))
