"""Plain reading: `coach today`, `history`, `progress`, `learn`, `taper` as plain lines, and --json for scripts."""

from __future__ import annotations

import json
from datetime import timedelta

from typer.testing import CliRunner

from coach.cli.main import app
from coach.content import load_learn_cards
from coach.plain.parts import day_words
from coach.store.sessions import record_checkin, record_goal, record_reflection, set_current_step
from coach.store.taper import add_medication, add_step
from tests.conftest import FIXED_NOW, coach_today

runner = CliRunner()


def _run(db_path, *args: str):
    result = runner.invoke(app, ["--db", str(db_path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _two_days(store):
    today = coach_today()
    with store.session() as db:
        record_checkin(db, today - timedelta(days=1), FIXED_NOW, pain=6, tolerability=3, distress=5, sleep=5, mood=5)
        record_goal(db, today - timedelta(days=1), FIXED_NOW, text="stairs", predicted_peak_pain=7,
                    predicted_tolerability=4)
        record_reflection(db, today - timedelta(days=1), FIXED_NOW, outcome="fully", actual_peak_pain=5,
                          actual_tolerability=6)
        set_current_step(db, today - timedelta(days=1), FIXED_NOW, "summary")
        record_checkin(db, today, FIXED_NOW, pain=4, tolerability=7, distress=2, sleep=7, mood=7)
    return today


def test_today_says_the_steps_and_what_is_left(store, db_path):
    today = _two_days(store)
    lines = _run(db_path, "today").splitlines()
    assert lines[0] == f"{day_words(today)}, day 2 of practice: check-in done."
    assert lines[1:5] == ["  Check-in: done", "  Exercise: to do", "  Exposure goal: to do",
                          "  How did it go?: after your goal"]
    assert "Check-in: pain 4, tolerability 7, distress 2, sleep 7, mood 7." in lines
    view = json.loads(_run(db_path, "today", "--json"))
    assert view["left"] == ["Exercise", "Exposure goal", "How did it go?"] and view["checkin"]["pain"] == 4


def test_history_lists_days_newest_first(store, db_path):
    today = _two_days(store)
    lines = _run(db_path, "history", "--days", "7").splitlines()
    assert lines[0].startswith(f"{today:%a} {today.day} ") and "started, tolerability 7, pain 4" in lines[0]
    assert lines[1].endswith("done, tolerability 3, pain 6, goal: did it")
    rows = json.loads(_run(db_path, "history", "--json", "--days", "1"))
    assert [row["day"] for row in rows] == [today.isoformat()]


def test_progress_is_trend_sentences(store, db_path):
    _two_days(store)
    out = _run(db_path, "progress", "--days", "14")
    assert "2 sessions" not in out and "1 session done of 2 started." in out
    assert "Tolerability averaged 5.0 out of 10 (tolerable)" in out
    assert "The pain you expected was 2.0 points higher than the pain you met, on average." in out
    data = json.loads(_run(db_path, "progress", "--json"))
    assert data["summary"]["sessions_started"] == 2 and data["sentences"][0].startswith("From ")


def test_learn_lists_cards_and_reads_one(store, db_path):
    cards = load_learn_cards()
    listing = _run(db_path, "learn")
    assert all(card.id in listing for card in cards)
    card = cards[0]
    out = _run(db_path, "learn", card.id)
    assert out.splitlines()[0] == card.title and "Sources: " in out
    bad = runner.invoke(app, ["learn", "no-such-card"])
    assert bad.exit_code == 2 and bad.stderr == "coach: error: no learn card called 'no-such-card'; coach learn lists them\n"


def test_taper_prints_the_agreed_plan(store, db_path):
    today = coach_today()
    assert _run(db_path, "taper").startswith("No taper plan recorded.")
    with store.session() as db:
        med = add_medication(db, "oxycodone", 10, 3, today - timedelta(days=400))
        add_step(db, med, today - timedelta(days=20), 9, 3)
    lines = _run(db_path, "taper").splitlines()
    assert lines[0] == "Your taper plan, as agreed with your prescriber:"
    assert lines[1].startswith("  Oxycodone since ") and "(45 MME/day)" in lines[1]
    assert "Oxycodone 9 mg × 3 a day, 40.5 MME/day in all, -10%" in lines[2]
    assert json.loads(_run(db_path, "taper", "--json"))["steps"][0]["total_mme_per_day"] == 40.5
