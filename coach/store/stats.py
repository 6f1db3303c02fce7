"""Aggregations for Progress, `coach stats` and the report: every average, bucket and streak is done in SQL.

Days are stored as ISO text ('YYYY-MM-DD'), so julianday(day) gives a day number for windows and buckets.
Enums are stored by name (e.g. 'DONE'). The queries are written for SQLite, the embedded default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from coach.store.exercises import RUN_DAY_SQL, run_day_params

# Ranges the Progress screen offers, in days (None = everything), and how many days one point covers there.
RANGES: dict[str, int | None] = {"2w": 14, "3m": 91, "1y": 365, "all": None}


def bucket_for(days: int) -> int:
    """Days per chart point: daily up to ~4 months, weekly up to ~2 years, then 30-day months."""
    if days <= 130:
        return 1
    if days <= 800:
        return 7
    return 30


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _round(value: Any, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


@dataclass(frozen=True)
class Period:
    """An inclusive range of coach days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def middle(self) -> date:
        return self.start + timedelta(days=self.days // 2)


def last_days(today: date, days: int) -> Period:
    return Period(today - timedelta(days=days - 1), today)


def data_period(db: Session, today: date) -> Period | None:
    """From the first recorded day to today (or the last recorded day, if later); None when empty."""
    row = db.exec(text("SELECT MIN(day), MAX(day) FROM daily_session")).one()
    if row[0] is None:
        return None
    return Period(_day(row[0]), max(today, _day(row[1])))


# --- series for charts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinPoint:
    day: date  # the first day the point covers
    pain: float | None
    tolerability: float | None
    tolerability_avg7: float | None  # only for daily points; a bucket is an average already
    distress: float | None


def checkin_series(db: Session, period: Period, bucket_days: int = 1) -> list[CheckinPoint]:
    """Pain, tolerability and distress per day (or per bucket of days) with the 7-day tolerability average."""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if bucket_days <= 1:
        # The window runs over the six days before the range too, so the first points have a full average.
        params["before"] = (period.start - timedelta(days=6)).isoformat()
        rows = db.exec(
            text(
                """
                WITH d AS (
                    SELECT s.day AS day, c.pain AS pain, c.tolerability AS tol, c.distress AS distress,
                           AVG(c.tolerability) OVER (
                               ORDER BY julianday(s.day) RANGE BETWEEN 6 PRECEDING AND CURRENT ROW
                           ) AS tol7
                    FROM daily_session s JOIN checkin c ON c.session_id = s.id
                    WHERE s.day BETWEEN :before AND :end
                )
                SELECT day, pain, tol, tol7, distress FROM d WHERE day >= :start ORDER BY day
                """
            ),
            params=params,
        ).all()
    else:
        params["bucket"] = bucket_days
        rows = db.exec(
            text(
                """
                SELECT MIN(s.day), AVG(c.pain), AVG(c.tolerability), NULL, AVG(c.distress)
                FROM daily_session s JOIN checkin c ON c.session_id = s.id
                WHERE s.day BETWEEN :start AND :end
                GROUP BY CAST((julianday(s.day) - julianday(:start)) / :bucket AS INTEGER)
                ORDER BY 1
                """
            ),
            params=params,
        ).all()
    return [CheckinPoint(_day(r[0]), _round(r[1]), _round(r[2]), _round(r[3]), _round(r[4])) for r in rows]


@dataclass(frozen=True)
class DistressPoint:
    day: date
    before: float | None
    after: float | None
    runs: int


def distress_series(db: Session, period: Period, bucket_days: int = 1) -> list[DistressPoint]:
    """Average distress before and after exercises per day (or bucket), each run on its day."""
    rows = db.exec(
        text(
            f"""
            SELECT MIN(d), AVG(before), AVG(after), COUNT(*) FROM (
                SELECT {RUN_DAY_SQL} AS d,
                       r.distress_before AS before, r.distress_after AS after
                FROM exercise_run r LEFT JOIN daily_session s ON s.id = r.session_id
                WHERE r.distress_before IS NOT NULL OR r.distress_after IS NOT NULL
            )
            WHERE d BETWEEN :start AND :end
            GROUP BY CAST((julianday(d) - julianday(:start)) / :bucket AS INTEGER)
            ORDER BY 1
            """
        ),
        params={
            "start": period.start.isoformat(), "end": period.end.isoformat(), "bucket": max(1, bucket_days),
            **run_day_params(db),
        },
    ).all()
    return [DistressPoint(_day(r[0]), _round(r[1]), _round(r[2]), int(r[3])) for r in rows]


@dataclass(frozen=True)
class ExpectancyPoint:
    day: date
    predicted_pain: float | None
    actual_pain: float | None
    predicted_tolerability: float | None
    actual_tolerability: float | None
    exposures: int


def expectancy_series(db: Session, period: Period, bucket_days: int = 1) -> list[ExpectancyPoint]:
    """Predicted vs actual peak pain and tolerability for exposures that have a reflection."""
    rows = db.exec(
        text(
            """
            SELECT MIN(s.day), AVG(g.predicted_peak_pain), AVG(r.actual_peak_pain),
                   AVG(g.predicted_tolerability), AVG(r.actual_tolerability), COUNT(*)
            FROM exposure_goal g
            JOIN daily_session s ON s.id = g.session_id
            JOIN reflection r ON r.session_id = s.id
            WHERE s.day BETWEEN :start AND :end
            GROUP BY CAST((julianday(s.day) - julianday(:start)) / :bucket AS INTEGER)
            ORDER BY 1
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat(), "bucket": max(1, bucket_days)},
    ).all()
    return [ExpectancyPoint(_day(r[0]), *(_round(v) for v in r[1:5]), int(r[5])) for r in rows]


@dataclass(frozen=True)
class PegPoint:
    day: date
    score: float  # mean of the three PEG items, 0–10


def peg_series(db: Session, period: Period) -> list[PegPoint]:
    """Each complete PEG (all three items answered), in day order."""
    rows = db.exec(
        text(
            """
            SELECT s.day, (c.peg_pain + c.peg_enjoyment + c.peg_activity) / 3.0
            FROM daily_session s JOIN checkin c ON c.session_id = s.id
            WHERE s.day BETWEEN :start AND :end
              AND c.peg_pain IS NOT NULL AND c.peg_enjoyment IS NOT NULL AND c.peg_activity IS NOT NULL
            ORDER BY s.day
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
    ).all()
    return [PegPoint(_day(r[0]), round(float(r[1]), 2)) for r in rows]


@dataclass(frozen=True)
class ExposureRow:
    day: date
    activity: str
    planned_amount: float | None
    amount_unit: str
    outcome: str | None
    predicted_pain: int | None
    actual_pain: int | None
    predicted_tolerability: int | None
    actual_tolerability: int | None
    feared_outcome: str
    feared_likelihood: int | None
    feared_happened: int | None


def exposures(db: Session, period: Period) -> list[ExposureRow]:
    """Every exposure goal in the period with its reflection (if any), newest last."""
    rows = db.exec(
        text(
            """
            SELECT s.day, COALESCE(NULLIF(g.text, ''), li.name, ''), g.planned_amount, g.amount_unit,
                   r.outcome, g.predicted_peak_pain, r.actual_peak_pain,
                   g.predicted_tolerability, r.actual_tolerability,
                   g.feared_outcome, g.feared_likelihood, r.feared_happened
            FROM exposure_goal g
            JOIN daily_session s ON s.id = g.session_id
            LEFT JOIN reflection r ON r.session_id = s.id
            LEFT JOIN ladder_item li ON li.id = g.ladder_item_id
            WHERE s.day BETWEEN :start AND :end
            ORDER BY s.day
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
    ).all()
    return [
        ExposureRow(
            _day(r[0]), r[1], r[2], str(r[3]).lower(), str(r[4]).lower() if r[4] else None, *r[5:9], r[9] or "",
            r[10], r[11],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class ActivityRow:
    activity: str
    planned: int
    fully: int
    partly: int
    not_today: int
    predicted_pain: float | None
    actual_pain: float | None
    feared_likelihood: float | None
    feared_happened: float | None
    last_day: date


def exposures_by_activity(db: Session, period: Period) -> list[ActivityRow]:
    """Exposure goals grouped by activity: how often, how they went, predicted vs actual on average."""
    rows = db.exec(
        text(
            """
            SELECT COALESCE(NULLIF(g.text, ''), li.name, '') AS activity, COUNT(*),
                   COALESCE(SUM(r.outcome = 'FULLY'), 0), COALESCE(SUM(r.outcome = 'PARTLY'), 0),
                   COALESCE(SUM(r.outcome = 'NOT_TODAY'), 0),
                   AVG(CASE WHEN r.actual_peak_pain IS NOT NULL THEN g.predicted_peak_pain END),
                   AVG(CASE WHEN g.predicted_peak_pain IS NOT NULL THEN r.actual_peak_pain END),
                   AVG(CASE WHEN r.feared_happened IS NOT NULL THEN g.feared_likelihood END),
                   AVG(CASE WHEN g.feared_likelihood IS NOT NULL THEN r.feared_happened END),
                   MAX(s.day)
            FROM exposure_goal g
            JOIN daily_session s ON s.id = g.session_id
            LEFT JOIN reflection r ON r.session_id = s.id
            LEFT JOIN ladder_item li ON li.id = g.ladder_item_id
            WHERE s.day BETWEEN :start AND :end
            GROUP BY activity
            ORDER BY COUNT(*) DESC, activity
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
    ).all()
    return [
        ActivityRow(r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4]), *(_round(v, 1) for v in r[5:9]), _day(r[9]))
        for r in rows
    ]


@dataclass(frozen=True)
class SharedNote:
    day: date
    noticed: str
    response_practised: str
    extra_dose_note: str


def shared_notes(db: Session, period: Period) -> list[SharedNote]:
    """Reflections the user marked to share with their care team (nothing else is shared)."""
    rows = db.exec(
        text(
            """
            SELECT s.day, r.noticed, r.response_practised, r.extra_dose_note
            FROM reflection r JOIN daily_session s ON s.id = r.session_id
            WHERE r.share_with_care_team AND s.day BETWEEN :start AND :end
            ORDER BY s.day
            """
        ),
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
    ).all()
    return [SharedNote(_day(r[0]), r[1] or "", r[2] or "", r[3] or "") for r in rows]


# --- streak and summary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Streak:
    current: int  # consecutive done days ending today, or yesterday while today is still open
    longest: int


def streak(db: Session, today: date) -> Streak:
    """Runs of consecutive done days (gaps and islands: day number minus row number is constant in a run)."""
    rows = db.exec(
        text(
            """
            WITH d AS (
                SELECT julianday(day) AS n FROM daily_session WHERE status = 'DONE' AND day <= :today
            ), g AS (
                SELECT n, n - ROW_NUMBER() OVER (ORDER BY n) AS grp FROM d
            ), runs AS (
                SELECT MAX(n) AS last, COUNT(*) AS len FROM g GROUP BY grp
            )
            SELECT
                COALESCE(MAX(len), 0),
                COALESCE((SELECT len FROM runs WHERE last >= julianday(:today) - 1 ORDER BY last DESC LIMIT 1), 0)
            FROM runs
            """
        ),
        params={"today": today.isoformat()},
    ).one()
    return Streak(current=int(rows[1] or 0), longest=int(rows[0] or 0))


@dataclass(frozen=True)
class Summary:
    """The numbers `coach stats` prints and the report opens with, for one period."""

    start: date
    end: date
    days: int
    sessions_started: int
    sessions_done: int
    streak_current: int
    streak_longest: int
    pain_avg: float | None
    tolerability_avg: float | None
    distress_avg: float | None
    # Trends: the second half of the period minus the first half (positive = higher lately).
    pain_trend: float | None
    tolerability_trend: float | None
    exercises_done: int  # runs with any time practised, stopped early or not
    exercises_completed: int  # of those, run to the end
    exercise_seconds: int
    exercise_minutes: float
    distress_before_avg: float | None
    distress_after_avg: float | None
    exposures_planned: int
    exposures_fully: int
    exposures_partly: int
    exposures_not_today: int
    # How much higher the predicted peak pain was than the actual one, on average (the expectancy gap).
    pain_prediction_gap: float | None
    peg_first: float | None
    peg_last: float | None
    extra_doses_recorded: int
    tolerability_bands: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        data["end"] = self.end.isoformat()
        return data


def summary(db: Session, period: Period, today: date) -> Summary:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "mid": period.middle.isoformat()}
    s = db.exec(
        text(
            """
            SELECT COUNT(*),
                   COALESCE(SUM(s.status = 'DONE'), 0),
                   AVG(c.pain), AVG(c.tolerability), AVG(c.distress),
                   AVG(CASE WHEN s.day >= :mid THEN c.pain END) - AVG(CASE WHEN s.day < :mid THEN c.pain END),
                   AVG(CASE WHEN s.day >= :mid THEN c.tolerability END)
                       - AVG(CASE WHEN s.day < :mid THEN c.tolerability END),
                   COALESCE(SUM(c.dose_timing = 'EXTRA_DOSE'), 0),
                   COALESCE(SUM(c.tolerability <= 3), 0),
                   COALESCE(SUM(c.tolerability BETWEEN 4 AND 6), 0),
                   COALESCE(SUM(c.tolerability >= 7), 0)
            FROM daily_session s LEFT JOIN checkin c ON c.session_id = s.id
            WHERE s.day BETWEEN :start AND :end
            """
        ),
        params=params,
    ).one()
    e = db.exec(
        text(
            f"""
            SELECT COALESCE(SUM(r.seconds_completed > 0 OR r.completed), 0), COALESCE(SUM(r.seconds_completed), 0),
                   AVG(r.distress_before), AVG(r.distress_after), COALESCE(SUM(r.completed), 0)
            FROM exercise_run r LEFT JOIN daily_session s ON s.id = r.session_id
            WHERE {RUN_DAY_SQL} BETWEEN :start AND :end
            """
        ),
        params={**params, **run_day_params(db)},
    ).one()
    x = db.exec(
        text(
            """
            SELECT COUNT(g.id),
                   COALESCE(SUM(r.outcome = 'FULLY'), 0), COALESCE(SUM(r.outcome = 'PARTLY'), 0),
                   COALESCE(SUM(r.outcome = 'NOT_TODAY'), 0),
                   AVG(g.predicted_peak_pain - r.actual_peak_pain),
                   COALESCE(SUM(r.extra_dose), 0)
            FROM exposure_goal g JOIN daily_session s ON s.id = g.session_id
            LEFT JOIN reflection r ON r.session_id = s.id
            WHERE s.day BETWEEN :start AND :end
            """
        ),
        params=params,
    ).one()
    extra_in_reflections = db.exec(
        text(
            """
            SELECT COUNT(*) FROM reflection r JOIN daily_session s ON s.id = r.session_id
            LEFT JOIN checkin c ON c.session_id = s.id
            WHERE r.extra_dose AND s.day BETWEEN :start AND :end
              AND (c.dose_timing IS NULL OR c.dose_timing != 'EXTRA_DOSE')
            """
        ),
        params=params,
    ).one()[0]
    peg = peg_series(db, period)
    st = streak(db, today)
    return Summary(
        start=period.start,
        end=period.end,
        days=period.days,
        sessions_started=int(s[0]),
        sessions_done=int(s[1]),
        streak_current=st.current,
        streak_longest=st.longest,
        pain_avg=_round(s[2], 1),
        tolerability_avg=_round(s[3], 1),
        distress_avg=_round(s[4], 1),
        pain_trend=_round(s[5], 1),
        tolerability_trend=_round(s[6], 1),
        exercises_done=int(e[0]),
        exercises_completed=int(e[4]),
        exercise_seconds=int(e[1]),
        exercise_minutes=round(float(e[1]) / 60, 1),
        distress_before_avg=_round(e[2], 1),
        distress_after_avg=_round(e[3], 1),
        exposures_planned=int(x[0]),
        exposures_fully=int(x[1]),
        exposures_partly=int(x[2]),
        exposures_not_today=int(x[3]),
        pain_prediction_gap=_round(x[4], 1),
        peg_first=peg[0].score if peg else None,
        peg_last=peg[-1].score if peg else None,
        extra_doses_recorded=int(s[7]) + int(extra_in_reflections),
        tolerability_bands={"intolerable": int(s[8]), "tolerable": int(s[9]), "livable": int(s[10])},
    )


# --- the taper plan, as rows for the MME step line -------------------------------------------------


@dataclass(frozen=True)
class RegimenRow:
    medication_id: int
    drug: str
    start_date: date
    strength: float
    doses_per_day: float
    note: str


def taper_regimens(db: Session) -> list[RegimenRow]:
    """Each active medication's starting regimen followed by its taper steps, in date order (the same plan
    the Taper screen shows: a medication marked inactive is not part of it)."""
    rows = db.exec(
        text(
            """
            SELECT m.id, m.drug, m.start_date, m.strength, m.doses_per_day, m.note, 0 AS k
            FROM medication m WHERE m.active
            UNION ALL
            SELECT m.id, m.drug, t.start_date, t.strength, t.doses_per_day, t.note, t.id AS k
            FROM taper_step t JOIN medication m ON m.id = t.medication_id WHERE m.active
            ORDER BY 3, 1, 7
            """
        )
    ).all()
    return [RegimenRow(int(r[0]), r[1], _day(r[2]), float(r[3]), float(r[4]), r[5] or "") for r in rows]
