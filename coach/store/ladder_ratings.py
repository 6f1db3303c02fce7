"""Ladder re-ratings (schema 3): save a day's ratings, read each item's ratings over time, and whether one is due."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from coach.domain.ladder_ratings import RatingChange, changes, rerate_due
from coach.store import StoreError
from coach.store.models import LadderItem, LadderRating
from coach.store.settings import read_setting


def save_ratings(db: Session, day: date, ratings: Mapping[int, int], now: datetime) -> int:
    """Store each item's 0–100 rating for `day` (a second re-rating the same day replaces the first);
    returns how many were saved. An unknown item or a rating off the scale saves nothing."""
    for item_id, value in ratings.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise StoreError(f"a rating must be a whole number from 0 to 100, got {value!r}")
        if db.get(LadderItem, item_id) is None:
            raise StoreError(f"there is no ladder item {item_id}")
    for item_id, value in ratings.items():
        row = db.exec(
            select(LadderRating).where(LadderRating.ladder_item_id == item_id, LadderRating.day == day)
        ).first()
        if row is None:
            db.add(LadderRating(ladder_item_id=item_id, day=day, difficulty=value, rated_at=now))
        else:
            row.difficulty, row.rated_at = value, now
    db.commit()
    return len(ratings)


def ratings_by_item(db: Session, *, include_archived: bool = False) -> dict[int, list[tuple[date, int]]]:
    """Each item's ratings, oldest first (items never re-rated are absent)."""
    query = select(LadderRating.ladder_item_id, LadderRating.day, LadderRating.difficulty).join(
        LadderItem, LadderItem.id == LadderRating.ladder_item_id
    )
    if not include_archived:
        query = query.where(col(LadderItem.archived).is_(False))
    out: dict[int, list[tuple[date, int]]] = {}
    for item_id, day, value in db.exec(query.order_by(LadderRating.day)):
        out.setdefault(int(item_id), []).append((day, int(value)))
    return out


def named_history(db: Session, until: date | None = None) -> list[tuple[str, list[tuple[date, int]]]]:
    """(item name, its ratings up to `until`) for every item ever re-rated, archived ones too, by name."""
    names = dict(db.exec(select(LadderItem.id, LadderItem.name)).all())
    history = ratings_by_item(db, include_archived=True)
    kept = {i: [r for r in ratings if until is None or r[0] <= until] for i, ratings in history.items()}
    return sorted(((names[i], r) for i, r in kept.items() if r), key=lambda pair: pair[0])


def rating_changes(db: Session, until: date | None = None) -> list[RatingChange]:
    """First and latest rating of each re-rated item (up to `until`), for Progress and the report."""
    return changes(named_history(db, until))


def is_rerate_due(db: Session, today: date) -> bool:
    """Whether the re-rating screen should ask today (the rerate_every_days setting; 0 = never)."""
    every = int(read_setting(db, "rerate_every_days") or 0)
    if every <= 0:
        return False
    last = db.exec(select(func.max(LadderRating.day))).one()
    oldest = db.exec(select(func.min(LadderItem.created_at)).where(col(LadderItem.archived).is_(False))).one()
    oldest_day = oldest.date() if isinstance(oldest, datetime) else oldest
    return rerate_due(today, every, last, oldest_day)
