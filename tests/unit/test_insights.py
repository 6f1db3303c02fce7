"""What your entries show: the comparisons speak only with 7+ days a side, never in causal words, and their
groups come from SQL over built journals (too short ones included); the sentences under the charts."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from coach.domain.insights import (
    MIN_DAYS,
    EntryGroups,
    ExerciseDrop,
    Group,
    calming_exercise,
    exercise_comparison,
    gap_sentence,
    gap_trend,
    level_sentence,
    sleep_comparison,
    tolerability_sentence,
    what_entries_show,
)
from coach.domain.scales import tolerability_band
from coach.store.models import CheckIn, DailySession, ExerciseRun, ExposureGoal, Reflection
from coach.store.queries.insight_rows import entries_show, insight_rows
from coach.store.queries.period import Period
from tests.unit.test_stats import build_history

pytestmark = pytest.mark.both_engines

UTC = timezone.utc
CAUSAL = re.compile(r"\b(because|caus\w*|helps?|makes?|improv\w*|leads? to|thanks to|due to)\b", re.I)
TITLES = {"box-breathing": "Box breathing", "body-scan": "Short body scan"}


def _none(groups: EntryGroups) -> list[str]:
    return [i.sentence for i in what_entries_show(groups, TITLES)]


def test_band_word_matches_the_number_shown():
    assert [tolerability_band(v) for v in (3, 3.4, 3.5, 3.9)] == ["intolerable"] * 4
    assert [tolerability_band(v) for v in (4, 4.0, 6.5, 6.9)] == ["tolerable"] * 4
    assert [tolerability_band(v) for v in (7, 7.0, 10)] == ["livable"] * 3


def test_each_side_needs_seven_days_and_the_sentence_says_how_many():
    short = sleep_comparison(Group(MIN_DAYS - 1, 6.0), Group(30, 4.0))
    assert not short.enough
    assert "6 days rated 7+" in short.sentence and "30 days rated lower" in short.sentence
    assert "at least 7" in short.sentence and "not in hours" in short.sentence
    said = sleep_comparison(Group(MIN_DAYS, 6.04), Group(30, 4.0))
    assert said.enough and "7 days after a night you rated 7 or more" in said.sentence
    assert "averaged 6" in said.sentence and "other 30 days, 4" in said.sentence
    assert not exercise_comparison(Group(40, 5.0), Group(0, None)).enough
    assert exercise_comparison(Group(8, 5.5), Group(9, 4.25)).sentence == (
        "On the 8 days you did an exercise before your exposure, you rated its tolerability 5.5 on average; "
        "on the 9 days without, 4.2."
    )


def test_gap_trend_and_calming_exercise():
    closer = gap_trend(Group(10, 2.2), Group(12, 0.8))
    assert closer.enough and "2.2 points below your prediction" in closer.sentence
    assert "came closer to what happened" in closer.sentence
    assert "further from" in gap_trend(Group(10, 0.2), Group(12, -1.5)).sentence
    assert "1.5 points above" in gap_trend(Group(10, 0.2), Group(12, -1.5)).sentence
    assert not gap_trend(Group(3, 1.0), Group(12, 1.0)).enough
    drops = [ExerciseDrop("box-breathing", 12, 2.5), ExerciseDrop("body-scan", 9, 3.0), ExerciseDrop("zumba", 2, 9.0)]
    best = calming_exercise(drops, TITLES)
    assert best.enough and best.sentence.startswith("Your distress fell by 3 on average around Short body scan (9 runs)")
    assert "Box breathing 2.5" in best.sentence and "zumba" not in best.sentence  # 2 runs: too few to name
    few = calming_exercise([ExerciseDrop("x", 2, 9.0)], TITLES)
    assert not few.enough and "2 runs" in few.sentence


def test_no_sentence_uses_causal_words():
    groups = EntryGroups(Group(9, 6.0), Group(20, 4.0), Group(10, 5.0), Group(8, 4.0), Group(9, 1.0),
                         Group(9, 0.4), [ExerciseDrop("box-breathing", 9, 2.0)])
    empty = EntryGroups(*(Group(0, None),) * 6, [])
    for sentence in _none(groups) + _none(empty):
        assert not CAUSAL.search(sentence), sentence


def test_chart_sentences_name_the_band_of_the_rounded_number():
    assert tolerability_sentence("3 months", 3.1, 4.6) == (
        "Over these 3 months your 7-day average rose from 3.1 to 4.6: from intolerable into tolerable."
    )
    assert tolerability_sentence("2 weeks", 3.96, 3.94) == (
        "Over these 2 weeks your 7-day average stayed about the same (4 to 3.9), from tolerable into intolerable."
    )
    assert "fell from 7.2 to 5: from livable into tolerable" in tolerability_sentence("year", 7.2, 5.0)
    assert "too few check-ins" in tolerability_sentence("2 weeks", None, None)
    assert level_sentence("3 months", "pain", 6.0, 4.5) == "Over these 3 months your pain went down from 6 to 4.5 out of 10."
    assert "lower than you predicted" in gap_sentence("3 months", [2, 1, 3])
    assert "no exposure" in gap_sentence("3 months", [])


def _day(db, day: date, *, sleep=None, tol=None, run=None, goal=None) -> None:
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    s = DailySession(day=day, started_at=at, status="done")
    db.add(s)
    db.flush()
    db.add(CheckIn(session_id=s.id, sleep=sleep, tolerability=tol))
    if run:
        exercise, before, after, minutes = run
        db.add(ExerciseRun(session_id=s.id, exercise_id=exercise, started_at=at + timedelta(minutes=minutes),
                           seconds_completed=60, distress_before=before, distress_after=after, completed=True))
    if goal:
        predicted, actual, tolerability = goal
        g = ExposureGoal(session_id=s.id, predicted_peak_pain=predicted, updated_at=at + timedelta(minutes=30))
        db.add(g)
        db.flush()
        db.add(Reflection(session_id=s.id, goal_id=g.id, actual_peak_pain=actual, actual_tolerability=tolerability))


def test_groups_from_a_built_journal(store):
    start = date(2026, 3, 1)
    with store.session() as db:
        for i in range(20):
            good = i % 2 == 0
            # Even days: good sleep, an exercise 10 minutes in (before the goal at 30); odd days: an exercise at
            # 45 minutes, after the goal was saved, so it does not count as "before".
            _day(db, start + timedelta(days=i), sleep=8 if good else 4, tol=6 if good else 3,
                 run=("box-breathing" if good else "body-scan", 7, 3 if good else 6, 10 if good else 45),
                 goal=(8, 5 if i < 10 else 7, 6 if good else 4))
        db.commit()
    with store.session() as db:
        groups = insight_rows(db, Period(start, start + timedelta(days=19)))
        shown = entries_show(db, Period(start, start + timedelta(days=19)), TITLES)
    assert (groups.good_sleep, groups.other_sleep) == (Group(10, 6.0), Group(10, 3.0))
    assert (groups.with_exercise, groups.without_exercise) == (Group(10, 6.0), Group(10, 4.0))
    assert (groups.gap_earlier, groups.gap_later) == (Group(10, 3.0), Group(10, 1.0))
    assert sorted((d.exercise_id, d.runs, d.drop) for d in groups.drops) == [
        ("body-scan", 10, 1.0), ("box-breathing", 10, 4.0)
    ]
    assert all(i.enough for i in shown)
    assert "around Box breathing (10 runs)" in shown[3].sentence


def test_too_short_and_empty_journals_say_so(store):
    with store.session() as db:
        empty = entries_show(db, Period(date(2026, 1, 1), date(2026, 1, 31)), TITLES)
    assert not any(i.enough for i in empty) and all("Not enough" in i.sentence for i in empty)
    build_history(store, 6, end=date(2026, 1, 31))  # six days of everything: one short of a side
    with store.session() as db:
        short = entries_show(db, Period(date(2026, 1, 1), date(2026, 1, 31)), TITLES)
    assert not any(i.enough for i in short)
    assert "0 days rated 7+ and 6 days rated lower" in short[0].sentence
