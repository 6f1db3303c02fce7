"""Each week's participant handout prints on one page, on A4 and on letter paper, and the facilitator's
guide starts the safety protocol and each week on a new page (headless Chromium, --print-to-pdf)."""

from __future__ import annotations

import pytest

from coach.content import load_exercises, load_learn_cards
from coach.content.program_weeks import load_program, load_safety_protocol
from coach.group.guide import render_guide, render_handout
from tests.browser.test_report_browser import CHROMIUM, _chromium, pypdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"),
]


def _pages(tmp_path, html: str, paper: str, name: str) -> list[str]:
    page = tmp_path / f"{name}-{paper}.html"
    page.write_text(html.replace("</style>", f"@page {{ size: {paper}; }}</style>", 1), encoding="utf-8")
    pdf = tmp_path / f"{name}-{paper}.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    return [p.extract_text() for p in pypdf.PdfReader(pdf).pages]


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_every_handout_is_one_printed_page(tmp_path, paper):
    cards = {card.id: card for card in load_learn_cards()}
    for week in load_program():
        pages = _pages(tmp_path, render_handout(week, cards, load_exercises()), paper, f"week{week.week}")
        assert len(pages) == 1, (week.week, len(pages))
        assert "988" in pages[0]


def test_the_guide_puts_the_protocol_and_each_week_on_a_new_page(tmp_path):
    cards = {card.id: card for card in load_learn_cards()}
    weeks = load_program()
    pages = _pages(tmp_path, render_guide(weeks, load_safety_protocol(), cards, load_exercises()), "A4", "guide")
    starts = [" ".join(page.split()) for page in pages]
    assert any(page.startswith("Safety protocol") for page in starts)
    for week in weeks:
        assert any(page.startswith(f"Week {week.week}:") for page in starts), week.week
