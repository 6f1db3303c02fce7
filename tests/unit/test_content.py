"""Tests for the content files and their loader: shipped files are valid, bad files fail with one clear line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from coach.content import (
    CONTENT_DIR,
    BreathPhase,
    ContentError,
    Exercise,
    LearnCard,
    load_exercises,
    load_ladder_suggestions,
    load_learn_cards,
)

REQUIRED_EXERCISES = {
    "paced-breathing",
    "box-breathing",
    "five-senses",
    "body-scan",
    "noticing-sensation",
    "leaves-on-a-stream",
    "values-compass",
}

# Phrases that would amount to advice about medication doses; no shipped text may contain them.
DOSE_ADVICE = re.compile(
    r"\btake (?:an |another |a |your |more |extra )+(?:extra |more )?(?:dose|pill|tablet|medicine|medication)s?\b"
    r"|\b(?:increase|reduce|lower|raise|cut|halve|double) (?:your|the|a) (?:dose|dosage|medicine|medication)\b"
    r"|\bskip (?:a|your|the|one) (?:dose|pill|tablet)\b"
    r"|\bstop (?:taking )?(?:your )?(?:opioids?|medicines?|medications?)\b"
    r"|\b\d+ ?(?:%|per ?cent|mg)",
    re.IGNORECASE,
)


def exercise_texts(exercise: Exercise) -> list[str]:
    return [exercise.title, exercise.summary, exercise.intro, exercise.closing, *(s.text for s in exercise.steps)]


def card_texts(card: LearnCard) -> list[str]:
    return [card.title, card.summary, card.body, *card.key_points]


# --- the shipped content ----------------------------------------------------------------------


def test_every_shipped_exercise_loads_with_ids_from_file_names() -> None:
    exercises = load_exercises()
    files = sorted(path.stem for path in (CONTENT_DIR / "exercises").glob("*.toml"))
    assert list(exercises) == files
    assert all(key == exercise.id for key, exercise in exercises.items())
    assert REQUIRED_EXERCISES <= set(exercises)
    assert len(exercises) >= 7


def test_every_shipped_exercise_names_sources_and_has_a_realistic_length() -> None:
    for exercise in load_exercises().values():
        assert exercise.sources, exercise.id
        assert 3 * 60 <= exercise.total_seconds_for(None) <= 8 * 60 + 30, exercise.id
        if exercise.kind == "breathing":
            assert exercise.phases, exercise.id
        else:
            assert exercise.steps and not exercise.phases, exercise.id


def test_paced_and_box_breathing_have_the_advertised_patterns() -> None:
    exercises = load_exercises()
    assert exercises["paced-breathing"].phases == [BreathPhase(label="in", seconds=4), BreathPhase(label="out", seconds=6)]
    box = exercises["box-breathing"].phases
    assert [(p.label, p.seconds) for p in box] == [("in", 4), ("hold", 4), ("out", 4), ("hold out", 4)]


def test_every_shipped_learn_card_loads_in_order_with_sources() -> None:
    cards = load_learn_cards()
    files = {path.stem for path in (CONTENT_DIR / "learn").glob("*.toml")}
    assert {card.id for card in cards} == files
    assert len(cards) >= 8
    assert [card.order for card in cards] == list(range(1, len(cards) + 1))
    for card in cards:
        assert card.sources, card.id
        assert card.key_points, card.id
        words = len(card.body.split())
        assert 120 <= words <= 250, f"{card.id}: body has {words} words"
        assert "\n\n" in card.body, f"{card.id}: body should be several short paragraphs"


def test_ladder_suggestions_cover_the_categories_with_sane_difficulty() -> None:
    suggestions = load_ladder_suggestions()
    assert 24 <= len(suggestions) <= 36
    names = [s.name.casefold() for s in suggestions]
    assert len(set(names)) == len(names)
    assert {s.category for s in suggestions} == {
        "household", "movement", "social", "work and study", "self-care", "outdoors",
    }
    assert all(0 <= s.typical_difficulty <= 100 for s in suggestions)


def test_loaders_return_fresh_containers_so_callers_cannot_corrupt_the_cache() -> None:
    first = load_exercises()
    first.clear()
    assert load_exercises()
    cards = load_learn_cards()
    cards.clear()
    assert load_learn_cards()


def test_content_is_immutable() -> None:
    exercise = load_exercises()["box-breathing"]
    with pytest.raises(ValidationError):
        exercise.title = "changed"  # type: ignore[misc]


# --- safety ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Take an extra dose before the walk.",
        "take another pill if it hurts",
        "You could reduce your dose next week.",
        "Increase the dose when pain is high.",
        "Skip a dose on good days.",
        "Stop taking your opioids.",
        "Cut down by 10% each month.",
    ],
)
def test_dose_advice_pattern_catches_advice(text: str) -> None:
    assert DOSE_ADVICE.search(text)


def test_no_shipped_text_gives_dose_advice() -> None:
    texts = [t for e in load_exercises().values() for t in exercise_texts(e)]
    texts += [t for c in load_learn_cards() for t in card_texts(c)]
    texts += [f"{s.name} {s.note}" for s in load_ladder_suggestions()]
    offending = [match.group(0) for text in texts if (match := DOSE_ADVICE.search(text))]
    assert offending == []


def test_taper_and_dose_cards_leave_decisions_to_the_prescriber() -> None:
    cards = {card.id: card for card in load_learn_cards()}
    for card_id in ("slow-and-safe-taper", "practising-on-your-usual-schedule"):
        assert "prescriber" in cards[card_id].body, card_id
    # As-needed doses: follow what was agreed (the card must not read as "skip them").
    assert "only when needed" in cards["practising-on-your-usual-schedule"].body
    assert "information" in cards["practising-on-your-usual-schedule"].body


# Words the app avoids even negated ("not a failure"): an extra dose is information, said positively.
JUDGING_WORDS = re.compile(r"\b(?:fail(?:ure|ed|ing)?|cheat(?:ing|ed)?|weak-willed|give in|gave in)\b", re.IGNORECASE)


def test_no_shipped_text_uses_judging_words_even_negated() -> None:
    texts = [t for e in load_exercises().values() for t in exercise_texts(e)]
    texts += [t for c in load_learn_cards() for t in card_texts(c)]
    texts += [f"{s.name} {s.note}" for s in load_ladder_suggestions()]
    assert [m.group(0) for text in texts if (m := JUDGING_WORDS.search(text))] == []


def test_staying_safe_card_names_tolerance_naloxone_alcohol_sedatives_and_988() -> None:
    card = {card.id: card for card in load_learn_cards()}["staying-safe-as-the-dose-comes-down"]
    assert card.title == "Staying safe while the dose comes down"
    text = " ".join(card_texts(card)).lower()
    for word in ("tolerance", "naloxone", "alcohol", "benzodiazepines", "sleeping pills", "drowsy", "988",
                 "after a break", "show the people you live with", "prescriber"):
        assert word in text, word
    sources = " ".join(card.sources)
    assert "HHS 2019" in sources and "CDC" in sources and "recommendations 8 and 11" in sources


def test_care_team_card_covers_rehabilitation_legitimacy_dependence_and_no_rush() -> None:
    card = {card.id: card for card in load_learn_cards()}["care-from-a-team"]
    text = " ".join(card_texts(card)).lower()
    for phrase in ("pain rehabilitation", "pain psychologist", "physical therapist", "legitimate",
                   "not the same as addiction", "no rush", "when you and your prescriber both agree"):
        assert phrase in text, phrase


def test_setbacks_card_sends_bladder_or_bowel_loss_with_back_pain_to_emergency_care() -> None:
    card = {card.id: card for card in load_learn_cards()}["setbacks-and-flares"]
    assert "bladder or bowel control" in card.body and "emergency care now" in card.body
    assert "promptly" not in card.body


def test_exposure_card_and_movement_exercise_respect_the_care_teams_limits() -> None:
    cards = {card.id: card for card in load_learn_cards()}
    assert "movement limits your care team has given you" in cards["exposure-practice"].body
    movement = load_exercises()["gentle-movement"]
    text = " ".join(exercise_texts(movement))
    assert "limits your care team" in text and "sharp or new pain" in text
    assert "movement" in movement.tags and len(movement.sources) >= 2


def test_riding_the_urge_carves_out_medicine_and_drops_the_addiction_framing() -> None:
    """Issue 23: medicine taken as agreed is not an urge to ride; withdrawal or unmanageable pain goes to
    the prescriber; no "quick relief" to hold off, no "addiction research" (dependence is not addiction)."""
    urge = load_exercises()["riding-the-urge"]
    text = " ".join(exercise_texts(urge)).lower()
    assert "medicine taken as you and your prescriber agreed is not an urge to ride out" in text
    assert "withdrawal or pain feels too hard to manage, contact your prescriber" in text
    for words in ("quick relief", "addiction", "relapse", "reach for"):
        assert words not in text, words
    assert "adapted" in urge.intro and all("adapted here" in source for source in urge.sources)


# --- timing helpers ----------------------------------------------------------------------------


def _breathing(**overrides: object) -> Exercise:
    data: dict[str, object] = {
        "id": "test-breath",
        "title": "Test",
        "kind": "breathing",
        "summary": "A test.",
        "default_minutes": 1,
        "phases": [{"label": "in", "seconds": 4}, {"label": "out", "seconds": 6}],
        "intro": "Hello.",
        "closing": "Bye.",
        "sources": ["Someone 2020"],
    }
    data.update(overrides)
    return Exercise.model_validate(data)


def _guided(**overrides: object) -> Exercise:
    data: dict[str, object] = {
        "id": "test-guided",
        "title": "Test",
        "kind": "guided",
        "summary": "A test.",
        "default_minutes": 1,
        "steps": [{"text": "One", "seconds": 20}, {"text": "Two", "seconds": 40}],
        "intro": "Hello.",
        "closing": "Bye.",
        "sources": ["Someone 2020"],
    }
    data.update(overrides)
    return Exercise.model_validate(data)


def test_cycle_seconds_sums_the_phases() -> None:
    assert _breathing().cycle_seconds == 10
    assert _breathing(phases=[{"label": "in", "seconds": 4.5}, {"label": "hold out", "seconds": 2}]).cycle_seconds == 6.5
    assert _guided().cycle_seconds == 0


def test_breathing_total_is_whole_cycles_filling_the_minutes() -> None:
    exercise = _breathing()
    assert exercise.total_seconds_for(None) == 60
    assert exercise.total_seconds_for(2) == 120
    assert exercise.cycles_for(2) == 12
    assert exercise.total_seconds_for(0.01) == 10  # never less than one cycle
    with_prompts = _breathing(steps=[{"text": "Settle.", "seconds": 10}])
    assert with_prompts.total_seconds_for(1) == 60  # 10 s of prompts + 5 cycles
    assert with_prompts.cycles_for(1) == 5


def test_guided_total_follows_the_steps_and_scales_to_the_minutes() -> None:
    exercise = _guided()
    assert exercise.total_seconds_for() == 60
    assert exercise.step_seconds_for(2) == [40, 80]
    assert exercise.total_seconds_for(2) == 120
    assert exercise.total_seconds_for(0.5) == 30


@pytest.mark.parametrize("minutes", [0, -1, float("nan")])
def test_total_seconds_rejects_non_positive_minutes(minutes: float) -> None:
    with pytest.raises(ValueError):
        _breathing().total_seconds_for(minutes)


# --- bad files ---------------------------------------------------------------------------------

GOOD_BREATHING = """\
title = "Box"
kind = "breathing"
summary = "Breathe in a square."
default_minutes = 2
intro = "Hello."
closing = "Bye."
sources = ["Someone 2020"]

[[phases]]
label = "in"
seconds = 4
"""


def _exercise_dir(tmp_path: Path, text: str, name: str = "box.toml") -> Path:
    directory = tmp_path / "exercises"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def _content_error(load, directory: Path) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as caught:
        load(directory)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_good_fixture_loads(tmp_path: Path) -> None:
    exercises = load_exercises(_exercise_dir(tmp_path, GOOD_BREATHING))
    assert list(exercises) == ["box"]


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        ('title = "Box\nkind = 1', "TOML syntax", ""),
        (GOOD_BREATHING.replace('title = "Box"\n', ""), "title", "Field required"),
        (GOOD_BREATHING.replace("seconds = 4", "seconds = -4"), "phases.0.seconds", "greater than 0"),
        (GOOD_BREATHING.replace("seconds = 4", "seconds = 40"), "phases.0.seconds", "less than or equal to 20"),
        (GOOD_BREATHING.split("[[phases]]")[0], "phases", "at least one phase"),
        (GOOD_BREATHING + 'colour = "blue"\n', "phases.0.colour", "Extra inputs are not permitted"),
        ('colour = "blue"\n' + GOOD_BREATHING, "colour", "Extra inputs are not permitted"),
        (GOOD_BREATHING.replace('"in"', '"sideways"'), "phases.0.label", "Input should be"),
        (GOOD_BREATHING.replace("seconds = 4", 'seconds = "4"'), "phases.0.seconds", "valid number"),
        (GOOD_BREATHING.replace('"breathing"', '"guided"'), "phases", "no phases"),
        (GOOD_BREATHING.replace('sources = ["Someone 2020"]', "sources = []"), "sources", "at least 1 item"),
        ('id = "other"\n' + GOOD_BREATHING, "id", "file name"),
    ],
)
def test_bad_exercise_file_gives_one_line_naming_file_and_field(
    tmp_path: Path, text: str, field: str, problem: str
) -> None:
    message = _content_error(load_exercises, _exercise_dir(tmp_path, text))
    assert message.startswith(f"exercises/box.toml: {field}: "), message
    assert problem in message


def test_guided_steps_must_match_default_minutes(tmp_path: Path) -> None:
    text = """\
title = "Walk"
kind = "guided"
summary = "A test."
default_minutes = 5
intro = "Hello."
closing = "Bye."
sources = ["Someone 2020"]

[[steps]]
text = "Only ten seconds."
seconds = 10
"""
    message = _content_error(load_exercises, _exercise_dir(tmp_path, text, "walk.toml"))
    assert message.startswith("exercises/walk.toml: steps: "), message


def test_not_utf8_is_a_content_error(tmp_path: Path) -> None:
    directory = tmp_path / "exercises"
    directory.mkdir()
    (directory / "box.toml").write_bytes(b'title = "\xff\xfe"\n')
    assert _content_error(load_exercises, directory).startswith("exercises/box.toml: ")


def test_empty_or_missing_directory_is_a_content_error(tmp_path: Path) -> None:
    empty = tmp_path / "learn"
    empty.mkdir()
    (empty / "README.md").write_text("not content")
    assert "learn/" in _content_error(load_learn_cards, empty)
    assert "exercises/" in _content_error(load_exercises, empty.parent / "exercises")


GOOD_CARD = """\
title = "A card"
order = 1
summary = "One line."
body = "Some words."
sources = ["Someone 2020"]
"""


def test_learn_cards_sorted_by_order_and_orders_unique(tmp_path: Path) -> None:
    directory = tmp_path / "learn"
    directory.mkdir()
    (directory / "a.toml").write_text(GOOD_CARD.replace("order = 1", "order = 2"))
    (directory / "b.toml").write_text(GOOD_CARD)
    assert [card.id for card in load_learn_cards(directory)] == ["b", "a"]
    (directory / "c.toml").write_text(GOOD_CARD)
    message = _content_error(load_learn_cards, directory)
    assert message.startswith("learn/c.toml: order: "), message


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (GOOD_CARD.replace('sources = ["Someone 2020"]', "sources = []"), "sources"),
        (GOOD_CARD.replace('summary = "One line."', 'summary = "One\\nline."'), "summary"),
        (GOOD_CARD.replace('body = "Some words."', 'body = "See [bold]here[/bold]."'), "body"),
        (GOOD_CARD.replace("order = 1", "order = 0"), "order"),
    ],
)
def test_bad_learn_card(tmp_path: Path, text: str, field: str) -> None:
    directory = tmp_path / "learn"
    directory.mkdir()
    (directory / "card.toml").write_text(text)
    message = _content_error(load_learn_cards, directory)
    assert message.startswith(f"learn/card.toml: {field}: "), message


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[[suggestions]]\nname = "Walk"\ncategory = "movement"\ntypical_difficulty = 101\n',
         "suggestions.0.typical_difficulty"),
        ('[[suggestions]]\nname = "Walk"\ncategory = "space"\ntypical_difficulty = 10\n', "suggestions.0.category"),
        ('[[suggestions]]\nname = "Walk"\ncategory = "movement"\ntypical_difficulty = 10\n' * 2, "suggestions.1.name"),
        ("suggestions = []\n", "suggestions"),
        ("[[suggestion]]\n", "suggestions"),  # misspelt table: the real key is missing
    ],
)
def test_bad_ladder_file(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "ladder.toml"
    path.write_text(text)
    message = _content_error(load_ladder_suggestions, path)
    assert message.startswith(f"{tmp_path.name}/ladder.toml: {field}: "), message


def test_missing_ladder_file_is_a_content_error(tmp_path: Path) -> None:
    assert "nope.toml" in _content_error(load_ladder_suggestions, tmp_path / "nope.toml")


def test_one_name_for_the_daily_rating_and_a_card_on_tolerability_against_intensity() -> None:
    """Issue 23.8: the rating is 'tolerable' (0 = intolerable ... 10 = easy to live with) everywhere the
    person meets it, never also 'bearable'; and a card explains intolerable -> tolerable -> livable."""
    from pathlib import Path

    from coach.domain.scales import SCALE_ENDS

    assert SCALE_ENDS["tolerability"][0] == "0 = intolerable"
    root = Path(__file__).resolve().parents[2] / "coach"
    for path in [*root.glob("screens/**/*.py"), *root.glob("report/*.py"), *root.glob("domain/*.py")]:
        assert "bearable" not in path.read_text(encoding="utf-8").lower(), path
    card = {c.id: c for c in load_learn_cards()}["tolerable-even-when-it-hurts"]
    assert "intolerable" in card.body and "livable" in card.body and "two different" in card.summary
