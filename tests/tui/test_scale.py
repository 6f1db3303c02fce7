"""The rating scale by keyboard and mouse: values, bounds, messages."""

from __future__ import annotations

from textual.app import App, ComposeResult

from coach.widgets.scale import ScaleInput


class ScaleApp(App[None]):
    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.kwargs = kwargs
        self.changes: list[int] = []

    def compose(self) -> ComposeResult:
        yield ScaleInput(id="s", label="Pain now", ends=("0 = none", "10 = worst"), **self.kwargs)

    def on_scale_input_changed(self, message: ScaleInput.Changed) -> None:
        self.changes.append(message.value)


async def test_keys_set_and_clamp():
    app = ScaleApp()
    async with app.run_test(size=(60, 10)) as pilot:
        scale = app.query_one(ScaleInput)
        scale.focus()
        assert scale.value is None
        await pilot.press("right")  # the first → on an empty scale starts from its low end
        assert scale.value == 0
        await pilot.press("right", "right")
        assert scale.value == 2
        await pilot.press("7")
        assert scale.value == 7
        await pilot.press("end", "right")
        assert scale.value == 10
        await pilot.press("home", "left")
        assert scale.value == 0
        await pilot.press("1", "0")
        assert scale.value == 10
        await pilot.press("3")
        assert scale.value == 3
        await pilot.pause()
    assert app.changes == [0, 1, 2, 7, 10, 0, 1, 10, 3]


async def test_the_first_left_on_an_empty_scale_starts_from_its_high_end():
    app = ScaleApp()
    async with app.run_test(size=(60, 10)) as pilot:
        scale = app.query_one(ScaleInput)
        scale.focus()
        await pilot.press("left")
        assert scale.value == 10
        await pilot.press("left")
        assert scale.value == 9


async def test_text_typed_into_a_scale_is_refused_with_a_bell_and_a_line():
    app = ScaleApp()
    bells: list[int] = []
    app.bell = lambda: bells.append(1)
    async with app.run_test(size=(70, 10)) as pilot:
        scale = app.query_one(ScaleInput)
        scale.focus()
        await pilot.press("6", "I")
        await pilot.pause()
        assert scale.value == 6 and bells == [1]
        assert "Numbers only here: 0 to 10" in str(scale.render())
        await pilot.press("4")  # the next answer clears the line
        assert "Numbers only" not in str(scale.render()) and scale.value == 4
        await pilot.press("minus")  # a bound key still does its job, without a bell
        assert scale.value == 3 and bells == [1]


async def test_wide_scale_digits_pick_tenths():
    app = ScaleApp(low=0, high=100, step=5)
    async with app.run_test(size=(60, 10)) as pilot:
        scale = app.query_one(ScaleInput)
        scale.focus()
        await pilot.press("7")
        assert scale.value == 70
        await pilot.press("right")
        assert scale.value == 75
        await pilot.press("1", "0")
        assert scale.value == 100


async def test_click_picks_position():
    app = ScaleApp()
    async with app.run_test(size=(46, 10)) as pilot:
        scale = app.query_one(ScaleInput)
        # 44 columns of content for 11 cells: column 1 (after padding) + 4*4 lands on "4".
        await pilot.click(ScaleInput, offset=(1 + 4 * 4 + 1, 1))
        assert scale.value == 4


async def test_render_shows_unanswered_then_value():
    app = ScaleApp()
    async with app.run_test(size=(60, 10)) as pilot:
        scale = app.query_one(ScaleInput)
        assert "not answered yet" in str(scale.render())
        scale.focus()
        await pilot.press("6")
        text = str(scale.render())
        assert "6 / 10" in text and "10 = worst" in text


async def test_enter_moves_to_the_next_field():
    from textual.widgets import Input

    class TwoFields(ScaleApp):
        def compose(self) -> ComposeResult:
            yield ScaleInput(id="s", label="Pain now")
            yield Input(id="after")

    app = TwoFields()
    async with app.run_test(size=(60, 12)) as pilot:
        app.query_one(ScaleInput).focus()
        await pilot.press("4", "enter")
        assert app.focused is app.query_one("#after", Input)
        assert app.query_one(ScaleInput).value == 4


async def test_the_label_follows_focus_and_theme_though_styles_are_kept_between_renders():
    class Two(App[None]):
        def compose(self) -> ComposeResult:
            yield ScaleInput(id="a", label="A")
            yield ScaleInput(id="b", label="B")

    app = Two()
    async with app.run_test(size=(60, 12)) as pilot:
        first = app.query_one("#a", ScaleInput)
        first.focus()
        await pilot.pause()
        focused = first.render().spans[0].style
        app.query_one("#b", ScaleInput).focus()
        await pilot.pause()
        assert first.render().spans[0].style != focused
        before = first.render().spans[0].style
        app.theme = "textual-light"
        await pilot.pause()
        assert first.render().spans[0].style != before
