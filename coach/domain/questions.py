"""The day's questions as coach asks them: labels, scales and choices, shared by the session wizard and the
plain prompts and flags (`coach session --plain`, `coach checkin` ...). Plain Python, no UI."""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.scales import PEG_QUESTIONS, SCALE_ENDS

Choices = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Scale:
    """A whole-number rating: the field it saves, the question, its ends in words and its range."""

    field: str
    label: str
    ends: tuple[str, str]
    low: int = 0
    high: int = 10
    unit: str = ""  # "%" for a likelihood


# The check-in's five ratings of today: (field, label, scale id for its ends).
CHECKIN_SCALES: tuple[tuple[str, str, str], ...] = (
    ("pain", "Pain right now", "pain"),
    ("tolerability", "How tolerable is the pain right now?", "tolerability"),
    ("distress", "Alarm or distress right now", "distress"),
    ("sleep", "Sleep last night", "sleep"),
    ("mood", "Mood today", "mood"),
)
DOSE_TIMING_QUESTION = "Your medication timing today, compared with your usual schedule"
WITHDRAWAL_QUESTION = "Any of these today?"
WITHDRAWAL_HINT = "Common withdrawal signs. If they are new or getting stronger, tell your prescriber."
WARNING_QUESTION = "Any of these right now?"
PEG_INTRO = "Once a week: three questions about the past 7 days"
NOTE_QUESTION = "Anything else about today? (optional)"

# The goal's prediction, written down before the activity is tried.
GOAL_ACTIVITY_QUESTION = "Choose one activity you have been avoiding, sized so it feels a stretch but doable today."
GOAL_AMOUNT_QUESTION = "How much? (optional)"
GOAL_SCALES: tuple[tuple[str, str, str], ...] = (
    ("predicted_peak_pain", "Highest pain you expect during it", "pain"),
    ("predicted_tolerability", "How tolerable you expect it to be", "tolerability"),
)
FEAR_QUESTION = "What are you afraid might happen?"
FEAR_LIKELIHOOD = Scale("feared_likelihood", "How likely does that feel?", SCALE_ENDS["feared_likelihood"], 0, 100,
                        "%")
LADDER_DIFFICULTY = Scale("difficulty", "To add it to your ladder: how hard does it feel?", SCALE_ENDS["difficulty"],
                          0, 100)
DOSE_PLAN_NOTE = (
    "Practise on the medicine plan you and your prescriber agreed (for doses taken only when needed, follow "
    "what you agreed): the aim is to learn what you can do with the pain as it is, not to time a dose around "
    "the activity."
)

# "How did it go?", usually later the same day.
OUTCOME_QUESTION = "How did it go? Any answer is fine: each one teaches you something."
OUTCOMES: Choices = (("fully", "I did it"), ("partly", "I did part of it"), ("not_today", "Not today"))
REFLECTION_SCALES: tuple[tuple[str, str, str], ...] = (
    ("actual_peak_pain", "Highest pain during it", "pain"),
    ("actual_tolerability", "How tolerable it was", "tolerability"),
)
HAPPENED_ENDS = ("0% = it didn't happen at all", "100% = it happened just as feared")
FEAR_HAPPENED = Scale("feared_happened", "Did what you feared happen?", HAPPENED_ENDS, 0, 100, "%")
NOTICED_QUESTION = "What did you notice?"
PRACTISED_QUESTION = "What did you practise doing differently?"
EXTRA_DOSE_QUESTION = "Any extra dose today? This is only information for your prescriber."
EXTRA_DOSE: Choices = (("no", "No extra dose"), ("yes", "I took an extra dose"))
EXTRA_DOSE_NOTE_QUESTION = "Anything about it to tell your prescriber? (optional)"
NEXT_STEP_QUESTION = "Next time"
NEXT_STEPS: Choices = (("repeat", "Repeat it"), ("step_up", "Step up a little"), ("step_down", "Step down a little"))
SHARE_QUESTION = "Share this note with my care team"

# Exercise distress, before and after.
DISTRESS_BEFORE = "How loud is the alarm in your body right now?"
DISTRESS_AFTER = "How loud is the alarm now?"


def scale(field: str, label: str, ends_id: str) -> Scale:
    return Scale(field, label, SCALE_ENDS[ends_id])


def checkin_scales() -> tuple[Scale, ...]:
    return tuple(scale(*row) for row in CHECKIN_SCALES)


def peg_scales() -> tuple[tuple[Scale, str], ...]:
    """The PEG's three items: each scale (short label) with the item in its published wording."""
    return tuple((Scale(key, label, SCALE_ENDS[key]), question) for key, label, question in PEG_QUESTIONS)


def goal_scales() -> tuple[Scale, ...]:
    return tuple(scale(*row) for row in GOAL_SCALES)


def reflection_scales() -> tuple[Scale, ...]:
    return tuple(scale(*row) for row in REFLECTION_SCALES)


def option_word(key: str) -> str:
    """A choice's key as typed on a command line: on_schedule → on-schedule."""
    return key.replace("_", "-")


# Shorter words for `coach checkin --dose`, by the key of its choice in coach.domain.session.DOSE_TIMING_CHOICES
# (every key has one: tests/cli/test_checkin_cli.py).
DOSE_TIMING_WORDS: dict[str, str] = {
    "on_schedule": "on-schedule",
    "due_soon": "due-soon",
    "taken_early": "early",
    "extra_dose": "extra",
    "not_on_opioids": "none",
}


def choice_by_word(choices: Choices, words: dict[str, str] | None = None) -> dict[str, str]:
    """Every word a person may type for a choice (its short word, its key with - or _) → its key."""
    table: dict[str, str] = {}
    for key, _label in choices:
        table[key] = key
        table[option_word(key)] = key
        if words and key in words:
            table[words[key]] = key
    return table

