"""The numbers a participant may share with a group, read per day: scales only (no text, no medication)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from coach.store.models import CheckIn, DailySession, ExerciseRun, ExposureGoal, Reflection

SCALE_KEYS = (
    "tolerability",
    "pain",
    "distress",
    "distress_before",
    "distress_after",
    "predicted_peak_pain",
    "actual_peak_pain",
    "predicted_tolerability",
    "actual_tolerability",
)


def scales_by_day(db: Session) -> dict[date, dict[str, Any]]:
    """Each practised day's 0-10 scales. Exercise distress is the day's mean; only named numeric columns
    are ever selected, so no free text can travel."""
    days: dict[date, dict[str, Any]] = {}

    def put(day: date, key: str, value: Any) -> None:
        if value is not None:
            days.setdefault(day, {})[key] = value

    checkins = select(DailySession.day, CheckIn.tolerability, CheckIn.pain, CheckIn.distress).join(
        CheckIn, CheckIn.session_id == DailySession.id
    )
    for day, tolerability, pain, distress in db.exec(checkins):
        put(day, "tolerability", tolerability)
        put(day, "pain", pain)
        put(day, "distress", distress)
    runs = (
        select(DailySession.day, func.avg(ExerciseRun.distress_before), func.avg(ExerciseRun.distress_after))
        .join(ExerciseRun, ExerciseRun.session_id == DailySession.id)
        .group_by(DailySession.day)
    )
    for day, before, after in db.exec(runs):
        put(day, "distress_before", None if before is None else round(float(before), 1))
        put(day, "distress_after", None if after is None else round(float(after), 1))
    goals = select(DailySession.day, ExposureGoal.predicted_peak_pain, ExposureGoal.predicted_tolerability).join(
        ExposureGoal, ExposureGoal.session_id == DailySession.id
    )
    for day, peak, tolerability in db.exec(goals):
        put(day, "predicted_peak_pain", peak)
        put(day, "predicted_tolerability", tolerability)
    reflections = select(DailySession.day, Reflection.actual_peak_pain, Reflection.actual_tolerability).join(
        Reflection, Reflection.session_id == DailySession.id
    )
    for day, peak, tolerability in db.exec(reflections):
        put(day, "actual_peak_pain", peak)
        put(day, "actual_tolerability", tolerability)
    return dict(sorted(days.items()))
