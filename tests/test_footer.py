"""CoachFooter: Help first, and rebuilt only when the keys it shows change (not on every focus change)."""

from __future__ import annotations

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
