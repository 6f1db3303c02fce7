"""The taper plan as a step line: total MME/day across medications, from each change of regimen onwards."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from coach.domain.mme import MMEError, mme_per_day


class Regimen(Protocol):
    medication_id: int
    drug: str
    start_date: date
    strength: float
    doses_per_day: float


@dataclass(frozen=True)
class MMEStep:
    start: date
    mme: float  # total MME/day from `start` until the next step


@dataclass(frozen=True)
class MMESeries:
    steps: list[MMEStep]
    not_counted: list[str]  # drugs with no MME factor (e.g. buprenorphine) or unknown to the table

    @property
    def empty(self) -> bool:
        return not self.steps


def mme_steps(regimens: Iterable[Regimen]) -> MMESeries:
    """Regimens in date order (a medication's start, then its taper steps) → total MME/day per change date.

    A regimen with 0 doses a day (or strength 0) means that medication has stopped. Medications whose MME
    cannot be computed are left out of the total and named in `not_counted`, so the line never pretends.
    """
    current: dict[int, float] = {}
    not_counted: list[str] = []
    steps: list[MMEStep] = []
    for row in sorted(regimens, key=lambda r: r.start_date):
        if row.strength <= 0 or row.doses_per_day <= 0:
            value = 0.0
        else:
            try:
                value = mme_per_day(row.drug, row.strength, row.doses_per_day)
            except MMEError:
                if row.drug not in not_counted:
                    not_counted.append(row.drug)
                continue
        current[row.medication_id] = value
        total = round(sum(current.values()), 2)
        if steps and steps[-1].start == row.start_date:
            steps[-1] = MMEStep(row.start_date, total)
        elif not steps or steps[-1].mme != total:
            steps.append(MMEStep(row.start_date, total))
    return MMESeries(steps, not_counted)


def mme_on(series: MMESeries, day: date) -> float | None:
    """The planned MME/day in force on `day`, or None before the plan starts."""
    value = None
    for step in series.steps:
        if step.start > day:
            break
        value = step.mme
    return value
