"""The report in a real browser: Debian's headless Chromium at 1200 px and 390 px (no horizontal overflow,
readable chart labels) and printed to PDF on A4 and Letter (header on page 1, no chart split across pages,
table headers repeated, text inside the page).

Chromium is driven through its own command-line modes: --dump-dom on a copy of the page with a small
measuring script, and --print-to-pdf. Skipped, with the reason shown, when chromium is not installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.report import render_report
from coach.store.models import DailySession, ExposureGoal
from tests.unit.test_stats import TODAY, build_history

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"),
]
pypdf = pytest.importorskip("pypdf", reason="pypdf is in the test extra: pip install -e '.[test]'")

MEASURE = """
<script>
window.addEventListener('load', () => {
  const vw = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) over.push(el.tagName + '.' + el.getAttribute('class'));
  }
  let smallest = 1000;
  const clipped = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    if (!box.width) continue;
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5) clipped.push(t.textContent);
    }
  }
  parent.postMessage(JSON.stringify({vw, scroll: document.documentElement.scrollWidth, over: over.slice(0, 10),
                                     smallest, clipped: clipped.slice(0, 10)}), '*');
});
</script>
"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--hide-scrollbars",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def _measure(tmp_path: Path, html: str, width: int) -> dict:
    """Lay the page out `width` CSS px wide and measure it. Chromium's window is at least 500 px wide, so the
    page sits in an iframe of that width and posts its measurements to the outer page, which --dump-dom prints."""
    page = tmp_path / f"measure-{width}.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    outer = tmp_path / f"outer-{width}.html"
    outer.write_text(
        f'<!doctype html><body style="margin:0"><iframe src="{page.name}" style="width:{width}px;height:900px;'
        'border:0"></iframe><pre id="measured"></pre><script>window.addEventListener("message", '
        'e => { document.getElementById("measured").textContent = e.data; });</script></body>',
        encoding="utf-8",
    )
    dom = _chromium(
        tmp_path, f"--window-size={width + 100},1000", "--virtual-time-budget=5000", "--dump-dom", outer.as_uri()
    ).stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, dom[-500:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def _print(tmp_path: Path, html: str, paper: str) -> list[str]:
    """Print to PDF on `paper`, with a probe at the top and the bottom of each chart; the text of each page."""
    count = iter(range(1000))

    def probe(match: re.Match) -> str:
        n = next(count)
        return f'{match.group(0)}<span class="probe">FIGTOP{n}</span>'

    marked = re.sub(r'<figure class="chart-box">', probe, html)
    ends = iter(range(1000))
    marked = re.sub(r"</figure>", lambda m: f'<span class="probe">FIGEND{next(ends)}</span></figure>', marked)
    marked = marked.replace("</style>", f"@page {{ size: {paper}; }} .probe {{ font-size: 6px; }}</style>")
    page = tmp_path / f"print-{paper}.html"
    page.write_text(marked, encoding="utf-8")
    pdf = tmp_path / f"report-{paper}.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", "--virtual-time-budget=5000", f"--print-to-pdf={pdf}", page.as_uri())
    reader = pypdf.PdfReader(pdf)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    expected = {"A4": (595, 842), "letter": (612, 792)}[paper]
    assert (round(width), round(height)) == expected
    for number, pg in enumerate(reader.pages, start=1):
        starts: list[float] = []
        pg.extract_text(
            visitor_text=lambda text, cm, tm, *_: starts.append(cm[4] + tm[4] * cm[0]) if text.strip() else None
        )
        assert all(-1 <= x <= width for x in starts), f"text starts outside the page on page {number}"
    return [pg.extract_text() for pg in reader.pages]


@pytest.fixture
def report_120(store) -> str:
    build_history(store, 150)
    return render_report(store, TODAY, 120)


@pytest.mark.parametrize("width", [1200, 390])
def test_no_horizontal_overflow_and_readable_chart_labels(tmp_path, report_120, width):
    m = _measure(tmp_path, report_120, width)
    assert m["vw"] == width
    assert m["scroll"] <= m["vw"], m
    assert m["over"] == [], m
    assert m["clipped"] == [], f"chart text cut off at the chart's edge: {m['clipped']}"
    assert m["smallest"] >= 10, f"chart labels drawn at {m['smallest']:.1f} px"


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_printed_header_on_page_one_and_no_chart_split(tmp_path, report_120, paper):
    pages = _print(tmp_path, report_120, paper)
    for words in ("Period", "Today", "Next agreed step", "Last PEG", "Days practised"):
        assert words in pages[0], words
    figures = len(re.findall(r'<figure class="chart-box">', report_120))
    assert figures == 5
    for n in range(figures):
        where = [i for i, text in enumerate(pages) if f"FIGTOP{n}" in text or f"FIGEND{n}" in text]
        assert len(where) == 1 and f"FIGTOP{n}" in pages[where[0]] and f"FIGEND{n}" in pages[where[0]], (n, where)
    assert len(pages) <= 7, f"{len(pages)} pages for 120 days"


def test_a_long_table_repeats_its_header_on_each_printed_page(tmp_path, store):
    """Eighty different activities make the by-activity table run over pages; its header comes back on each."""
    start = TODAY - timedelta(days=79)
    with store.session() as db:
        for i in range(80):
            day = start + timedelta(days=i)
            s = DailySession(
                day=day, started_at=datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc), status="done"
            )
            db.add(s)
            db.flush()
            db.add(
                ExposureGoal(
                    session_id=s.id,
                    text=f"Activity number {i} with a fairly long description " * 2,
                    predicted_peak_pain=6,
                    feared_outcome="a long feared outcome " * 6,
                    feared_likelihood=50,
                )
            )
    html = render_report(store, TODAY, 80, omit=["notes"])
    m = _measure(tmp_path, html, 390)
    assert m["scroll"] <= m["vw"] and m["over"] == [], m
    pages = _print(tmp_path, html, "A4")
    # activities 0-59 appear only in the by-activity table (the recent table lists the last 12)
    with_table = [p for p in pages if any(f"Activity number {i} " in p for i in range(60))]
    assert len(with_table) >= 2
    assert all("How it went" in p for p in with_table)


def test_ten_year_report_prints(tmp_path):
    from coach.demo.history import build_demo_store

    store = build_demo_store(days=3650, now=datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc), seed=3)
    try:
        html = render_report(store, date(2026, 11, 25), 3650)
    finally:
        store.close()
    pages = _print(tmp_path, html, "letter")
    assert "Days practised" in pages[0]
    m = _measure(tmp_path, html, 390)
    assert m["over"] == [], m
