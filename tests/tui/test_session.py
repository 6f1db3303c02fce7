"""The daily session: rules, autosave queries, and the wizard walked by keys with the DB read after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from textual.widgets import ContentSwitcher, Input, Static

from coach.domain.session import (
    STEPS,
    TodayState,
    next_step,
    peg_due,
    peg_score,
    previous_step,
    status_line,
    suggest_exercise,
)
from coach.screens.help import HelpScreen
from coach.screens.home import HomeScreen
from coach.screens.session import SessionScreen
from coach.store.models import CheckIn, DailySession, ExposureGoal, LadderItem, Reflection, SessionStatus
from coach.store.sessions import (
    active_ladder_items,
    add_ladder_item,
    last_peg_day,
    load_session,
    record_checkin,
    record_goal,
    record_reflection,
    save_answers,
    save_goal_to_ladder,
    set_current_step,
    today_state,
)
from coach.widgets.scale import ScaleInput
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# --- domain ---------------------------------------------------------------------------------


def test_step_order_and_back():
    assert STEPS == ("checkin", "exercise", "goal", "reflection", "summary")
    assert next_step("checkin") == "exercise"
    assert next_step("summary") == "summary"
    assert previous_step("checkin") is None
    assert previous_step("exercise") == "checkin"
    assert previous_step("summary") == "reflection"
    assert previous_step("reflection") == "goal"


def test_peg_is_due_weekly():
    assert peg_due(None, TODAY)
    assert not peg_due(TODAY - timedelta(days=6), TODAY)
    assert peg_due(TODAY - timedelta(days=7), TODAY)
    assert peg_score(6, 5, 4) == 5.0
    assert peg_score(6, None, 4) is None


def test_suggestion_follows_the_check_in():
    ids = ["box-breathing", "body-scan", "noticing-sensation", "paced-breathing", "five-senses"]
    assert suggest_exercise(ids, distress=8, pain=2, day=TODAY) == "paced-breathing"
    assert suggest_exercise(ids, distress=2, pain=8, day=TODAY) == "noticing-sensation"
    days = {suggest_exercise(ids, distress=3, pain=3, day=TODAY + timedelta(days=n)) for n in range(5)}
    assert len(days) > 1  # varies day to day
    assert suggest_exercise([], distress=None, pain=None, day=TODAY) is None


def test_status_line_words():
    state = TodayState(started=True, goal_set=True, finished=True, current_step="summary")
    assert status_line(34, state, 6, 5.42) == "day 34 · today: reflection pending · tolerability 6/10 (7-day 5.4)"
    assert status_line(1, TodayState(), None, None) == "day 1 · today: not started yet"
    assert status_line(2, TodayState(started=True, current_step="goal"), None, 4.0) == (
        "day 2 · today: exposure goal in progress · tolerability 7-day 4.0/10"
    )
    both = TodayState(started=True, checkin_done=True, exercise_done=True, current_step="checkin")
    assert "today: check-in and exercise done" in status_line(2, both, None, None)
    done = TodayState(started=True, goal_set=True, reflection_done=True, finished=True)
    assert "today: done" in status_line(3, done, 7, None)


# --- store ----------------------------------------------------------------------------------


@pytest.mark.both_engines
def test_checkin_is_saved_field_by_field(store):
    with store.session() as db:
        sid = record_checkin(db, TODAY, FIXED_NOW, pain=6)
    with store.session() as db:
        assert record_checkin(db, TODAY, FIXED_NOW, tolerability=4, withdrawal_signs=["yawning"]) == sid
    with store.session() as db:
        rows = db.exec(select(CheckIn)).all()
        assert len(rows) == 1
        assert (rows[0].pain, rows[0].tolerability, rows[0].withdrawal_signs) == (6, 4, ["yawning"])
        assert len(db.exec(select(DailySession)).all()) == 1


@pytest.mark.parametrize(
    "fields",
    [{"pain": 11}, {"pain": -1}, {"pain": "7"}, {"dose_timing": "whenever"}, {"colour": "blue"}],
)
@pytest.mark.both_engines
def test_bad_answers_are_refused_and_nothing_is_lost(store, fields):
    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, pain=5)
    with pytest.raises(ValueError), store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, **fields)
    with store.session() as db:
        assert db.exec(select(CheckIn)).one().pain == 5


@pytest.mark.both_engines
def test_goal_reflection_and_step(store):
    with store.session() as db:
        record_goal(db, TODAY, FIXED_NOW, text="walk to the shop", predicted_peak_pain=7, feared_likelihood=60)
        record_reflection(db, TODAY, FIXED_NOW, outcome="partly", actual_peak_pain=5, extra_dose=False)
        set_current_step(db, TODAY, FIXED_NOW, "goal")
    with store.session() as db:
        answers = load_session(db, TODAY)
        assert answers.current_step == "goal" and answers.status == "in_progress"
        assert answers.goal["text"] == "walk to the shop"
        assert answers.reflection["outcome"] == "partly"
        reflection = db.exec(select(Reflection)).one()
        assert reflection.goal_id == db.exec(select(ExposureGoal)).one().id
    with store.session() as db:
        set_current_step(db, TODAY, FIXED_NOW, "summary")
    with store.session() as db:
        session = db.exec(select(DailySession)).one()
        assert session.status == SessionStatus.DONE and session.completed_at is not None
    with pytest.raises(ValueError), store.session() as db:
        set_current_step(db, TODAY, FIXED_NOW, "lunch")


@pytest.mark.both_engines
def test_typed_goal_saved_to_the_ladder_once(store):
    with store.session() as db:
        save_answers(db, TODAY, FIXED_NOW, {"goal": {"text": "carry the shopping"},
                                            "ladder": {"item": {"name": "carry the shopping", "difficulty": 40}}})
        save_goal_to_ladder(db, TODAY, FIXED_NOW, "carry the shopping", 45)
    with store.session() as db:
        items = db.exec(select(LadderItem)).all()
        assert [(i.name, i.difficulty) for i in items] == [("carry the shopping", 45)]
        assert db.exec(select(ExposureGoal)).one().ladder_item_id == items[0].id
        add_ladder_item(db, "stairs", 20, FIXED_NOW)
    with store.session() as db:
        assert [name for _, name, _ in active_ladder_items(db)] == ["stairs", "carry the shopping"]


@pytest.mark.both_engines
def test_last_peg_day_and_today_state(store):
    with store.session() as db:
        record_checkin(db, TODAY - timedelta(days=9), FIXED_NOW, peg_pain=5, peg_enjoyment=4, peg_activity=4)
        record_checkin(db, TODAY - timedelta(days=3), FIXED_NOW, pain=5)
        assert last_peg_day(db, TODAY) == TODAY - timedelta(days=9)
        assert today_state(db, TODAY) == TodayState()
        record_goal(db, TODAY, FIXED_NOW, text="stairs")
        set_current_step(db, TODAY, FIXED_NOW, "summary")
        state = today_state(db, TODAY)
    assert state.started and state.goal_set and state.finished and state.reflection_pending


# --- the wizard by keys ---------------------------------------------------------------------


async def _type(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def _text(widget: Static) -> str:
    """What a Static shows, as plain text (tables included)."""
    from rich.console import Console

    console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


def _focused_id(app) -> str | None:
    return app.focused.id if app.focused is not None else None


@pytest.mark.both_engines
async def test_whole_session_by_keys(make_test_app, store):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert _focused_id(app) == "pain"
        # Check-in: five ratings, dose timing, one withdrawal sign, PEG (first day: due), a note.
        for key in ("6", "tab", "5", "tab", "4", "tab", "7", "tab", "6", "tab"):
            await pilot.press(key)
        assert _focused_id(app) == "dose_timing"
        await pilot.press("enter")  # the first choice: on my usual schedule
        await pilot.press("tab", "space", "tab", "tab")  # tick the first withdrawal sign, skip warnings
        assert _focused_id(app) == "peg_pain"
        await pilot.press("5", "tab", "4", "tab", "3", "tab")
        assert _focused_id(app) == "note"
        await _type(pilot, "tired but ok")
        await pilot.press("enter")  # Enter moves on to the buttons
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "exercise"
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "goal"
        # Goal: the ladder is empty, so focus starts in the text box.
        assert _focused_id(app) == "goal-text"
        await _type(pilot, "walk to the post box")
        await pilot.press("tab")  # straight on to the amount: "add it to my ladder" waits below the last field
        assert _focused_id(app) == "planned_amount"
        await _type(pilot, "10")
        await pilot.press("tab", "tab")  # past the unit (minutes)
        assert _focused_id(app) == "predicted_peak_pain"
        await pilot.press("7", "tab", "4", "tab")
        await _type(pilot, "my back gives out")
        await pilot.press("tab", "6")  # 60% likely
        await pilot.press("tab", "6", "tab", "enter")  # difficulty 60, then "Add it to my ladder"
        await _settle(pilot)
        assert _focused_id(app) == "goal-next"
        assert app.screen.query_one("#ladder-added").display  # said in place, not in a toast
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "summary"
        summary = _text(screen.query_one("#summary-body", Static))
        assert "walk to the post box (10 minutes)" in summary
        assert "later today" in summary
        # Straight on to the reflection from the summary.
        screen.query_one("#summary-reflect").focus()
        await pilot.press("enter")
        await _settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "reflection"
        assert _focused_id(app) == "outcome"
        await pilot.press("down", "enter")  # "I did part of it"
        await pilot.press("tab", "5", "tab", "6", "tab", "2")  # pain 5, bearable 6, feared 20%
        await pilot.press("tab")
        await _type(pilot, "it eased after a while")
        await pilot.press("tab")
        await _type(pilot, "slow breaths")
        await pilot.press("tab", "enter")  # no extra dose
        await pilot.press("tab", "tab", "down", "enter")  # next time: step up
        await pilot.press("tab", "space")  # share with my care team
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "summary"
        summary = _text(screen.query_one("#summary-body", Static))
        assert "less true than you predicted" in summary
        await pilot.press("ctrl+n")  # Finish
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "✓ How did it go? done" in " ".join(_text(app.screen.query_one("#today-steps", Static)).split())
    with store.session() as db:
        session = db.exec(select(DailySession)).one()
        assert session.day == TODAY and session.status == SessionStatus.DONE and session.current_step == "summary"
        checkin = db.exec(select(CheckIn)).one()
        assert (checkin.pain, checkin.tolerability, checkin.distress, checkin.sleep, checkin.mood) == (6, 5, 4, 7, 6)
        assert checkin.dose_timing == "on_schedule"
        assert checkin.withdrawal_signs == ["yawning"] and checkin.red_flags == []
        assert (checkin.peg_pain, checkin.peg_enjoyment, checkin.peg_activity) == (5, 4, 3)
        assert checkin.note == "tired but ok"
        goal = db.exec(select(ExposureGoal)).one()
        item = db.exec(select(LadderItem)).one()
        assert (item.name, item.difficulty) == ("walk to the post box", 60)
        assert goal.ladder_item_id == item.id and goal.text == "walk to the post box"
        assert (goal.planned_amount, goal.amount_unit) == (10.0, "minutes")
        assert (goal.predicted_peak_pain, goal.predicted_tolerability) == (7, 4)
        assert (goal.feared_outcome, goal.feared_likelihood) == ("my back gives out", 60)
        reflection = db.exec(select(Reflection)).one()
        assert reflection.outcome == "partly"
        assert (reflection.actual_peak_pain, reflection.actual_tolerability, reflection.feared_happened) == (5, 6, 20)
        assert reflection.noticed == "it eased after a while" and reflection.response_practised == "slow breaths"
        assert reflection.extra_dose is False and reflection.next_step == "step_up"
        assert reflection.share_with_care_team is True


async def test_warning_sign_opens_help_first_then_back(make_test_app, store):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        app.screen.query_one("#red_flags").focus()
        await pilot.press("down", "space")  # the second sign: very drowsy
        await _settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await _settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert _focused_id(app) == "red_flags"
        assert "get help with this first" in _text(app.screen.query_one("#red-flag-hint", Static))
    with store.session() as db:
        assert db.exec(select(CheckIn)).one().red_flags == ["drowsy"]


@pytest.mark.both_engines
async def test_resume_fills_answers_and_opens_at_the_saved_step(make_test_app, store):
    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, pain=8, note="rough night", withdrawal_signs=["aches"],
                       dose_timing="due_soon")
        record_goal(db, TODAY, FIXED_NOW, text="stairs", predicted_peak_pain=6, planned_amount=2, amount_unit="reps")
        set_current_step(db, TODAY, FIXED_NOW, "goal")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert "Resume" in str(app.screen.query_one("#start").label)
        await pilot.press("s")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.query_one(ContentSwitcher).current == "goal"
        assert screen.query_one("#goal-text", Input).value == "stairs"
        assert screen.query_one("#planned_amount", Input).value == "2"
        assert screen.query_one("#predicted_peak_pain", ScaleInput).value == 6
        # Filling the form from the DB saves nothing new, and Back from the goal goes to the exercise.
        await pilot.press("escape")
        await _settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "exercise"
        with store.session() as db:
            assert load_session(db, TODAY).current_step == "exercise"
        # The check-in, built only now (see test_session_lazy_steps), shows the saved answers too.
        await pilot.press("escape")
        await _settle(pilot)
        assert screen.query_one(ContentSwitcher).current == "checkin"
        assert screen.query_one("#pain", ScaleInput).value == 8
        assert screen.query_one("#note", Input).value == "rough night"
        assert list(screen.query_one("#withdrawal_signs").selected) == ["aches"]
        assert screen.query_one("#dose_timing").pressed_button.name == "due_soon"
    with store.session() as db:
        assert load_session(db, TODAY).current_step == "checkin"
        assert db.exec(select(CheckIn)).one().note == "rough night"


async def test_peg_only_when_a_week_has_passed(make_test_app, store):
    with store.session() as db:
        record_checkin(db, TODAY - timedelta(days=3), FIXED_NOW, peg_pain=5, peg_enjoyment=5, peg_activity=5)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert not app.screen.query_one("#peg").display


async def test_home_offers_how_did_it_go_when_a_goal_is_waiting(make_test_app, store):
    with store.session() as db:
        record_checkin(db, TODAY, FIXED_NOW, pain=4, tolerability=6, distress=3, sleep=7, mood=6)
        record_goal(db, TODAY, FIXED_NOW, text="stairs", predicted_peak_pain=6, predicted_tolerability=5,
                    feared_likelihood=70)
        set_current_step(db, TODAY, FIXED_NOW, "summary")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        home = app.screen
        assert home.query_one("#reflect").display
        steps = " ".join(_text(home.query_one("#today-steps", Static)).split())
        assert "✓ Check-in done" in steps and "· Exercise to do" in steps and "How did it go? later today" in steps
        await pilot.press("r")
        await _settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "reflection"
        assert "Today's goal: stairs" in _text(app.screen.query_one("#reflection-goal", Static))
        await pilot.press("down", "down", "enter")  # not today
        await pilot.press("escape")  # from a reflection opened at Home, Back goes home
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one("#reflect").display
    with store.session() as db:
        assert db.exec(select(Reflection)).one().outcome == "not_today"


async def test_typing_never_waits_for_the_database(make_test_app, store):
    """With a slow write holding the wizard's write lock, keys still land on screen at once."""
    import threading
    import time

    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        screen = app.screen
        screen.query_one("#note", Input).focus()
        lock = screen._autosave._write_lock
        lock.acquire()  # a write that takes 3 seconds
        release = threading.Timer(3, lock.release)
        release.start()
        started = time.monotonic()
        await _type(pilot, "still typing")
        typed_in = time.monotonic() - started
        assert screen.query_one("#note", Input).value == "still typing"
        release.join()
        await _settle(pilot)
    assert typed_in < 2.5, f"typing waited on the database ({typed_in:.1f} s)"
    with store.session() as db:
        assert db.exec(select(CheckIn)).one().note == "still typing"


async def test_a_past_day_is_not_changed(make_test_app, store):
    """Yesterday's session stays as it was: today's wizard writes only to today."""
    yesterday = TODAY - timedelta(days=1)
    with store.session() as db:
        record_checkin(db, yesterday, FIXED_NOW, pain=3)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert app.screen.query_one("#pain", ScaleInput).value is None
        await pilot.press("9")
        await _settle(pilot)
    with store.session() as db:
        assert load_session(db, yesterday).checkin["pain"] == 3
        assert load_session(db, TODAY).checkin["pain"] == 9


async def test_a_new_day_while_open_starts_todays_session(store):
    """Left open past the day-start hour: the next answer is not written into yesterday."""
    from coach.tui.app import make_app

    clock = {"now": FIXED_NOW}
    app = make_app(lambda: store, clock=lambda: clock["now"], start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("4")
        await _settle(pilot)
        clock["now"] = FIXED_NOW + timedelta(days=1)
        await pilot.press("tab", "8")
        await _settle(pilot)
        await _settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.day == TODAY + timedelta(days=1)
        assert app.screen.query_one("#tolerability", ScaleInput).value is None
    with store.session() as db:
        yesterday = load_session(db, TODAY)
        assert yesterday.checkin["pain"] == 4 and yesterday.checkin["tolerability"] is None


async def test_how_did_it_go_key_only_when_a_goal_waits(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("r")
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_exercise_suggestion_follows_todays_check_in(make_test_app):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        app.screen.query_one("#distress").focus()
        await pilot.press("9")
        await pilot.press("ctrl+n")
        await _settle(pilot)
        suggestion = _text(app.screen.query_one("#suggestion", Static))
        assert "Paced breathing" in suggestion and "alarm is loud" in suggestion
        first = app.screen.query_one("#exercise-list").get_option_at_index(0)
        assert first.id == "paced-breathing"


@pytest.mark.both_engines
async def test_exercise_step_runs_the_practice_and_links_the_run(make_test_app, store):
    from coach.screens.practice import PracticeExerciseScreen
    from coach.store.models import ExerciseRun

    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert _focused_id(app) == "exercise-list"
        chosen = app.screen.query_one("#exercise-list").get_option_at_index(0).id
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, PracticeExerciseScreen)
        await pilot.press("6", "ctrl+s")  # alarm before, start
        await _settle(pilot)
        await pilot.press("f")  # finish the player early
        await _settle(pilot)
        assert isinstance(app.screen, PracticeExerciseScreen)
        await pilot.press("3", "enter", "enter")  # alarm after, on to Done, press it
        await _settle(pilot)
        await _settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.query_one(ContentSwitcher).current == "exercise"
        runs = _text(app.screen.query_one("#runs", Static))
        assert "alarm 6 → 3" in runs
        assert "✓ Exercise" in _text(app.screen.query_one("#steps", Static))
    with store.session() as db:
        run = db.exec(select(ExerciseRun)).one()
        session = db.exec(select(DailySession)).one()
        assert (run.exercise_id, run.session_id, run.distress_before, run.distress_after) == (chosen, session.id, 6, 3)


async def test_quitting_writes_the_answer_still_pending(make_test_app, store):
    """Ctrl+Q straight after typing: the screen writes what the writer had not reached yet."""
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        screen = app.screen
        screen._autosave._running = True  # as if a slow write were under way: nothing else starts
        screen.query_one("#note", Input).focus()
        await _type(pilot, "last words")
        with store.session() as db:
            assert load_session(db, TODAY).checkin.get("note") in (None, "")
        await pilot.press("ctrl+q")
    with store.session() as db:
        assert load_session(db, TODAY).checkin["note"] == "last words"


async def test_a_failed_write_keeps_the_answer_and_says_so(make_test_app, store, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import coach.store.sessions as sessions

    real = sessions.save_answers
    calls = {"n": 0}

    def flaky(db, day, now, answers):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(db, day, now, answers)

    monkeypatch.setattr(sessions, "save_answers", flaky)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("7")
        await _settle(pilot)
        assert "Not saved yet" in _text(app.screen.query_one("#saved", Static))
        await pilot.press("tab", "5")  # the next answer retries, carrying the first along
        await _settle(pilot)
        assert "saved" in _text(app.screen.query_one("#saved", Static))
    with store.session() as db:
        checkin = load_session(db, TODAY).checkin
    assert (checkin["pain"], checkin["tolerability"]) == (7, 5)


async def test_summary_offers_the_ladders_next_step(make_test_app, store):
    """After livable goes at a ladder item, the summary passes on the ladder's offer to step up."""
    with store.session() as db:
        easy = add_ladder_item(db, "Walk to the corner", 20, FIXED_NOW)
        add_ladder_item(db, "Walk to the park", 40, FIXED_NOW)
        for back in (2, 1):
            day = TODAY - timedelta(days=back)
            record_goal(db, day, FIXED_NOW, ladder_item_id=easy, text="Walk to the corner")
            record_reflection(db, day, FIXED_NOW, outcome="fully", actual_tolerability=8)
        record_goal(db, TODAY, FIXED_NOW, ladder_item_id=easy, text="Walk to the corner")
        record_reflection(db, TODAY, FIXED_NOW, outcome="fully", actual_tolerability=8)
        set_current_step(db, TODAY, FIXED_NOW, "summary")
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await _settle(pilot)
        box = app.screen.query_one("#ladder-suggestion", Static)
        assert box.display
        assert "Walk to the park" in _text(box)


async def test_goal_picked_from_the_ladder_by_keys(make_test_app, store):
    with store.session() as db:
        add_ladder_item(db, "Carry the shopping in", 55, FIXED_NOW)
        stairs = add_ladder_item(db, "Take the stairs", 25, FIXED_NOW)
        set_current_step(db, TODAY, FIXED_NOW, "goal")
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert _focused_id(app) == "goal-ladder"
        await pilot.press("enter", "down", "enter")  # open, first item (easiest first), choose
        await _settle(pilot)
        assert screen.query_one("#goal-text", Input).value == "Take the stairs"
        assert not screen.query_one("#ladder-add").display  # already on the ladder
        with store.session() as db:
            goal = load_session(db, TODAY).goal
        assert (goal["ladder_item_id"], goal["text"]) == (stairs, "Take the stairs")
        # Typing something of your own unlinks it, and offers to add it to the ladder.
        screen.query_one("#goal-text", Input).focus()
        await pilot.press("end", *" twice".replace(" ", "space ").split())
        await _settle(pilot)
        assert screen.query_one("#ladder-add").display
    with store.session() as db:
        goal = load_session(db, TODAY).goal
    assert goal["ladder_item_id"] is None and goal["text"].startswith("Take the stairs")


def test_session_command_refuses_a_bad_file_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from coach.cli.main import app as cli

    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    result = CliRunner().invoke(cli, ["--db", str(bad), "session"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not a coach database" in result.stderr
    assert bad.read_bytes() == b"\xff\xd8\xff\xe0 not a database"


def test_summary_hides_the_feared_words_when_asked():
    from types import SimpleNamespace

    from rich.console import Console

    from coach.screens.session import summary_renderable

    answers = SimpleNamespace(
        checkin={}, goal={"feared_outcome": "my back gives out", "feared_likelihood": 60}, reflection={}, runs=[]
    )
    console = Console(width=100, record=True)

    console.print(summary_renderable(answers, "walk", {}))
    assert "my back gives out" in console.export_text()
    from coach.widgets.shown import Shown

    console.print(summary_renderable(answers, "walk", {}, shown=Shown(hide_private=True)))
    text = console.export_text()
    assert "my back gives out" not in text and "walk" not in text and "(hidden in projector mode)" in text


@pytest.mark.parametrize(
    ("reflection", "pointer"),
    [
        ({"outcome": "fully", "feared_happened": 80}, True),
        ({"outcome": "partly", "feared_happened": 50}, True),
        ({"outcome": "fully", "feared_happened": 20}, False),
        ({"outcome": "not_today", "feared_happened": 90}, False),
        ({}, False),
    ],
)
def test_a_feared_outcome_that_happened_gets_a_get_it_checked_pointer(reflection, pointer):
    """Issue 23.9: an injury or new pain that happened is for the care team to look at."""
    from types import SimpleNamespace

    from rich.console import Console

    from coach.screens.session import summary_renderable

    answers = SimpleNamespace(
        checkin={}, goal={"feared_outcome": "I hurt my knee", "feared_likelihood": 60}, reflection=reflection, runs=[]
    )
    console = Console(width=100, record=True)
    console.print(summary_renderable(answers, "walk", {}))
    assert ("get it checked by your care team" in " ".join(console.export_text().split())) is pointer
