"""The group program's content: every week file loads, names cards and exercises that exist, follows the
clinical rules, and a bad file fails with one line naming the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.content import ContentError, load_exercises, load_learn_cards
from coach.content.program_weeks import PROGRAM_DIR, load_program
from tests.unit.test_content import DOSE_ADVICE

FAILURE_WORDS = ("failure", "failed", "cheat", "relapse")


def test_every_week_loads_in_order_with_sources() -> None:
    weeks = load_program()
    assert len(weeks) >= 8
    assert [week.week for week in weeks] == list(range(1, len(weeks) + 1))
    assert len(list(PROGRAM_DIR.glob("*.toml"))) == len(weeks)
    for week in weeks:
        assert week.sources and week.aims and week.home_practice
        assert 2 <= len(week.discussion) <= 3
        assert 30 <= week.total_minutes <= 120


def test_every_referenced_card_and_exercise_exists() -> None:
    cards = {card.id for card in load_learn_cards()}
    exercises = load_exercises()
    for week in load_program():
        assert set(week.learn_cards) <= cards, week.week
        assert week.exercise in exercises, week.week
        # the practice part leaves room for the exercise itself
        assert week.minutes.practice >= week.exercise_minutes


def _week_texts(week) -> list[str]:
    return [week.title, week.summary, *week.aims, *week.discussion, *week.home_practice, week.facilitator_note or ""]


def test_no_week_gives_dose_advice_or_uses_blaming_words() -> None:
    for week in load_program():
        for text in _week_texts(week):
            assert not DOSE_ADVICE.search(text), (week.week, text)
            assert not any(word in text.lower() for word in FAILURE_WORDS), (week.week, text)


def test_the_taper_week_leaves_decisions_to_the_prescriber() -> None:
    taper_weeks = [w for w in load_program() if "slow-and-safe-taper" in w.learn_cards]
    assert taper_weeks
    for week in taper_weeks:
        text = " ".join(_week_texts(week)).lower()
        assert "decided with the prescriber" in text or "made only with the prescriber" in text
        assert "prescriber" in " ".join(week.home_practice).lower()


def _copy_program(tmp_path: Path) -> Path:
    target = tmp_path / "program"
    shutil.copytree(PROGRAM_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('exercise = "five-senses"', 'exercise = "juggling"', "week-02.toml: exercise: no exercise called 'juggling'"),
        ('"exposure-practice"]', '"no-such-card"]', "week-02.toml: learn_cards: no learn card called 'no-such-card'"),
        ("week = 2", "week = 9", "week: weeks must run 1, 2, 3"),
        ("welcome = 10", "welcome = 0", "week-02.toml: minutes.welcome"),
        ("discussion = [", "discussion_typo = [", "week-02.toml: discussion"),
    ],
)
def test_a_bad_week_is_one_line_naming_file_and_field(tmp_path: Path, old: str, new: str, expected: str) -> None:
    folder = _copy_program(tmp_path)
    _edit(folder / "week-02.toml", old, new)
    with pytest.raises(ContentError) as caught:
        load_program(folder)
    message = str(caught.value)
    assert expected in message and "\n" not in message


def test_markup_in_a_prompt_is_refused(tmp_path: Path) -> None:
    folder = _copy_program(tmp_path)
    _edit(folder / "week-01.toml", "When does your alarm", "[bold]When does your alarm")
    with pytest.raises(ContentError, match="week-01.toml: discussion: plain text"):
        load_program(folder)
