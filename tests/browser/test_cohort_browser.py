"""The cohort page in headless Chromium at 1200 and 390 px: no horizontal scroll, every chart's labels inside
the chart and at least 10 px, and a printed copy with every chart whole and the numbers' tables.
Skipped, with the reason shown, when chromium is not installed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.group.cohort_page import render_cohort_html
from coach.group.share import cohort_summary, people, read_share, share_text
from tests.browser.test_report_browser import CHROMIUM, _chromium, _measure, pypdf
from tests.unit.test_share import _share

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"),
]


def _group_page(people_count: int = 8, weeks: int = 12) -> str:
    """A group's page from `people_count` shares of `weeks` weeks, with a gap where some stopped early."""
    named = []
    for person in range(people_count):
        last = weeks * 7 if person < 4 else 35  # four people stop after five weeks: too few for later weeks
        days = [
            {"day": d, "tolerability": min(10, 3 + d / 14 + person % 3), "pain": max(0, 7 - d / 20 - person % 2),
             "distress_before": 6, "distress_after": 4, "predicted_peak_pain": 7 - person % 2,
             "actual_peak_pain": max(0, 6 - d / 30)}
            for d in range(0, last, 2)
        ]
        named.append((f"s{person}", read_share(f"s{person}", share_text(_share(days, person)).encode())))
    shares = people(named)
    return render_cohort_html(cohort_summary(shares), len(shares))


@pytest.mark.parametrize("width", [1200, 390])
def test_no_horizontal_scroll_and_readable_charts(tmp_path, width):
    m = _measure(tmp_path, _group_page(), width)
    assert m["vw"] == width
    assert m["scroll"] <= m["vw"], m
    assert m["over"] == [], m
    assert m["clipped"] == [], f"chart text cut off at the chart's edge: {m['clipped']}"
    assert m["smallest"] >= 10, f"chart labels drawn at {m['smallest']:.1f} px"


def test_prints_with_charts_whole_and_the_numbers(tmp_path):
    html = _group_page()
    assert "<script" not in html
    ends = iter(range(100))
    marked = re.sub(r"</svg>", lambda m: f'</svg><span class="probe">SVGEND{next(ends)}</span>', html)
    starts = iter(range(100))
    marked = re.sub(r"<svg ", lambda m: f'<span class="probe">SVGTOP{next(starts)}</span><svg ', marked)
    page = tmp_path / "cohort.html"
    page.write_text(marked.replace("</style>", "@page { size: A4; } .probe { font-size: 6px; }</style>"), encoding="utf-8")
    pdf = tmp_path / "cohort.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", "--virtual-time-budget=5000", f"--print-to-pdf={pdf}", page.as_uri())
    pages = [pg.extract_text() for pg in pypdf.PdfReader(pdf).pages]
    for n in range(7):
        top = [i for i, text in enumerate(pages) if f"SVGTOP{n}" in text]
        end = [i for i, text in enumerate(pages) if f"SVGEND{n}" in text]
        assert top and top == end, f"chart {n} split across pages {top} and {end}"
    text = "\n".join(pages)
    assert "Median" in text and "too few people to show" in text
