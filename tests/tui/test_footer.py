"""CoachFooter: Help first, and rebuilt only when the keys it shows change (not on every focus change)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from coach.widgets.footer import CoachFooter


class FooterApp(App[None]):
    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+n", "advance", "Next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.can_advance = False

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield CoachFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance":
            return self.can_advance
        return True

    def action_help(self) -> None:
        pass

    def action_save(self) -> None:
        pass

    def action_advance(self) -> None:
        pass


def _shown(app: App) -> list[str]:
    return [key.description for key in app.query_one(CoachFooter).query(FooterKey)]


async def test_footer_rebuilds_only_when_its_keys_change():
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(CoachFooter)
        assert _shown(app)[:2] == ["Help", "Save"] and "Next" not in _shown(app)
        built = footer.composes
        assert built >= 1
        for _ in range(3):  # focus changes re-check the bindings but show the same keys
            await pilot.press("tab")
            await pilot.pause()
        assert footer.composes == built
        app.can_advance = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert footer.composes == built + 1
        assert "Next" in _shown(app) and _shown(app)[0] == "Help"


# --- every screen of the app at 80 columns ------------------------------------------------------------

def _footer_line(app) -> str:
    """The footer as the terminal shows it (what fits on its one line), or "" on a screen without one."""
    from tests.screen_walk import rendered

    footers = [footer for footer in app.screen.query(CoachFooter) if footer.display]
    if not footers:
        return ""
    footer = footers[0]
    line = rendered(app).split("\n")[footer.region.y]
    return line[footer.region.x : footer.region.right]


async def _footer_when_drawn(app, pilot) -> str:
    """The footer line once it has its keys (a footer rebuilds its keys a frame after they change)."""
    from tests.conftest import settle, wait_until

    await settle(pilot)
    footers = [footer for footer in app.screen.query(CoachFooter) if footer.display]
    if footers:
        await wait_until(pilot, lambda: footers[0].query(FooterKey), "the footer's keys")
        await pilot.pause()
        await wait_until(pilot, lambda: _footer_line(app).strip(), "the footer to be drawn")
    return _footer_line(app)


async def _look_at_every_focus(app, pilot, name: str, seen: dict[str, str], tabs: int = 8) -> None:
    """The footer with the screen as it opens and after each Tab (a focused field can add keys)."""
    seen[name] = await _footer_when_drawn(app, pilot)
    for index in range(tabs):
        await pilot.press("tab")
        seen[f"{name} (tab {index + 1})"] = await _footer_when_drawn(app, pilot)


async def _walk_footers(app, pilot, day) -> dict[str, str]:
    from coach.tui.places import SCREENS_BY_NAME
    from coach.screens.history import DayScreen
    from coach.screens.player import PlayerScreen
    from coach.screens.session import SessionScreen
    from tests.conftest import settle

    seen: dict[str, str] = {}

    async def back_home() -> None:
        while len(app.screen_stack) > 1:
            app.pop_screen()
        await settle(pilot)

    await app.wait_for_store()
    await _look_at_every_focus(app, pilot, "home", seen)
    for name in SCREENS_BY_NAME:
        if name in ("home", "help") or (name in ("session", "corrections", "onboarding", "settings") and not app.recording):
            continue
        app.action_open(name)
        await _look_at_every_focus(app, pilot, name, seen)
        await back_home()
    app.action_open("help")
    seen["help"] = await _footer_when_drawn(app, pilot)
    await back_home()
    for name, keys in (("ladder", ("a",)), ("ladder", ("s",)), ("taper", ("m",)), ("taper", ("o",)), ("taper", ("a",))):
        app.action_open(name)
        await settle(pilot)
        await pilot.press(*keys)
        await _look_at_every_focus(app, pilot, f"{name} {' '.join(keys)}", seen, tabs=4)
        await back_home()
    if app.recording:
        for step in ("checkin", "exercise", "goal", "reflection", "summary"):
            await app.push_screen(SessionScreen(step=step))
            await _look_at_every_focus(app, pilot, f"session {step}", seen)
            await back_home()
    await app.push_screen(DayScreen(day))
    await _look_at_every_focus(app, pilot, "day", seen, tabs=2)
    await back_home()
    player = PlayerScreen("box-breathing", clock=lambda: 0.0)
    await app.push_screen(player)
    await _look_at_every_focus(app, pilot, "player", seen, tabs=0)
    await pilot.press("escape")  # "leave the exercise?"
    await _look_at_every_focus(app, pilot, "player leave", seen, tabs=2)
    await back_home()
    return seen


def _missing(seen: dict[str, str]) -> list[str]:
    return [f"{name}: {line.strip()!r}" for name, line in seen.items() if line and not ("Help" in line and "Quit" in line)]


@pytest.mark.slow  # a walk of every screen (or of the whole day): in `make test`, not `make check`
@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
async def test_help_and_quit_show_on_every_screen_at_80_columns(tmp_path, projector):
    """F1 Help and Quit are always in sight at 80x24, whatever else a screen or a focused field adds."""
    from coach.tui.app import make_app
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from tests.conftest import FIXED_NOW
    from tests.screen_walk import Words, seed

    words = Words(
        note="a note", sign="restless", flag="none", goal="walk to the corner shop and back", feared="a flare",
        noticed="it was fine", response="slow breathing", dose_note="as planned", ladder="Walk to the shop",
        exercise_id="box-breathing", care_name="Dr Lee", med_note="as agreed", keys="f1",
    )
    store = open_store(resolve_db(str(tmp_path / "walk.db")))
    try:
        day = seed(store, words)
        app = make_app(lambda: store, clock=lambda: FIXED_NOW, projector=projector, record=True)
        async with app.run_test(size=(80, 24)) as pilot:
            seen = await _walk_footers(app, pilot, day)
        assert {"home", "ladder", "taper", "ladder a", "taper m", "session goal", "player"} <= set(seen)
        assert sum(bool(line) for line in seen.values()) > 40
        assert _missing(seen) == [], "\n".join(_missing(seen))
    finally:
        store.close()


@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
async def test_help_and_quit_show_on_the_facilitate_agenda_at_80_columns(projector):
    from coach.group import facilitate
    from coach.content.program_weeks import load_program

    def never_opened():
        raise AssertionError("the facilitate app opened a store")

    app = facilitate.make_facilitate_app(load_program(), 2, projector=projector, store_opener=never_opened)
    seen: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await _look_at_every_focus(app, pilot, "agenda", seen, tabs=2)
        for part in range(5):
            await pilot.press("space")
            await _look_at_every_focus(app, pilot, f"agenda part {part + 2}", seen, tabs=0)
        await pilot.press("o")
        await _look_at_every_focus(app, pilot, "agenda open", seen, tabs=0)
    assert _missing(seen) == [], "\n".join(_missing(seen))


class CrowdedApp(App[None]):
    """More keys than 60 columns hold."""

    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        *(Binding(key, f"noop('{key}')", f"Something {key}") for key in "abcdef"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),  # as in CoachApp
    ]

    def compose(self) -> ComposeResult:
        yield CoachFooter()

    def action_help(self) -> None:
        pass

    def action_noop(self, key: str) -> None:
        pass


@pytest.mark.parametrize("width", [60, 140])
async def test_a_crowded_footer_keeps_help_and_quit_and_a_roomy_one_keeps_its_order(width):
    app = CrowdedApp()
    async with app.run_test(size=(width, 5)) as pilot:
        await pilot.pause()
        await pilot.pause()
        shown = _shown(app)
        assert shown[0] == "Help"
        line = await _footer_when_drawn(app, pilot)
        assert "Help" in line and "Quit" in line
        if width == 140:  # everything fits: the usual order, the palette key on the right
            assert "Quit" in shown and shown[-1] == "palette" and "^p palette" in line
        else:  # Quit moves up beside Help and the palette key goes (ctrl+p still opens it)
            assert shown[:2] == ["Help", "Quit"] and "palette" not in shown
        await pilot.resize_terminal(140 if width == 60 else 60, 5)
        await pilot.pause()
        line = await _footer_when_drawn(app, pilot)
        assert "Help" in line and "Quit" in line
