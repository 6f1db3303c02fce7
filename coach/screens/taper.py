"""Taper plan: the medications and steps agreed with the prescriber, MME/day per step, and a neutral pace note."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from coach.domain.mme import format_mme, load_mme_table
from coach.domain.taper import (
    DURATION_LABELS,
    PlanMedication,
    StepRow,
    format_day,
    format_percent,
    format_regimen,
    mme_text,
    plan_notes,
    pace_summary,
    plan_rows,
    regimen_mme,
    total_mme_on,
)
from coach.screens.taper_dialogs import Confirm, DurationForm, SafetyNotesForm
from coach.screens.taper_forms import MedicationForm, MedicationInput, StepForm, StepInput, number
from coach.tui.themes import HIDDEN_IN_PROJECTOR
from coach.widgets.footer import CoachFooter

if TYPE_CHECKING:
    from coach.domain.mme import Drug
    from coach.store.taper import TaperPlan

__all__ = ["Confirm", "DurationForm", "MedicationForm", "StepForm", "TaperScreen"]

INTRO = (
    "The plan you and your prescriber agreed, written down. coach does the arithmetic; "
    "it never suggests a dose or a pace."
)
EMPTY = "No medications yet. Press m to add the one you take now, as your prescriber wrote it."
DURATION_UNSET = "How long have you been taking opioids? Press o to say: it decides which guidance the pace note uses."


def short_name(drug: Drug) -> str:
    return drug.key.replace("-", " ")


# Recorded with `n` for the care-team report's first page (settings, so no schema change).
SAFETY_NOTE_KEYS = ("naloxone_at_home", "sedating_medicines", "visit_questions")


class TaperScreen(Screen[None]):
    CSS_PATH = "taper.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="taper-back"),
        Binding("a", "add_step", "Step", id="taper-add-step", tooltip="Add a step of the plan"),
        Binding("m", "add_medication", "Drug", id="taper-add-medication", tooltip="Add a medication"),
        Binding("e", "edit", "Edit", id="taper-edit-medication", tooltip="Change the selected step, or the medication"),
        Binding("x", "delete", "Delete", id="taper-delete"),
        Binding("o", "duration", "Opioid time", id="taper-duration", tooltip="How long you have been on opioids"),
        Binding("n", "safety_notes", "Notes", id="taper-safety-notes",
                tooltip="Notes for the visit: naloxone at home, other sedating medicines, your questions"),
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
            yield Static("", id="taper-safety-notes")
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
        self.show_safety_notes()
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
        if action in ("add_medication", "duration", "safety_notes") and not self.app.recording:
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

    def action_safety_notes(self) -> None:
        current = {key: self.app.settings.get(key) for key in SAFETY_NOTE_KEYS}
        self.app.push_screen(SafetyNotesForm(current, self._note_given), lambda _: self.show_safety_notes())

    def show_safety_notes(self) -> None:
        """What the person noted for the care team, as recorded (their own words shown literally)."""
        settings = self.app.settings
        naloxone = {"yes": "yes", "no": "no"}.get(settings.get("naloxone_at_home") or "", "not noted")
        parts = [("Notes for your care team (n to change): naloxone at home: " + naloxone, None)]
        if settings.get("sedating_medicines"):
            parts.append(("; other drowsy-making medicines: ", None))
            parts.append((settings["sedating_medicines"], "words"))
        if settings.get("visit_questions"):
            parts.append(("; questions for the visit noted", None))
        self.query_one("#taper-safety-notes", Static).update(
            self.app.shown.join(*(text if kind is None else (text, kind) for text, kind in parts), one_line=True)
        )

    def _note_given(self, key: str, value: object) -> None:
        from coach.domain.setting_checks import SettingError, validate_setting

        try:
            checked = validate_setting(key, value)
        except SettingError as exc:
            self.notify(f"Not saved: {exc}", severity="error", markup=False)
            return
        self.app.settings[key] = checked  # at once, so the screen shows it on return
        self._save_note(key, checked)

    @work(thread=True, group="taper-notes")
    def _save_note(self, key: str, value: object) -> None:
        from coach.store import StoreError
        from coach.store.settings import save_setting

        try:
            with self.app.store.session() as db:
                save_setting(db, key, value)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, f"Not saved: {exc}", severity="error", markup=False)

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
