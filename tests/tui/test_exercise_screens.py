"""The player and the practice flow by keys: time is moved by hand, every answer lands in the database."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import ContentSwitcher, Static

from coach.screens.player import LeaveExerciseScreen, PlayerOutcome, PlayerScreen
from coach.screens.practice import PracticeExerciseScreen
from coach.store.models import ExerciseRun
from coach.widgets.pacer import BreathingPacer, PacerShape, draw_disc
from tests.conftest import FIXED_NOW, palette_results_ready, wait_until


class FrozenClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _runs(store) -> list[ExerciseRun]:
    with store.session() as db:
        return list(db.exec(select(ExerciseRun)))


async def _advance(pilot, player, clock, seconds: float) -> None:
    """Move the frozen clock and draw the frame the player's timer would draw."""
    clock.now += seconds
    player._frame()
    await pilot.pause()


async def _push_player(app, pilot, exercise_id, results, **kwargs):
    clock = FrozenClock()
    screen = PlayerScreen(exercise_id, clock=clock, **kwargs)
    app.push_screen(screen, results.append)
    await pilot.pause()
    return screen, clock


async def test_player_follows_the_clock_through_prompts_and_breaths(make_test_app):
    app = make_test_app()
    results: list[PlayerOutcome] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        player, clock = await _push_player(app, pilot, "paced-breathing", results)
        body = player.query_one("#player-body", ContentSwitcher)
        assert body.current == "prompt-view"
        assert "Find a position" in str(player.query_one("#prompt", Static).render())
        assert "0:00 / 5:04" in str(player.query_one("#player-clock", Static).render())

        await _advance(pilot, player, clock, 26)  # past the three prompts, two seconds into breathing in
        assert body.current == "breath-view"
        assert "Breathe in" in str(player.query_one("#pacer-phase", Static).render())
        assert "0:26 / 5:04" in str(player.query_one("#player-clock", Static).render())

        await pilot.press("space")
        assert player.session.paused
        assert "Paused" in str(player.query_one("#player-status", Static).render())
        assert player._timer is None
        await _advance(pilot, player, clock, 60)
        assert player.session.position == 26
        await pilot.press("space")
        await _advance(pilot, player, clock, 2)
        assert player.session.position == 28 and player.session.current.phase == "out"

        await pilot.press("n")
        assert player.session.current.cycle == 2 and player.session.current.phase == "in"
        await pilot.press("f")
        await pilot.pause()
    assert results == [PlayerOutcome(seconds_completed=28, completed=False)]


async def test_player_completes_shows_closing_and_continues(make_test_app):
    app = make_test_app()
    results: list[PlayerOutcome] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        player, clock = await _push_player(app, pilot, "five-senses", results, minutes=1)
        await _advance(pilot, player, clock, 1000)
        assert player.query_one("#player-body", ContentSwitcher).current == "closing-view"
        assert "You are here" in str(player.query_one("#closing", Static).render())
        await pilot.press("f")  # finishing is over: the key does nothing now
        assert results == []
        await pilot.press("enter")
        await pilot.pause()
    total = player.session.total
    assert results == [PlayerOutcome(seconds_completed=int(total), completed=True)]


async def test_player_pauses_while_hidden_behind_help(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        player, clock = await _push_player(app, pilot, "five-senses", [])
        await _advance(pilot, player, clock, 5)
        await pilot.press("f1")
        assert player._timer is None  # nothing is drawn behind Help
        clock.now += 50
        await pilot.press("escape")
        assert app.screen is player and player._timer is not None
        await _advance(pilot, player, clock, 1)
        assert player.session.position == 6


async def test_back_asks_first_and_nothing_is_lost(make_test_app):
    app = make_test_app()
    results: list[PlayerOutcome] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        player, clock = await _push_player(app, pilot, "five-senses", results)
        await _advance(pilot, player, clock, 75)
        await pilot.press("escape")
        assert isinstance(app.screen, LeaveExerciseScreen)
        assert "1 min 15 s" in str(app.screen.query_one("#leave-body", Static).render())
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, LeaveExerciseScreen)
        await pilot.press("escape")  # keep going
        assert app.screen is player and results == []
        await pilot.press("escape")
        await pilot.press("y")
        await pilot.pause()
    assert results == [PlayerOutcome(seconds_completed=75, completed=False, left=True)]


async def test_reduced_motion_hides_the_moving_shape_and_slows_the_clock(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.settings["reduced_motion"] = True
        player, clock = await _push_player(app, pilot, "box-breathing", [])
        await _advance(pilot, player, clock, player.exercise.steps_seconds + 1)
        assert player.query_one(BreathingPacer).reduced_motion
        assert not player.query_one(PacerShape).display
        assert player._fps == 4
        player.query_one(BreathingPacer).reduced_motion = False
        app.settings["reduced_motion"] = False
        player.show_state()
        assert player._fps == 12


def test_disc_grows_with_the_radius():
    small = "".join(draw_disc(40, 12, 3))
    big = "".join(draw_disc(40, 12, 11))
    assert 0 < small.count("█") < big.count("█")
    assert set("".join(draw_disc(40, 12, 11))) <= set(" █▀▄")


async def test_practice_flow_saves_every_answer(make_test_app, store):
    app = make_test_app()
    results: list[int | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        app.push_screen(PracticeExerciseScreen("five-senses"), results.append)
        await pilot.pause()
        await pilot.press("7")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        [run] = _runs(store)
        assert (run.exercise_id, run.distress_before, run.completed) == ("five-senses", 7, False)
        assert run.started_at == FIXED_NOW and run.ended_at is None

        player._clock = clock = FrozenClock()
        player._last = clock.now
        await _advance(pilot, player, clock, 20)
        await _settle(pilot)
        assert _runs(store)[0].seconds_completed == 20  # saved as it goes, before the end
        player.session.tick(70)
        await pilot.press("f")
        await _settle(pilot)
        [run] = _runs(store)
        assert run.seconds_completed >= 90 and not run.completed and run.ended_at == FIXED_NOW
        assert "Before the exercise you said 7" in str(app.screen.query_one("#before-reminder", Static).render())

        await pilot.press("4")
        await _settle(pilot)
        assert _runs(store)[0].distress_after == 4
        await pilot.press("ctrl+s")
        await _settle(pilot)
    assert results == [run.id]
    assert _runs(store)[0].distress_after == 4


async def test_library_length_returns_to_the_usual_and_stays_in_range(make_test_app):
    from textual.widgets import OptionList

    app = make_test_app(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        options = app.screen.query_one(OptionList)
        await pilot.press("plus", "minus")
        assert app.screen.minutes == {}
        assert "changed" not in str(options.get_option("box-breathing").prompt)
        await pilot.press(*["minus"] * 10)
        assert app.screen.minutes == {"box-breathing": 1}
        await pilot.press(*["plus"] * 40)
        assert app.screen.minutes == {"box-breathing": 30}


async def test_practice_back_before_starting_saves_nothing(make_test_app, store):
    app = make_test_app()
    results: list[int | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        app.push_screen(PracticeExerciseScreen("box-breathing", session_id=None), results.append)
        await pilot.pause()
        await pilot.press("5")
        await pilot.press("escape")
        await _settle(pilot)
    assert results == [None]
    assert _runs(store) == []


async def test_practice_leaving_the_player_keeps_the_run(make_test_app, store):
    app = make_test_app()
    results: list[int | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        app.push_screen(PracticeExerciseScreen("body-scan", minutes=3), results.append)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await _settle(pilot)
        app.screen.session.tick(40)
        await pilot.press("escape", "y")
        await _settle(pilot)
    [run] = _runs(store)
    assert results == [run.id]
    assert run.distress_before is None and run.seconds_completed >= 40 and not run.completed


async def test_home_keys_open_exercises_and_learn(make_test_app):
    from coach.screens.exercises import ExercisesScreen
    from coach.screens.home import HomeScreen
    from coach.screens.learn import LearnScreen

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExercisesScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        assert isinstance(app.screen, LearnScreen)


async def test_library_lists_breathing_first_and_enter_starts_the_practice(make_test_app, store):
    from textual.widgets import OptionList

    from coach.content import load_exercises

    app = make_test_app(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        ids = [i for i in ids if i is not None]
        assert sorted(ids) == sorted(load_exercises())
        assert ids[:2] == ["box-breathing", "paced-breathing"]
        await pilot.press("down", "plus", "plus", "plus", "minus")
        assert "7 min" in str(options.get_option("paced-breathing").prompt)
        await pilot.press("enter")
        assert isinstance(app.screen, PracticeExerciseScreen)
        assert (app.screen.exercise.id, app.screen.minutes) == ("paced-breathing", 7)
        await pilot.press("ctrl+s")
        await _settle(pilot)
        await pilot.press("f")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert type(app.screen).__name__ == "ExercisesScreen"
    assert [run.exercise_id for run in _runs(store)] == ["paced-breathing"]


async def test_learn_reads_a_card_with_sources_and_steps_through(make_test_app):
    from coach.content import load_learn_cards

    cards = load_learn_cards()
    app = make_test_app(start="learn")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert screen.reading == 0
        assert cards[0].title in str(screen.query_one("#card-title", Static).render())
        sources = str(screen.query_one("#card-sources", Static).render())
        assert "Sources" in sources and cards[0].sources[0][:30] in sources
        assert cards[0].key_points[0] in str(screen.query_one("#card-points", Static).render())
        await pilot.press("n")
        assert cards[1].title in str(screen.query_one("#card-title", Static).render())
        await pilot.press("p", "p")
        assert screen.reading == len(cards) - 1
        await pilot.press("escape")
        assert screen.reading is None and app.screen is screen
        await pilot.press("escape")
        assert app.screen is not screen


async def test_palette_jumps_to_an_exercise_and_a_card(make_test_app):
    from coach.tui.commands import LibraryCommands
    from coach.screens.learn import LearnScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert LibraryCommands in {p() if not isinstance(p, type) else p for p in app.COMMANDS}
        await pilot.press("ctrl+p")
        await pilot.press(*"box breathing")
        await wait_until(pilot, lambda: palette_results_ready(app, "box breathing"), "the palette's search")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PracticeExerciseScreen)
        assert app.screen.exercise.id == "box-breathing"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"learn setbacks")
        await wait_until(pilot, lambda: palette_results_ready(app, "setbacks"), "the palette's search")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)
        assert "Setbacks" in str(app.screen.query_one("#card-title", Static).render())


async def test_a_screen_run_on_its_own_ends_the_app(store):
    from coach.tui.app import make_app

    app = make_app(lambda: store, start=lambda: PracticeExerciseScreen("five-senses"), clock=lambda: FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, PracticeExerciseScreen)
        assert not app._exit
        await pilot.press("escape")
        await pilot.pause()
        assert app._exit and app.return_code == 0


async def test_practice_start_before_the_store_opens_waits_and_makes_one_run(store):
    """Start pressed (twice) while the store is still opening, Done pressed twice: one run, one result."""
    import threading

    from coach.tui.app import make_app

    gate = threading.Event()

    def slow_opener():
        gate.wait(10)
        return store

    app = make_app(slow_opener, clock=lambda: FIXED_NOW)
    results: list[int | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PracticeExerciseScreen("five-senses"), results.append)
        await pilot.pause()
        practice = app.screen
        practice.query_one("#start").press()
        practice.query_one("#start").press()
        await pilot.pause()
        assert app.store is None
        gate.set()
        await _settle(pilot)
        await _settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("f")
        await _settle(pilot)
        practice.query_one("#done").press()
        practice.query_one("#done").press()
        await _settle(pilot)
        assert app.screen is not practice
    assert len(_runs(store)) == 1
    assert results == [_runs(store)[0].id]


@pytest.mark.parametrize(("size", "projector"), [((80, 24), False), ((80, 24), True), ((100, 30), True)])
async def test_gentle_movement_plays_every_prompt_whole_and_closes(make_test_app, size, projector):
    """The movement exercise in the player: each prompt fits on screen whole, then the closing words."""
    from coach.content import load_exercises

    steps = load_exercises()["gentle-movement"].steps
    app = make_test_app(projector=projector)
    results: list[PlayerOutcome] = []
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        player, clock = await _push_player(app, pilot, "gentle-movement", results)
        prompt = player.query_one("#prompt", Static)
        for step in steps:
            await pilot.pause()
            shown = " ".join(str(prompt.render()).split())
            assert shown == step.text
            region = prompt.region
            assert region.height >= 1 and region.bottom <= size[1] and region.right <= size[0]
            await _advance(pilot, player, clock, step.seconds)
        assert player.query_one("#player-body", ContentSwitcher).current == "closing-view"
        assert "at your own pace" in str(player.query_one("#closing", Static).render())
        await pilot.press("enter")
        await pilot.pause()
    assert results and results[0].completed


async def test_in_projector_mode_space_moves_the_player_on_and_p_pauses(make_test_app):
    """Projector mode's one key works in the player too (as the README says): space and enter move the
    room to the next prompt or breath and past the closing words; p pauses and resumes."""
    app = make_test_app(projector=True)
    results: list[PlayerOutcome] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        player, clock = await _push_player(app, pilot, "paced-breathing", results)
        prompt = player.query_one("#prompt", Static)
        assert "Find a position" in str(prompt.render())
        await pilot.press("space")
        await pilot.pause()
        assert not player.session.paused
        assert "Find a position" not in str(prompt.render())  # the next prompt
        await pilot.press("enter")
        await pilot.pause()
        assert player.session.position > 0 and not player.session.paused

        await pilot.press("p")
        assert player.session.paused
        assert "Press P to carry on" in str(player.query_one("#player-status", Static).render())
        await _advance(pilot, player, clock, 30)
        position = player.session.position
        await _advance(pilot, player, clock, 30)
        assert player.session.position == position  # paused: the clock does not move it on
        await pilot.press("p")
        assert not player.session.paused

        shown = {b.binding.key: b.binding.description for b in app.active_bindings.values() if b.enabled and b.binding.show}
        assert shown.get("p") == "Pause / resume" and shown.get("space") == "Next"
        assert "n" not in shown  # one key moves the room on: space (n would be a second "Next")

        player.session.finish()
        player.show_state()
        await pilot.pause()
        await pilot.press("space")  # past the closing words
        await pilot.pause()
        assert app.screen is not player
    assert results and not results[0].left


async def test_outside_projector_mode_space_pauses_the_player_and_p_does_nothing(make_test_app):
    app = make_test_app()
    results: list[PlayerOutcome] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        player, _clock = await _push_player(app, pilot, "paced-breathing", results)
        await pilot.press("p")
        assert not player.session.paused
        await pilot.press("space")
        assert player.session.paused
        assert "Press Space to carry on" in str(player.query_one("#player-status", Static).render())


async def test_practice_answers_kept_when_a_write_fails_and_written_on_the_next_try(make_test_app, store, monkeypatch):
    """The run's answers go through store.drafts.Autosave: a failed write keeps them, Done stays until
    they are written, and the next try writes them all."""
    import coach.store.exercises as exercises
    from coach.store import StoreError

    real_update = exercises.update_exercise_run
    failing = {"on": False}

    def update(db, run_id, **fields):  # noqa: ANN001, ANN202
        if failing["on"]:
            raise StoreError("the disk is full")
        return real_update(db, run_id, **fields)

    monkeypatch.setattr(exercises, "update_exercise_run", update)
    app = make_test_app()
    results: list[int | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        app.push_screen(PracticeExerciseScreen("five-senses"), results.append)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await _settle(pilot)
        failing["on"] = True
        app.screen.session.tick(30)
        await pilot.press("f")
        await _settle(pilot)
        await pilot.press("6", "ctrl+s")  # distress after, then Done: the write fails, the screen stays
        await _settle(pilot)
        assert isinstance(app.screen, PracticeExerciseScreen) and results == []
        assert _runs(store)[0].distress_after is None
        failing["on"] = False
        await pilot.press("ctrl+s")
        await _settle(pilot)
    [run] = _runs(store)
    assert results == [run.id]
    assert (run.distress_after, run.seconds_completed >= 30, run.ended_at is not None) == (6, True, True)
