"""An exercise as timed plain cues: one line per prompt or breathing phase, no animation, no carriage
returns. The steps come from coach.domain.exercise_session, the run is saved as it goes (after every cue)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.domain import questions as q
from coach.domain.durations import format_duration, planned_length
from coach.domain.exercise_session import PHASE_WORDS, ExerciseSession
from coach.domain.scales import SCALE_ENDS
from coach.plain.asking import Prompter, Question


def cue_line(session: ExerciseSession) -> str:
    """The line for where the exercise is: a prompt's words, or 'Breath 3 of 30: breathe in, 4 seconds'."""
    segment = session.current
    if segment.kind == "prompt":
        return segment.text
    seconds = f"{segment.seconds:g} second{'s' if segment.seconds != 1 else ''}"
    return f"Breath {segment.cycle} of {session.cycles}: {PHASE_WORDS[segment.phase].lower()}, {seconds}"


def run_exercise(ask: Prompter, journal: Any, exercise: Any, minutes: float | None,
                 sleep: Callable[[float], None]) -> None:
    """Distress before, the cues in time (Ctrl+C stops early; the time practised still counts), distress after."""
    distress = Question("distress_before", q.DISTRESS_BEFORE, "scale",
                        scale=q.Scale("distress_before", q.DISTRESS_BEFORE, SCALE_ENDS["distress"]))
    ask.say("")
    ask.say(f"{exercise.title}: {exercise.summary} ({planned_length(exercise, minutes).capitalize()}.)")
    ask.say(" ".join(exercise.intro.split()))
    before = ask.ask(distress)
    run_id = journal.start_run(exercise.id, before)
    ask.say("Starting now. One line per cue; Ctrl+C stops early, and the time you practised still counts.")
    session = ExerciseSession(exercise, minutes)
    try:
        while not session.finished:
            ask.say(cue_line(session))
            sleep(session.current.end - session.position)
            session.tick(session.current.end - session.position)
            journal.update_run(run_id, seconds_completed=session.seconds_completed)
    except KeyboardInterrupt:
        session.finish()
    journal.update_run(run_id, ended_at=journal.now(), seconds_completed=session.seconds_completed,
                       completed=session.completed)
    done = "You did the whole exercise." if session.completed else "You stopped early, and that is fine."
    ask.say(f"{done} Time practised: {format_duration(session.seconds_completed)}.")
    ask.say(" ".join(exercise.closing.split()))
    if before is not None:
        ask.say(f"Before the exercise you said {before}.")
    after = ask.ask(Question("distress_after", q.DISTRESS_AFTER, "scale",
                             scale=q.Scale("distress_after", q.DISTRESS_AFTER, SCALE_ENDS["distress"])))
    if after is not None:
        journal.update_run(run_id, distress_after=after)
