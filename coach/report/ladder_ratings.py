"""The report's "Ladder re-ratings" section: first and latest 0–100 rating per item, changes of 20+ called out."""

from __future__ import annotations

from html import escape

from coach.domain.ladder_ratings import NOTABLE_CHANGE, RatingChange
from coach.report.html import day_text, table

HEADING = "Ladder re-ratings (how hard each activity feels, 0–100)"
NOTE = (
    "The person re-rates their own ladder activities from time to time. coach borrows the idea from the PHODA "
    f"(Leeuw et al. 2007), on whose 0–100 scale a change of more than 20 points suggests true change; changes of "
    f"{NOTABLE_CHANGE} points or more are marked. These are the person's own activities, not the PHODA's photos, "
    "so the numbers are not PHODA scores."
)


def _change(item: RatingChange) -> str:
    if item.first_day == item.latest_day:
        return "rated once"
    if item.change == 0:
        return "no change"
    words = f"{abs(item.change)} points {'easier' if item.change < 0 else 'harder'}"
    return f"<strong>{escape(words)} (20 or more)</strong>" if item.notable else escape(words)


def ladder_ratings_html(items: list[RatingChange]) -> str:
    notable = [i for i in items if i.notable and i.first_day != i.latest_day]
    lead = (
        f"<p>{len(notable)} of {len(items)} re-rated activit{'y' if len(items) == 1 else 'ies'} changed by "
        f"{NOTABLE_CHANGE} points or more.</p>"
    )
    rows = [
        [
            escape(i.name),
            f"{i.first} ({day_text(i.first_day)})",
            f"{i.latest} ({day_text(i.latest_day)})",
            _change(i),
        ]
        for i in items
    ]
    headers = [("Activity", "text"), ("First rating", "num"), ("Latest rating", "num"), ("Change", "text")]
    return lead + table(headers, rows) + f'<p class="muted">{escape(NOTE)}</p>'
