"""The most recent reflection's "next time" before a day, with its goal: what tomorrow's goal starts from."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from coach.domain.next_rung import LastChoice
from coach.store.models import DailySession, ExposureGoal, Reflection

# A choice older than this is not "today's choice" any more: the goal step opens as it always did.
FRESH_DAYS = 7


def last_choice(db: Session, before: date) -> LastChoice | None:
    stmt = (
        select(DailySession.day, Reflection.next_step, ExposureGoal.text, ExposureGoal.ladder_item_id)
        .join(Reflection, Reflection.session_id == DailySession.id)
        .outerjoin(ExposureGoal, ExposureGoal.session_id == DailySession.id)
        .where(
            DailySession.day < before,
            DailySession.day >= before - timedelta(days=FRESH_DAYS),
            Reflection.next_step.is_not(None),
        )
        .order_by(DailySession.day.desc())
        .limit(1)
    )
    row = db.execute(stmt).first()
    if row is None:
        return None
    day, step, text, item_id = row
    return LastChoice(day, getattr(step, "value", str(step)).lower(), text or "", item_id)
