"""After a step (issue 23.7): withdrawal signs on 3 or more of the last 7 check-ins, or pain rising in the
days after a step down, get one calm line at the check-in and a card on what to expect. Fixed dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Static

from coach.content import load_learn_cards
from coach.domain.step_day import AFTER_STEP_CARD, CheckinSigns, after_step_line
from coach.screens.session import SessionScreen
from coach.store.sessions import record_checkin, recent_checkin_signs
from coach.store.taper import add_medication, add_step
from tests.conftest import FIXED_NOW, settle

TODAY = FIXED_NOW.date()


def _days(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_withdrawal_on_three_of_the_last_seven_check_ins():
    two = [CheckinSigns(_days(d), 4, d in (1, 2)) for d in range(1, 8)]
    three = [CheckinSigns(_days(d), 4, d in (1, 3, 7)) for d in range(1, 8)]
    old = [CheckinSigns(_days(d), 4, d in (8, 9, 10)) for d in range(1, 11)]  # outside the last 7
    assert after_step_line(two, TODAY, None) is None
    assert after_step_line(old, TODAY, None) is None
    line = after_step_line(three, TODAY, None)
    assert line.startswith("Withdrawal signs can come for some days after a taper step")
    assert "slow or pause the plan" in line and "prescriber" in line and "After a step: what to expect" in line
    # today's own check-in is not counted: the line is there when the day's check-in opens
    assert after_step_line([CheckinSigns(TODAY, 4, True)] * 3, TODAY, None) is None


def test_pain_rising_after_a_recent_step_down():
    before = [CheckinSigns(_days(d), 4, False) for d in range(6, 12)]  # the week before a step 5 days ago
    after = [CheckinSigns(_days(d), 6, False) for d in (1, 3)]
    assert after_step_line(before + after, TODAY, 5).startswith("More pain can come")
    assert after_step_line(before + after, TODAY, None) is None  # no recent step down
    assert after_step_line(before + after, TODAY, 20) is None  # the step was weeks ago
    level = [CheckinSigns(_days(d), 4, False) for d in (1, 3)]
    assert after_step_line(before + level, TODAY, 5) is None
    assert after_step_line(before + after[:1], TODAY, 5) is None  # one check-in since is not a trend


def test_the_card_exists_and_says_pauses_are_normal():
    card = {c.id: c for c in load_learn_cards()}[AFTER_STEP_CARD]
    assert "slow or pause the plan" in card.body and "HHS 2019" in card.sources[0]
    assert "overdose" in card.body and "talk to your prescriber first" in card.body


def _checkins(store, days: list[int], *, signs: bool = True, pain: int = 4) -> None:
    with store.session() as db:
        for d in days:
            record_checkin(db, _days(d), FIXED_NOW - timedelta(days=d), pain=pain,
                           withdrawal_signs=["yawning"] if signs else [])


def test_the_store_reads_the_last_three_weeks_before_today(store):
    _checkins(store, [0, 1, 20, 22])
    with store.session() as db:
        rows = recent_checkin_signs(db, TODAY)
    assert [day for day, _, _ in rows] == [_days(20), _days(1)]
    assert rows[0][2] == ["yawning"]


@pytest.mark.parametrize(("days", "shown"), [([1, 2, 4], True), ([1, 2], False)])
async def test_the_check_in_shows_the_line(make_test_app, store, days, shown):
    _checkins(store, days)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.step == "checkin"
        line = app.screen.query_one("#after-step", Static)
        assert line.display is shown
        if shown:
            assert "Withdrawal signs can come" in str(line.render())


async def test_pain_rising_after_a_step_shows_at_the_check_in_but_not_to_a_room(make_test_app, store):
    with store.session() as db:
        med = add_medication(db, "oxycodone", 30.0, 2.0, date(2026, 6, 1))
        add_step(db, med, _days(4), 25.0, 2.0)
    _checkins(store, [6, 7, 8], signs=False, pain=3)
    _checkins(store, [1, 2], signs=False, pain=6)
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "More pain can come" in str(app.screen.query_one("#after-step", Static).render())
    app = make_test_app(start="session", projector=True, record=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#after-step", Static).display
