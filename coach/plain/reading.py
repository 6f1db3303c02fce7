"""Plain-text reading of the journal for `coach today`, `history`, `progress`, `learn` and `taper`: the same
queries the screens use, said in lines (and as data for --json)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from coach.domain.literal_text import clean
from coach.domain.scales import tolerability_band
from coach.plain.parts import day_words


def today_view(db: Any, day: date) -> dict[str, Any]:
    """Today's four steps with their state, what is left, and the answers so far."""
    from coach.store.repo import practice_day_count
    from coach.store.sessions import load_session, state_of

    answers = load_session(db, day)
    state = state_of(answers)
    steps = [{"step": title, "done": done, "waiting": None if done else waiting}
             for title, done, waiting in state.step_rows()]
    return {
        "day": day.isoformat(),
        "day_number": practice_day_count(db),
        "state": state.phrase(),
        "steps": steps,
        "left": [row["step"] for row in steps if not row["done"]],
        "checkin": answers.checkin if answers else {},
        "goal": answers.goal if answers else {},
        "reflection": answers.reflection if answers else {},
        "exercises": [run["exercise_id"] for run in answers.runs] if answers else [],
    }


def today_lines(view: dict[str, Any]) -> list[str]:
    day = date.fromisoformat(view["day"])
    lines = [f"{day_words(day)}, day {view['day_number']} of practice: {view['state']}."]
    for row in view["steps"]:
        lines.append(f"  {row['step']}: {'done' if row['done'] else row['waiting']}")
    checkin = view["checkin"]
    rated = [f"{name} {checkin[name]}" for name in ("pain", "tolerability", "distress", "sleep", "mood")
             if checkin.get(name) is not None]
    if rated:
        lines.append(f"Check-in: {', '.join(rated)}.")
    if view["goal"].get("text"):
        lines.append(f"Goal: {clean(view['goal']['text'], one_line=True)}.")
    if view["left"]:
        left = ", ".join(view["left"])
        lines.append(f"Left today: {left}{'' if left.endswith('?') else '.'} coach session --plain walks you through it.")
    else:
        lines.append("Nothing left today.")
    return lines


def history_view(db: Any, today: date, days: int) -> list[dict[str, Any]]:
    from coach.store.queries.history import history_rows

    first = today - timedelta(days=days - 1)
    # Newest first, one row a day at most: the last `days` rows hold the whole window.
    rows = [row for row in history_rows(db, limit=days, before=today + timedelta(days=1)) if row.day >= first]
    return [
        {"day": row.day.isoformat(), "done": row.done, "tolerability": row.tolerability, "pain": row.pain,
         "exercises": row.exercises, "goal": row.has_goal, "outcome": row.outcome, "reflection": row.has_reflection}
        for row in rows
    ]


_OUTCOME_WORDS = {"fully": "did it", "partly": "did part of it", "not_today": "not today"}


def history_lines(rows: list[dict[str, Any]], days: int) -> list[str]:
    if not rows:
        return [f"No sessions in the last {days} days."]
    lines = []
    for row in rows:
        day = date.fromisoformat(row["day"])
        parts = [f"{day:%a} {day.day} {day:%b %Y}", "done" if row["done"] else "started"]
        if row["tolerability"] is not None:
            parts.append(f"tolerability {row['tolerability']}")
        if row["pain"] is not None:
            parts.append(f"pain {row['pain']}")
        if row["exercises"]:
            parts.append(f"{row['exercises']} exercise{'s' if row['exercises'] != 1 else ''}")
        if row["goal"]:
            parts.append(f"goal: {_OUTCOME_WORDS.get(row['outcome'], 'reflection to come')}")
        lines.append(", ".join(parts))
    return lines


def stats_trend_sentences(summary: Any) -> list[str]:
    """Trend sentences from `coach stats`' summary (coach.store.queries.stats.Summary), no charts: the one
    place `coach progress` gets its words, so a richer domain module can take its place later."""
    s = summary
    lines = [f"From {s.start.day} {s.start:%b} to {s.end.day} {s.end:%b %Y} ({s.days} days): "
             f"{s.sessions_done} session{'s' if s.sessions_done != 1 else ''} done of {s.sessions_started} started."]
    if s.tolerability_avg is not None:
        band = tolerability_band(s.tolerability_avg).value
        lines.append(f"Tolerability averaged {s.tolerability_avg:.1f} out of 10 ({band})"
                     + _trend(s.tolerability_trend, "more tolerable", "less tolerable") + ".")
    if s.pain_avg is not None:
        lines.append(f"Pain averaged {s.pain_avg:.1f} out of 10" + _trend(s.pain_trend, "higher", "lower") + ".")
    if s.exercises_done:
        calmer = ""
        if s.distress_before_avg is not None and s.distress_after_avg is not None:
            calmer = (f"; the alarm went from {s.distress_before_avg:.1f} before to {s.distress_after_avg:.1f} "
                      "after, on average")
        lines.append(f"You practised {s.exercises_done} exercise{'s' if s.exercises_done != 1 else ''} "
                     f"({s.exercise_minutes:g} minutes){calmer}.")
    if s.exposures_planned:
        lines.append(f"You set {s.exposures_planned} goal{'s' if s.exposures_planned != 1 else ''}: did "
                     f"{s.exposures_fully}, part of {s.exposures_partly}, not today {s.exposures_not_today}.")
    if s.pain_prediction_gap is not None:
        gap = s.pain_prediction_gap
        if gap > 0:
            lines.append(f"The pain you expected was {gap:.1f} points higher than the pain you met, on average.")
        elif gap < 0:
            lines.append(f"The pain you met was {-gap:.1f} points higher than you expected, on average.")
        else:
            lines.append("The pain you met was, on average, what you expected.")
    if s.peg_first is not None and s.peg_last is not None and s.peg_first != s.peg_last:
        lines.append(f"Your weekly PEG went from {s.peg_first:g} to {s.peg_last:g} (lower is better).")
    elif s.peg_last is not None:
        lines.append(f"Your latest weekly PEG: {s.peg_last:g} (lower is better).")
    if s.extra_doses_recorded:
        lines.append(f"Extra doses recorded, as information for your prescriber: {s.extra_doses_recorded}.")
    return lines


def _trend(change: float | None, up: str, down: str) -> str:
    if change is None or abs(change) < 0.5:
        return ", steady over the period" if change is not None else ""
    return f", {abs(change):.1f} {up if change > 0 else down} in the second half than the first"


def learn_lines(card: Any) -> list[str]:
    lines = [card.title, "", *(" ".join(p.split()) for p in card.body.split("\n\n") if p.strip())]
    if card.key_points:
        lines += ["", "Key points:", *(f"  - {point}" for point in card.key_points)]
    lines += ["", "Sources: " + "; ".join(card.sources)]
    return lines


def taper_view(db: Any, today: date) -> dict[str, Any]:
    from coach.domain.taper import drug, format_regimen, mme_text, pace_summary, plan_notes, plan_rows, regimen_mme
    from coach.store.taper import current_step_text, load_plan

    plan = load_plan(db)
    rows = plan_rows(plan.medications, plan.steps, plan.duration)
    return {
        "current": current_step_text(db, today),
        "medications": [
            {"drug": med.drug, "drug_name": drug(med.drug).name, "start": med.start_date.isoformat(),
             "regimen": format_regimen(med.drug, med.strength, med.doses_per_day),
             "mme": mme_text(regimen_mme(med.drug, med.strength, med.doses_per_day))}
            for med in plan.medications
        ],
        "steps": [
            {"number": row.number, "drug_name": row.drug.name, "start": row.step.start_date.isoformat(),
             "regimen": row.regimen,
             "total_mme_per_day": row.total_mme, "change_percent": row.change_percent,
             "percent_per_30_days": row.percent_per_30_days, "note": row.pace_note or row.switch_note}
            for row in rows
        ],
        "pace": pace_summary(rows, plan.duration),
        "notes": plan_notes(plan.medications),
    }


def taper_lines(view: dict[str, Any]) -> list[str]:
    if not view["medications"]:
        return ["No taper plan recorded. Add the plan you agreed with your prescriber in the app (t on Home)."]
    lines = ["Your taper plan, as agreed with your prescriber:"]
    lines += [f"  {m['drug_name']} since {m['start']}: {m['regimen']} ({m['mme']})" for m in view["medications"]]
    for step in view["steps"]:
        mme = f", {step['total_mme_per_day']:g} MME/day in all" if step["total_mme_per_day"] is not None else ""
        change = f", {step['change_percent']:+g}%" if step["change_percent"] is not None else ""
        lines.append(f"  Step {step['number']} from {step['start']}: {step['drug_name']} {step['regimen']}{mme}{change}")
        if step["note"]:
            lines.append(f"    {step['note']}")
    lines += [line for line in (view["current"], view["pace"]) if line]
    lines += view["notes"]
    lines.append("MME factors are estimates for judging overall dose (CDC 2022), never for switching opioids.")
    return lines
