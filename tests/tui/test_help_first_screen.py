"""Help opens on the emergency box, and the care team's numbers follow it within the first screen at 100x30."""

from __future__ import annotations

from textual.widgets import Static

from coach.screens.help import HelpScreen
from coach.store.settings import save_setting
from tests.conftest import settle


async def test_care_team_numbers_follow_the_emergency_box_within_helps_first_screen(make_test_app, store):
    with store.session() as db:
        save_setting(db, "care_team", [
            {"role": "prescriber", "name": "Dr Lee", "phone": "555-0101 ext. 23"},
            {"role": "pain_psychologist", "name": "Sam", "phone": "555 0199"},
            {"role": "physical_therapist", "name": "Ana", "phone": "555 0142"},
        ])
        db.commit()
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        care = app.screen.query_one("#care-team", Static)
        assert "555-0101 ext. 23" in str(care.render()) and "555 0142" in str(care.render())
        visible_rows = 30 - 1  # above the footer, without scrolling
        assert care.region.bottom <= visible_rows
        emergency = app.screen.query_one(".emergency")
        assert emergency.region.y < care.region.y
