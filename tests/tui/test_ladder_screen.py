"""The ladder screen by keys: add, bad input, edit, difficulty reorders, archive, starter ideas, and a snapshot."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input, OptionList, Static

from coach.tui.app import make_app
from coach.content import load_ladder_suggestions
from coach.paths import resolve_db
from coach.screens.home import HomeScreen
from coach.screens.ladder import ItemForm, LadderScreen, StarterPicker
from coach.store.engine.db import open_store
from coach.store.ladder import add_item
from coach.store.models import LadderItem
from tests.conftest import FIXED_NOW
from tests.unit.test_ladder import record_attempt


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_ladder(pilot) -> LadderScreen:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LadderScreen)
    return pilot.app.screen


def items(store) -> list[tuple[str, int, bool]]:
    with store.session() as db:
        rows = db.exec(select(LadderItem).order_by(LadderItem.id)).all()
        return [(r.name, r.difficulty, r.archived) for r in rows]


def listed(screen: LadderScreen) -> list[str]:
    return [row.item.name for row in screen.rows]


async def fill_item(pilot, name: str, difficulty: str) -> None:
    form = pilot.app.screen
    assert isinstance(form, ItemForm)
    form.query_one("#item-name", Input).value = name
    form.query_one("#item-difficulty", Input).value = difficulty
    await pilot.press("ctrl+s")
    await settle(pilot)


def error_text(pilot, field: str) -> str:
    widget = pilot.app.screen.query_one(f"#item-{field}-error", Static)
    return str(widget.render()) if widget.display else ""


async def test_add_an_item_by_typing(make_test_app, store):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ladder(pilot)
        assert "empty" in str(screen.query_one("#ladder-empty", Static).render())
        await pilot.press("a")
        await pilot.press(*"Walk", "space", *"to", "space", *"the", "space", *"corner", "enter")
        await pilot.press("4", "0", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LadderScreen)
        assert items(store) == [("Walk to the corner", 40, False)]
        assert listed(screen) == ["Walk to the corner"]
        assert "not tried yet" in str(screen.query_one("#ladder-items", OptionList).get_option_at_index(0).prompt)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize(
    ("name", "difficulty", "field", "words"),
    [("", "40", "name", "Give the activity a name"), ("Walk", "150", "difficulty", "0 to 100"), ("Walk", "", "difficulty", "0 to 100")],
)
async def test_bad_input_shows_a_message_and_saves_nothing(make_test_app, store, name, difficulty, field, words):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ladder(pilot)
        await pilot.press("a")
        await fill_item(pilot, name, difficulty)
        assert isinstance(app.screen, ItemForm)
        assert words in error_text(pilot, field)
        assert app.screen.focused.id == f"item-{field}"
        # Typing in the field clears its message.
        await pilot.press("1")
        assert error_text(pilot, field) == ""
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LadderScreen)
    assert items(store) == []


async def test_edit_and_difficulty_keys_reorder(make_test_app, store):
    with store.session() as db:
        add_item(db, "Walk to the corner", 20, FIXED_NOW)
        add_item(db, "Vacuum one room", 45, FIXED_NOW)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ladder(pilot)
        assert listed(screen) == ["Walk to the corner", "Vacuum one room"]
        await pilot.press("e")  # the first item is highlighted
        form = app.screen
        assert form.query_one("#item-name", Input).value == "Walk to the corner"
        await fill_item(pilot, "Walk round the block", "50")
        assert listed(screen) == ["Vacuum one room", "Walk round the block"]
        assert screen.selected_row().item.name == "Walk round the block"  # the cursor follows the item
        for _ in range(2):
            await pilot.press("minus")
            await settle(pilot)
        assert listed(screen) == ["Walk round the block", "Vacuum one room"]
        await pilot.press("plus")
        await settle(pilot)
        assert screen.selected_row().item.difficulty == 45
    assert items(store) == [("Walk round the block", 45, False), ("Vacuum one room", 45, False)]


async def test_archive_hides_and_toggle_shows_and_restores(make_test_app, store):
    with store.session() as db:
        add_item(db, "Walk to the corner", 20, FIXED_NOW)
        add_item(db, "Vacuum one room", 45, FIXED_NOW)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ladder(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert listed(screen) == ["Vacuum one room"]
        assert items(store)[0] == ("Walk to the corner", 20, True)
        await pilot.press("h")
        await settle(pilot)
        assert listed(screen) == ["Walk to the corner", "Vacuum one room"]
        prompt = str(screen.query_one("#ladder-items", OptionList).get_option_at_index(0).prompt)
        assert "(archived)" in prompt
        assert screen.selected_row().item.archived
        await pilot.press("x")  # on an archived item, x restores it
        await settle(pilot)
        assert items(store)[0] == ("Walk to the corner", 20, False)


async def test_starter_ideas_add_with_one_key(make_test_app, store):
    easiest = min(load_ladder_suggestions(), key=lambda s: (s.typical_difficulty, s.name.casefold()))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ladder(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, StarterPicker)
        hint = " ".join(str(w.render()) for w in app.screen.query(".hint"))
        assert "movement limits your care team has given you" in hint
        await pilot.press("enter")
        await settle(pilot)
        picker = app.screen
        options = picker.query_one("#starter-list", OptionList)
        assert options.get_option_at_index(0).disabled
        assert "on your ladder" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")  # the highlight moved on: a second idea
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LadderScreen)
        assert len(screen.rows) == 2
    saved = items(store)
    assert saved[0] == (easiest.name, easiest.typical_difficulty, False)
    assert len(saved) == 2


async def test_item_shows_attempts_trend_expectancy_and_a_gentle_suggestion(make_test_app, store):
    with store.session() as db:
        low = add_item(db, "Walk to the corner", 20, FIXED_NOW).id
        add_item(db, "Walk round the block", 40, FIXED_NOW)
        record_attempt(db, low, 0, predicted=3, actual=5, likelihood=80, happened=20)
        record_attempt(db, low, 1, predicted=4, actual=7, likelihood=60, happened=0)
        record_attempt(db, low, 2, predicted=5, actual=8, likelihood=40, happened=10)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ladder(pilot)
        prompt = str(screen.query_one("#ladder-items", OptionList).get_option_at_index(0).prompt)
        assert "3 tries" in prompt
        assert "last 8/10 livable" in prompt
        assert "▅▆▇" in prompt
        assert "tolerability: expected 4, got 6.7" in prompt
        assert "feared outcome felt 60% likely, happened 10%" in prompt
        overall = str(screen.query_one("#ladder-overall", Static).render())
        assert overall.startswith("Across 3 tries so far, what you feared felt 60% likely on average and happened 10%")
        detail = str(screen.query_one("#ladder-detail", Static).render())
        assert "Walk round the block" in detail and "If you feel ready" in detail


def seeded_app():
    store = open_store(resolve_db(":memory:"))
    with store.session() as db:
        a = add_item(db, "Walk to the end of the street and back", 30, FIXED_NOW).id
        b = add_item(db, "Unload the dishwasher", 35, FIXED_NOW).id
        c = add_item(db, "Carry a bag of shopping from the car", 55, FIXED_NOW).id
        add_item(db, "Go to a family meal or gathering", 70, FIXED_NOW)
        for offset, (item, outcome, predicted, actual, likelihood, happened) in enumerate(
            [(a, "fully", 3, 5, 70, 20), (a, "fully", 4, 7, 60, 10), (a, "fully", 5, 8, 50, 0),
             (b, "partly", 4, 6, 40, 30), (c, "fully", 3, 2, 80, 60)]
        ):
            record_attempt(db, item, offset, outcome, predicted, actual, likelihood, happened)
    return make_app(lambda: store, clock=lambda: FIXED_NOW)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_ladder_snapshot(snap_compare, size):
    async def open_it(pilot):
        await open_ladder(pilot)

    assert snap_compare(seeded_app(), terminal_size=size, run_before=open_it)


async def test_help_is_one_key_away_from_the_ladder_and_its_form(make_test_app):
    from coach.screens.help import HelpScreen

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ladder(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("a")
        assert isinstance(app.screen, ItemForm)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_the_footer_may_ask_a_closed_ladder_which_keys_apply(make_test_app, store):
    """The footer asks check_action while a screen is composing or closing (an app ending because the
    store failed to open did this under load): with its list gone it answers, it does not crash."""
    with store.session() as db:
        add_item(db, "Walk to the shop", 30, FIXED_NOW)
        db.commit()
    async with make_test_app().run_test(size=(80, 24)) as pilot:
        screen = await open_ladder(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.query("#ladder-items")
        assert screen.selected_row() is None
        assert screen.check_action("edit", ()) is False


async def test_the_driving_idea_carries_its_caveat(make_test_app, store):
    """Issue 23.9: not when drowsy, nor in the first days after a taper step."""
    drive = next(s for s in load_ladder_suggestions() if s.name == "Drive for 20 minutes")
    assert "drowsy" in drive.note and "after a taper step" in drive.note
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ladder(pilot)
        await pilot.press("s")
        options = app.screen.query_one("#starter-list", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Drive for 20 minutes" in p and "drowsy" in p for p in prompts)
