"""The exercise player: large prompts or the breathing pacer, a timer, pause, skip, finish and back."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, ProgressBar, Static

from coach.content import load_exercises
from coach.domain.durations import format_duration
from coach.domain.exercise_session import ExerciseSession, format_clock
from coach.widgets.footer import CoachFooter
from coach.widgets.pacer import BreathingPacer

# Frames a second while the pacer moves; prompts and reduced motion only need the clock to tick.
ANIMATION_FPS = 12
CALM_FPS = 4
# How often the time practised is handed to `on_progress`, so a crash loses at most this much.
PROGRESS_EVERY_SECONDS = 15


@dataclass(frozen=True)
class PlayerOutcome:
    """What happened in the player. `left` is True when the person chose Back rather than finishing."""

    seconds_completed: int
    completed: bool
    left: bool = False


class LeaveExerciseScreen(ModalScreen[bool]):
    """Asks before leaving mid-exercise, and says that what was practised is kept."""

    CSS_PATH = "player.tcss"
    BINDINGS = [
        Binding("escape", "stay", "Keep going", id="leave-stay"),
        Binding("y", "leave", "Leave", id="leave-confirm"),
        # A modal screen blocks the app's own keys, so Help is bound here too.
        Binding("f1,question_mark", "app.help", "Help", id="leave-help"),
    ]

    def __init__(self, practised: int) -> None:
        super().__init__()
        self._practised = practised

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-dialog"):
            yield Static("Leave this exercise?", id="leave-title")
            yield Static(
                f"Nothing is lost: the {format_duration(self._practised)} you practised is kept.",
                id="leave-body",
            )
            with Horizontal(id="leave-buttons"):
                yield Button("Leave", id="leave", variant="primary")
                yield Button("Keep going", id="stay")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(False)


class PlayerScreen(Screen[PlayerOutcome]):
    """Plays one exercise. `clock` (seconds, monotonic) is for tests and snapshots that freeze time;
    `on_progress(seconds_completed)` is called every PROGRESS_EVERY_SECONDS of practice (for saving)."""

    CSS_PATH = "player.tcss"
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause / resume", id="player-pause"),
        # Projector mode: space (like enter) moves the room on, as on every screen there, so p pauses.
        Binding("p", "toggle_pause_for_room", "Pause / resume", id="player-pause-projector"),
        Binding("n,right", "skip", "Next", id="player-skip"),
        Binding("f", "finish", "Finish", id="player-finish"),
        Binding("enter", "done", "Continue", id="player-done"),
        Binding("escape", "back", "Back", id="player-back"),
    ]

    def __init__(
        self,
        exercise_id: str,
        minutes: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_progress = on_progress
        self._reported = 0
        self.exercise = load_exercises()[exercise_id]
        self.session = ExerciseSession(self.exercise, minutes)
        self._clock = clock
        self._last = clock()
        self._timer: Timer | None = None
        self._fps = 0
        self._hidden = False
        self._shown_clock = ""
        self._shown_prompt = ""
        self._shown_flags: tuple[bool, bool] | None = None

    @property
    def reduced_motion(self) -> bool:
        return bool(self.app.settings.get("reduced_motion", False))

    def compose(self) -> ComposeResult:
        with Horizontal(id="player-top"):
            yield Static(self.exercise.title, id="player-title")
            yield Static("", id="player-clock")
        yield ProgressBar(total=self.session.total, show_eta=False, show_percentage=False, id="player-progress")
        with ContentSwitcher(initial="prompt-view", id="player-body"):
            with Vertical(id="prompt-view"):
                yield Static("", id="prompt")
                yield Static("", id="prompt-step")
            yield BreathingPacer(reduced_motion=self.reduced_motion, id="breath-view")
            with Vertical(id="closing-view"):
                yield Static(self.exercise.closing, id="closing")
                yield Static("Press Enter to continue.", id="closing-hint")
        yield Static("", id="player-status")
        yield CoachFooter()

    def on_mount(self) -> None:
        self._last = self._clock()
        self.show_state()

    # --- time ---------------------------------------------------------------------------------
    def _wanted_fps(self) -> int:
        if self._hidden or self.session.paused or self.session.finished:
            return 0
        if self.session.current.kind == "breath" and not self.reduced_motion:
            return ANIMATION_FPS
        return CALM_FPS

    def _set_rate(self) -> None:
        fps = self._wanted_fps()
        if fps == self._fps:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._fps = fps
        if fps:
            self._last = self._clock()
            self._timer = self.set_interval(1 / fps, self._frame, name="player-frame")

    def _frame(self) -> None:
        now = self._clock()
        self.session.tick(max(0.0, now - self._last))
        self._last = now
        self.show_state()
        done = self.session.seconds_completed
        if self._on_progress is not None and done - self._reported >= PROGRESS_EVERY_SECONDS:
            self._reported = done
            self._on_progress(done)

    def on_screen_suspend(self) -> None:
        # Hidden behind Help or a dialog: the exercise waits where it is, and nothing is drawn.
        self._hidden = True
        self._set_rate()

    def on_screen_resume(self) -> None:
        self._hidden = False
        self._set_rate()

    # --- drawing ------------------------------------------------------------------------------
    def show_state(self) -> None:
        session = self.session
        clock = f"{format_clock(session.position)} / {format_clock(session.total)}"
        if clock != self._shown_clock:
            self._shown_clock = clock
            self.query_one("#player-clock", Static).update(clock)
            self.query_one("#player-progress", ProgressBar).update(progress=session.position)
        switcher = self.query_one("#player-body", ContentSwitcher)
        segment = session.current
        view = "closing-view" if session.finished else f"{segment.kind}-view"
        if switcher.current != view:
            switcher.current = view
        if session.finished:
            pass  # the closing words are already in place
        elif segment.kind == "prompt":
            if segment.text != self._shown_prompt:
                self._shown_prompt = segment.text
                self.query_one("#prompt", Static).update(segment.text)
                prompts = [s for s in session.segments if s.kind == "prompt"]
                self.query_one("#prompt-step", Static).update(f"{prompts.index(segment) + 1} of {len(prompts)}")
        else:
            cycle = f"Breath {segment.cycle} of {session.cycles}"
            self.query_one(BreathingPacer).show_breath(segment.phase, session.pacer_level, session.count, cycle)
        flags = (session.paused, session.finished)
        if flags != self._shown_flags:
            # Status and the footer's keys change only with pause and finish, never per frame.
            self._shown_flags = flags
            self.query_one("#player-status", Static).update(self._status_text())
            self.refresh_bindings()
        self._set_rate()

    def _status_text(self) -> str:
        if self.session.finished:
            return ""
        if self.session.paused:
            return f"Paused. Press {'P' if self.app.projector else 'Space'} to carry on."
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        finished = self.session.finished
        if action == "done":
            return finished
        # In projector mode the app's space/enter "Next" (action_advance below) stands for pause's space and n.
        projector = self.app.projector
        if action in ("toggle_pause", "skip"):
            return not finished and not projector
        if action == "toggle_pause_for_room":
            return not finished and projector
        if action == "finish":
            return not finished
        return True

    # --- actions ------------------------------------------------------------------------------
    def outcome(self, *, left: bool = False) -> PlayerOutcome:
        return PlayerOutcome(self.session.seconds_completed, self.session.completed, left)

    def action_toggle_pause(self) -> None:
        self._frame()  # count the time up to the key press before stopping the clock
        self.session.toggle_pause()
        self.show_state()

    def action_toggle_pause_for_room(self) -> None:
        self.action_toggle_pause()

    def action_advance(self) -> None:
        """Projector mode's one key (space or enter, through the app): the next prompt or breath, and on
        the closing words, continue."""
        if self.session.finished:
            self.action_done()
        else:
            self.action_skip()

    def action_skip(self) -> None:
        self._frame()
        self.session.skip()
        self.show_state()

    def action_finish(self) -> None:
        self._frame()
        self.session.finish()
        self.dismiss(self.outcome())

    def action_done(self) -> None:
        if self.session.finished:
            self.dismiss(self.outcome())

    def action_back(self) -> None:
        if self.session.finished:
            self.dismiss(self.outcome())
            return
        self._frame()

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.session.finish()
                self.dismiss(self.outcome(left=True))

        self.app.push_screen(LeaveExerciseScreen(self.session.seconds_completed), leave)
