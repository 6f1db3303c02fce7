"""The journal's id from the command line: made by the first FHIR export or share and the same ever after;
a read-only journal without one says so in one line (exit 2) and stays as it was; with one, it exports."""

from __future__ import annotations

import json
import stat

from coach.paths import resolve_db
from coach.store.engine.db import open_store
from coach.store.journal_id import journal_id
from tests.cli.test_read_only import _digest, _run
from tests.unit.test_stats import TODAY, build_history


def _journal(tmp_path, *, with_id: bool):  # noqa: ANN202
    path = tmp_path / "coach.db"
    store = open_store(resolve_db(str(path)))
    build_history(store, 10, end=TODAY)
    made = None
    if with_id:
        with store.session() as db:
            made = journal_id(db)
    store.close()
    return path, made


def test_fhir_exports_and_shares_keep_one_journal_id(tmp_path):
    path, _ = _journal(tmp_path, with_id=False)
    first = _run(path, "export", "--format", "fhir")
    second = _run(path, "export", "--format", "fhir")
    assert first.returncode == second.returncode == 0, first.stderr
    ids = [[e["resource"]["id"] for e in json.loads(r.stdout)["entry"]] for r in (first, second)]
    assert ids[0] == ids[1]
    share = _run(path, "export", "--format", "share", "-o", str(tmp_path / "s.json"), "--yes")
    assert share.returncode == 0, share.stderr
    again = _run(path, "export", "--format", "share", "-o", str(tmp_path / "t.json"), "--yes")
    assert json.loads((tmp_path / "s.json").read_text())["journal"] == json.loads((tmp_path / "t.json").read_text())["journal"]


def test_a_read_only_journal_without_an_id_says_so_and_is_left_alone(tmp_path):
    path, _ = _journal(tmp_path, with_id=False)
    path.chmod(0o400)
    before = _digest(path)
    for argv in (["export", "--format", "fhir"], ["export", "--format", "share", "-o", str(tmp_path / "s.json"), "--yes"]):
        result = _run(path, *argv)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "read-only" in result.stderr and "Traceback" not in result.stderr
    assert _digest(path) == before and stat.S_IMODE(path.stat().st_mode) == 0o400
    assert not (tmp_path / "s.json").exists()


def test_a_read_only_journal_with_an_id_exports_it(tmp_path):
    path, made = _journal(tmp_path, with_id=True)
    path.chmod(0o400)
    before = _digest(path)
    result = _run(path, "export", "--format", "fhir", "--bundle", "batch")
    assert result.returncode == 0, result.stderr
    bundle = json.loads(result.stdout)
    assert bundle["identifier"]["system"] == f"urn:uuid:{made}" and bundle["type"] == "batch"
    assert _digest(path) == before
