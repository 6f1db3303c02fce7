"""`coach export --format fhir`: a FHIR R4 Bundle (type collection) a clinic's record system can take in.

Built as plain dicts, so the command needs no FHIR library (the tests validate the result with
fhir.resources). Standard codes appear only where their source is named below; everything else uses
coach's own code system, since coach's tolerability scale, for one, is not a standard measure.

Codes used, with their sources:
- LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported" (LOINC, loinc.org/72514-3):
  the pain rating of each check-in.
- LOINC 91148-7, the PEG 3-item pain scale panel (LOINC, loinc.org/91148-7; LOINC's own FHIR Questionnaire
  for it is http://loinc.org/q/91148-7): the code of coach's PEG Questionnaire. Its items are not coded:
  published sources disagree on the first item's code.
- FHIR's observation-category "survey" (HL7 FHIR R4, terminology.hl7.org/CodeSystem/observation-category).
- UCUM units "mg" and "ug/h" (unitsofmeasure.org), for doses.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from coach import __version__
from coach.domain.mme import load_mme_table
from coach.domain.scales import PEG_QUESTIONS, SCALE_ENDS
from coach.domain.taper import format_regimen, mme_text, total_mme_on
from coach.store.queries.stats import Period
from coach.store.taper import TaperPlan, load_plan
from coach.store.queries.visit import CheckinRow, PegAnswer, checkin_rows, peg_answers

# coach's own code systems. ".invalid" is reserved (RFC 2606): it can never name someone else's system.
BASE = "https://coach.invalid/fhir"
COACH_CODES = f"{BASE}/CodeSystem/coach"
COACH_DRUGS = f"{BASE}/CodeSystem/drug"
PEG_URL = f"{BASE}/Questionnaire/peg"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PAIN_LOINC = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
PEG_LOINC = {"system": LOINC, "code": "91148-7"}

# The PEG items as coach's check-in asks them (the same words as the check-in screen's labels).
# (linkId, scale id, the published question): the check-in's wording (coach.domain.scales.PEG_QUESTIONS).
PEG_ITEMS: tuple[tuple[str, str, str], ...] = tuple(
    (key.replace("_", "-"), key, question) for key, _label, question in PEG_QUESTIONS
)


def _new_id() -> str:
    return str(uuid.uuid4())


def _when(at: datetime | None, day: date) -> str:
    """A FHIR dateTime: the moment with its offset when known, else the day alone."""
    if at is not None and at.tzinfo is not None:
        return at.isoformat(timespec="seconds")
    return day.isoformat()


def _survey() -> list[dict]:
    return [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}]


def _entry(resource: dict) -> dict:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def patient(name: str | None) -> dict:
    """A placeholder for the person: no name, birth date or identifier unless they give a name themselves."""
    resource: dict = {"resourceType": "Patient", "id": _new_id(), "active": True}
    if name and name.strip():
        resource["name"] = [{"text": name.strip()}]
    return resource


def _item_text(scale: str, text: str) -> str:
    low, high = SCALE_ENDS[scale]
    return f"{text} ({low}, {high})"


def peg_questionnaire() -> dict:
    items = [
        {"linkId": link_id, "text": _item_text(scale, text), "type": "integer", "required": True}
        for link_id, scale, text in PEG_ITEMS
    ]
    return {
        "resourceType": "Questionnaire",
        "id": _new_id(),
        "url": PEG_URL,
        "version": "1",
        "name": "CoachPEG",
        "title": "PEG: pain, enjoyment of life, general activity (three 0-10 items, past week)",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "coach",
        "description": "The PEG (Krebs et al. 2009) as coach's weekly check-in asks it; score = mean of the three items.",
        "code": [PEG_LOINC],
        "item": items,
    }


def peg_response(answer: PegAnswer, subject: str) -> dict:
    values = {"peg_pain": answer.pain, "peg_enjoyment": answer.enjoyment, "peg_activity": answer.activity}
    return {
        "resourceType": "QuestionnaireResponse",
        "id": _new_id(),
        "questionnaire": PEG_URL,
        "status": "completed",
        "subject": {"reference": subject},
        "authored": _when(answer.at, answer.day),
        "item": [
            {"linkId": link_id, "text": _item_text(scale, text), "answer": [{"valueInteger": values[scale]}]}
            for link_id, scale, text in PEG_ITEMS
        ],
    }


def _rating(code: dict, value: int, subject: str, when: str) -> dict:
    """One Observation of a 0-10 rating given at the check-in."""
    return {
        "resourceType": "Observation",
        "id": _new_id(),
        "status": "final",
        "category": _survey(),
        "code": code,
        "subject": {"reference": subject},
        "effectiveDateTime": when,
        "valueInteger": value,
    }


def checkin_observations(row: CheckinRow, subject: str) -> list[dict]:
    """One Observation for pain (LOINC) and one for tolerability (coach's own scale), as rated that day."""
    out = []
    when = _when(row.at, row.day)
    if row.pain is not None:
        pain = {
            "coding": [PAIN_LOINC, {"system": COACH_CODES, "code": "pain"}],
            "text": "Pain now (0 = no pain, 10 = worst pain imaginable)",
        }
        out.append(_rating(pain, row.pain, subject, when))
    if row.tolerability is not None:
        tolerability = {
            "coding": [{"system": COACH_CODES, "code": "tolerability", "display": "Tolerability today"}],
            "text": "Tolerability today, 0-10 (coach's own scale, not a validated measure: 0-3 intolerable, "
            "4-6 tolerable, 7-10 livable)",
        }
        out.append(_rating(tolerability, row.tolerability, subject, when))
    return out


def _dosage(drug_key: str, strength: float, doses_per_day: float) -> dict:
    drug = load_mme_table().find(drug_key)
    dosage: dict = {"text": format_regimen(drug_key, strength, doses_per_day)}
    if drug.is_patch:
        dosage["doseAndRate"] = [
            {"rateQuantity": {"value": strength, "unit": "mcg/hr", "system": UCUM, "code": "ug/h"}}
        ]
        return dosage
    dosage["doseAndRate"] = [{"doseQuantity": {"value": strength, "unit": "mg", "system": UCUM, "code": "mg"}}]
    if float(doses_per_day).is_integer():
        dosage["timing"] = {"repeat": {"frequency": int(doses_per_day), "period": 1, "periodUnit": "d"}}
    return dosage


def medication_statements(plan: TaperPlan, period: Period, today: date, subject: str) -> list[dict]:
    """One MedicationStatement per agreed regimen (each medication's start, then each taper step) whose time
    overlaps the period; planned steps are included (as intended) when the period reaches today."""
    table = load_mme_table()
    horizon = date.max if period.end >= today else period.end
    out = []
    for med in plan.medications:
        steps = sorted((s for s in plan.steps if s.medication_id == med.id), key=lambda s: s.start_date)
        regimens = [(med.start_date, med.strength, med.doses_per_day, med.note, None)]
        regimens += [(s.start_date, s.strength, s.doses_per_day, s.note, n) for n, s in enumerate(steps, start=1)]
        for i, (start, strength, per_day, note, number) in enumerate(regimens):
            following = regimens[i + 1][0] if i + 1 < len(regimens) else None
            end = following - timedelta(days=1) if following else None
            if strength <= 0 or per_day <= 0:
                continue  # a stop ends the regimen before it (its period's end); there is nothing to state
            if start > horizon or (end is not None and end < period.start):
                continue
            status = "intended" if start > today else "completed" if end is not None and end < today else "active"
            drug = table.find(med.drug)
            what = "Starting regimen" if number is None else f"Taper step {number}"
            total = mme_text(total_mme_on(plan.medications, plan.steps, start))
            text = f"{what}, as agreed with the prescriber; plan total {total} from this date (CDC 2022 factors)."
            if following is not None and regimens[i + 1][1] <= 0:
                text += f" Stopped from {following.isoformat()}, as agreed."
            notes = [{"text": text}] + ([{"text": note}] if note.strip() else [])
            effective = {"start": start.isoformat()} | ({"end": end.isoformat()} if end else {})
            out.append(
                {
                    "resourceType": "MedicationStatement",
                    "id": _new_id(),
                    "status": status,
                    "medicationCodeableConcept": {
                        "coding": [{"system": COACH_DRUGS, "code": drug.key, "display": drug.name}],
                        "text": drug.name,
                    },
                    "subject": {"reference": subject},
                    "effectivePeriod": effective,
                    "dateAsserted": today.isoformat(),
                    "note": notes,
                    "dosage": [_dosage(med.drug, strength, per_day)],
                }
            )
    return out


def build_bundle(store, period: Period, today: date, *, name: str | None = None, now: datetime | None = None) -> dict:  # noqa: ANN001
    """The Bundle for `period`: Patient, the PEG Questionnaire, responses, observations, medication statements."""
    with store.session() as db:
        pegs: Sequence[PegAnswer] = peg_answers(db, period)
        checkins = checkin_rows(db, period)
        plan = load_plan(db)
    person = patient(name)
    subject = f"urn:uuid:{person['id']}"
    resources = [person, peg_questionnaire()]
    resources += [peg_response(p, subject) for p in pegs]
    for row in checkins:
        resources += checkin_observations(row, subject)
    resources += medication_statements(plan, period, today, subject)
    stamp = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    return {
        "resourceType": "Bundle",
        "id": _new_id(),
        "meta": {"tag": [{"system": COACH_CODES, "code": "coach-export", "display": f"coach {__version__}"}]},
        "type": "collection",
        "timestamp": stamp,
        "entry": [_entry(r) for r in resources],
    }


def bundle_json(store, period: Period, today: date, *, name: str | None = None) -> str:  # noqa: ANN001
    return json.dumps(build_bundle(store, period, today, name=name), ensure_ascii=False, indent=1) + "\n"
