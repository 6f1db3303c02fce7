"""The care-team report v2: header block, for-the-visit box, charts with gaps, the taper chart for the period,
exposures and shared notes, --from/--to/--omit, and reports for an empty, a one-day, a 120-day and a
ten-year journal."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from html import escape

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.domain.mme import load_mme_table
from coach.report import BANDS_NOTE, NOT_A_MEDICAL_DEVICE, render_report
from coach.report.options import ReportOptionError, parse_omit, resolve_period
from coach.report.svg import Line, line_chart, nice_ticks
from coach.store.models import CheckIn, DailySession, Medication, Reflection, TaperStep
from coach.store.queries.stats import Period
from tests.unit.test_stats import TODAY, build_history
from tests.conftest import coach_today


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines

runner = CliRunner()
UTC = timezone.utc


def _day(store, day: date, *, reflection: dict | None = None, **checkin) -> None:
    with store.session() as db:
        s = DailySession(day=day, started_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC), status="done")
        db.add(s)
        db.flush()
        db.add(CheckIn(session_id=s.id, **({"pain": 5, "tolerability": 5} | checkin)))
        if reflection is not None:
            db.add(Reflection(session_id=s.id, **reflection))


def _plan(store, start: date, steps: list[tuple[date, float, float]]) -> None:
    with store.session() as db:
        med = Medication(drug="oxycodone", strength=10, doses_per_day=3, start_date=start, note="as agreed")
        db.add(med)
        db.flush()
        for day, strength, per_day in steps:
            db.add(TaperStep(medication_id=med.id, start_date=day, strength=strength, doses_per_day=per_day))


def _section(html: str, key: str) -> str:
    match = re.search(rf'<section id="{key}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no section {key}"
    return match.group(1)


def _header(html: str) -> str:
    return re.search(r'<table class="header-block".*?</table>', html, re.S).group(0)


def test_report_sections_charts_and_footnotes(store):
    build_history(store, 120)
    html = render_report(store, TODAY, 90)
    for key in ("for-the-visit", "summary", "tolerability", "pain", "peg", "sleep-mood", "taper", "exposures", "notes"):
        assert f'<section id="{key}"' in html
    # tolerability, pain, PEG, sleep and mood, MME: each drawn wide and narrow
    assert html.count('<div class="chart-wide">') == 5 and html.count('<div class="chart-narrow">') == 5
    for band in ("band-intolerable", "band-tolerable", "band-livable"):
        assert band in _section(html, "tolerability")
    assert "7-day average" in html
    assert escape(load_mme_table().caution, False) in html
    assert escape(BANDS_NOTE, False) in html and escape(NOT_A_MEDICAL_DEVICE, False) in html
    assert "@media print" in html and "break-inside: avoid" in html
    assert "Walk to the corner" in html and "90 fully<" in html and "0 partly" not in html
    assert "The most recent 12 of 90" in html


def test_no_streak_and_written_for_the_care_team(store):
    build_history(store, 120)
    html = render_report(store, TODAY, 90)
    assert "streak" not in html.lower()
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\byou(r|rs|rself)?\b", text, re.I), re.search(r".{60}\byour?\b.{60}", text, re.I)


def test_header_block_states_period_step_next_step_peg_and_practice(store):
    build_history(store, 120)  # steps at day 60 (10 mg × 2) and day 90 (5 mg × 3) of 120
    html = render_report(store, TODAY, 90)
    header = _header(html)
    start = TODAY - timedelta(days=119)
    assert "Period</th><td>28 Aug 2026 – 25 Nov 2026 (90 days)" in header
    assert f"Step 2 of 2 since {(start + timedelta(days=90)).day} {(start + timedelta(days=90)):%b %Y}" in header
    assert "22.5 MME/day in total" in header
    assert "No further step recorded in the plan." in header
    assert "Last PEG</th><td>5.0 on" in header
    assert "Days practised</th><td>90 of 90 days had a session (90 completed; 90 check-ins)" in header
    assert html.index("header-block") < html.index('<section id="for-the-visit"')


def test_header_next_agreed_step_is_stated_with_its_date(store):
    _plan(store, date(2026, 9, 1), [(date(2026, 10, 1), 9, 3), (date(2026, 12, 10), 8, 3)])
    _day(store, date(2026, 11, 20))
    header = _header(render_report(store, TODAY, 30))
    assert (
        "Today's step</th><td>Step 1 of 2 since 1 Oct 2026: Oxycodone 9 mg × 3 a day; 40.5 MME/day in total" in header
    )
    assert (
        "Next agreed step</th><td>Step 2 on 10 Dec 2026: Oxycodone 8 mg × 3 a day; 36 MME/day in total, "
        "as agreed with the prescriber"
    ) in header


@pytest.mark.sqlite_only  # one snapshot file; the engines give the same report (tests/postgresql/test_postgres.py)
def test_header_snapshot(store, snapshot):
    """The header block's HTML text, as a prescriber sees it first."""
    _plan(store, date(2026, 6, 1), [(date(2026, 10, 1), 9, 3), (date(2026, 12, 10), 8, 3)])
    for i, day in enumerate((date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16))):
        _day(store, day, peg_pain=6 - i, peg_enjoyment=5, peg_activity=4)
    _day(store, date(2026, 11, 20))
    assert _header(render_report(store, TODAY, 30)) == snapshot


def test_for_the_visit_lists_doses_warning_signs_and_withdrawal_by_week(store):
    _plan(store, date(2026, 9, 1), [(date(2026, 11, 10), 9, 3)])
    _day(store, date(2026, 11, 3), dose_timing="extra_dose")
    _day(store, date(2026, 11, 4), dose_timing="taken_early", red_flags=["drowsy"])
    _day(store, date(2026, 11, 11), withdrawal_signs=["yawning", "poor_sleep"])
    _day(store, date(2026, 11, 12), withdrawal_signs=["yawning"], reflection={"extra_dose": True})
    visit = _section(render_report(store, TODAY, 30), "for-the-visit")
    assert "Extra doses on 2 days</strong> — 3 Nov, 12 Nov" in visit
    assert "Doses taken earlier than usual on 1 day</strong> — 4 Nov" in visit
    assert "4 Nov 2026" in visit and "So drowsy it is hard to stay awake" in visit
    # the week holding the step lists it, with the signs by their checklist labels
    assert "<strong>step 1</strong> 10 Nov" in visit
    assert "yawning a lot ×2, poor sleep" in visit
    # weeks run Monday to Sunday, like the weekly PEG: 10-12 Nov are the week of Monday 9 Nov
    assert 'data-label="Week of">9 Nov 2026' in visit
    assert 'data-label="Week of">2 Nov 2026' not in visit  # doses but no signs and no step: not a withdrawal row
    assert visit.count('<div class="chart-wide">') == 1  # the weekly withdrawal chart, with step markers
    assert "step-marker" in visit


def test_omit_leaves_sections_out_and_says_so(store):
    _day(
        store,
        date(2026, 11, 20),
        red_flags=["breathing"],
        reflection={"noticed": "SHARED-NOTE", "share_with_care_team": True},
    )
    html = render_report(store, TODAY, 30, omit=parse_omit(["notes", "warning-signs"]))
    assert "SHARED-NOTE" not in html and "Breathing that is slow" not in html
    assert '<section id="notes"' not in html
    assert "Left out of this report at the person's choice: warning signs, notes the person chose to share." in html
    full = render_report(store, TODAY, 30)
    assert "SHARED-NOTE" in full and "Breathing that is slow" in full
    with pytest.raises(ReportOptionError, match="no section called 'streak'"):
        parse_omit(["streak"])
    assert parse_omit(["notes,peg", "Sleep_Mood"]) == {"notes", "peg", "sleep-mood"}


def test_period_options():
    assert resolve_period(TODAY, None, None, None) == Period(TODAY - timedelta(days=89), TODAY)
    assert resolve_period(TODAY, 7, None, "2026-11-10") == Period(date(2026, 11, 4), date(2026, 11, 10))
    assert resolve_period(TODAY, None, "2026-10-01", "2026-10-31") == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert resolve_period(TODAY, None, "2026-10-01", None) == Period(date(2026, 10, 1), TODAY)
    for args, message in (
        ((7, "2026-10-01", None), "--days or --from"),
        ((None, "2026-10-31", "2026-10-01"), "comes after"),
        ((None, None, "2026-12-01"), "after today"),
        ((None, "1st Oct", None), "YYYY-MM-DD"),
        ((0, None, None), "between 1"),
    ):
        with pytest.raises(ReportOptionError, match=message):
            resolve_period(TODAY, *args)


def test_only_reflections_marked_to_share_appear_and_text_is_escaped(store):
    _day(
        store,
        date(2026, 11, 20),
        note="PRIVATE-CHECKIN-NOTE",
        reflection={"noticed": "<b>walked</b> & rested", "share_with_care_team": True},
    )
    _day(store, date(2026, 11, 21), reflection={"noticed": "PRIVATE-REFLECTION"})
    html = render_report(store, TODAY, 30)
    assert "&lt;b&gt;walked&lt;/b&gt; &amp; rested" in html
    assert "<b>walked" not in html
    assert "PRIVATE-CHECKIN-NOTE" not in html and "PRIVATE-REFLECTION" not in html
    assert "What they noticed:" in html


def test_report_is_self_contained(store):
    build_history(store, 30)
    html = render_report(store, TODAY, 30)
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_empty_database_gives_friendly_report(store):
    html = render_report(store, TODAY, 30)
    assert "No check-ins in this period." in html
    assert "No medication or taper plan recorded." in html
    assert "No exposure goals in this period." in html
    assert "No warning signs ticked in this period." in html
    assert "<svg" not in html


def test_long_period_uses_bucketed_averages(store):
    build_history(store, 800)
    html = render_report(store, TODAY, 730)
    assert "7-day average" in html  # 730 days → weekly buckets, labelled as such
    assert "each day" not in html


def test_gaps_in_the_data_stay_gaps(store):
    for day in (date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 11)):
        _day(store, day, sleep=5, mood=6)
    pain = _section(render_report(store, TODAY, 30), "pain")
    wide = pain.split('<div class="chart-narrow">')[0]
    assert wide.count("<polyline") == 2  # 1–3 Nov and 10–11 Nov, not one line across the week between


def test_line_chart_breaks_at_gaps_and_ticks_are_round():
    points = [
        (date(2026, 1, 1), 1),
        (date(2026, 1, 2), None),
        (date(2026, 1, 3), 2),
        (date(2026, 1, 4), 3),
        (date(2026, 1, 9), 4),
    ]
    chart = line_chart("t", [Line("x", points, "s", max_gap=1)], date(2026, 1, 1), date(2026, 1, 9))
    wide = chart.split('<div class="chart-narrow">')[0]
    assert wide.count("<polyline") == 1 and wide.count("<circle") == 2  # lone first and last points are dots
    assert nice_ticks(45) == [0, 20, 40, 60]
    assert nice_ticks(100) == [0, 25, 50, 75, 100]


def test_taper_chart_covers_the_period_with_today_and_planned_steps(store):
    _plan(store, date(2019, 1, 1), [(date(2020, 1, 1), 9, 3), (date(2026, 10, 20), 8, 3), (date(2026, 12, 15), 7, 3)])
    _day(store, date(2026, 9, 27))  # the journal began on the period's first day
    _day(store, date(2026, 11, 20))
    taper = _section(render_report(store, TODAY, 60), "taper")
    wide = taper.split('<div class="chart-narrow">')[0]
    assert "27 Sep 2026</text>" in wide  # the axis starts at the period's first day, not in 2019
    assert "2019" not in wide and "2020" not in wide
    assert 'class="marker today"' in wide and ">today</text>" in wide
    assert 'class="s-mme"' in wide and 'class="s-planned"' in wide and 'stroke-dasharray="6 4"' in wide
    assert "since 1 Jan 2020" in taper  # the level at the start comes from the last step before the period
    assert "step 3 (planned)" in taper and "step 2 (taken)" in taper and "step 1 (taken)" in taper
    assert "Not shown: 0" not in taper


def test_taper_section_matches_the_plan_with_pace_note(store):
    with store.session() as db:
        med = Medication(drug="oxycodone", strength=20, doses_per_day=3, start_date=date(2026, 10, 1), note="as agreed")
        gone = Medication(drug="morphine", strength=30, doses_per_day=2, start_date=date(2025, 1, 1), active=False)
        db.add_all([med, gone])
        db.flush()
        db.add(TaperStep(medication_id=med.id, start_date=date(2026, 10, 15), strength=10, doses_per_day=3))
    html = render_report(store, TODAY, 90)
    taper = _section(html, "taper")
    assert "90 MME/day" in taper and "45 MME/day" in taper
    assert "Oxycodone 10 mg × 3 a day" in taper and "−50%" in taper
    assert "faster than" in taper  # the neutral pace note, never a prescription
    # Addressed to the care team reading the report, not to the person ("your prescriber").
    assert "Shown for review together" in taper and "talking it over with your prescriber" not in html
    assert "Morphine" not in html  # an inactive medication is not part of the plan
    assert "as agreed" in taper


def test_cli_report_writes_private_file_and_refuses_bad_options(store, journal_url, tmp_path):
    build_history(store, 10, end=coach_today())
    out = tmp_path / "visit.html"
    result = runner.invoke(app, ["--db", journal_url, "report", "-o", str(out), "--days", "14", "--omit", "notes"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert out.stat().st_mode & 0o777 == 0o600
    out2 = tmp_path / "range.html"
    first = (coach_today() - timedelta(days=5)).isoformat()
    result = runner.invoke(app, ["--db", journal_url, "report", "-o", str(out2), "--from", first])
    assert result.exit_code == 0, result.output
    assert "(6 days)" in out2.read_text(encoding="utf-8")
    for bad in (["--days", "0"], ["--from", "yesterday"], ["--omit", "everything"], ["--from", first, "--days", "3"]):
        result = runner.invoke(app, ["--db", journal_url, "report", "-o", str(tmp_path / "x.html"), *bad])
        assert result.exit_code == 2, bad
        assert "coach: error:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_help_says_how_many_pages_to_expect():
    result = runner.invoke(app, ["report", "--help"])
    assert "pages" in result.output and "one-page" not in result.output


@pytest.mark.parametrize("days", [1, 120, pytest.param(3650, marks=pytest.mark.slow)])
def test_report_for_demo_histories(days):
    from coach.demo.history import build_demo_store

    now = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    store = build_demo_store(days=days, now=now, seed=3)
    try:
        for span in (days, 90):
            html = render_report(store, date(2026, 11, 25), span)
            assert "header-block" in html and "</html>" in html
    finally:
        store.close()


def test_only_the_most_recent_shared_notes_are_printed(store):
    for i in range(14):
        _day(
            store,
            date(2026, 11, 1) + timedelta(days=i),
            reflection={"noticed": f"NOTE-{i:02d}", "share_with_care_team": True},
        )
    notes = _section(render_report(store, TODAY, 30), "notes")
    assert "The most recent 10 of 14 shared notes" in notes
    assert "NOTE-03" not in notes and "NOTE-04" in notes and "NOTE-13" in notes


def test_a_past_period_states_the_step_on_its_last_day_and_has_no_today_marker(store):
    _plan(store, date(2026, 9, 1), [(date(2026, 10, 1), 9, 3), (date(2026, 11, 10), 8, 3)])
    _day(store, date(2026, 10, 20))
    period = resolve_period(TODAY, None, "2026-10-01", "2026-10-31")
    html = render_report(store, TODAY, period=period)
    header = _header(html)
    assert "Step on 31 Oct 2026</th><td>Step 1 of 2 since 1 Oct 2026" in header
    assert "Step 2 on 10 Nov 2026" in header
    taper = _section(html, "taper")
    assert 'class="marker today"' not in taper and "s-planned" not in taper


def test_markers_close_together_keep_their_lines_but_not_overlapping_labels():
    from coach.report.svg import Marker

    markers = [Marker(date(2026, 1, 1) + timedelta(days=d), f"step {i + 1}") for i, d in enumerate((10, 11, 12, 200))]
    chart = line_chart("t", [], date(2026, 1, 1), date(2026, 12, 31), markers=markers)
    wide = chart.split('<div class="chart-narrow">')[0]
    assert wide.count('<line class="marker"') == 4
    assert ">step 1</text>" in wide and ">step 4</text>" in wide
    assert ">step 2</text>" not in wide and ">step 3</text>" not in wide


def test_ladder_re_ratings_section_first_latest_and_twenty_point_changes(store):
    from coach.store.ladder import add_item
    from coach.store.ladder_ratings import save_ratings

    build_history(store, 30)
    assert 'id="ladder-ratings"' not in render_report(store, TODAY, 30)  # never re-rated: no section
    made = datetime(2026, 10, 1, 9, tzinfo=timezone.utc)
    with store.session() as db:
        walk = add_item(db, "Walk to <the> shop", 60, made).id
        carry = add_item(db, "Carry the shopping", 70, made).id
        save_ratings(db, date(2026, 10, 20), {walk: 70, carry: 60}, made)
        save_ratings(db, date(2026, 11, 10), {walk: 50, carry: 50}, made)
        save_ratings(db, TODAY + timedelta(days=5), {walk: 5}, made)  # after the period: not in this report
    html = render_report(store, TODAY, 30)
    part = _section(html, "ladder-ratings")
    assert "1 of 2 re-rated activities changed by 20 points or more" in part
    assert "Walk to &lt;the&gt; shop" in part and "70 (20 Oct 2026)" in part and "50 (10 Nov 2026)" in part
    assert "<strong>20 points easier (20 or more)</strong>" in part and "10 points easier" in part
    assert "Leeuw et al. 2007" in part
    assert 'id="ladder-ratings"' not in render_report(store, TODAY, 30, omit=["ladder-ratings"])
# --- page 1 for a taper (issue 23.11) ---------------------------------------------------------------


def test_page_one_shows_mood_during_the_period_and_a_peg_due_note(store):
    for n, mood in enumerate((3, 3, 5, 7)):
        _day(store, TODAY - timedelta(days=24 - 7 * n), mood=mood)
    _day(store, TODAY - timedelta(days=9), peg_pain=6, peg_enjoyment=5, peg_activity=4)
    header = _header(render_report(store, TODAY, 30))
    assert "Mood (0–10, higher is better)</th><td>4.5 on average over 4 check-ins" in header
    assert "(3 in the first half of the period, 6 in the second)" in header
    assert "PEG due: the last one is over 7 days old." in header
    # a PEG within the week: no note
    _day(store, TODAY - timedelta(days=2), peg_pain=5, peg_enjoyment=5, peg_activity=4)
    assert "PEG due" not in _header(render_report(store, TODAY, 30))
    # the person left sleep and mood out: so is the mood line
    assert "Mood (0" not in _header(render_report(store, TODAY, 30, omit=parse_omit(["sleep-mood"])))


def test_page_one_shows_naloxone_sedating_medicines_and_questions_when_given(store):
    from coach.store.settings import save_setting

    _day(store, TODAY - timedelta(days=3))
    header = _header(render_report(store, TODAY, 30))
    assert "Naloxone" not in header and "sedating" not in header and "Questions" not in header
    with store.session() as db:
        save_setting(db, "naloxone_at_home", "no")
        save_setting(db, "sedating_medicines", "zopiclone <at night> & gabapentin")
        save_setting(db, "visit_questions", "Can we pause the next step?")
    header = _header(render_report(store, TODAY, 30))
    assert "Naloxone at home</th><td>no</td>" in header
    assert "Other sedating medicines</th><td>zopiclone &lt;at night&gt; &amp; gabapentin</td>" in header
    assert "Questions for this visit</th><td>Can we pause the next step?</td>" in header
    left_out = _header(render_report(store, TODAY, 30, omit=parse_omit(["taper"])))
    assert "Naloxone" not in left_out and "Questions for this visit" in left_out
