"""Text is text: what a person typed or a file brought is shown literally, with no control characters."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Static

from coach.tui.themes import HIDDEN_IN_PROJECTOR
from coach.widgets.shown import PRIVATE_KINDS, Shown, clean, literal
from tests.conftest import settle


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[/]", "[/]"),
        ("[b]bold[/b] [@click=app.quit]x[/]", "[b]bold[/b] [@click=app.quit]x[/]"),
        ("a\x1b[31mred", "a\u241b[31mred"),
        ("title\x1b]0;pwned\x07", "title\u241b]0;pwned\u2407"),
        ("c1\x9b2J and del\x7f", "c1\ufffd2J and del\u2421"),
        ("nul\x00", "nul\u2400"),
        ("rtl\u202eevil", "rtl\ufffdevil"),
        ("marks\u200e\u200f\u061cend", "marks\ufffd\ufffd\ufffdend"),  # LRM, RLM, ALM: invisible, yet they reorder
        ("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        ("tab\there", "tab here"),
        (None, ""),
        (42, "42"),
    ],
)
def test_clean_makes_every_control_character_visible(value, expected):
    assert clean(value) == expected


def test_one_line_turns_line_breaks_into_spaces():
    assert clean("walk\nto the\r\nshop", one_line=True) == "walk to the shop"


def test_literal_is_a_text_that_keeps_brackets():
    shown = literal("[b]x[/b]")
    assert isinstance(shown, Text) and shown.plain == "[b]x[/b]" and not shown.spans


def test_private_values_are_hidden_only_when_asked():
    room, person = Shown(hide_private=True), Shown()
    for kind in PRIVATE_KINDS:
        assert room.plain("Dr Lee", kind) == HIDDEN_IN_PROJECTOR
        assert person.plain("Dr Lee", kind) == "Dr Lee"
        assert room.plain("   ", kind) == "   "  # nothing to hide: blank stays blank
    assert room.plain("Box breathing", "content") == "Box breathing"
    assert room.join("Note: ", ("[x]\x1b", "words")).plain == f"Note: {HIDDEN_IN_PROJECTOR}"
    assert person.join("Note: ", ("[x]\x1b", "words")).plain == "Note: [x]\u241b"
    with pytest.raises(ValueError):
        room.hides("no-such-kind")


async def test_help_shows_a_care_team_name_with_brackets_literally(store, make_test_app):
    """A care-team name `[/]` crashed the Help screen, the one screen that must never fail."""
    from coach.store.settings import save_setting

    with store.session() as db:
        save_setting(db, "care_team", [
            {"role": "prescriber", "name": "[/]Dr [b]Lee\x1b]0;x\x07", "phone": "555 0100"},
        ])
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        shown = str(app.screen.query_one("#care-team", Static).render())
        assert "Prescriber: [/]Dr [b]Lee\u241b]0;x\u2407, 555 0100" in shown
