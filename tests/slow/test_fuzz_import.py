"""Importer fuzzing (Hypothesis): any file given to `coach import` is either imported whole or refused
with one line, never a traceback, and a refused or failed import leaves the database exactly as it was."""

from __future__ import annotations

import copy
import re
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coach.cli.main import app
from coach.paths import resolve_db
from coach.store.engine.db import open_store
from coach.store.transfer.journal import TransferError, export_json, import_export, parse_export
from tests.fixtures.make_fixtures import FIXTURES, fixture_path

FIXTURE = fixture_path(max(int(p.stem.rsplit("schema", 1)[1]) for p in FIXTURES.glob("coach-schema*.db")))
SUPPRESS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@pytest.fixture(scope="module")
def export_text(tmp_path_factory) -> str:
    """A real export of the fixture database: three weeks of every kind of record."""
    path = tmp_path_factory.mktemp("export") / "fixture.db"
    shutil.copyfile(FIXTURE, path)
    # The fixture keeps its key map under "keys", a name coach never used; import refuses settings it
    # does not know, so the copy names it as coach does ("keymap").
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE setting SET key = 'keymap' WHERE key = 'keys'")
    conn.close()
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
                               [], {}, True, "fully", "in_progress", "IN_PROGRESS", 0,
                               # values that parse and fit a type but would break a screen or the report later
                               2**63, 2**63 - 1, -(2**63) - 1, 10**30, 1e300, -1e300, 1e-300,
                               "9999-12-31", "0001-01-01", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00",
                               "tramadol-xr", "heroin", "keys", "", "\x1b[2J"])


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
    except TransferError as exc:
        store.close()
        assert str(exc) and "\n" not in str(exc)
        assert _dump(db) == before, "a refused import changed the database"
        return
    try:
        _everything_shows(store)
    finally:
        store.close()
    after = _dump(db)
    for table, rows in before.items():
        if table != "coach_meta":
            assert set(rows) <= set(after[table]), f"an import lost or changed rows of {table}"


def _everything_shows(store) -> None:  # noqa: ANN001
    """What was imported can be read back by the report, stats, Progress, the taper plan and export."""
    from datetime import date

    from coach.report import render_report
    from coach.screens.progress import load_progress
    from coach.store.queries.stats import last_days, summary

    today = date(2026, 11, 25)
    render_report(store, today, 36500)
    for key in ("2w", "all"):
        load_progress(store, today, key)
    with store.session() as db:
        summary(db, last_days(today, 36500), today)
    export_json(store)


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


# --- files that parse but would break things later: refused whole, one line naming the field ------


def _with(export_text: str, table: str, field: str, value) -> str:  # noqa: ANN001
    doc = json.loads(export_text)
    doc[table][0][field] = value
    return json.dumps(doc)


def _raw(export_text: str, table: str, field: str, text: str) -> str:
    """The export with `text` written as is (not as JSON) for the first record's field."""
    return _with(export_text, table, field, "__HOLE__").replace('"__HOLE__"', text)


HOSTILE = {
    "NaN": (lambda t: _raw(t, "medication", "strength", "NaN"), "NaN"),
    "Infinity": (lambda t: _raw(t, "checkin", "pain", "Infinity"), "Infinity"),
    "-Infinity": (lambda t: _raw(t, "taper_step", "strength", "-Infinity"),
                  "-Infinity"),
    "1e999": (lambda t: _raw(t, "medication", "strength", "1e999"),
              "too large"),
    "giant integer": (lambda t: _raw(t, "checkin", "pain", "9" * 5000),
                      "5000 digits"),
    "id of 2**63": (lambda t: _with(t, "ladder_item", "id", 2**63), "ladder_item[0].id: number too large"),
    "negative id below int64": (lambda t: _with(t, "daily_session", "id", -(2**63) - 1), "number too large"),
    "huge strength": (lambda t: _with(t, "medication", "strength", 1e300), "medication[0].strength"),
    "unknown drug": (lambda t: _with(t, "medication", "drug", "tramadol-xr"), "medication[0].drug: unknown drug"),
    "unknown setting": (lambda t: _with(t, "setting", "key", "colour"), "setting[0].key: there is no setting"),
    "year 9999": (lambda t: _with(t, "daily_session", "day", "9999-12-31"), "daily_session[0].day"),
    "year 1": (lambda t: _with(t, "checkin", "updated_at", "0001-01-01T00:00:00+05:00"), "checkin[0].updated_at"),
    "duplicate key in a record": (lambda t: t.replace('"pain": ', '"pain": 3, "pain": ', 1), "appears twice"),
    "duplicate table": (lambda t: t[:-2] + ', "checkin": []}', "appears twice"),
    "deep nesting": (lambda t: "[" * 100_000 + "]" * 100_000, "nested"),
    "nesting past the limit": (lambda t: _with(t, "entry_edit", "old_value", json.loads("[" * 40 + "]" * 40)), "nested"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_file_that_would_break_things_later_is_refused(export_text, kind, tmp_path):
    make, expected = HOSTILE[kind]
    text = make(export_text)
    with pytest.raises(TransferError, match=re.escape(expected)) as info:
        parse_export(text)
    assert "\n" not in str(info.value)
    export = tmp_path / "export.json"
    export.write_text(text)
    db = tmp_path / "coach.db"
    shutil.copyfile(FIXTURE, db)
    before = _dump(db)
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(export)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and expected in result.stderr, result.output
    assert _dump(db) == before


def test_the_size_cap_is_checked_before_reading(tmp_path):
    from coach.store.transfer.import_checks import MAX_IMPORT_BYTES

    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:
        fh.truncate(MAX_IMPORT_BYTES + 1)  # sparse: nothing to read, if anything tried it would take a while
    db = tmp_path / "coach.db"
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(huge)])
    assert result.exit_code == 2 and "larger than 50 MB" in result.stderr, result.output
    with pytest.raises(TransferError, match="larger than 50 MB"):
        parse_export(b" " * (MAX_IMPORT_BYTES + 1))


@given(text=st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "9" * 30, "-" + "9" * 30]),
       table=st.sampled_from(TABLE_NAMES), index=st.integers(0, 30), field=st.integers(0, 40))
@settings(max_examples=60, deadline=None, suppress_health_check=SUPPRESS)
def test_non_finite_or_giant_numbers_anywhere_are_refused(export_text, text, table, index, field):
    document = json.loads(export_text)
    rows = document[table]
    row = rows[index % len(rows)]
    name = sorted(row)[field % len(row)]
    row[name] = "__HOLE__"
    raw = json.dumps(document).replace('"__HOLE__"', text)
    with pytest.raises(TransferError) as info:
        parse_export(raw)
    assert "\n" not in str(info.value)
