"""The suite's date logic at the hours that once broke it: 02:30 (before the 04:00 day start, when coach's day
is still yesterday), 23:59, and both DST changes, with the clock pinned by time-machine in New York time."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from typer.testing import CliRunner

from coach.cli.main import app
from coach.domain.days import coach_day, local_now
from coach.store.engine.db import open_store
from coach.store.exercises import create_exercise_run, update_exercise_run
from coach.store.sessions import record_checkin
from tests.conftest import coach_today
from tests.unit.test_stats import build_history

NEW_YORK = ZoneInfo("America/New_York")
TESTS = Path(__file__).resolve().parents[1]

# (local wall time in New York, coach's day then)
MOMENTS = {
    "02:30": (datetime(2026, 12, 8, 2, 30, tzinfo=NEW_YORK), date(2026, 12, 7)),
    "23:59": (datetime(2026, 12, 8, 23, 59, tzinfo=NEW_YORK), date(2026, 12, 8)),
    # Spring forward: 02:00 EST becomes 03:00 EDT on 8 March 2026; 03:30 is still before the day start.
    "dst-spring-03:30": (datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK), date(2026, 3, 7)),
    "dst-spring-04:30": (datetime(2026, 3, 8, 4, 30, tzinfo=NEW_YORK), date(2026, 3, 8)),
    # Fall back: 02:00 EDT becomes 01:00 EST on 1 November 2026; 01:30 comes twice (fold=1 is the second).
    "dst-fall-01:30-again": (datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK), date(2026, 10, 31)),
    "dst-fall-04:00": (datetime(2026, 11, 1, 4, 0, tzinfo=NEW_YORK), date(2026, 11, 1)),
}


@pytest.fixture(params=sorted(MOMENTS), ids=sorted(MOMENTS))
def moment(request):
    """The process in New York time, its clock pinned at one of the MOMENTS; yields coach's day then."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    when, day = MOMENTS[request.param]
    try:
        with time_machine.travel(when, tick=False):
            yield day
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def test_coach_day_and_the_suites_helper_agree_at_every_moment(moment):
    assert local_now().tzinfo is not None
    assert coach_day(local_now()) == moment
    assert coach_today() == moment


def test_stats_counts_to_coachs_day(moment, store, db_path):
    build_history(store, 40, end=coach_today(), skip_every=10)
    result = CliRunner().invoke(app, ["--db", str(db_path), "stats", "--days", "30", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["end"] == moment.isoformat() and data["sessions_done"] == 27


def test_report_period_from_a_date_counts_coachs_days(moment, store, db_path, tmp_path):
    build_history(store, 10, end=coach_today())
    out = tmp_path / "range.html"
    first = (coach_today() - timedelta(days=5)).isoformat()
    result = CliRunner().invoke(app, ["--db", str(db_path), "report", "-o", str(out), "--from", first])
    assert result.exit_code == 0, result.output
    assert "(6 days)" in out.read_text(encoding="utf-8")


def test_an_exercise_and_a_checkin_land_on_coachs_day(moment, store, db_path):
    with store.session() as db:
        run = create_exercise_run(db, "box-breathing", local_now(), day=coach_today())
        update_exercise_run(db, run, seconds_completed=30)
        record_checkin(db, coach_today(), local_now(), pain=5, tolerability=6, distress=4, sleep=5, mood=6)
    store.close()
    data = json.loads(CliRunner().invoke(app, ["--db", str(db_path), "stats", "--days", "1", "--json"]).stdout)
    assert data["end"] == moment.isoformat() and data["exercises_done"] == 1
    status = CliRunner().invoke(app, ["--db", str(db_path), "status"]).stdout
    assert status.startswith("day 1 · today: ") and "tolerability 6/10" in status, status
    reopened = open_store(store.target)
    try:
        with reopened.session() as db:
            from coach.store.queries.history import history_rows

            assert [row.day for row in history_rows(db)] == [moment]
    finally:
        reopened.close()


def test_no_test_asks_the_wall_clock_for_today():
    """`date.today()` is the calendar date, which before the day-start hour is not coach's day: tests use
    coach_today() (tests/conftest.py) or a fixed date."""
    offenders = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in TESTS.rglob("*.py")
        if path.name != "test_clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bdate\.today\(\)", line)
    ]
    assert offenders == []
