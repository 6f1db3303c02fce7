"""A multi-line paste into a one-line answer keeps every line, with a notice; nothing dropped silently."""

from __future__ import annotations

from sqlmodel import select
from textual import events
from textual.app import App, ComposeResult

from coach.store.models import CheckIn
from coach.widgets.text_input import TextInput, join_pasted_lines
from tests.conftest import settle, wait_until


def test_lines_are_joined_and_counted():
    assert join_pasted_lines("slept badly\r\n\n  walked a bit \nfelt ok\n") == (
        "slept badly / walked a bit / felt ok", 3
    )
    assert join_pasted_lines("one line") == ("one line", 1)
    assert join_pasted_lines("\n \n") == ("", 0)
    # A tab or an escape code pasted in is shown as a space, never acted on.
    assert join_pasted_lines("a\tb\x1b[31mc") == ("a b [31mc", 1)


class OneField(App[None]):
    def __init__(self, **field) -> None:
        super().__init__()
        self.field = field

    def compose(self) -> ComposeResult:
        yield TextInput(id="answer", **self.field)


async def _paste(app: App, pilot, text: str) -> None:
    """Paste into the focused field, as a terminal with bracketed paste delivers it."""
    field = app.focused
    before = field.value
    app.post_message(events.Paste(text))
    await wait_until(pilot, lambda: field.value != before, "the paste to land")


async def test_a_multi_line_paste_keeps_every_line_with_a_notice():
    app = OneField(value="Today: ")
    async with app.run_test() as pilot:
        field = app.query_one(TextInput)
        field.focus()
        field.cursor_position = len(field.value)
        await pilot.pause()
        await _paste(app, pilot, "slept badly\nwalked to the shop\n\nfelt proud")
        assert field.value == "Today: slept badly / walked to the shop / felt proud"
        (notice,) = app._notifications
        assert "3 pasted lines are kept" in notice.message and notice.severity == "information"


async def test_a_paste_that_does_not_fit_says_how_much_was_left_out():
    app = OneField(max_length=10)
    async with app.run_test() as pilot:
        app.query_one(TextInput).focus()
        await pilot.pause()
        await _paste(app, pilot, "0123456789abc")
        assert app.query_one(TextInput).value == "0123456789"
        (notice,) = app._notifications
        assert "the last 3 did not fit" in notice.message and notice.severity == "warning"


async def test_a_one_line_paste_needs_no_notice_and_replaces_a_selection():
    app = OneField(value="old words")
    async with app.run_test() as pilot:
        field = app.query_one(TextInput)
        field.focus()  # Textual selects a field's text on focus
        await pilot.pause()
        await _paste(app, pilot, "new words")
        assert field.value == "new words"
        assert not app._notifications


async def test_a_paste_into_the_session_note_is_saved_whole(make_test_app, store):
    app = make_test_app(start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#note").focus()
        await pilot.pause()
        await _paste(app, pilot, "rough night\nbetter after breakfast")
        await settle(pilot)
        assert app.screen.query_one("#note").value == "rough night / better after breakfast"
        await pilot.press("ctrl+q")
    with store.session() as db:
        assert db.exec(select(CheckIn)).one().note == "rough night / better after breakfast"
