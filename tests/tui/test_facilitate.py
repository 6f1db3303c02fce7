"""`coach facilitate`: the weekly agenda (space advances, the card and the exercise open full-size, esc
returns, F1 works), the listing, bad weeks, and the guarantee that the facilitator's journal is never
opened (the same guarantee and test as `coach demo`)."""

from __future__ import annotations

import sys
import subprocess

import pytest
from textual.widgets import Static
from typer.testing import CliRunner

from coach.group import facilitate
from coach.tui import launch
from coach.cli.main import app as cli_app
from coach.content.program_weeks import load_program
from tests.tui.test_projector import _digest, _real_databases

runner = CliRunner()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


OPENED: list[str] = []


def _never_opened():
    # (an exception here would be swallowed by the app's store worker, so the call is recorded instead)
    OPENED.append("store")
    raise AssertionError("the facilitate app asked for a store")


@pytest.fixture(autouse=True)
def _no_store_opened():
    OPENED.clear()
    yield
    assert OPENED == [], "the facilitate app asked for a store"


def _app(week: int = 2, *, projector: bool = False, clock=None):
    return facilitate.make_facilitate_app(
        load_program(), week, projector=projector, clock=clock, store_opener=_never_opened
    )


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.mark.parametrize(("projector", "size"), [(False, (80, 24)), (True, (80, 24)), (True, (100, 30))])
async def test_week_two_end_to_end(projector, size):
    from coach.screens.facilitate import AgendaScreen, WeekCardsScreen
    from coach.screens.help import HelpScreen
    from coach.screens.player import PlayerScreen

    clock = FakeClock()
    app = _app(2, projector=projector, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen)
        assert _text(app, "#agenda-week") == "Week 2 of 8"
        assert _text(app, "#agenda-title") == load_program()[1].title
        assert "Welcome and check-in" in _text(app, "#agenda-part-title")
        parts = _text(app, "#agenda-parts")
        assert "▶ 1. Welcome" in parts and "20 min" in parts

        clock.now += 125
        await pilot.press("space")  # space moves the room on
        assert agenda.agenda.part.kind == "learn"
        assert "Session 2:05 of 60 min" in _text(app, "#agenda-clock")
        assert "✓ 1. Welcome" in _text(app, "#agenda-parts") and "▶ 2." in _text(app, "#agenda-parts")

        await pilot.press("o")  # the card opens full-size
        cards = app.screen
        assert isinstance(cards, WeekCardsScreen)
        assert [c.id for c in cards.cards] == ["why-avoidance-keeps-pain-alarming", "exposure-practice"]
        assert str(cards.query_one("#card-title", Static).render()) == "Why avoiding keeps pain alarming"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is cards
        await pilot.press("escape")  # esc comes back to the agenda
        assert app.screen is agenda and agenda.agenda.part.kind == "learn"

        await pilot.press("enter")  # enter moves on too
        assert agenda.agenda.part.kind == "practice"
        await pilot.press("o")
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.exercise.id == "five-senses"
        await pilot.press("f")  # finish: back to the agenda, still on the practice part
        await pilot.pause()
        assert app.screen is agenda and agenda.agenda.part.kind == "practice"

        await pilot.press("space")
        assert load_program()[1].discussion[0] in _text(app, "#agenda-part-body")
        await pilot.press("space", "space", "space")  # past the last part nothing moves
        assert agenda.agenda.at_last_part and agenda.agenda.part.kind == "home"
        assert "Sources:" in _text(app, "#agenda-part-body")
        await pilot.press("b")
        assert agenda.agenda.part.kind == "discuss"
        assert app.store is None  # nothing ever asked for a store
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)


async def test_next_card_after_the_last_returns_to_the_agenda():
    from coach.screens.facilitate import AgendaScreen, WeekCardsScreen

    app = _app(2, projector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "o")
        assert isinstance(app.screen, WeekCardsScreen)
        await pilot.press("space")
        assert str(app.screen.query_one("#card-position", Static).render()) == "Card 2 of 2"
        await pilot.press("space")
        assert isinstance(app.screen, AgendaScreen)


async def test_open_does_nothing_on_a_part_without_a_card_or_exercise():
    from coach.screens.facilitate import AgendaScreen

    app = _app(1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, AgendaScreen)
        keys = {binding.action for _k, (_n, binding, enabled, _t) in app.screen.active_bindings.items() if enabled}
        assert "open_part" not in keys and "back" not in keys and "advance" in keys


def test_facilitate_never_opens_the_real_database(tmp_path, monkeypatch):
    import coach.store.engine.db

    real = _real_databases(tmp_path, monkeypatch)
    before = {p: (_digest(p), p.stat().st_mtime_ns) for p in real}
    opened: list[object] = []
    monkeypatch.setattr(coach.store.engine.db, "open_store", lambda *a, **k: opened.append(a))
    seen: dict[str, object] = {}

    def run_headless(app, **_options) -> int:
        async def visit(pilot):
            await pilot.pause()
            await pilot.press("space", "o")
            await pilot.press("escape", "space", "o", "f")
            await pilot.pause()
            await pilot.press("space", "space", "f1", "escape")
            await pilot.app.workers.wait_for_complete()
            seen["week"] = str(pilot.app.screen.query_one("#agenda-week", Static).render())
            seen["projector"] = pilot.app.projector
            seen["store"] = pilot.app.store
            pilot.app.exit()

        app.run(headless=True, auto_pilot=visit, size=(80, 24))
        return app.return_code or 0

    monkeypatch.setattr(launch, "_run", run_headless)
    result = runner.invoke(cli_app, ["--db", str(real[1]), "facilitate", "--week", "3", "--projector"])
    assert result.exit_code == 0, result.output
    assert seen == {"week": "Week 3 of 8", "projector": True, "store": None}
    assert opened == []  # the store opener was never called
    assert {p: (_digest(p), p.stat().st_mtime_ns) for p in real} == before
    assert not any(p.name.endswith(".bak") for p in tmp_path.rglob("*"))


def test_list_prints_every_week_without_textual():
    code = (
        "import sys; from coach.cli.main import run_cli\n"
        "try:\n    run_cli(['facilitate', '--list'])\nexcept SystemExit:\n    pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["WEEK", "LENGTH", "TITLE"]
    assert len(lines) == 1 + len(load_program())
    assert lines[2].split()[0] == "2" and lines[2].endswith(load_program()[1].title)


@pytest.mark.parametrize("week", ["0", "9", "-1"])
def test_bad_week_is_one_line_and_exit_2(week):
    result = runner.invoke(cli_app, ["facilitate", "--week", week])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--week must be between 1 and 8" in result.stderr


async def test_projector_mode_does_not_save_its_theme_as_the_persons_choice(store):
    """Regression: starting in projector mode used to store "projector" as the person's theme (and so
    open the store even where no screen needed it)."""
    from coach.tui.app import make_app
    from coach.domain.setting_checks import NEEDS_CONTENT, settled
    from coach.store.settings import stored_keys
    from coach.store.queries.status import StartupSettings

    settings = StartupSettings(settled({}, skip=NEEDS_CONTENT), frozenset())
    app = make_app(lambda: store, projector=True, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.theme == "projector"
    with store.session() as db:
        assert "theme" not in stored_keys(db)


def test_serve_facilitate_runs_the_agenda_in_projector_mode_never_own_data(tmp_path):
    import shlex

    from coach.web.serve import serve_command

    args = shlex.split(serve_command(db=str(tmp_path / "mine.db"), facilitate_week=4))
    assert args[1:] == ["-m", "coach", "facilitate", "--week", "4", "--projector"]
    with pytest.raises(ValueError, match="not your own data"):
        serve_command(own_data=True, facilitate_week=4)


@pytest.mark.parametrize(("extra", "message"), [(["--facilitate", "12"], "--facilitate must be between 1 and 8"),
                                                (["--facilitate", "2", "--own-data"], "not your own data")])
def test_serve_facilitate_bad_input_is_one_line(extra, message):
    result = runner.invoke(cli_app, ["serve", "--port", "0", *extra])
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1


async def test_room_pulse_before_and_after_shows_a_chart_and_saves_nothing():
    from coach.screens.facilitate import AgendaScreen, PulseScreen

    app = _app(2, projector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        agenda = app.screen
        await pilot.press("p")  # not on the welcome part
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("space", "space", "p")
        assert isinstance(app.screen, PulseScreen) and app.screen.moment == "before"
        await pilot.press("enter", "enter", "enter")  # no hands at all: asks again
        assert isinstance(app.screen, PulseScreen)
        assert "no hands" in str(app.screen.query_one("#pulse-error", Static).render())
        app.screen.query_one("#pulse-quiet").focus()
        await pilot.press("3", "enter", "5", "enter", "2", "enter")
        assert app.screen is agenda and agenda.pulse.before == (3, 5, 2)
        body = _text(app, "#agenda-part-body")
        assert "Before (10 hands)" in body and "after the exercise" in body
        await pilot.press("p")
        assert app.screen.moment == "after"
        await pilot.press("escape")  # cancel keeps what was there
        assert app.screen is agenda and agenda.pulse.after is None
        await pilot.press("p", "8", "enter", "2", "enter", "enter")
        assert agenda.pulse.after == (8, 2, 0)
        assert "After (10 hands)" in _text(app, "#agenda-part-body")


@pytest.mark.parametrize("week", range(1, 9))
async def test_the_safety_protocol_stays_off_the_projected_agenda(week):
    """The agenda is what the room sees: the facilitator's protocol is only in the printed guide."""
    from coach.content.program_weeks import load_safety_protocol

    protocol = load_safety_protocol()
    hidden = [s.title for s in protocol.situations] + [step for s in protocol.situations for step in s.steps]
    app = _app(week)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _part in range(5):
            shown = _text(app, "#agenda-parts") + _text(app, "#agenda-part-body")
            assert not any(text in shown for text in hidden)
            assert "Safety protocol" not in shown
            await pilot.press("space")
            await pilot.pause()
