"""Re-rating the ladder: asked every 14 days (a setting, 0 = off), typed 0–100 per item, bad input refused
with a bell and nothing saved, each item's ratings shown over time on the Ladder."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, Static

from coach.screens.rerate import RerateScreen, parse_ratings
from coach.store.ladder import add_item
from coach.store.ladder_ratings import is_rerate_due, ratings_by_item, save_ratings
from coach.store.settings import save_setting
from tests.conftest import FIXED_NOW
from tests.tui.test_ladder_screen import open_ladder, settle

TODAY = FIXED_NOW.date()


def _ladder(store, days_old: int = 20) -> list[int]:
    with store.session() as db:
        made = FIXED_NOW - timedelta(days=days_old)
        ids = [add_item(db, "Walk to the shop", 60, made).id, add_item(db, "Carry the shopping", 80, made).id]
        db.commit()
    return ids


def test_due_every_fourteen_days_and_never_when_off(store):
    ids = _ladder(store, days_old=13)
    with store.session() as db:
        assert not is_rerate_due(db, TODAY)  # 13 days since the ladder began
        assert is_rerate_due(db, TODAY + timedelta(days=1))
        save_ratings(db, TODAY, {ids[0]: 50}, FIXED_NOW)
        assert not is_rerate_due(db, TODAY + timedelta(days=13))
        assert is_rerate_due(db, TODAY + timedelta(days=14))
        save_setting(db, "rerate_every_days", 0)
        db.commit()
        assert not is_rerate_due(db, TODAY + timedelta(days=400))
        save_ratings(db, TODAY, {ids[0]: 40}, FIXED_NOW)  # the same day again: replaced, not added
        assert ratings_by_item(db) == {ids[0]: [(TODAY, 40)]}


def test_parse_ratings_skips_empty_boxes_and_names_the_first_bad_one():
    assert parse_ratings({1: " 45 ", 2: "", 3: "100"}) == ({1: 45, 3: 100}, None)
    assert parse_ratings({1: "45", 2: "101", 3: "x"}) == ({}, 2)


async def test_rerate_from_the_ladder_by_keys(make_test_app, store):
    ids = _ladder(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ladder(pilot)
        assert "time to re-rate your ladder" in str(screen.query_one("#ladder-overall", Static).render())
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RerateScreen)
        assert form.query_one(f"#rate-{ids[0]}", Input).placeholder == "was 60"
        await pilot.press("1", "2", "0", "enter")  # 3 digits at most: "120" is off the scale
        await pilot.press("7", "0", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RerateScreen)  # refused: nothing saved, the box is named
        assert "0 to 100" in str(form.query_one("#rerate-error", Static).render())
        with store.session() as db:
            assert ratings_by_item(db) == {}
        form.query_one(f"#rate-{ids[0]}", Input).value = "45"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        with store.session() as db:
            assert ratings_by_item(db) == {ids[0]: [(TODAY, 45)], ids[1]: [(TODAY, 70)]}
        lines = [str(o.prompt) for o in screen.query_one("#ladder-items").options]
        assert any("re-rated 45" in line for line in lines)
        assert "time to re-rate" not in str(screen.query_one("#ladder-overall", Static).render())


async def test_ladder_shows_ratings_over_time(make_test_app, store):
    ids = _ladder(store, days_old=40)
    with store.session() as db:
        save_ratings(db, date(2026, 10, 28), {ids[0]: 70}, FIXED_NOW)
        save_ratings(db, date(2026, 11, 11), {ids[0]: 55}, FIXED_NOW)
        save_ratings(db, TODAY, {ids[0]: 40}, FIXED_NOW)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ladder(pilot)
        lines = [str(o.prompt) for o in screen.query_one("#ladder-items").options]
        assert any("re-rated 70 → 55 → 40 (latest 25 Nov)" in line for line in lines)


async def test_settings_choose_how_often_or_never(make_test_app, store):
    from textual.widgets import Select

    from coach.store.settings import read_setting

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open("settings")
        await settle(pilot)
        select = app.screen.query_one("#rerate_every_days", Select)
        assert select.value == 14
        select.value = 0
        await settle(pilot)
    with store.session() as db:
        assert read_setting(db, "rerate_every_days") == 0
