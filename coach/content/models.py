"""Pydantic models that every content file (exercise, learn card, ladder suggestion) must fit."""

from __future__ import annotations

import math
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

# Non-blank text, surrounding whitespace dropped (TOML multi-line strings end with a newline).
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# One line for lists and headings.
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160, pattern=r"^[^\n]*$")]

LadderCategory = Literal["household", "movement", "social", "work and study", "self-care", "outdoors"]
LADDER_CATEGORIES: tuple[str, ...] = get_args(LadderCategory)

# How far a guided exercise's step timings may drift from its stated default length.
_GUIDED_LENGTH_TOLERANCE = 0.15


class _Content(BaseModel):
    # strict: a quoted "4" in a file is a mistake to report, not a value to coerce.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class BreathPhase(_Content):
    """One part of a breathing cycle; "hold out" is the pause after breathing out."""

    label: Literal["in", "hold", "out", "hold out"]
    seconds: float = Field(gt=0, le=20)


class ExerciseStep(_Content):
    """A prompt shown large, for `seconds` before the next one."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    seconds: int = Field(gt=0, le=600)


class Exercise(_Content):
    """A breathing pattern or a timed sequence of guided prompts."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    title: Line
    kind: Literal["breathing", "guided"]
    summary: Text
    default_minutes: float = Field(gt=0, le=30)
    # Checked even when absent, so a missing list is reported under its own name.
    phases: list[BreathPhase] = Field(default=[], validate_default=True)
    steps: list[ExerciseStep] = Field(default=[], validate_default=True)
    intro: Text
    closing: Text
    sources: list[Line] = Field(min_length=1)
    tags: list[Line] = []

    @field_validator("phases")
    @classmethod
    def _phases_fit_kind(cls, phases: list[BreathPhase], info: ValidationInfo) -> list[BreathPhase]:
        kind = info.data.get("kind")
        if kind == "breathing" and not phases:
            raise ValueError("a breathing exercise needs at least one phase")
        if kind == "guided" and phases:
            raise ValueError("a guided exercise has no phases; remove them")
        return phases

    @field_validator("steps")
    @classmethod
    def _steps_fit_kind(cls, steps: list[ExerciseStep], info: ValidationInfo) -> list[ExerciseStep]:
        if info.data.get("kind") != "guided":
            return steps
        if not steps:
            raise ValueError("a guided exercise needs at least one step")
        minutes = info.data.get("default_minutes")
        if minutes is not None:
            planned, actual = minutes * 60, sum(step.seconds for step in steps)
            if abs(actual - planned) > planned * _GUIDED_LENGTH_TOLERANCE:
                raise ValueError(
                    f"steps add up to {actual} s but default_minutes is {planned:g} s; "
                    "make them agree within 15%"
                )
        return steps

    @property
    def cycle_seconds(self) -> float:
        """Length of one breathing cycle (0 for a guided exercise)."""
        return float(sum(phase.seconds for phase in self.phases))

    @property
    def steps_seconds(self) -> int:
        """Time taken by the prompts as written in the file."""
        return sum(step.seconds for step in self.steps)

    def cycles_for(self, minutes: float | None = None) -> int:
        """Whole breathing cycles that fit in `minutes` once the opening prompts are shown (at least 1)."""
        if self.kind != "breathing":
            return 0
        budget = _minutes(minutes, self.default_minutes) * 60 - self.steps_seconds
        return max(1, round(budget / self.cycle_seconds))

    def step_seconds_for(self, minutes: float | None = None) -> list[int]:
        """Each prompt's duration. Guided prompts stretch or shrink to fill `minutes`; None keeps the file's timing."""
        written = [step.seconds for step in self.steps]
        if self.kind != "guided" or minutes is None:
            return written
        scale = _minutes(minutes, self.default_minutes) * 60 / self.steps_seconds
        return [max(1, round(seconds * scale)) for seconds in written]

    def total_seconds_for(self, minutes: float | None = None) -> int:
        """Whole length in seconds for a session of about `minutes` (default_minutes when None)."""
        prompts = sum(self.step_seconds_for(minutes))
        if self.kind == "guided":
            return prompts
        return prompts + math.ceil(self.cycles_for(minutes) * self.cycle_seconds)


def _minutes(minutes: float | None, default: float) -> float:
    if minutes is None:
        return default
    if not minutes > 0:
        raise ValueError(f"minutes must be greater than 0, not {minutes!r}")
    return minutes


class LearnCard(_Content):
    """A short psychoeducation card for the Learn screen."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    title: Line
    order: int = Field(ge=1)
    summary: Line
    body: Text
    sources: list[Line] = Field(min_length=1)
    key_points: list[Line] = []

    @field_validator("body")
    @classmethod
    def _no_markup(cls, body: str) -> str:
        # Shown as plain text; a stray [tag] would be read as Rich markup.
        if "[" in body or "]" in body:
            raise ValueError("body is plain text: square brackets are not allowed")
        return body


class LadderSuggestion(_Content):
    """A commonly avoided activity offered as a starting point for the person's own ladder."""

    name: Line
    category: LadderCategory
    typical_difficulty: int = Field(ge=0, le=100)
    note: str = ""


class LadderFile(_Content):
    """Shape of ladder_suggestions.toml: a list of [[suggestions]] tables."""

    suggestions: list[LadderSuggestion] = Field(min_length=1)
