"""Rows for the FHIR export's day events (extra and early doses, warning and withdrawal signs), each with the
id of the entry it comes from, so an export names the same entry the same way every time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session

from coach.store.models import CheckIn, DailySession, DoseTiming, Reflection
from coach.store.queries.stats import Period


@dataclass(frozen=True)
class DayEvent:
    entry: str  # "checkin/ID" or "reflection/ID": the entry it was recorded in
    day: date
    at: datetime | None
    kind: str  # "extra-dose", "early-dose", "warning-signs" or "withdrawal-signs"
    signs: tuple[str, ...] = ()


def day_events(db: Session, period: Period) -> list[DayEvent]:
    """Extra and early doses (from the check-in's dose timing, or an extra dose told in the reflection) and
    the signs ticked at each check-in, in day order."""
    in_period = DailySession.day.between(period.start, period.end)
    checkins = db.exec(
        select(CheckIn.id, DailySession.day, DailySession.started_at, CheckIn.dose_timing, CheckIn.red_flags,
               CheckIn.withdrawal_signs)
        .join(CheckIn, CheckIn.session_id == DailySession.id)
        .where(
            in_period,
            or_(
                CheckIn.dose_timing.in_([DoseTiming.EXTRA_DOSE, DoseTiming.TAKEN_EARLY]),
                func.json_array_length(CheckIn.red_flags) > 0,
                func.json_array_length(CheckIn.withdrawal_signs) > 0,
            ),
        )
    ).all()
    events: list[DayEvent] = []
    for cid, day, at, timing, red_flags, withdrawal in checkins:
        entry = f"checkin/{cid}"
        if timing in (DoseTiming.EXTRA_DOSE, DoseTiming.TAKEN_EARLY):
            events.append(DayEvent(entry, day, at, "extra-dose" if timing == DoseTiming.EXTRA_DOSE else "early-dose"))
        if red_flags:
            events.append(DayEvent(entry, day, at, "warning-signs", tuple(red_flags)))
        if withdrawal:
            events.append(DayEvent(entry, day, at, "withdrawal-signs", tuple(withdrawal)))
    told = db.exec(
        select(Reflection.id, DailySession.day, Reflection.updated_at)
        .join(Reflection, Reflection.session_id == DailySession.id)
        .outerjoin(CheckIn, CheckIn.session_id == DailySession.id)
        .where(
            in_period,
            Reflection.extra_dose.is_(True),
            or_(CheckIn.dose_timing.is_(None), CheckIn.dose_timing != DoseTiming.EXTRA_DOSE),
        )
    ).all()
    events += [DayEvent(f"reflection/{rid}", day, at, "extra-dose") for rid, day, at in told]
    order = ("extra-dose", "early-dose", "warning-signs", "withdrawal-signs")
    return sorted(events, key=lambda e: (e.day, order.index(e.kind), e.entry))
