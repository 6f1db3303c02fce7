"""Taper plan queries: medications and steps as agreed with the prescriber, and the current-step line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from coach.domain.setting_checks import setting_or_default
from coach.domain.taper import DURATION_SETTING, PlanMedication, PlanStep, format_day
from coach.store import StoreError
from coach.store.models import Medication, TaperStep
from coach.store.repo import get_setting, set_setting


@dataclass(frozen=True)
class TaperPlan:
    medications: list[PlanMedication]
    steps: list[PlanStep]
    duration: str | None


def load_plan(db: Session) -> TaperPlan:
    meds = db.exec(select(Medication).where(Medication.active.is_(True)).order_by(Medication.start_date, Medication.id))
    medications = [PlanMedication(m.id, m.drug, m.strength, m.doses_per_day, m.start_date, m.note) for m in meds]
    ids = [m.id for m in medications]
    rows = db.exec(
        select(TaperStep).where(TaperStep.medication_id.in_(ids)).order_by(TaperStep.start_date, TaperStep.id)
    )
    steps = [PlanStep(s.id, s.medication_id, s.start_date, s.strength, s.doses_per_day, s.note) for s in rows]
    duration = get_setting(db, DURATION_SETTING)
    if duration is not None and setting_or_default(DURATION_SETTING, duration)[1] is not None:
        duration = None  # a value that no longer fits (an old or hand-edited row) reads as not yet answered
    return TaperPlan(medications, steps, duration)


def set_duration(db: Session, value: str) -> None:
    set_setting(db, DURATION_SETTING, value)


def add_medication(db: Session, drug: str, strength: float, doses_per_day: float, start: date, note: str = "") -> int:
    med = Medication(drug=drug, strength=strength, doses_per_day=doses_per_day, start_date=start, note=note)
    db.add(med)
    db.flush()
    return med.id


def update_medication(
    db: Session, med_id: int, drug: str, strength: float, doses_per_day: float, start: date, note: str = ""
) -> None:
    med = db.get(Medication, med_id)
    if med is None:
        raise StoreError(f"medication {med_id} no longer exists")
    first_step = db.exec(
        select(TaperStep.start_date).where(TaperStep.medication_id == med_id).order_by(TaperStep.start_date)
    ).first()
    if first_step is not None and first_step <= start:
        raise StoreError(f"the plan's start has to come before its first step ({format_day(first_step)})")
    med.drug, med.strength, med.doses_per_day, med.start_date, med.note = drug, strength, doses_per_day, start, note
    db.add(med)


def delete_medication(db: Session, med_id: int) -> None:
    """Removes the medication and its steps (the foreign key cascades)."""
    for step in db.exec(select(TaperStep).where(TaperStep.medication_id == med_id)):
        db.delete(step)
    med = db.get(Medication, med_id)
    if med is not None:
        db.delete(med)


def add_step(db: Session, medication_id: int, start: date, strength: float, doses_per_day: float, note: str = "") -> int:
    step = TaperStep(medication_id=medication_id, start_date=start, strength=strength, doses_per_day=doses_per_day, note=note)
    db.add(step)
    db.flush()
    return step.id


def update_step(
    db: Session, step_id: int, start: date, strength: float, doses_per_day: float, note: str = ""
) -> None:
    """A step changed in place (the plan agreed again with the prescriber)."""
    step = db.get(TaperStep, step_id)
    if step is None:
        raise StoreError(f"step {step_id} no longer exists")
    step.start_date, step.strength, step.doses_per_day, step.note = start, strength, doses_per_day, note
    db.add(step)


def delete_step(db: Session, step_id: int) -> None:
    step = db.get(TaperStep, step_id)
    if step is not None:
        db.delete(step)


def current_step_text(db: Session, today: date) -> str | None:
    """For the check-in: 'You are on step 3 of your plan since 12 Nov.' (None when the plan has no steps)."""
    dates = db.exec(
        select(TaperStep.start_date)
        .join(Medication, Medication.id == TaperStep.medication_id)
        .where(Medication.active.is_(True))
        .order_by(TaperStep.start_date, TaperStep.id)
    ).all()
    if not dates:
        return None
    started = [d for d in dates if d <= today]
    if not started:
        return f"Your plan's first step is on {dates[0].day} {dates[0]:%b}."
    since = started[-1]
    return f"You are on step {len(started)} of your plan since {since.day} {since:%b}."
