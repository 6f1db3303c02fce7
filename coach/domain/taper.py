"""Taper plan arithmetic: MME/day per step, % change per step and per 30 days, and a neutral pace note.

The plan is the one the person and their prescriber agreed. Nothing here proposes a dose or a pace: the
note only says, plainly, where a step is faster than published guidance, and points back to the prescriber.
The note has two audiences: the person in the app ("your prescriber") and the care team in the report.

No note where the comparison would be a false alarm: a step that removes no more than the guidance's
share of the dose the taper started from in a month (a linear taper, and so the last step to 0 after a
slow taper: HHS 2019 slows the end and stops once the lowest dose is reached; the note names this basis);
and a step that is part of a switch to another opioid (CDC 2022: MME factors are not for comparing one
opioid with another).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from coach.domain.errors import FieldError
from coach.domain.mme import Drug, MMEError, format_mme, load_mme_table, mme_per_day


class OpioidDuration(StrEnum):
    UNDER_A_YEAR = "under_a_year"
    A_YEAR_OR_MORE = "a_year_or_more"
    NOT_SURE = "not_sure"


DURATION_SETTING = "opioid_duration"
DURATION_LABELS: dict[str, str] = {
    OpioidDuration.UNDER_A_YEAR: "less than a year",
    OpioidDuration.A_YEAR_OR_MORE: "a year or more",
    OpioidDuration.NOT_SURE: "not sure",
}


class TaperInputError(FieldError):
    """A plan form value that cannot be saved."""


@dataclass(frozen=True)
class PaceGuidance:
    """Published guidance as a rate: `percent` of the dose over `days`; `text` says it in words."""

    percent: float
    days: int
    text: str


_SOURCE = "published guidance (HHS 2019, CDC 2022)"

# Who reads a pace note: the person in the app, or their care team in the report.
Audience = Literal["person", "care_team"]
# A medication that starts (or goes up) this close to another's step down makes that step part of a switch.
SWITCH_WINDOW_DAYS = 7


def pace_guidance(duration: str | None) -> PaceGuidance:
    """The comparison used for the pace note. Unknown duration uses the slower, year-or-more figure."""
    if duration == OpioidDuration.UNDER_A_YEAR:
        return PaceGuidance(20.0, 28, f"20% every 4 weeks, the upper end of the 5–20% that {_SOURCE} commonly describes")
    text = f"about 10% a month, the pace {_SOURCE} describes for people who have taken opioids for a year or more"
    return PaceGuidance(10.0, 30, text)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _duration_recorded(duration: str | None) -> str:
    """For the care team: what the comparison rests on (the person's own answer)."""
    if duration in DURATION_LABELS and duration != OpioidDuration.NOT_SURE:
        return f"They recorded taking opioids for {DURATION_LABELS[duration]}."
    return "How long they have taken opioids is not recorded, so the slower figure is used."


def _ending(audience: Audience, duration: str | None, several: bool) -> str:
    if audience == "care_team":
        return f"{_duration_recorded(duration)} Shown for review together; the plan is as agreed."
    return f"It may be worth talking {'them' if several else 'it'} over with your prescriber."


def pace_summary(rows: Sequence[StepRow], duration: str | None, audience: Audience = "person") -> str | None:
    """Neutral lines naming every step faster than published guidance, and any step that is part of a
    switch between opioids; None if there is neither. `audience` is who reads it (see Audience)."""
    faster = [str(r.number) for r in rows if r.faster_than_guidance]
    parts = []
    if faster:
        which = f"Step {faster[0]} goes" if len(faster) == 1 else f"Steps {_and(faster)} go"
        parts.append(
            f"{which} faster than {pace_guidance(duration).text}, {BASIS}. "
            f"{_ending(audience, duration, len(faster) > 1)}"
        )
    parts += [r.switch_note for r in rows if r.switch_note]
    return " ".join(parts) or None


@dataclass(frozen=True)
class PlanMedication:
    id: int
    drug: str  # a key of the MME table
    strength: float
    doses_per_day: float
    start_date: date
    note: str = ""


@dataclass(frozen=True)
class PlanStep:
    id: int
    medication_id: int
    start_date: date
    strength: float
    doses_per_day: float
    note: str = ""


@dataclass(frozen=True)
class StepRow:
    """One step as shown: its regimen, the plan's total MME/day from that date, and the change it makes."""

    number: int
    step: PlanStep
    drug: Drug
    regimen: str
    total_mme: float | None  # all medications with a factor, from this date
    change_percent: float | None  # against the day before; negative is a reduction
    days: int | None  # since the previous change in the plan
    percent_per_30_days: float | None
    faster_than_guidance: bool
    pace_note: str | None
    switch_note: str | None = None  # the step is part of a switch between opioids: no pace is worked out


def drug(name: str) -> Drug:
    return load_mme_table().find(name)


def regimen_mme(drug_key: str, strength: float, doses_per_day: float) -> float | None:
    """MME/day of one regimen; None for a drug without an MME factor (buprenorphine)."""
    if drug(drug_key).factor is None:
        return None
    if strength == 0 or doses_per_day == 0:
        return 0.0
    return mme_per_day(drug_key, strength, doses_per_day)


def _amount(value: float) -> str:
    return f"{value:g}"


def format_regimen(drug_key: str, strength: float, doses_per_day: float) -> str:
    d = drug(drug_key)
    if strength == 0 or doses_per_day == 0:
        return "stopped"
    if d.is_patch:
        count = "1 patch" if doses_per_day == 1 else f"{_amount(doses_per_day)} patches"
        return f"{_amount(strength)} {d.unit}, {count}"
    return f"{_amount(strength)} {d.unit} × {_amount(doses_per_day)} a day"


def format_percent(value: float) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{abs(value):.1f}".rstrip("0").rstrip(".") + "%"


def format_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _regimen_on(med: PlanMedication, steps: Sequence[PlanStep], day: date) -> tuple[float, float] | None:
    """The medication's regimen in force on `day` (None before it starts)."""
    if day < med.start_date:
        return None
    current = (med.strength, med.doses_per_day)
    for step in sorted(steps, key=lambda s: s.start_date):
        if step.medication_id == med.id and step.start_date <= day:
            current = (step.strength, step.doses_per_day)
    return current


def total_mme_on(medications: Sequence[PlanMedication], steps: Sequence[PlanStep], day: date) -> float | None:
    """The plan's MME/day on `day`, over medications with a factor; None if none has one or none has started."""
    values = []
    for med in medications:
        regimen = _regimen_on(med, steps, day)
        if regimen is None:
            continue
        value = regimen_mme(med.drug, *regimen)
        if value is not None:
            values.append(value)
    return round(sum(values), 2) if values else None


def reduction_over(before: float, after: float, days: int, period: int) -> float:
    """The % reduction over `period` days at the pace of going from `before` to `after` in `days`.

    Compounded, like a plan of equal steps: 10% in 30 days is 10% per 30 days; 33% in 7 days is about
    82% per 30 days (never more than 100%, as a straight-line figure would be).
    """
    if after <= 0:
        return 100.0
    return round((1 - (after / before) ** (period / days)) * 100, 1)


def _switch_partner(
    step: PlanStep, med: PlanMedication, medications: Sequence[PlanMedication], steps: Sequence[PlanStep]
) -> PlanMedication | None:
    """Another opioid that starts, or goes up, within a week of this step: the two make a switch."""
    before = _regimen_on(med, steps, step.start_date - timedelta(days=1))
    if before is None or step.strength * step.doses_per_day >= before[0] * before[1]:
        return None  # not a step down
    for other in medications:
        if other.id == med.id or other.drug == med.drug:
            continue
        if abs((other.start_date - step.start_date).days) <= SWITCH_WINDOW_DAYS:
            return other
        for later in steps:
            if later.medication_id != other.id or abs((later.start_date - step.start_date).days) > SWITCH_WINDOW_DAYS:
                continue
            previous = _regimen_on(other, steps, later.start_date - timedelta(days=1))
            if previous is not None and later.strength * later.doses_per_day > previous[0] * previous[1]:
                return other
    return None


# Guidance says "a month" or "every 4 weeks": a step that comes 4 weeks or more after the last change
# counts as a month's step, so monthly steps on the same weekday are not flagged.
GUIDANCE_MONTH_DAYS = 28


def start_share(before: float, after: float, peak: float) -> float:
    """What a step removes, as a % of the dose the taper started from (the highest total before it)."""
    return round((before - after) / peak * 100, 1) if peak > 0 else 100.0


def _within_guidance_of_start(before: float, after: float, peak: float, days: int, guidance: PaceGuidance) -> bool:
    """Guidance is often read as a share of the starting dose (a linear taper of 10% of it a month is
    within it, CLINICAL.md "Pace basis"): a step removing no more than the guidance's share of the
    highest total in a month (less if it comes sooner) is not a fast step. A stop from the highest
    total removes all of it, so it never is."""
    allowed = guidance.percent * min(1.0, days / GUIDANCE_MONTH_DAYS)
    return start_share(before, after, peak) <= round(allowed, 1)


BASIS = "even read as a share of the dose the taper started from"


def _pace_note(
    number: int, step: PlanStep, change: float, days: int, per_30: float, share: float, guidance: PaceGuidance,
    duration: str | None, audience: Audience,
) -> str:
    what = "your dose" if audience == "person" else "the planned total"
    return (
        f"Step {number} ({format_day(step.start_date)}) lowers {what} by {abs(change):g}% in {days_text(days)}, "
        f"about {abs(per_30):g}% per 30 days ({share:g}% of the dose the taper started from): faster than "
        f"{guidance.text}, {BASIS}. {_ending(audience, duration, False)}"
    )


def plan_rows(
    medications: Sequence[PlanMedication],
    steps: Sequence[PlanStep],
    duration: str | None,
    audience: Audience = "person",
) -> list[StepRow]:
    """Every step in date order with MME/day, % change per step and per 30 days, and any pace note,
    worded for `audience` (the person in the app, or the care team in the report)."""
    guidance = pace_guidance(duration)
    by_id = {m.id: m for m in medications}
    ordered = sorted((s for s in steps if s.medication_id in by_id), key=lambda s: (s.start_date, s.id))
    change_dates = sorted({m.start_date for m in medications} | {s.start_date for s in ordered})
    rows: list[StepRow] = []
    for number, step in enumerate(ordered, start=1):
        med = by_id[step.medication_id]
        d = drug(med.drug)
        before = total_mme_on(medications, ordered, step.start_date - timedelta(days=1))
        after = total_mme_on(medications, ordered, step.start_date)
        earlier = [c for c in change_dates if c < step.start_date]
        days = (step.start_date - earlier[-1]).days if earlier else None
        change = per_30 = None
        if d.factor is not None and before and after is not None:
            change = round((after - before) / before * 100, 1)
            if days and after <= before:
                per_30 = -reduction_over(before, after, days, 30)
        faster = False
        note = switch_note = None
        partner = _switch_partner(step, med, medications, ordered)
        if partner is not None:
            per_30 = None  # a pace across two opioids would rest on MME factors used to convert
            switch_note = (
                f"Step {number} is part of a switch from {d.name.lower()} to {drug(partner.drug).name.lower()}: "
                "no pace is worked out for it, because MME factors are not meant for comparing one opioid "
                "with another (CDC 2022)."
            )
        elif change is not None and change < 0 and days:
            peak = max(
                (total_mme_on(medications, ordered, c) or 0.0 for c in change_dates if c < step.start_date),
                default=0.0,
            )
            # Faster on both readings of guidance: against the dose just before the step, and as a share
            # of the dose the taper started from (the second alone decides for a linear plan).
            faster = reduction_over(before, after, days, guidance.days) > guidance.percent and not (
                _within_guidance_of_start(before, after, peak, days, guidance)
            )
            if faster:
                share = start_share(before, after, peak)
                note = _pace_note(number, step, change, days, per_30, share, guidance, duration, audience)
        rows.append(
            StepRow(
                number=number,
                step=step,
                drug=d,
                regimen=format_regimen(med.drug, step.strength, step.doses_per_day),
                total_mme=after,
                change_percent=change,
                days=days,
                percent_per_30_days=per_30,
                faster_than_guidance=faster,
                pace_note=note,
                switch_note=switch_note,
            )
        )
    return rows


def plan_notes(medications: Sequence[PlanMedication]) -> list[str]:
    """Plain notes for the drugs in the plan: no-factor drugs and drug-specific cautions, once each."""
    notes: list[str] = []
    for key in dict.fromkeys(m.drug for m in medications):
        d = drug(key)
        if d.factor is None:
            notes.append(d.no_factor_reason + " It is left out of the MME/day totals.")
        elif d.caution:
            notes.append(d.caution)
    return notes


def mme_text(value: float | None) -> str:
    return "no MME factor" if value is None else format_mme(value)


# --- form input -----------------------------------------------------------------------------------------


def parse_drug(text: str) -> Drug:
    if not text.strip():
        raise TaperInputError("drug", "Type the medication's name, for example oxycodone.")
    try:
        return drug(text)
    except MMEError as exc:
        message = str(exc)
        raise TaperInputError("drug", message[0].upper() + message[1:]) from None


def parse_amount(text: str, label: str, *, allow_zero: bool) -> float:
    raw = text.strip().replace(",", ".")
    if not raw:
        raise TaperInputError(label, f"{label.capitalize()} is needed.")
    try:
        value = float(raw)
    except ValueError:
        raise TaperInputError(label, f"{label.capitalize()} is a number, like 10 or 12.5.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise TaperInputError(label, f"{label.capitalize()} is a number, like 10 or 12.5.")
    if value < 0:
        raise TaperInputError(label, f"{label.capitalize()} can't be negative.")
    if value == 0 and not allow_zero:
        raise TaperInputError(label, f"{label.capitalize()} must be more than 0.")
    if value > 100_000:
        raise TaperInputError(label, f"{label.capitalize()} looks too large; please check it.")
    return value


def parse_doses(text: str, drug_key: str | None, *, allow_zero: bool) -> float:
    """Doses a day; for a patch, the number of patches worn at once: a whole number (0 only to stop)."""
    value = parse_amount(text, "doses", allow_zero=allow_zero)
    if drug_key is not None and value != 0 and drug(drug_key).is_patch and value != int(value):
        raise TaperInputError("doses", "For a patch, this is how many are worn at once: a whole number, like 1 or 2.")
    return value


def parse_day(text: str, label: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise TaperInputError(label, "Write the date as year-month-day, like 2026-12-09.") from None


def check_step_date(day: date, medication: PlanMedication, steps: Sequence[PlanStep], editing: int | None = None) -> None:
    """A step comes after the medication's start, and one medication has one step per date."""
    if day <= medication.start_date:
        raise TaperInputError(
            "date", f"A step has to come after the plan's start ({format_day(medication.start_date)})."
        )
    for step in steps:
        if step.medication_id == medication.id and step.start_date == day and step.id != editing:
            raise TaperInputError("date", f"There is already a step on {format_day(day)} for this medication.")
