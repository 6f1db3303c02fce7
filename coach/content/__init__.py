"""Load and validate the content data files (exercises, learn cards, ladder suggestions)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coach.content.models import (
    LADDER_CATEGORIES,
    BreathPhase,
    Exercise,
    ExerciseStep,
    LadderFile,
    LadderSuggestion,
    LearnCard,
)

__all__ = [
    "CONTENT_DIR",
    "LADDER_CATEGORIES",
    "BreathPhase",
    "ContentError",
    "Exercise",
    "ExerciseStep",
    "LadderSuggestion",
    "LearnCard",
    "load_exercises",
    "load_ladder_suggestions",
    "load_learn_cards",
]

CONTENT_DIR = Path(__file__).resolve().parent
EXERCISES_DIR = CONTENT_DIR / "exercises"
LEARN_DIR = CONTENT_DIR / "learn"
LADDER_FILE = CONTENT_DIR / "ladder_suggestions.toml"

_Model = TypeVar("_Model", bound=BaseModel)


class ContentError(Exception):
    """A content file is missing or invalid; str() is one line: '<file>: <field>: <problem>'."""


def load_exercises(directory: Path | None = None) -> dict[str, Exercise]:
    """Every exercise in `directory` (the shipped ones by default), keyed by id, in file-name order."""
    if directory is None:
        return dict(_shipped_exercises())
    return _read_exercises(Path(directory))


def load_learn_cards(directory: Path | None = None) -> list[LearnCard]:
    """Every learn card in `directory` (the shipped ones by default), in `order`."""
    if directory is None:
        return list(_shipped_learn_cards())
    return _read_learn_cards(Path(directory))


def load_ladder_suggestions(path: Path | None = None) -> list[LadderSuggestion]:
    """The ladder suggestions in `path` (the shipped file by default), in file order."""
    if path is None:
        return list(_shipped_ladder_suggestions())
    return _read_ladder_suggestions(Path(path))


# The shipped files never change while the app runs; callers get copies of these containers.
@lru_cache(maxsize=1)
def _shipped_exercises() -> dict[str, Exercise]:
    return _read_exercises(EXERCISES_DIR)


@lru_cache(maxsize=1)
def _shipped_learn_cards() -> tuple[LearnCard, ...]:
    return tuple(_read_learn_cards(LEARN_DIR))


@lru_cache(maxsize=1)
def _shipped_ladder_suggestions() -> tuple[LadderSuggestion, ...]:
    return tuple(_read_ladder_suggestions(LADDER_FILE))


def _read_exercises(directory: Path) -> dict[str, Exercise]:
    return {path.stem: _validate(Exercise, path, _with_id(path)) for path in _toml_files(directory)}


def _read_learn_cards(directory: Path) -> list[LearnCard]:
    cards: dict[int, tuple[Path, LearnCard]] = {}
    for path in _toml_files(directory):
        card = _validate(LearnCard, path, _with_id(path))
        if card.order in cards:
            other = _label(cards[card.order][0])
            raise ContentError(f"{_label(path)}: order: {card.order} is already used by {other}")
        cards[card.order] = (path, card)
    return [card for _, (_, card) in sorted(cards.items())]


def _read_ladder_suggestions(path: Path) -> list[LadderSuggestion]:
    suggestions = _validate(LadderFile, path, _read_toml(path)).suggestions
    seen: set[str] = set()
    for index, suggestion in enumerate(suggestions):
        key = suggestion.name.casefold()
        if key in seen:
            raise ContentError(f"{_label(path)}: suggestions.{index}.name: {suggestion.name!r} appears twice")
        seen.add(key)
    return suggestions


def _toml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ContentError(f"{_label(directory)}/: folder not found")
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise ContentError(f"{_label(directory)}/: no .toml content files in this folder")
    return files


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{_label(path)}: TOML syntax: {_one_line(str(error))}") from None
    except UnicodeDecodeError:
        raise ContentError(f"{_label(path)}: encoding: the file is not UTF-8 text") from None
    except OSError as error:
        raise ContentError(f"{_label(path)}: file: {_one_line(error.strerror or str(error))}") from None


def _with_id(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    if "id" in data:
        raise ContentError(f"{_label(path)}: id: the id comes from the file name; remove this key")
    return {"id": path.stem, **data}


def _validate(model: type[_Model], path: Path, data: dict[str, Any]) -> _Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(_describe(path, error)) from None


def _describe(path: Path, error: ValidationError) -> str:
    problems = error.errors(include_url=False)
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    message = first["msg"].removeprefix("Value error, ")
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return _one_line(f"{_label(path)}: {where}: {message}{more}")


def _label(path: Path) -> str:
    """Path relative to the content folder for shipped files, else the file's folder and name."""
    resolved = path.resolve()
    if resolved.is_relative_to(CONTENT_DIR):
        return resolved.relative_to(CONTENT_DIR).as_posix()
    return f"{resolved.parent.name}/{resolved.name}" if resolved.parent.name else resolved.name


def _one_line(text: str) -> str:
    return " ".join(text.split())
