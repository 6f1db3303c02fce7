"""The FHIR export's resources, one builder each, named by the journal's id and the entry they come from.

Codes used, with their sources:
- LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported" (LOINC, loinc.org/72514-3):
  the pain rating of each check-in.
- The PEG as AHRQ's CDS Connect Pain Management Summary reads it (AHRQ-CDS/AHRQ-CDS-Connect-PAIN-MANAGEMENT-
  SUMMARY, FactorsToConsiderInManagingChronicPain CQL): LOINC 91148-7 the panel (LOINC's FHIR Questionnaire
  is http://loinc.org/q/91148-7), items 75893-8 (pain on average, past week), 91145-3 (interference with
  enjoyment of life), 91146-1 (interference with general activity), and 91147-9 the mean score.
- RxNorm ingredient ids from CPIC's public drug table (cpicpgx/cpic-schema, drug.sql): codeine 2670,
  fentanyl 4337, methadone 6813, morphine 7052, oxycodone 7804, tramadol 10689. Drugs not in that table
  (hydrocodone, hydromorphone, oxymorphone, tapentadol, buprenorphine) carry coach's own code only.
- FHIR's observation-category "survey" (HL7 FHIR R4, terminology.hl7.org/CodeSystem/observation-category).
- UCUM units "mg" and "ug/h", and the annotation "{score}" (unitsofmeasure.org).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

from coach.domain.mme import load_mme_table
from coach.domain.scales import PEG_QUESTIONS, SCALE_ENDS
from coach.domain.session import WARNING_SIGNS, WITHDRAWAL_SIGNS
from coach.domain.taper import format_regimen, mme_text, total_mme_on
from coach.store.queries.fhir_rows import DayEvent
from coach.store.queries.stats import Period
from coach.store.queries.visit import CheckinRow, PegAnswer
from coach.store.taper import TaperPlan
from coach.domain.literal_text import clean

# coach's own code systems. ".invalid" is reserved (RFC 2606): it can never name someone else's system.
BASE = "https://coach.invalid/fhir"
COACH_CODES = f"{BASE}/CodeSystem/coach"
COACH_DRUGS = f"{BASE}/CodeSystem/drug"
PEG_URL = f"{BASE}/Questionnaire/peg"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PAIN_LOINC = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
PEG_LOINC = {"system": LOINC, "code": "91148-7", "display": "PEG 3 item pain scale"}
PEG_MEAN_LOINC = {"system": LOINC, "code": "91147-9", "display": "PEG 3 item pain scale score"}
# Each PEG item's LOINC code, by coach's scale id (AHRQ CDS Connect, as above).
PEG_ITEM_LOINC = {"peg_pain": "75893-8", "peg_enjoyment": "91145-3", "peg_activity": "91146-1"}
# RxNorm ingredient ids by coach's drug key (CPIC's drug table, as above); other drugs have none here.
RXNORM_INGREDIENTS = {
    "codeine": "2670",
    "fentanyl-patch": "4337",
    "methadone": "6813",
    "morphine": "7052",
    "oxycodone": "7804",
    "tramadol": "10689",
}

# The PEG items as coach's check-in asks them (the same words as the check-in screen's labels).
# (linkId, scale id, the published question): the check-in's wording (coach.domain.scales.PEG_QUESTIONS).
PEG_ITEMS: tuple[tuple[str, str, str], ...] = tuple(
    (key.replace("_", "-"), key, question) for key, _label, question in PEG_QUESTIONS
)
# The day's events in coach's code system: (code display, words for the narrative).
EVENT_CODES = {
    "extra-dose": "Extra dose recorded (information for the prescriber)",
    "early-dose": "Dose taken earlier than usual",
    "warning-signs": "Warning signs ticked at the check-in",
    "withdrawal-signs": "Withdrawal signs ticked at the check-in",
}
SIGN_LABELS = {"warning-signs": dict(WARNING_SIGNS), "withdrawal-signs": dict(WITHDRAWAL_SIGNS)}


SINGLE_IDENTIFIER = frozenset({"QuestionnaireResponse", "Bundle"})


@dataclass(frozen=True)
class Names:
    """Ids and identifiers within one journal: the same entry always gets the same id and identifier, and
    two journals (two random ids) never share one."""

    journal: str

    @property
    def system(self) -> str:
        return f"urn:uuid:{self.journal}"

    def resource_id(self, entry: str) -> str:
        return str(uuid.uuid5(uuid.UUID(self.journal), entry))

    def identifier_of(self, resource: dict) -> dict:
        """The identifier a resource from `base` carries."""
        found = resource["identifier"]
        return found if isinstance(found, dict) else found[0]

    def identifier(self, entry: str) -> dict:
        return {"use": "official", "system": self.system, "value": entry}

    def base(self, kind: str, entry: str, summary: str) -> dict:
        """A resource's first fields: type, id, identifier and the short narrative every resource carries."""
        identifier = self.identifier(entry)
        return {
            "resourceType": kind,
            "id": self.resource_id(entry),
            "text": narrative(summary),
            # R4: one identifier on a QuestionnaireResponse (0..1), a list on the others.
            "identifier": identifier if kind in SINGLE_IDENTIFIER else [identifier],
        }


def narrative(summary: str) -> dict:
    """A generated XHTML summary: the words escaped, control characters shown as signs (widgets.shown)."""
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(clean(summary))}</p></div>'}


def when_text(at: datetime | None, day: date) -> str:
    """A FHIR dateTime: the moment with its offset when known, else the day alone."""
    if at is not None and at.tzinfo is not None:
        return at.isoformat(timespec="seconds")
    return day.isoformat()


def _survey() -> list[dict]:
    return [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}]


def patient(names: Names, name: str | None) -> dict:
    """The person: no name, birth date or other personal detail unless they give a name themselves; the
    identifier is the journal's, never derived from personal data."""
    given = clean(name, one_line=True).strip() if name else ""
    resource = names.base("Patient", "patient", f"The person keeping this coach journal{': ' + given if given else ''}.")
    resource["active"] = True
    if given:
        resource["name"] = [{"text": given}]
    return resource


def _item_text(scale: str, text: str) -> str:
    low, high = SCALE_ENDS[scale]
    return f"{text} ({low}, {high})"


def _peg_item_code(scale: str) -> list[dict]:
    return [{"system": LOINC, "code": PEG_ITEM_LOINC[scale]}]


def peg_questionnaire(names: Names) -> dict:
    items = [
        {"linkId": link_id, "code": _peg_item_code(scale), "text": _item_text(scale, text), "type": "integer",
         "required": True}
        for link_id, scale, text in PEG_ITEMS
    ]
    resource = names.base("Questionnaire", "questionnaire/peg", "The PEG: three 0-10 items about the past week.")
    return resource | {
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


def _peg_values(answer: PegAnswer) -> dict[str, int]:
    return {"peg_pain": answer.pain, "peg_enjoyment": answer.enjoyment, "peg_activity": answer.activity}


def _score(value: float) -> str:
    return f"{value:.1f}"


def peg_response(names: Names, answer: PegAnswer, subject: str) -> dict:
    values = _peg_values(answer)
    summary = (f"PEG on {answer.day.isoformat()}: pain {answer.pain}, enjoyment of life {answer.enjoyment}, "
               f"general activity {answer.activity} (mean {_score(answer.score)}).")
    resource = names.base("QuestionnaireResponse", f"checkin/{answer.checkin_id}/peg", summary)
    return resource | {
        "questionnaire": PEG_URL,
        "status": "completed",
        "subject": {"reference": subject},
        "authored": when_text(answer.at, answer.day),
        "item": [
            {"linkId": link_id, "text": _item_text(scale, text), "answer": [{"valueInteger": values[scale]}]}
            for link_id, scale, text in PEG_ITEMS
        ],
    }


def peg_mean(names: Names, answer: PegAnswer, subject: str, response: str) -> dict:
    """The PEG's mean score as an Observation (LOINC 91147-9), with the three items as components."""
    values = _peg_values(answer)
    resource = names.base(
        "Observation", f"checkin/{answer.checkin_id}/peg-mean",
        f"PEG mean score {_score(answer.score)} (0-10) on {answer.day.isoformat()}.",
    )
    return resource | {
        "status": "final",
        "category": _survey(),
        "code": {"coding": [PEG_MEAN_LOINC], "text": "PEG score: mean of the three items (0-10)"},
        "subject": {"reference": subject},
        "effectiveDateTime": when_text(answer.at, answer.day),
        "valueQuantity": {"value": answer.score, "unit": "score", "system": UCUM, "code": "{score}"},
        "derivedFrom": [{"reference": response}],
        "component": [
            {"code": {"coding": _peg_item_code(scale), "text": text}, "valueInteger": values[scale]}
            for _link, scale, text in PEG_ITEMS
        ],
    }


def _rating(names: Names, entry: str, code: dict, value: int, subject: str, when: str, words: str) -> dict:
    """One Observation of a 0-10 rating given at the check-in."""
    resource = names.base("Observation", entry, f"{words}: {value} of 10, on {when[:10]}.")
    return resource | {
        "status": "final",
        "category": _survey(),
        "code": code,
        "subject": {"reference": subject},
        "effectiveDateTime": when,
        "valueInteger": value,
    }


def checkin_observations(names: Names, row: CheckinRow, subject: str) -> list[dict]:
    """One Observation for pain (LOINC) and one for tolerability (coach's own scale), as rated that day."""
    out = []
    when = when_text(row.at, row.day)
    entry = f"checkin/{row.checkin_id}"
    if row.pain is not None:
        pain = {
            "coding": [PAIN_LOINC, {"system": COACH_CODES, "code": "pain", "display": "Pain now"}],
            "text": "Pain now (0 = no pain, 10 = worst pain imaginable)",
        }
        out.append(_rating(names, f"{entry}/pain", pain, row.pain, subject, when, "Pain now"))
    if row.tolerability is not None:
        tolerability = {
            "coding": [{"system": COACH_CODES, "code": "tolerability", "display": "Tolerability today"}],
            "text": "Tolerability today, 0-10 (coach's own scale, not a validated measure: 0-3 intolerable, "
            "4-6 tolerable, 7-10 livable)",
        }
        out.append(
            _rating(names, f"{entry}/tolerability", tolerability, row.tolerability, subject, when, "Tolerability today")
        )
    return out


def day_event(names: Names, event: DayEvent, subject: str) -> dict:
    """An extra or early dose (recorded neutrally, as information for the prescriber), or the warning or
    withdrawal signs ticked that day, each sign a component."""
    display = EVENT_CODES[event.kind]
    labels = SIGN_LABELS.get(event.kind, {})
    signs = [labels.get(key, key.replace("_", " ")) for key in event.signs]
    summary = f"{display} on {event.day.isoformat()}" + (f": {'; '.join(signs)}." if signs else ".")
    resource = names.base("Observation", f"{event.entry}/{event.kind}", summary)
    resource |= {
        "status": "final",
        "category": _survey(),
        "code": {"coding": [{"system": COACH_CODES, "code": event.kind, "display": display}], "text": display},
        "subject": {"reference": subject},
        "effectiveDateTime": when_text(event.at, event.day),
    }
    if event.signs:
        resource["valueInteger"] = len(event.signs)
        resource["component"] = [
            {
                "code": {"coding": [{"system": COACH_CODES, "code": f"{event.kind}.{key}", "display": label}],
                         "text": label},
                "valueBoolean": True,
            }
            for key, label in zip(event.signs, signs, strict=True)
        ]
    else:
        resource["valueBoolean"] = True
    return resource


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


def _medication_code(key: str, name: str) -> dict:
    coding = [{"system": COACH_DRUGS, "code": key, "display": name}]
    if key in RXNORM_INGREDIENTS:
        coding.insert(0, {"system": RXNORM, "code": RXNORM_INGREDIENTS[key], "display": name.lower()})
    return {"coding": coding, "text": name}


def medication_statements(names: Names, plan: TaperPlan, period: Period, today: date, subject: str) -> list[dict]:
    """One MedicationStatement per agreed regimen (each medication's start, then each taper step) whose time
    overlaps the period; planned steps are included (as intended) when the period reaches today."""
    table = load_mme_table()
    horizon = date.max if period.end >= today else period.end
    out = []
    for med in plan.medications:
        steps = sorted((s for s in plan.steps if s.medication_id == med.id), key=lambda s: s.start_date)
        regimens = [(med.start_date, med.strength, med.doses_per_day, med.note, None, f"medication/{med.id}")]
        regimens += [
            (s.start_date, s.strength, s.doses_per_day, s.note, n, f"taper-step/{s.id}")
            for n, s in enumerate(steps, start=1)
        ]
        for i, (start, strength, per_day, note, number, entry) in enumerate(regimens):
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
            regimen = format_regimen(med.drug, strength, per_day)
            summary = f"{what}: {drug.name}, {regimen}, from {start.isoformat()} ({status})."
            resource = names.base("MedicationStatement", entry, summary)
            out.append(
                resource
                | {
                    "status": status,
                    "medicationCodeableConcept": _medication_code(drug.key, drug.name),
                    "subject": {"reference": subject},
                    "effectivePeriod": effective,
                    "dateAsserted": today.isoformat(),
                    "note": notes,
                    "dosage": [_dosage(med.drug, strength, per_day)],
                }
            )
    return out
