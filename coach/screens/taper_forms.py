"""Taper plan forms: a medication and a step, checked field by field, kept as a draft until Save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from coach.domain.mme import load_mme_table
from coach.domain.taper import (
    PlanMedication,
    PlanStep,
    TaperInputError,
    check_step_date,
    format_day,
    format_percent,
    mme_text,
    parse_amount,
    parse_day,
    parse_doses,
    parse_drug,
    plan_rows,
    regimen_mme,
)
from coach.screens.journal_drafts import JournalDrafts
from coach.widgets.footer import CoachFooter
from coach.widgets.form_draft import DraftedForm
from coach.widgets.text_input import TextInput

if TYPE_CHECKING:
    from coach.domain.mme import Drug
    from coach.store.taper import TaperPlan


def _set_error(widget: Static, text: str) -> None:
    widget.update(text)
    widget.display = bool(text)


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


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


class _Form(DraftedForm, ModalScreen):
    """Shared behaviour: one error line under each input, cleared as soon as that input changes; what is
    typed kept as a draft until Save or Cancel (put back when the same form opens again)."""

    CSS_PATH = "taper_forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="taper-form-cancel"),
        Binding("ctrl+s", "save", "Save", id="taper-form-save"),
        # A modal screen does not see the app's bindings: keep Help one key away here too.
        Binding("f1", "app.help", "Help", id="taper-form-help"),
    ]
    FIELDS: tuple[str, ...] = ()

    def field(self, name: str, label: str, value: str = "", placeholder: str = "") -> ComposeResult:
        yield Label(label, id=f"{name}-label")
        if name == "note":  # free text: a multi-line paste is kept
            yield TextInput(value, placeholder=placeholder, id=name, max_length=2000, compact=True)
        else:
            yield Input(value, placeholder=placeholder, id=name, max_length=60, compact=True)
        yield Static("", id=f"{name}-error", classes="error")

    def buttons(self) -> ComposeResult:
        yield Static("", id="draft-note", classes="hint")
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
        self.draft_done()
        self.dismiss(None)

    def done(self, result: object) -> None:
        """Saved: the draft goes, and the plan screen writes the result."""
        self.draft_done()
        self.dismiss(result)


def _unit_labels(drug: Drug | None) -> tuple[str, str]:
    if drug is not None and drug.is_patch:
        return "Patch strength (mcg/hr)", "Patches worn at once"
    return "Strength of each dose (mg)", "Doses a day"


class MedicationForm(_Form):
    FIELDS = ("drug", "strength", "doses", "since", "note")
    draft_fields = FIELDS

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
        self.query_one("#draft-note").display = False
        self.start_draft(f"taper-medication:{self.med.id if self.med else 'new'}", JournalDrafts(self.app))

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
        self.done(MedicationInput(med_id, drug.key, strength, doses, start, self.value("note").strip()))


class StepForm(_Form):
    FIELDS = ("step-date", "strength", "doses", "note")
    draft_fields = FIELDS

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
        self.query_one("#draft-note").display = False
        # A new step's draft belongs to the medication it was started for.
        name = f"taper-step:{self.step.id}" if self.step else f"taper-step:new:{self.medication_id}"
        self.start_draft(name, JournalDrafts(self.app))

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
        self.done(StepInput(self._editing, self.medication_id, start, strength, doses, self.value("note").strip()))

    @property
    def _editing(self) -> int | None:
        return self.step.id if self.step is not None else None
