"""Synthetic practice history for `coach demo`: a seeded, plausible course written through the store models.

Nothing here is a real person's data. The parameters live in data/demo.toml; the same parameters, seed
and end date always give the same rows. Generation is plain Python (`generate`); writing is a handful of
bulk inserts (`write_history`), so ten years of days take well under a few seconds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from coach.demo.params import (
    MAX_DAYS,
    DemoParams,
    FlareParams,
    TaperParams,
    load_params,
)
from coach.store import StoreError

# --- the generated rows --------------------------------------------------------------------------


@dataclass
class DemoHistory:
    """Rows for each table, as dicts of column values, ready for bulk insert (ids assigned)."""

    start: date
    end: date
    medications: list[dict[str, Any]] = field(default_factory=list)
    taper_steps: list[dict[str, Any]] = field(default_factory=list)
    ladder_items: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    exercise_runs: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    reflections: list[dict[str, Any]] = field(default_factory=list)
    settings: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> Iterable[tuple[str, list[dict[str, Any]]]]:
        """(model name, rows) in foreign-key order."""
        yield "Medication", self.medications
        yield "TaperStep", self.taper_steps
        yield "LadderItem", self.ladder_items
        yield "DailySession", self.sessions
        yield "CheckIn", self.checkins
        yield "ExerciseRun", self.exercise_runs
        yield "ExposureGoal", self.goals
        yield "Reflection", self.reflections
        yield "Setting", self.settings


# Short, invented notes: what someone in a pain-rehabilitation group might jot down.
CHECKIN_NOTES = (
    "Slept badly, woke at 3 and couldn't settle.",
    "Bit stiff this morning but it eased after a shower.",
    "Busy day ahead, trying to pace it.",
    "Weather change, everything aches.",
    "Felt more like myself today.",
    "Grandkids visiting later, looking forward to it.",
    "Worried about the next taper step.",
    "Good walk yesterday, a little sore today.",
)
NOTICED = (
    "The pain went up and then settled again faster than I expected.",
    "I braced at the start; when I let my shoulders drop it felt easier.",
    "It was uncomfortable but nothing bad happened.",
    "I got through it and felt proud afterwards.",
    "The worry beforehand was worse than the doing.",
    "I noticed I held my breath when I bent down.",
    "I stopped early, and that was fine: I'll try again tomorrow.",
)
RESPONSES = (
    "Paced breathing before starting",
    "Named the alarm and kept going slowly",
    "Took a short break and carried on",
    "Noticed the sensation without fighting it",
    "Reminded myself hurt does not always mean harm",
)
# Keys of the check-in's withdrawal checklist (coach.domain.session.WITHDRAWAL_SIGNS), so screens and the
# report show their labels.
WITHDRAWAL_SIGNS = ("restless", "sweating", "runny_nose", "yawning", "poor_sleep", "aches", "gooseflesh")
EXTRA_DOSE_NOTE = "Took an extra dose in the evening; noting it for the prescriber."
HOLD_NOTE = "Held for two weeks during a flare, as agreed with the prescriber."


@dataclass
class _Flare:
    start: int
    length: int

    def intensity(self, day: int) -> float:
        """1 on the first day, fading to about half by the last; 0 outside the flare."""
        if not self.start <= day < self.start + self.length:
            return 0.0
        return 1.0 - 0.5 * (day - self.start) / self.length


def _lerp(pair: list[float], fraction: float) -> float:
    return pair[0] + (pair[1] - pair[0]) * fraction


def _scale(value: float, low: int = 0, high: int = 10) -> int:
    return max(low, min(high, round(value)))


def _round_up(value: float, step: float) -> float:
    return round(math.ceil(value / step - 1e-9) * step, 6)


def _flares(rng: random.Random, params: FlareParams, days: int) -> list[_Flare]:
    flares = []
    start = params.first_day
    while start < days:
        flares.append(_Flare(start, rng.randint(*params.length_days)))
        start += rng.randint(*params.every_days)
    return flares


def _taper_plan(params: TaperParams, flares: list[_Flare], days: int) -> list[tuple[int, float, str]]:
    """(day index, strength mg, note) for each step: the first is the starting dose; one step lies ahead."""
    steps = [(0, params.strength_mg, "Starting dose, as agreed with the prescriber.")]
    strength = params.strength_mg
    day = 0
    while True:
        planned = day + params.step_every_days
        note = ""
        if any(planned - params.hold_window_days <= f.start <= planned for f in flares):
            planned += params.hold_days
            note = HOLD_NOTE
        nxt = _round_up(strength * (1 - params.step_fraction), params.round_to_mg)
        if nxt >= strength or nxt < params.floor_mg:
            break  # the plan holds here
        steps.append((planned, nxt, note))
        strength, day = nxt, planned
        if planned >= days:  # the next agreed step, still ahead of today
            break
    return steps


def generate(params: DemoParams, *, days: int | None = None, end: date, tz: tzinfo, seed: int | None = None) -> DemoHistory:
    """A history of `days` days ending on `end` (inclusive); deterministic for the same arguments."""
    days = params.days if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise StoreError(f"--days must be between 1 and {MAX_DAYS}, got {days}")
    rng = random.Random(params.seed if seed is None else seed)
    start = end - timedelta(days=days - 1)
    history = DemoHistory(start=start, end=end)
    sp, tp, pp = params.sessions, params.trends, params.predictions

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=tz)

    # --- the plan: medication, taper steps, ladder -------------------------------------------
    taper = params.taper
    flares = _flares(rng, params.flares, days)
    history.medications.append(
        dict(
            id=1,
            drug=taper.drug,
            strength=taper.strength_mg,
            doses_per_day=taper.doses_per_day,
            start_date=start - timedelta(days=365 * taper.years_before),
            note="Synthetic demo medication.",
            active=True,
        )
    )
    from coach.domain.taper import DURATION_SETTING, OpioidDuration

    duration = OpioidDuration.A_YEAR_OR_MORE if taper.years_before >= 1 else OpioidDuration.UNDER_A_YEAR
    history.settings.append(dict(key=DURATION_SETTING, value=duration.value))
    # The synthetic person has been practising for weeks: a saved demo opens on Home, not the welcome tour.
    history.settings.append(dict(key="onboarding_done", value=True))
    step_days = []
    for i, (offset, strength, note) in enumerate(_taper_plan(taper, flares, days), start=1):
        step_days.append(offset)
        history.taper_steps.append(
            dict(
                id=i,
                medication_id=1,
                start_date=start + timedelta(days=offset),
                strength=strength,
                doses_per_day=taper.doses_per_day,
                note=note,
            )
        )
    for i, item in enumerate(params.ladder, start=1):
        history.ladder_items.append(
            dict(
                id=i,
                name=item.name,
                difficulty=item.difficulty,
                category=item.category,
                archived=False,
                created_at=at(start, sp.start_hour, 5),
            )
        )

    # --- day by day --------------------------------------------------------------------------
    from coach.content import load_exercises

    exercises = load_exercises()
    unknown = [e for e in sp.exercise_ids if e not in exercises]
    if unknown:
        raise StoreError(f"the demo parameters name unknown exercises: {', '.join(unknown)}")
    lengths = {e: exercises[e].total_seconds_for(None) for e in sp.exercise_ids}

    rung = 0  # index of the ladder item being worked on
    rung_since = 0
    rung_successes = 0
    rung_attempts = 0
    days_per_rung = params.course_days / len(params.ladder) * 1.3
    session_id = goal_id = run_id = 0

    for d in range(days):
        day = start + timedelta(days=d)
        course = min(1.0, d / params.course_days)
        drift = min(1.0, tp.plateau_drift_per_year * max(0, d - params.course_days) / 365)
        flare = max((f.intensity(d) for f in flares), default=0.0)
        setback = rng.random() < tp.setback_probability
        missed = rng.random() < sp.missed_day_probability * (2 if flare else 1)
        if missed:
            continue

        def trend(pair: list[float]) -> float:
            direction = 1 if pair[1] >= pair[0] else -1
            return _lerp(pair, course) + direction * drift + rng.gauss(0, tp.daily_noise)

        tolerability = trend(tp.tolerability) - flare * params.flares.tolerability_drop
        pain = trend(tp.pain) + flare * params.flares.pain_rise
        distress = trend(tp.distress) + flare * 2
        sleep = trend(tp.sleep) - flare * 1.5
        mood = trend(tp.mood) - flare
        if setback:
            tolerability -= tp.setback_size
            distress += tp.setback_size
            mood -= 1

        session_id += 1
        started = at(day, sp.start_hour + rng.randrange(3), rng.randrange(60))

        roll = rng.random()
        if flare:
            timing = "extra_dose" if roll < 0.2 else "taken_early" if roll < 0.35 else "on_schedule"
        else:
            timing = "extra_dose" if roll < 0.03 else "taken_early" if roll < 0.07 else (
                "due_soon" if roll < 0.2 else "on_schedule"
            )
        since_step = min((d - s for s in step_days[1:] if s <= d), default=None)
        signs: list[str] = []
        if since_step is not None and since_step < 10 and rng.random() < 0.5:
            signs = rng.sample(WITHDRAWAL_SIGNS, rng.randint(1, 2))
        note = rng.choice(CHECKIN_NOTES) if rng.random() < sp.note_probability else ""
        weekly = day.weekday() == 0
        interference = _lerp([7.5, 4.0], course) - drift + flare * 2
        checkin = dict(
            session_id=session_id,
            pain=_scale(pain),
            tolerability=_scale(tolerability),
            distress=_scale(distress),
            sleep=_scale(sleep),
            mood=_scale(mood),
            dose_timing=timing,
            withdrawal_signs=signs,
            red_flags=[],
            note=note,
            peg_pain=_scale(pain + rng.gauss(0, 0.5)) if weekly else None,
            peg_enjoyment=_scale(interference + rng.gauss(0, 0.7)) if weekly else None,
            peg_activity=_scale(interference + 0.5 + rng.gauss(0, 0.7)) if weekly else None,
            updated_at=started + timedelta(minutes=3),
        )

        # Grounding or breathing exercise(s), with distress before and after.
        minute = 5
        for _ in range(2 if rng.random() < sp.second_exercise_probability else 1):
            exercise = rng.choice(sp.exercise_ids)
            length = lengths[exercise]
            finished = rng.random() > 0.08
            before = _scale(checkin["distress"] + rng.gauss(0, 0.7))
            after = _scale(before - max(0.0, rng.gauss(1.8, 0.9)))
            run_id += 1
            run_start = started + timedelta(minutes=minute)
            seconds = length if finished else int(length * rng.uniform(0.3, 0.8))
            history.exercise_runs.append(
                dict(
                    id=run_id,
                    session_id=session_id,
                    exercise_id=exercise,
                    started_at=run_start,
                    ended_at=run_start + timedelta(seconds=seconds),
                    seconds_completed=seconds,
                    distress_before=before,
                    distress_after=after if finished else None,
                    completed=finished,
                )
            )
            minute += seconds // 60 + 2

        # The morning session ends at its summary; the reflection, when there is one, comes in the evening.
        done_at = started + timedelta(minutes=minute + 4)
        if rng.random() >= sp.goal_skip_probability:
            # After the top of the ladder, keep practising: mostly the top item, sometimes an earlier one.
            top = rung == len(params.ladder) - 1 and d - rung_since > days_per_rung
            index = rng.randrange(len(params.ladder)) if top and rng.random() < 0.3 else rung
            item = params.ladder[index]
            newness = max(0.0, 1.0 - rung_attempts / 3) if index == rung else 0.0
            amount = _lerp(item.amount, min(1.0, rung_attempts / 5) if index == rung else 1.0)
            amount = round(amount) if item.unit != "distance" else round(amount, 1)

            actual_peak = _scale(pain + 0.3 + item.difficulty / 200 + rng.gauss(0, 0.8))
            actual_tol = _scale(tolerability + rng.gauss(0, 0.7))
            peak_gap = _lerp(pp.peak_pain_gap, course) * (1 - 0.5 * drift) + newness + rng.gauss(0, 0.6)
            tol_gap = _lerp(pp.tolerability_gap, course) * (1 - 0.5 * drift) - newness + rng.gauss(0, 0.6)
            likelihood = _lerp(pp.feared_likelihood, course) + 10 * newness + rng.gauss(0, 8)
            happened = _lerp(pp.feared_happened, course) + 30 * flare + rng.gauss(0, 8)

            goal_id += 1
            history.goals.append(
                dict(
                    id=goal_id,
                    session_id=session_id,
                    ladder_item_id=index + 1,
                    text=item.name,
                    planned_amount=float(amount),
                    amount_unit=item.unit,
                    predicted_peak_pain=_scale(actual_peak + peak_gap),
                    predicted_tolerability=_scale(actual_tol + tol_gap),
                    feared_outcome=item.feared,
                    feared_likelihood=_scale(likelihood / 5, 0, 20) * 5,
                    updated_at=done_at,
                )
            )
            if rng.random() >= sp.reflection_skip_probability:
                roll = rng.random()
                if flare:
                    outcome = "not_today" if roll < 0.35 else "partly" if roll < 0.7 else "fully"
                else:
                    outcome = "fully" if roll < 0.75 else "partly" if roll < 0.95 else "not_today"
                next_step = "repeat"
                if index == rung:
                    rung_attempts += 1
                    if outcome == "fully" and actual_tol >= 4:
                        rung_successes += 1
                    if (
                        rung < len(params.ladder) - 1
                        and rung_successes >= 3
                        and d - rung_since >= days_per_rung
                    ):
                        next_step = "step_up"
                        rung, rung_since, rung_successes, rung_attempts = rung + 1, d, 0, 0
                    elif flare and outcome != "fully" and rung > 0 and rung_successes == 0:
                        next_step = "step_down"
                        rung, rung_since, rung_successes, rung_attempts = rung - 1, d, 0, 0
                tried = outcome != "not_today"
                extra = timing == "extra_dose"
                evening = at(day, 18 + rng.randrange(3), rng.randrange(60))
                history.reflections.append(
                    dict(
                        session_id=session_id,
                        goal_id=goal_id,
                        outcome=outcome,
                        actual_peak_pain=actual_peak if tried else None,
                        actual_tolerability=actual_tol if tried else None,
                        feared_happened=_scale(happened / 5, 0, 20) * 5 if tried else None,
                        noticed=rng.choice(NOTICED) if tried else "Not today: the flare needed rest.",
                        response_practised=rng.choice(RESPONSES) if tried else "",
                        extra_dose=extra,
                        extra_dose_note=EXTRA_DOSE_NOTE if extra else "",
                        next_step=next_step,
                        share_with_care_team=extra,
                        updated_at=evening,
                    )
                )
        history.checkins.append(checkin)
        history.sessions.append(
            dict(
                id=session_id,
                day=day,
                started_at=started,
                completed_at=done_at,
                status="done",
                current_step="summary",
            )
        )
    return history


# --- writing -------------------------------------------------------------------------------------


def write_history(store: Any, history: DemoHistory) -> None:
    """Bulk-insert `history` into an empty store (one transaction); StoreError if it holds data."""
    from sqlalchemy import func, insert
    from sqlmodel import select

    from coach.store import models
    from coach.store.engine.db import sync_id_sequences

    with store.session() as db:
        tables = (models.DailySession, models.LadderItem, models.Medication, models.Setting)
        if any(db.exec(select(func.count()).select_from(t)).one() for t in tables):
            raise StoreError("demo data goes into an empty database only; this one already has entries")
        conn = db.connection()
        for name, rows in history.tables():
            if rows:
                model = getattr(models, name)
                conn.execute(insert(model), [_with_enums(model, row) for row in rows])
        sync_id_sequences(conn)


_ENUM_COLUMNS = {
    "dose_timing": "DoseTiming",
    "outcome": "Outcome",
    "next_step": "NextStep",
    "amount_unit": "AmountUnit",
    "status": "SessionStatus",
}


def _with_enums(model: type, row: dict[str, Any]) -> dict[str, Any]:
    """Plain strings to the models' enum members (the enum columns store member names)."""
    from coach.store import models

    out = dict(row)
    for column, enum_name in _ENUM_COLUMNS.items():
        if out.get(column) is not None and column in model.__table__.c:
            out[column] = getattr(models, enum_name)(out[column])
    return out


def demo_end(now: datetime, day_start_hour: int | None = None) -> date:
    """The last day of the synthetic history: yesterday, so today is still open to try a session."""
    from coach.domain.days import DEFAULT_DAY_START_HOUR, coach_day

    return coach_day(now, DEFAULT_DAY_START_HOUR if day_start_hour is None else day_start_hour) - timedelta(days=1)


def build_demo_store(
    *, days: int | None = None, now: datetime, seed: int | None = None, params: DemoParams | None = None
) -> Any:
    """A fresh in-memory store holding the synthetic history. It never touches a file."""
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store

    params = params or load_params()
    history = generate(params, days=days, end=demo_end(now), tz=now.tzinfo or _local_tz(), seed=seed)
    store = open_store(resolve_db(":memory:"))
    try:
        write_history(store, history)
    except BaseException:
        store.close()
        raise
    return store


def save_demo(
    path: Path, *, days: int | None = None, now: datetime, seed: int | None = None,
    params: DemoParams | None = None, force: bool = False, protect: Iterable[Path] = (),
) -> DemoHistory:
    """Write the synthetic history to a NEW SQLite file at `path` (replacing one only with `force`),
    atomically (coach.store.engine.new_database): never a half-written database under `path`."""
    from coach.outputs import OutputError, check_target
    from coach.store.engine.new_database import write_new_database

    protect = list(protect)
    try:
        check_target(path, force=force, protect=protect)  # before generating anything
    except OutputError as exc:
        raise StoreError(str(exc)) from None
    params = params or load_params()
    history = generate(params, days=days, end=demo_end(now), tz=now.tzinfo or _local_tz(), seed=seed)
    write_new_database(path, lambda store: write_history(store, history), force=force, protect=protect)
    return history


def _local_tz() -> tzinfo:
    from coach.domain.days import local_now

    tz = local_now().tzinfo
    assert tz is not None
    return tz
