"""The group program: one TOML file per weekly session (coach/content/program/), validated and checked
against the learn cards and exercises it names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from coach.content import (
    CONTENT_DIR,
    ContentError,
    _label,
    _read_toml,
    _toml_files,
    _validate,
    load_exercises,
    load_learn_cards,
)
from coach.content.models import Line, Text, _Content

PROGRAM_DIR = CONTENT_DIR / "program"
SAFETY_PROTOCOL_FILE = CONTENT_DIR / "facilitator_safety.toml"
# The week that teaches the taper must also teach how to stay safe as tolerance falls.
TAPER_CARD = "slow-and-safe-taper"
STAYING_SAFE_CARD = "staying-safe-as-the-dose-comes-down"

ExerciseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class PartMinutes(_Content):
    """Suggested minutes for each part of the session, in the order they are run."""

    welcome: int = Field(ge=1, le=60)
    learn: int = Field(ge=1, le=60)
    practice: int = Field(ge=1, le=60)
    discuss: int = Field(ge=1, le=60)
    home: int = Field(ge=1, le=60)


class ProgramWeek(_Content):
    """One weekly group session: what it is for, what to show, practise and talk about, and the week's
    home practice. Written in our own words; sources named as for the learn cards."""

    week: int = Field(ge=1, le=52)
    title: Line
    summary: Line
    aims: list[Line] = Field(min_length=1, max_length=4)
    learn_cards: list[ExerciseId] = Field(min_length=1, max_length=3)
    exercise: ExerciseId
    exercise_minutes: float = Field(gt=0, le=30)
    discussion: list[Line] = Field(min_length=2, max_length=3)
    home_practice: list[Line] = Field(min_length=1, max_length=4)
    facilitator_note: Text
    minutes: PartMinutes
    sources: list[Line] = Field(min_length=1)

    @field_validator("aims", "discussion", "home_practice", "sources")
    @classmethod
    def _plain_text(cls, lines: list[str]) -> list[str]:
        # Shown as plain text on a projector; a stray [tag] would be read as Rich markup.
        for line in lines:
            if "[" in line or "]" in line:
                raise ValueError("plain text: square brackets are not allowed")
        return lines

    @property
    def total_minutes(self) -> int:
        m = self.minutes
        return m.welcome + m.learn + m.practice + m.discuss + m.home


def load_program(directory: Path | None = None) -> list[ProgramWeek]:
    """Every week of the program in `directory` (the shipped one by default), in week order. Raises
    ContentError (one line) for a bad file, weeks that are not 1..N, or a card or exercise that does
    not exist."""
    if directory is None:
        return list(_shipped_program())
    return _read_program(Path(directory))


@lru_cache(maxsize=1)
def _shipped_program() -> tuple[ProgramWeek, ...]:
    return tuple(_read_program(PROGRAM_DIR))


def _read_program(directory: Path) -> list[ProgramWeek]:
    cards = {card.id for card in load_learn_cards()}
    exercises = load_exercises()
    weeks: list[tuple[Path, ProgramWeek]] = []
    for path in _toml_files(directory):
        week = _validate(ProgramWeek, path, _read_toml(path))
        for card_id in week.learn_cards:
            if card_id not in cards:
                raise ContentError(f"{_label(path)}: learn_cards: no learn card called {card_id!r}")
        if week.exercise not in exercises:
            raise ContentError(f"{_label(path)}: exercise: no exercise called {week.exercise!r}")
        if TAPER_CARD in week.learn_cards and STAYING_SAFE_CARD not in week.learn_cards:
            raise ContentError(
                f"{_label(path)}: learn_cards: a week with {TAPER_CARD!r} also needs {STAYING_SAFE_CARD!r}"
            )
        weeks.append((path, week))
    weeks.sort(key=lambda item: item[1].week)
    for expected, (path, week) in enumerate(weeks, start=1):
        if week.week != expected:
            raise ContentError(
                f"{_label(path)}: week: weeks must run 1, 2, 3 ... without gaps or repeats; "
                f"expected {expected}, found {week.week}"
            )
    return [week for _, week in weeks]


class ProtocolSituation(_Content):
    """One moment the facilitator must be ready for, and what to do, in order."""

    title: Line
    steps: list[Text] = Field(min_length=2, max_length=6)


class SafetyProtocol(_Content):
    """The facilitator's safety protocol: in the printed guide only, never on the projected agenda."""

    intro: Text
    situations: list[ProtocolSituation] = Field(min_length=1)
    sources: list[Line] = Field(min_length=1)


def load_safety_protocol(path: Path | None = None) -> SafetyProtocol:
    """The facilitator's safety protocol (the shipped file by default); ContentError (one line) if bad."""
    path = SAFETY_PROTOCOL_FILE if path is None else Path(path)
    return _validate(SafetyProtocol, path, _read_toml(path))
