"""An exercise done on a day belongs to that day wherever it was started (the daily session, Exercises,
`coach exercise`), and its length is said the same way everywhere (issue 17)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlmodel import select
from typer.testing import CliRunner

from coach.content import load_exercises
from coach.domain.durations import format_duration, planned_length
from coach.domain.exercise_session import ExerciseSession
from coach.store.exercises import create_exercise_run, update_exercise_run
from coach.store.queries.history import day_record, history_rows
from coach.store.models import DailySession, ExerciseRun
from coach.store.repo import set_setting, start_or_resume_session
from coach.store.queries.stats import Period, summary
from tests.conftest import FIXED_NOW, coach_today, settle

TODAY = FIXED_NOW.date()


def _today_session_with_one_run(store) -> int:
    """Today's session started in the wizard, its Exercise step done with a whole paced breathing."""
    with store.session() as db:
        session = start_or_resume_session(db, TODAY, FIXED_NOW - timedelta(hours=1))
        run = create_exercise_run(db, "paced-breathing", FIXED_NOW - timedelta(minutes=50), session_id=session.id)
        update_exercise_run(db, run, seconds_completed=300, completed=True)
        return session.id


async def _practise_from_exercises(pilot, seconds: int) -> None:
    """`e` from Home, Enter on the first exercise (box breathing), Start, `seconds` of practice, Finish, Done."""
    app = pilot.app
    await pilot.press("e")
    await settle(pilot)
    await pilot.press("enter")
    await pilot.press("ctrl+s")
    await settle(pilot)
    app.screen.session.tick(seconds)
    await pilot.press("f")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


def _period() -> Period:
    return Period(TODAY - timedelta(days=29), TODAY)


async def test_an_exercise_from_the_library_counts_on_the_day_of_the_session(make_test_app, store):
    session_id = _today_session_with_one_run(store)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _practise_from_exercises(pilot, 22)
        assert type(app.screen).__name__ == "ExercisesScreen"
    with store.session() as db:
        runs = list(db.exec(select(ExerciseRun).order_by(ExerciseRun.started_at)))
        assert [r.session_id for r in runs] == [session_id, session_id]
        [row] = history_rows(db)
        assert (row.day, row.exercises) == (TODAY, 2)
        record = day_record(db, TODAY)
        assert [r.exercise_id for r in record.runs] == ["paced-breathing", "box-breathing"]
        totals = summary(db, _period(), TODAY)
    # Both practised, one to the end; 5 min + 22 s of practice.
    assert (totals.exercises_done, totals.exercises_completed, totals.exercise_seconds) == (2, 1, 322)


async def test_an_exercise_on_a_day_without_a_session_starts_that_day(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _practise_from_exercises(pilot, 40)
    with store.session() as db:
        [session] = db.exec(select(DailySession)).all()
        [run] = db.exec(select(ExerciseRun)).all()
        assert (session.day, run.session_id) == (TODAY, session.id)
        [row] = history_rows(db)
        assert (row.day, row.exercises, row.done) == (TODAY, 1, False)


def test_runs_an_older_coach_saved_without_a_session_count_on_their_coach_day(store):
    """Rows already saved with no session are not rewritten: the queries place them on the coach day they
    started (the day-start hour included), in History, the day view and the stats."""
    with store.session() as db:
        set_setting(db, "day_start_hour", 4)
        yesterday = TODAY - timedelta(days=1)
        start_or_resume_session(db, yesterday, FIXED_NOW - timedelta(days=1))
        start_or_resume_session(db, TODAY, FIXED_NOW)
        # 02:30 on the 25th (this machine's time) is still the 24th's coach day; 09:00 is the 25th's.
        for started, seconds in ((datetime(2026, 11, 25, 2, 30), 22), (datetime(2026, 11, 25, 9, 0), 90)):
            started = started.astimezone()
            db.add(ExerciseRun(exercise_id="box-breathing", started_at=started, seconds_completed=seconds))
    with store.session() as db:
        rows = {row.day: row.exercises for row in history_rows(db)}
        assert rows == {TODAY: 1, yesterday: 1}
        assert [r.seconds_completed for r in day_record(db, yesterday).runs] == [22]
        assert [r.seconds_completed for r in day_record(db, TODAY).runs] == [90]
        assert summary(db, Period(yesterday, yesterday), TODAY).exercise_seconds == 22


def test_coach_stats_counts_exercises_stopped_early(store, db_path):
    from coach.cli.main import app

    with store.session() as db:
        for seconds in (22, 20):
            run = create_exercise_run(db, "box-breathing", datetime.now().astimezone(), day=coach_today())
            update_exercise_run(db, run, seconds_completed=seconds)
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["--db", str(db_path), "stats", "--json"]).stdout)
    assert (data["exercises_done"], data["exercises_completed"], data["exercise_seconds"]) == (2, 0, 42)
    table = runner.invoke(app, ["--db", str(db_path), "stats"]).stdout
    line = next(line for line in table.splitlines() if "Exercises done" in line)
    assert " 2 " in line and "42 s" in line and "0 to the end" in line


def test_format_duration_shows_seconds_under_a_minute():
    assert [format_duration(s) for s in (0, 22, 59.9, 60, 176, 600, 3600, 18720)] == [
        "0 s", "22 s", "59 s", "1 min", "2 min 56 s", "10 min", "1 h", "5 h 12 min",
    ]


def test_history_says_seconds_for_a_short_run():
    from coach.screens.history import run_lines
    from coach.store.queries.history import DayRecord

    run = ExerciseRun(exercise_id="box-breathing", started_at=FIXED_NOW, seconds_completed=22)
    record = DayRecord(DailySession(day=TODAY, started_at=FIXED_NOW), None, [run], None, None, None)
    [line] = run_lines(record, {"box-breathing": "Box breathing"}, FIXED_NOW.tzinfo)
    assert line.plain == "09:30 Box breathing · 22 s · stopped early"


def test_three_minutes_of_box_breathing_is_whole_breaths_and_every_list_says_so():
    from coach.cli.main import app
    from coach.screens.exercises import exercise_prompt

    box = load_exercises()["box-breathing"]
    played = ExerciseSession(box, 3)
    assert (played.cycles, played.total) == (10, 176)  # 16 s of opening words, then ten 16-second breaths
    assert planned_length(box, 3) == "10 breaths, about 3 min"
    listing = CliRunner().invoke(app, ["exercise", "--list", "--minutes", "3"]).stdout
    assert any(line.startswith("box-breathing ") and "10 breaths, about 3 min" in line for line in listing.splitlines())
    assert "10 breaths, about 3 min" in exercise_prompt(box, 3).plain
    assert planned_length(load_exercises()["body-scan"]) == "about 8 min"
