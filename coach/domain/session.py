"""The daily session's plain rules: step order, when PEG is due, the checklists, and the status line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.domain import session_steps

# The wizard's steps in order. The reflection comes after the activity, usually later the same day.
STEPS: tuple[str, ...] = ("checkin", "exercise", "goal", "reflection", "summary")
STEP_TITLES: dict[str, str] = {
    "checkin": "Check-in",
    "exercise": "Exercise",
    "goal": "Exposure goal",
    "reflection": "How did it go?",
    "summary": "Summary",
}

PEG_INTERVAL_DAYS = 7

# Dose timing relative to the usual schedule. Neutral words: this is information, never a score.
DOSE_TIMING_CHOICES: tuple[tuple[str, str], ...] = (
    ("on_schedule", "On my usual schedule"),
    ("due_soon", "My next dose is due soon"),
    ("taken_early", "I took a dose earlier than usual"),
    ("extra_dose", "I took an extra dose"),
    ("not_on_opioids", "I'm not taking opioids"),
)

# Units for the exposure goal's planned amount.
AMOUNT_UNITS: tuple[tuple[str, str], ...] = (("minutes", "minutes"), ("reps", "times"), ("distance", "distance"))

# A short withdrawal checklist in our own words (not a scored questionnaire).
WITHDRAWAL_SIGNS: tuple[tuple[str, str], ...] = (
    ("yawning", "Yawning a lot"),
    ("runny_nose", "Runny nose or watery eyes"),
    ("sweating", "Sweating or chills"),
    ("gooseflesh", "Gooseflesh"),
    ("aches", "Aching muscles or bones"),
    ("restless", "Restless, can't settle"),
    ("nausea", "Nausea"),
    ("stomach", "Stomach cramps or diarrhoea"),
    ("anxious", "Anxious or on edge"),
    ("poor_sleep", "Poor sleep"),
)

# Signs that need help now rather than practice: any one opens the Help and safety screen first.
WARNING_SIGNS: tuple[tuple[str, str], ...] = (
    ("breathing", "Breathing that is slow, shallow or a struggle"),
    ("drowsy", "So drowsy it is hard to stay awake"),
    ("allergy", "Swelling of the face, lips, tongue or throat, or spreading hives"),
    ("self_harm", "Thoughts of ending your life or harming yourself"),
    ("back_red_flag", "With back pain: new loss of bladder or bowel control, or numbness around the groin"),
)

# Exercises suggested for how the check-in went (ids of the shipped library; the first that exists wins).
_SUGGESTIONS_HIGH_ALARM = ("paced-breathing", "box-breathing")
_SUGGESTIONS_HIGH_PAIN = ("noticing-sensation", "body-scan")
_SUGGESTIONS_ROTATION = (
    "paced-breathing",
    "five-senses",
    "noticing-sensation",
    "box-breathing",
    "leaves-on-a-stream",
    "body-scan",
    "riding-the-urge",
    "values-compass",
)


def next_step(step: str) -> str:
    """The step after `step` (the summary is last)."""
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def previous_step(step: str) -> str | None:
    """The step before `step`, or None at the first. Back from the summary is "How did it go?", which
    the goal's Next passes over (the reflection usually comes later in the day)."""
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


# On the chosen PEG day, a PEG answered this recently still counts for this week.
PEG_SETTLE_DAYS = 3


def peg_due(last_peg_day: date | None, today: date, weekday: int | None = None) -> bool:
    """PEG's three questions are asked once a week: on the first day, then 7 or more days after the last.

    With a chosen `weekday` (0 = Monday, the "PEG day" setting) they are also asked on that day unless
    answered in the last few days, so the weekly check settles on the day the person picked.
    """
    if last_peg_day is None:
        return True
    days_since = (today - last_peg_day).days
    if days_since >= PEG_INTERVAL_DAYS:
        return True
    return weekday is not None and today.weekday() == weekday and days_since >= PEG_SETTLE_DAYS


def peg_score(pain: int | None, enjoyment: int | None, activity: int | None) -> float | None:
    """PEG = the mean of its three 0–10 items, or None until all three are answered."""
    if pain is None or enjoyment is None or activity is None:
        return None
    return round((pain + enjoyment + activity) / 3, 1)


def suggest_exercise(
    available: list[str], *, distress: int | None, pain: int | None, day: date, usual: str | None = None
) -> str | None:
    """An exercise to suggest after the check-in: calming when the alarm is high, attention to the
    sensation when pain is high, otherwise the person's usual one (the "default exercise" setting)
    or, without one, a different one each day so practice varies."""
    if not available:
        return None
    if distress is not None and distress >= 7:
        preferred: tuple[str, ...] = _SUGGESTIONS_HIGH_ALARM
    elif pain is not None and pain >= 7:
        preferred = _SUGGESTIONS_HIGH_PAIN
    elif usual in available:
        return usual
    else:
        rotation = [e for e in _SUGGESTIONS_ROTATION if e in available] or list(available)
        return rotation[day.toordinal() % len(rotation)]
    for exercise_id in preferred:
        if exercise_id in available:
            return exercise_id
    return available[0]


@dataclass(frozen=True)
class TodayState:
    """Where today's session stands, for Home and the status line."""

    started: bool = False
    checkin_done: bool = False
    exercise_done: bool = False
    goal_set: bool = False  # an activity is named: the reflection can follow
    reflection_done: bool = False
    finished: bool = False  # the user reached the summary
    current_step: str = "checkin"
    goal_done: bool = False  # the activity and the prediction (see domain.session_steps)

    @classmethod
    def of(
        cls,
        *,
        finished: bool,
        current_step: str,
        checkin: Mapping[str, Any],
        runs: int,
        goal: Mapping[str, Any],
        reflection: Mapping[str, Any],
    ) -> TodayState:
        """A started day's state from its answers, each step judged by domain.session_steps."""
        done = session_steps.done_steps(checkin, runs, goal, reflection)
        return cls(
            started=True,
            checkin_done="checkin" in done,
            exercise_done="exercise" in done,
            goal_set=session_steps.goal_chosen(goal),
            reflection_done="reflection" in done,
            finished=finished,
            current_step=current_step,
            goal_done="goal" in done,
        )

    @property
    def reflection_pending(self) -> bool:
        return self.goal_set and not self.reflection_done

    def step_rows(self) -> tuple[tuple[str, bool, str], ...]:
        """Today's four steps as Home and `coach today` list them: (title, done, what it waits for)."""
        return (
            ("Check-in", self.checkin_done, "to do"),
            ("Exercise", self.exercise_done, "to do"),
            ("Exposure goal", self.goal_done, "to do"),
            ("How did it go?", self.reflection_done, "after your goal" if not self.goal_set else "later today"),
        )

    def phrase(self) -> str:
        """A few words on today, e.g. 'reflection pending'."""
        if not self.started:
            return "not started yet"
        if self.reflection_done:
            return "done"
        if self.finished and self.goal_set:
            return "reflection pending"
        if self.finished:
            return "done"
        # What is done, as Home's ✓ lines say it (not where the wizard was left: answering the check-in
        # and pressing Esc leaves it at the check-in, done).
        done = [STEP_TITLES[step].lower() for step, flag in (
            ("checkin", self.checkin_done), ("exercise", self.exercise_done), ("goal", self.goal_done)
        ) if flag]
        if done:
            listed = done[0] if len(done) == 1 else ", ".join(done[:-1]) + " and " + done[-1]
            return f"{listed} done"
        return f"{STEP_TITLES.get(self.current_step, 'session').lower()} in progress"


def status_line(
    day_number: int,
    today: TodayState,
    tolerability_today: int | None,
    tolerability_7day: float | None,
) -> str:
    """One line for a shell prompt: `day 34 · today: reflection pending · tolerability 6/10 (7-day 5.4)`."""
    parts = [f"day {day_number}", f"today: {today.phrase()}"]
    if tolerability_today is not None:
        tol = f"tolerability {tolerability_today}/10"
        if tolerability_7day is not None:
            tol += f" (7-day {tolerability_7day:.1f})"
        parts.append(tol)
    elif tolerability_7day is not None:
        parts.append(f"tolerability 7-day {tolerability_7day:.1f}/10")
    return " · ".join(parts)
