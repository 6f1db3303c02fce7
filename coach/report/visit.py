"""The report's top: the header block a prescriber reads first, and the "for the visit" box (doses, warning
signs, withdrawal signs by week lined up with the taper steps)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from coach.domain.session import WARNING_SIGNS, WITHDRAWAL_SIGNS
from coach.report.html import day_text, empty, num, spans_years, table
from coach.report.plan import PlanView, header_lines
from coach.store.queries.stats import Period
from coach.domain.literal_text import clean
from coach.store.queries.visit import DoseEvent, MoodSummary, PegAnswer, Practice, SignsDay, WeekRow, week_monday

WARNING_LABELS = dict(WARNING_SIGNS)
WITHDRAWAL_LABELS = dict(WITHDRAWAL_SIGNS)
MAX_DATES = 24  # dates listed per kind of dose before saying how many more
MAX_WEEKS = 16  # weeks listed in the withdrawal table (the chart shows every week)


def _label(labels: dict[str, str], key: str) -> str:
    """A sign's checklist label; a key this coach does not know (an import) is shown as the data it is."""
    return labels.get(key) or clean(key.replace("_", " "), one_line=True)  # escaped where it is used


def period_text(period: Period, began: date | None = None) -> str:
    """"7 Nov 2026 – 6 Dec 2026 (30 days)", and ", since 7 November, when the journal began" when the
    period was shortened to start on the journal's first day."""
    text = f"{day_text(period.start)} – {day_text(period.end)} ({period.days} day{'s' if period.days != 1 else ''})"
    if began is not None:
        text += f", since {began.day} {began:%B}, when the journal began"
    return text


PEG_DUE_DAYS = 7  # the PEG is weekly: older than this, page 1 says one is due


def header_block(
    period: Period,
    today: date,
    view: PlanView | None,
    pegs: Sequence[PegAnswer] | None,
    practice: Practice,
    began: date | None = None,
    more: Sequence[tuple[str, str]] = (),
) -> str:
    """Period, step in force and its MME/day, next agreed step, last PEG, days practised, then `more`
    (mood, the safety notes and questions). A None view or PEG list means the person left that section
    out, so the header leaves it out too. `began`: the journal's first day, when the period starts there
    rather than where it was asked to."""
    lines: list[tuple[str, str]] = [
        ("Period", period_text(period, began)),
    ]
    if view is not None:
        lines += header_lines(view, min(today, period.end), today)
    if pegs is not None:
        if pegs:
            last = pegs[-1]
            text = f"{last.score:.1f} on {day_text(last.day)}"
            if len(pegs) > 1:
                text += f" (first in the period {pegs[0].score:.1f} on {day_text(pegs[0].day)}; {len(pegs)} in all)"
            if (today - last.day).days > PEG_DUE_DAYS:
                text += f". PEG due: the last one is over {PEG_DUE_DAYS} days old."
            lines.append(("Last PEG", text))
        else:
            lines.append(("Last PEG", "No complete PEG in this period. PEG due."))
    lines.append(
        (
            "Days practised",
            f"{practice.days_with_session} of {period.days} days had a session "
            f"({practice.days_done} completed; {practice.checkins} check-in{'' if practice.checkins == 1 else 's'})",
        )
    )
    lines += more
    rows = "\n".join(f"<tr><th scope='row'>{escape(k, False)}</th><td>{escape(v, False)}</td></tr>" for k, v in lines)
    return f'<table class="header-block" id="header-block">\n{rows}\n</table>'


def _dates(days: Sequence[date], years: bool) -> str:
    shown = list(days)[-MAX_DATES:]
    text = ", ".join(day_text(d, year=years) for d in shown)
    more = len(days) - len(shown)
    return text + (f" (and {more} earlier)" if more else "")


def doses_html(events: Sequence[DoseEvent], period: Period) -> str:
    if not events:
        return empty("No extra or early doses recorded in this period.")
    items = []
    for kind, words in (("extra", "Extra doses"), ("early", "Doses taken earlier than usual")):  # per day
        days = [e.day for e in events if e.kind == kind]
        if days:
            count = len(set(days))
            items.append(
                f"<li><strong>{words} on {count} day{'' if count == 1 else 's'}</strong> — "
                f"{escape(_dates(days, spans_years(period.start, period.end)))}</li>"
            )
    return (
        f'<ul class="plain">{"".join(items)}</ul>'
        '<p class="muted">Recorded by the person at the check-in or in the evening reflection, as information '
        "for the prescriber.</p>"
    )


def warning_html(days: Sequence[SignsDay]) -> str:
    if not days:
        return empty("No warning signs ticked in this period.")
    rows = [[escape(day_text(d.day)), escape("; ".join(_label(WARNING_LABELS, s) for s in d.signs))] for d in days]
    return table([("Day", "nowrap"), ("Warning signs ticked", "wrap")], rows, css="data keep") + (
        '<p class="muted">Ticking any of these at the check-in opens coach\'s help and safety screen (emergency '
        "signs, 988, when to call the prescriber) before anything else.</p>"
    )


def withdrawal_html(
    weeks: Sequence[WeekRow], sign_days: Sequence[SignsDay], view: PlanView | None, period: Period
) -> str:
    """Weeks with withdrawal signs or a taper step, with the plan's MME/day and that week's extra or early doses."""
    steps = {r.step.start_date: r for r in view.rows} if view is not None else {}
    by_week: dict[date, Counter[str]] = {}
    for d in sign_days:
        by_week.setdefault(week_monday(d.day), Counter()).update(d.signs)
    rows = []
    for w in weeks:
        end = min(w.start + timedelta(days=6), period.end)
        started = [r for day, r in steps.items() if w.start <= day <= end]
        if not (w.withdrawal_days or started):
            continue
        plan = ""
        if view is not None and not view.empty:
            mme = view.mme_on(w.start)
            plan = num(mme)
            years = spans_years(period.start, period.end)
            plan += "".join(
                f"<br><strong>step {r.number}</strong> {escape(day_text(r.step.start_date, years))}" for r in started
            )
        signs = by_week.get(w.start, Counter())
        rows.append(
            [
                escape(day_text(w.start)),
                plan,
                str(w.checkins),
                str(w.withdrawal_days),
                escape(
                    ", ".join(
                        f"{_label(WITHDRAWAL_LABELS, k).lower()} ×{n}"
                        if n > 1
                        else _label(WITHDRAWAL_LABELS, k).lower()
                        for k, n in signs.most_common()
                    )
                ),
                f"{w.extra_doses} / {w.early_doses}",
            ]
        )
    if not rows:
        return empty("No withdrawal signs ticked and no taper step in this period.")
    shown = rows[-MAX_WEEKS:]
    note = (
        f'<p class="muted">The most recent {len(shown)} of {len(rows)} such weeks; the chart shows them all.</p>'
        if len(shown) < len(rows)
        else ""
    )
    headers = [
        ("Week of", "nowrap"),
        ("Plan MME/day", "num"),
        ("Check-ins", "num"),
        ("Days with signs", "num"),
        ("Signs noted", "wrap"),
        ("Extra / early doses", "num"),
    ]
    return (
        table(headers, shown) + note + '<p class="muted">Only weeks with withdrawal signs or a taper step are listed. '
        "The checklist is coach's own short list in plain words, not a scored withdrawal scale.</p>"
    )


def peg_table(pegs: Sequence[PegAnswer], limit: int = 12) -> str:
    shown = list(pegs)[-limit:]
    rows = [[escape(day_text(p.day)), str(p.pain), str(p.enjoyment), str(p.activity), f"{p.score:.1f}"] for p in shown]
    headers = [("Week of", "nowrap"), ("Pain", "num"), ("Enjoy\u00adment", "num"), ("Activity", "num"), ("PEG", "num")]
    note = (
        ""
        if len(shown) == len(pegs)
        else f'<p class="muted">The most recent {len(shown)} of {len(pegs)} PEGs; the chart shows all {len(pegs)}.</p>'
    )
    return table(headers, rows, css="data keep") + note  # five short columns fit a phone as a table


def mood_line(mood: MoodSummary) -> tuple[str, str] | None:
    """Page 1's mood during the taper (HHS 2019 asks clinicians to watch it), or None with no ratings."""
    if mood.average is None:
        return None
    text = f"{mood.average:g} on average over {mood.days} check-in{'' if mood.days == 1 else 's'}"
    if mood.first_half is not None and mood.second_half is not None:
        text += f" ({mood.first_half:g} in the first half of the period, {mood.second_half:g} in the second)"
    return ("Mood (0–10, higher is better)", text)


def safety_lines(settings: dict, with_taper: bool) -> list[tuple[str, str]]:
    """What the person recorded on the Taper plan screen for the visit, each only when given."""
    lines = []
    if with_taper and settings.get("naloxone_at_home") in ("yes", "no"):
        lines.append(("Naloxone at home", "yes" if settings["naloxone_at_home"] == "yes" else "no"))
    if with_taper and settings.get("sedating_medicines"):
        lines.append(("Other sedating medicines", settings["sedating_medicines"]))
    if settings.get("visit_questions"):
        lines.append(("Questions for this visit", settings["visit_questions"]))
    return lines
