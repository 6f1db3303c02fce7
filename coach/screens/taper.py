"""Taper plan: the medications and steps agreed with the prescriber, MME/day per step, and a neutral pace note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Input, Label, RadioButton, RadioSet, Select, Static

from coach.domain.mme import format_mme, load_mme_table
from coach.domain.taper import (
    DURATION_LABELS,
    OpioidDuration,
    PlanMedication,
    PlanStep,
    StepRow,
    TaperInputError,
    check_step_date,
    format_day,
    format_percent,
    format_regimen,
    mme_text,
    parse_amount,
    parse_day,
    parse_doses,
    parse_drug,
    plan_notes,
    pace_summary,
    plan_rows,
    regimen_mme,
    total_mme_on,
)
from coach.themes import HIDDEN_IN_PROJECTOR
from coach.widgets.footer import CoachFooter

if TYPE_CHECKING:
    from coach.domain.mme import Drug
    from coach.store.taper import TaperPlan

INTRO = (
    "The plan you and your prescriber agreed, written down. coach does the arithmetic; "
    "it never suggests a dose or a pace."
)
EMPTY = "No medications yet. Press m to add the one you take now, as your prescriber wrote it."
DURATION_UNSET = "How long have you been taking opioids? Press o to say: it decides which guidance the pace note uses."


def _set_error(widget: Static, text: str) -> None:
    widget.update(text)
    widget.display = bool(text)


def short_name(drug: Drug) -> str:
    return drug.key.replace("-", " ")


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


class TaperScreen(Screen[None]):
    CSS_PATH = "taper.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="taper-back"),
        Binding("a", "add_step", "Add step", id="taper-add-step"),
        Binding("m", "add_medication", "Add medication", id="taper-add-medication"),
        Binding("e", "edit", "Edit", id="taper-edit-medication", tooltip="Change the selected step, or the medication"),
        Binding("x", "delete", "Delete", id="taper-delete"),
        Binding("o", "duration", "Time on opioids", id="taper-duration"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: TaperPlan | None = None
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="taper"):
            yield Static("Your taper plan", id="taper-title")
            yield Static(INTRO, id="taper-intro")
            yield Static("", id="taper-duration")
            yield Static("Opening your plan…", id="taper-empty")
            yield Static("Medications", classes="heading", id="meds-heading")
            yield DataTable(id="taper-meds", cursor_type="row", zebra_stripes=True)
            yield Static("Steps", classes="heading", id="steps-heading")
            yield DataTable(id="taper-steps", cursor_type="row", zebra_stripes=True)
            yield Static("", id="taper-notes")
        # Outside the scroll so it is always on screen wherever MME/day is.
        yield Static(load_mme_table().caution, id="taper-caution")
        yield CoachFooter(show_command_palette=False)

    def on_mount(self) -> None:
        meds = self.query_one("#taper-meds", DataTable)
        meds.add_columns("Medication", "Since", "Regimen", "MME/day")
        for selector in ("#meds-heading", "#taper-meds", "#steps-heading", "#taper-steps"):
            self.query_one(selector).display = False
        self.app.use_store(self)

    def on_store_ready(self) -> None:
        self.load()

    # --- loading ----------------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="taper-load")
    def load(self) -> None:
        from coach.store.taper import current_step_text, load_plan

        with self.app.store.session() as db:
            plan = load_plan(db)
            current = current_step_text(db, self.app.today())
        self.app.call_from_thread(self.show_plan, plan, current)

    def show_plan(self, plan: TaperPlan, current: str | None = None) -> None:
        if self.app.shown.hides("taper"):  # a room is watching: doses, steps and MME stay private
            self.query_one("#taper-empty", Static).update(HIDDEN_IN_PROJECTOR)
            return
        self.plan = plan
        self.current = current
        duration = plan.duration
        label = DURATION_LABELS.get(duration) if duration else None
        self.query_one("#taper-duration", Static).update(
            f"Time on opioids: {label} (o to change)" if label else DURATION_UNSET
        )
        has_meds = bool(plan.medications)
        empty = self.query_one("#taper-empty", Static)
        empty.display = not has_meds
        empty.update(EMPTY)
        meds = self.query_one("#taper-meds", DataTable)
        meds.clear()
        for med in plan.medications:
            drug = load_mme_table().find(med.drug)
            meds.add_row(
                drug.name,
                format_day(med.start_date),
                format_regimen(med.drug, med.strength, med.doses_per_day),
                mme_text(regimen_mme(med.drug, med.strength, med.doses_per_day)),
                key=str(med.id),
            )
        rows = plan_rows(plan.medications, plan.steps, duration)
        several = len(plan.medications) > 1
        steps = self.query_one("#taper-steps", DataTable)
        steps.clear(columns=True)
        steps.add_columns("#", "From", *(["Medication"] if several else []), "Regimen", "MME/day", "Change", "Per 30 days")
        today = self.app.today()
        now_number = max((r.number for r in rows if r.step.start_date <= today), default=None)
        for row in rows:
            per_30 = "—" if row.percent_per_30_days is None else format_percent(row.percent_per_30_days)
            steps.add_row(
                f"▸{row.number}" if row.number == now_number else f" {row.number}",
                format_day(row.step.start_date),
                *([short_name(row.drug)] if several else []),
                row.regimen,
                number(row.total_mme),
                "—" if row.change_percent is None else format_percent(row.change_percent),
                per_30 + (" *" if row.faster_than_guidance else ""),
                key=str(row.step.id),
            )
        for selector in ("#meds-heading", "#taper-meds"):
            self.query_one(selector).display = has_meds
        for selector in ("#steps-heading", "#taper-steps"):
            self.query_one(selector).display = has_meds
        self.query_one("#steps-heading", Static).update(
            "Steps (none yet: press a to add the first one your prescriber agreed)" if has_meds and not rows else "Steps"
        )
        self.query_one("#taper-steps").display = bool(rows)
        self.query_one("#taper-notes", Static).update(self._notes(plan, rows))
        self.refresh_bindings()

    def _notes(self, plan: TaperPlan, rows: list) -> str:
        summary = pace_summary(rows, plan.duration)
        marked = any(r.faster_than_guidance for r in rows)  # the * beside the per-30-days figures
        notes = [("* " if marked else "") + summary] if summary else []
        if plan.medications:
            total = total_mme_on(plan.medications, plan.steps, self.app.today())
            today = f"Today: {format_mme(total)} in total." if total is not None else ""
            notes.insert(0, " ".join(t for t in (self.current or "", today) if t))
        if len(plan.medications) > 1:
            notes.append("MME/day in the steps table is the total of all your medications from that date.")
        notes.extend(plan_notes(plan.medications))
        return "\n\n".join(notes)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_medication", "duration") and not self.app.recording:
            return False
        has_meds = bool(self.plan and self.plan.medications)
        if action in ("add_step", "edit", "delete"):
            return has_meds
        return True

    # --- actions ----------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_duration(self) -> None:
        current = self.plan.duration if self.plan else None
        self.app.push_screen(DurationForm(current), self._save_duration)

    def action_add_medication(self) -> None:
        self.app.push_screen(MedicationForm(self.app.today()), self._save_medication)

    def _selected_medication(self) -> PlanMedication | None:
        if not self.plan or not self.plan.medications:
            return None
        table = self.query_one("#taper-meds", DataTable)
        index = table.cursor_row if 0 <= table.cursor_row < len(self.plan.medications) else 0
        return self.plan.medications[index]

    def _selected_step_row(self) -> StepRow | None:
        """The step under the cursor when the steps table (not the medications) is where you are."""
        steps_table = self.query_one("#taper-steps", DataTable)
        if not self.plan or not self.plan.steps or not steps_table.display:
            return None
        if self.focused is self.query_one("#taper-meds"):
            return None
        rows = plan_rows(self.plan.medications, self.plan.steps, self.plan.duration)
        return rows[min(max(steps_table.cursor_row, 0), len(rows) - 1)]

    def action_edit(self) -> None:
        """Change the selected step (a plan agreed again with the prescriber), or else the medication."""
        row = self._selected_step_row()
        if row is not None:
            self.app.push_screen(StepForm(self.plan, row.step.medication_id, row.step), self._save_step)
            return
        med = self._selected_medication()
        if med is not None:
            steps = [s for s in self.plan.steps if s.medication_id == med.id]
            self.app.push_screen(MedicationForm(self.app.today(), med, steps), self._save_medication)

    def action_add_step(self) -> None:
        if self.plan and self.plan.medications:
            chosen = self._selected_medication()
            self.app.push_screen(StepForm(self.plan, chosen.id if chosen else None), self._save_step)

    def action_delete(self) -> None:
        if not self.plan:
            return
        row = self._selected_step_row()
        if row is not None:
            question = f"Delete step {row.number} ({format_day(row.step.start_date)}, {row.regimen})?"
            self.app.push_screen(Confirm(question), lambda yes: yes and self._write(_delete_step(row.step.id)))
            return
        med = self._selected_medication()
        if med is not None:
            name = load_mme_table().find(med.drug).name
            question = f"Delete {name} and all of its steps from your plan?"
            self.app.push_screen(Confirm(question), lambda yes: yes and self._write(_delete_medication(med.id)))

    # --- writes -----------------------------------------------------------------------------------------
    def _save_duration(self, value: str | None) -> None:
        if value is not None:
            self._write(lambda db, taper: taper.set_duration(db, value))

    def _save_medication(self, result: MedicationInput | None) -> None:
        if result is None:
            return
        if result.id is None:
            self._write(
                lambda db, taper: taper.add_medication(db, result.drug, result.strength, result.doses, result.start, result.note)
            )
        else:
            self._write(
                lambda db, taper: taper.update_medication(
                    db, result.id, result.drug, result.strength, result.doses, result.start, result.note
                )
            )

    def _save_step(self, result: StepInput | None) -> None:
        if result is None:
            return
        if result.id is None:
            self._write(
                lambda db, taper: taper.add_step(db, result.medication_id, result.start, result.strength, result.doses, result.note)
            )
        else:
            self._write(
                lambda db, taper: taper.update_step(db, result.id, result.start, result.strength, result.doses, result.note)
            )

    @work(thread=True, group="taper-write")
    def _write(self, change: Callable) -> None:
        from coach.store import StoreError
        from coach.store import taper

        try:
            with self.app.store.session() as db:
                change(db, taper)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, f"Not saved: {exc}", severity="error")
            return
        self.app.call_from_thread(self.load)


def _delete_step(step_id: int) -> Callable:
    return lambda db, taper: taper.delete_step(db, step_id)


def _delete_medication(med_id: int) -> Callable:
    return lambda db, taper: taper.delete_medication(db, med_id)


# --- forms -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MedicationInput:
    id: int | None
    drug: str
    strength: float
    doses: float
    start: date
    note: str


@dataclass(frozen=True)
class StepInput:
    id: int | None  # None: a new step
    medication_id: int
    start: date
    strength: float
    doses: float
    note: str


class _Form(ModalScreen):
    """Shared behaviour: one error line under each input, cleared as soon as that input changes."""

    CSS_PATH = "taper.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="taper-form-cancel"),
        Binding("ctrl+s", "save", "Save", id="taper-form-save"),
        # A modal screen does not see the app's bindings: keep Help one key away here too.
        Binding("f1", "app.help", "Help", id="taper-form-help"),
    ]
    FIELDS: tuple[str, ...] = ()

    def field(self, name: str, label: str, value: str = "", placeholder: str = "") -> ComposeResult:
        yield Label(label, id=f"{name}-label")
        yield Input(value, placeholder=placeholder, id=name, max_length=60 if name != "note" else 2000, compact=True)
        yield Static("", id=f"{name}-error", classes="error")

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button("Save", id="form-save", variant="primary")
            yield Button("Cancel", id="form-cancel")

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        _set_error(self.query_one(f"#{event.input.id}-error", Static), "")
        self.preview()

    def preview(self) -> None:
        """Subclasses show what the entry comes to as it is typed."""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        names = list(self.FIELDS)
        later = names[names.index(event.input.id) + 1 :] if event.input.id in names else []
        empty = [n for n in later if not self.value(n).strip() and n != "note"]
        if empty:
            self.query_one(f"#{empty[0]}", Input).focus()
        else:
            self.action_save()

    def checked(self, errors: list[TaperInputError], check: Callable[[], object]) -> object:
        """Run one field's check; a problem is collected so every field's message shows at once."""
        try:
            return check()
        except TaperInputError as exc:
            errors.append(exc)
            return None

    def show_errors(self, errors: list[TaperInputError]) -> None:
        for exc in errors:
            _set_error(self.query_one(f"#{exc.field}-error", Static), str(exc))
        self.query_one(f"#{errors[0].field}", Input).focus()

    def clear_errors(self) -> None:
        for name in self.FIELDS:
            _set_error(self.query_one(f"#{name}-error", Static), "")

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _unit_labels(drug: Drug | None) -> tuple[str, str]:
    if drug is not None and drug.is_patch:
        return "Patch strength (mcg/hr)", "Patches worn at once"
    return "Strength of each dose (mg)", "Doses a day"


class MedicationForm(_Form):
    FIELDS = ("drug", "strength", "doses", "since", "note")

    def __init__(self, today: date, med: PlanMedication | None = None, steps: list[PlanStep] | None = None) -> None:
        super().__init__()
        self.today = today
        self.med = med
        self.steps = steps or []

    def compose(self) -> ComposeResult:
        med = self.med
        table = load_mme_table()
        names = sorted({*table.drugs, *(a for d in table.drugs.values() for a in d.aliases)})
        with VerticalScroll(classes="form"):
            yield Static("Edit medication" if med else "Add a medication", classes="form-title")
            yield Label("Medication")
            yield Input(
                med.drug if med else "",
                placeholder="e.g. oxycodone",
                id="drug",
                suggester=SuggestFromList(names, case_sensitive=False),
                max_length=60,
                compact=True,
            )
            yield Static("", id="drug-error", classes="error")
            strength_label, doses_label = _unit_labels(table.drugs.get(med.drug) if med else None)
            yield from self.field("strength", strength_label, number(med.strength) if med else "", "e.g. 10")
            yield from self.field("doses", doses_label, number(med.doses_per_day) if med else "", "e.g. 3")
            yield from self.field(
                "since", "Taking it like this since (year-month-day)", (med.start_date if med else self.today).isoformat()
            )
            yield from self.field("note", "Note (optional)", med.note if med else "")
            yield Static("", id="preview", classes="preview")
            yield from self.buttons()
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#drug", Input).focus()
        self.preview()

    def preview(self) -> None:
        try:
            drug = parse_drug(self.value("drug"))
        except TaperInputError:
            drug = None
        strength_label, doses_label = _unit_labels(drug)
        self.query_one("#strength-label", Label).update(strength_label)
        self.query_one("#doses-label", Label).update(doses_label)
        text = ""
        if drug is not None:
            try:
                strength = parse_amount(self.value("strength"), "strength", allow_zero=False)
                doses = parse_amount(self.value("doses"), "doses", allow_zero=False)
                text = f"{drug.name}: {mme_text(regimen_mme(drug.key, strength, doses))}"
            except TaperInputError:
                text = ""
        self.query_one("#preview", Static).update(text)

    def _check_since(self) -> date:
        start = parse_day(self.value("since"), "since")
        if start > self.today:
            raise TaperInputError("since", "This date can't be in the future; add later changes as steps.")
        if self.steps and min(s.start_date for s in self.steps) <= start:
            first = min(s.start_date for s in self.steps)
            raise TaperInputError("since", f"This has to be before the plan's first step ({format_day(first)}).")
        return start

    def action_save(self) -> None:
        self.clear_errors()
        errors: list[TaperInputError] = []
        drug = self.checked(errors, lambda: parse_drug(self.value("drug")))
        strength = self.checked(errors, lambda: parse_amount(self.value("strength"), "strength", allow_zero=False))
        doses = self.checked(
            errors, lambda: parse_doses(self.value("doses"), drug.key if drug else None, allow_zero=False)
        )
        start = self.checked(errors, self._check_since)
        if errors:
            self.show_errors(errors)
            return
        med_id = self.med.id if self.med else None
        self.dismiss(MedicationInput(med_id, drug.key, strength, doses, start, self.value("note").strip()))


class StepForm(_Form):
    FIELDS = ("step-date", "strength", "doses", "note")

    def __init__(self, plan: TaperPlan, medication_id: int | None, step: PlanStep | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.step = step  # the step being changed, or None for a new one
        self.medication_id = medication_id if medication_id is not None else plan.medications[0].id

    @property
    def medication(self) -> PlanMedication:
        return next(m for m in self.plan.medications if m.id == self.medication_id)

    def _current(self) -> tuple[float, float]:
        med = self.medication
        steps = [s for s in self.plan.steps if s.medication_id == med.id]
        if steps:
            last = max(steps, key=lambda s: s.start_date)
            return last.strength, last.doses_per_day
        return med.strength, med.doses_per_day

    def compose(self) -> ComposeResult:
        table = load_mme_table()
        med = self.medication
        strength_label, doses_label = _unit_labels(table.drugs[med.drug])
        step = self.step
        strength, doses = (step.strength, step.doses_per_day) if step else self._current()
        with VerticalScroll(classes="form"):
            yield Static(
                "Change a step, as agreed with your prescriber" if step else "Add a step agreed with your prescriber",
                classes="form-title",
            )
            if len(self.plan.medications) > 1 and step is None:
                yield Label("Medication")
                yield Select(
                    [(f"{table.drugs[m.drug].name} (since {format_day(m.start_date)})", m.id) for m in self.plan.medications],
                    value=self.medication_id,
                    allow_blank=False,
                    id="medication",
                )
            else:
                yield Static(f"{table.drugs[med.drug].name}, since {format_day(med.start_date)}", classes="hint")
            yield from self.field(
                "step-date", "From (year-month-day)", step.start_date.isoformat() if step else "", "e.g. 2026-12-09"
            )
            yield Static("The new amounts, as your prescriber wrote them (0 if you stop it):", classes="hint")
            yield from self.field("strength", strength_label, number(strength))
            yield from self.field("doses", doses_label, number(doses))
            yield from self.field("note", "Note (optional)", step.note if step else "", "e.g. agreed at the 12 Nov visit")
            yield Static("", id="preview", classes="preview")
            yield from self.buttons()
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#step-date", Input).focus()
        self.preview()

    @on(Select.Changed, "#medication")
    def _medication_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.medication_id = event.value
            strength_label, doses_label = _unit_labels(load_mme_table().drugs[self.medication.drug])
            self.query_one("#strength-label", Label).update(strength_label)
            self.query_one("#doses-label", Label).update(doses_label)
            strength, doses = self._current()
            self.query_one("#strength", Input).value = number(strength)
            self.query_one("#doses", Input).value = number(doses)

    def _candidate(self, start: date, strength: float, doses: float) -> list[PlanStep]:
        """The plan's steps as they would be with this form saved (the changed step in place of the old)."""
        others = [s for s in self.plan.steps if self.step is None or s.id != self.step.id]
        return [*others, PlanStep(-1, self.medication_id, start, strength, doses)]

    def preview(self) -> None:
        text = ""
        try:
            strength = parse_amount(self.value("strength"), "strength", allow_zero=True)
            doses = parse_amount(self.value("doses"), "doses", allow_zero=True)
            start = parse_day(self.value("step-date"), "step-date")
            check_step_date(start, self.medication, self.plan.steps, editing=self._editing)
        except TaperInputError:
            pass
        else:
            rows = plan_rows(self.plan.medications, self._candidate(start, strength, doses), self.plan.duration)
            row = next(r for r in rows if r.step.id == -1)
            text = f"From {format_day(start)}: {mme_text(row.total_mme)}"
            if row.change_percent is not None:
                text += f" ({format_percent(row.change_percent)})"
            if row.pace_note:
                text += "\n" + row.pace_note
        self.query_one("#preview", Static).update(text)

    def _check_date(self) -> date:
        start = parse_day(self.value("step-date"), "step-date")
        try:
            check_step_date(start, self.medication, self.plan.steps, editing=self._editing)
        except TaperInputError as exc:
            raise TaperInputError("step-date", str(exc)) from None
        return start

    def action_save(self) -> None:
        self.clear_errors()
        errors: list[TaperInputError] = []
        start = self.checked(errors, self._check_date)
        strength = self.checked(errors, lambda: parse_amount(self.value("strength"), "strength", allow_zero=True))
        doses = self.checked(errors, lambda: parse_doses(self.value("doses"), self.medication.drug, allow_zero=True))
        if errors:
            self.show_errors(errors)
            return
        self.dismiss(StepInput(self._editing, self.medication_id, start, strength, doses, self.value("note").strip()))

    @property
    def _editing(self) -> int | None:
        return self.step.id if self.step is not None else None


class DurationForm(ModalScreen[str | None]):
    """How long the person has been on opioids: decides which published pace the note compares with."""

    CSS_PATH = "taper.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="taper-duration-cancel"),
        Binding("f1,question_mark", "app.help", "Help", id="taper-duration-help"),
    ]

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("How long have you been taking opioids?", classes="form-title")
            yield Static(
                "Published guidance describes a slower pace for people who have taken opioids for a year or more. "
                "Choose with the arrow keys and Enter.",
                classes="hint",
            )
            with RadioSet(id="duration"):
                for value in OpioidDuration:
                    yield RadioButton(DURATION_LABELS[value], value=value == self.current, name=value)
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#duration", RadioSet).focus()

    @on(RadioSet.Changed, "#duration")
    def _chosen(self, event: RadioSet.Changed) -> None:
        self.dismiss(event.pressed.name)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    CSS_PATH = "taper.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, delete", id="taper-confirm-yes"),
        Binding("n,escape", "answer(False)", "No, keep it", id="taper-confirm-no"),
        Binding("f1,question_mark", "app.help", "Help", id="taper-confirm-help"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(self.question, classes="form-title")
            with Horizontal(classes="buttons"):
                yield Button("Delete", id="confirm-yes", variant="error")
                yield Button("Keep it", id="confirm-no")
        yield CoachFooter()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
