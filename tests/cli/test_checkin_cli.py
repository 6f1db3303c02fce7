"""`coach checkin`, `goal` and `reflect` from the shell: a flag for every answer, one line back, the same store
and day rules as the app; left-out answers refused on a pipe and asked on a terminal; bad input one line."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.content import safety
from coach.domain.session import DOSE_TIMING_CHOICES, WARNING_SIGNS, WITHDRAWAL_SIGNS
from coach.domain.questions import DOSE_TIMING_WORDS
from coach.plain.parts import day_words
from coach.store.queries.status import status_text
from coach.store.sessions import load_session
from tests.conftest import coach_today
from tests.pty_terminal import Terminal

runner = CliRunner()
FIVE = ["--pain", "6", "--tolerability", "4", "--distress", "5", "--sleep", "7", "--mood", "6"]


def _run(db_path, *args: str, **kw):
    return runner.invoke(app, ["--db", str(db_path), *args], **kw)


def _saved(store):
    with store.session() as db:
        return load_session(db, coach_today())


def test_every_dose_word_names_a_choice():
    assert set(DOSE_TIMING_WORDS) == {key for key, _ in DOSE_TIMING_CHOICES}


def test_checkin_with_the_five_ratings_is_one_line_and_done(store, db_path):
    result = _run(db_path, "checkin", *FIVE, "--peg-pain", "5", "--peg-enjoyment", "6", "--peg-activity", "4")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith(f"Saved today's check-in, {day_words(coach_today())}: pain 6, tolerability 4, "
                                    "distress 5, sleep 7, mood 6")
    saved = _saved(store)
    assert {k: saved.checkin[k] for k in ("pain", "tolerability", "distress", "sleep", "mood")} == {
        "pain": 6, "tolerability": 4, "distress": 5, "sleep": 7, "mood": 6}
    assert (saved.checkin["peg_pain"], saved.checkin["peg_enjoyment"], saved.checkin["peg_activity"]) == (5, 6, 4)
    line = status_text(store.target)
    assert "today: check-in done" in line and "tolerability 4/10" in line


@pytest.mark.parametrize(("flag", "typed", "field", "stored"), [
    *[("--dose", word, "dose_timing", key) for key, word in DOSE_TIMING_WORDS.items()],
    ("--dose", "taken-early", "dose_timing", "taken_early"),
    ("--withdrawal", "yawning,poor-sleep", "withdrawal_signs", ["yawning", "poor_sleep"]),
    ("--withdrawal", ",".join(k.replace("_", "-") for k, _ in WITHDRAWAL_SIGNS), "withdrawal_signs",
     [k for k, _ in WITHDRAWAL_SIGNS]),
    ("--note", "slept badly, a calm morning", "note", "slept badly, a calm morning"),
    ("--peg-pain", "3", "peg_pain", 3),
    ("--peg-enjoyment", "0", "peg_enjoyment", 0),
    ("--peg-activity", "10", "peg_activity", 10),
])
def test_each_checkin_flag_is_saved(store, db_path, flag, typed, field, stored):
    result = _run(db_path, "checkin", *FIVE, flag, typed)
    assert result.exit_code == 0, result.output
    assert _saved(store).checkin[field] == stored


def test_a_warning_sign_prints_help_and_safety_first(store, db_path):
    result = _run(db_path, "checkin", *FIVE, "--warning", "breathing,self-harm")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index(safety.EMERGENCY_TITLE) < out.index("988") < out.index("Saved today's check-in")
    assert _saved(store).checkin["red_flags"] == ["breathing", "self_harm"]
    assert all(key in {k for k, _ in WARNING_SIGNS} for key in _saved(store).checkin["red_flags"])


def test_missing_ratings_on_a_pipe_are_refused_and_nothing_is_saved(store, db_path):
    result = _run(db_path, "checkin", "--pain", "6", "--mood", "5")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("coach: error: missing --tolerability, --distress, --sleep: give them as flags "
                             "(input is not a terminal, so coach cannot ask)\n")
    assert _saved(store) is None


@pytest.mark.parametrize(("args", "problem"), [
    (["--pain", "11"], "--pain '11': type a whole number from 0 to 10"),
    (["--pain", "six"], "--pain 'six': type a whole number from 0 to 10"),
    (["--mood", "-1"], "--mood '-1': type a whole number from 0 to 10"),
    (["--dose", "sometimes"], "--dose 'sometimes': type a number from 1 to 5, or one of on-schedule|due-soon|"
                              "early|extra|none"),
    (["--withdrawal", "yawning,sneezing"], "--withdrawal 'yawning,sneezing': 'sneezing' is not on the list"),
    (["--warning", "dizzy"], "--warning 'dizzy': 'dizzy' is not on the list"),
    (["--note", "a\x1b[2Jb"], "--note 'a\\x1b[2Jb': type plain text, without control characters"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_saved(store, db_path, args, problem):
    result = _run(db_path, "checkin", *FIVE, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"coach: error: {problem}")
    assert _saved(store) is None  # not even the five good ratings given beside it


def test_checkin_on_a_missing_database_is_one_line(tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "nope.db"), "checkin", *FIVE])
    assert result.exit_code == 2 and "no database at" in result.stderr
    assert not (tmp_path / "nope.db").exists()


def test_goal_and_reflect_with_flags_finish_the_day(store, db_path):
    _run(db_path, "checkin", *FIVE)
    goal = _run(db_path, "goal", "--activity", "walk to the post box", "--amount", "10", "--unit", "minutes",
                "--expect-pain", "7", "--expect-tolerability", "5", "--fear", "my back locks", "--fear-likely", "60")
    assert goal.exit_code == 0, goal.output
    assert goal.stdout == (f"Saved today's goal, {day_words(coach_today())}: amount 10 minutes, expected peak pain 7, "
                           "expected tolerability 5, fear feels likely 60%, activity and fear saved\n")
    assert "today: reflection pending" in status_text(store.target)
    reflect = _run(db_path, "reflect", "--outcome", "partly", "--pain", "5", "--tolerability", "6",
                   "--fear-happened", "10", "--noticed", "it eased", "--practised", "slow breaths",
                   "--extra-dose", "no", "--next", "step-up", "--share", "yes")
    assert reflect.exit_code == 0, reflect.output
    saved = _saved(store)
    assert saved.goal["text"] == "walk to the post box" and saved.goal["feared_likelihood"] == 60
    assert saved.reflection["outcome"] == "partly" and saved.reflection["next_step"] == "step_up"
    assert saved.reflection["extra_dose"] is False and saved.reflection["share_with_care_team"] is True
    assert "today: done" in status_text(store.target)


def test_reflect_not_today_needs_no_actuals(store, db_path):
    result = _run(db_path, "reflect", "--outcome", "not-today")
    assert result.exit_code == 0, result.output
    assert _saved(store).reflection["outcome"] == "not_today"


def test_goal_left_out_on_a_pipe_is_refused(store, db_path):
    result = _run(db_path, "goal", "--activity", "stairs")
    assert result.exit_code == 2
    assert "missing --expect-pain, --expect-tolerability" in result.stderr


def test_missing_ratings_on_a_terminal_are_asked(store, db_path):
    """In a real terminal: the ratings left out are asked as plain prompts, out of range asked again."""
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db_path), "checkin", "--pain", "6",
                     "--tolerability", "4"], env={"TERM": "dumb", "NO_COLOR": "1"})
    try:
        mark = term.wait_past(b"1. Alarm or distress right now, 0 = calm, no alarm, 10 = full alarm: ")
        term.send(b"12\n")
        mark = term.wait_past(b"Please type a whole number from 0 to 10.", after=mark)
        mark = term.wait_past(b"1. Alarm or distress right now", after=mark)
        term.send(b"5\n")
        mark = term.wait_past(b"2. Sleep last night, 0 = no rest at all, 10 = slept very well: ", after=mark)
        term.send(b"7\n")
        term.wait_past(b"3. Mood today, 0 = very low, 10 = very good: ", after=mark)
        term.send(b"6\n")
        output = term.finish()
    finally:
        term.close()
    assert term.proc.returncode == 0, output
    assert "Saved today's check-in" in output and "pain 6, tolerability 4, distress 5, sleep 7, mood 6" in output
    assert "\x1b" not in output
    assert _saved(store).checkin["mood"] == 6


def test_checkin_without_flags_on_a_terminal_asks_the_whole_check_in(store, db_path):
    term = Terminal([sys.executable, "-m", "coach", "--db", str(db_path), "checkin"], env={"TERM": "dumb"})
    mark = 0
    try:
        for question, typed in [
            (b"1. Pain right now", b"3"), (b"2. How tolerable", b"8"), (b"3. Alarm", b"2"), (b"4. Sleep", b"6"),
            (b"5. Mood", b"7"), (b"Type a number from 1 to 5, or Enter to skip: ", b"extra"),
            (b"Type the numbers that apply, separated by commas, or Enter for none: ", b"aches"),
            (b"Type the numbers that apply, separated by commas, or Enter for none: ", b"2"),
        ]:
            mark = term.wait_past(question, after=mark)
            term.send(typed + b"\n")
        mark = term.wait_past(safety.EMERGENCY_TITLE.encode(), after=mark)  # a warning sign: help at once
        for question, typed in [(b"9. What number best describes your pain on average", b"4"),
                                (b"10. What number", b"4"), (b"11. What number", b"4"),
                                (b"12. Anything else about today?", b"")]:
            mark = term.wait_past(question, after=mark)
            term.send(typed + b"\n")
        output = term.finish()
    finally:
        term.close()
    assert term.proc.returncode == 0, output
    checkin = _saved(store).checkin
    assert (checkin["pain"], checkin["dose_timing"], checkin["withdrawal_signs"], checkin["red_flags"]) == (
        3, "extra_dose", ["aches"], ["drowsy"])
    assert checkin["peg_pain"] == 4
    assert "\x1b" not in output
