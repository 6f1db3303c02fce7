"""The group program's content: every week file loads, names cards and exercises that exist, follows the
clinical rules, and a bad file fails with one line naming the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.content import ContentError, load_exercises, load_learn_cards
from coach.content.program_weeks import PROGRAM_DIR, STAYING_SAFE_CARD, load_program, load_safety_protocol
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


def test_the_taper_week_teaches_staying_safe_and_week_one_names_it() -> None:
    """Issue 23: week 5 (the taper week) uses the staying-safe card, and week 1's ground rules name it."""
    weeks = load_program()
    cards = {card.id: card for card in load_learn_cards()}
    assert STAYING_SAFE_CARD in weeks[4].learn_cards and "slow-and-safe-taper" in weeks[4].learn_cards
    assert cards[STAYING_SAFE_CARD].title in weeks[0].facilitator_note
    assert "agreements" in weeks[0].facilitator_note
    # The taper week's group exercise is not one about holding off an urge.
    assert weeks[4].exercise != "riding-the-urge"


def test_every_week_has_a_facilitator_note() -> None:
    for week in load_program():
        assert week.facilitator_note and len(week.facilitator_note) > 40, week.week


def test_a_week_without_a_note_or_a_taper_week_without_staying_safe_is_refused(tmp_path: Path) -> None:
    program = _copy_program(tmp_path)
    _edit(program / "week-01.toml", "facilitator_note = ", "facilitator_note_typo = ")
    with pytest.raises(ContentError, match="week-01.toml: facilitator_note"):
        load_program(program)
    program = _copy_program(tmp_path / "again")
    _edit(program / "week-05.toml", '"staying-safe-as-the-dose-comes-down", ', "")
    with pytest.raises(ContentError, match="week-05.toml: learn_cards: .*staying-safe-as-the-dose-comes-down"):
        load_program(program)


def test_the_safety_protocol_covers_the_moments_a_room_can_meet() -> None:
    protocol = load_safety_protocol()
    titles = " ".join(s.title for s in protocol.situations).lower()
    for moment in ("drowsy or sedated", "thoughts of ending their life", "very loud", "naloxone", "medical emergency"):
        assert moment in titles, moment
    text = " ".join(step for s in protocol.situations for step in s.steps)
    assert "988" in text and "911" in text and "recovery position" in text
    assert not DOSE_ADVICE.search(text)
    assert protocol.sources


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


def test_the_program_reviews_home_practice_closes_with_a_round_and_covers_movement_and_team_care() -> None:
    """Issue 23.10: every week after the first opens with a look back at the home practice and every week
    closes with a round; a week on pacing uses gentle movement; team care (dependence is not addiction)
    and box breathing are used somewhere."""
    from coach.domain.agenda import REVIEW_LINE, ROUND_LINE, build_parts

    weeks = load_program()
    for week in weeks:
        parts = build_parts(week, {}, "X")
        assert (REVIEW_LINE in parts[0].lines) is (week.week > 1), week.week
        assert parts[-1].lines[-1] == ROUND_LINE, week.week
    used_cards = {card for week in weeks for card in week.learn_cards}
    used_exercises = {week.exercise for week in weeks}
    assert {"care-from-a-team", STAYING_SAFE_CARD} <= used_cards
    assert {"gentle-movement", "box-breathing"} <= used_exercises
    pacing = next(week for week in weeks if week.exercise == "gentle-movement")
    assert "pac" in pacing.title.lower() and any("pace" in aim.lower() for aim in pacing.aims)
