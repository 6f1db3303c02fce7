"""The demo generator's parameters (data/demo.toml), validated by pydantic models at load."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach.store import StoreError

# data/demo.toml, reached through coach/content/demo.toml (a link to it), so an installed wheel has it too.
DEFAULT_PARAMS_PATH = Path(__file__).resolve().parent.parent / "content" / "demo.toml"
MAX_DAYS = 36_500

Pair = Annotated[list[float], Field(min_length=2, max_length=2)]
IntPair = Annotated[list[int], Field(min_length=2, max_length=2)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SessionParams(_Section):
    missed_day_probability: float = Field(ge=0, lt=1)
    goal_skip_probability: float = Field(ge=0, le=1)
    reflection_skip_probability: float = Field(ge=0, le=1)
    second_exercise_probability: float = Field(ge=0, le=1)
    note_probability: float = Field(ge=0, le=1)
    start_hour: int = Field(ge=0, le=20)
    exercise_ids: list[str] = Field(min_length=1)


class TrendParams(_Section):
    tolerability: Pair
    pain: Pair
    distress: Pair
    sleep: Pair
    mood: Pair
    daily_noise: float = Field(ge=0, le=5)
    setback_probability: float = Field(ge=0, le=1)
    setback_size: float = Field(ge=0, le=10)
    plateau_drift_per_year: float = Field(ge=0, le=5)


class FlareParams(_Section):
    first_day: int = Field(ge=0)
    every_days: IntPair
    length_days: IntPair
    pain_rise: float = Field(ge=0, le=10)
    tolerability_drop: float = Field(ge=0, le=10)


class PredictionParams(_Section):
    peak_pain_gap: Pair
    tolerability_gap: Pair
    feared_likelihood: Pair
    feared_happened: Pair


class TaperParams(_Section):
    drug: str
    strength_mg: float = Field(gt=0)
    doses_per_day: float = Field(gt=0)
    years_before: int = Field(ge=0, le=50)
    step_fraction: float = Field(gt=0, le=0.5)
    step_every_days: int = Field(ge=7)
    round_to_mg: float = Field(gt=0)
    hold_days: int = Field(ge=0)
    hold_window_days: int = Field(ge=0)
    floor_mg: float = Field(ge=0)


class LadderParams(_Section):
    name: str = Field(min_length=1, max_length=200)
    category: str
    difficulty: int = Field(ge=0, le=100)
    unit: Literal["minutes", "reps", "distance"]
    amount: Pair
    feared: str = Field(min_length=1, max_length=2000)


class DemoParams(_Section):
    seed: int
    days: int = Field(ge=1, le=MAX_DAYS)
    course_days: int = Field(ge=7)
    sessions: SessionParams
    trends: TrendParams
    flares: FlareParams
    predictions: PredictionParams
    taper: TaperParams
    ladder: list[LadderParams] = Field(min_length=2)


def load_params(path: Path | None = None) -> DemoParams:
    """The generator's parameters from data/demo.toml (or `path`); StoreError with one line if unusable."""
    path = path or DEFAULT_PARAMS_PATH
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return DemoParams.model_validate(raw)
    except OSError as exc:
        raise StoreError(f"cannot read the demo parameters {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise StoreError(f"{path} is not valid TOML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StoreError(f"{path}: {where}: {first['msg']}") from None
