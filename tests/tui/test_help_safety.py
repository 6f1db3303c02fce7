"""Help and safety says what to do (issue 23): an earlier dose or extras can now cause an overdose, so talk
to the prescriber first; gabapentin and pregabalin among the sedating medicines; the back-pain red flag;
and the check-in's "thoughts of ending your life" opens Help on the 988 line."""

from __future__ import annotations

from textual.widgets import SelectionList, Static

from coach.content import safety
from coach.domain.session import WARNING_SIGNS
from coach.screens.help import HelpScreen
from coach.screens.session import SessionScreen
from tests.conftest import settle


def test_help_text_says_the_action_and_names_gabapentinoids():
    text = " ".join(safety.TAPER_SAFETY_LINES)
    assert "earlier dose" in text and "taking extra" in text and "overdose" in text
    assert "talk to your prescriber first" in text
    assert "gabapentin" in text and "pregabalin" in text
    assert "handles less" not in text


def test_the_back_pain_red_flag_is_on_help_and_among_the_warning_signs():
    assert "bladder or bowel control" in safety.BACK_PAIN_RED_FLAG and "groin" in safety.BACK_PAIN_RED_FLAG
    assert "emergency care now" in safety.BACK_PAIN_RED_FLAG.lower()
    labels = dict(WARNING_SIGNS)
    assert "bladder or bowel control" in labels["back_red_flag"] and "groin" in labels["back_red_flag"]


def _section_order(screen: HelpScreen) -> list[str]:
    sections = screen.query(".section")
    return [next(c for c in ("emergency", "crisis", "taper-safety", "prescriber", "care-team") if s.has_class(c))
            for s in sections]


async def test_help_shows_the_red_flag_and_emergency_first(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        order = _section_order(app.screen)
        assert order[:2] == ["emergency", "care-team"] and order.index("crisis") < order.index("taper-safety")
        assert "groin" in str(app.screen.query_one("#back-pain-red-flag", Static).render())


async def _tick(pilot, key: str) -> None:
    signs = pilot.app.screen.query_one("#red_flags", SelectionList)
    signs.focus()
    signs.highlighted = [k for k, _ in WARNING_SIGNS].index(key)
    await pilot.press("space")
    await settle(pilot)


async def test_thoughts_of_ending_your_life_open_help_on_988_first(make_test_app, store):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _tick(pilot, "self_harm")
        assert isinstance(app.screen, HelpScreen)
        assert _section_order(app.screen)[0] == "crisis"
        first = app.screen.query_one("#crisis")
        assert "988" in " ".join(str(s.render()) for s in first.query(Static))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_the_back_pain_red_flag_opens_help_like_the_other_signs(make_test_app, store):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _tick(pilot, "back_red_flag")
        assert isinstance(app.screen, HelpScreen)
        assert _section_order(app.screen)[0] == "emergency"
        await pilot.press("escape")
        await settle(pilot)
        # a later tick of thoughts of ending one's life still opens Help, on the 988 line
        await _tick(pilot, "self_harm")
        assert isinstance(app.screen, HelpScreen) and _section_order(app.screen)[0] == "crisis"
