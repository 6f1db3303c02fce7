"""The three answered parts of the day (check-in, goal, reflection) as plain questions, built from the app's
own definitions (coach.domain.questions, scales, session), and each part's answers said in one line."""

from __future__ import annotations

from datetime import date
from typing import Any

from coach.domain import questions as q
from coach.domain.session import AMOUNT_UNITS, DOSE_TIMING_CHOICES, WARNING_SIGNS, WITHDRAWAL_SIGNS
from coach.plain.asking import Question

PART_TITLES = {"checkin": "check-in", "goal": "goal", "reflection": "reflection"}


def _scale(scale: q.Scale, text: str | None = None, **more: str) -> Question:
    return Question(scale.field, text or scale.label, "scale", scale=scale, **more)


def checkin_questions(show_peg: bool) -> list[Question]:
    """The check-in in the wizard's order; the PEG's three items only when they are due this week."""
    asked = [_scale(scale) for scale in q.checkin_scales()]
    asked += [
        Question("dose_timing", q.DOSE_TIMING_QUESTION, "choice", choices=DOSE_TIMING_CHOICES,
                 words=q.DOSE_TIMING_WORDS),
        Question("withdrawal_signs", q.WITHDRAWAL_QUESTION, "checklist", choices=WITHDRAWAL_SIGNS,
                 hint=q.WITHDRAWAL_HINT),
        Question("red_flags", q.WARNING_QUESTION, "checklist", choices=WARNING_SIGNS,
                 hint="These need help now, not practice."),
    ]
    if show_peg:
        asked += [_scale(scale, item, intro=q.PEG_INTRO if index == 0 else "")
                  for index, (scale, item) in enumerate(q.peg_scales())]
    asked.append(Question("note", q.NOTE_QUESTION, "text", limit=4000))
    return asked


def goal_questions() -> list[Question]:
    """The goal: the activity in one's own words, how much, the prediction and the fear (ladder choice aside)."""
    return [
        Question("text", "Today's activity, in your own words (e.g. walk to the post box and back)", "text",
                 limit=200),
        Question("planned_amount", "How much? A number", "amount", hint="optional"),
        Question("amount_unit", "Of what?", "choice", choices=AMOUNT_UNITS),
        *(_scale(scale) for scale in q.goal_scales()),
        Question("feared_outcome", q.FEAR_QUESTION, "text", limit=2000),
        _scale(q.FEAR_LIKELIHOOD),
    ]


def reflection_questions() -> list[Question]:
    return [
        Question("outcome", q.OUTCOME_QUESTION, "choice", choices=q.OUTCOMES),
        *(_scale(scale) for scale in q.reflection_scales()),
        _scale(q.FEAR_HAPPENED),
        Question("noticed", q.NOTICED_QUESTION, "text", limit=4000),
        Question("response_practised", q.PRACTISED_QUESTION, "text", limit=2000),
        Question("extra_dose", q.EXTRA_DOSE_QUESTION, "yes_no"),
        Question("extra_dose_note", q.EXTRA_DOSE_NOTE_QUESTION, "text", limit=2000),
        Question("next_step", q.NEXT_STEP_QUESTION, "choice", choices=q.NEXT_STEPS),
        Question("share_with_care_team", f"{q.SHARE_QUESTION}?", "yes_no"),
    ]


def day_words(day: date) -> str:
    """'Monday 7 December'."""
    return f"{day:%A} {day.day} {day:%B}"


# What each answer is called in the one line back (a scale by its field: "pain 6", "peg pain 5").
_CALLED = {"dose_timing": "dose", "withdrawal_signs": "withdrawal signs", "red_flags": "warning signs",
           "planned_amount": "amount", "amount_unit": "of", "extra_dose": "extra dose",
           "share_with_care_team": "shared with your care team", "predicted_peak_pain": "expected peak pain",
           "predicted_tolerability": "expected tolerability", "feared_likelihood": "fear feels likely",
           "actual_peak_pain": "peak pain", "actual_tolerability": "tolerability", "feared_happened": "fear happened",
           "next_step": "next time"}


# The person's own words are kept, not repeated back into the scrollback: only named as saved.
_TEXT_CALLED = {"note": "note", "text": "activity", "feared_outcome": "fear", "noticed": "what you noticed",
                "response_practised": "what you practised", "extra_dose_note": "note for your prescriber"}


def _lower_first(words: str) -> str:
    return words if words.startswith(("I ", "I'")) else words[:1].lower() + words[1:]


def _words(question: Question, value: Any, answers: dict[str, Any]) -> str | None:
    if value in (None, "", []) or question.kind == "text" or question.field == "amount_unit":
        return None
    called = _CALLED.get(question.field, question.field.replace("_", " ").replace("peg ", "PEG "))
    if question.field == "planned_amount":
        unit = dict(AMOUNT_UNITS).get(answers.get("amount_unit") or "minutes", "")
        return f"{called} {question.shown(value)} {unit}".rstrip()
    if question.kind == "scale":
        return f"{called} {question.shown(value)}"
    return f"{called}: {_lower_first(question.shown(value))}"


def answers_line(part: str, day: date, answers: dict[str, Any], asked: list[Question]) -> str:
    """One line back: "Saved today's check-in, Monday 7 December: pain 6, tolerability 4, ...; note saved"."""
    said = [w for w in (_words(question, answers.get(question.field), answers) for question in asked) if w]
    texts = [_TEXT_CALLED.get(question.field, question.field) for question in asked
             if question.kind == "text" and answers.get(question.field)]
    if texts:
        said.append(" and ".join(texts) + " saved")
    joined = ""
    for index, words in enumerate(said):
        if index:
            joined += "; " if ":" in words or ":" in said[index - 1] else ", "
        joined += words
    return f"Saved today's {PART_TITLES[part]}, {day_words(day)}: {joined or 'nothing answered yet'}"
