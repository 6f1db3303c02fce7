"""The care-team report: self-contained HTML, inline SVG with the bands, only shared notes, escaped text."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from typer.testing import CliRunner

from coach import NOT_A_MEDICAL_DEVICE
from coach.cli import app
from coach.domain.mme import load_mme_table
from coach.report import render_report
from coach.report.svg import Line, line_chart, nice_ticks
from coach.store.models import CheckIn, DailySession, Reflection
from tests.test_stats import TODAY, build_history

runner = CliRunner()


def _add_day(store, day: date, *, note: str, noticed: str, share: bool) -> None:
    with store.session() as db:
        s = DailySession(day=day, started_at=datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc), status="done")
        db.add(s)
        db.flush()
        db.add(CheckIn(session_id=s.id, pain=5, tolerability=5, note=note))
        db.add(Reflection(session_id=s.id, noticed=noticed, share_with_care_team=share))


def test_report_sections_charts_and_caution(store):
    build_history(store, 120)
    html = render_report(store, TODAY, 90)
    for heading in ("Summary of the period", "Tolerability", "Pain", "PEG", "Taper plan", "Exposure practice",
                    "Notes shared with the care team"):
        assert heading in html
    assert html.count("<svg class=\"chart\"") == 4  # tolerability, pain, PEG, MME
    for band in ("band-intolerable", "band-tolerable", "band-livable"):
        assert band in html
    assert "7-day average" in html
    assert "45 MME/day" in html and "30 MME/day" in html
    assert load_mme_table().caution in html
    assert NOT_A_MEDICAL_DEVICE in html
    assert "@media print" in html
    assert "Walk to the corner" in html and "90 fully, 0 partly" in html
    assert "The most recent 12 of 90" in html


def test_report_is_self_contained(store):
    build_history(store, 30)
    html = render_report(store, TODAY, 30)
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_only_reflections_marked_to_share_appear_and_text_is_escaped(store):
    _add_day(store, date(2026, 11, 20), note="PRIVATE-CHECKIN-NOTE", noticed="<b>walked</b> & rested", share=True)
    _add_day(store, date(2026, 11, 21), note="x", noticed="PRIVATE-REFLECTION", share=False)
    html = render_report(store, TODAY, 30)
    assert "&lt;b&gt;walked&lt;/b&gt; &amp; rested" in html
    assert "<b>walked" not in html
    assert "PRIVATE-CHECKIN-NOTE" not in html
    assert "PRIVATE-REFLECTION" not in html


def test_empty_database_gives_friendly_report(store):
    html = render_report(store, TODAY, 30)
    assert "No check-ins in this period." in html
    assert "No medication or taper plan recorded." in html
    assert "No exposure goals in this period." in html
    assert "<svg" not in html


def test_long_period_uses_bucketed_averages(store):
    build_history(store, 800)
    html = render_report(store, TODAY, 730)
    assert "7-day average" in html  # 730 days → weekly buckets, labelled as such
    assert "each day" not in html


def test_line_chart_breaks_at_gaps_and_ticks_are_round():
    chart = line_chart(
        "t", [Line("x", [(date(2026, 1, 1), 1), (date(2026, 1, 2), None), (date(2026, 1, 3), 2), (date(2026, 1, 4), 3)], "s")],
        date(2026, 1, 1), date(2026, 1, 4),
    )
    assert chart.count("<polyline") == 1 and chart.count("<circle") == 1  # the lone first point is a dot
    assert nice_ticks(45) == [0, 20, 40, 60]
    assert nice_ticks(100) == [0, 25, 50, 75, 100]


def test_cli_report_writes_private_file(store, db_path, tmp_path):
    build_history(store, 10, end=date.today())
    out = tmp_path / "visit.html"
    result = runner.invoke(app, ["--db", str(db_path), "report", "-o", str(out), "--days", "14"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert out.stat().st_mode & 0o777 == 0o600
    result = runner.invoke(app, ["--db", str(db_path), "report", "--days", "0"])
    assert result.exit_code == 2


def test_taper_section_matches_the_plan_with_pace_note(store):
    from coach.store.models import Medication, TaperStep

    with store.session() as db:
        med = Medication(drug="oxycodone", strength=20, doses_per_day=3, start_date=date(2026, 10, 1), note="as agreed")
        gone = Medication(drug="morphine", strength=30, doses_per_day=2, start_date=date(2025, 1, 1), active=False)
        db.add_all([med, gone])
        db.flush()
        db.add(TaperStep(medication_id=med.id, start_date=date(2026, 10, 15), strength=10, doses_per_day=3))
    html = render_report(store, TODAY, 90)
    assert "90 MME/day" in html and "45 MME/day" in html
    assert "Step 1: 10 mg × 3 a day" in html and "−50%" in html
    assert "faster than" in html  # the neutral pace note, never a prescription
    # Addressed to the care team reading the report, not to the person ("your prescriber").
    assert "Shown for review together" in html and "talking it over with your prescriber" not in html
    assert "Morphine" not in html  # an inactive medication is not part of the plan
    assert "as agreed" in html
