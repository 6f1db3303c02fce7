"""Text is text: every screen shows hostile text (markup, control sequences) literally, and never crashes."""

from __future__ import annotations

import asyncio
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.store.engine.db import open_store
from coach.paths import resolve_db
from tests.conftest import FIXED_NOW
from tests.screen_walk import Words, seed, walk

# Pieces that have broken terminal apps: Rich/Textual markup, CSI, OSC (title, hyperlink), BEL, C1, bidi.
NASTY = (
    "[/]", "[b]", "[@click=app.quit]", "[link=file:///etc]x[/link]", "\\[", "[[", "]", "[",
    "\x1b[2J", "\x1b[31m", "\x1b]0;pwned\x07", "\x1b]8;;http://x\x1b\\", "\x07", "\x9b6n", "\x00", "\x7f",
    "\r", "\n", "\t", "\u202e", "\x1bc",
)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

hostile_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(alphabet=st.characters(codec="utf-8"), max_size=4)),
    min_size=1, max_size=8,
).map(lambda parts: "N" + "".join(parts))  # (a leading letter: a care-team name must not be blank)


def _words(text: str) -> Words:
    return Words(
        note=text, sign=text, flag=text, goal=text[:200], feared=text, noticed=text, response=text,
        dose_note=text, ladder=text[:200], exercise_id=text[:64], care_name=text[:80], med_note=text, keys=text,
    )


async def _walk_with(tmp_path, words: Words) -> dict[str, str]:
    from coach.tui.app import make_app

    store = open_store(resolve_db(str(tmp_path / "hostile.db")))
    try:
        day = seed(store, words)
        app = make_app(lambda: store, clock=lambda: FIXED_NOW, onboarding=False)
        async with app.run_test(size=(140, 70)) as pilot:
            seen = await walk(app, pilot, day)
            assert app.is_running  # nothing quit the app (a [@click=app.quit] must stay words)
        return seen
    finally:
        store.close()


def _check(seen: dict[str, str]) -> None:
    for screen, text in seen.items():
        for line in text.splitlines():
            raw = CONTROL.findall(line)
            assert not raw, f"{screen} sent control characters to the terminal: {raw!r} in {line.strip()!r}"


@pytest.mark.slow  # a walk of every screen (or of the whole day): in `make test`, not `make check`
async def test_every_screen_shows_hostile_text_literally(tmp_path):
    text = "N" + "".join(NASTY)
    seen = await _walk_with(tmp_path, _words(text))
    _check(seen)
    expected_screens = {"home", "help", "ladder", "taper", "progress", "history", "settings", "onboarding",
                        "corrections", "day", "edit-note", "palette", "session-summary", "session-goal"}
    assert expected_screens <= set(seen)
    # Markup shows as the brackets typed: the Help screen's care team and a day's note.
    assert "[/][b][@click=app.quit]" in seen["help"]
    assert "[/][b][@click=app.quit]" in seen["day"]
    assert "␛]0;pwned␇" in seen["day"]  # the control characters are visible signs, not actions


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text)
def test_every_screen_survives_any_hostile_text(tmp_path_factory, text):
    tmp_path = tmp_path_factory.mktemp("hostile")
    _check(asyncio.run(_walk_with(tmp_path, _words(text))))
