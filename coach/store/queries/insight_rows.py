"""The groups behind "What your entries show": counts and means per side, aggregated in SQL for any range."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import text
from sqlmodel import Session

from coach.domain.insights import GOOD_SLEEP, EntryGroups, ExerciseDrop, Group, Insight, what_entries_show
from coach.store.queries.period import Period, rounded


def _two(rows: list, yes: object = 1) -> tuple[Group, Group]:
    """(side yes, side no) from rows of (side, count, mean); a side with no row has 0 days."""
    found = {int(r[0]): Group(int(r[1]), rounded(r[2])) for r in rows}
    empty = Group(0, None)
    return found.get(int(yes), empty), found.get(1 - int(yes), empty)  # type: ignore[arg-type]


def insight_rows(db: Session, period: Period) -> EntryGroups:
    """Four small grouped queries over the period."""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "mid": period.middle.isoformat()}
    sleep = db.exec(
        text(
            """
            SELECT CASE WHEN c.sleep >= :good THEN 1 ELSE 0 END AS side, COUNT(*), AVG(c.tolerability)
            FROM checkin c JOIN daily_session s ON s.id = c.session_id
            WHERE s.day BETWEEN :start AND :end AND c.sleep IS NOT NULL AND c.tolerability IS NOT NULL
            GROUP BY CASE WHEN c.sleep >= :good THEN 1 ELSE 0 END
            """
        ),
        params=params | {"good": GOOD_SLEEP},
    ).all()
    # An exercise "before the goal": a run of that day's session with time practised that started no later
    # than the goal was last saved (the session asks for the exercise before the goal).
    exercise = db.exec(
        text(
            """
            SELECT CASE WHEN EXISTS (
                       SELECT 1 FROM exercise_run x
                       WHERE x.session_id = s.id AND (x.seconds_completed > 0 OR x.completed)
                         AND (g.updated_at IS NULL OR x.started_at <= g.updated_at)
                   ) THEN 1 ELSE 0 END AS side,
                   COUNT(*), AVG(r.actual_tolerability)
            FROM exposure_goal g JOIN daily_session s ON s.id = g.session_id
            JOIN reflection r ON r.session_id = s.id
            WHERE s.day BETWEEN :start AND :end AND r.actual_tolerability IS NOT NULL
            GROUP BY 1
            """
        ),
        params=params,
    ).all()
    gap = db.exec(
        text(
            """
            SELECT CASE WHEN s.day < :mid THEN 1 ELSE 0 END AS side, COUNT(*),
                   AVG(g.predicted_peak_pain - r.actual_peak_pain)
            FROM exposure_goal g JOIN daily_session s ON s.id = g.session_id
            JOIN reflection r ON r.session_id = s.id
            WHERE s.day BETWEEN :start AND :end
              AND g.predicted_peak_pain IS NOT NULL AND r.actual_peak_pain IS NOT NULL
            GROUP BY CASE WHEN s.day < :mid THEN 1 ELSE 0 END
            """
        ),
        params=params,
    ).all()
    drops = db.exec(
        text(
            """
            SELECT x.exercise_id, COUNT(*), AVG(x.distress_before - x.distress_after)
            FROM exercise_run x JOIN daily_session s ON s.id = x.session_id
            WHERE s.day BETWEEN :start AND :end
              AND x.distress_before IS NOT NULL AND x.distress_after IS NOT NULL
            GROUP BY x.exercise_id
            """
        ),
        params=params,
    ).all()
    good, other = _two(sleep)
    with_exercise, without = _two(exercise)
    earlier, later = _two(gap)
    return EntryGroups(
        good, other, with_exercise, without, earlier, later,
        [ExerciseDrop(str(r[0]), int(r[1]), float(r[2])) for r in drops],
    )


def entries_show(db: Session, period: Period, titles: Mapping[str, str]) -> list[Insight]:
    """"What your entries show" for the period: the comparisons in sentences (exercise ids named by `titles`)."""
    return what_entries_show(insight_rows(db, period), titles)
