"""A weekly group session as an agenda: its parts in order, suggested minutes, where the room is, and the
session clock. Plain Python, so the screen only shows it and tests need no Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, Sequence

PartKind = Literal["welcome", "learn", "practice", "discuss", "home"]


class _Minutes(Protocol):
    welcome: int
    learn: int
    practice: int
    discuss: int
    home: int


class WeekLike(Protocol):
    """What the agenda needs from a program week (coach.content.program_weeks.ProgramWeek)."""

    week: int
    title: str
    aims: Sequence[str]
    learn_cards: Sequence[str]
    exercise: str
    exercise_minutes: float
    discussion: Sequence[str]
    home_practice: Sequence[str]
    minutes: _Minutes


@dataclass(frozen=True)
class AgendaPart:
    """One part of the session. `lines` are shown under the agenda while it is the current part; `opens`
    names the learn card(s) or the exercise it can show full-size."""

    kind: PartKind
    title: str
    minutes: int
    lines: tuple[str, ...]
    opens: tuple[str, ...] = ()


# Every week after the first opens with a look back at the home practice; every week closes with a round.
REVIEW_LINE = "First, last week's home practice: what went well, and what got in the way?"
ROUND_LINE = "Closing round: one thing each person takes away from today (passing is fine)."


def build_parts(week: WeekLike, card_titles: dict[str, str], exercise_title: str) -> tuple[AgendaPart, ...]:
    """The five parts of a week's session, in the order a room runs them."""
    m = week.minutes
    cards = tuple(card_titles.get(card_id, card_id) for card_id in week.learn_cards)
    review = (REVIEW_LINE,) if week.week > 1 else ()
    return (
        AgendaPart("welcome", "Welcome and check-in", m.welcome, ("This week we aim to:", *week.aims, *review)),
        AgendaPart("learn", "Learn together", m.learn, cards, tuple(week.learn_cards)),
        AgendaPart(
            "practice",
            f"Practise together: {exercise_title}",
            m.practice,
            (f"{exercise_title}, about {week.exercise_minutes:g} minutes, all together.",),
            (week.exercise,),
        ),
        AgendaPart("discuss", "Talk it over", m.discuss, tuple(week.discussion)),
        AgendaPart("home", "Home practice and closing round", m.home, (*week.home_practice, ROUND_LINE)),
    )


@dataclass
class Agenda:
    """Where the room is in the session, and how long it has been running (`now` in seconds, monotonic)."""

    parts: tuple[AgendaPart, ...]
    started_at: float
    current: int = 0
    part_started_at: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("an agenda needs at least one part")
        self.part_started_at = [self.started_at]

    @property
    def part(self) -> AgendaPart:
        return self.parts[self.current]

    @property
    def planned_minutes(self) -> int:
        return sum(part.minutes for part in self.parts)

    @property
    def at_last_part(self) -> bool:
        return self.current == len(self.parts) - 1

    def advance(self, now: float) -> bool:
        """Move to the next part; False (and no change) at the last one."""
        if self.at_last_part:
            return False
        self.current += 1
        self.part_started_at.append(now)
        return True

    def back(self, now: float) -> bool:
        """Return to the previous part; False at the first one."""
        if self.current == 0:
            return False
        self.current -= 1
        self.part_started_at.append(now)
        return True

    def elapsed(self, now: float) -> int:
        """Whole seconds since the session started."""
        return max(0, int(now - self.started_at))

    def part_elapsed(self, now: float) -> int:
        """Whole seconds since the room reached the current part."""
        return max(0, int(now - self.part_started_at[-1]))

    def planned_start_minute(self, index: int) -> int:
        """Minute of the session at which part `index` is planned to begin."""
        return sum(part.minutes for part in self.parts[:index])
