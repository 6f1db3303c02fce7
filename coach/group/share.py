"""Anonymised shares for a group, and the cohort's numbers built from them (coach.group.cohort_page draws them).

A share holds 0-10 scales only, by day offset from the person's first practised day: no dates, no free
text, no contacts, no medication; and a random id that tells one journal from another (a UUID 5 of the
journal's own id, so it is not the id a FHIR export carries). The cohort counts people by that id, refuses
two shares of one journal, needs at least MIN_SHARES people, and shows a week's numbers only where at least
MIN_SHARES people have numbers for it, so no one stands out."""

from __future__ import annotations

import json
import uuid
from datetime import date
from statistics import median, quantiles
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coach.domain.journal_identity import valid_journal_id
from coach.domain.literal_text import clean

FORMAT = "coach-share"
VERSION = 2  # 2: the share carries its journal's share id
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
    version: Literal[2]
    journal: str
    days: list[ShareDay] = Field(max_length=36_501)

    @field_validator("journal")
    @classmethod
    def _a_share_id(cls, value: str) -> str:
        parsed = None
        try:
            parsed = uuid.UUID(value)
        except ValueError:
            pass
        if parsed is None or parsed.version != 5 or str(parsed) != value:
            raise ValueError("not a share id (a UUID)")
        return value


def share_id(journal_id: str) -> str:
    """The id a journal's shares carry: the same for every share of that journal, and not its FHIR id."""
    checked = valid_journal_id(journal_id)
    if checked is None:
        raise ValueError(f"not a journal id: {journal_id!r}")
    return str(uuid.uuid5(uuid.UUID(checked), "coach-share"))


def build_share(scales: dict[date, dict[str, Any]], journal_id: str) -> dict[str, Any]:
    """The share for one person's per-day scales: days become offsets from the first one."""
    head = {"format": FORMAT, "version": VERSION, "journal": share_id(journal_id)}
    if not scales:
        return head | {"days": []}
    first = min(scales)
    days = [{"day": (day - first).days, **values} for day, values in sorted(scales.items())]
    share = head | {"days": days}
    Share.model_validate(share)  # what is written is exactly what `cohort` accepts
    return share


def share_text(share: dict[str, Any]) -> str:
    """JSON with one day per line, so the person can read every number before it is written."""
    days = ",\n".join("  " + json.dumps(day) for day in share["days"])
    head = (f'{{"format": {json.dumps(share["format"])}, "version": {share["version"]}, '
            f'"journal": {json.dumps(share["journal"])}, "days": [')
    return f"{head}\n{days}\n]}}\n" if days else f"{head}]}}\n"


def describe_share(share: dict[str, Any]) -> str:
    days = share["days"]
    if not days:
        return "This share is empty: there are no practised days with numbers yet."
    weeks = days[-1]["day"] // 7 + 1
    return (
        f"This share holds {len(days)} days of 0-10 scales over {weeks} week{'s' if weeks != 1 else ''}, "
        "counted from your first day: no dates, no notes or other words, no contacts, no medication; and a "
        "random id for this journal, so the group's page counts you once."
    )


def read_share(name: str, data: bytes) -> Share:
    """Parse and check one share file's bytes; ShareError (one line) for anything that is not a share."""
    name = clean(name, one_line=True)  # a file's name is shown on a terminal
    if len(data) > MAX_SHARE_BYTES:
        raise ShareError(f"{name}: too large to be a coach share")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ShareError(f"{name}: not a coach share (not JSON text)") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ShareError(f"{name}: not a coach share (make one with `coach export --format share`)")
    if raw.get("version") == 1:
        raise ShareError(f"{name}: made by an older coach, without the id that counts each person once; ask for a new share")
    try:
        return Share.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = clean(".".join(str(part) for part in first["loc"]) or "(top level)", one_line=True)
        raise ShareError(f"{name}: not a valid coach share: {where}: {clean(first['msg'], one_line=True)}") from None


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


def people(named: list[tuple[str, Share]]) -> list[Share]:
    """One share per person: ShareError (one line) for two shares of one journal (or two copies of one
    file), or for fewer than MIN_SHARES people."""
    seen: dict[str, str] = {}
    for name, share in named:
        first = seen.get(share.journal)
        if first is not None:
            raise ShareError(
                f"{clean(first, one_line=True)} and {clean(name, one_line=True)} are shares of the same journal; "
                "each person counts once, so give only one of them"
            )
        seen[share.journal] = name
    if len(seen) < MIN_SHARES:
        raise ShareError(
            f"a cohort page needs shares from at least {MIN_SHARES} people to keep everyone anonymous; "
            f"got {len(seen)}"
        )
    return [share for _name, share in named]


def cohort_summary(shares: list[Share]) -> dict[str, dict[int, tuple[int, float, float, float] | None]]:
    """For each scale and week: (people, median, lower quartile, upper quartile) of the people's weekly
    means, or None where fewer than MIN_SHARES people have numbers for that week."""
    if len({share.journal for share in shares}) < len(shares) or len(shares) < MIN_SHARES:
        raise ShareError(
            f"a cohort page needs shares from at least {MIN_SHARES} people to keep everyone anonymous; "
            f"got {len({share.journal for share in shares})}"
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
