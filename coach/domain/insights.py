"""What a person's entries show, in plain sentences: chart trends and honest within-person comparisons.

Pure functions over numbers already aggregated in SQL (coach.store.queries.insight_rows). A comparison
speaks only when each side has at least MIN_DAYS days (or exposures, or runs), and otherwise says how many
more it needs. The words describe what went together in this person's own entries, never a cause: no
"because", "helps", "makes" or "improves". Progress, `coach stats` and a plain-text progress command share
these sentences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.scales import tolerability_band

MIN_DAYS = 7  # days (or exposures, or runs) each side of a comparison needs before it is said at all
GOOD_SLEEP = 7  # a sleep rating of 7 or more out of 10 counts as a good night
SAME = 0.3  # a change smaller than this (on 0–10) is "about the same"


@dataclass(frozen=True)
class Group:
    """One side of a comparison as SQL aggregated it: how many days and the mean on them."""

    days: int
    mean: float | None


@dataclass(frozen=True)
class Insight:
    key: str  # sleep, exercise, gap, calming
    title: str
    sentence: str
    enough: bool  # False: too few days to say anything; the sentence says what is missing


def _n(value: float) -> str:
    return f"{round(value, 1):g}"


def _days(count: int, noun: str = "day") -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _short(title: str, key: str, sides: Sequence[tuple[str, Group]], noun: str = "day") -> Insight | None:
    """The 'not yet' answer when a side has fewer than MIN_DAYS, naming each side's count."""
    if all(group.days >= MIN_DAYS and group.mean is not None for _, group in sides):
        return None
    counts = " and ".join(f"{_days(group.days, noun)} {label}" for label, group in sides)
    return Insight(
        key, title, f"Not enough entries to compare yet: {counts}. Each side needs at least {MIN_DAYS}.", False
    )


def sleep_comparison(good: Group, other: Group) -> Insight:
    """Tolerability on days after a sleep rating of GOOD_SLEEP+ against the other days with both answers.
    coach records sleep as a 0–10 rating of the night, not in hours, so that is what is compared."""
    title = "Tolerability and your sleep rating"
    note = " (coach records sleep as a 0–10 rating, not in hours)"
    short = _short(title, "sleep", [(f"rated {GOOD_SLEEP}+", good), ("rated lower", other)])
    if short:
        return Insight(short.key, short.title, f"{short.sentence} Sleep is recorded as a 0–10 rating, not in hours.", False)
    assert good.mean is not None and other.mean is not None
    return Insight(
        "sleep",
        title,
        f"On the {_days(good.days)} after a night you rated {GOOD_SLEEP} or more for sleep, your tolerability "
        f"averaged {_n(good.mean)}; on the other {_days(other.days)}, {_n(other.mean)}{note}.",
        True,
    )


def exercise_comparison(with_exercise: Group, without: Group) -> Insight:
    """The tolerability rated after an exposure, on days with an exercise done before it against days without."""
    title = "Exposures with an exercise first"
    short = _short(title, "exercise", [("with an exercise first", with_exercise), ("without", without)])
    if short:
        return short
    assert with_exercise.mean is not None and without.mean is not None
    return Insight(
        "exercise",
        title,
        f"On the {_days(with_exercise.days)} you did an exercise before your exposure, you rated its "
        f"tolerability {_n(with_exercise.mean)} on average; on the {_days(without.days)} without, "
        f"{_n(without.mean)}.",
        True,
    )


def gap_trend(earlier: Group, later: Group) -> Insight:
    """How far the peak pain you predicted was from the one you had (predicted minus actual, on average),
    in the first half of the period against the second: is the gap shrinking?"""
    title = "Your predictions over time"
    short = _short(title, "gap", [("in the first half", earlier), ("in the second", later)], noun="exposure")
    if short:
        return short
    assert earlier.mean is not None and later.mean is not None

    def said(gap: float) -> str:
        if abs(gap) < 0.05:
            return "right on your prediction"
        return f"{_n(abs(gap))} point{'' if _n(abs(gap)) == '1' else 's'} {'below' if gap > 0 else 'above'} your prediction"

    change = abs(later.mean) - abs(earlier.mean)
    moved = "closer to" if change <= -SAME else "further from" if change >= SAME else "about as close to"
    return Insight(
        "gap",
        title,
        f"In the first half of this range your peak pain was {said(earlier.mean)} on average "
        f"({_days(earlier.days, 'exposure')}); in the second half, {said(later.mean)} "
        f"({_days(later.days, 'exposure')}): your predictions came {moved} what happened.",
        True,
    )


@dataclass(frozen=True)
class ExerciseDrop:
    """Runs of one exercise with distress rated before and after, and the mean drop (before minus after)."""

    exercise_id: str
    runs: int
    drop: float


def calming_exercise(drops: Sequence[ExerciseDrop], titles: Mapping[str, str]) -> Insight:
    """Which exercise went with the largest fall in distress (alarm) from before to after, among the
    exercises with at least MIN_DAYS rated runs."""
    title = "Which exercise lowers your alarm most"
    rated = [d for d in drops if d.runs >= MIN_DAYS]
    if not rated:
        most = max((d.runs for d in drops), default=0)
        return Insight(
            "calming",
            title,
            f"Not enough entries to compare yet: the most-rated exercise has {_days(most, 'run')} with distress "
            f"before and after. It needs at least {MIN_DAYS}.",
            False,
        )
    rated.sort(key=lambda d: (-d.drop, -d.runs, d.exercise_id))
    best = rated[0]
    name = titles.get(best.exercise_id, best.exercise_id)
    direction = f"fell by {_n(best.drop)} on average" if best.drop > 0 else "did not fall on average"
    sentence = f"Your distress {direction} around {name} ({_days(best.runs, 'run')})."
    if len(rated) > 1:
        others = ", ".join(f"{titles.get(d.exercise_id, d.exercise_id)} {_n(d.drop)}" for d in rated[1:4])
        sentence += f" Others: {others}."
    return Insight("calming", title, sentence, True)


@dataclass(frozen=True)
class EntryGroups:
    """Every group the comparisons need, for one range (filled by store.queries.insight_rows)."""

    good_sleep: Group
    other_sleep: Group
    with_exercise: Group
    without_exercise: Group
    gap_earlier: Group
    gap_later: Group
    drops: list[ExerciseDrop]


def what_entries_show(groups: EntryGroups, titles: Mapping[str, str]) -> list[Insight]:
    """The four comparisons, in the order Progress and `coach stats` show them."""
    return [
        sleep_comparison(groups.good_sleep, groups.other_sleep),
        exercise_comparison(groups.with_exercise, groups.without_exercise),
        gap_trend(groups.gap_earlier, groups.gap_later),
        calming_exercise(groups.drops, titles),
    ]


# --- one sentence under a chart ------------------------------------------------------------------


def _band_part(first: float, last: float) -> str:
    a, b = tolerability_band(first), tolerability_band(last)
    return f"from {a} into {b}" if a != b else f"staying {a}"


def tolerability_sentence(span: str, first: float | None, last: float | None, what: str = "7-day average") -> str:
    """"Over these 3 months your 7-day average rose from 3.1 to 4.6: from intolerable into tolerable."
    `first` and `last` are the first and the last value of the series; they are rounded to one decimal
    before the band is named, so the word matches the number shown."""
    if first is None or last is None:
        return f"Over these {span} there are too few check-ins for a {what}."
    a, b = round(first, 1), round(last, 1)
    if abs(b - a) < SAME:
        return f"Over these {span} your {what} stayed about the same ({_n(a)} to {_n(b)}), {_band_part(a, b)}."
    verb = "rose" if b > a else "fell"
    return f"Over these {span} your {what} {verb} from {_n(a)} to {_n(b)}: {_band_part(a, b)}."


def level_sentence(span: str, name: str, first: float | None, last: float | None) -> str:
    """The same for a 0–10 scale without bands (pain, distress): where it started and where it is now."""
    if first is None or last is None:
        return f"Over these {span} there is nothing to compare for {name} yet."
    a, b = round(first, 1), round(last, 1)
    if abs(b - a) < SAME:
        return f"Over these {span} your {name} stayed about the same ({_n(a)} to {_n(b)} out of 10)."
    return f"Over these {span} your {name} went {'up' if b > a else 'down'} from {_n(a)} to {_n(b)} out of 10."


def gap_sentence(span: str, gaps: Sequence[float]) -> str:
    """Under the prediction-gap chart: on average, how much better or worse than expected the peak pain was."""
    if not gaps:
        return f"Over these {span} no exposure has both a prediction and a reflection yet."
    mean = sum(gaps) / len(gaps)
    if abs(mean) < 0.5:
        return f"Over these {span} your peak pain came about where you predicted (above the 0 line: better than expected)."
    side = "lower" if mean > 0 else "higher"
    return (
        f"Over these {span} your peak pain was {_n(abs(mean))} points {side} than you predicted on average "
        f"(above the 0 line: better than expected)."
    )


def distress_sentence(span: str, before: float | None, after: float | None, runs: int) -> str:
    """Under the distress chart: the average alarm before and after exercises, with how many runs."""
    if before is None or after is None or runs == 0:
        return f"Over these {span} no exercise has distress rated both before and after yet."
    change = "lower" if after < before else "higher" if after > before else "the same"
    return (
        f"Over these {span} your distress averaged {_n(before)} before an exercise and {_n(after)} after "
        f"({_days(runs, 'run')}): {_n(abs(before - after))} {change}." if change != "the same" else
        f"Over these {span} your distress averaged {_n(before)} before an exercise and the same after "
        f"({_days(runs, 'run')})."
    )


def practice_sentence(days: Sequence[date], start: date, end: date) -> str:
    """Under the year view: on how many days there was a check-in, and the longest stretch without one."""
    total = (end - start).days + 1
    seen = sorted({d for d in days if start <= d <= end})
    if not seen:
        return f"No check-ins between {start:%-d %B %Y} and {end:%-d %B %Y} yet."
    longest, gap_from = 0, None
    edges = [start - timedelta(days=1), *seen, end + timedelta(days=1)]
    for before, after in zip(edges, edges[1:]):
        missing = (after - before).days - 1
        if missing > longest:
            longest, gap_from = missing, before + timedelta(days=1)
    said = f"You checked in on {len(seen)} of these {total} days"
    if longest == 0 or gap_from is None:
        return said + ", every one of them."
    gap_to = gap_from + timedelta(days=longest - 1)
    when = f"{gap_from:%-d %b %Y}" if longest == 1 else f"{gap_from:%-d %b %Y} – {gap_to:%-d %b %Y}"
    return f"{said}; the longest stretch without one was {_days(longest)} ({when})."


def span_words(days: int) -> str:
    """A range's length as a person says it: "2 weeks", "3 months", "10 years"."""
    if days <= 31:
        return "2 weeks" if days == 14 else _days(days)
    if days < 730:
        months = round(days / 30.44)
        return "12 months" if months == 12 else _days(months, "month")
    return _days(round(days / 365.25), "year")
