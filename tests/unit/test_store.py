"""Storage: round trips, ranges enforced in Python and SQL, pragmas, permissions, schema marking."""

from __future__ import annotations

import stat
from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from coach.paths import resolve_db
from coach.store import APPLICATION_ID, SCHEMA_VERSION
from coach.store.engine.db import open_store
from coach.store.models import (
    CheckIn,
    DailySession,
    DoseTiming,
    ExerciseRun,
    ExposureGoal,
    LadderItem,
    Medication,
    NextStep,
    Outcome,
    Reflection,
    TaperStep,
)
from coach.store.repo import (
    all_settings,
    get_setting,
    practice_day_count,
    set_setting,
    start_or_resume_session,
)
from tests.conftest import FIXED_NOW


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines


def test_every_model_round_trips(store, db_target):
    with store.session() as db:
        session = start_or_resume_session(db, date(2026, 11, 25), FIXED_NOW)
        item = LadderItem(name="Carry shopping", difficulty=55, category="household", created_at=FIXED_NOW)
        db.add(item)
        db.flush()
        db.add(
            CheckIn(
                session_id=session.id, pain=6, tolerability=4, distress=5, sleep=3, mood=5,
                dose_timing=DoseTiming.ON_SCHEDULE, withdrawal_signs=["yawning"], note="a, \"quoted\"\nnote",
                peg_pain=6, peg_enjoyment=5, peg_activity=7,
            )
        )
        db.add(ExerciseRun(session_id=session.id, exercise_id="box-breathing", started_at=FIXED_NOW,
                           seconds_completed=180, distress_before=6, distress_after=4, completed=True))
        goal = ExposureGoal(session_id=session.id, ladder_item_id=item.id, planned_amount=10,
                            predicted_peak_pain=7, predicted_tolerability=4, feared_outcome="a flare",
                            feared_likelihood=70)
        db.add(goal)
        db.flush()
        db.add(Reflection(session_id=session.id, goal_id=goal.id, outcome=Outcome.PARTLY, actual_peak_pain=6,
                          actual_tolerability=5, feared_happened=10, extra_dose=False, next_step=NextStep.REPEAT))
        med = Medication(drug="oxycodone", strength=10, doses_per_day=3, start_date=date(2026, 1, 1))
        db.add(med)
        db.flush()
        db.add(TaperStep(medication_id=med.id, start_date=date(2026, 12, 1), strength=10, doses_per_day=2.5))
    store.close()

    reopened = open_store(db_target)
    with reopened.session() as db:
        checkin = db.exec(select(CheckIn)).one()
        assert checkin.withdrawal_signs == ["yawning"]
        assert checkin.note == 'a, "quoted"\nnote'
        assert checkin.dose_timing is DoseTiming.ON_SCHEDULE or checkin.dose_timing == "on_schedule"
        assert db.exec(select(Reflection)).one().outcome == Outcome.PARTLY
        assert db.exec(select(TaperStep)).one().doses_per_day == 2.5
        session = db.exec(select(DailySession)).one()
        assert session.started_at.utcoffset() is not None
        assert practice_day_count(db) == 1
    reopened.close()


def test_one_session_per_day(store):
    with store.session() as db:
        first = start_or_resume_session(db, date(2026, 11, 25), FIXED_NOW)
        again = start_or_resume_session(db, date(2026, 11, 25), FIXED_NOW)
        assert first.id == again.id
    with pytest.raises(IntegrityError):
        with store.session() as db:
            db.add(DailySession(day=date(2026, 11, 25), started_at=FIXED_NOW))


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (CheckIn, "pain", 11),
        (CheckIn, "tolerability", -1),
        (ExerciseRun, "distress_after", 12),
        (LadderItem, "difficulty", 101),
        (ExposureGoal, "feared_likelihood", 150),
        (Reflection, "actual_tolerability", 11),
        (Medication, "strength", 0),
    ],
)
def test_ranges_are_validated_at_the_model(model, field, value):
    with pytest.raises(ValidationError):
        model.model_validate({field: value, "session_id": 1, "name": "x", "difficulty": 1, "drug": "morphine",
                              "strength": 1, "doses_per_day": 1, "start_date": date(2026, 1, 1),
                              "exercise_id": "x", "started_at": FIXED_NOW, "created_at": FIXED_NOW} | {field: value})


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE checkin SET pain = 11",
        "UPDATE checkin SET sleep = -1",
        "UPDATE checkin SET mood = 42",
    ],
)
def test_ranges_are_checked_by_the_database_too(store, sql):
    from sqlalchemy.exc import IntegrityError

    with store.session() as db:
        session = start_or_resume_session(db, date(2026, 11, 25), FIXED_NOW)
        db.add(CheckIn(session_id=session.id, pain=3))
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.exec_driver_sql(sql)


@pytest.mark.sqlite_only
def test_pragmas_permissions_and_marking(store, db_path, tmp_path):
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    assert store.schema_version() == SCHEMA_VERSION


def test_default_location_is_private(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    target = resolve_db(None)
    assert target.is_default and target.path is not None
    assert str(target.path).startswith(str(tmp_path / "data-home"))
    s = open_store(target)
    s.close()
    assert stat.S_IMODE(target.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.path.stat().st_mode) == 0o600


def test_coach_db_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_DB", str(tmp_path / "env.db"))
    assert resolve_db(None).path == tmp_path / "env.db"
    assert resolve_db(str(tmp_path / "flag.db")).path == tmp_path / "flag.db"
    assert resolve_db(f"sqlite:///{tmp_path}/url.db").path == tmp_path / "url.db"
    assert resolve_db(":memory:").in_memory


def test_in_memory_store_works_across_threads():
    import threading

    s = open_store(resolve_db(":memory:"))

    def write():
        with s.session() as db:
            start_or_resume_session(db, date(2026, 1, 2), FIXED_NOW)

    t = threading.Thread(target=write)
    t.start()
    t.join()
    with s.session() as db:
        assert practice_day_count(db) == 1


def test_settings_default_then_persist(store):
    with store.session() as db:
        assert get_setting(db, "day_start_hour") == 4
        set_setting(db, "day_start_hour", 3)
        set_setting(db, "reduced_motion", True)
    with store.session() as db:
        values = all_settings(db)
    assert values["day_start_hour"] == 3 and values["reduced_motion"] is True


def test_foreign_keys_enforced(store):
    with pytest.raises(IntegrityError):
        with store.session() as db:
            db.add(CheckIn(session_id=999, pain=2))
