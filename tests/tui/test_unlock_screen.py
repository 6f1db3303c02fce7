"""The TUI on an encrypted journal: a calm passphrase screen first; nothing is read until it is right."""

from __future__ import annotations

import hashlib
import re

import pytest

pytest.importorskip("sqlcipher3", reason="encryption needs the optional sqlcipher3 package (coach[encrypt])")

from textual.widgets import Input, Static  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from coach.cli.main import app as cli  # noqa: E402
from tests.conftest import FIXED_NOW, settle  # noqa: E402

PASSPHRASE = "slow and steady"


@pytest.fixture
def locked_journal(tmp_path, monkeypatch):
    path = tmp_path / "coach.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--days", "10", "--save", str(path)]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(path), "encrypt"], env={"COACH_PASSPHRASE": PASSPHRASE}).exit_code == 0
    monkeypatch.delenv("COACH_PASSPHRASE", raising=False)
    import coach.cli.encryption

    monkeypatch.setattr(coach.cli.encryption, "can_ask", lambda: True)  # as in a terminal
    return path


def _tui(path):
    from coach.tui.launch import make_tui_app

    app, settings = make_tui_app(str(path), clock=lambda: FIXED_NOW)
    assert settings is None  # nothing was read before the passphrase
    return app


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def _type(pilot, text: str) -> None:
    pilot.app.screen.query_one("#passphrase", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


def _day_count(app) -> str:
    return str(app.screen.query_one("#day-count", Static).render())


def _message(app) -> str:
    return str(app.screen.query_one("#unlock-message", Static).render())


async def test_wrong_then_right_passphrase_opens_home(locked_journal):
    from coach.screens.home import HomeScreen
    from coach.screens.unlock import UnlockScreen

    before = _digest(locked_journal)
    app = _tui(locked_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#passphrase", Input).password  # typed characters are never shown
        await pilot.press("enter")
        assert "Type your passphrase" in _message(app)
        await _type(pilot, "not it")
        assert isinstance(app.screen, UnlockScreen)
        assert "did not open it" in _message(app)
        assert app.screen.query_one("#passphrase", Input).value == ""
        assert app.store is None and app.quick_target.key is None
        assert _digest(locked_journal) == before
        await _type(pilot, PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        # Home's numbers come from the encrypted file, read with the key (the demo's days are not empty).
        assert re.search(r"Day \d+ of your practice\. [1-9]\d* practised so far", _day_count(app))
        await pilot.press("p")  # a screen that needs the store: it opens with the key
        await settle(pilot)
        await settle(pilot)
        assert type(app.screen).__name__ == "ProgressScreen"
        assert app.store is not None


async def test_right_passphrase_first_time(locked_journal):
    from coach.screens.home import HomeScreen

    app = _tui(locked_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _type(pilot, PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)


async def test_ctrl_q_quits_from_the_passphrase_screen_reading_nothing(locked_journal):
    before = _digest(locked_journal)
    app = _tui(locked_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and app.store is None
    assert _digest(locked_journal) == before


async def test_help_is_one_key_away_and_other_places_stay_shut_while_locked(locked_journal):
    from coach.screens.help import HelpScreen
    from coach.screens.unlock import UnlockScreen

    app = _tui(locked_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "once it is open" in str(app.screen.query_one("#care-team", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        app.action_open("ladder")  # as the command palette would
        app.request_store()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.store is None


async def test_with_coach_passphrase_set_home_opens_without_the_screen(locked_journal, monkeypatch):
    from coach.tui.launch import make_tui_app
    from coach.screens.home import HomeScreen

    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    app, settings = make_tui_app(str(locked_journal), clock=lambda: FIXED_NOW)
    assert settings is not None and settings.home is not None  # read ahead with the key, as for a plain file
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and not app.locked
        assert re.search(r"Day \d+ of your practice", _day_count(app))
