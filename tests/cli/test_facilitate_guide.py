"""`coach facilitate --guide -o FILE.html` and `--handout N -o FILE.html`: the facilitator's printable guide
(every week, its aims and note, the safety protocol, sources) and a week's participant handout; written
through the one output writer, self-contained (nothing fetched), without Textual or the journal."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from coach.cli.main import app as cli_app
from coach.content.program_weeks import load_program, load_safety_protocol

runner = CliRunner()
# Anything a browser would fetch: a page that prints in a clinic must not reach a network.
FETCHES = re.compile(r"https?://|<script|<link|<img|<iframe|\bsrc=|@import|url\(", re.IGNORECASE)


def test_the_guide_holds_every_week_its_note_the_protocol_and_sources(tmp_path):
    out = tmp_path / "guide.html"
    result = runner.invoke(cli_app, ["facilitate", "--guide", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o600
    assert not FETCHES.search(html)
    assert "@media print" in html and "break-before: page" in html
    for week in load_program():
        assert f'id="week-{week.week}"' in html
        for text in (week.title, week.aims[0], week.facilitator_note, week.sources[0]):
            assert _escaped(text) in html, (week.week, text)
    protocol = load_safety_protocol()
    assert 'id="safety-protocol"' in html
    for situation in protocol.situations:
        assert _escaped(situation.title) in html and _escaped(situation.steps[0]) in html
    assert _escaped(protocol.sources[0]) in html


def _escaped(text: str) -> str:
    from html import escape

    return escape(text)


@pytest.mark.parametrize("number", range(1, 9))
def test_each_weeks_handout_is_one_self_contained_page_with_where_help_is(tmp_path, number):
    out = tmp_path / f"week{number}.html"
    result = runner.invoke(cli_app, ["facilitate", "--handout", str(number), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    week = load_program()[number - 1]
    assert not FETCHES.search(html)
    assert _escaped(week.title) in html and _escaped(week.home_practice[0]) in html
    assert "988" in html and "911" in html and "prescriber" in html
    # the facilitator's note and the protocol are for the facilitator, not the handout
    assert _escaped(week.facilitator_note) not in html and "Safety protocol" not in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--guide"], "give the file to write: -o FILE.html"),
        (["--handout", "9", "-o", "x.html"], "--handout must be between 1 and 8"),
        (["--handout", "0", "-o", "x.html"], "--handout must be between 1 and 8"),
        (["--guide", "--handout", "2", "-o", "x.html"], "choose one: --guide or --handout WEEK"),
        (["--week", "2", "-o", "x.html"], "-o is for --guide or --handout WEEK"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli_app, ["facilitate", *args])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.strip().count("\n") == 0
    assert not (tmp_path / "x.html").exists()


def test_an_existing_file_is_kept_without_force_and_replaced_with_it(tmp_path):
    out = tmp_path / "guide.html"
    out.write_text("mine", encoding="utf-8")
    result = runner.invoke(cli_app, ["facilitate", "--guide", "-o", str(out)])
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(cli_app, ["facilitate", "--guide", "-o", str(out), "--force"])
    assert result.exit_code == 0 and "Facilitator" in out.read_text(encoding="utf-8")


def test_the_database_is_never_the_target(tmp_path):
    db = tmp_path / "journal.db"
    db.write_bytes(b"")
    result = runner.invoke(cli_app, ["--db", str(db), "facilitate", "--handout", "1", "-o", str(db), "--force"])
    assert result.exit_code == 2 and "coach database" in result.stderr


def test_writing_the_guide_imports_no_textual(tmp_path):
    out = tmp_path / "guide.html"
    code = (
        "import sys; from coach.cli.main import run_cli\n"
        f"try:\n    run_cli(['facilitate', '--guide', '-o', {str(out)!r}])\nexcept SystemExit:\n    pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.exists()
