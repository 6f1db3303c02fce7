"""What the Progress screen shows for one range, loaded in its worker thread: aggregated rows and sentences.

No Textual here: the queries (aggregated in SQL), the range a journal opens on, and the plain sentence under
each chart (coach.domain.insights), so the screen only draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.domain import insights as say

if TYPE_CHECKING:
    from coach.domain.insights import Insight
    from coach.domain.taper_series import MMESeries
    from coach.store.queries.stats import CheckinPoint, DistressPoint, ExpectancyPoint, Period, Summary

RANGE_LABELS = {"2w": "2 weeks", "3m": "3 months", "1y": "1 year", "all": "All"}
DEFAULT_RANGE = "3m"  # for a journal of at least 3 months; a shorter one opens on All (never a longer range)


@dataclass(frozen=True)
class ProgressData:
    range_key: str
    period: Period | None  # None: nothing recorded yet
    bucket: int
    checkins: list[CheckinPoint]
    distress: list[DistressPoint]
    expectancy: list[ExpectancyPoint]
    mme: MMESeries
    mme_caution: str
    summary: Summary | None
    year: list[CheckinPoint] = field(default_factory=list)  # daily, the twelve months up to today
    year_start: date | None = None  # the year view's first day, or the journal's if that is later
    insights: list[Insight] = field(default_factory=list)
    ladder: list[tuple[str, list[tuple[date, int]]]] = field(default_factory=list)  # re-ratings by item name

    @property
    def span(self) -> str:
        return say.span_words(self.period.days) if self.period else ""

    def sentences(self) -> dict[str, str]:
        """The plain sentence under each chart, by chart id."""
        span = self.span
        tol = [p.tolerability_avg7 if self.bucket == 1 else p.tolerability for p in self.checkins]
        tol = [v for v in tol if v is not None]
        what = "7-day average" if self.bucket == 1 else "weekly average" if self.bucket == 7 else "monthly average"
        first, last = _ends([p.pain for p in self.checkins])
        s = self.summary
        runs = sum(p.runs for p in self.distress)
        gaps = [g for g in (gap(p) for p in self.expectancy) if g is not None]
        texts = {
            "tolerability": say.tolerability_sentence(span, tol[0] if tol else None, tol[-1] if tol else None, what),
            "pain": say.level_sentence(span, "pain (first week against last week)", first, last),
            "distress": say.distress_sentence(
                span, s.distress_before_avg if s else None, s.distress_after_avg if s else None, runs
            ),
            "expectancy": say.gap_sentence(span, gaps),
        }
        if self.year_start is not None and self.period is not None:
            days = [p.day for p in self.year if p.tolerability is not None]
            texts["year"] = say.practice_sentence(days, self.year_start, self.period.end)
        return texts


def gap(point: ExpectancyPoint) -> float | None:
    """How much lower the peak pain was than predicted (positive: better than expected)."""
    if point.predicted_pain is None or point.actual_pain is None:
        return None
    return round(point.predicted_pain - point.actual_pain, 2)


def _ends(values: list[float | None]) -> tuple[float | None, float | None]:
    """The mean of the first and of the last (up to) seven values, so one odd day does not tell the story."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None, None
    k = max(1, min(7, len(known) // 2))
    return sum(known[:k]) / k, sum(known[-k:]) / k


def default_range(journal_days: int) -> str:
    """3 months, unless the journal is shorter: then All, so no range starts before the first entry."""
    return DEFAULT_RANGE if journal_days >= 91 else "all"


def load_progress(store: Any, today: date, range_key: str | None) -> ProgressData:
    """Everything the screen shows for one range (None: the journal's default range), in a few aggregated
    queries run in a worker."""
    from coach.content import load_exercises
    from coach.domain.mme import load_mme_table
    from coach.domain.months import first_day
    from coach.domain.taper_series import mme_steps
    from coach.store.ladder_ratings import named_history
    from coach.store.queries.insight_rows import entries_show
    from coach.store.queries.stats import (
        RANGES,
        Period,
        bucket_for,
        checkin_series,
        data_period,
        distress_series,
        expectancy_series,
        last_days,
        summary,
        taper_regimens,
    )

    with store.session() as db:
        everything = data_period(db, today)
        mme = mme_steps(taper_regimens(db))
        if everything is None:
            return ProgressData(range_key or DEFAULT_RANGE, None, 1, [], [], [], mme, load_mme_table().caution, None)
        key = range_key or default_range(everything.days)
        days = RANGES[key]
        period = everything if days is None else last_days(today, days)
        bucket = bucket_for(period.days)
        year_start = max(first_day(period.end), everything.start)
        titles = {k: e.title for k, e in load_exercises().items()}
        return ProgressData(
            range_key=key,
            period=period,
            bucket=bucket,
            checkins=checkin_series(db, period, bucket),
            distress=distress_series(db, period, bucket),
            expectancy=expectancy_series(db, period, bucket),
            mme=mme,
            mme_caution=load_mme_table().caution,
            summary=summary(db, period, today),
            year=checkin_series(db, Period(year_start, period.end)),  # never before the journal
            year_start=year_start,
            insights=entries_show(db, period, titles),
            ladder=named_history(db, period.end),
        )
