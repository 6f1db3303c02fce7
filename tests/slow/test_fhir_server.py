"""The FHIR export posted twice to a real FHIR server: Medplum's FHIR router and in-memory repository from npm
(tests/fhir_server/, installed by `make test` where npm is), run in a Node process. Every resource passes the
server's R4 validation; the second post of the same export, and an overlapping later export, add nothing.

That router refuses a transaction of more than 8 conditional entries ("requires strict isolation"), so the
transaction test posts a one-day export and the batch test a fortnight's; other servers (HAPI) take large
conditional transactions."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from coach.report.fhir import build_bundle
from coach.store.queries.stats import Period
from tests.unit.test_fhir_ids import PERIOD, _with_events
from tests.unit.test_stats import TODAY

pytestmark = pytest.mark.slow
SERVER = Path(__file__).resolve().parents[1] / "fhir_server"
TYPES = ("Patient", "Questionnaire", "QuestionnaireResponse", "Observation", "MedicationStatement")


def _posts(tmp_path: Path, bundles: list[dict]) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs Node.js for the FHIR server (apt-get install nodejs npm; .ci/run does this as root)")
    if not (SERVER / "node_modules" / "@medplum" / "fhir-router").is_dir():
        pytest.skip("the FHIR server's npm packages are not installed: `make test` runs npm ci in tests/fhir_server")
    files = []
    for n, bundle in enumerate(bundles):
        path = tmp_path / f"bundle-{n}.json"
        path.write_text(json.dumps(bundle), encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(
        [node, "--experimental-websocket", "post_twice.mjs", *files],
        cwd=SERVER, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _count(bundle: dict) -> dict[str, int]:
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    return {kind: kinds.count(kind) for kind in TYPES}


def test_a_batch_posted_twice_adds_nothing(store, tmp_path):
    _with_events(store)
    bundle = build_bundle(store, PERIOD, TODAY, bundle_type="batch")
    later = build_bundle(store, Period(PERIOD.start + timedelta(days=7), TODAY), TODAY, bundle_type="batch")
    first, second, third = _posts(tmp_path, [bundle, bundle, later])
    assert first["invalid"] == [] and first["problem"] is None
    assert first["statuses"] == ["201"] * len(bundle["entry"])
    assert first["counts"] == _count(bundle)
    assert second["statuses"] == ["200"] * len(bundle["entry"]) and second["counts"] == first["counts"]
    assert third["problem"] is None and third["counts"] == first["counts"]


def test_a_transaction_posted_twice_adds_nothing(store, tmp_path):
    _with_events(store)
    day = Period(PERIOD.start + timedelta(days=5), PERIOD.start + timedelta(days=5))  # withdrawal signs that day
    bundle = build_bundle(store, day, TODAY, bundle_type="transaction")
    assert len(bundle["entry"]) <= 8
    first, second = _posts(tmp_path, [bundle, bundle])
    assert first["invalid"] == [] and first["problem"] is None, first
    assert set(first["statuses"]) <= {"200", "201"} and first["counts"] == _count(bundle)
    assert second["problem"] is None and second["counts"] == first["counts"]
