"""Command palette entries that jump straight to any exercise or learn card (facilitators use these)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


def _entries() -> list[tuple[str, str, Callable[..., None], tuple[object, ...]]]:
    """(palette text, help line, action, its arguments) for the two libraries and every item in them."""
    from coach.content import load_exercises, load_learn_cards
    from coach.domain.durations import planned_length

    entries: list[tuple[str, str, Callable[..., None], tuple[object, ...]]] = [
        ("Exercises: the library", "Breathing, grounding, body scan and more", _open_named, ("exercises",)),
        ("Learn: all cards", "Short reads on pain, the alarm system and practice", _open_named, ("learn",)),
    ]
    for exercise in load_exercises().values():
        length = planned_length(exercise).capitalize()
        entries.append(
            (f"Exercise: {exercise.title}", f"{length}. {exercise.summary}", _start_exercise, (exercise.id,))
        )
    for card in load_learn_cards():
        entries.append((f"Learn: {card.title}", card.summary, _open_card, (card.id,)))
    return entries


def _open_named(app, name: str) -> None:
    app.action_open(name)


def _start_exercise(app, exercise_id: str) -> None:
    from coach.screens.practice import PracticeExerciseScreen

    app.push_screen(PracticeExerciseScreen(exercise_id))


def _open_card(app, card_id: str) -> None:
    from coach.screens.learn import LearnScreen

    app.push_screen(LearnScreen(card_id=card_id))


class LibraryCommands(Provider):
    """Every exercise ("Exercise: Box breathing") and learn card ("Learn: Setbacks and flares")."""

    async def discover(self) -> Hits:
        for text, help_text, action, args in _entries():
            yield DiscoveryHit(text, partial(action, self.app, *args), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, action, args in _entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(action, self.app, *args), help=help_text)
