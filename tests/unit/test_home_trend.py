"""Home's trend queries (store.queries.home) on built journals, and the sentences Home makes of them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from coach.domain.home_trend import (
    Expectation,
    HomeTrend,
    TaperPosition,
    day_words,
    expectation_pairs,
    practised_words,
    taper_words,
    week_words,
)
from coach.store.queries.home import quick_home_with_trend, store_home_trend
from coach.store.sessions import record_checkin, record_goal, record_reflection, set_current_step
from coach.store.taper import add_medication, add_step

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 11, 25)
AT = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


def _journal(store) -> None:
    """35 days: tolerability 3 for days 7-35 back, 6 for the six before today (today not yet checked in) except
    a gap 3 days ago; five of the last seven finished; a reflected goal two days ago; a three-step taper."""
    with store.session() as db:
        for back in range(1, 36):
            day = TODAY - timedelta(days=back)
            if back == 3:
                continue
            record_checkin(db, day, AT, tolerability=6 if back <= 6 else 3)
            if back in (1, 2, 4, 5, 6):
                set_current_step(db, day, AT, "summary")
        two_ago = TODAY - timedelta(days=2)
        record_goal(db, two_ago, AT, text="walk to the shop", predicted_peak_pain=7, predicted_tolerability=3)
        record_reflection(db, two_ago, AT, actual_peak_pain=5, actual_tolerability=6)
        # an older one, and a later one without an outcome: neither is "the last lesson"
        record_goal(db, TODAY - timedelta(days=9), AT, text="stairs", predicted_peak_pain=8)
        record_reflection(db, TODAY - timedelta(days=9), AT, actual_peak_pain=4)
        record_goal(db, TODAY - timedelta(days=1), AT, text="garden", predicted_peak_pain=6)
        med = add_medication(db, "oxycodone", 10, 3, TODAY - timedelta(days=60))
        add_step(db, med, TODAY - timedelta(days=30), 7.5, 3)
        add_step(db, med, TODAY - timedelta(days=10), 5, 3)
        add_step(db, med, TODAY + timedelta(days=18), 5, 2)
        db.commit()


def _check(trend: HomeTrend) -> None:
    assert len(trend.tolerability) == 14
    assert trend.tolerability[-1] is None  # today: no check-in yet
    assert trend.tolerability[-4] is None  # the gap three days ago
    assert trend.tolerability[-2] == 6 and trend.tolerability[0] == 3  # 13 days back: before the week
    assert trend.week == (6.0, 5)
    assert trend.before == (3.0, 28)
    assert trend.practised == 5
    assert trend.taper == TaperPosition(step=2, steps=3, since=TODAY - timedelta(days=10),
                                        next_on=TODAY + timedelta(days=18))
    assert trend.expectation == Expectation(TODAY - timedelta(days=2), "walk to the shop", 7, 5, 3, 6)


def test_trend_through_the_store(store):
    _journal(store)
    with store.session() as db:
        _check(store_home_trend(db.connection(), TODAY))


@pytest.mark.sqlite_only
def test_trend_through_sqlite3_matches(store, db_target):
    _journal(store)
    numbers, trend = quick_home_with_trend(db_target, datetime.combine(TODAY, datetime.min.time()).replace(hour=12))
    _check(trend)
    assert numbers[0] == 34  # days with a session


def test_empty_journal_says_nothing_yet(store):
    with store.session() as db:
        trend = store_home_trend(db.connection(), TODAY)
    assert trend.tolerability == [None] * 14
    assert trend.week is None and trend.before is None and trend.practised == 0
    assert trend.taper is None and trend.expectation is None
    assert week_words(trend) == "No check-ins in the last 7 days yet."


def _trend(week, before) -> HomeTrend:
    return HomeTrend(TODAY, [None] * 14, week, before, 0, None, None)


def test_week_words_name_the_band_that_matches_the_number():
    assert week_words(_trend((3.4, 7), None)) == "This week 3.4 on average: intolerable."
    assert week_words(_trend((5.8, 7), (4.6, 20))) == (
        "This week 5.8 on average: tolerable.\nUp from 4.6 the four weeks before."
    )
    assert week_words(_trend((6.6, 7), (7.4, 20))).endswith("tolerable.\nDown from 7.4 the four weeks before.")
    assert week_words(_trend((7.0, 7), None)).endswith("livable.")
    assert week_words(_trend((5.0, 7), (4.7, 20))).endswith("Close to the four weeks before (4.7).")


def test_practised_taper_and_expectation_words():
    assert practised_words(1) == "Practised on 1 of the last 7 days."
    assert practised_words(5) == "Practised on 5 of the last 7 days."
    assert taper_words(None) is None
    assert taper_words(TaperPosition(0, 2, None, date(2026, 12, 1))) == "Taper plan: your first step starts on 1 Dec."
    assert taper_words(TaperPosition(2, 3, date(2026, 11, 15), date(2026, 12, 13))) == (
        "Taper plan: step 2 of 3 since 15 Nov; step 3 starts on 13 Dec."
    )
    assert taper_words(TaperPosition(3, 3, date(2026, 11, 15), None)).endswith("the last step in your plan.")
    lesson = Expectation(TODAY, "x", 7, 5, None, 6)
    assert expectation_pairs(lesson) == "you expected pain 7, it was 5"
    assert day_words(TODAY - timedelta(days=1), TODAY) == "yesterday"
    assert day_words(TODAY - timedelta(days=2), TODAY) == "on Monday"
    assert day_words(TODAY - timedelta(days=9), TODAY) == "on 16 Nov"
