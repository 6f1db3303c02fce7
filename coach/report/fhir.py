"""`coach export --format fhir`: a FHIR R4 Bundle a clinic's record system can take in, again and again.

Built as plain dicts, so the command needs no FHIR library (the tests validate the result with
fhir.resources and post it to a FHIR server). Every resource is named by the journal's random id (made once,
kept in the journal: coach.store.journal_id) and the entry it comes from: its `id` is a UUID 5 of the two,
and its `identifier` is (system: the journal's URN, value: the entry), so each visit's overlapping export
names the same reading the same way, and a transaction or batch Bundle (`--bundle`) creates each resource
only if no resource with its identifier exists (`ifNoneExist`).

Standard codes appear only where their source is named (the resources' module, coach.report.fhir_resources,
lists them); everything else uses coach's own code system, since coach's tolerability scale, for one, is not
a standard measure.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from coach import __version__
from coach.report import fhir_resources as res
from coach.report.fhir_resources import COACH_CODES, COACH_DRUGS, PEG_ITEMS, PEG_URL, Names, when_text
from coach.store.journal_id import journal_id
from coach.store.queries.fhir_rows import day_events
from coach.store.queries.stats import Period
from coach.store.queries.visit import checkin_rows, peg_answers
from coach.store.taper import load_plan

BUNDLE_TYPES = ("collection", "transaction", "batch")


def _entry(names: Names, resource: dict, bundle_type: str) -> dict:
    entry = {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
    if bundle_type != "collection":
        identifier = names.identifier_of(resource)
        entry["request"] = {
            "method": "POST",
            "url": resource["resourceType"],
            "ifNoneExist": f"identifier={identifier['system']}|{identifier['value']}",
        }
    return entry


def build_bundle(
    store,  # noqa: ANN001
    period: Period,
    today: date,
    *,
    name: str | None = None,
    now: datetime | None = None,
    bundle_type: str = "collection",
) -> dict:
    """The Bundle for `period`: Patient, the PEG Questionnaire, responses and their mean scores, ratings, the
    day's doses and signs, medication statements. `bundle_type` "transaction" or "batch" makes each entry a
    conditional create on its identifier."""
    if bundle_type not in BUNDLE_TYPES:
        raise ValueError(f"--bundle takes one of {', '.join(BUNDLE_TYPES)}, got {bundle_type!r}")
    with store.session() as db:
        names = Names(journal_id(db, read_only=getattr(store, "read_only", False)))
        pegs = peg_answers(db, period)
        checkins = checkin_rows(db, period)
        events = day_events(db, period)
        plan = load_plan(db)
    person = res.patient(names, name)
    subject = f"urn:uuid:{person['id']}"
    resources = [person, res.peg_questionnaire(names)]
    for answer in pegs:
        response = res.peg_response(names, answer, subject)
        resources += [response, res.peg_mean(names, answer, subject, f"urn:uuid:{response['id']}")]
    for row in checkins:
        resources += res.checkin_observations(names, row, subject)
    resources += [res.day_event(names, event, subject) for event in events]
    resources += res.medication_statements(names, plan, period, today, subject)
    stamp = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    span = f"export/{period.start.isoformat()}/{period.end.isoformat()}"
    return {
        "resourceType": "Bundle",
        "id": names.resource_id(f"{span}/{bundle_type}"),
        "meta": {"tag": [{"system": COACH_CODES, "code": "coach-export", "display": f"coach {__version__}"}]},
        "identifier": names.identifier(span),
        "type": bundle_type,
        "timestamp": stamp,
        "entry": [_entry(names, r, bundle_type) for r in resources],
    }


def bundle_json(store, period: Period, today: date, *, name: str | None = None, bundle_type: str = "collection") -> str:  # noqa: ANN001
    bundle = build_bundle(store, period, today, name=name, bundle_type=bundle_type)
    return json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"


__all__ = ["BUNDLE_TYPES", "COACH_CODES", "COACH_DRUGS", "PEG_ITEMS", "PEG_URL", "Names", "when_text", "build_bundle", "bundle_json"]
