"""One exercise from start to end: intro and distress before, the player, distress after; saved as it goes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Static

from coach.content import load_exercises
from coach.domain.durations import format_duration, planned_length
from coach.domain.questions import DISTRESS_AFTER, DISTRESS_BEFORE
from coach.domain.scales import SCALE_ENDS
from coach.screens.player import PlayerOutcome, PlayerScreen
from coach.store.drafts import Autosave
from coach.widgets.footer import CoachFooter
from coach.widgets.scale import ScaleInput
from coach.widgets.shown import clean


class PracticeExerciseScreen(Screen[int | None]):
    """Dismisses with the saved ExerciseRun id, or None if the person went back before starting."""

    CSS_PATH = "practice.tcss"
    BINDINGS = [
        Binding("ctrl+s", "primary", "Start / save", id="practice-primary"),
        Binding("escape", "back", "Back", id="practice-back"),
    ]

    def __init__(self, exercise_id: str, *, minutes: float | None = None, session_id: int | None = None) -> None:
        super().__init__()
        self.exercise = load_exercises()[exercise_id]
        self.minutes = minutes
        self.session_id = session_id
        self.run_id: int | None = None
        self.started = False
        self.outcome: PlayerOutcome | None = None
        # Each answer is written in the order given, off the event loop (the run is created by the first).
        self._autosave = Autosave(self._write_run, self._run_written, start=self._run_writer, name="practice-autosave")
        self._dismissed = False

    def compose(self) -> ComposeResult:
        exercise = self.exercise
        length = planned_length(exercise, self.minutes)
        with ContentSwitcher(initial="before", id="practice-steps"):
            with VerticalScroll(id="before"):
                yield Static(exercise.title, classes="practice-title")
                yield Static(f"{exercise.summary} ({length.capitalize()}.)", classes="practice-summary")
                yield Static(exercise.intro, classes="practice-text")
                yield ScaleInput(
                    0,
                    10,
                    label=DISTRESS_BEFORE,
                    ends=SCALE_ENDS["distress"],
                    id="distress-before",
                )
                yield Static("You can skip this question.", classes="practice-hint")
                with Center():
                    yield Button("Start the exercise", id="start", variant="primary")
                yield Static("Sources: " + "; ".join(exercise.sources), classes="practice-sources")
            with VerticalScroll(id="after"):
                yield Static(exercise.title, classes="practice-title")
                yield Static("", id="after-summary", classes="practice-summary")
                yield ScaleInput(
                    0,
                    10,
                    label=DISTRESS_AFTER,
                    ends=SCALE_ENDS["distress"],
                    id="distress-after",
                )
                yield Static("", id="before-reminder", classes="practice-hint")
                with Horizontal(id="after-buttons"):
                    yield Button("Done", id="done", variant="primary")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#distress-before", ScaleInput).focus()

    # --- the flow -----------------------------------------------------------------------------
    def action_primary(self) -> None:
        if not self.started:
            self.query_one("#start", Button).press()
        elif self.outcome is not None:
            self.query_one("#done", Button).press()

    def action_advance(self) -> None:
        """Projector mode's one key (space): the same as ctrl+s, so a room moves on with one key."""
        self.action_primary()

    @on(Button.Pressed, "#start")
    async def start_exercise(self) -> None:
        if self.started:
            return
        self.started = True  # before waiting, so a second press cannot start a second run
        # (projector mode on own data records nothing, so needs no store; if it cannot open, the app says why)
        if self.app.recording and not await self.app.store_opens():
            return
        self._save(
            exercise_id=self.exercise.id,
            started_at=self.app.now(),
            day=self.app.today(),  # a run started outside the daily session still belongs to today
            session_id=self.session_id,
            distress_before=self.query_one("#distress-before", ScaleInput).value,
        )
        player = PlayerScreen(self.exercise.id, self.minutes, on_progress=self._progress)
        self.app.push_screen(player, self._player_done)

    def _progress(self, seconds: int) -> None:
        self._save(seconds_completed=seconds)

    def _player_done(self, outcome: PlayerOutcome | None) -> None:
        assert outcome is not None
        self.outcome = outcome
        self._save(ended_at=self.app.now(), seconds_completed=outcome.seconds_completed, completed=outcome.completed)
        if outcome.left:
            self._leave()
            return
        done = "You did the whole exercise." if outcome.completed else "You stopped early, and that is fine."
        kept = "" if self.app.recording else " Nothing was recorded (projector mode)."
        self.query_one("#after-summary", Static).update(
            f"{done} Time practised: {format_duration(outcome.seconds_completed)}.{kept}"
        )
        before = self.query_one("#distress-before", ScaleInput).value
        if before is not None:
            self.query_one("#before-reminder", Static).update(f"Before the exercise you said {before}.")
        self.query_one("#practice-steps", ContentSwitcher).current = "after"
        self.query_one("#distress-after", ScaleInput).focus()

    @on(ScaleInput.Changed, "#distress-after")
    def _after_changed(self, event: ScaleInput.Changed) -> None:
        self._save(distress_after=event.value)

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self._leave()

    def action_back(self) -> None:
        if not self.started:
            self.dismiss(None)
        elif self.outcome is not None:
            self._leave()

    def _leave(self) -> None:
        """Dismiss with the run id once every answer given has been written (a few ms, once)."""
        error = self._autosave.flush()
        if error or self._autosave.pending():
            # Stay, so the answers are not dropped silently: the message says why; Done tries again.
            self._not_saved(error or "the database was busy")
            return
        if not self._dismissed:
            self._dismissed = True
            self.dismiss(self.run_id)

    def on_unmount(self) -> None:
        self._autosave.flush()

    # --- saving (coach.store.drafts.Autosave does the writing) -----------------------------------
    def _save(self, **fields: Any) -> None:
        for name, value in fields.items():
            self._autosave.give("run", name, value)

    def _run_writer(self, writer: Callable[[], None]) -> None:
        self.run_worker(writer, thread=True, group="practice-save")

    def _write_run(self, batch: dict[str, dict[str, Any]]) -> None:
        """One transaction for the answers given since the last write (in the writer's thread)."""
        from coach.store import StoreError
        from coach.store.exercises import create_exercise_run, update_exercise_run

        if not self.app.recording:  # projector mode on own data: the room's run is not the person's journal
            return
        rest = dict(batch.get("run", {}))
        try:
            with self.app.store.session() as db:
                run_id = self.run_id
                if run_id is None:
                    run_id = create_exercise_run(
                        db,
                        rest.pop("exercise_id"),
                        rest.pop("started_at"),
                        day=rest.pop("day"),
                        session_id=rest.pop("session_id"),
                        distress_before=rest.pop("distress_before"),
                    )
                if rest:
                    update_exercise_run(db, run_id, **rest)
        except StoreError as error:
            raise ValueError(str(error)) from None  # kept and tried again with the next answer
        self.run_id = run_id

    def _run_written(self, error: str | None) -> None:
        if error:
            # A message, not call_from_thread: the writer never waits on the screen.
            self.post_message(self.NotSaved(error))

    @dataclass
    class NotSaved(Message):
        error: str

    def on_practice_exercise_screen_not_saved(self, message: NotSaved) -> None:
        self._not_saved(message.error)

    def _not_saved(self, error: str) -> None:
        self.notify(f"Could not save yet: {clean(error)}. Your answers are kept; try again.", severity="error",
                    markup=False)
