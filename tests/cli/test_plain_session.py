"""`coach session --plain`: the whole day as numbered plain questions in a real terminal and through a pipe,
each answer saved as given; plain on its own under TERM=dumb, COACH_PLAIN=1 or a piped stdout; no ESC byte."""

from __future__ import annotations

import pytest

import os
import signal
import subprocess
import sys
from datetime import timedelta

from coach.content import safety
from coach.store.engine.db import open_store
from coach.store.queries.status import status_text
from coach.store.sessions import load_session
from coach.paths import resolve_db
from tests.conftest import coach_today
from tests.pty_terminal import ROOT, Terminal

PLAIN_ENV = {"TERM": "dumb", "NO_COLOR": "1"}


def _day(db_path):
    store = open_store(resolve_db(str(db_path)))
    try:
        with store.session() as db:
            return load_session(db, coach_today())
    finally:
        store.close()


class Walk:
    """One answer after each question, waiting for the question's own line first."""

    def __init__(self, term: Terminal) -> None:
        self.term, self.mark = term, 0

    def answer(self, question: bytes, typed: bytes) -> None:
        self.mark = self.term.wait_past(question, after=self.mark)
        self.term.send(typed + b"\n")

    def sees(self, text: bytes) -> None:
        self.mark = self.term.wait_past(text, after=self.mark)


@pytest.mark.slow  # a walk of every screen (or of the whole day): in `make test`, not `make check`
def test_the_whole_plain_day_in_a_terminal(db_path):
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db_path), "session", "--plain"])
    walk = Walk(term)
    try:
        walk.answer(b"1. Pain right now, 0 = no pain, 10 = worst pain you can imagine: ", b"6")
        walk.answer(b"2. How tolerable is the pain right now? 0 = intolerable, 10 = easy to live with: ", b"11")
        walk.sees(b"Please type a whole number from 0 to 10.")
        walk.answer(b"2. How tolerable is the pain right now?", b"4")
        walk.answer(b"3. Alarm or distress right now, 0 = calm, no alarm, 10 = full alarm: ", b"help")
        walk.sees(safety.EMERGENCY_TITLE.encode())
        walk.sees(b"988")
        walk.answer(b"3. Alarm or distress right now", b"5")
        walk.answer(b"4. Sleep last night", b"7")
        walk.answer(b"5. Mood today", b"6")
        walk.answer(b"Type a number from 1 to 5, or Enter to skip: ", b"1")
        walk.answer(b"Type the numbers that apply, separated by commas, or Enter for none: ", b"1,10")
        walk.answer(b"Type the numbers that apply, separated by commas, or Enter for none: ", b"")
        walk.sees(b"Once a week: three questions about the past 7 days")
        walk.answer(b"9. What number best describes your pain on average in the past week? 0 = no pain", b"5")
        walk.answer(b"10. What number best describes how", b"6")
        walk.answer(b"11. What number best describes how", b"4")
        walk.answer(b"12. Anything else about today? (optional):", b"a slow start")
        walk.sees(b"Saved today's check-in")
        walk.answer(b"13. Which exercise? Enter goes on without one:", b"paced-breathing")
        walk.answer(b"14. How loud is the alarm in your body right now? 0 = calm, no alarm, 10 = full alarm: ", b"6")
        walk.sees(b"Breath 1 of ")
        term.proc.send_signal(signal.SIGINT)  # Ctrl+C: stop the exercise early
        walk.sees(b"You stopped early, and that is fine.")
        walk.answer(b"15. How loud is the alarm now?", b"3")
        walk.answer(b"16. Today's activity, in your own words", b"walk to the post box")
        walk.answer(b"17. How much? A number (optional):", b"10")
        walk.answer(b"Type a number from 1 to 3, or Enter to skip: ", b"1")
        walk.answer(b"19. Highest pain you expect during it", b"7")
        walk.answer(b"20. How tolerable you expect it to be", b"5")
        walk.answer(b"21. What are you afraid might happen?", b"my back locks")
        walk.answer(b"22. How likely does that feel? 0% = sure it won't happen, 100% = sure it will: ", b"60")
        walk.answer(b"23. To add it to your ladder: how hard does it feel?", b"")
        walk.answer(b"24. Have you done the activity already?", b"")
        walk.sees(b"Come back later today")
        output = term.finish()
    finally:
        term.close()
    assert term.proc.returncode == 0, output
    assert "\r\x1b" not in output and "\x1b[" not in output  # no cursor movement, no colour
    day = _day(db_path)
    assert {k: day.checkin[k] for k in ("pain", "tolerability", "distress", "sleep", "mood", "peg_pain")} == {
        "pain": 6, "tolerability": 4, "distress": 5, "sleep": 7, "mood": 6, "peg_pain": 5}
    assert day.checkin["withdrawal_signs"] == ["yawning", "poor_sleep"] and day.checkin["note"] == "a slow start"
    assert day.checkin["dose_timing"] == "on_schedule"
    [run] = day.runs
    assert (run["exercise_id"], run["distress_before"], run["distress_after"], run["completed"]) == (
        "paced-breathing", 6, 3, False)
    assert run["seconds_completed"] >= 24  # the three opening prompts (8 s each) ran before the first breath
    assert day.goal["text"] == "walk to the post box" and day.goal["planned_amount"] == 10
    assert (day.goal["predicted_peak_pain"], day.goal["predicted_tolerability"], day.goal["feared_likelihood"]) == (
        7, 5, 60)
    assert "today: reflection pending" in status_text(resolve_db(str(db_path)))

    # Later the same day: the plain session asks how it went, and the day is done.
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db_path), "session", "--plain"], env=PLAIN_ENV)
    walk = Walk(term)
    try:
        walk.sees(b"Today's goal: walk to the post box")
        walk.answer(b"Type a number from 1 to 3, or Enter to skip: ", b"2")
        walk.answer(b"2. Highest pain during it", b"5")
        walk.answer(b"3. How tolerable it was", b"6")
        walk.answer(b"4. Did what you feared happen?", b"10")
        walk.answer(b"5. What did you notice?", b"it eased off")
        walk.answer(b"6. What did you practise doing differently?", b"slow breaths")
        walk.answer(b"7. Any extra dose today?", b"n")
        walk.answer(b"Type a number from 1 to 3, or Enter to skip: ", b"2")
        walk.answer(b"9. Share this note with my care team?", b"n")
        output = term.finish()
    finally:
        term.close()
    assert term.proc.returncode == 0, output
    assert "\x1b" not in output
    day = _day(db_path)
    assert day.reflection["outcome"] == "partly" and day.reflection["next_step"] == "step_up"
    assert day.reflection["extra_dose"] is False
    assert "today: done" in status_text(resolve_db(str(db_path)))


def _piped(db_path, typed: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coach", "--db", str(db_path), "session", *args], input=typed, capture_output=True,
        text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})),
    )


def test_a_piped_day_echoes_each_answer_and_saves_it(db_path):
    typed = "6\n4\n5\n7\n6\n1\n\n\n5\n6\n4\n\n\nstairs\n\n7\n5\n\n\n\n\n"
    result = _piped(db_path, typed, "--plain")
    assert result.returncode == 0, result.stderr
    assert "1. Pain right now, 0 = no pain, 10 = worst pain you can imagine: 6\n" in result.stdout
    assert "14. Today's activity, in your own words (e.g. walk to the post box and back): stairs\n" in result.stdout
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    day = _day(db_path)
    assert day.checkin["pain"] == 6 and day.checkin["mood"] == 6 and day.checkin["peg_activity"] == 4
    assert day.goal["text"] == "stairs" and day.goal["predicted_tolerability"] == 5
    assert day.status == "done" and day.runs == []


def test_a_pipe_that_ends_early_keeps_what_was_given(db_path):
    result = _piped(db_path, "6\n4\n42\n")  # no --plain: stdout is not a terminal
    assert result.returncode == 0, result.stderr
    assert "Please type a whole number from 0 to 10." in result.stdout
    assert result.stdout.rstrip().endswith("every answer you gave is saved. coach session --plain goes on from here.")
    day = _day(db_path)
    assert (day.checkin["pain"], day.checkin["tolerability"], day.checkin["distress"]) == (6, 4, None)
    # Run again: it goes on at the first question not answered.
    again = _piped(db_path, "5\n")
    assert "1. Alarm or distress right now" in again.stdout and "Pain right now" not in again.stdout
    assert _day(db_path).checkin["distress"] == 5


def test_term_dumb_and_coach_plain_give_plain_prompts_in_a_terminal(db_path):
    for env in (PLAIN_ENV, {"COACH_PLAIN": "1", "NO_COLOR": "1"}):
        term = Terminal([sys.executable, "-m", "coach", "--db", str(db_path), "session"], env=env)
        try:
            term.wait_for(b"1. Pain right now, 0 = no pain")
            term.send(b"\x04")  # Ctrl+D: leave, keeping what was given
            output = term.finish()
        finally:
            term.close()
        assert term.proc.returncode == 0
        assert "Stopped here; every answer you gave is saved." in output
        assert b"\x1b" not in output.encode()


@pytest.mark.slow  # a walk of every screen (or of the whole day): in `make test`, not `make check`
def test_plain_reading_commands_hold_no_escape_byte(db_path):
    _piped(db_path, "6\n4\n5\n7\n6\n", "--plain")
    env = dict(os.environ, PYTHONPATH=str(ROOT), **PLAIN_ENV)
    for args in (["today"], ["history"], ["progress"], ["learn"], ["learn", "exposure-practice"], ["taper"],
                 ["checkin", "--pain", "5"], ["today", "--json"], ["progress", "--json"]):
        result = subprocess.run([sys.executable, "-m", "coach", "--db", str(db_path), *args], capture_output=True,
                                timeout=60, env=env, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, (args, result.stderr)
        assert b"\x1b" not in result.stdout + result.stderr, args


def test_kill_9_loses_at_most_the_answer_being_typed(db_path):
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db_path), "session", "--plain"], env=PLAIN_ENV)
    walk = Walk(term)
    try:
        walk.answer(b"1. Pain right now", b"6")
        walk.answer(b"2. How tolerable", b"4")
        walk.answer(b"3. Alarm or distress", b"5")
        walk.sees(b"4. Sleep last night")
        term.send(b"7")  # typed, Enter not pressed yet
        term.kill()
    finally:
        term.close()
    day = _day(db_path)
    assert (day.checkin["pain"], day.checkin["tolerability"], day.checkin["distress"], day.checkin["sleep"]) == (
        6, 4, 5, None)


def test_on_a_step_day_the_check_in_says_tolerance_falls(store, db_path):
    from coach.store.taper import add_medication, add_step

    today = coach_today()
    with store.session() as db:
        med = add_medication(db, "morphine", 30, 2, today - timedelta(days=365))
        add_step(db, med, today, 25, 2)
    result = _piped(db_path, "", "--plain")
    assert "A new taper step starts today. Tolerance falls with each step" in result.stdout
    assert "coach learn staying-safe-as-the-dose-comes-down" in result.stdout


def test_plain_and_projector_do_not_go_together(db_path):
    result = _piped(db_path, "", "--plain", "--projector")
    assert result.returncode == 2 and result.stderr.startswith("coach: error: --projector is for the full screen")
