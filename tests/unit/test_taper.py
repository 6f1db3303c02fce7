"""Taper plan arithmetic and queries: MME per step, % change per step and per 30 days, neutral pace notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from coach.domain.taper import (
    PlanMedication,
    PlanStep,
    TaperInputError,
    check_step_date,
    format_percent,
    format_regimen,
    pace_guidance,
    pace_summary,
    parse_amount,
    parse_day,
    parse_doses,
    parse_drug,
    plan_notes,
    plan_rows,
    total_mme_on,
)
from coach.store.models import Medication, TaperStep
from coach.store.taper import (
    add_medication,
    add_step,
    current_step_text,
    delete_medication,
    delete_step,
    load_plan,
    set_duration,
    update_medication,
)


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

START = date(2026, 9, 1)


def med(drug="morphine", strength=100.0, doses=1.0, start=START, id=1):
    return PlanMedication(id, drug, strength, doses, start)


def step(day, strength, doses=1.0, med_id=1, id=None):
    return PlanStep(id or day.toordinal(), med_id, day, strength, doses)


def test_exactly_ten_percent_a_month_gets_no_note_and_faster_does():
    meds = [med()]
    steps = [step(date(2026, 10, 1), 90), step(date(2026, 10, 31), 81), step(date(2026, 11, 15), 70)]
    rows = plan_rows(meds, steps, "a_year_or_more")
    assert [r.total_mme for r in rows] == [90, 81, 70]
    assert [r.change_percent for r in rows] == [-10.0, -10.0, -13.6]
    assert [r.days for r in rows] == [30, 30, 15]
    assert [r.percent_per_30_days for r in rows] == [-10.0, -10.0, -25.3]
    assert [r.faster_than_guidance for r in rows] == [False, False, True]
    assert rows[0].pace_note is None and rows[1].pace_note is None
    note = rows[2].pace_note
    assert "Step 3 (15 Nov 2026)" in note and "13.6%" in note and "15 days" in note and "25.3%" in note
    assert "10% a month" in note and "prescriber" in note
    # Neutral: it never sets a pace or tells the person what to do.
    for word in ("should", "must", "slow down", "too fast", "dangerous", "recommend"):
        assert word not in note.lower()


def test_pace_summary_names_the_faster_steps():
    meds = [med()]
    steps = [step(date(2026, 10, 1), 90), step(date(2026, 10, 15), 80), step(date(2026, 10, 20), 70)]
    rows = plan_rows(meds, steps, "a_year_or_more")
    summary = pace_summary(rows, "a_year_or_more")
    assert summary.startswith("Steps 2 and 3 go faster than about 10% a month")
    assert "talking them over with your prescriber" in summary
    assert pace_summary(rows[:1], "a_year_or_more") is None
    assert pace_summary(rows[:2], "a_year_or_more").startswith("Step 2 goes faster")


def test_under_a_year_compares_with_twenty_percent_per_four_weeks():
    meds = [med()]
    steps = [step(date(2026, 9, 29), 80), step(date(2026, 10, 13), 65)]  # 20% in 28 days, then 18.8% in 14
    rows = plan_rows(meds, steps, "under_a_year")
    assert [r.faster_than_guidance for r in rows] == [False, True]
    assert "20% every 4 weeks" in rows[1].pace_note and "5–20%" in rows[1].pace_note
    # The same plan, after a year or more on opioids: 20% in 28 days is faster than 10% a month.
    assert [r.faster_than_guidance for r in plan_rows(meds, steps, "a_year_or_more")] == [True, True]
    # Not sure (or not set) uses the year-or-more comparison.
    assert pace_guidance("not_sure") == pace_guidance(None) == pace_guidance("a_year_or_more")


def test_a_linear_taper_of_ten_percent_of_the_starting_dose_a_month_gets_no_false_alarm():
    """Issue 23: 1 mg a month from 10 mg, steps 28 days apart. Against the dose just before it, step 2 is
    11.1% in 28 days; as a share of the starting dose it is 10% a month, within guidance."""
    meds = [med("oxycodone", 10.0)]
    steps = [step(START + timedelta(days=28 * n), 10.0 - n) for n in range(1, 10)]
    rows = plan_rows(meds, steps, "a_year_or_more")
    assert rows[1].change_percent == -11.1 and rows[-1].change_percent == -50.0
    assert not any(r.faster_than_guidance for r in rows) and pace_summary(rows, "a_year_or_more") is None
    # 2 mg a month from 10 mg is 20% of the starting dose: the note says so and names its basis.
    fast = plan_rows(meds, [step(START + timedelta(days=28), 8.0)], "a_year_or_more")[0]
    assert fast.faster_than_guidance
    assert "20% of the dose the taper started from" in fast.pace_note
    assert "share of the dose the taper started from" in fast.pace_note
    summary = pace_summary([fast], "a_year_or_more")
    assert "share of the dose the taper started from" in summary and "prescriber" in summary


def test_increase_or_pause_has_no_note():
    rows = plan_rows([med()], [step(date(2026, 9, 2), 150), step(date(2026, 9, 3), 150)], "a_year_or_more")
    assert rows[0].change_percent == 50.0 and rows[0].pace_note is None
    assert rows[1].change_percent == 0.0 and rows[1].pace_note is None


def test_fentanyl_patch_uses_mcg_per_hour():
    patch = med("fentanyl-patch", 25, 1)
    steps = [step(date(2026, 10, 1), 12), step(date(2026, 11, 1), 12, doses=0)]
    assert total_mme_on([patch], steps, START) == 60.0  # 25 mcg/hr x 2.4
    rows = plan_rows([patch], steps, "a_year_or_more")
    assert rows[0].total_mme == pytest.approx(28.8)
    assert rows[0].change_percent == -52.0 and rows[0].faster_than_guidance
    assert rows[0].regimen == "12 mcg/hr, 1 patch"
    assert rows[1].regimen == "stopped" and rows[1].total_mme == 0
    assert format_regimen("fentanyl-patch", 25, 2) == "25 mcg/hr, 2 patches"


def test_methadone_factor_and_caution():
    meds = [med("methadone", 10, 3)]
    rows = plan_rows(meds, [step(date(2026, 10, 1), 9, 3)], "a_year_or_more")
    assert total_mme_on(meds, [], START) == 141.0  # 30 mg x 4.7
    assert rows[0].total_mme == pytest.approx(126.9)
    assert rows[0].change_percent == -10.0 and not rows[0].faster_than_guidance
    assert any("Methadone" in n for n in plan_notes(meds))
    assert format_regimen("methadone", 10, 3) == "10 mg × 3 a day"


def test_buprenorphine_has_no_number():
    meds = [med("buprenorphine", 8, 2)]
    rows = plan_rows(meds, [step(date(2026, 10, 1), 6, 2)], None)
    assert rows[0].total_mme is None and rows[0].change_percent is None and rows[0].pace_note is None
    (note,) = plan_notes(meds)
    assert "no MME factor" in note and "left out" in note


def test_two_medications_total_and_change():
    meds = [med("oxycodone", 10, 4, id=1), med("morphine", 30, 1, id=2)]  # 60 + 30 = 90 MME/day
    steps = [step(date(2026, 10, 1), 10, 3, med_id=1)]  # oxycodone 45: total 75
    rows = plan_rows(meds, steps, "a_year_or_more")
    assert total_mme_on(meds, [], START) == 90
    assert rows[0].total_mme == 75 and rows[0].change_percent == pytest.approx(-16.7)


def test_form_input_checks():
    assert parse_drug("Oxycodone").key == "oxycodone"
    assert parse_drug("Fentanyl patch").key == "fentanyl-patch"
    with pytest.raises(TaperInputError, match="fentanyl-patch"):
        parse_drug("fentanyl")  # the bare name could be a lozenge, a spray or a tablet
    assert parse_doses("2", "fentanyl-patch", allow_zero=False) == 2
    assert parse_doses("0", "fentanyl-patch", allow_zero=True) == 0  # a step that stops the patch
    assert parse_doses("1.5", "oxycodone", allow_zero=False) == 1.5
    with pytest.raises(TaperInputError, match="whole number"):
        parse_doses("1.5", "fentanyl-patch", allow_zero=False)
    with pytest.raises(TaperInputError, match="Unknown drug 'oxycodon'.*oxycodone") as caught:
        parse_drug("oxycodon")
    assert caught.value.field == "drug"
    with pytest.raises(TaperInputError, match="can't be negative"):
        parse_amount("-5", "strength", allow_zero=True)
    with pytest.raises(TaperInputError, match="more than 0"):
        parse_amount("0", "strength", allow_zero=False)
    with pytest.raises(TaperInputError, match="a number"):
        parse_amount("ten", "strength", allow_zero=False)
    with pytest.raises(TaperInputError, match="a number"):
        parse_amount("nan", "strength", allow_zero=False)
    assert parse_amount("12,5", "strength", allow_zero=False) == 12.5
    assert parse_amount("0", "strength", allow_zero=True) == 0
    assert parse_day(" 2026-12-09 ") == date(2026, 12, 9)
    with pytest.raises(TaperInputError, match="year-month-day"):
        parse_day("9/12/2026")
    with pytest.raises(TaperInputError, match=r"after the plan's start \(1 Sep 2026\)"):
        check_step_date(date(2026, 8, 31), med(), [])
    with pytest.raises(TaperInputError, match="after the plan's start"):
        check_step_date(START, med(), [])
    with pytest.raises(TaperInputError, match="already a step"):
        check_step_date(date(2026, 10, 1), med(), [step(date(2026, 10, 1), 90, id=7)])
    check_step_date(date(2026, 10, 1), med(), [step(date(2026, 10, 1), 90, id=7)], editing=7)
    assert format_percent(-10) == "−10%" and format_percent(2.5) == "+2.5%" and format_percent(0) == "0%"


def test_store_round_trip_and_current_step(store):
    with store.session() as db:
        assert current_step_text(db, date(2026, 11, 25)) is None
        med_id = add_medication(db, "oxycodone", 10, 3, date(2026, 9, 1))
        for day, strength in [(date(2026, 10, 1), 9), (date(2026, 10, 29), 8), (date(2026, 11, 12), 7)]:
            add_step(db, med_id, day, strength, 3)
        add_step(db, med_id, date(2026, 12, 10), 6, 3)
        set_duration(db, "a_year_or_more")
    with store.session() as db:
        plan = load_plan(db)
        assert plan.duration == "a_year_or_more"
        assert [s.strength for s in plan.steps] == [9, 8, 7, 6]
        assert current_step_text(db, date(2026, 11, 25)) == "You are on step 3 of your plan since 12 Nov."
        assert current_step_text(db, date(2026, 11, 12)) == "You are on step 3 of your plan since 12 Nov."
        assert current_step_text(db, date(2026, 9, 15)) == "Your plan's first step is on 1 Oct."
        with pytest.raises(Exception, match="before its first step"):
            update_medication(db, med_id, "oxycodone", 10, 3, date(2026, 10, 1))
        update_medication(db, med_id, "oxycodone", 10, 4, date(2026, 8, 1))
        delete_step(db, plan.steps[-1].id)
    with store.session() as db:
        plan = load_plan(db)
        assert len(plan.steps) == 3 and plan.medications[0].doses_per_day == 4
        delete_medication(db, med_id)
    with store.session() as db:
        assert db.exec(select(TaperStep)).all() == []
        assert db.exec(select(Medication)).all() == []


def test_per_30_days_is_compounded_and_never_above_100_percent():
    from coach.domain.taper import reduction_over

    assert reduction_over(100, 90, 30, 30) == 10.0
    assert reduction_over(27, 18, 7, 30) == 82.4  # a straight line would say 142.7%
    assert reduction_over(10, 0, 3, 30) == 100.0
    rows = plan_rows([med()], [step(date(2026, 9, 8), 50), step(date(2026, 9, 10), 150)], None)
    assert rows[0].change_percent == -50.0 and rows[0].percent_per_30_days == -94.9  # 50% in 7 days
    assert rows[1].change_percent == 200.0 and rows[1].percent_per_30_days is None  # increases: no rate


def test_update_step_changes_it_in_place_and_refuses_a_missing_one(store):
    from coach.store import StoreError
    from coach.store.taper import update_step

    with store.session() as db:
        med = add_medication(db, "oxycodone", 10, 3, date(2026, 9, 1))
        step = add_step(db, med, date(2026, 10, 1), 9, 3)
    with store.session() as db:
        update_step(db, step, date(2026, 10, 8), 9.5, 3, "moved a week")
    with store.session() as db:
        plan = load_plan(db)
    assert [(s.id, s.start_date, s.strength, s.note) for s in plan.steps] == [
        (step, date(2026, 10, 8), 9.5, "moved a week")
    ]
    with store.session() as db, pytest.raises(StoreError, match="no longer exists"):
        update_step(db, step + 99, date(2026, 10, 8), 9, 3)


# --- pace notes without false alarms (issue 13) ---------------------------------------------------------


def _monthly_taper(start_mme: float, stop_after: float, months_between: int = 30):
    """Morphine from `start_mme`, down 10% of the current dose every 30 days until it is at or below
    `stop_after`, then a last step to 0 after `months_between` days."""
    steps, day, dose = [], START, start_mme
    while dose > stop_after:
        day = day + timedelta(days=30)
        dose = dose * 0.9
        steps.append(step(day, dose))
    steps.append(step(day + timedelta(days=months_between), 0))
    return [med(strength=start_mme)], steps


def test_last_step_to_zero_after_a_slow_taper_has_no_note():
    meds, steps = _monthly_taper(100, 10)
    rows = plan_rows(meds, steps, "a_year_or_more")
    last = rows[-1]
    assert last.total_mme == 0 and last.change_percent == -100.0
    assert not last.faster_than_guidance and last.pace_note is None
    assert pace_summary(rows, "a_year_or_more") is None
    # Under a year, 20% of the highest dose is the comparison: stopping from 15 MME/day a month later is fine.
    meds, steps = _monthly_taper(100, 15)
    assert plan_rows(meds, steps, "under_a_year")[-1].pace_note is None


def test_a_last_step_too_soon_or_too_large_still_gets_the_note():
    meds, steps = _monthly_taper(100, 10, months_between=7)  # 9.x of 100 MME/day in a week
    assert plan_rows(meds, steps, "a_year_or_more")[-1].faster_than_guidance
    big = plan_rows([med()], [step(date(2026, 10, 1), 90), step(date(2026, 10, 31), 0)], "a_year_or_more")
    assert big[-1].faster_than_guidance and "Step 2" in big[-1].pace_note  # 90% of the dose in one step
    # Stopping straight from the highest dose, however long after starting, is never the gentle last step.
    sudden = plan_rows([med()], [step(date(2027, 9, 1), 0)], "a_year_or_more")
    assert sudden[0].faster_than_guidance


def test_a_switch_to_buprenorphine_or_another_opioid_has_no_pace_note():
    oxy = med("oxycodone", 20, 3, id=1)  # 90 MME/day
    bup = med("buprenorphine", 8, 1, start=date(2026, 11, 2), id=2)
    rows = plan_rows([oxy, bup], [step(date(2026, 11, 1), 0, med_id=1)], "a_year_or_more")
    (row,) = rows
    assert row.pace_note is None and not row.faster_than_guidance and row.percent_per_30_days is None
    assert "switch from oxycodone to buprenorphine" in row.switch_note and "CDC 2022" in row.switch_note
    summary = pace_summary(rows, "a_year_or_more")
    assert "faster" not in summary and "switch" in summary
    # A switch to morphine at a lower MME on the same day: no pace note either.
    morphine = med("morphine", 30, 2, start=date(2026, 11, 1), id=3)
    rows = plan_rows([oxy, morphine], [step(date(2026, 11, 1), 0, med_id=1)], "a_year_or_more")
    assert rows[0].pace_note is None and rows[0].switch_note
    # A medication that starts months away from the step is not a switch: the step is judged as usual.
    later = med("morphine", 30, 2, start=date(2027, 6, 1), id=3)
    rows = plan_rows([oxy, later], [step(date(2026, 10, 1), 10, 3, med_id=1)], "a_year_or_more")
    assert rows[0].faster_than_guidance and rows[0].switch_note is None


def test_one_day_is_singular():
    rows = plan_rows([med()], [step(date(2026, 9, 2), 80)], "a_year_or_more")
    assert "in 1 day," in rows[0].pace_note and "1 days" not in rows[0].pace_note


def test_the_note_speaks_to_the_person_in_the_app_and_to_the_care_team_in_the_report():
    steps = [step(date(2026, 10, 1), 90), step(date(2026, 10, 15), 80)]
    person = plan_rows([med()], steps, "a_year_or_more")[1].pace_note
    team = plan_rows([med()], steps, "a_year_or_more", audience="care_team")[1].pace_note
    assert "your prescriber" in person and "your dose" in person
    assert "your" not in team and "the planned total" in team
    assert "They recorded taking opioids for a year or more." in team and "review" in team
    summary = pace_summary(plan_rows([med()], steps, None), None, audience="care_team")
    assert "not recorded" in summary and "your" not in summary
    for note in (person, team, summary):
        for word in ("should", "must", "slow down", "too fast", "dangerous", "recommend"):
            assert word not in note.lower()
