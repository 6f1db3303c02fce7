"""The plain prompts without a process: an exercise as timed cues (a fake clock), answers read and checked
the same way for a prompt and a flag, and each kind of question's words."""

from __future__ import annotations

import io

import pytest

from coach.content import load_exercises
from coach.domain.exercise_session import ExerciseSession
from coach.domain.session import WITHDRAWAL_SIGNS
from coach.plain.asking import AnswerError, Leave, Prompter
from coach.plain.cues import cue_line, run_exercise
from coach.plain.journal import DayJournal
from coach.plain.parts import checkin_questions
from coach.store.sessions import load_session
from tests.conftest import FIXED_NOW

DAY = FIXED_NOW.date()


def _prompter(typed: str) -> tuple[Prompter, io.StringIO]:
    out = io.StringIO()
    return Prompter(io.StringIO(typed), out, echo=True, help_text=lambda: ["HELP TEXT"]), out


def test_a_whole_breathing_exercise_is_one_line_per_phase_in_time(store):
    exercise = load_exercises()["paced-breathing"]
    ask, out = _prompter("6\n2\n")
    slept: list[float] = []
    run_exercise(ask, DayJournal(store, DAY, lambda: FIXED_NOW), exercise, None, slept.append)
    text = out.getvalue()
    session = ExerciseSession(exercise)
    breaths = [line for line in text.splitlines() if line.startswith("Breath ")]
    assert len(breaths) == session.cycles * len(exercise.phases)
    assert breaths[0] == f"Breath 1 of {session.cycles}: breathe in, 4 seconds"
    assert breaths[1] == f"Breath 1 of {session.cycles}: breathe out, 6 seconds"
    assert sum(slept) == pytest.approx(session.total)  # the cues keep the exercise's own timing
    assert "\r" not in text and "\x1b" not in text
    assert "You did the whole exercise." in text
    with store.session() as db:
        [run] = load_session(db, DAY).runs
    assert run["completed"] and run["seconds_completed"] == int(session.total)
    assert (run["distress_before"], run["distress_after"]) == (6, 2)


def test_a_guided_exercise_says_each_prompt_once():
    exercise = load_exercises()["five-senses"]
    session = ExerciseSession(exercise)
    lines = []
    while not session.finished:
        lines.append(cue_line(session))
        session.tick(session.current.end - session.position)
    assert lines == [step.text for step in exercise.steps]


def test_prompts_ask_again_with_the_range_and_help_prints_safety():
    scale = checkin_questions(False)[0]
    ask, out = _prompter("help\n11\nten\n\n7\n")
    assert ask.ask(scale, required=True) == 7
    text = out.getvalue()
    assert text.count("1. Pain right now, 0 = no pain, 10 = worst pain you can imagine: ") == 5
    assert "HELP TEXT" in text and text.count("Please type a whole number from 0 to 10.") == 2
    assert "This one is needed" in text


def test_end_of_input_leaves():
    ask, _out = _prompter("")
    with pytest.raises(Leave):
        ask.ask(checkin_questions(False)[0])


def test_checklists_take_numbers_or_words_from_the_apps_own_list():
    withdrawal = next(q for q in checkin_questions(False) if q.field == "withdrawal_signs")
    assert withdrawal.choices == WITHDRAWAL_SIGNS
    assert withdrawal.parse("1, 10, runny-nose, 1") == ["yawning", "poor_sleep", "runny_nose"]
    assert withdrawal.parse("") == [] and withdrawal.parse("none") == []
    with pytest.raises(AnswerError):
        withdrawal.parse("11")


def test_the_peg_is_asked_only_when_due():
    assert not any(q.field.startswith("peg_") for q in checkin_questions(False))
    assert [q.field for q in checkin_questions(True) if q.field.startswith("peg_")] == [
        "peg_pain", "peg_enjoyment", "peg_activity"]
