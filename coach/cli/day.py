"""The day without the full screen: `checkin`, `goal`, `reflect` (flags for every answer, one line back) and the
plain reading commands `today`, `history`, `progress`, `learn`, `taper`. Registered on the app in
coach/cli/common.py (main.py imports this module); imports only typer and the stdlib at module level."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, Optional

import typer

from coach.cli.common import DaysOption, app, fail, open_store_and_today

Answer = Optional[str]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")]


def _option(flag: str, help_text: str, metavar: str = "N") -> Any:
    """A flag for one answer, read as text and checked by the answer's own question (coach.plain.asking),
    so a wrong value gets one line saying what fits (the lists of words live in coach.domain, not here)."""
    return typer.Option(None, flag, help=help_text, show_default=False, metavar=metavar)


def open_journal(ctx: typer.Context, *, create: bool = False, saving: str | None = None):  # noqa: ANN202
    """The journal (a Store) and today's coach day; a file coach cannot use, or a read-only one when the
    command would be `saving`, is one line and exit 2."""
    from coach.store import StoreError
    from coach.store.engine.guard import read_only_refusal

    try:
        store, today = open_store_and_today(ctx, create=create)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if saving and store.read_only:
        store.close()
        raise fail(str(read_only_refusal(store.target.describe(), saving)))
    return store, today


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _echo_lines(lines: list[str]) -> None:
    typer.echo("\n".join(lines))


def record_part(ctx: typer.Context, part: str, flags: dict[str, tuple[str, Optional[str]]]) -> None:
    """Check every flag given (`flags`: field → (flag, typed value)), save them in one transaction, ask what
    the part still needs on a terminal (refused in one line on a pipe), and say the part in one line."""
    from coach.domain.days import local_now
    from coach.plain.asking import AnswerError, Leave
    from coach.plain.journal import DayJournal
    from coach.plain.parts import answers_line
    from coach.plain.session import ask_part, warn_first

    store, today = open_journal(ctx, saving=f"save your {part.replace('checkin', 'check-in')}")
    try:
        journal = DayJournal(store, today, local_now)
        asked, required = _part_questions(part, journal)
        by_field = {question.field: question for question in asked}
        given: dict[str, Any] = {}
        for field, (flag, typed) in flags.items():
            if typed is None:
                continue
            try:
                given[field] = by_field[field].parse(typed)
            except AnswerError as exc:
                raise fail(f"{flag} {typed!r}: {exc}") from None
        saved = dict(getattr(journal.answers(), part))
        have = {**saved, **{k: v for k, v in given.items() if v not in (None, [])}}
        if part == "reflection" and have.get("outcome") == "not_today":
            required -= {"actual_peak_pain", "actual_tolerability"}
        missing = [q.field for q in asked if q.field in required and have.get(q.field) in (None, "", [])]
        interactive = stdin_is_terminal()
        if missing and not interactive:
            names = ", ".join(flags[field][0] for field in missing)
            raise fail(f"missing {names}: give {'it' if len(missing) == 1 else 'them'} as flags "
                       "(input is not a terminal, so coach cannot ask)")
        prompter = _prompter(store)
        if given.get("red_flags"):
            prompter.help()
            typer.echo("Please get help with this first. Today's practice can wait; your answers are saved.")
        if given:
            journal.save(part, given)
        state = {**saved, **given}
        if interactive and (missing or not given):
            # With no flags at all, the whole part is asked; with some, only what it needs to be done.
            wanted = asked if not given else [question for question in asked if question.field in missing]
            try:
                ask_part(prompter, journal, part, wanted, state, required=frozenset(missing),
                         after=warn_first(prompter))
            except (Leave, KeyboardInterrupt):
                typer.echo("Stopped here; every answer you gave is saved.")
        _finish_part(journal, part, state)
        typer.echo(answers_line(part, today, state, asked))
        if part == "checkin" and any(q.field.startswith("peg_") for q in asked) and state.get("peg_pain") is None:
            typer.echo("This week's PEG is due: add --peg-pain N --peg-enjoyment N --peg-activity N.", err=True)
    finally:
        store.close()


def _prompter(store: Any):  # noqa: ANN202, ANN401 - Prompter, Store
    """Plain prompts on stdin/stdout; `help` prints Help and safety with the care team's numbers."""
    from coach.plain.asking import Prompter

    return Prompter(sys.stdin, sys.stdout, echo=not stdin_is_terminal(), help_text=lambda: help_lines_for(store))


def help_lines_for(store: Any) -> list[str]:  # noqa: ANN401
    from coach.domain.preferences import care_team_details
    from coach.plain.safety_text import help_lines
    from coach.store.repo import get_setting

    with store.session() as db:
        contacts = get_setting(db, "care_team") or []
    return help_lines(care_team_details(contacts))


def plain_wanted(asked: bool) -> bool:
    """Plain prompts instead of the full screen: asked for, COACH_PLAIN=1, TERM=dumb, or stdin or stdout not a
    terminal (answers piped in, or the output kept in a file or read by another program)."""
    import os

    if asked or os.environ.get("COACH_PLAIN") == "1" or os.environ.get("TERM") == "dumb":
        return True
    return not (sys.stdin.isatty() and sys.stdout.isatty())


def run_plain_session(ctx: typer.Context) -> int:
    """`coach session --plain`: the whole day as numbered plain questions, each answer saved as given."""
    import time

    from coach.content import ContentError, load_exercises
    from coach.domain.days import local_now
    from coach.plain.asking import Leave
    from coach.plain.journal import DayJournal
    from coach.plain.session import run_plain_day

    try:
        exercises = load_exercises()
    except ContentError as exc:
        raise fail(str(exc)) from None
    store, today = open_journal(ctx, create=True, saving="save your answers")
    try:
        prompter = _prompter(store)
        try:
            return run_plain_day(prompter, DayJournal(store, today, local_now), exercises, time.sleep)
        except (Leave, KeyboardInterrupt):  # Ctrl+D at a prompt, or Ctrl+C between two
            typer.echo("Stopped here; every answer you gave is saved. coach session --plain goes on from here.")
            return 0
    finally:
        store.close()


def _part_questions(part: str, journal: Any) -> tuple[list, set[str]]:
    from coach.domain.session_steps import CHECKIN_REQUIRED, GOAL_PREDICTION, REFLECTION_ACTUALS, REFLECTION_REQUIRED
    from coach.plain.parts import checkin_questions, goal_questions, reflection_questions

    if part == "checkin":
        return checkin_questions(journal.peg_due()), set(CHECKIN_REQUIRED)
    if part == "goal":
        return goal_questions(), {"text", *GOAL_PREDICTION}
    return reflection_questions(), {*REFLECTION_REQUIRED, *REFLECTION_ACTUALS}


def _finish_part(journal: Any, part: str, state: dict[str, Any]) -> None:
    """Where the day stands afterwards, as in the wizard: a goal or reflection given in full finishes the day
    (the reflection may follow later); a check-in leaves the day where it was."""
    from coach.domain.session_steps import goal_done, reflection_done

    if part == "goal" and goal_done(state) or part == "reflection" and reflection_done(state):
        journal.move_to("summary")


# --- the three answered parts -----------------------------------------------------------------------


@app.command()
def checkin(
    ctx: typer.Context,
    pain: Answer = _option("--pain", "Pain right now, 0-10."),
    tolerability: Answer = _option("--tolerability", "How tolerable the pain is right now, 0-10."),
    distress: Answer = _option("--distress", "Alarm or distress right now, 0-10."),
    sleep: Answer = _option("--sleep", "Sleep last night, 0-10."),
    mood: Answer = _option("--mood", "Mood today, 0-10."),
    dose: Answer = _option("--dose", "Medication timing against your usual schedule, one word (e.g. on-schedule).", "WORD"),
    withdrawal: Answer = _option("--withdrawal", "Withdrawal signs today, comma-separated words (e.g. yawning,poor-sleep).", "A,B"),
    warning: Answer = _option("--warning", "Warning signs right now, comma-separated words (e.g. breathing): "
                              "Help and safety is printed first.", "A,B"),
    note: Answer = _option("--note", "Anything else about today.", "TEXT"),
    peg_pain: Answer = _option("--peg-pain", "Weekly PEG: pain on average in the past week, 0-10."),
    peg_enjoyment: Answer = _option("--peg-enjoyment", "Weekly PEG: interference with enjoyment of life, 0-10."),
    peg_activity: Answer = _option("--peg-activity", "Weekly PEG: interference with general activity, 0-10."),
) -> None:
    """Today's check-in from the shell, one line back. Left-out ratings are asked on a terminal."""
    record_part(ctx, "checkin", {
        "pain": ("--pain", pain), "tolerability": ("--tolerability", tolerability),
        "distress": ("--distress", distress), "sleep": ("--sleep", sleep), "mood": ("--mood", mood),
        "dose_timing": ("--dose", dose), "withdrawal_signs": ("--withdrawal", withdrawal),
        "red_flags": ("--warning", warning), "note": ("--note", note), "peg_pain": ("--peg-pain", peg_pain),
        "peg_enjoyment": ("--peg-enjoyment", peg_enjoyment), "peg_activity": ("--peg-activity", peg_activity),
    })


@app.command()
def goal(
    ctx: typer.Context,
    activity: Answer = _option("--activity", "Today's activity, in your own words.", "TEXT"),
    amount: Answer = _option("--amount", "How much (a number)."),
    unit: Answer = _option("--unit", "Of what, one word (e.g. minutes).", "WORD"),
    expect_pain: Answer = _option("--expect-pain", "Highest pain you expect during it, 0-10."),
    expect_tolerability: Answer = _option("--expect-tolerability", "How tolerable you expect it to be, 0-10."),
    fear: Answer = _option("--fear", "What you are afraid might happen.", "TEXT"),
    fear_likely: Answer = _option("--fear-likely", "How likely that feels, 0-100 (%)."),
) -> None:
    """Today's exposure goal with its prediction, one line back. Left-out answers are asked on a terminal."""
    record_part(ctx, "goal", {
        "text": ("--activity", activity), "planned_amount": ("--amount", amount), "amount_unit": ("--unit", unit),
        "predicted_peak_pain": ("--expect-pain", expect_pain),
        "predicted_tolerability": ("--expect-tolerability", expect_tolerability),
        "feared_outcome": ("--fear", fear), "feared_likelihood": ("--fear-likely", fear_likely),
    })


@app.command()
def reflect(
    ctx: typer.Context,
    outcome: Answer = _option("--outcome", "How it went, one word (e.g. fully).", "WORD"),
    pain: Answer = _option("--pain", "Highest pain during it, 0-10."),
    tolerability: Answer = _option("--tolerability", "How tolerable it was, 0-10."),
    fear_happened: Answer = _option("--fear-happened", "Did what you feared happen, 0-100 (%)."),
    noticed: Answer = _option("--noticed", "What you noticed.", "TEXT"),
    practised: Answer = _option("--practised", "What you practised doing differently.", "TEXT"),
    extra_dose: Answer = _option("--extra-dose", "Any extra dose today, yes or no (information for your prescriber).", "YES|NO"),
    extra_dose_note: Answer = _option("--extra-dose-note", "Anything about it to tell your prescriber.", "TEXT"),
    next_time: Answer = _option("--next", "Next time, one word (e.g. repeat).", "WORD"),
    share: Answer = _option("--share", "Share this note with your care team, yes or no.", "YES|NO"),
) -> None:
    """How today's goal went, one line back. Left-out answers are asked on a terminal."""
    record_part(ctx, "reflection", {
        "outcome": ("--outcome", outcome), "actual_peak_pain": ("--pain", pain),
        "actual_tolerability": ("--tolerability", tolerability), "feared_happened": ("--fear-happened", fear_happened),
        "noticed": ("--noticed", noticed), "response_practised": ("--practised", practised),
        "extra_dose": ("--extra-dose", extra_dose), "extra_dose_note": ("--extra-dose-note", extra_dose_note),
        "next_step": ("--next", next_time), "share_with_care_team": ("--share", share),
    })


# --- plain reading ----------------------------------------------------------------------------------


def _read(ctx: typer.Context, view: Any, *args: Any) -> Any:  # noqa: ANN401
    store, today = open_journal(ctx)
    try:
        with store.session() as db:
            return view(db, today, *args)
    finally:
        store.close()


@app.command()
def today(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Today's four steps, what is left, and the answers so far, as plain text."""
    from coach.plain.reading import today_lines, today_view

    view = _read(ctx, lambda db, day: today_view(db, day))
    typer.echo(json.dumps(view, indent=2, sort_keys=True) if as_json else "\n".join(today_lines(view)))


@app.command()
def history(ctx: typer.Context, days: DaysOption = 14, as_json: JsonOption = False) -> None:
    """Your past days, one line each, newest first."""
    from coach.plain.reading import history_lines, history_view

    rows = _read(ctx, history_view, days)
    typer.echo(json.dumps(rows, indent=2, sort_keys=True) if as_json else "\n".join(history_lines(rows, days)))


@app.command()
def progress(ctx: typer.Context, days: DaysOption = 28, as_json: JsonOption = False) -> None:
    """How the last weeks went, in sentences (no charts)."""
    from coach.plain.reading import stats_trend_sentences
    from coach.store.queries.stats import last_days, summary

    result = _read(ctx, lambda db, day: summary(db, last_days(day, days), day))
    sentences = stats_trend_sentences(result)
    if as_json:
        typer.echo(json.dumps({"sentences": sentences, "summary": result.as_dict()}, indent=2, sort_keys=True))
    else:
        _echo_lines(sentences)


@app.command()
def learn(
    card: Annotated[Optional[str], typer.Argument(help="A card to read (see the list without one).")] = None,
) -> None:
    """The Learn cards as plain text: the list, or one card."""
    from coach.content import ContentError, load_learn_cards
    from coach.plain.reading import learn_lines

    try:
        cards = sorted(load_learn_cards(), key=lambda c: c.order)
    except ContentError as exc:
        raise fail(str(exc)) from None
    if card is None:
        width = max(len(c.id) for c in cards)
        _echo_lines([f"{c.id:<{width}}  {c.title}: {c.summary}" for c in cards]
                    + ["", "coach learn NAME reads one."])
        return
    wanted = card.strip().lower().replace(" ", "-")
    found = next((c for c in cards if c.id == wanted or c.title.lower() == card.strip().lower()), None)
    if found is None:
        raise fail(f"no learn card called {card!r}; coach learn lists them")
    _echo_lines(learn_lines(found))


@app.command()
def taper(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The taper plan you agreed with your prescriber, with MME/day, as plain text."""
    from coach.plain.reading import taper_lines, taper_view

    view = _read(ctx, taper_view)
    typer.echo(json.dumps(view, indent=2, sort_keys=True) if as_json else "\n".join(taper_lines(view)))
