"""SVG snapshots of the passphrase screen of an encrypted journal (default and projector, 80x24)."""

from __future__ import annotations

import pytest

from coach.tui.app import make_app
from coach.paths import resolve_db
from coach.store.engine.cipher import WrongPassphrase
from coach.store.engine.db import open_store
from tests.conftest import FIXED_NOW, settle


def _locked_app(projector: bool = False):
    store = open_store(resolve_db(":memory:"))

    def unlock(passphrase):  # noqa: ANN001, ANN202 - every passphrase is wrong here
        raise WrongPassphrase("that passphrase does not open it")

    return make_app(lambda: store, clock=lambda: FIXED_NOW, unlock=unlock, projector=projector)


@pytest.mark.parametrize("projector", [False, True], ids=["default", "projector"])
def test_passphrase_screen(snap_compare, projector):
    assert snap_compare(_locked_app(projector), terminal_size=(80, 24), run_before=settle)


def test_passphrase_screen_after_a_wrong_one(snap_compare):
    async def wrong(pilot):
        await settle(pilot)
        await pilot.press(*"not it", "enter")
        await settle(pilot)

    assert snap_compare(_locked_app(), terminal_size=(80, 24), run_before=wrong)


async def test_spaces_and_question_marks_are_typed_into_the_passphrase_even_in_projector_mode():
    """Projector mode's space key and Help's ? must not take keys a passphrase can contain."""
    from textual.widgets import Input

    app = _locked_app(projector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"a b?", "space")
        assert app.screen.query_one("#passphrase", Input).value == "a b? "
