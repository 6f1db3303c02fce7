"""Ladder queries: items with their attempts, last tolerability and expectancy figures (aggregated in SQL)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func
from sqlmodel import Session, select

from coach.domain.ladder import TREND_LENGTH, Attempt, Rung, Suggestion, suggest_next
from coach.store import StoreError
from coach.store.models import DailySession, ExposureGoal, LadderItem, Outcome, Reflection
from coach.store.engine.portable_sql import text_order

_ATTEMPTED = Reflection.outcome.in_([Outcome.FULLY, Outcome.PARTLY])


@dataclass(frozen=True)
class ItemSummary:
    """A ladder item with what its attempts show; means are over attempts that have both numbers."""

    id: int
    name: str
    difficulty: int
    category: str
    archived: bool
    attempts: int = 0
    mean_predicted_tolerability: float | None = None
    mean_actual_tolerability: float | None = None
    mean_feared_likelihood: float | None = None
    mean_feared_happened: float | None = None
    recent: tuple[Attempt, ...] = field(default=())  # up to TREND_LENGTH latest attempts, oldest first

    @property
    def rung(self) -> Rung:
        return Rung(self.id, self.name, self.difficulty, self.archived)

    @property
    def last_tolerability(self) -> int | None:
        rated = [a.actual_tolerability for a in self.recent if a.actual_tolerability is not None]
        return rated[-1] if rated else None

    @property
    def recent_tolerability(self) -> list[int]:
        return [a.actual_tolerability for a in self.recent if a.actual_tolerability is not None]


def _both(a, b):  # noqa: ANN001, ANN202 - SQL column expressions
    return and_(a.is_not(None), b.is_not(None))


def ladder_summaries(db: Session, *, include_archived: bool = False) -> list[ItemSummary]:
    """Every (active, or all) item, easiest first, with attempt counts and expectancy means."""
    tol_pair = _both(ExposureGoal.predicted_tolerability, Reflection.actual_tolerability)
    fear_pair = _both(ExposureGoal.feared_likelihood, Reflection.feared_happened)
    stmt = (
        select(
            LadderItem.id,
            LadderItem.name,
            LadderItem.difficulty,
            LadderItem.category,
            LadderItem.archived,
            func.count(Reflection.id),
            func.avg(case((tol_pair, ExposureGoal.predicted_tolerability))),
            func.avg(case((tol_pair, Reflection.actual_tolerability))),
            func.avg(case((fear_pair, ExposureGoal.feared_likelihood))),
            func.avg(case((fear_pair, Reflection.feared_happened))),
        )
        .select_from(LadderItem)
        .outerjoin(ExposureGoal, ExposureGoal.ladder_item_id == LadderItem.id)
        .outerjoin(Reflection, and_(Reflection.session_id == ExposureGoal.session_id, _ATTEMPTED))
        .group_by(LadderItem.id)
        .order_by(LadderItem.difficulty, text_order(func.lower(LadderItem.name)), LadderItem.id)
    )
    if not include_archived:
        stmt = stmt.where(LadderItem.archived.is_(False))
    rows = db.exec(stmt).all()
    recent = recent_attempts(db, [row[0] for row in rows])
    return [
        ItemSummary(*row[:6], *row[6:], recent=tuple(recent.get(row[0], ())))  # type: ignore[misc]
        for row in rows
    ]


@dataclass(frozen=True)
class Expectancy:
    """Across every ladder attempt: predicted against actual, each mean over attempts that have both."""

    attempts: int
    mean_predicted_tolerability: float | None
    mean_actual_tolerability: float | None
    mean_feared_likelihood: float | None
    mean_feared_happened: float | None


def expectancy_overall(db: Session) -> Expectancy:
    tol_pair = _both(ExposureGoal.predicted_tolerability, Reflection.actual_tolerability)
    fear_pair = _both(ExposureGoal.feared_likelihood, Reflection.feared_happened)
    row = db.exec(
        select(
            func.count(Reflection.id),
            func.avg(case((tol_pair, ExposureGoal.predicted_tolerability))),
            func.avg(case((tol_pair, Reflection.actual_tolerability))),
            func.avg(case((fear_pair, ExposureGoal.feared_likelihood))),
            func.avg(case((fear_pair, Reflection.feared_happened))),
        )
        .select_from(ExposureGoal)
        .join(Reflection, and_(Reflection.session_id == ExposureGoal.session_id, _ATTEMPTED))
        .where(ExposureGoal.ladder_item_id.is_not(None))
    ).one()
    return Expectancy(*row)


def recent_attempts(db: Session, item_ids: list[int], limit: int = TREND_LENGTH) -> dict[int, list[Attempt]]:
    """The latest `limit` attempts (done fully or partly) per item, oldest first, picked by a window in SQL."""
    if not item_ids:
        return {}
    rank = (
        func.row_number()
        .over(partition_by=ExposureGoal.ladder_item_id, order_by=(DailySession.day.desc(), Reflection.id.desc()))
        .label("rank")
    )
    inner = (
        select(
            ExposureGoal.ladder_item_id.label("item_id"),
            DailySession.day,
            Reflection.outcome,
            ExposureGoal.predicted_tolerability,
            Reflection.actual_tolerability,
            ExposureGoal.feared_likelihood,
            Reflection.feared_happened,
            rank,
        )
        .join(Reflection, Reflection.session_id == ExposureGoal.session_id)
        .join(DailySession, DailySession.id == ExposureGoal.session_id)
        .where(ExposureGoal.ladder_item_id.in_(item_ids), _ATTEMPTED)
        .subquery()
    )
    stmt = select(*inner.c).where(inner.c.rank <= limit).order_by(inner.c.item_id, inner.c.day, inner.c.rank.desc())
    found: dict[int, list[Attempt]] = defaultdict(list)
    for item_id, day, outcome, predicted, actual, likelihood, happened, _ in db.exec(stmt):
        outcome_value = outcome.value if isinstance(outcome, Outcome) else outcome
        found[item_id].append(Attempt(day, outcome_value, predicted, actual, likelihood, happened))
    return dict(found)


def item_attempts(db: Session, item_id: int, limit: int = TREND_LENGTH) -> list[Attempt]:
    return recent_attempts(db, [item_id], limit).get(item_id, [])


def active_rungs(db: Session) -> list[Rung]:
    stmt = (
        select(LadderItem.id, LadderItem.name, LadderItem.difficulty)
        .where(LadderItem.archived.is_(False))
        .order_by(LadderItem.difficulty, text_order(func.lower(LadderItem.name)), LadderItem.id)
    )
    return [Rung(i, n, d) for i, n, d in db.exec(stmt)]


def suggestion_for_item(db: Session, item_id: int) -> Suggestion | None:
    """The gentle next-step offer for one item (for the session summary and the ladder screen)."""
    item = db.get(LadderItem, item_id)
    if item is None:
        return None
    return suggest_next(item_attempts(db, item_id), Rung(item.id, item.name, item.difficulty, item.archived), active_rungs(db))


def add_item(db: Session, name: str, difficulty: int, now: datetime, category: str = "") -> LadderItem:
    item = LadderItem(name=name, difficulty=difficulty, category=category, created_at=now)
    db.add(item)
    db.flush()
    return item


def _get(db: Session, item_id: int) -> LadderItem:
    item = db.get(LadderItem, item_id)
    if item is None:
        raise StoreError(f"ladder item {item_id} no longer exists")
    return item


def update_item(db: Session, item_id: int, *, name: str | None = None, difficulty: int | None = None) -> LadderItem:
    item = _get(db, item_id)
    if name is not None:
        item.name = name
    if difficulty is not None:
        item.difficulty = max(0, min(100, difficulty))
    db.add(item)
    db.flush()
    return item


def set_archived(db: Session, item_id: int, archived: bool) -> LadderItem:
    item = _get(db, item_id)
    item.archived = archived
    db.add(item)
    db.flush()
    return item


def item_names(db: Session) -> set[str]:
    """Every item name on the ladder (archived too), case-folded, so starters are not added twice."""
    return {name.casefold() for name in db.exec(select(LadderItem.name))}
