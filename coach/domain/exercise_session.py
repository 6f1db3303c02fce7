"""The exercise player's state: a timeline of prompts and breaths, driven by tick(dt) so tests control time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from coach.content.models import Exercise

# What the pacer says for each part of a breath.
PHASE_WORDS: dict[str, str] = {
    "in": "Breathe in",
    "hold": "Hold",
    "out": "Breathe out",
    "hold out": "Rest",
}


@dataclass(frozen=True)
class Segment:
    """One stretch of the timeline: a prompt shown large, or one phase of one breathing cycle."""

    kind: Literal["prompt", "breath"]
    start: float
    seconds: float
    text: str = ""
    phase: str = ""  # "in", "hold", "out" or "hold out" for a breath
    cycle: int = 0  # 1-based breathing cycle, 0 for a prompt

    @property
    def end(self) -> float:
        return self.start + self.seconds


def build_timeline(exercise: Exercise, minutes: float | None = None) -> list[Segment]:
    """The prompts (stretched to `minutes` for guided exercises), then the breathing cycles if any."""
    segments: list[Segment] = []
    at = 0.0
    for step, seconds in zip(exercise.steps, exercise.step_seconds_for(minutes), strict=True):
        segments.append(Segment("prompt", at, float(seconds), text=step.text))
        at += seconds
    for cycle in range(1, exercise.cycles_for(minutes) + 1):
        for phase in exercise.phases:
            segments.append(Segment("breath", at, phase.seconds, phase=phase.label, cycle=cycle))
            at += phase.seconds
    return segments


class ExerciseSession:
    """Where the person is in an exercise. Nothing here reads a clock: the caller passes elapsed time in.

    `position` is the place on the timeline (skips jump it forward); `practised` counts only the time
    that really passed while running, which is what gets saved as seconds completed.
    """

    def __init__(self, exercise: Exercise, minutes: float | None = None) -> None:
        self.exercise = exercise
        self.minutes = minutes
        self.segments = build_timeline(exercise, minutes)
        self.total = self.segments[-1].end
        self.cycles = max((s.cycle for s in self.segments), default=0)
        self.position = 0.0
        self.practised = 0.0
        self.paused = False
        self.finished = False
        self.completed = False
        self._index = 0

    # --- driving ------------------------------------------------------------------------------
    def tick(self, dt: float) -> None:
        """Let `dt` seconds pass. Does nothing while paused or once finished."""
        if dt < 0:
            raise ValueError(f"time cannot run backwards (dt={dt})")
        if self.paused or self.finished:
            return
        step = min(dt, self.total - self.position)
        self.practised += step
        self._move_to(self.position + step)

    def pause(self) -> None:
        if not self.finished:
            self.paused = True

    def resume(self) -> None:
        self.paused = False

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def skip(self) -> None:
        """On to the next prompt; in the breathing part, on to the next cycle. Past the last one, the end."""
        if self.finished:
            return
        current = self.current
        following = next(
            (
                s
                for s in self.segments[self._index + 1 :]
                if current.kind == "prompt" or s.cycle != current.cycle
            ),
            None,
        )
        self._move_to(following.start if following is not None else self.total)

    def finish(self) -> None:
        """Stop here, before the end: the time practised so far still counts."""
        if not self.finished:
            self.finished = True
            self.paused = False

    def _move_to(self, position: float) -> None:
        self.position = min(position, self.total)
        if self.position >= self.total:
            self.finished = True
            self.completed = True
            self.paused = False
            self._index = len(self.segments) - 1
            return
        while self.segments[self._index].end <= self.position:
            self._index += 1

    # --- reading ------------------------------------------------------------------------------
    @property
    def current(self) -> Segment:
        return self.segments[self._index]

    @property
    def seconds_completed(self) -> int:
        return int(self.practised)

    @property
    def remaining(self) -> float:
        return self.total - self.position

    @property
    def in_segment(self) -> float:
        """Seconds since the current segment began."""
        return self.position - self.current.start

    @property
    def count(self) -> int:
        """The count shown in a breath: 1, 2, 3, ... within the phase (0 outside breathing)."""
        segment = self.current
        if segment.kind != "breath":
            return 0
        return min(int(self.in_segment) + 1, math.ceil(segment.seconds))

    @property
    def pacer_level(self) -> float:
        """How full the breath is, 0 (empty) to 1 (full): rises breathing in, falls breathing out."""
        segment = self.current
        if segment.kind != "breath":
            return 0.0
        if self.finished:
            return 0.0
        progress = min(1.0, max(0.0, self.in_segment / segment.seconds))
        # Eased so the shape moves like a breath, slow at the turns.
        eased = (1 - math.cos(math.pi * progress)) / 2
        if segment.phase == "in":
            return eased
        if segment.phase == "out":
            return 1.0 - eased
        if segment.phase == "hold":
            return 1.0
        return 0.0


def format_clock(seconds: float) -> str:
    """Minutes and seconds, e.g. 4:05."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
