"""Anonymised shares for a group, and the cohort page built from them.

A share holds 0-10 scales only, by day offset from the person's first practised day: no dates, no free
text, no contacts, no medication. The cohort page needs at least MIN_SHARES of them, and shows a week's
numbers only where at least MIN_SHARES people have numbers for it, so no one stands out."""

from __future__ import annotations

import html
import json
from datetime import date
from statistics import median, quantiles
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

FORMAT = "coach-share"
VERSION = 1
MIN_SHARES = 5
MAX_SHARE_BYTES = 2_000_000

Scale = Annotated[float, Field(ge=0, le=10)]


class ShareError(Exception):
    """A file is not a share, or there are too few shares to stay anonymous; str() is one line."""


class ShareDay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: int = Field(ge=0, le=36_500)
    tolerability: Scale | None = None
    pain: Scale | None = None
    distress: Scale | None = None
    distress_before: Scale | None = None
    distress_after: Scale | None = None
    predicted_peak_pain: Scale | None = None
    actual_peak_pain: Scale | None = None
    predicted_tolerability: Scale | None = None
    actual_tolerability: Scale | None = None


class Share(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["coach-share"]
    version: Literal[1]
    days: list[ShareDay] = Field(max_length=36_501)


def build_share(scales: dict[date, dict[str, Any]]) -> dict[str, Any]:
    """The share for one person's per-day scales: days become offsets from the first one."""
    if not scales:
        return {"format": FORMAT, "version": VERSION, "days": []}
    first = min(scales)
    days = [{"day": (day - first).days, **values} for day, values in sorted(scales.items())]
    share = {"format": FORMAT, "version": VERSION, "days": days}
    Share.model_validate(share)  # what is written is exactly what `cohort` accepts
    return share


def share_text(share: dict[str, Any]) -> str:
    """JSON with one day per line, so the person can read every number before it is written."""
    days = ",\n".join("  " + json.dumps(day) for day in share["days"])
    head = f'{{"format": {json.dumps(share["format"])}, "version": {share["version"]}, "days": ['
    return f"{head}\n{days}\n]}}\n" if days else f"{head}]}}\n"


def describe_share(share: dict[str, Any]) -> str:
    days = share["days"]
    if not days:
        return "This share is empty: there are no practised days with numbers yet."
    weeks = days[-1]["day"] // 7 + 1
    return (
        f"This share holds {len(days)} days of 0-10 scales over {weeks} week{'s' if weeks != 1 else ''}, "
        "counted from your first day: no dates, no notes or other words, no contacts, no medication."
    )


def read_share(name: str, data: bytes) -> Share:
    """Parse and check one share file's bytes; ShareError (one line) for anything that is not a share."""
    if len(data) > MAX_SHARE_BYTES:
        raise ShareError(f"{name}: too large to be a coach share")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ShareError(f"{name}: not a coach share (not JSON text)") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ShareError(f"{name}: not a coach share (make one with `coach export --format share`)")
    try:
        return Share.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ShareError(f"{name}: not a valid coach share: {where}: {first['msg']}") from None


# --- the cohort ------------------------------------------------------------------------------------

# (label, key) rows of the cohort page's table, each person's weekly mean of that scale.
COHORT_ROWS = (
    ("Tolerability (0 = intolerable, 10 = livable)", "tolerability"),
    ("Pain now (0 = none, 10 = worst)", "pain"),
    ("Distress before an exercise", "distress_before"),
    ("Distress after an exercise", "distress_after"),
    ("Predicted peak pain of the day's step", "predicted_peak_pain"),
    ("Actual peak pain of the day's step", "actual_peak_pain"),
)


def _weekly_means(share: Share, key: str) -> dict[int, float]:
    weeks: dict[int, list[float]] = {}
    for day in share.days:
        value = getattr(day, key)
        if value is not None:
            weeks.setdefault(day.day // 7 + 1, []).append(value)
    return {week: sum(values) / len(values) for week, values in weeks.items()}


def cohort_summary(shares: list[Share]) -> dict[str, dict[int, tuple[int, float, float, float] | None]]:
    """For each scale and week: (people, median, lower quartile, upper quartile) of the people's weekly
    means, or None where fewer than MIN_SHARES people have numbers for that week."""
    if len(shares) < MIN_SHARES:
        raise ShareError(
            f"a cohort page needs at least {MIN_SHARES} shares to keep everyone anonymous; got {len(shares)}"
        )
    summary: dict[str, dict[int, tuple[int, float, float, float] | None]] = {}
    for _label, key in COHORT_ROWS:
        per_week: dict[int, list[float]] = {}
        for share in shares:
            for week, value in _weekly_means(share, key).items():
                per_week.setdefault(week, []).append(value)
        summary[key] = {}
        for week, values in sorted(per_week.items()):
            if len(values) < MIN_SHARES:
                summary[key][week] = None
                continue
            q1, _q2, q3 = quantiles(values, n=4, method="inclusive")
            summary[key][week] = (len(values), median(values), q1, q3)
    return summary


def render_cohort_html(summary: dict[str, dict[int, Any]], people: int) -> str:
    """One self-contained page: no scripts, no links out, every value escaped."""
    weeks = sorted({week for rows in summary.values() for week in rows})
    esc = html.escape
    head = "".join(f"<th scope='col'>Week {esc(str(week))}</th>" for week in weeks)
    body = []
    for label, key in COHORT_ROWS:
        cells = []
        for week in weeks:
            cell = summary[key].get(week)
            if cell is None:
                cells.append("<td class='few'>too few to show</td>")
            else:
                n, mid, q1, q3 = cell
                cells.append(
                    f"<td><b>{mid:.1f}</b><br><span>{q1:.1f}–{q3:.1f}</span><br><small>{n} people</small></td>"
                )
        body.append(f"<tr><th scope='row'>{esc(label)}</th>{''.join(cells)}</tr>")
    gap_rows = []
    for week in weeks:
        predicted, actual = summary["predicted_peak_pain"].get(week), summary["actual_peak_pain"].get(week)
        if predicted is not None and actual is not None:
            gap = predicted[1] - actual[1]
            gap_rows.append(
                f"<li>Week {week}: predicted {predicted[1]:.1f}, actual {actual[1]:.1f} "
                f"({'better than expected by' if gap > 0 else 'different by'} {abs(gap):.1f})</li>"
            )
    gap_html = "".join(gap_rows) or "<li>Not enough predictions and reflections yet.</li>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Our group, week by week</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #111; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #999; padding: .4rem .6rem; text-align: center; }}
th[scope=row] {{ text-align: left; }} td span {{ color: #444; }} td.few {{ color: #777; font-style: italic; }}
</style></head><body>
<h1>Our group, week by week</h1>
<p>Combined from {esc(str(people))} anonymous shares. Each cell is the middle value (median) of everyone's
weekly average, with the middle half of the group below it. Weeks count from each person's own first day.
A week shows only when at least {MIN_SHARES} people have numbers for it. No names, dates or words are in
this page.</p>
<table><thead><tr><th></th>{head}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table>
<h2>Predicted and actual peak pain</h2>
<p>Before each step people predicted how bad the pain would get; afterwards they noted how it was.</p>
<ul>{gap_html}</ul>
<p><small>Made by coach. Not a medical device.</small></p>
</body></html>
"""
