"""`coach export --format fhir`: a Bundle that the FHIR R4B models accept, with the resources the issue asks
for, only the standard codes whose source is named, and the same period options as the report."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.report.fhir import COACH_CODES, COACH_DRUGS, PEG_ITEMS, PEG_URL, build_bundle
from coach.report.fhir_resources import RXNORM
from coach.store.models import Medication, TaperStep
from coach.store.queries.stats import Period
from tests.unit.test_stats import TODAY, build_history
from tests.conftest import coach_today

pytest.importorskip("fhir.resources", reason="fhir.resources is in the test extra: pip install -e '.[test]'")
from fhir.resources.R4B import get_fhir_model_class  # noqa: E402
from fhir.resources.R4B.bundle import Bundle  # noqa: E402


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

runner = CliRunner()
UTC = timezone.utc
# Every code system the export may use, and the only standard codes it may use (sources in coach/report/fhir.py).
SYSTEMS = {
    "http://loinc.org",
    "http://terminology.hl7.org/CodeSystem/observation-category",
    "http://unitsofmeasure.org",
    RXNORM,
    COACH_CODES,
    COACH_DRUGS,
}
# The daily pain, the PEG panel, its three items and its mean score (CLINICAL.md, "Codes for clinic exports").
LOINC_CODES = {"72514-3", "91148-7", "75893-8", "91145-3", "91146-1", "91147-9"}
# The R4 required value sets for each resource's status (the models check types and fields, not these codes).
STATUSES = {
    "Observation": {"registered", "preliminary", "final", "amended"},
    "QuestionnaireResponse": {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
    "Questionnaire": {"draft", "active", "retired", "unknown"},
    "MedicationStatement": {
        "active",
        "completed",
        "entered-in-error",
        "intended",
        "stopped",
        "on-hold",
        "unknown",
        "not-taken",
    },
}


def _validate(bundle: dict) -> Bundle:
    """The whole Bundle, and every resource in it on its own, against the R4B models."""
    parsed = Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        if resource["resourceType"] in STATUSES:
            assert resource["status"] in STATUSES[resource["resourceType"]]
    return parsed


def _resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _ratings(bundle: dict) -> list[dict]:
    """The check-ins' pain and tolerability Observations (not the PEG's mean, doses or signs)."""
    return [o for o in _resources(bundle, "Observation") if o["code"]["coding"][0]["code"] in ("72514-3", "tolerability")]


def _codings(value):  # noqa: ANN001, ANN202 - walks any JSON value
    if isinstance(value, dict):
        if "system" in value and ("code" in value):
            yield value
        for item in value.values():
            yield from _codings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _codings(item)


def test_bundle_validates_and_holds_what_the_issue_asks(store):
    build_history(store, 30)  # 30 check-ins, a PEG every 7th day, an oxycodone plan with two steps
    period = Period(TODAY - timedelta(days=29), TODAY)
    bundle = build_bundle(store, period, TODAY)
    parsed = _validate(bundle)
    assert parsed.type == "collection" and bundle["resourceType"] == "Bundle"
    (patient,) = _resources(bundle, "Patient")
    assert "name" not in patient and "birthDate" not in patient
    assert [i["value"] for i in patient["identifier"]] == ["patient"]
    (questionnaire,) = _resources(bundle, "Questionnaire")
    assert questionnaire["url"] == PEG_URL and [i["type"] for i in questionnaire["item"]] == ["integer"] * 3
    responses = _resources(bundle, "QuestionnaireResponse")
    assert len(responses) == 5  # days 0, 7, 14, 21, 28
    for response in responses:
        assert response["questionnaire"] == PEG_URL and response["status"] == "completed"
        assert [i["answer"][0]["valueInteger"] for i in response["item"]] == [6, 5, 4]
        assert [(i["linkId"], i["text"]) for i in response["item"]] == [
            (i["linkId"], i["text"]) for i in questionnaire["item"]
        ]
    observations = _resources(bundle, "Observation")
    means = [o for o in observations if o["code"]["coding"][0]["code"] == "91147-9"]
    assert [m["valueQuantity"]["value"] for m in means] == [5.0] * 5  # the PEG's mean, once per response
    observations = [o for o in observations if o not in means]
    assert len(observations) == 60  # pain and tolerability for each of the 30 check-ins
    pain = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
    tolerability = [o for o in observations if o["code"]["coding"][0]["code"] == "tolerability"]
    assert len(pain) == len(tolerability) == 30
    assert all(0 <= o["valueInteger"] <= 10 for o in observations)
    assert "not a validated measure" in tolerability[0]["code"]["text"]
    subject = f"urn:uuid:{patient['id']}"
    assert all(r["subject"]["reference"] == subject for r in observations + responses)
    assert {e["fullUrl"] for e in bundle["entry"]} >= {subject}


def test_medication_statements_carry_dose_period_and_status(store):
    with store.session() as db:
        med = Medication(drug="oxycodone", strength=10, doses_per_day=3, start_date=date(2026, 9, 1), note="as agreed")
        db.add(med)
        db.flush()
        for day, strength, per_day in (
            (date(2026, 10, 1), 9, 3),
            (date(2026, 12, 10), 8, 3),
            (date(2027, 1, 10), 0, 0),
        ):
            db.add(TaperStep(medication_id=med.id, start_date=day, strength=strength, doses_per_day=per_day))
    bundle = build_bundle(store, Period(date(2026, 9, 1), TODAY), TODAY)
    _validate(bundle)
    statements = _resources(bundle, "MedicationStatement")
    assert [s["status"] for s in statements] == ["completed", "active", "intended"]
    assert [s["effectivePeriod"] for s in statements] == [
        {"start": "2026-09-01", "end": "2026-09-30"},
        {"start": "2026-10-01", "end": "2026-12-09"},
        {"start": "2026-12-10", "end": "2027-01-09"},
    ]
    dose = statements[1]["dosage"][0]
    assert dose["doseAndRate"][0]["doseQuantity"] == {
        "value": 9,
        "unit": "mg",
        "system": "http://unitsofmeasure.org",
        "code": "mg",
    }
    assert dose["timing"]["repeat"] == {"frequency": 3, "period": 1, "periodUnit": "d"}
    assert (
        "40.5 MME/day" in statements[1]["note"][0]["text"]
        and "as agreed with the prescriber" in statements[1]["note"][0]["text"]
    )
    assert "Stopped from 2027-01-10" in statements[2]["note"][0]["text"]
    # A past period leaves out what began after it, and plans are not "intended" then
    past = build_bundle(store, Period(date(2026, 9, 1), date(2026, 9, 20)), TODAY)
    assert [s["effectivePeriod"]["start"] for s in _resources(past, "MedicationStatement")] == ["2026-09-01"]


def test_only_named_code_systems_and_standard_codes(store):
    build_history(store, 30)
    bundle = build_bundle(store, Period(TODAY - timedelta(days=29), TODAY), TODAY, name="Sam Example")
    codings = list(_codings(bundle))
    assert codings
    assert {c["system"] for c in codings} <= SYSTEMS
    assert {c["code"] for c in codings if c["system"] == "http://loinc.org"} == LOINC_CODES
    (patient,) = _resources(bundle, "Patient")
    assert patient["name"] == [{"text": "Sam Example"}]


def test_peg_items_are_worded_as_the_check_in_asks_them():
    from coach.screens.session import PEG_SCALES

    assert [(scale, text) for _, scale, text in PEG_ITEMS] == [(wid, question) for wid, _, _, question in PEG_SCALES]


def test_period_filters_check_ins_and_pegs(store):
    build_history(store, 30)
    bundle = build_bundle(store, Period(TODAY - timedelta(days=6), TODAY), TODAY)
    _validate(bundle)
    assert len(_resources(bundle, "Observation")) == 14 + 1  # two ratings a day, and the PEG's mean
    assert len(_resources(bundle, "QuestionnaireResponse")) == 1


def test_empty_journal_gives_a_valid_bundle(store):
    bundle = build_bundle(store, Period(TODAY, TODAY), TODAY)
    _validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient", "Questionnaire"]


def test_a_time_without_an_offset_gives_the_day_alone():
    from coach.report.fhir import when_text as _when

    assert _when(datetime(2026, 11, 20, 12), date(2026, 11, 20)) == "2026-11-20"
    assert _when(datetime(2026, 11, 20, 12, tzinfo=UTC), date(2026, 11, 20)) == "2026-11-20T12:00:00+00:00"


def test_cli_fhir_export(store, journal_url, tmp_path):
    build_history(store, 20, end=coach_today())
    out = tmp_path / "bundle.json"
    result = runner.invoke(app, ["--db", journal_url, "export", "--format", "fhir", "-o", str(out), "--days", "7"])
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600
    bundle = json.loads(out.read_text(encoding="utf-8"))
    _validate(bundle)
    assert len(_ratings(bundle)) == 14
    result = runner.invoke(app, ["--db", journal_url, "export", "--format", "fhir"])  # everything, to stdout
    assert result.exit_code == 0
    assert len(_ratings(json.loads(result.stdout))) == 40
    for bad in (
        ["--format", "fhir", "--from", "soon"],
        ["--format", "json", "--from", "2026-01-01"],
        ["--format", "fhir", "--to", "2999-01-01"],
        ["--format", "xml"],
    ):
        result = runner.invoke(app, ["--db", journal_url, "export", *bad])
        assert result.exit_code == 2, bad
        assert "coach: error:" in result.output and "Traceback" not in result.output


def test_fhir_export_needs_no_fhir_library_at_run_time():
    code = "import sys, coach.cli.main, coach.report.fhir; print(any(m.startswith('fhir') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
