"""Anonymised shares and the cohort page: shares hold scales only (never a word from the journal), the
person sees the share before it is written, cohort needs five shares and refuses anything else, and the
page is self-contained with its content escaped. Neither command changes the journal."""

from __future__ import annotations

import json
import string
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coach.cli.main import app as cli_app
from coach.paths import resolve_db
import uuid

from coach.group.share import MIN_SHARES, ShareError, build_share, cohort_summary, read_share, share_id, share_text
from coach.store.engine.db import open_store
from coach.store.models import ExerciseRun
from coach.store.sessions import add_ladder_item, record_checkin, record_goal, record_reflection
from coach.store.queries.share_query import scales_by_day
from tests.conftest import FIXED_NOW
from tests.tui.test_projector import _digest

runner = CliRunner()

markers = st.text(alphabet=string.ascii_letters + " éü'\"<>&", min_size=4, max_size=30).map(lambda t: f"MARK{t}")


def _fill_journal(store, days: int, words: list[str], scale: int) -> None:
    """A journal with every free-text field filled with marker words, and scales on each day."""
    start = FIXED_NOW.date() - timedelta(days=days)
    with store.session() as db:
        for offset in range(days):
            day = start + timedelta(days=offset)
            now = FIXED_NOW - timedelta(days=days - offset)
            word = words[offset % len(words)]
            sid = record_checkin(db, day, now, pain=scale, tolerability=10 - scale, distress=scale, note=word)
            item = add_ladder_item(db, f"{word} {offset}", 40, now)
            record_goal(db, day, now, ladder_item_id=item, text=word, feared_outcome=word, predicted_peak_pain=scale)
            record_reflection(
                db, day, now, noticed=word, response_practised=word, extra_dose_note=word, actual_peak_pain=scale
            )
            db.add(ExerciseRun(session_id=sid, exercise_id="paced-breathing", started_at=now, distress_before=scale,
                               distress_after=max(0, scale - 1)))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(markers, min_size=1, max_size=4), days=st.integers(1, 12), scale=st.integers(0, 10))
def test_a_share_holds_no_word_and_no_date_from_the_journal(tmp_path_factory, words, days, scale):
    path = tmp_path_factory.mktemp("journal") / "coach.db"
    store = open_store(resolve_db(str(path)))
    try:
        _fill_journal(store, days, words, scale)
        with store.session() as db:
            scales = scales_by_day(db)
    finally:
        store.close()
    share = build_share(scales, str(uuid.uuid4()))
    text = share_text(share)
    assert "MARK" not in text
    for word in words:
        assert word not in text and json.dumps(word)[1:-1] not in text
    for day in scales:
        assert day.isoformat() not in text and str(day.year) not in text
    parsed = read_share("x", text.encode())
    assert [d.day for d in parsed.days] == list(range(days))
    assert all(d.pain == scale and d.distress_after == max(0, scale - 1) for d in parsed.days)


def _journal(n: int) -> str:
    """A share id for person n (fixed, so tests repeat)."""
    return share_id(str(uuid.UUID(int=n + 1, version=4)))


def _share(days: list[dict], person: int = 0) -> dict:
    return {"format": "coach-share", "version": 2, "journal": _journal(person), "days": days}


def _share_file(tmp_path: Path, name: str, offset: int = 0) -> Path:
    days = [{"day": d, "tolerability": (d + offset) % 11, "pain": 5, "predicted_peak_pain": 7, "actual_peak_pain": 5}
            for d in range(0, 21, 2)]
    path = tmp_path / name
    path.write_text(share_text(_share(days, offset)), encoding="utf-8")
    return path


def test_export_share_prints_everything_then_asks_and_writes_only_on_yes(tmp_path):
    db = tmp_path / "journal.db"
    store = open_store(resolve_db(str(db)))
    _fill_journal(store, 9, ["MARKsecret"], 6)
    store.close()
    target = tmp_path / "share.json"
    declined = runner.invoke(cli_app, ["--db", str(db), "export", "--format", "share", "-o", str(target)], input="n\n")
    assert declined.exit_code == 0, declined.output
    assert not target.exists()
    shown = declined.stdout
    assert '"format": "coach-share"' in shown and "MARKsecret" not in declined.output
    before = _digest(db)
    agreed = runner.invoke(cli_app, ["--db", str(db), "export", "--format", "share", "-o", str(target)], input="y\n")
    assert agreed.exit_code == 0, agreed.output
    written = target.read_text(encoding="utf-8")
    assert agreed.stdout.startswith(written)  # exactly what was shown is what was written (then the typed answer)
    assert target.stat().st_mode & 0o777 == 0o600
    assert len(read_share("share.json", written.encode()).days) == 9
    again = runner.invoke(cli_app, ["--db", str(db), "export", "-f", "share", "-o", str(tmp_path / "b.json"), "--yes"])
    assert again.exit_code == 0 and (tmp_path / "b.json").read_text(encoding="utf-8") == written
    assert _digest(db) == before


def test_export_share_needs_a_file(tmp_path):
    result = runner.invoke(cli_app, ["--db", str(tmp_path / "j.db"), "export", "--format", "share"])
    assert result.exit_code == 2 and "give -o FILE.json" in result.stderr


def test_cohort_refuses_four_and_accepts_five_leaving_the_journal_alone(tmp_path, monkeypatch):
    journal = tmp_path / "facilitator.db"
    store = open_store(resolve_db(str(journal)))
    _fill_journal(store, 3, ["MARKmine"], 4)
    store.close()
    monkeypatch.setenv("COACH_DB", str(journal))
    before = (_digest(journal), journal.stat().st_mtime_ns)
    files = [str(_share_file(tmp_path, f"s{i}.json", i)) for i in range(5)]
    page = tmp_path / "page.html"
    four = runner.invoke(cli_app, ["cohort", *files[:4], "-o", str(page)])
    assert four.exit_code == 2 and "at least 5 people" in four.stderr and not page.exists()
    five = runner.invoke(cli_app, ["cohort", *files, "-o", str(page)])
    assert five.exit_code == 0, five.output
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")
    assert "5 people" in html and "<th scope='row'>2</th>" in html and html.count("<svg") == 7
    assert page.stat().st_mode & 0o777 == 0o600
    assert (_digest(journal), journal.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"SQLite format 3\x00", "not a coach share"),
        (b'{"format": "coach-export", "version": 1}', "not a coach share"),
        (f'{{"format": "coach-share", "version": 2, "journal": "{_journal(9)}", "days": [{{"day": 0, "note": "hello"}}]}}'.encode(), "days.0.note"),
        (f'{{"format": "coach-share", "version": 2, "journal": "{_journal(9)}", "days": [{{"day": 0, "pain": 11}}]}}'.encode(), "days.0.pain"),
        (f'{{"format": "coach-share", "version": 2, "journal": "{_journal(9)}", "days": [], "name": "Ann"}}'.encode(), "name"),
        (b'{"format": "coach-share", "version": 2, "journal": "Ann", "days": []}', "journal"),
        (b'{"format": "coach-share", "version": 2, "days": []}', "journal"),
        (b'{"format": "coach-share", "version": 1, "days": []}', "older coach"),
        (b"[1, 2]", "not a coach share"),
    ],
)
def test_cohort_refuses_any_file_that_is_not_a_share(tmp_path, content, expected):
    files = [str(_share_file(tmp_path, f"s{i}.json")) for i in range(5)]
    odd = tmp_path / "odd.json"
    odd.write_bytes(content)
    result = runner.invoke(cli_app, ["cohort", *files, str(odd), "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 2
    assert expected in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "p.html").exists()


def test_a_week_with_fewer_than_five_people_is_not_shown(tmp_path):
    shares = [read_share(f"s{i}", _share_file(tmp_path, f"s{i}.json", i).read_bytes()) for i in range(MIN_SHARES)]
    longer = _share([{"day": 30, "pain": 3}])
    shares[0] = read_share("long", share_text(longer).encode())
    summary = cohort_summary(shares)
    assert summary["pain"][5] is None  # only one person reached week 5
    assert summary["pain"][1] is None  # and only four have week 1 now
    with pytest.raises(ShareError, match="at least 5"):
        cohort_summary(shares[:4])


def test_page_escapes_what_it_shows(tmp_path):
    from coach.group.cohort_page import render_cohort_html

    page = render_cohort_html({key: {} for key in ("tolerability", "pain", "distress_before", "distress_after",
                                                   "predicted_peak_pain", "actual_peak_pain")}, people=5)
    assert "day&#x27;s step" in page and "<script" not in page


def test_cohort_counts_people_not_files(tmp_path):
    page = tmp_path / "page.html"
    one = str(_share_file(tmp_path, "one.json"))
    same_five_times = runner.invoke(cli_app, ["cohort", *[one] * 5, "-o", str(page)])
    assert same_five_times.exit_code == 2 and not page.exists()
    assert same_five_times.stderr.count("\n") == 1 and "same journal" in same_five_times.stderr
    copies = []
    for n in range(5):
        copy = tmp_path / f"copy-{n}.json"
        copy.write_bytes(Path(one).read_bytes())
        copies.append(str(copy))
    result = runner.invoke(cli_app, ["cohort", *copies, "-o", str(page)])
    assert result.exit_code == 2 and "copy-0.json and " in result.stderr and "copy-1.json are shares of the same journal" in result.stderr
    others = [str(_share_file(tmp_path, f"p{i}.json", i)) for i in range(1, 4)]
    four_people = runner.invoke(cli_app, ["cohort", one, *others, "-o", str(page)])
    assert four_people.exit_code == 2 and "at least 5 people" in four_people.stderr and "got 4" in four_people.stderr
    five_people = runner.invoke(cli_app, ["cohort", one, *others, str(_share_file(tmp_path, "p4.json", 4)), "-o", str(page)])
    assert five_people.exit_code == 0 and "5 people" in five_people.stdout


def test_two_shares_of_one_journal_carry_the_same_id_and_not_the_fhir_one():
    journal = str(uuid.uuid4())
    first, second = build_share({}, journal), build_share({}, journal)
    assert first["journal"] == second["journal"] != journal
    assert build_share({}, str(uuid.uuid4()))["journal"] != first["journal"]


def test_a_hostile_file_name_is_shown_as_signs(tmp_path):
    odd = tmp_path / "evil\x1b[2J\u202e.json"
    odd.write_bytes(b"not json")
    result = runner.invoke(cli_app, ["cohort", str(odd), "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 2 and "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "evil␛[2J" in result.stderr
