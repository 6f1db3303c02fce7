"""`coach session --plain`: the whole day as numbered plain questions (check-in, an exercise as timed cues,
the goal with its prediction, and the reflection later the same day), every answer saved as it is given."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.domain import questions as q
from coach.domain.literal_text import clean
from coach.domain.session import suggest_exercise
from coach.domain.session_steps import NOT_TRIED, checkin_done, exercise_done, goal_done, reflection_done
from coach.domain.step_day import step_day_line
from coach.plain.asking import Prompter, Question
from coach.plain.cues import run_exercise
from coach.plain.journal import DayJournal
from coach.plain.parts import answers_line, checkin_questions, day_words, goal_questions, reflection_questions

WARNING_FIRST = "Please get help with this first (Help and safety is above). Today's practice can wait; " \
    "your answers are saved."


def ask_part(
    ask: Prompter, journal: DayJournal, part: str, asked: list[Question], given: dict[str, Any],
    *, required: frozenset[str] = frozenset(), after: Callable[[Question, Any], None] | None = None,
) -> None:
    """Ask each question of `part` not answered yet, saving each answer as it comes (`given` is updated)."""
    for question in asked:
        if given.get(question.field) not in (None, "", []):
            continue
        if part == "reflection" and given.get("outcome") == NOT_TRIED and question.field.startswith("actual_"):
            continue  # nothing to compare when it was not tried
        if question.field == "extra_dose_note" and not given.get("extra_dose"):
            continue
        if question.field == "amount_unit" and given.get("planned_amount") is None:
            continue
        value = ask.ask(question, required=question.field in required)
        if value in (None, []) and question.kind != "checklist":
            continue
        journal.save(part, {question.field: value})
        given[question.field] = value
        if after is not None:
            after(question, value)


def warn_first(ask: Prompter) -> Callable[[Question, Any], None]:
    """After the warning-sign question: any sign ticked prints Help and safety at once."""

    def after(question: Question, value: Any) -> None:
        if question.field == "red_flags" and value:
            ask.help()
            ask.say(WARNING_FIRST)

    return after


def run_plain_day(ask: Prompter, journal: DayJournal, exercises: dict, sleep: Callable[[float], None]) -> int:
    """The day from where it stands; 0 when the walk ends, also after Ctrl+D (prompts raise Leave)."""
    journal.start()
    today = journal.answers()
    ask.say(f"Today's session, {day_words(journal.day)}.")
    ask.say("Type an answer and press Enter. Enter alone skips a question. Type help for Help and safety; "
            "Ctrl+D stops, keeping every answer given.")
    if today.status == "done":
        return _later(ask, journal, today)
    _checkin(ask, journal, today)
    _exercise(ask, journal, today, exercises, sleep)
    _goal(ask, journal, today)
    journal.move_to("summary")  # as the wizard's Next after the goal: the day is finished, reflection later
    ask.say("")
    ask.say("That's today's practice done. Well done for showing up.")
    if goal_done(today.goal) or today.goal.get("text"):
        answer = ask.ask(Question("reflect_now", "Have you done the activity already? Type y to say how it went "
                                  "now, or Enter for later today", "yes_no"))
        if answer:
            _reflection(ask, journal, today)
        else:
            ask.say("Come back later today: coach session --plain (or coach reflect) asks how it went.")
    return 0


def _later(ask: Prompter, journal: DayJournal, today: Any) -> int:
    """A finished day: the reflection if it is still to come, else where the day stands."""
    if today.goal.get("text") and not reflection_done(today.reflection):
        _reflection(ask, journal, today)
        return 0
    ask.say("Today's session is done" + (", the reflection too." if reflection_done(today.reflection) else "."))
    ask.say("coach today shows the day; coach checkin, goal and reflect change an answer.")
    return 0


def _heading(ask: Prompter, title: str, intro: str = "") -> None:
    ask.say("")
    ask.say(title)
    if intro:
        ask.say(intro)


def _checkin(ask: Prompter, journal: DayJournal, today: Any) -> None:
    asked = checkin_questions(journal.peg_due())
    if checkin_done(today.checkin):
        ask.say("")
        ask.say(answers_line("checkin", journal.day, today.checkin, asked).replace("Saved today's", "Today's", 1))
        return
    _heading(ask, "Check-in (step 1 of 4)", "A quick look at how today is.")
    days_ago = journal.step_day_in()
    if days_ago is not None:
        ask.say(step_day_line(days_ago, plain=True))
    ask_part(ask, journal, "checkin", asked, today.checkin, after=warn_first(ask))
    journal.move_to("exercise")
    ask.say(answers_line("checkin", journal.day, today.checkin, asked))


def _exercise(ask: Prompter, journal: DayJournal, today: Any, exercises: dict, sleep: Callable[[float], None]) -> None:
    if exercise_done(len(today.runs)):
        ask.say("")
        ask.say("Exercise: done today.")
        return
    _heading(ask, "Exercise (step 2 of 4)",
             "A few minutes of practice to settle the alarm before today's goal.")
    ids = list(exercises)
    usual = journal.setting("default_exercise")
    suggested = suggest_exercise(ids, distress=today.checkin.get("distress"), pain=today.checkin.get("pain"),
                                 day=journal.day, usual=usual)
    ordered = sorted(ids, key=lambda key: key != suggested)
    choices = tuple((key, exercises[key].title + ("  (suggested for today)" if key == suggested else ""))
                    for key in ordered)
    chosen = ask.ask(Question("exercise", "Which exercise? Enter goes on without one", "choice", choices=choices))
    if chosen is not None:
        minutes = journal.setting("default_exercise_minutes") if chosen == usual else None
        run_exercise(ask, journal, exercises[chosen], minutes, sleep)
        today.runs.append({"exercise_id": chosen})
    journal.move_to("goal")


def _goal(ask: Prompter, journal: DayJournal, today: Any) -> None:
    if goal_done(today.goal):
        ask.say("")
        ask.say(f"Today's goal: {clean(today.goal.get('text'), one_line=True)} (prediction written down).")
        return
    _heading(ask, "Exposure goal (step 3 of 4)", q.GOAL_ACTIVITY_QUESTION)
    ladder = journal.ladder()
    if ladder and not today.goal.get("text"):
        choices = tuple((str(item_id), f"{clean(name, one_line=True)} ({difficulty}/100)")
                        for item_id, name, difficulty in ladder)
        picked = ask.ask(Question("ladder", "From your ladder? Enter to type your own instead", "choice",
                                  choices=choices))
        if picked is not None:
            name = dict((str(i), n) for i, n, _ in ladder)[picked]
            journal.save("goal", {"ladder_item_id": int(picked), "text": name})
            today.goal.update(ladder_item_id=int(picked), text=name)
    asked = goal_questions()
    ask_part(ask, journal, "goal", asked, today.goal, required=frozenset({"text"}))
    if today.goal.get("ladder_item_id") is None and today.goal.get("text"):
        hard = ask.ask(Question(q.LADDER_DIFFICULTY.field, q.LADDER_DIFFICULTY.label, "scale",
                                scale=q.LADDER_DIFFICULTY, hint="Enter leaves it off the ladder"))
        if hard is not None:
            journal.add_to_ladder(today.goal["text"], hard)
            ask.say("Added to your ladder.")
    ask.say(q.DOSE_PLAN_NOTE)
    ask.say(answers_line("goal", journal.day, today.goal, asked))


def _reflection(ask: Prompter, journal: DayJournal, today: Any) -> None:
    words = clean(today.goal.get("text"), one_line=True)
    _heading(ask, "How did it go? (step 4 of 4)",
             f"Today's goal: {words}" if words else "No goal was set today; you can still note how the day went.")
    for field, scale in (("predicted_peak_pain", "expected peak pain"), ("predicted_tolerability",
                                                                        "expected tolerability")):
        if today.goal.get(field) is not None:
            ask.say(f"You wrote down: {scale} {today.goal[field]}.")
    asked = reflection_questions()
    ask_part(ask, journal, "reflection", asked, today.reflection, required=frozenset({"outcome"}))
    journal.move_to("summary")
    ask.say(answers_line("reflection", journal.day, today.reflection, asked))
