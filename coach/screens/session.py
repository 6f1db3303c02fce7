"""The daily session wizard: check-in → exercise → exposure goal → (later) reflection → summary.

Every answer is saved the moment it is given, in a thread worker, so typing never waits on the
database and a closed terminal loses at most the field being edited. The session row records the
step the wizard is on, and the next start resumes there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
)
from textual.widget import Widget
from textual.widgets.option_list import Option

from coach.domain.scales import PEG_QUESTIONS, SCALE_ENDS
from coach.domain.session import (
    AMOUNT_UNITS,
    DOSE_TIMING_CHOICES,
    STEP_TITLES,
    STEPS,
    WARNING_SIGNS,
    WITHDRAWAL_SIGNS,
    next_step,
    peg_due,
    previous_step,
    suggest_exercise,
)
from coach.store.drafts import Autosave
from coach.screens.staying_safe import StayingSafeKey, staying_safe_binding
from coach.themes import HIDDEN_IN_PROJECTOR
from coach.widgets.footer import CoachFooter
from coach.widgets.scale import ScaleInput
from coach.widgets.shown import SHOW_ALL, Shown, clean, literal
from coach.widgets.text_input import TextInput as Input  # keeps every line of a paste

# Each rating on screen: widget id → (part, field, label, ends key).
CHECKIN_SCALES = (
    ("pain", "Pain right now", "pain"),
    ("tolerability", "How bearable is it right now?", "tolerability"),
    ("distress", "Alarm or distress right now", "distress"),
    ("sleep", "Sleep last night", "sleep"),
    ("mood", "Mood today", "mood"),
)
# The PEG's three items: (widget id, short label on the scale, ends key, the item in its published
# wording (Krebs et al. 2009), shown above the scale).
# (widget id, label, scale id for its ends, the published question)
PEG_SCALES = tuple((key, label, key, question) for key, label, question in PEG_QUESTIONS)
OUTCOMES = (("fully", "I did it"), ("partly", "I did part of it"), ("not_today", "Not today"))
NEXT_STEPS = (("repeat", "Repeat it"), ("step_up", "Step up a little"), ("step_down", "Step down a little"))
EXTRA_DOSE = (("no", "No extra dose"), ("yes", "I took an extra dose"))

RED_FLAG_HINT = "These need help now, not practice. Ticking one opens Help and safety."
RED_FLAG_TICKED = (
    "Please get help with this first: F1 opens Help and safety again. Today's practice can wait; "
    "your answers are saved."
)

PAIN_ENDS = SCALE_ENDS["pain"]
TOLERABILITY_ENDS = SCALE_ENDS["tolerability"]
HAPPENED_ENDS = ("0% = it didn't happen at all", "100% = it happened just as feared")
DIFFICULTY_ENDS = SCALE_ENDS["difficulty"]

# Widget id → (part, field) for every control whose value is saved as it changes.
SCALE_FIELDS: dict[str, tuple[str, str]] = {
    **{wid: ("checkin", wid) for wid, _, _ in CHECKIN_SCALES},
    **{wid: ("checkin", wid) for wid, _, _, _ in PEG_SCALES},
    "predicted_peak_pain": ("goal", "predicted_peak_pain"),
    "predicted_tolerability": ("goal", "predicted_tolerability"),
    "feared_likelihood": ("goal", "feared_likelihood"),
    "actual_peak_pain": ("reflection", "actual_peak_pain"),
    "actual_tolerability": ("reflection", "actual_tolerability"),
    "feared_happened": ("reflection", "feared_happened"),
}
TEXT_FIELDS: dict[str, tuple[str, str]] = {
    "note": ("checkin", "note"),
    "goal-text": ("goal", "text"),
    "feared_outcome": ("goal", "feared_outcome"),
    "noticed": ("reflection", "noticed"),
    "response_practised": ("reflection", "response_practised"),
    "extra_dose_note": ("reflection", "extra_dose_note"),
}
RADIO_FIELDS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "dose_timing": ("checkin", "dose_timing", DOSE_TIMING_CHOICES),
    "amount_unit": ("goal", "amount_unit", AMOUNT_UNITS),
    "outcome": ("reflection", "outcome", OUTCOMES),
    "extra_dose": ("reflection", "extra_dose", EXTRA_DOSE),
    "next_step": ("reflection", "next_step", NEXT_STEPS),
}


@dataclass
class SessionData:
    """What the wizard loads once the store is open."""

    day: date
    answers: Any  # coach.store.sessions.SessionAnswers
    show_peg: bool
    ladder: list[tuple[int, str, int]]
    exercises: list[tuple[str, str, float]]  # (id, title, default minutes)
    exercise_titles: dict[str, str] = field(default_factory=dict)
    step_days_ago: int | None = None  # a taper step down started this many days ago (0-2), else None


def _radio_set(widget_id: str, choices: tuple[tuple[str, str], ...]) -> RadioSet:
    return RadioSet(*(RadioButton(label, name=value) for value, label in choices), id=widget_id)


def _scale(widget_id: str, label: str, ends: tuple[str, str], low: int = 0, high: int = 10, **kw: Any) -> ScaleInput:
    return ScaleInput(low, high, label=label, ends=ends, id=widget_id, **kw)


INDICATOR_TITLES = {"goal": "Goal"}  # short enough for all five steps on one line at 80 columns


class StepIndicator(Static):
    """The five steps in a line, the current one highlighted, finished ones ticked."""

    DEFAULT_CSS = "StepIndicator { height: auto; width: 1fr; }"

    _shown: tuple[str, frozenset[str]] | None = None

    def show(self, current: str, done: set[str]) -> None:
        if self._shown == (current, frozenset(done)):
            return  # nothing changed: no repaint on every saved keystroke
        self._shown = (current, frozenset(done))
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


class StepPane(VerticalScroll):
    """One step's form. Built the first time its step is shown, so the screen holds only the steps the
    person has reached (every widget costs work on each key press: layout, focus, the garbage collector)."""

    def __init__(self, step: str, build: Callable[[], ComposeResult]) -> None:
        super().__init__(id=step, classes="pane")
        self._build = build

    def compose(self) -> ComposeResult:
        yield from self._build()


class SessionScreen(StayingSafeKey, Screen[None]):
    """Today's session. `step` opens a particular step (Home's "How did it go?" opens the reflection)."""

    CSS_PATH = "session.tcss"
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
        self.day: date | None = None
        self.data: SessionData | None = None
        # Answers are written in order by one writer off the event loop, held until the day is known.
        self._autosave = Autosave(
            self._write_answers, self._answers_written, held=True, start=self._run_writer, name="session-autosave"
        )
        self._ladder_by_id: dict[int, str] = {}
        self._runs: list[dict[str, Any]] = []
        self._warning_shown = False
        self._load_started = False
        self._can_fill = False
        self._closing_for_new_day = False

    # --- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield StepIndicator(id="steps")
            yield Static("", id="saved")
        # Empty until the answers are loaded; each step's pane is added the first time it is shown.
        yield ContentSwitcher(id="panes")
        yield CoachFooter()

    def _new_pane(self, step: str) -> StepPane:
        build = {
            "checkin": self._checkin_widgets,
            "exercise": self._exercise_widgets,
            "goal": self._goal_widgets,
            "reflection": self._reflection_widgets,
            "summary": self._summary_widgets,
        }[step]
        return StepPane(step, build)

    @property
    def _masked(self) -> bool:
        """Text fields show dots instead of the person's words when a room is watching (projector mode)."""
        return self.app.shown.hides("words")

    def _private(self, widget: Widget, kind: str) -> ComposeResult:
        """A question whose answer is private: in projector mode on own data it is neither shown nor asked."""
        hidden = self.app.shown.hides(kind)
        widget.display = not hidden
        yield widget
        if hidden:
            yield Static(HIDDEN_IN_PROJECTOR, classes="hint")

    def _checkin_widgets(self) -> ComposeResult:
        """How today is: five ratings, medication timing, signs to watch, the weekly PEG, a note."""
        yield Static(
            "A quick look at how today is. Use ← → or a number key to answer, Tab to move on. "
            "Every answer is saved as you go; skip anything you like.",
            classes="intro",
        )
        yield Static("", id="step-day", classes="step-day")
        for wid, label, ends in CHECKIN_SCALES:
            yield _scale(wid, label, SCALE_ENDS[ends])
        yield Static("Your medication timing today, compared with your usual schedule", classes="question")
        yield from self._private(_radio_set("dose_timing", DOSE_TIMING_CHOICES), "dose_timing")
        yield Static("Any of these today? (Space ticks)", classes="question")
        yield Static(
            "Common withdrawal signs. If they are new or getting stronger, tell your prescriber.",
            classes="hint",
        )
        yield from self._private(
            SelectionList[str](*((label, key) for key, label in WITHDRAWAL_SIGNS), id="withdrawal_signs"), "signs"
        )
        yield Static("Any of these right now?", classes="question")
        yield Static(RED_FLAG_HINT, id="red-flag-hint", classes="hint")
        yield from self._private(
            SelectionList[str](*((label, key) for key, label in WARNING_SIGNS), id="red_flags"), "signs"
        )
        with Vertical(id="peg"):
            yield Static("Once a week: three questions about the past 7 days", classes="question")
            for wid, label, ends, item in PEG_SCALES:
                yield Static(item, classes="peg-item")
                yield _scale(wid, label, SCALE_ENDS[ends])
        yield Static("Anything else about today? (optional)", classes="question")
        yield Input(placeholder="A few words, if you like", id="note", max_length=4000, password=self._masked)
        yield from self._nav("checkin")

    def _exercise_widgets(self) -> ComposeResult:
        """A few minutes of practice before the goal; the list is filled when the step is shown."""
        yield Static(
            "A few minutes of practice to settle the alarm before today's goal. "
            "Choose one with ↑ ↓ and Enter, or go on without one.",
            classes="intro",
        )
        yield Static("", id="suggestion", classes="hint")
        yield OptionList(id="exercise-list")
        yield Static("", id="runs")
        yield from self._nav("exercise")

    def _goal_widgets(self) -> ComposeResult:
        """Today's exposure goal: the activity, how much, and the prediction made before it."""
        yield Static(
            "Choose one activity you have been avoiding, sized so it feels a stretch but doable today.",
            classes="intro",
        )
        with Vertical(id="ladder-choice"):
            yield Static("From your ladder", classes="question")
            yield Select[int]([], prompt="Choose an activity from your ladder", id="ladder")
            yield Static("Or in your own words", classes="question")
        yield Static(
            "In your own words (you can add it to your ladder, the list of activities you are "
            "working up to)",
            id="goal-text-label",
            classes="question",
        )
        yield Input(
            placeholder="e.g. walk to the post box and back", id="goal-text", max_length=200, password=self._masked
        )
        with Vertical(id="ladder-add"):
            yield _scale(
                "ladder-difficulty", "To add it to your ladder: how hard does it feel?", DIFFICULTY_ENDS,
                0, 100, step=5,
            )
            yield Button("Add it to my ladder", id="save-to-ladder")
        yield Static("How much? (optional)", classes="question")
        with Horizontal(id="amount-row"):
            yield Input(placeholder="amount", type="number", id="planned_amount", max_length=8)
            yield _radio_set("amount_unit", AMOUNT_UNITS)
        yield Static("Before you start, your prediction", classes="question")
        yield _scale("predicted_peak_pain", "Highest pain you expect during it", PAIN_ENDS)
        yield _scale("predicted_tolerability", "How bearable you expect it to be", TOLERABILITY_ENDS)
        yield Static("What are you afraid might happen?", classes="question")
        yield Input(placeholder="in your own words", id="feared_outcome", max_length=2000, password=self._masked)
        yield _scale(
            "feared_likelihood", "How likely does that feel?", SCALE_ENDS["feared_likelihood"], 0, 100, step=5,
            unit="%",
        )
        yield Static(
            "Practise on the medicine plan you and your prescriber agreed (for doses taken only when "
            "needed, follow what you agreed): the aim is to learn what you can do with the pain as it "
            "is, not to time a dose around the activity.",
            classes="note",
        )
        yield from self._nav("goal")

    def _reflection_widgets(self) -> ComposeResult:
        """How the goal went, beside what was predicted."""
        yield Static("", id="reflection-goal", classes="intro")
        yield Static("How did it go? Any answer is fine: each one teaches you something.", classes="question")
        yield _radio_set("outcome", OUTCOMES)
        yield _scale("actual_peak_pain", "Highest pain during it", PAIN_ENDS)
        yield _scale("actual_tolerability", "How bearable it was", TOLERABILITY_ENDS)
        yield _scale("feared_happened", "Did what you feared happen?", HAPPENED_ENDS, 0, 100, step=5, unit="%")
        yield Static("What did you notice?", classes="question")
        yield Input(
            placeholder="in your body, your thoughts, around you", id="noticed", max_length=4000, password=self._masked
        )
        yield Static("What did you practise doing differently?", classes="question")
        yield Input(placeholder="e.g. slowed my breathing, kept going gently", id="response_practised",
                    max_length=2000, password=self._masked)
        yield Static("Any extra dose today? This is only information for your prescriber.", classes="question")
        yield from self._private(_radio_set("extra_dose", EXTRA_DOSE), "dose_timing")
        yield Input(placeholder="anything about it to tell your prescriber (optional)", id="extra_dose_note",
                    max_length=2000, password=self._masked)
        yield Static("Next time", classes="question")
        yield _radio_set("next_step", NEXT_STEPS)
        yield Checkbox("Share this note with my care team", id="share_with_care_team")
        yield from self._nav("reflection")

    def _summary_widgets(self) -> ComposeResult:
        """Today at a glance; filled when the step is shown."""
        yield Static("", id="summary-body")
        yield Static("", id="ladder-suggestion", classes="note")
        yield from self._nav("summary")

    def _nav(self, step: str) -> ComposeResult:
        with Horizontal(classes="nav"):
            back = "Back" if previous_step(step) else "Save and close"
            yield Button(back, id=f"{step}-back", classes="back")
            if step == "goal":
                yield Button("Next: summary", id="goal-next", variant="primary", classes="next")
                yield Button("I've done it: reflect now", id="goal-reflect", classes="reflect")
            elif step == "reflection":
                yield Button("Save and see the summary", id="reflection-next", variant="primary", classes="next")
            elif step == "summary":
                yield Button("Finish", id="summary-finish", variant="primary", classes="finish")
                yield Button("How did it go?", id="summary-reflect", classes="reflect")
            else:
                yield Button("Next", id=f"{step}-next", variant="primary", classes="next")

    # --- loading ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        # The app may announce the store before this screen mounts: whichever comes first loads.
        if self.data is None:
            self.query_one("#panes").loading = True
            self.query_one(StepIndicator).show(self.step, set())
        # Ask for the store a frame later, once the screen has settled. Asked for during the mount, with
        # the store opening at once, this screen was not freed after closing (tests/test_startup.py);
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
        from coach.store.sessions import active_ladder_items, last_peg_day, load_session
        from coach.store.status import step_day_in

        day, now = self.app.today(), self.app.now()
        exercises = load_exercises()
        with self.app.store.session() as db:
            start_or_resume_session(db, day, now)  # opening the wizard starts today's session
        with self.app.store.session() as db:
            answers = load_session(db, day)
            last_peg = last_peg_day(db, day)
            ladder = active_ladder_items(db)
            step_days_ago = step_day_in(db.connection(), day)
        peg_weekday = self.app.settings.get("peg_day")
        show_peg = peg_due(last_peg, day, peg_weekday) or answers.checkin.get("peg_pain") is not None
        data = SessionData(
            day=day,
            answers=answers,
            show_peg=show_peg,
            ladder=ladder,
            exercises=[(e.id, e.title, e.default_minutes) for e in exercises.values()],
            exercise_titles={e.id: e.title for e in exercises.values()},
            step_days_ago=step_days_ago,
        )
        self.app.call_from_thread(self._fill, data)

    def _fill(self, data: SessionData) -> None:
        self.data, self.day = data, data.day
        answers = data.answers
        self._ladder_by_id = {item_id: name for item_id, name, _ in data.ladder}
        self._warning_shown = bool(answers.checkin.get("red_flags"))
        self._runs = list(answers.runs)
        self.query_one("#panes").loading = False
        self._autosave.release()  # anything answered before the data arrived
        self._go(self._open_at or answers.current_step, record=self._open_at is not None)

    def _fill_pane(self, step: str) -> None:
        """Show the answers given so far in a step's widgets, just built. Setting them saves nothing."""
        answers = self.data.answers
        with self.prevent(Input.Changed, RadioSet.Changed, SelectionList.SelectedChanged, Select.Changed,
                          Checkbox.Changed, ScaleInput.Changed):
            for wid, (part, name) in SCALE_FIELDS.items():
                value = getattr(answers, part).get(name)
                if part == step and value is not None:
                    self.query_one(f"#{wid}", ScaleInput).value = value
            for wid, (part, name) in TEXT_FIELDS.items():
                if part == step:
                    # (an Input shows one line; control characters from an import are shown as signs)
                    self.query_one(f"#{wid}", Input).value = clean(getattr(answers, part).get(name), one_line=True)
            for wid, (part, name, _choices) in RADIO_FIELDS.items():
                value = getattr(answers, part).get(name)
                if name == "extra_dose" and value is not None:
                    value = "yes" if value else "no"
                if part == step and value is not None:
                    for button in self.query_one(f"#{wid}", RadioSet).query(RadioButton):
                        button.value = button.name == value
            if step == "checkin":
                for wid in ("withdrawal_signs", "red_flags"):
                    selection = self.query_one(f"#{wid}", SelectionList)
                    for key in answers.checkin.get(wid) or []:
                        selection.select(key)
            elif step == "goal":
                amount = answers.goal.get("planned_amount")
                self.query_one("#planned_amount", Input).value = f"{amount:g}" if amount is not None else ""
                ladder = self.query_one("#ladder", Select)
                ladder.set_options(self._ladder_options(self.data.ladder))
                goal_item = answers.goal.get("ladder_item_id")
                if goal_item in self._ladder_by_id:
                    ladder.value = goal_item
            elif step == "reflection":
                self.query_one("#share_with_care_team", Checkbox).value = bool(
                    answers.reflection.get("share_with_care_team")
                )
        if step == "checkin":
            step_day = self.query_one("#step-day", Static)
            shown = self._step_day_shown()
            if shown:
                step_day.update(self.step_day_text(self.data.step_days_ago))
            step_day.display = shown
            if self._warning_shown:
                self.query_one("#red-flag-hint", Static).update(RED_FLAG_TICKED)
            self.query_one("#peg").display = self.data.show_peg
        elif step == "goal":
            self._show_ladder_choice(bool(self.data.ladder))
            self._update_goal_controls()

    def _has_pane(self, step: str) -> bool:
        return bool(self.query_one(ContentSwitcher).query_children(f"#{step}"))

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
        if not self._has_pane(step):
            await switcher.add_content(self._new_pane(step))
            self._fill_pane(step)
        switcher.current = step
        if step == "exercise":
            self._show_exercises()
        if step == "reflection":
            self._show_reflection_goal()
        if step == "summary":
            self._show_summary()
        pane = self.query_one(f"#{step}", StepPane)
        pane.scroll_home(animate=False)
        self.call_after_refresh(self._focus_first, pane)

    def _focus_first(self, pane: VerticalScroll) -> None:
        if pane.id == "summary":
            self.set_focus(self.query_one("#summary-finish"))
            return
        for widget in pane.query("*"):
            shown = widget.display and all(
                node.display for node in widget.ancestors_with_self if pane in node.ancestors
            )
            if shown and widget.focusable:
                self.set_focus(widget)
                return

    def _done_steps(self) -> set[str]:
        from coach.store.sessions import state_of

        if self.data is None:
            return set()
        state = state_of(self._answers_now())
        done = set()
        if state.checkin_done:
            done.add("checkin")
        if state.exercise_done:
            done.add("exercise")
        if state.goal_set:
            done.add("goal")
        if state.reflection_done:
            done.add("reflection")
        return done

    def _show_indicator(self) -> None:
        self.query_one(StepIndicator).show(self.step, self._done_steps())

    def action_advance(self) -> None:
        """Projector mode's one key (space/enter when no field takes it, see CoachApp.action_advance)."""
        self.action_next()

    def action_next(self) -> None:
        if self.data is None:
            return
        if self.step == "goal":
            self._go("summary")
        elif self.step == "summary":
            self.action_finish()
        else:
            self._go(next_step(self.step))

    def _step_day_shown(self) -> bool:
        """The step-day line shows on a step day, except to a room (taper steps are private)."""
        return self.data is not None and self.data.step_days_ago is not None and not self.app.shown.hide_private

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The card's key is offered at the check-in on a step day.
        if action == "staying_safe":
            return self.step == "checkin" and self._step_day_shown()
        return True

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
        self._flush_now()
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

    # --- saving answers as they are given (coach.store.drafts.Autosave does the writing) ----
    def _save(self, part: str, name: str, value: Any) -> None:
        if self.day is not None and self.app.today() != self.day:
            self._new_day()
            return
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

    @dataclass
    class AnswersSaved(Message):
        """The writer finished a round: `error` is None when every answer given so far is saved."""

        error: str | None

    def on_session_screen_answers_saved(self, message: AnswersSaved) -> None:
        if message.error:
            self._show_save_error(message.error)
        else:
            self._show_saved()

    def _show_saved(self) -> None:
        saved = self.query_one("#saved", Static)
        if saved.content != "✓ saved":
            saved.update("✓ saved")
        if self.step != "summary":
            self._show_indicator()

    def _show_save_error(self, error: str) -> None:
        self.query_one("#saved", Static).update("Not saved yet: will retry with your next answer")
        self.notify(f"Could not save: {clean(error)}", severity="error", timeout=8, markup=False)

    def _answers_now(self) -> Any:
        """The loaded answers with everything given since: what the screen shows."""
        answers = self.data.answers
        pending = self._autosave.pending()
        for part in ("checkin", "goal", "reflection"):
            getattr(answers, part).update(pending.get(part, {}))
        answers.runs = self._runs
        return answers

    @on(ScaleInput.Changed)
    def _scale_changed(self, event: ScaleInput.Changed) -> None:
        wid = event.scale.id or ""
        if wid in SCALE_FIELDS:
            part, name = SCALE_FIELDS[wid]
            self._record(part, name, event.value)

    def _record(self, part: str, name: str, value: Any) -> None:
        if self.data is not None:
            getattr(self.data.answers, part)[name] = value
        self._save(part, name, value)

    @on(Input.Changed)
    def _text_changed(self, event: Input.Changed) -> None:
        wid = event.input.id or ""
        if wid == "planned_amount":
            text = event.value.strip()
            try:
                amount = float(text) if text else None
            except ValueError:
                return
            if amount is not None and amount < 0:
                return
            self._record("goal", "planned_amount", amount)
            return
        if wid not in TEXT_FIELDS:
            return
        part, name = TEXT_FIELDS[wid]
        self._record(part, name, event.value)
        if wid == "goal-text":
            self._goal_text_changed(event.value)

    @on(RadioSet.Changed)
    def _radio_changed(self, event: RadioSet.Changed) -> None:
        wid = event.radio_set.id or ""
        if wid not in RADIO_FIELDS:
            return
        part, name, _choices = RADIO_FIELDS[wid]
        value: Any = event.pressed.name
        if name == "extra_dose":
            value = value == "yes"
        self._record(part, name, value)

    @on(SelectionList.SelectedChanged)
    def _checklist_changed(self, event: SelectionList.SelectedChanged) -> None:
        wid = event.selection_list.id or ""
        selected = list(event.selection_list.selected)
        self._record("checkin", wid, selected)
        if wid == "red_flags":
            self.query_one("#red-flag-hint", Static).update(RED_FLAG_TICKED if selected else RED_FLAG_HINT)
            if selected and not self._warning_shown:
                self._warning_shown = True
                self.app.action_help()
            elif not selected:
                self._warning_shown = False

    @on(Checkbox.Changed, "#share_with_care_team")
    def _share_changed(self, event: Checkbox.Changed) -> None:
        self._record("reflection", "share_with_care_team", event.value)

    # --- exposure goal ----------------------------------------------------------------------
    @on(Select.Changed, "#ladder")
    def _ladder_chosen(self, event: Select.Changed) -> None:
        if event.value == Select.NULL or not isinstance(event.value, int):
            return
        name = self._ladder_by_id.get(event.value, "")
        self._record("goal", "ladder_item_id", event.value)
        self._record("goal", "text", name)
        text = self.query_one("#goal-text", Input)
        with text.prevent(Input.Changed):
            text.value = clean(name, one_line=True)
        self._update_goal_controls()

    def _show_ladder_choice(self, has_items: bool) -> None:
        self.query_one("#ladder-choice").display = has_items
        self.query_one("#goal-text-label").display = not has_items

    def _goal_text_changed(self, value: str) -> None:
        linked = self.data.answers.goal.get("ladder_item_id") if self.data else None
        if linked is not None and self._ladder_by_id.get(linked) != value:
            # Typing something new unlinks the ladder item it replaced (the item stays on the ladder).
            self._record("goal", "ladder_item_id", None)
            ladder = self.query_one("#ladder", Select)
            with ladder.prevent(Select.Changed):
                ladder.clear()
        self._update_goal_controls()

    def _update_goal_controls(self) -> None:
        """'Add it to my ladder' is offered for a typed activity that is not on the ladder yet."""
        if self.data is None:
            return
        goal = self.data.answers.goal
        typed = bool((goal.get("text") or "").strip())
        from_ladder = goal.get("ladder_item_id") in self._ladder_by_id
        self.query_one("#ladder-add").display = typed and not from_ladder

    @on(Button.Pressed, "#save-to-ladder")
    def _save_to_ladder(self, event: Button.Pressed) -> None:
        event.stop()
        name = self.query_one("#goal-text", Input).value.strip()
        if not name:
            return
        difficulty = self.query_one("#ladder-difficulty", ScaleInput).value
        self._save("ladder", "item", {"name": name, "difficulty": 50 if difficulty is None else difficulty})
        self._after_ladder_save()

    @work(thread=True, group="autosave")
    def _after_ladder_save(self) -> None:
        """Once saved, the new item is on the ladder: link it so the wizard knows."""
        from coach.store.sessions import active_ladder_items, load_session

        self._autosave.flush()
        store = self.app.store
        with store.session() as db:
            goal = load_session(db, self.day).goal
            ladder = active_ladder_items(db)
        self.app.call_from_thread(self._ladder_saved, goal.get("ladder_item_id"), ladder)

    def _ladder_saved(self, item_id: int | None, ladder: list[tuple[int, str, int]]) -> None:
        if self.data is None or item_id is None:
            return
        self.data.answers.goal["ladder_item_id"] = item_id
        self.data.ladder = ladder
        self._ladder_by_id = {i: n for i, n, _ in ladder}
        select = self.query_one("#ladder", Select)
        with select.prevent(Select.Changed):
            select.set_options(self._ladder_options(ladder))
            select.value = item_id
        self._show_ladder_choice(True)
        self.query_one("#ladder-add").display = False
        self.query_one("#predicted_peak_pain").focus()
        self.notify("Added to your ladder.", timeout=3)

    def _ladder_options(self, ladder: list[tuple[int, str, int]]) -> list[tuple[Text, int]]:
        """The ladder's steps for the Select, each name shown as typed (hidden when a room is watching)."""
        return [
            (self.app.shown.join((name, "words"), f"  ({difficulty}/100)", one_line=True), item_id)
            for item_id, name, difficulty in ladder
        ]

    # --- exercise ---------------------------------------------------------------------------
    def _show_exercises(self) -> None:
        if self.data is None:
            return
        checkin = self.data.answers.checkin
        ids = [e[0] for e in self.data.exercises]
        usual, usual_minutes = self.app.settings.get("default_exercise"), self.app.settings.get("default_exercise_minutes")
        suggested = suggest_exercise(
            ids, distress=checkin.get("distress"), pain=checkin.get("pain"), day=self.data.day, usual=usual
        )
        options = self.query_one("#exercise-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        ordered = sorted(self.data.exercises, key=lambda e: e[0] != suggested)
        for exercise_id, title, minutes in ordered:
            if exercise_id == usual and usual_minutes:
                minutes = usual_minutes  # the length chosen in Settings for the usual exercise
            mark = "  (suggested for today)" if exercise_id == suggested else ""
            options.add_option(Option(f"{title} · {minutes:g} min{mark}", id=exercise_id))
        options.highlighted = highlighted if highlighted is not None else 0
        if suggested:
            distress, pain = checkin.get("distress"), checkin.get("pain")
            if distress is not None and distress >= 7:
                reason = ": something steadying, as the alarm is loud today"
            elif pain is not None and pain >= 7:
                reason = ": a way to meet strong pain with curiosity"
            else:
                reason = ""
            self.query_one("#suggestion", Static).update(
                f"Suggested for today: {self.data.exercise_titles[suggested]}{reason}."
            )
        self._show_runs()

    def _show_runs(self) -> None:
        if self.data is None:
            return
        lines = [Text("Practised today:")]
        for run in self._runs:
            title = self.data.exercise_titles.get(run["exercise_id"], run["exercise_id"])
            before, after = run.get("distress_before"), run.get("distress_after")
            alarm = f" · alarm {before} → {after}" if before is not None and after is not None else ""
            lines.append(Text.assemble("✓ ", literal(title, one_line=True), alarm))
        runs = self.query_one("#runs", Static)
        runs.update(Text("\n").join(lines) if len(lines) > 1 else "")

    @on(OptionList.OptionSelected, "#exercise-list")
    def _exercise_chosen(self, event: OptionList.OptionSelected) -> None:
        from coach.screens.practice import PracticeExerciseScreen

        session_id = self.data.answers.session_id if self.data else None
        self._flush_now()
        usual_minutes = self.app.settings.get("default_exercise_minutes")
        minutes = usual_minutes if event.option.id == self.app.settings.get("default_exercise") else None
        self.app.push_screen(
            PracticeExerciseScreen(event.option.id, minutes=minutes, session_id=session_id), self._exercise_finished
        )

    def _exercise_finished(self, run_id: int | None) -> None:
        if run_id is not None:
            self._reload_runs()

    @work(thread=True, group="session-load")
    def _reload_runs(self) -> None:
        from coach.store.sessions import load_session

        with self.app.store.session() as db:
            runs = load_session(db, self.day).runs
        self.app.call_from_thread(self._runs_loaded, runs)

    def _runs_loaded(self, runs: list[dict[str, Any]]) -> None:
        self._runs = runs
        self._show_runs()
        self._show_indicator()
        self.set_focus(self.query_one("#exercise-next"))  # Enter goes on to the goal

    # --- reflection and summary -------------------------------------------------------------
    def _goal_words(self) -> str:
        goal = self.data.answers.goal if self.data else {}
        text = (goal.get("text") or "").strip()
        if not text:
            return ""
        amount = goal.get("planned_amount")
        if amount is not None:
            unit = dict(AMOUNT_UNITS).get(goal.get("amount_unit") or "minutes", "")
            text += f" ({amount:g} {unit})"
        return text

    def _show_reflection_goal(self) -> None:
        words = self._goal_words()
        self.query_one("#reflection-goal", Static).update(
            self.app.shown.join("Today's goal: ", (words, "words"))
            if words
            else "No goal was set today; you can still note how the day went."
        )

    def _show_summary(self) -> None:
        body = summary_renderable(
            self._answers_now(), self._goal_words(), self.data.exercise_titles, shown=self.app.shown
        )
        self.query_one("#summary-body", Static).update(body)
        reflect = self.query_one("#summary-reflect", Button)
        reflect.display = self.data.answers.reflection.get("outcome") is None
        item_id = self.data.answers.goal.get("ladder_item_id")
        self.query_one("#ladder-suggestion").display = False
        if item_id is not None and not reflect.display:
            self._load_ladder_suggestion(item_id)

    @work(thread=True, exclusive=True, group="ladder-suggestion")
    def _load_ladder_suggestion(self, item_id: int) -> None:
        """The ladder's gentle offer for the item practised today (step up, repeat, or a smaller step)."""
        from coach.store.ladder import suggestion_for_item

        self._autosave.flush()  # today's reflection counts as an attempt
        with self.app.store.session() as db:
            suggestion = suggestion_for_item(db, item_id)
        if suggestion is not None:
            self.app.call_from_thread(self._show_ladder_suggestion, suggestion.text)

    def _show_ladder_suggestion(self, text: str) -> None:
        box = self.query_one("#ladder-suggestion", Static)
        box.update(self.app.shown.text(text, "words"))  # it names steps from the person's ladder
        box.display = True


def _n(value: Any, suffix: str = "/10") -> str:
    return "–" if value is None else f"{value}{suffix}"


def summary_renderable(
    answers: Any, goal_words: str, titles: dict[str, str], *, shown: Shown = SHOW_ALL
) -> Table:
    """Today at a glance: the check-in, the practice, and the goal's prediction beside what happened.

    `shown` shows the person's own words literally (the app's hides them in projector mode)."""
    checkin, goal, reflection = answers.checkin, answers.goal, answers.reflection
    outer = Table.grid(padding=(0, 1))
    outer.add_column()
    outer.add_row(Text("Today at a glance", style="bold"))
    outer.add_row(
        f"Check-in: pain {_n(checkin.get('pain'))} · bearable {_n(checkin.get('tolerability'))} · "
        f"alarm {_n(checkin.get('distress'))} · sleep {_n(checkin.get('sleep'))} · mood {_n(checkin.get('mood'))}"
    )
    runs = [titles.get(r["exercise_id"], r["exercise_id"]) for r in answers.runs]
    outer.add_row(Text("Practice: ").append_text(literal(", ".join(runs) if runs else "none today", one_line=True)))
    outer.add_row(shown.join("Goal: ", (goal_words, "words")) if goal_words else Text("Goal: none set today"))
    outer.add_row("")
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    table.add_column("")
    table.add_column("You predicted", justify="center")
    table.add_column("What happened", justify="center")
    later = "later today" if reflection.get("outcome") is None else "–"

    def actual(value: Any, suffix: str = "/10") -> str:
        return later if reflection.get("outcome") is None else _n(value, suffix)

    table.add_row("Highest pain", _n(goal.get("predicted_peak_pain")), actual(reflection.get("actual_peak_pain")))
    table.add_row(
        "How bearable", _n(goal.get("predicted_tolerability")), actual(reflection.get("actual_tolerability"))
    )
    table.add_row(
        "What you feared",
        "–" if goal.get("feared_likelihood") is None else f"{goal['feared_likelihood']}% likely",
        actual(reflection.get("feared_happened"), "% happened"),
    )
    outer.add_row(table)
    if goal.get("feared_outcome"):
        outer.add_row(Text("You feared: ", style="italic").append_text(shown.text(goal["feared_outcome"], "words")))
    outer.add_row("")
    outer.add_row(Text(summary_message(goal, reflection)))
    return outer


def summary_message(goal: dict[str, Any], reflection: dict[str, Any]) -> str:
    """One warm sentence on the gap between prediction and outcome (surprise is what teaches the alarm)."""
    outcome = reflection.get("outcome")
    if outcome is None:
        if goal.get("text"):
            return "When you have done it, come back to Home and choose “How did it go?” (key r)."
        return "Well done for checking in today."
    if outcome == "not_today":
        return "Not today is fine. Noticing what got in the way helps you choose a step that fits."
    predicted, happened = goal.get("feared_likelihood"), reflection.get("feared_happened")
    if predicted is not None and happened is not None and happened < predicted:
        return "What you feared was less true than you predicted. Surprises like this seem to be how the alarm learns."
    p_tol, a_tol = goal.get("predicted_tolerability"), reflection.get("actual_tolerability")
    if p_tol is not None and a_tol is not None and a_tol > p_tol:
        return "It was more bearable than you expected. That is worth remembering next time."
    return "You showed up and practised. Harder days are part of learning too."
