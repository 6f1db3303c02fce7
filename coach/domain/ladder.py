"""Exposure ladder rules: item input checks, the tolerability trend, expectancy wording and gentle suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach.domain.errors import FieldError
from coach.domain.scales import Band, tolerability_band

NAME_MAX = 200
# How many recent attempts in a row must be livable and done fully before a step up is offered.
LIVABLE_STREAK = 2
TREND_LENGTH = 5
_BARS = "▁▂▃▄▅▆▇█"


class LadderInputError(FieldError):
    """A ladder form value that cannot be saved."""


@dataclass(frozen=True)
class Rung:
    """A ladder item as the rules see it."""

    id: int
    name: str
    difficulty: int
    archived: bool = False


@dataclass(frozen=True)
class Attempt:
    """One go at a ladder item: the prediction before (goal) and what happened after (reflection)."""

    day: date
    outcome: str | None  # "fully", "partly" or "not_today"
    predicted_tolerability: int | None = None
    actual_tolerability: int | None = None
    feared_likelihood: int | None = None
    feared_happened: int | None = None


@dataclass(frozen=True)
class Suggestion:
    """An offer, never an instruction: `kind` is "step_up", "top_of_ladder" or "repeat_or_smaller"."""

    kind: str
    text: str
    item_id: int | None = None  # the item suggested next, when there is one


def parse_item(name: str, difficulty: str) -> tuple[str, int]:
    """The cleaned name and difficulty from a form, or LadderInputError with a one-line reason."""
    clean = " ".join(name.split())
    if not clean:
        raise LadderInputError("name", "Give the activity a name, for example “Walk to the corner shop”.")
    if len(clean) > NAME_MAX:
        raise LadderInputError("name", f"Please keep the name to {NAME_MAX} characters or fewer.")
    text = difficulty.strip()
    if not text:
        raise LadderInputError("difficulty", "Rate how hard this feels, from 0 to 100.")
    try:
        value = int(text)
    except ValueError:
        raise LadderInputError("difficulty", "Difficulty is a whole number from 0 to 100.") from None
    if not 0 <= value <= 100:
        raise LadderInputError("difficulty", f"Difficulty goes from 0 to 100 (you entered {value}).")
    return clean, value


def ladder_order(rungs: Sequence[Rung]) -> list[Rung]:
    """Easiest first; equal difficulty by name, then by when it was added."""
    return sorted(rungs, key=lambda r: (r.difficulty, r.name.casefold(), r.id))


def trend(values: Sequence[int], length: int = TREND_LENGTH) -> str:
    """A tiny bar per recent tolerability rating (0–10), oldest first: ▁ intolerable … █ easy to live with."""
    recent = list(values)[-length:]
    return "".join(_BARS[round(v / 10 * (len(_BARS) - 1))] for v in recent)


def band_text(value: int | None) -> str:
    """'7/10 livable', or 'not rated yet'."""
    if value is None:
        return "not rated yet"
    return f"{value}/10 {tolerability_band(value)}"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def expectancy_text(predicted: float | None, actual: float | None) -> str | None:
    """Predicted against actual tolerability (0–10), e.g. 'tolerability: expected 3, got 6'."""
    if predicted is None or actual is None:
        return None
    return f"tolerability: expected {_number(predicted)}, got {_number(actual)}"


def feared_text(likelihood: float | None, happened: float | None) -> str | None:
    """How likely the feared outcome felt against how far it actually happened (both 0–100%)."""
    if likelihood is None or happened is None:
        return None
    return f"feared outcome felt {round(likelihood)}% likely, happened {round(happened)}%"


def overall_text(
    attempts: int, predicted: float | None, actual: float | None, likelihood: float | None, happened: float | None
) -> str | None:
    """One line across all ladder attempts, leading with the surprise, or None before the first attempt."""
    if attempts == 0:
        return None
    text = f"Across {'1 try' if attempts == 1 else f'{attempts} tries'} so far"
    if likelihood is not None and happened is not None:
        text += f", what you feared felt {round(likelihood)}% likely on average and happened {round(happened)}%"
    text += "."
    if predicted is not None and actual is not None:
        text += f" Tolerability: you expected {_number(predicted)}, it was {_number(actual)}."
    return text


def suggest_next(attempts: Sequence[Attempt], item: Rung, ladder: Sequence[Rung]) -> Suggestion | None:
    """A gentle offer after recent attempts at `item`, or None when there is nothing to say yet.

    `attempts` are oldest first. Repeated livable attempts done fully → the next item up may be offered;
    the latest attempt intolerable → repeating it or a smaller step is offered. The surprise (what was
    feared against what happened) is named when there is one, since that is where the learning is.
    """
    rated = [a for a in attempts if a.outcome in ("fully", "partly") and a.actual_tolerability is not None]
    if not rated:
        return None
    last = rated[-1]
    active = [r for r in ladder_order(ladder) if not r.archived]
    if tolerability_band(last.actual_tolerability) == Band.INTOLERABLE:
        smaller = [r for r in active if r.difficulty < item.difficulty and r.id != item.id]
        step = smaller[-1] if smaller else None
        if step is not None:
            offer = f"or to take a smaller step first, such as “{step.name}”"
        else:
            offer = "or to make it smaller: less time, fewer repetitions or a shorter distance"
        return Suggestion(
            "repeat_or_smaller",
            f"“{item.name}” was really hard last time, and you still showed up for it. "
            f"It's fine to repeat it as it is, {offer}. Either way is progress.",
            step.id if step is not None else None,
        )
    streak = rated[-LIVABLE_STREAK:]
    if len(streak) < LIVABLE_STREAK or not all(
        a.outcome == "fully" and tolerability_band(a.actual_tolerability) == Band.LIVABLE for a in streak
    ):
        return None
    surprise = _surprise(streak)
    above = [r for r in active if r.id != item.id and (r.difficulty, r.name.casefold(), r.id) > (item.difficulty, item.name.casefold(), item.id)]
    if not above:
        return Suggestion(
            "top_of_ladder",
            f"Your last {LIVABLE_STREAK} goes at “{item.name}” were livable.{surprise} "
            "It's the top of your ladder: you could add something harder when you feel ready, "
            "or keep practising this one in new places and ways.",
        )
    nxt = above[0]
    return Suggestion(
        "step_up",
        f"Your last {LIVABLE_STREAK} goes at “{item.name}” were livable.{surprise} "
        f"If you feel ready, “{nxt.name}” (difficulty {nxt.difficulty}) could be a next step. "
        "Staying with this one a while longer is fine too.",
        nxt.id,
    )


def _surprise(attempts: Sequence[Attempt]) -> str:
    pairs = [(a.feared_likelihood, a.feared_happened) for a in attempts]
    pairs = [(f, h) for f, h in pairs if f is not None and h is not None]
    if pairs and sum(h for _, h in pairs) < sum(f for f, _ in pairs):
        return " What you feared happened less than you expected."
    better = [a for a in attempts if a.predicted_tolerability is not None and a.actual_tolerability > a.predicted_tolerability]
    if better:
        return " It went better than you predicted."
    return ""
