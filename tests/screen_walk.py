"""Seed a journal with chosen text in every field a person can type or an import can bring, then walk every
screen of the app and collect what each one shows (used by the hostile-text and projector-privacy tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coach.store.engine.db import Store
from tests.conftest import FIXED_NOW, settle


@dataclass(frozen=True)
class Words:
    """One piece of text per field (each may be the same)."""

    note: str
    sign: str
    flag: str
    goal: str
    feared: str
    noticed: str
    response: str
    dose_note: str
    ladder: str
    exercise_id: str
    care_name: str
    med_note: str
    keys: str


def seed(store: Store, words: Words, *, care_phone: str = "555 0100", drug: str = "oxycodone",
         strength: float = 10.0, doses: float = 2.0) -> date:
    """A finished day (check-in, run, goal, reflection), a ladder, a taper plan and settings; returns the day."""
    from coach.store.models import (
        CheckIn, DailySession, DoseTiming, ExerciseRun, ExposureGoal, LadderItem, Outcome, Reflection, SessionStatus,
    )
    from coach.store.repo import set_setting
    from coach.store.settings import save_setting
    from coach.store.taper import add_medication, add_step

    today = FIXED_NOW.date()
    day = today - timedelta(days=1)
    at = FIXED_NOW - timedelta(days=1)
    with store.session() as db:
        item = LadderItem(name=words.ladder, difficulty=40, created_at=at)
        db.add(item)
        db.flush()
        for offset, current in ((2, "summary"), (1, "summary"), (0, "reflection")):
            session = DailySession(day=today - timedelta(days=offset), started_at=at, current_step=current,
                                   status=SessionStatus.DONE if offset else SessionStatus.IN_PROGRESS)
            db.add(session)
            db.flush()
            db.add(CheckIn(session_id=session.id, pain=6, tolerability=5, distress=4, sleep=5, mood=5,
                           dose_timing=DoseTiming.TAKEN_EARLY, withdrawal_signs=[words.sign],
                           red_flags=[words.flag], note=words.note))
            db.add(ExerciseRun(session_id=session.id, exercise_id=words.exercise_id, started_at=at,
                               seconds_completed=120, distress_before=6, distress_after=3, completed=True))
            goal = ExposureGoal(session_id=session.id, ladder_item_id=item.id, text=words.goal, planned_amount=10,
                                predicted_peak_pain=7, predicted_tolerability=4, feared_outcome=words.feared,
                                feared_likelihood=70)
            db.add(goal)
            db.flush()
            db.add(Reflection(session_id=session.id, goal_id=goal.id, outcome=Outcome.PARTLY, actual_peak_pain=5,
                              actual_tolerability=6, feared_happened=20, noticed=words.noticed,
                              response_practised=words.response, extra_dose=True, extra_dose_note=words.dose_note))
        med = add_medication(db, drug, strength, doses, today - timedelta(days=60), words.med_note)
        add_step(db, med, today - timedelta(days=20), strength * 0.75, doses, words.med_note)
        add_step(db, med, today + timedelta(days=10), strength * 0.5, doses, words.med_note)
        save_setting(db, "care_team", [{"role": "prescriber", "name": words.care_name, "phone": care_phone}])
        save_setting(db, "opioid_duration", "a_year_or_more")
        set_setting(db, "keymap", {"help": words.keys})  # as an import could bring it
        set_setting(db, "onboarding_step", "care_team")
    return day


def rendered(app) -> str:  # noqa: ANN001 - CoachApp
    """Every character the screen's compositor would send to the terminal (styles left aside)."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        lines.append("".join(segment.text for segment in strip if not segment.control))
    return "\n".join(lines)


async def walk(app, pilot, day: date) -> dict[str, str]:  # noqa: ANN001
    """Open every screen in turn (waiting for its data) and return what each showed."""
    from coach.tui.places import SCREENS_BY_NAME
    from coach.screens.edit_entry import EditEntryScreen
    from coach.screens.history import DayScreen
    from coach.screens.session import SessionScreen

    seen: dict[str, str] = {}

    async def look(name: str) -> None:
        await settle(pilot)
        await pilot.pause(0.05)
        await settle(pilot)
        seen[name] = rendered(app)

    await look("home")
    for name in SCREENS_BY_NAME:
        if name == "home":
            continue
        app.action_open(name)
        await look(name)
        while len(app.screen_stack) > 1:
            app.pop_screen()
        await settle(pilot)
    for step in ("checkin", "exercise", "goal", "reflection", "summary"):
        if app.recording:
            await app.push_screen(SessionScreen(step=step))
            await look(f"session-{step}")
            app.pop_screen()
    await app.wait_for_store()
    await app.push_screen(DayScreen(day))
    await look("day")
    await pilot.press("c")  # corrections of that day
    await look("day-corrections")
    while len(app.screen_stack) > 1:
        app.pop_screen()
    if not app.shown.hide_private:
        from sqlmodel import select

        from coach.store.models import CheckIn

        with app.store.session() as db:
            checkin_id = db.exec(select(CheckIn.id)).first()
        await app.push_screen(EditEntryScreen("checkin", checkin_id, "note"))
        await look("edit-note")
        app.pop_screen()
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await look("palette")
    await pilot.press("escape")
    await settle(pilot)
    return seen
