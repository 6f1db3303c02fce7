"""The step day: on the day a taper step down starts and the two days after, Home and the check-in show one
calm line about the lower tolerance, with a key to the learn card on staying safe."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Static

from coach.domain.step_day import RegimenStart, step_day_line, step_down_days_ago
from coach.screens.home import HomeScreen
from coach.screens.learn import LearnScreen
from coach.screens.session import SessionScreen
from coach.store.taper import add_medication, add_step
from tests.conftest import FIXED_NOW, settle

TODAY = FIXED_NOW.date()  # coach's day at 09:30 with the default 04:00 day start


def _plan(store, step_start: date, *, strength: float = 20.0, drug: str = "oxycodone") -> None:
    """Oxycodone 30 mg twice a day from the summer, then a step to `strength` on `step_start`."""
    with store.session() as db:
        med = add_medication(db, drug, 30.0, 2.0, date(2026, 6, 1))
        add_step(db, med, date(2026, 8, 1), 25.0, 2.0)
        add_step(db, med, step_start, strength, 2.0)


def _line(app) -> Static:
    return app.screen.query_one("#step-day", Static)


# --- the rule ----------------------------------------------------------------------------------


def test_step_down_counts_for_the_day_it_starts_and_the_two_after():
    starts = [RegimenStart(1, date(2026, 6, 1), 60), RegimenStart(1, date(2026, 11, 20), 50)]
    assert [step_down_days_ago(starts, date(2026, 11, 20) + timedelta(days=d)) for d in range(-1, 4)] == [
        None, 0, 1, 2, None,
    ]
    assert step_down_days_ago([], TODAY) is None


def test_a_step_up_a_same_dose_step_or_a_new_medication_is_not_a_step_down():
    up = [RegimenStart(1, date(2026, 6, 1), 60), RegimenStart(1, TODAY, 70)]
    same = [RegimenStart(1, date(2026, 6, 1), 60), RegimenStart(1, TODAY, 60)]
    new_medication = [RegimenStart(1, date(2026, 6, 1), 60), RegimenStart(2, TODAY, 8)]
    for starts in (up, same, new_medication):
        assert step_down_days_ago(starts, TODAY) is None
    # A stop (to 0) and a drug without an MME factor both count: only the amounts are compared.
    assert step_down_days_ago([RegimenStart(3, date(2026, 1, 1), 16), RegimenStart(3, TODAY, 0)], TODAY) == 0


def test_the_most_recent_step_down_wins():
    starts = [
        RegimenStart(1, date(2026, 6, 1), 60), RegimenStart(1, TODAY - timedelta(days=2), 50),
        RegimenStart(2, date(2026, 6, 1), 10), RegimenStart(2, TODAY - timedelta(days=1), 5),
    ]
    assert step_down_days_ago(starts, TODAY) == 1


def test_the_line_is_calm_and_says_what_to_do():
    """Issue 23: the line says the action (an earlier dose or extras can now cause an overdose, so talk to
    the prescriber first), never what dose to take."""
    lines = [step_day_line(days) for days in (0, 1, 2)]
    assert "starts today" in lines[0] and "started yesterday" in lines[1] and "started 2 days ago" in lines[2]
    for line in lines:
        assert "Tolerance falls with each step" in line and "Press d" in line
        assert "earlier dose" in line and "taking extra" in line and "overdose" in line
        assert "talk to your prescriber first" in line
        for word in ("skip", "take a", "danger", "must", "should", "handles less"):
            assert word not in line.lower(), word


# --- Home and the check-in ---------------------------------------------------------------------


@pytest.mark.parametrize(("days_ago", "words"), [(0, "starts today"), (2, "started 2 days ago")])
async def test_home_shows_the_line_and_d_opens_the_card(make_test_app, store, days_ago, words):
    _plan(store, TODAY - timedelta(days=days_ago))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        line = _line(app)
        assert line.display and words in str(line.render()) and "Tolerance" in str(line.render())
        await pilot.press("d")
        assert isinstance(app.screen, LearnScreen)
        title = str(app.screen.query_one("#card-title", Static).render())
        assert title == "Staying safe while the dose comes down"
        await pilot.press("escape")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("plan", ["three days ago", "no plan", "a step up today"])
async def test_home_has_no_line_and_no_key_on_other_days(make_test_app, store, plan):
    if plan == "three days ago":
        _plan(store, TODAY - timedelta(days=3))
    elif plan == "a step up today":
        _plan(store, TODAY, strength=40.0)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not _line(app).display
        await pilot.press("d")
        assert isinstance(app.screen, HomeScreen)


async def test_home_shows_the_line_from_the_first_frame_read(store, db_path):
    """`coach` reads Home's numbers with sqlite3 before the store opens: the line is there too."""
    from coach.tui.app import make_app
    from coach.paths import resolve_db
    from coach.store.queries.status import quick_settings

    _plan(store, TODAY - timedelta(days=1))
    target = resolve_db(str(db_path))
    settings = quick_settings(target, now=FIXED_NOW)
    assert settings.home[2] == 1
    app = make_app(lambda: store, clock=lambda: FIXED_NOW, quick_target=target, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "started yesterday" in str(_line(app).render())
        assert app.store is None  # no store was needed for it


@pytest.mark.parametrize(("days_ago", "shown"), [(0, True), (2, True), (3, False), (None, False)])
async def test_the_check_in_shows_the_line_with_its_key(make_test_app, store, days_ago, shown):
    if days_ago is not None:
        _plan(store, TODAY - timedelta(days=days_ago))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.step == "checkin"
        line = app.screen.query_one("#step-day", Static)
        assert line.display is shown
        footer_keys = [b.binding.key for b in app.screen.active_bindings.values()]
        assert ("d" in footer_keys) is shown
        if shown:
            assert "Tolerance" in str(line.render())
            await pilot.press("d")
            assert isinstance(app.screen, LearnScreen)
            await pilot.press("escape", "escape")
            assert isinstance(app.screen, SessionScreen)


async def test_a_remapped_key_is_the_one_the_line_names(make_test_app, store):
    from coach.store.settings import save_setting

    _plan(store, TODAY)
    with store.session() as db:
        save_setting(db, "keymap", {"home-staying-safe": "k"})
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert "Press k" in str(_line(app).render())
        await pilot.press("k")
        assert isinstance(app.screen, LearnScreen)


@pytest.mark.parametrize("record", [False, True])
async def test_a_room_is_not_told_of_a_taper_step(make_test_app, store, record):
    """Projector mode on one's own data: taper steps are private, so neither Home nor the check-in (open
    with --record) shows the step-day line or its key."""
    _plan(store, TODAY)
    app = make_test_app(projector=True, record=record)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not _line(app).display
        assert "started" not in str(_line(app).render()) and "starts" not in str(_line(app).render())
        if record:
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, SessionScreen) and app.screen.step == "checkin"
            assert not _line(app).display
            assert "d" not in [b.binding.key for b in app.screen.active_bindings.values()]
