"""A check-in given with `coach checkin` is the app's check-in: Home and `coach status` both call it done."""

from __future__ import annotations

from textual.widgets import Static
from typer.testing import CliRunner

from coach.cli.main import app as cli
from coach.domain.days import local_now
from coach.screens.home import HomeScreen
from coach.store.queries.status import status_text
from coach.tui.app import make_app
from tests.conftest import settle


def _shown(widget: Static) -> str:
    from rich.console import Console

    console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return " ".join(console.export_text().split())


async def test_status_and_home_agree_after_coach_checkin(store, db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "checkin", "--pain", "6", "--tolerability", "4",
                                      "--distress", "5", "--sleep", "7", "--mood", "6"])
    assert result.exit_code == 0, result.output
    assert "today: check-in done" in status_text(store.target)
    # The app on coach's own clock (the command saved under coach's day, with the day-start hour).
    app = make_app(lambda: store, clock=local_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        steps = _shown(app.screen.query_one("#today-steps", Static))
        assert "✓ Check-in done" in steps and "· Exercise to do" in steps
