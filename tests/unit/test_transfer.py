"""Export and import: complete, versioned, byte-identical round trips, idempotent, all-or-nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sqlmodel import select

from coach.cli.main import app
from coach.domain.setting_checks import CHECKS
from coach.paths import resolve_db
from coach.store import SCHEMA_VERSION
from coach.store.engine.db import open_store
from coach.store.models import (
    CheckIn,
    DailySession,
    ExerciseRun,
    ExposureGoal,
    LadderItem,
    Medication,
    Reflection,
    Setting,
    TaperStep,
)
from coach.store.transfer.journal import (
    TABLES,
    TransferError,
    csv_tables,
    export_json,
    import_export,
    parse_export,
    spreadsheet_safe,
)


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

runner = CliRunner()
UTC = timezone.utc
AWKWARD = 'Walked, then "rested";\nfelt OK — ça va 💪'


def fill(store) -> None:
    """One of everything, with the notes a CSV export must survive."""
    at = datetime(2026, 11, 20, 15, 30, tzinfo=timezone(timedelta(hours=-5)))
    with store.session() as db:
        db.add(Setting(key="day_start_hour", value=3))
        db.add(Setting(key="theme", value="projector"))
        item = LadderItem(name="Carry groceries, 2 bags", difficulty=55, category="home", created_at=at)
        med = Medication(drug="oxycodone", strength=10, doses_per_day=3, start_date=date(2026, 1, 1), note=AWKWARD)
        db.add_all([item, med])
        db.flush()
        db.add(TaperStep(medication_id=med.id, start_date=date(2026, 3, 1), strength=10, doses_per_day=2.5))
        for offset in range(3):
            day = date(2026, 11, 20) + timedelta(days=offset)
            s = DailySession(day=day, started_at=at + timedelta(days=offset), status="done" if offset < 2 else "in_progress")
            db.add(s)
            db.flush()
            db.add(CheckIn(session_id=s.id, pain=4 + offset, tolerability=6, note=AWKWARD, withdrawal_signs=["yawning", "sweating"]))
            db.add(ExerciseRun(session_id=s.id, exercise_id="box-breathing", started_at=at + timedelta(days=offset),
                               seconds_completed=240, distress_before=6, distress_after=4, completed=True))
            if offset < 2:
                g = ExposureGoal(session_id=s.id, ladder_item_id=item.id, planned_amount=12.5, predicted_peak_pain=7,
                                 feared_outcome="a flare, \"for days\"", feared_likelihood=70)
                db.add(g)
                db.flush()
                db.add(Reflection(session_id=s.id, goal_id=g.id, outcome="partly", actual_peak_pain=5, noticed=AWKWARD,
                                  extra_dose=offset == 1, share_with_care_team=True))
        db.add(ExerciseRun(exercise_id="five-senses", started_at=at - timedelta(days=1), seconds_completed=60))


def fresh_store(new_journal, name):
    """Another empty journal on the test's engine (tests/conftest.py)."""
    return open_store(new_journal(name))


def test_json_export_is_complete_versioned_and_sorted(store):
    fill(store)
    text = export_json(store)
    doc = json.loads(text)
    assert (doc["format"], doc["version"], doc["schema"]) == ("coach-export", 1, SCHEMA_VERSION)
    assert set(doc) == {"format", "version", "schema", *TABLES}
    assert {row["key"] for row in doc["setting"]} == {"day_start_hour", "theme"}
    assert len(doc["daily_session"]) == 3 and len(doc["exercise_run"]) == 4
    assert doc["checkin"][0]["note"] == AWKWARD
    assert text == json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_round_trip_into_empty_db_is_byte_identical_and_idempotent(store, tmp_path, new_journal):
    fill(store)
    first = export_json(store)
    other = fresh_store(new_journal, "other.db")
    result = import_export(other, parse_export(first))
    assert result.total_added == 2 + 1 + 1 + 1 + 3 + 3 + 4 + 2 + 2
    assert export_json(other) == first
    again = import_export(other, parse_export(first))
    assert again.total_added == 0 and again.total_kept == result.total_added
    assert export_json(other) == first
    # Importing an export into the database it came from adds nothing either.
    assert import_export(store, parse_export(first)).total_added == 0
    assert export_json(store) == first


def test_an_export_from_schema_1_imports_and_drafts_stay_out(store, new_journal):
    """Schema 2 only added the draft table, which no export carries: a schema-1 export still imports."""
    from coach.store.drafts import save_draft

    fill(store)
    with store.session() as db:
        save_draft(db, "taper-step", {"strength": "7.5"}, datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc))
    doc = json.loads(export_json(store))
    assert "draft" not in doc
    other = fresh_store(new_journal, "other.db")
    result = import_export(other, parse_export(json.dumps({**doc, "schema": 1})))
    assert result.total_added == 2 + 1 + 1 + 1 + 3 + 3 + 4 + 2 + 2


def test_import_merges_without_overwriting_or_duplicating(store, tmp_path, new_journal):
    fill(store)
    exported = export_json(store)
    other = fresh_store(new_journal, "other.db")
    with other.session() as db:
        s = DailySession(day=date(2026, 11, 21), started_at=datetime(2026, 11, 21, 8, tzinfo=UTC))
        db.add(s)
        db.flush()
        db.add(CheckIn(session_id=s.id, pain=9, note="mine"))
        db.add(Setting(key="theme", value="textual-light"))
    import_export(other, parse_export(exported))
    with other.session() as db:
        from sqlmodel import select

        days = db.exec(select(DailySession).order_by(DailySession.day)).all()
        assert [d.day.day for d in days] == [20, 21, 22]
        checkin_21 = db.exec(select(CheckIn).where(CheckIn.session_id == days[1].id)).one()
        assert (checkin_21.pain, checkin_21.note) == (9, "mine")  # what was already saved is kept
        assert db.get(Setting, "theme").value == "textual-light"
        goal_21 = db.exec(select(ExposureGoal).where(ExposureGoal.session_id == days[1].id)).one()
        refl_21 = db.exec(select(Reflection).where(Reflection.session_id == days[1].id)).one()
        assert refl_21.goal_id == goal_21.id  # references follow the new ids
        assert len(db.exec(select(ExerciseRun)).all()) == 4
    before = export_json(other)
    assert import_export(other, parse_export(exported)).total_added == 0
    assert export_json(other) == before


def _doc(store) -> dict:
    return json.loads(export_json(store))


BAD_CASES = [
    ("not json", lambda d: "this is { not json", "not valid JSON"),
    ("binary", lambda d: b"\xff\xfe\x00garbage", "not"),
    ("a list", lambda d: "[1, 2]", "not a coach export"),
    ("wrong format", lambda d: {**d, "format": "other-app"}, "not a coach export"),
    ("wrong version", lambda d: {**d, "version": 2}, "export version 2 is not supported"),
    ("newer schema", lambda d: {**d, "schema": 99}, "newer coach (schema 99)"),
    ("schema before any coach", lambda d: {**d, "schema": 0}, "export schema 0 is not supported"),
    ("unknown table", lambda d: {**d, "bogus": []}, "unknown table 'bogus'"),
    ("table not a list", lambda d: {**d, "checkin": {}}, "checkin: should be a list"),
    ("record not an object", lambda d: {**d, "checkin": d["checkin"] + [5]}, "checkin[3]: should be an object"),
    ("out of range", lambda d: _set(d, "checkin", 2, pain=11), "checkin[2].pain: Input should be less than or equal to 10"),
    ("true for a score", lambda d: _set(d, "checkin", 2, pain=True), "checkin[2].pain: true is not a value for pain"),
    ("false for a text", lambda d: _set(d, "checkin", 2, note=False), "checkin[2].note: false is not a value for note"),
    ("setting that fails its check", lambda d: {**d, "setting": [{"key": "day_start_hour", "value": "\u00b2"}]},
     "setting[0].value: day_start_hour must be a whole number from 0 to 23"),
    ("bad enum", lambda d: _set(d, "reflection", 1, outcome="maybe"), "reflection[1].outcome: Input should be"),
    ("bad date", lambda d: _set(d, "daily_session", 0, day="yesterday"), "daily_session[0].day:"),
    ("unknown field", lambda d: _set(d, "checkin", 0, painn=3), "checkin[0].painn: unknown field"),
    ("odd field name", lambda d: _set(d, "checkin", 0, **{"\n": 3}), "checkin[0].'\\n': unknown field"),
    ("naive time", lambda d: _set(d, "daily_session", 1, started_at="2026-11-21T10:00:00"), "daily_session[1].started_at: the time needs a timezone"),
    ("duplicate day", lambda d: _set(d, "daily_session", 2, day=d["daily_session"][0]["day"]), "daily_session[2].day: duplicate day 2026-11-20 (also daily_session[0])"),
    ("duplicate id", lambda d: _set(d, "ladder_item", 0) | {"ladder_item": d["ladder_item"] * 2}, "ladder_item[1].id: duplicate id 1"),
    ("dangling reference", lambda d: _set(d, "checkin", 1, session_id=99), "checkin[1].session_id: refers to daily_session id 99"),
    ("second checkin for a day", lambda d: _set(d, "checkin", 1, session_id=d["checkin"][0]["session_id"]), "checkin[1].session_id: duplicate session"),
]


def _set(doc: dict, table: str, index: int, **changes) -> dict:
    doc = json.loads(json.dumps(doc))
    doc[table][index].update(changes)
    return doc


@pytest.mark.parametrize(("label", "make", "message"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_files_are_refused_with_one_line_and_db_unchanged(store, journal_url, tmp_path, label, make, message, new_journal):
    fill(store)
    good = _doc(store)
    target = fresh_store(new_journal, "target.db")
    with target.session() as db:
        db.add(Setting(key="theme", value="textual-light"))
    target_before = export_json(target)
    bad = make(good)
    raw = bad if isinstance(bad, (str, bytes)) else json.dumps(bad)
    with pytest.raises(TransferError) as caught:
        parse_export(raw)
    assert message in str(caught.value)
    path = tmp_path / "bad.json"
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode())
    result = runner.invoke(app, ["--db", target.target.describe(), "import", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("coach: error: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert export_json(target) == target_before


def test_database_refusal_rolls_back_everything(store, tmp_path, new_journal):
    """A record that gets past the file checks but that SQL refuses (a CHECK constraint) writes nothing."""
    fill(store)
    doc = _doc(store)
    target = fresh_store(new_journal, "target.db")
    before = export_json(target)
    parsed = parse_export(json.dumps(doc))
    parsed.records["checkin"][2].pain = 11  # set after validation: only the database's CHECK sees it
    with pytest.raises(TransferError, match="refused by the database and nothing was written"):
        import_export(target, parsed)
    assert export_json(target) == before


def test_cli_export_json_stdout_and_file_then_import(store, journal_url, tmp_path, new_journal):
    fill(store)
    result = runner.invoke(app, ["--db", journal_url, "export"])
    assert result.exit_code == 0
    assert result.stdout == export_json(store)
    out = tmp_path / "backup.json"
    result = runner.invoke(app, ["--db", journal_url, "export", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8") == export_json(store)
    assert out.stat().st_mode & 0o777 == 0o600
    new = new_journal("new.db").describe()
    result = runner.invoke(app, ["--db", new, "import", str(out)])
    assert result.exit_code == 0, result.output
    assert "Imported 19 records" in result.stdout
    result = runner.invoke(app, ["--db", new, "import", str(out)])
    assert result.exit_code == 0
    assert "Nothing new to import" in result.stdout


def test_cli_import_missing_file_and_bad_format(tmp_path, store, journal_url):
    result = runner.invoke(app, ["--db", journal_url, "import", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "cannot read" in result.stderr
    result = runner.invoke(app, ["--db", journal_url, "export", "--format", "xml"])
    assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr
    result = runner.invoke(app, ["--db", journal_url, "export", "--format", "csv"])
    assert result.exit_code == 2 and "-o" in result.stderr


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_zip_survives_commas_quotes_newlines(store, journal_url, tmp_path):
    fill(store)
    out = tmp_path / "coach.zip"
    result = runner.invoke(app, ["--db", journal_url, "export", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == sorted(f"{name}.csv" for name in TABLES)
        checkins = _read_csv(zf.read("checkin.csv").decode("utf-8-sig"))
        reflections = _read_csv(zf.read("reflection.csv").decode("utf-8-sig"))
        settings_rows = _read_csv(zf.read("setting.csv").decode("utf-8-sig"))
    assert len(checkins) == 3
    assert checkins[0]["note"] == AWKWARD
    assert json.loads(checkins[0]["withdrawal_signs"]) == ["yawning", "sweating"]
    assert checkins[0]["peg_pain"] == ""
    assert reflections[0]["noticed"] == AWKWARD and reflections[0]["share_with_care_team"] == "true"
    assert {r["key"]: json.loads(r["value"]) for r in settings_rows} == {"day_start_hour": 3, "theme": "projector"}


def test_csv_into_a_folder(store, journal_url, tmp_path):
    fill(store)
    folder = tmp_path / "csv"
    folder.mkdir()
    result = runner.invoke(app, ["--db", journal_url, "export", "-f", "csv", "-o", str(folder)])
    assert result.exit_code == 0
    assert (folder / "medication.csv").stat().st_mode & 0o777 == 0o600
    assert (folder / "medication.csv").read_bytes().decode("utf-8-sig") == csv_tables(store)["medication.csv"]
    assert _read_csv((folder / "medication.csv").read_text(encoding="utf-8-sig"))[0]["note"] == AWKWARD


# --- property: any history round-trips -----------------------------------------------------------

small_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
scale = st.none() | st.integers(0, 10)
aware = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]),
)


@st.composite
def histories(draw):
    days = draw(st.lists(st.dates(date(2020, 1, 1), date(2030, 1, 1)), unique=True, max_size=6))
    sessions = []
    for day in days:
        sessions.append({
            "day": day,
            "started_at": draw(aware),
            "status": draw(st.sampled_from(["in_progress", "done"])),
            "checkin": draw(st.none() | st.fixed_dictionaries({
                "pain": scale, "tolerability": scale, "note": small_text,
                "withdrawal_signs": st.lists(small_text, max_size=2),
                "dose_timing": st.none() | st.sampled_from(["on_schedule", "extra_dose"]),
            })),
            "runs": draw(st.lists(st.fixed_dictionaries({
                "exercise_id": st.sampled_from(["box-breathing", "body-scan"]), "started_at": aware,
                "seconds_completed": st.integers(0, 3600), "distress_before": scale, "completed": st.booleans(),
            }), max_size=2, unique_by=lambda r: (r["exercise_id"], r["started_at"]))),
            "goal": draw(st.none() | st.fixed_dictionaries({
                "text": small_text, "planned_amount": st.none() | st.floats(0, 1000, allow_nan=False),
                "predicted_peak_pain": scale,
            })),
            "reflection": draw(st.none() | st.fixed_dictionaries({
                "noticed": small_text, "actual_peak_pain": scale, "share_with_care_team": st.booleans(),
                "outcome": st.none() | st.sampled_from(["fully", "partly", "not_today"]),
            })),
        })
    # Any value under a setting this coach knows (an unknown setting, or a value that fails its check, is refused by import;
    # export leaves out a stored value that fails its check, as every reader then uses the default). Numbers SQLite can hold.
    int64 = st.integers(-(2**63), 2**63 - 1)
    settings_ = draw(st.dictionaries(st.sampled_from(sorted(CHECKS)),
                                     st.none() | int64 | small_text | st.lists(int64, max_size=3), max_size=3))
    meds = draw(st.lists(st.fixed_dictionaries({
        "drug": st.sampled_from(["oxycodone", "morphine"]), "strength": st.floats(0.5, 200, allow_nan=False),
        "doses_per_day": st.floats(0.5, 6, allow_nan=False), "start_date": st.dates(date(2020, 1, 1), date(2030, 1, 1)),
        "steps": st.lists(st.fixed_dictionaries({
            "start_date": st.dates(date(2020, 1, 1), date(2030, 1, 1)), "strength": st.floats(0, 200, allow_nan=False),
            "doses_per_day": st.floats(0, 6, allow_nan=False)}), max_size=2,
            unique_by=lambda s: (s["start_date"], s["strength"], s["doses_per_day"])),
    }), max_size=2, unique_by=lambda m: (m["drug"], m["start_date"], m["strength"], m["doses_per_day"])))
    ladder = draw(st.lists(st.fixed_dictionaries({"name": st.text(min_size=1, max_size=20), "difficulty": st.integers(0, 100),
                                                  "created_at": aware}), max_size=2, unique_by=lambda i: (i["name"], i["created_at"])))
    return sessions, settings_, meds, ladder


def _write_history(store, history) -> None:
    sessions, settings_, meds, ladder = history
    with store.session() as db:
        for key, value in settings_.items():
            db.add(Setting(key=key, value=value))
        items = [LadderItem(**item) for item in ladder]
        db.add_all(items)
        for med in meds:
            m = Medication(**{k: v for k, v in med.items() if k != "steps"})
            db.add(m)
            db.flush()
            for step in med["steps"]:
                db.add(TaperStep(medication_id=m.id, **step))
        for s in sessions:
            row = DailySession(day=s["day"], started_at=s["started_at"], status=s["status"])
            db.add(row)
            db.flush()
            if s["checkin"] is not None:
                db.add(CheckIn(session_id=row.id, **s["checkin"]))
            for run in s["runs"]:
                db.add(ExerciseRun(session_id=row.id, **run))
            goal = None
            if s["goal"] is not None:
                goal = ExposureGoal(session_id=row.id, ladder_item_id=items[0].id if items else None, **s["goal"])
                db.add(goal)
                db.flush()
            if s["reflection"] is not None:
                db.add(Reflection(session_id=row.id, goal_id=goal.id if goal else None, **s["reflection"]))


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories())
def test_property_any_history_round_trips(tmp_path_factory, history):
    folder = tmp_path_factory.mktemp("prop")
    source = open_store(resolve_db(str(folder / "a.db")))
    target = open_store(resolve_db(str(folder / "b.db")))
    try:
        _write_history(source, history)
        first = export_json(source)
        import_export(target, parse_export(first))
        assert export_json(target) == first
        assert import_export(target, parse_export(first)).total_added == 0
        assert export_json(target) == first
    finally:
        source.close()
        target.close()


def test_corrections_travel_with_an_export_and_point_at_the_right_row(store, tmp_path, new_journal):
    from coach.store.edits import correct_field
    from coach.store.models import CheckIn, EntryEdit

    fill(store)
    when = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    with store.session() as db:
        checkin = db.exec(select(CheckIn).order_by(CheckIn.id.desc())).first()
        old = checkin.pain
        correct_field(db, "checkin", checkin.id, "pain", 2, when)
        day = db.get(DailySession, checkin.session_id).day
    document = export_json(store)
    assert json.loads(document)["entry_edit"][0]["old_value"] == old

    other = fresh_store(new_journal, "other.db")
    # Give the new database a session of its own first, so the imported ids shift.
    with other.session() as db:
        db.add(DailySession(day=date(2020, 1, 1), started_at=when))
        db.flush()
        db.add(CheckIn(session_id=db.exec(select(DailySession)).first().id, pain=9))
    import_export(other, parse_export(document))
    with other.session() as db:
        edit = db.exec(select(EntryEdit)).one()
        target = db.get(CheckIn, edit.entity_id)
        assert db.get(DailySession, target.session_id).day == day
        assert target.pain == 2 and edit.old_value == old
    assert import_export(other, parse_export(document)).total_added == 0


def test_a_correction_pointing_nowhere_is_refused(store, tmp_path):
    fill(store)
    document = json.loads(export_json(store))
    document["entry_edit"] = [
        {"id": 1, "entity": "checkin", "entity_id": 999, "field": "pain", "old_value": 3, "new_value": 4,
         "edited_at": "2026-11-25T12:00:00Z"}
    ]
    with pytest.raises(TransferError, match=r"entry_edit\[0\]\.entity_id: refers to checkin id 999"):
        parse_export(json.dumps(document))


# --- CSV that a spreadsheet cannot run (OWASP: CSV injection) -------------------------------------


@pytest.mark.parametrize("cell,expected", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-inf", "'-inf"),
    ("-3", "-3"), ("+1.5", "+1.5"), ("-0.25e3", "-0.25e3"), ("-.5", "-.5"),
    ("walked 5 minutes", "walked 5 minutes"), ("", ""), ("a=b", "a=b"),
    # Spreadsheets skip leading spaces and line feeds before a formula: still text.
    ("  =1+1", "'  =1+1"), ("\n=HYPERLINK(\"http://x\")", "'\n=HYPERLINK(\"http://x\")"), (" \n @SUM(A1)", "' \n @SUM(A1)"),
    (" +cmd", "' +cmd"), (" -3", "' -3"), ("  walked", "  walked"), ("\n", "\n"), ("   ", "   "),
])
def test_spreadsheet_safe_follows_owasp(cell, expected):
    assert spreadsheet_safe(cell) == expected


def test_csv_export_neutralises_formulas_in_every_table(store, journal_url, tmp_path):
    hostile = '=HYPERLINK("http://evil.example","click")'
    with store.session() as db:
        db.add(LadderItem(name="@SUM(A1:A9)", difficulty=30, category="-1+cmd", created_at=datetime(2026, 11, 1, tzinfo=UTC)))
        s = DailySession(day=date(2026, 11, 20), started_at=datetime(2026, 11, 20, 9, tzinfo=UTC))
        db.add(s)
        db.flush()
        db.add(CheckIn(session_id=s.id, pain=3, note=hostile, withdrawal_signs=["=1+1"]))
        db.add(Setting(key="theme", value="=2+2"))
    out = tmp_path / "coach.zip"
    result = runner.invoke(app, ["--db", journal_url, "export", "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        cells = [cell for name in zf.namelist() for row in csv.reader(io.StringIO(zf.read(name).decode("utf-8-sig")))
                 for cell in row]
    assert "'" + hostile in cells and "'@SUM(A1:A9)" in cells and "'-1+cmd" in cells
    assert "3" in cells  # numbers stay numbers
    assert not [c for c in cells if c[:1] in ("=", "@", "\t", "\r") or (c[:1] in ("+", "-") and not c[1:2].isdigit())]


def test_ladder_ratings_round_trip_and_older_exports_without_them_import(store, new_journal):
    """Schema 3 added ladder_rating: its rows export and import (once: a re-import keeps them), and an
    export of schema 1 or 2, which has no such table, still imports."""
    from datetime import date

    from coach.store.ladder_ratings import ratings_by_item, save_ratings
    from coach.store.models import LadderItem

    fill(store)
    with store.session() as db:
        item = db.exec(select(LadderItem)).first()
        save_ratings(db, date(2026, 11, 1), {item.id: 70}, datetime(2026, 11, 1, 9, tzinfo=timezone.utc))
        save_ratings(db, date(2026, 11, 15), {item.id: 45}, datetime(2026, 11, 15, 9, tzinfo=timezone.utc))
    doc = json.loads(export_json(store))
    assert [r["difficulty"] for r in doc["ladder_rating"]] == [70, 45]
    other = fresh_store(new_journal, "other.db")
    assert import_export(other, parse_export(json.dumps(doc))).added["ladder_rating"] == 2
    assert import_export(other, parse_export(json.dumps(doc))).kept["ladder_rating"] == 2
    with other.session() as db:
        assert list(ratings_by_item(db).values()) == [[(date(2026, 11, 1), 70), (date(2026, 11, 15), 45)]]
    old = {key: value for key, value in doc.items() if key != "ladder_rating"}
    for schema in (1, 2):
        third = fresh_store(new_journal, f"schema{schema}.db")
        result = import_export(third, parse_export(json.dumps({**old, "schema": schema})))
        assert result.total_added == 2 + 1 + 1 + 1 + 3 + 3 + 4 + 2 + 2 and result.added["ladder_rating"] == 0


def test_the_care_team_notes_travel_in_an_export(store, new_journal):
    """Naloxone at home, other sedating medicines and questions for the visit are settings (issue 23.11):
    no schema change, and they go out with an export and come back in with an import."""
    from coach.store.settings import read_setting, save_setting

    with store.session() as db:
        save_setting(db, "naloxone_at_home", "yes")
        save_setting(db, "sedating_medicines", "  a sleeping pill  ")
        save_setting(db, "visit_questions", "Can we slow the next step?")
    other = fresh_store(new_journal, "notes.db")
    import_export(other, parse_export(export_json(store)))
    with other.session() as db:
        assert read_setting(db, "naloxone_at_home") == "yes"
        assert read_setting(db, "sedating_medicines") == "a sleeping pill"
        assert read_setting(db, "visit_questions") == "Can we slow the next step?"
