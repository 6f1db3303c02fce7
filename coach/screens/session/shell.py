"""The wizard's shell: loads the day, shows one step at a time under a step indicator, moves between steps
(keys and Back/Next), and hands every answer to autosave (coach.store.drafts.Autosave), which writes them
in order off the event loop. The session row records the step the wizard is on; the next start resumes
there, or opens the summary once the day is finished."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Static

from coach.domain.session import STEP_TITLES, STEPS, next_step, peg_due, previous_step
from coach.domain.session_steps import done_steps
from coach.domain.step_day import LOWER_TOLERANCE_SPAN, STEP_DAY_SPAN
from coach.screens.session.checkin import CheckInStep
from coach.screens.session.exercise import ExerciseStep
from coach.screens.session.goal import GoalStep
from coach.screens.session.reflection import ReflectionStep
from coach.screens.session.step import SessionData, StepContext, StepPane
from coach.screens.session.summary import SummaryStep
from coach.screens.staying_safe import StayingSafeKey, staying_safe_binding
from coach.store.drafts import Autosave
from coach.widgets.footer import CoachFooter
from coach.widgets.shown import clean
from coach.widgets.text_input import TextInput as Input

STEP_PANES: dict[str, type[StepPane]] = {
    "checkin": CheckInStep,
    "exercise": ExerciseStep,
    "goal": GoalStep,
    "reflection": ReflectionStep,
    "summary": SummaryStep,
}
# Keys for the first step's fields (and Ctrl+N) typed before it exists; anything printable is kept too.
KEYS_KEPT_WHILE_LOADING = frozenset(
    {"tab", "shift+tab", "left", "right", "up", "down", "enter", "space", "backspace", "delete", "home", "end",
     "ctrl+n"}
)
INDICATOR_TITLES = {"goal": "Goal"}  # short enough for all five steps on one line at 80 columns


class StepIndicator(Static):
    """The five steps in a line, the current one highlighted, finished ones ticked."""

    DEFAULT_CSS = "StepIndicator { height: auto; width: 1fr; }"

    _shown: tuple[str, frozenset[str]] | None = None

    def show(self, current: str, done: frozenset[str]) -> None:
        if self._shown == (current, done):
            return  # nothing changed: no repaint on every saved keystroke
        self._shown = (current, done)
        text = Text(no_wrap=False, overflow="fold")
        for index, step in enumerate(STEPS):
            if index:
                text.append(" › ", style="dim")
            title = INDICATOR_TITLES.get(step, STEP_TITLES[step])
            label = f"✓ {title}" if step in done else f"{index + 1} {title}"
            if step == current:
                text.append(label, style="bold reverse")
            else:
                text.append(label, style="" if step in done else "dim")
        self.update(text)


class SessionScreen(StayingSafeKey, Screen[None]):
    """Today's session. `step` opens a particular step (Home's "How did it go?" opens the reflection)."""

    CSS_PATH = ["session.tcss", "checkin.tcss", "exercise.tcss", "goal.tcss", "summary.tcss"]
    BINDINGS = [
        Binding("ctrl+n", "next", "Next step", id="session-next"),
        Binding("escape", "back", "Back", id="session-back"),
        # At the check-in on a step day: the learn card on staying safe while the dose comes down.
        staying_safe_binding("session-staying-safe"),
    ]

    def __init__(self, step: str | None = None) -> None:
        super().__init__()
        self._open_at = step
        self.step = step or "checkin"
        self.day = None
        self.data: SessionData | None = None
        # Answers are written in order by one writer off the event loop, held until the day is known.
        self._autosave = Autosave(
            self._write_answers, self._answers_written, held=True, start=self._run_writer, name="session-autosave"
        )
        self._load_started = False
        self._can_fill = False
        self._closing_for_new_day = False
        self._leave_unsaved = False  # set when leaving found answers unsaved: a second try leaves anyway
        self._keys_waiting: list[events.Key] = []  # typed before the answers were loaded: replayed once they are

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield StepIndicator(id="steps")
            yield Static("", id="saved")
        # Empty until the answers are loaded; each step's pane is added the first time it is shown.
        yield ContentSwitcher(id="panes")
        yield CoachFooter()

    # --- loading ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        # The app may announce the store before this screen mounts: whichever comes first loads.
        if self.data is None:
            self.query_one("#panes").loading = True
            self.query_one(StepIndicator).show(self.step, frozenset())
        # Ask for the store a frame later, once the screen has settled. Asked for during the mount, with
        # the store opening at once, this screen was not freed after closing (tests/tui/test_startup.py);
        # why is not understood (it was not the garbage collector's freeze: without any freeze it stayed too).
        self.call_after_refresh(self._widgets_ready)

    def _widgets_ready(self) -> None:
        self._can_fill = True
        self.app.use_store(self)

    def on_store_ready(self) -> None:
        if self._can_fill and not self._load_started:
            self._load_started = True
            self.load()

    @work(thread=True, exclusive=True, group="session-load")
    def load(self) -> None:
        from coach.content import load_exercises
        from coach.store.repo import start_or_resume_session
        from coach.domain.step_day import CheckinSigns, after_step_line
        from coach.store.queries.last_choice import last_choice
        from coach.store.sessions import active_ladder_items, last_peg_day, load_session, recent_checkin_signs
        from coach.store.queries.status import step_day_in

        day, now = self.app.today(), self.app.now()
        exercises = load_exercises()
        with self.app.store.session() as db:
            start_or_resume_session(db, day, now)  # opening the wizard starts today's session
        with self.app.store.session() as db:
            answers = load_session(db, day)
            last_peg = last_peg_day(db, day)
            ladder = active_ladder_items(db)
            step_down_days = step_day_in(db.connection(), day, LOWER_TOLERANCE_SPAN)
            recent = [CheckinSigns(d, pain, bool(signs)) for d, pain, signs in recent_checkin_signs(db, day)]
            choice = last_choice(db, day)
        peg_weekday = self.app.settings.get("peg_day")
        show_peg = peg_due(last_peg, day, peg_weekday) or answers.checkin.get("peg_pain") is not None
        data = SessionData(
            day=day,
            answers=answers,
            show_peg=show_peg,
            ladder=ladder,
            exercises=[(e.id, e.title, e.default_minutes) for e in exercises.values()],
            exercise_titles={e.id: e.title for e in exercises.values()},
            step_days_ago=step_down_days if step_down_days is not None and step_down_days < STEP_DAY_SPAN else None,
            step_down_days=step_down_days,
            after_step=after_step_line(recent, day, step_down_days),
            last_choice=choice,
        )
        self.app.call_from_thread(self._fill, data)

    def _fill(self, data: SessionData) -> None:
        self.data, self.day = data, data.day
        self.query_one("#panes").loading = False
        self._autosave.release()  # anything answered before the data arrived
        if self._open_at is not None:
            step = self._open_at
        else:
            # A finished day opens on its summary, wherever the wizard was last left.
            step = "summary" if data.answers.status == "done" else data.answers.current_step
        self._go(step, record=self._open_at is not None)

    def _step_context(self) -> StepContext:
        assert self.data is not None
        step_day = self.step_day_text(self.data.step_days_ago) if self._step_day_shown() else None
        return StepContext(
            data=self.data,
            record=self._record,
            save=self._save,
            flush=self._autosave.flush,
            flush_now=self._flush_now,
            step_day=step_day,
            staying_safe_key=self.staying_safe_key(),
        )

    # --- moving between steps ---------------------------------------------------------------
    def _go(self, step: str, *, record: bool = True) -> None:
        self.step = step
        self._show_indicator()
        self.refresh_bindings()  # the step-day key belongs to the check-in
        if record:
            self._save("session", "current_step", step)
        self.call_later(self._show_step, step)  # after the step's pane is built, if this is its first visit

    async def _show_step(self, step: str) -> None:
        if step != self.step:
            return  # already moved on
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query_children(f"#{step}"):
            pane = STEP_PANES[step](self._step_context())
            await switcher.add_content(pane)
            pane.fill()
        switcher.current = step
        pane = self.query_one(f"#{step}", StepPane)
        pane.on_shown()
        pane.scroll_home(animate=False)
        self.call_after_refresh(self._focus_first, pane)

    def _focus_first(self, pane: StepPane) -> None:
        first = pane.first_focus()
        if first is None:
            for widget in pane.query("*"):
                shown = widget.display and all(
                    node.display for node in widget.ancestors_with_self if pane in node.ancestors
                )
                if shown and widget.focusable:
                    first = widget
                    break
        if first is not None:
            self.set_focus(first)
        keys, self._keys_waiting = self._keys_waiting, []
        for key in keys:  # to the app, as from the terminal: applied in order where focus is by then
            replayed = events.Key(key.key, key.character)
            replayed.set_sender(self.app)
            self.app.post_message(replayed)

    def on_key(self, event: events.Key) -> None:
        """While the day loads there is no field to take a key: keep what is typed (and Ctrl+N) for the
        first step. Esc, F1 and the app's own keys work at once."""
        if self.data is None and (event.is_printable or event.key in KEYS_KEPT_WHILE_LOADING):
            self._keys_waiting.append(event)
            event.stop()
            event.prevent_default()

    def _show_indicator(self) -> None:
        answers = self.data.answers if self.data is not None else None
        done = (
            done_steps(answers.checkin, len(answers.runs), answers.goal, answers.reflection)
            if answers is not None
            else frozenset()
        )
        self.query_one(StepIndicator).show(self.step, done)

    def on_step_pane_progressed(self) -> None:
        self._show_indicator()

    def action_advance(self) -> None:
        """Projector mode's one key (space/enter when no field takes it, see CoachApp.action_advance)."""
        self.action_next()

    @staticmethod
    def _step_after(step: str) -> str:
        """Where Next goes: the goal's Next is the summary (the reflection comes later in the day)."""
        return "summary" if step == "goal" else next_step(step)

    def action_next(self) -> None:
        if self.data is None:
            return
        if self.step == "summary":
            self.action_finish()
        else:
            self._go(self._step_after(self.step))

    def _step_day_shown(self) -> bool:
        """The step-day line shows on a step day, except to a room (taper steps are private)."""
        return self.data is not None and self.data.step_days_ago is not None and not self.app.shown.hide_private

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The card's key is offered at the check-in on a step day, and wherever a step shows the
        # lower-tolerance line under an extra or early dose.
        if action == "staying_safe":
            return self.step == "checkin" and self._step_day_shown() or self._lower_tolerance_line_shown()
        return True

    def _lower_tolerance_line_shown(self) -> bool:
        panes = self.query_one(ContentSwitcher).query_children(f"#{self.step}") if self.data is not None else []
        return any(isinstance(pane, StepPane) and pane.lower_tolerance_line_shown for pane in panes)

    def action_back(self) -> None:
        if self.data is None:
            self.dismiss()
            return
        before = previous_step(self.step)
        if before is None or self.step == "reflection" and self._open_at == "reflection":
            self.action_finish()
        else:
            self._go(before)

    def action_finish(self) -> None:
        """Leave the wizard, once every answer given is written. If the journal cannot take them now (a
        server that stopped answering, a full disk), stay: the answers are kept here and tried again with
        the next answer or the next try to leave; leaving anyway takes a second press."""
        error = self._autosave.flush()
        if error and not self._leave_unsaved:
            self._leave_unsaved = True
            self.query_one("#saved", Static).update("Not saved yet: your answers are kept here")
            self.notify(
                f"Not saved yet: {clean(error)}. Your answers are kept on this screen and tried again with your "
                "next answer. Press Esc again to leave without them.",
                severity="error", timeout=12, markup=False,
            )
            return
        self.dismiss()

    @on(Button.Pressed, ".next")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next()

    @on(Button.Pressed, ".back")
    def _back_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    @on(Button.Pressed, ".reflect")
    def _reflect_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._go("reflection")

    @on(Button.Pressed, ".finish")
    def _finish_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_finish()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    # --- saving answers as they are given ---------------------------------------------------
    def _record(self, part: str, name: str, value: Any) -> None:
        """An answer given in a step: what the wizard shows now, and saved soon."""
        if self.data is not None:
            getattr(self.data.answers, part)[name] = value
        self._save(part, name, value)

    def _save(self, part: str, name: str, value: Any) -> None:
        if self.day is not None and self.app.today() != self.day:
            self._new_day()
            return
        self._leave_unsaved = False
        self._autosave.give(part, name, value)

    def _run_writer(self, writer: Callable[[], None]) -> None:
        """The autosave's writer runs as a thread worker, so the app (and its tests) can wait for it."""
        self.run_worker(writer, thread=True, group="autosave")

    def _write_answers(self, batch: dict[str, dict[str, Any]]) -> None:
        """One transaction for a batch of answers (in the writer's thread)."""
        from coach.store.sessions import save_answers

        with self.app.store.session() as db:
            save_answers(db, self.day, self.app.now(), batch)

    def _answers_written(self, error: str | None) -> None:
        # A message, not call_from_thread: the writer never waits on the UI, even while the app closes.
        self.post_message(self.AnswersSaved(error))

    def _new_day(self) -> None:
        """The day changed while the wizard was open: yesterday's session stays as it was."""
        if self._closing_for_new_day:
            return
        self._closing_for_new_day = True
        self.notify("A new day has started. Yesterday's session is kept as it was; here is today's.", timeout=6)
        self._flush_now()
        self.dismiss()
        self.app.call_later(self.app.run_action, "start_session")

    def _flush_now(self) -> None:
        """On leaving: write what is still pending before the screen goes (a few ms, once)."""
        error = self._autosave.flush()
        if error:
            self.notify(f"Could not save your last answer: {clean(error)}", severity="error", timeout=8, markup=False)

    def on_unmount(self) -> None:
        self._autosave.flush()

    # --- quitting with answers the journal could not take (asked by the app's quit) -----------
    def unsaved_answers(self) -> tuple[int, str]:
        """(how many answers are still not written after one more try, why), for the question on quit."""
        from coach.store.recovery import answer_count

        error = self._autosave.flush()
        count = answer_count(self._autosave.pending()) if self.day is not None else 0
        return count, clean(error or "the journal cannot take them now")

    def keep_unsaved_answers(self) -> str | None:
        """Write the answers still not saved to the recovery file (offered again at the next start); the
        problem in one line if even that fails, else None."""
        from coach.outputs import OutputError
        from coach.store.recovery import keep_unsaved

        batch = self._autosave.pending()
        if self.day is None or not batch:
            return None
        try:
            keep_unsaved(self.app.store.target, self.day, batch, self.app.now())
        except (OutputError, OSError) as exc:
            return str(exc)
        self._autosave.discard()  # kept in the file now: not written again on the way out
        return None

    @dataclass
    class AnswersSaved(Message):
        """The writer finished a round: `error` is None when every answer given so far is saved."""

        error: str | None

    def on_session_screen_answers_saved(self, message: AnswersSaved) -> None:
        if message.error:
            self.query_one("#saved", Static).update("Not saved yet: will retry with your next answer")
            self.notify(f"Could not save: {clean(message.error)}", severity="error", timeout=8, markup=False)
            return
        saved = self.query_one("#saved", Static)
        if saved.content != "✓ saved":
            saved.update("✓ saved")
        if self.step != "summary":
            self._show_indicator()
