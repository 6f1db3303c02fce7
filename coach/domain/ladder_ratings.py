"""Re-rating one's own ladder items 0–100: when it is due, and which changes are large enough to mention.

The idea is PHODA's re-rating of one's own activities (Leeuw et al. 2007): on its 0–100 scale a change of
more than 20 points suggests true change (CLINICAL.md, "Re-rating one's own activities"). coach borrows
the idea, not the instrument or its photos, and calls out changes of 20 points or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

NOTABLE_CHANGE = 20  # points on 0–100 (Leeuw et al. 2007)
QUESTION = "How hard does this feel now? 0 = no trouble at all, 100 = the hardest you can imagine."


def rerate_due(today: date, every_days: int, last_rated: date | None, oldest_item: date | None) -> bool:
    """Is it time to ask? Never when `every_days` is 0 (off) or there is no active item; otherwise when
    the last re-rating (or, before the first, the oldest active item's creation) is `every_days` old."""
    if every_days <= 0 or oldest_item is None:
        return False
    since = last_rated or oldest_item
    return today - since >= timedelta(days=every_days)


@dataclass(frozen=True)
class RatingChange:
    name: str
    first_day: date
    first: int
    latest_day: date
    latest: int

    @property
    def change(self) -> int:
        return self.latest - self.first

    @property
    def notable(self) -> bool:
        return abs(self.change) >= NOTABLE_CHANGE

    def sentence(self) -> str:
        """"Walk to the shop: 70 on 1 Oct 2026, 45 on 7 Dec 2026 (25 points easier)"."""
        return f"{self.name}: {self.summary()}"

    def summary(self) -> str:
        """The sentence without the item's name."""
        if self.first_day == self.latest_day:
            return f"{self.first} on {self.first_day:%-d %b %Y} (rated once so far)"
        if self.change == 0:
            how = "the same"
        else:
            points = abs(self.change)
            how = f"{points} point{'s' if points != 1 else ''} {'easier' if self.change < 0 else 'harder'}"
        return f"{self.first} on {self.first_day:%-d %b %Y}, {self.latest} on {self.latest_day:%-d %b %Y} ({how})"


def changes(history: Sequence[tuple[str, Sequence[tuple[date, int]]]]) -> list[RatingChange]:
    """First and latest rating of each item that has one: `history` is (name, [(day, rating), ...])."""
    out = []
    for name, ratings in history:
        if ratings:
            ordered = sorted(ratings)
            out.append(RatingChange(name, ordered[0][0], ordered[0][1], ordered[-1][0], ordered[-1][1]))
    return out


def trail(ratings: Sequence[tuple[date, int]], most: int = 6) -> str:
    """The latest few ratings in order, for a list line: "70 → 60 → 45"."""
    return " → ".join(str(r) for _, r in sorted(ratings)[-most:])
