"""The FHIR export a clinic can load at every visit: the journal's random id names every resource (same entry,
same id; two journals never collide), every resource has an identifier and a narrative, the standard codes
are there, the day's doses and signs are Observations, and a transaction Bundle is conditional creates that
add nothing the second time (the server's rule simulated here; tests/slow/test_fhir_server.py posts to a
real one). The journal's id moves with export and import, and is no user setting."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from coach.cli.main import app
from coach.domain.journal_identity import JOURNAL_ID_KEY
from coach.paths import resolve_db
from coach.report.fhir import build_bundle
from coach.report.fhir_resources import RXNORM
from coach.store.engine.db import open_store
from coach.store.journal_id import journal_id, stored_journal_id
from coach.store.models import CheckIn, DoseTiming, Medication, Setting
from coach.store.queries.stats import Period
from coach.store.settings import read_settings, stored_keys
from coach.store.transfer.journal import export_json, import_export, parse_export
from tests.unit.test_fhir import _validate
from tests.unit.test_stats import TODAY, build_history

pytestmark = pytest.mark.both_engines
runner = CliRunner()
PERIOD = Period(TODAY - timedelta(days=13), TODAY)


def _with_events(store) -> None:  # noqa: ANN001
    """A 14-day history with an extra dose, an early dose, warning and withdrawal signs, and a second drug."""
    build_history(store, 14)
    with store.session() as db:
        rows = db.exec(select(CheckIn).order_by(CheckIn.id)).all()
        rows[2].dose_timing = DoseTiming.EXTRA_DOSE
        rows[3].dose_timing = DoseTiming.TAKEN_EARLY
        rows[4].red_flags = ["drowsy"]
        rows[5].withdrawal_signs = ["yawning", "sweating"]
        for row in rows[2:6]:
            db.add(row)
        db.add(Medication(drug="hydromorphone", strength=2, doses_per_day=2, start_date=PERIOD.start))


def _identifier(resource: dict) -> dict:
    found = resource["identifier"]
    return found if isinstance(found, dict) else found[0]


def test_two_exports_share_every_id_and_two_journals_none(store, tmp_path):
    _with_events(store)
    first = build_bundle(store, PERIOD, TODAY)
    second = build_bundle(store, PERIOD, TODAY)
    ids = [e["resource"]["id"] for e in first["entry"]]
    assert len(ids) == len(set(ids)) > 40
    assert ids == [e["resource"]["id"] for e in second["entry"]] and first["id"] == second["id"]
    # An overlapping later export names the shared entries the same way
    later = build_bundle(store, Period(PERIOD.start + timedelta(days=7), TODAY), TODAY)
    assert {e["resource"]["id"] for e in later["entry"]} < set(ids)
    other = open_store(resolve_db(str(tmp_path / "other.db")))
    try:
        build_history(other, 14)  # the same entries, ids and all, in another journal
        theirs = build_bundle(other, PERIOD, TODAY)
    finally:
        other.close()
    assert not {e["resource"]["id"] for e in theirs["entry"]} & set(ids)


def test_every_resource_has_identifier_narrative_and_its_id_from_them(store):
    _with_events(store)
    bundle = build_bundle(store, PERIOD, TODAY)
    _validate(bundle)
    with store.session() as db:
        namespace = stored_journal_id(db)
    assert namespace is not None and uuid.UUID(namespace).version == 4
    values = []
    for entry in bundle["entry"]:
        resource = entry["resource"]
        identifier = _identifier(resource)
        assert identifier["system"] == f"urn:uuid:{namespace}"
        assert resource["id"] == str(uuid.uuid5(uuid.UUID(namespace), identifier["value"]))
        assert resource["text"]["status"] == "generated"
        assert resource["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml"><p>')
        values.append(identifier["value"])
    assert len(values) == len(set(values))
    assert bundle["identifier"]["system"] == f"urn:uuid:{namespace}"


def test_peg_rxnorm_and_the_days_events_are_coded(store):
    _with_events(store)
    bundle = build_bundle(store, PERIOD, TODAY)
    resources = [e["resource"] for e in bundle["entry"]]
    (questionnaire,) = [r for r in resources if r["resourceType"] == "Questionnaire"]
    assert [i["code"][0]["code"] for i in questionnaire["item"]] == ["75893-8", "91145-3", "91146-1"]
    means = [r for r in resources if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "91147-9"]
    assert len(means) == 2 and means[0]["valueQuantity"]["value"] == 5.0
    assert [c["code"]["coding"][0]["code"] for c in means[0]["component"]] == ["75893-8", "91145-3", "91146-1"]
    drugs = {r["medicationCodeableConcept"]["text"]: r["medicationCodeableConcept"]["coding"]
             for r in resources if r["resourceType"] == "MedicationStatement"}
    assert {c["system"]: c["code"] for c in drugs["Oxycodone"]}[RXNORM] == "7804"
    assert RXNORM not in {c["system"] for c in drugs["Hydromorphone"]}  # not in CPIC's table: coach's code only
    events = {r["code"]["coding"][0]["code"]: r for r in resources if r["resourceType"] == "Observation"}
    assert events["extra-dose"]["valueBoolean"] is True and "Extra dose" in events["extra-dose"]["code"]["coding"][0]["display"]
    assert events["early-dose"]["effectiveDateTime"].startswith((PERIOD.start + timedelta(days=3)).isoformat())
    assert [c["code"]["coding"][0]["display"] for c in events["withdrawal-signs"]["component"]] == [
        "Yawning a lot", "Sweating or chills"
    ]
    assert "hard to stay awake" in events["warning-signs"]["text"]["div"]


def test_a_hostile_name_reaches_the_narrative_as_visible_signs(store):
    bundle = build_bundle(store, Period(TODAY, TODAY), TODAY, name="Sam\x1b[31m\u202e<b>x</b>\x00")
    (patient,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    div = patient["text"]["div"]
    assert "\x1b" not in div and "\u202e" not in div and "\x00" not in div and "<b>" not in div
    assert "␛[31m" in div and "&lt;b&gt;" in div
    _validate(bundle)


def _post(server: dict[tuple[str, str], dict], bundle: dict) -> int:
    """The conditional-create rule of a FHIR server (R4 3.1.0.8.1): an entry whose ifNoneExist search
    finds a resource creates nothing; otherwise the resource is created. Returns how many were created."""
    created = 0
    for entry in bundle["entry"]:
        request = entry["request"]
        assert request["method"] == "POST" and request["url"] == entry["resource"]["resourceType"]
        key = (request["url"], request["ifNoneExist"])
        if key not in server:
            server[key] = entry["resource"]
            created += 1
    return created


@pytest.mark.parametrize("kind", ["transaction", "batch"])
def test_a_conditional_bundle_posted_twice_adds_nothing(store, kind):
    _with_events(store)
    bundle = build_bundle(store, PERIOD, TODAY, bundle_type=kind)
    _validate(bundle)
    assert bundle["type"] == kind
    for entry in bundle["entry"]:
        identifier = _identifier(entry["resource"])
        assert entry["request"]["ifNoneExist"] == f"identifier={identifier['system']}|{identifier['value']}"
    server: dict = {}
    assert _post(server, bundle) == len(bundle["entry"])
    assert _post(server, build_bundle(store, PERIOD, TODAY, bundle_type=kind)) == 0
    # The next visit's overlapping export adds nothing already there
    later = build_bundle(store, Period(PERIOD.start + timedelta(days=7), TODAY), TODAY, bundle_type=kind)
    assert _post(server, later) == 0


def test_cli_bundle_option(store, journal_url):
    build_history(store, 3)
    result = runner.invoke(app, ["--db", journal_url, "export", "--format", "fhir", "--bundle", "transaction"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["type"] == "transaction"
    for bad in (["--format", "fhir", "--bundle", "message"], ["--format", "json", "--bundle", "batch"]):
        result = runner.invoke(app, ["--db", journal_url, "export", *bad])
        assert result.exit_code == 2 and "--bundle" in result.output and "Traceback" not in result.output


def test_the_journal_id_is_made_once_and_is_no_user_setting(store):
    with store.session() as db:
        assert stored_journal_id(db) is None
        made = journal_id(db)
    with store.session() as db:
        assert journal_id(db) == made
        assert JOURNAL_ID_KEY not in read_settings(db) and JOURNAL_ID_KEY not in stored_keys(db)


def test_export_and_import_carry_the_journal_id(store, tmp_path):
    build_history(store, 3)
    with store.session() as db:
        made = journal_id(db)
    text = export_json(store)
    assert made in text
    moved = open_store(resolve_db(str(tmp_path / "new-machine.db")))  # moving machines: the same id
    try:
        import_export(moved, parse_export(text))
        with moved.session() as db:
            assert stored_journal_id(db) == made
        assert build_bundle(moved, PERIOD, TODAY)["id"] == build_bundle(store, PERIOD, TODAY)["id"]
    finally:
        moved.close()
    own = open_store(resolve_db(str(tmp_path / "own.db")))  # a journal with its own id keeps it
    try:
        with own.session() as db:
            theirs = journal_id(db)
        import_export(own, parse_export(text))
        with own.session() as db:
            assert stored_journal_id(db) == theirs != made
            assert len(db.exec(select(Setting).where(Setting.key == JOURNAL_ID_KEY)).all()) == 1
    finally:
        own.close()


def test_an_import_with_a_bad_journal_id_is_refused(store):
    from coach.store.transfer.journal import TransferError

    data = json.loads(export_json(store))
    data["setting"].append({"key": JOURNAL_ID_KEY, "value": "123"})
    with pytest.raises(TransferError, match="journal id"):
        import_export(store, parse_export(json.dumps(data)))
    with store.session() as db:
        assert stored_journal_id(db) is None
