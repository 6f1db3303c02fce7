"""The synthetic demo history: deterministic, plausible, fast, and never near the user's real data."""

from __future__ import annotations

import time
from datetime import date, timedelta, timezone
from pathlib import Path
from statistics import mean

import pytest
from sqlalchemy import func
from sqlmodel import select

from coach.demo import history as demo
from coach.domain.scales import tolerability_band
from coach.paths import resolve_db
from coach.store import StoreError
from coach.store.engine.db import open_store
from coach.store.models import CheckIn, DailySession, ExposureGoal, LadderItem, Reflection, TaperStep
from tests.conftest import FIXED_NOW

END = date(2026, 11, 24)
UTC5 = FIXED_NOW.tzinfo


@pytest.fixture(scope="module")
def params() -> demo.DemoParams:
    return demo.load_params()


@pytest.fixture(scope="module")
def course(params) -> demo.DemoHistory:
    return demo.generate(params, end=END, tz=UTC5)


def test_same_seed_same_history(params):
    a = demo.generate(params, end=END, tz=UTC5)
    b = demo.generate(params, end=END, tz=UTC5)
    assert list(a.tables()) == list(b.tables())
    other = demo.generate(params, end=END, tz=UTC5, seed=params.seed + 1)
    assert other.checkins != a.checkins


def test_default_is_a_twelve_week_course_ending_yesterday(course):
    assert course.end == END
    assert (course.end - course.start).days + 1 == 84
    days = [s["day"] for s in course.sessions]
    assert days == sorted(set(days))
    assert days[-1] <= END
    # some days missed, most practised
    assert 60 <= len(days) < 84


def test_values_stay_in_range(course):
    for row in course.checkins:
        for key in ("pain", "tolerability", "distress", "sleep", "mood"):
            assert 0 <= row[key] <= 10
        assert row["red_flags"] == []
    for row in course.exercise_runs:
        assert 0 <= row["distress_before"] <= 10
        assert row["distress_after"] is None or row["distress_after"] <= row["distress_before"]
    for row in course.goals:
        assert 0 <= row["predicted_peak_pain"] <= 10 and 0 <= row["feared_likelihood"] <= 100
    for row in course.reflections:
        if row["actual_peak_pain"] is not None:
            assert 0 <= row["actual_peak_pain"] <= 10 and 0 <= row["feared_happened"] <= 100


def _weekly(course, rows, key):
    by_session = {s["id"]: s["day"] for s in course.sessions}
    weeks: dict[int, list[int]] = {}
    for row in rows:
        if row[key] is not None:
            weeks.setdefault((by_session[row["session_id"]] - course.start).days // 7, []).append(row[key])
    return [mean(v) for _, v in sorted(weeks.items())]


def test_tolerability_moves_from_intolerable_toward_livable_with_setbacks(course):
    weekly = _weekly(course, course.checkins, "tolerability")
    assert len(weekly) == 12
    assert tolerability_band(mean(weekly[:2])) == "intolerable"
    assert mean(weekly[-2:]) >= 5.5
    # not a straight line: at least one week worse than the one before (the flare, setbacks)
    assert any(b < a for a, b in zip(weekly, weekly[1:]))


def test_expectancy_gap_shrinks(course):
    reflections = {r["goal_id"]: r for r in course.reflections}
    gaps = [
        g["predicted_peak_pain"] - reflections[g["id"]]["actual_peak_pain"]
        for g in course.goals
        if g["id"] in reflections and reflections[g["id"]]["actual_peak_pain"] is not None
    ]
    third = len(gaps) // 3
    assert mean(gaps[:third]) > mean(gaps[-third:]) + 0.5


def test_ladder_climbed_gradually(course, params):
    rungs = [g["ladder_item_id"] for g in course.goals]
    assert rungs[0] == 1
    assert len(params.ladder) - 3 <= max(rungs) <= len(params.ladder)
    # one rung at a time, and each rung practised more than once
    climbs = [b - a for a, b in zip(rungs, rungs[1:]) if b != a]
    assert all(abs(step) == 1 for step in climbs)
    assert all(rungs.count(r) >= 3 for r in set(rungs))


def test_taper_steps_at_most_ten_percent_a_month_with_a_hold(params):
    history = demo.generate(params, days=3650, end=END, tz=UTC5)
    steps = history.taper_steps
    assert steps[0]["strength"] == params.taper.strength_mg
    assert len(steps) >= 4
    for a, b in zip(steps, steps[1:]):
        assert b["strength"] < a["strength"]
        assert (a["strength"] - b["strength"]) / a["strength"] <= 0.10 + 1e-9
        assert (b["start_date"] - a["start_date"]).days >= 30
    assert any(s["note"] == demo.HOLD_NOTE for s in steps)


def test_twelve_week_taper_has_a_pause_and_a_step_ahead(course):
    starts = [s["start_date"] for s in course.taper_steps]
    gaps = [(b - a).days for a, b in zip(starts, starts[1:])]
    assert max(gaps) > 30  # held during the week-7 flare
    assert starts[-1] > course.end  # the next agreed step is still ahead


def test_ten_years_generate_and_save_in_seconds(tmp_path: Path):
    target = tmp_path / "bench.db"
    began = time.process_time()  # CPU time: other processes on a loaded machine do not count
    history = demo.save_demo(target, days=3650, now=FIXED_NOW)
    elapsed = time.process_time() - began
    assert elapsed < 5, f"3650 days took {elapsed:.2f}s"
    assert (history.end - history.start).days + 1 == 3650
    store = open_store(resolve_db(str(target)))
    try:
        with store.session() as db:
            days = db.exec(select(DailySession.day).order_by(DailySession.day)).all()
            assert len(days) == len(history.sessions) > 3000
            assert days[0] >= history.start and days[-1] == FIXED_NOW.date() - timedelta(days=1)
            assert db.exec(select(func.count()).select_from(CheckIn)).one() == len(days)
            assert db.exec(select(func.count()).select_from(Reflection)).one() == len(history.reflections)
            assert db.exec(select(func.count()).select_from(ExposureGoal)).one() == len(history.goals)
            assert db.exec(select(func.count()).select_from(TaperStep)).one() == len(history.taper_steps)
    finally:
        store.close()


def test_save_refuses_to_overwrite(tmp_path: Path):
    target = tmp_path / "existing.db"
    target.write_bytes(b"precious")
    with pytest.raises(StoreError, match="already exists"):
        demo.save_demo(target, days=10, now=FIXED_NOW)
    assert target.read_bytes() == b"precious"


def test_demo_store_is_in_memory_and_filled():
    store = demo.build_demo_store(now=FIXED_NOW)
    try:
        assert store.target.in_memory and store.target.path is None
        with store.session() as db:
            assert db.exec(select(func.count()).select_from(LadderItem)).one() == 8
            last = db.exec(select(func.max(DailySession.day))).one()
            assert last == date(2026, 11, 24)
            # every row reads back through the models (enums, JSON lists, dates)
            from coach.store import models

            for model in (models.Medication, TaperStep, LadderItem, DailySession, CheckIn, models.ExerciseRun,
                          ExposureGoal, Reflection):
                rows = db.exec(select(model)).all()
                assert rows, model.__name__
            assert {c.dose_timing for c in db.exec(select(CheckIn))} <= set(models.DoseTiming)
            assert {s.status for s in db.exec(select(DailySession))} == {models.SessionStatus.DONE}
            # the taper screen's pace note knows how long the synthetic person has been on opioids
            from coach.store.taper import load_plan

            assert load_plan(db).duration == "a_year_or_more"
    finally:
        store.close()


def test_write_refuses_a_store_with_only_a_setting(store):
    from coach.store.repo import set_setting

    with store.session() as db:
        set_setting(db, "opioid_duration", "under_a_year")
    with pytest.raises(StoreError, match="empty database"):
        demo.write_history(store, demo.generate(demo.load_params(), days=5, end=END, tz=timezone.utc))


def test_write_refuses_a_store_with_entries(store):
    history = demo.generate(demo.load_params(), days=5, end=END, tz=timezone.utc)
    demo.write_history(store, history)
    with pytest.raises(StoreError, match="empty database"):
        demo.write_history(store, history)


def test_days_out_of_range_is_a_clear_error(params):
    with pytest.raises(StoreError, match="--days"):
        demo.generate(params, days=0, end=END, tz=UTC5)


def test_bad_parameter_file_is_one_line(tmp_path: Path):
    bad = tmp_path / "demo.toml"
    bad.write_text('seed = "x"\n')
    with pytest.raises(StoreError) as info:
        demo.load_params(bad)
    assert "\n" not in str(info.value)


def test_a_saved_demo_opens_on_home_not_the_welcome_tour(tmp_path):
    import sqlite3

    from typer.testing import CliRunner

    from coach.cli.main import app

    path = tmp_path / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--days", "14", "--save", str(path)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    value = conn.execute("SELECT value FROM setting WHERE key = 'onboarding_done'").fetchone()
    conn.close()
    assert value is not None and value[0] in ("true", "1", 1)


def test_the_demo_parameters_ship_inside_the_package():
    """An installed wheel has no data/ folder: the parameters are read through coach/content/demo.toml,
    a link to data/demo.toml that the build copies into the package like the other content files."""
    from pathlib import Path

    import coach
    from coach.demo.params import DEFAULT_PARAMS_PATH, load_params

    package = Path(coach.__file__).resolve().parent
    assert DEFAULT_PARAMS_PATH.parent == package / "content"
    root = package.parent
    assert DEFAULT_PARAMS_PATH.read_bytes() == (root / "data" / "demo.toml").read_bytes()
    assert load_params().ladder
