"""Importer fuzzing (Hypothesis): any file given to `coach import` is either imported whole or refused
with one line, never a traceback, and a refused or failed import leaves the database exactly as it was."""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coach.cli import app
from coach.paths import resolve_db
from coach.store.db import open_store
from coach.store.transfer import TransferError, export_json, import_export, parse_export
from tests.fixtures.make_fixtures import FIXTURES, fixture_path

FIXTURE = fixture_path(max(int(p.stem.rsplit("schema", 1)[1]) for p in FIXTURES.glob("coach-schema*.db")))
SUPPRESS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@pytest.fixture(scope="module")
def export_text(tmp_path_factory) -> str:
    """A real export of the fixture database: three weeks of every kind of record."""
    path = tmp_path_factory.mktemp("export") / "fixture.db"
    shutil.copyfile(FIXTURE, path)
    store = open_store(resolve_db(str(path)))
    try:
        return export_json(store)
    finally:
        store.close()


def _dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        conn.close()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
EDGE_VALUES = st.sampled_from([None, -1, 11, 101, 10**9, -0.5, "", "x" * 5000, "2026-02-30", "not a date",
                               [], {}, True, "fully", "in_progress", "IN_PROGRESS", 0])


TABLE_NAMES = ["setting", "ladder_item", "medication", "taper_step", "daily_session", "checkin", "exercise_run",
               "exposure_goal", "reflection"]


@st.composite
def mutations(draw):
    """A few edits of a real export: mostly one field of one record set to a nearby or odd value (so
    many edited files still parse and reach the database), sometimes a record deleted or duplicated,
    an unknown field, or a damaged header."""
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["field"] * 6 + ["delete", "duplicate", "unknown", "header"]))
        table = draw(st.sampled_from(TABLE_NAMES))
        index = draw(st.integers(0, 30))
        if kind == "header":
            edits.append(("$header", 0, draw(st.sampled_from(["schema", "version", "format"])), draw(EDGE_VALUES)))
        elif kind in ("delete", "duplicate"):
            edits.append((table, index, f"${kind}", None))
        elif kind == "unknown":
            edits.append((table, index, draw(st.text(min_size=1, max_size=8)), draw(JSON_VALUES)))
        elif draw(st.booleans()):  # a value of the field's own type, in or out of its range
            like = (draw(st.integers(-3, 120)), draw(st.text(max_size=30) | st.sampled_from(
                ["2026-02-30", "2026-11-25", "2026-11-25T09:30:00-05:00", "9999-12-31", "fully", "extra_dose"])),
                draw(st.booleans()))
            edits.append((table, index, draw(st.integers(0, 40)), ("$like", like)))
        else:
            value = draw(st.integers(-2, 40) | EDGE_VALUES | JSON_VALUES)
            edits.append((table, index, draw(st.integers(0, 40)), value))
    return edits


def _mutate(document: dict, edits) -> dict:  # noqa: ANN001
    doc = copy.deepcopy(document)
    for table, index, field, value in edits:
        if table == "$header":
            doc[field] = value
            continue
        rows = doc.get(table)
        if not isinstance(rows, list) or not rows:
            continue
        row = rows[index % len(rows)]
        if field == "$duplicate":
            rows.append(copy.deepcopy(row))
        elif field == "$delete":
            rows.remove(row)
        elif isinstance(field, int):  # one of the record's own fields
            name = sorted(row)[field % len(row)]
            if isinstance(value, tuple):  # ("$like", (int, text, bool)): keep the field's type
                number, text, flag = value[1]
                current = row[name]
                value = flag if isinstance(current, bool) else number if isinstance(current, (int, float)) else text
            row[name] = value
        else:
            row[field] = value
    return doc


@given(edits=mutations(), into_empty=st.booleans())
@settings(max_examples=120, deadline=None, suppress_health_check=SUPPRESS)
def test_a_damaged_export_is_refused_or_imported_whole(export_text, edits, into_empty, tmp_path_factory):
    document = json.loads(export_text)
    text = json.dumps(_mutate(document, edits))
    db = tmp_path_factory.mktemp("target") / "target.db"
    if into_empty:
        open_store(resolve_db(str(db))).close()
    else:
        shutil.copyfile(FIXTURE, db)  # a database with data in it already: nothing of it may be lost
    before = _dump(db)
    try:
        parsed = parse_export(text)
    except TransferError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert _dump(db) == before
        return
    store = open_store(resolve_db(str(db)))
    try:
        import_export(store, parsed)
        store.close()
    except TransferError as exc:
        store.close()
        assert str(exc) and "\n" not in str(exc)
        assert _dump(db) == before, "a refused import changed the database"
        return
    after = _dump(db)
    for table, rows in before.items():
        if table != "coach_meta":
            assert set(rows) <= set(after[table]), f"an import lost or changed rows of {table}"


@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode) | JSON_VALUES.map(
    lambda v: json.dumps(v).encode()))
@settings(max_examples=150, deadline=None)
def test_any_bytes_are_parsed_or_refused_with_one_line(raw):
    try:
        parse_export(raw)
    except TransferError as exc:
        assert str(exc) and "\n" not in str(exc)


@given(edits=mutations())
@settings(max_examples=40, deadline=None, suppress_health_check=SUPPRESS)
def test_coach_import_never_shows_a_traceback(export_text, edits, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    export = folder / "export.json"
    export.write_text(json.dumps(_mutate(json.loads(export_text), edits)))
    db = folder / "coach.db"
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(export)])
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("coach: error:") and result.stderr.count("\n") == 1


def test_the_fixture_round_trips_through_export_and_import(export_text, tmp_path):
    """Every table of the fixture (odd notes, lists, settings of every JSON type) exports, imports into
    an empty database and exports again byte for byte; a second import adds nothing."""
    db = tmp_path / "empty.db"
    store = open_store(resolve_db(str(db)))
    try:
        first = import_export(store, parse_export(export_text))
        assert first.total_added > 100 and first.total_kept == 0
        assert export_json(store) == export_text
        again = import_export(store, parse_export(export_text))
        assert again.total_added == 0
    finally:
        store.close()
