"""The printed report's last page never holds only footnotes: the notes stay whole and keep to the content
before them. Printed by headless Chromium on A4 and Letter for the periods that once left the notes alone
(30 days on Letter split them, 60 days on A4 put them alone on the last page). Skipped, with the reason
shown, when chromium is not installed."""

from __future__ import annotations

import pytest

from coach.report import render_report
from tests.browser.test_report_browser import CHROMIUM, _chromium, pypdf
from tests.unit.test_stats import TODAY, build_history

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"),
]


@pytest.mark.parametrize(("days", "paper"), [(30, "letter"), (60, "A4"), (90, "A4")])
def test_the_notes_share_the_last_page_with_the_report(store, tmp_path, days, paper):
    build_history(store, days)
    html = render_report(store, TODAY, days).replace("<footer>", '<footer><span class="probe">FOOTSTART</span>')
    page = tmp_path / "report.html"
    page.write_text(html.replace("</style>", f"@page {{ size: {paper}; }} .probe {{ font-size: 6px; }}</style>"),
                    encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", "--virtual-time-budget=5000", f"--print-to-pdf={pdf}", page.as_uri())
    pages = [p.extract_text() for p in pypdf.PdfReader(pdf).pages]
    starts = [n for n, text in enumerate(pages, start=1) if "FOOTSTART" in text]
    assert starts == [len(pages)], f"the notes begin on page {starts} of {len(pages)}"
    assert pages[-1].split("FOOTSTART")[0].strip(), "the last page holds only the notes"
