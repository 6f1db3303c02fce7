"""First run: a short welcome tour. Every step can be skipped; progress is saved so it can be resumed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Input, Label, Select, Static

from coach import NOT_A_MEDICAL_DEVICE
from coach.domain.preferences import CARE_TEAM_ROLES, ONBOARDING_STEPS, OPIOID_DURATIONS
from coach.screens.journal_drafts import JournalDrafts
from coach.tui.messages import SettingChanged
from coach.tui.places import SCREENS_BY_NAME
from coach.store.drafts import Autosave
from coach.widgets.care_team import care_team_rows, care_team_value
from coach.widgets.footer import CoachFooter
from coach.widgets.form_draft import FormDraft
from coach.widgets.shown import clean, literal

LADDER_ROWS = 5
CARE_TEAM_DRAFT = "onboarding-care-team"
CARE_TEAM_FIELDS = frozenset(f"{role}-{part}" for role in CARE_TEAM_ROLES for part in ("name", "phone"))
LADDER_DRAFT = "onboarding-ladder"
LADDER_FIELDS = frozenset(f"ladder-{part}-{row}" for row in range(1, LADDER_ROWS + 1) for part in ("name", "rating"))
LADDER_MINIMUM = 3

STEP_TITLES = {
    "welcome": "Welcome to coach",
    "practice": "What daily practice is",
    "medication": "Practice and your medication",
    "care_team": "Your care team (optional)",
    "ladder": "A first ladder (optional)",
    "taper": "Your taper plan (optional)",
}

WELCOME = (
    "coach helps you practise, a little each day, getting back to things pain has pushed out of your "
    "life. Each day's session is short: a check-in, a breathing or grounding exercise, one small step "
    "towards something you have been avoiding, and a look back at how it went.\n\n"
    "Everything you write stays in one file on this computer. Nothing is sent anywhere."
)

PRACTICE = (
    "When something has hurt for a long time, your nervous system learns to sound the alarm early, and "
    "avoiding the things that set it off starts to feel like the only safe choice. Over months, life "
    "gets smaller.\n\n"
    "Daily exposure practice turns back towards those things on purpose, in pieces small enough to "
    "manage. Before each step you write down what you expect; afterwards you compare. Often it goes "
    "better than the alarm predicted, and that surprise seems to be how the alarm learns.\n\n"
    "Step by step, an activity can move from intolerable, to tolerable, to livable."
)

MEDICATION = (
    "Practise on your usual dose schedule, as agreed with your prescriber. If your plan includes doses "
    "you take only when needed, follow what the two of you agreed about them. That way you can find out "
    "that your own skills carry you through, which may help the gains last.\n\n"
    "If an extra or early dose happens, the check-in records it plainly, as useful information for your "
    "prescriber.\n\n"
    "coach never suggests a dose or a change of dose. Every decision about medication is yours to make "
    "with your prescriber."
)

TAPER = (
    "If you and your prescriber have agreed a plan to lower your medication slowly, you can write it "
    "down in coach: it shows your steps and where you are in them. You set it with your prescriber; "
    "coach only records it.\n\n"
    "There is usually no rush. Skills are often practised for a while first, on your normal dosing "
    "schedule, and a taper starts when you and your prescriber agree the time is right.\n\n"
    "You can add this later with your prescriber, any time, from Home (press t)."
)


@dataclass(frozen=True)
class LadderRow:
    name: str
    difficulty: int
    category: str = ""


class LadderRowError(ValueError):
    """A ladder row the person needs to fix; str() says which and how."""


def read_ladder_rows(rows: list[tuple[str, str]]) -> list[LadderRow]:
    """Filled rows as LadderRow; a name without a rating (or the reverse) is a LadderRowError."""
    filled = []
    for number, (name, rating) in enumerate(rows, start=1):
        name, rating = name.strip(), rating.strip()
        if not name and not rating:
            continue
        if not name:
            raise LadderRowError(f"Row {number} has a rating but no activity: write what the activity is.")
        if len(name) > 200:
            raise LadderRowError(f"Row {number}: please keep the activity under 200 characters.")
        if not rating.isdigit() or not 0 <= int(rating) <= 100:
            raise LadderRowError(f"Row {number}: rate “{name}” with a whole number from 0 to 100.")
        filled.append(LadderRow(name, int(rating)))
    return filled


class OnboardingScreen(Screen[None]):
    CSS_PATH = "onboarding.tcss"
    BINDINGS = [
        Binding("ctrl+n", "next", "Next", id="onboarding-next"),
        Binding("ctrl+b", "back", "Back", id="onboarding-back"),
        Binding("escape", "later", "Later", id="onboarding-later", tooltip="Close now; carry on next time"),
    ]

    def __init__(self) -> None:
        super().__init__()
        settings = self.app.settings
        stored = settings.get("onboarding_step", "welcome")
        resuming = not settings.get("onboarding_done") and stored in ONBOARDING_STEPS
        self._index = ONBOARDING_STEPS.index(stored) if resuming else 0
        self._busy = False
        self._categories: dict[str, str] = {}  # suggestion name -> its category, for rows filled from the list
        # The tour's settings are written in the order given, off the event loop, once the journal is open.
        self._settings = Autosave(
            self._write_settings, self._settings_written, held=True, start=self._run_writer, name="tour-settings"
        )

    # --- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="onboarding"):
            yield Static("", id="step-count")
            yield Static("", id="step-title")
            # What the last step saved, said here rather than in a toast over this step's words.
            yield Static("", id="tour-saved")
            with ContentSwitcher(initial=ONBOARDING_STEPS[self._index], id="steps"):
                with VerticalScroll(id="welcome", classes="step"):
                    yield Static(WELCOME, classes="body")
                    yield Static(NOT_A_MEDICAL_DEVICE, classes="notice")
                with VerticalScroll(id="practice", classes="step"):
                    yield Static(PRACTICE, classes="body")
                with VerticalScroll(id="medication", classes="step"):
                    yield Static(MEDICATION, classes="body")
                with VerticalScroll(id="care_team", classes="step"):
                    yield Static(
                        "Their numbers will be on the Help screen (F1), one key away wherever you are.",
                        classes="body",
                    )
                    yield from care_team_rows(
                        self.app.settings.get("care_team"), row_classes="contact", label_classes="role",
                        hidden=self.app.shown.hides("care_team"),
                    )
                with VerticalScroll(id="ladder", classes="step"):
                    yield Static(
                        "List 3 to 5 activities you have been avoiding, from easier to harder. Rate each "
                        "0–100 for how hard it would feel today (0 = no trouble, 100 = the hardest you "
                        "can imagine). Follow any movement limits your care team has given you.",
                        classes="body",
                    )
                    yield Select(self._suggestion_options(), prompt="Add an idea from the list…",
                                 compact=True, id="suggestion")
                    for row in range(1, LADDER_ROWS + 1):
                        with Horizontal(classes="ladder-row"):
                            yield Label(f"{row}.", classes="number")
                            yield Input(placeholder="an activity", id=f"ladder-name-{row}", max_length=200,
                                        compact=True, classes="name")
                            yield Input(placeholder="0–100", id=f"ladder-rating-{row}", max_length=3,
                                        restrict=r"[0-9]*", compact=True, classes="rating")
                    yield Static("", id="ladder-saved", classes="muted")
                with VerticalScroll(id="taper", classes="step"):
                    yield Static(TAPER, classes="body")
                    yield Label("How long have you been taking opioids?")
                    yield Select(
                        [(label, key) for key, label in OPIOID_DURATIONS.items()],
                        value=self.app.settings.get("opioid_duration", "not_sure"),
                        allow_blank=False,
                        compact=True,
                        id="opioid-duration",
                    )
                    yield Static(
                        "Used only for a neutral note beside your plan; the pace is yours and your prescriber's.",
                        classes="muted",
                    )
                    yield Button("Open the taper plan", id="open-taper", compact=True)
            yield Static("", id="problem")
            with Horizontal(id="nav"):
                yield Button("Back", id="back", compact=True)
                yield Button("Skip this step", id="skip-step", compact=True)
                yield Button("Next", id="next", variant="primary", compact=True)
                yield Button("Skip the tour", id="skip-tour", compact=True)
        yield CoachFooter()

    def _suggestion_options(self) -> list[tuple[str, int]]:
        from coach.content import load_ladder_suggestions

        self._suggestions = load_ladder_suggestions()
        return [(f"{s.name} (about {s.typical_difficulty})", i) for i, s in enumerate(self._suggestions)]

    def on_mount(self) -> None:
        # Next and Back move straight on: the press effect would swallow a quick second Enter.
        for button in self.query("#nav Button").results(Button):
            button.active_effect_duration = 0
        # What was typed on the care-team and ladder steps and not saved yet (the tour closed with Later,
        # or the terminal closed) is kept as a draft of each, and is back in the rows when the tour reopens.
        self._care_draft = FormDraft(self, CARE_TEAM_DRAFT, JournalDrafts(self.app))
        self._ladder_draft = FormDraft(self, LADDER_DRAFT, JournalDrafts(self.app))
        self._show_step()
        self.run_worker(self._open_journal(), group="onboarding-open")

    async def _open_journal(self) -> None:
        if not self.app.recording or not await self.app.store_opens():  # (if it cannot open, the app says why)
            return
        self._settings.release()
        for draft, fields in ((self._care_draft, CARE_TEAM_FIELDS), (self._ladder_draft, LADDER_FIELDS)):
            typed = await draft.open()
            for field, value in (typed or {}).items():
                if field in fields and isinstance(value, str):
                    self.query_one(f"#{field}", Input).value = clean(value, one_line=True)

    # --- steps ------------------------------------------------------------------------------
    @property
    def step(self) -> str:
        return ONBOARDING_STEPS[self._index]

    def _show_step(self) -> None:
        step = self.step
        last = self._index == len(ONBOARDING_STEPS) - 1
        self.query_one("#steps", ContentSwitcher).current = step
        self.query_one("#step-count", Static).update(f"Step {self._index + 1} of {len(ONBOARDING_STEPS)}")
        self.query_one("#step-title", Static).update(STEP_TITLES[step])
        self.query_one("#back", Button).disabled = self._index == 0
        self.query_one("#next", Button).label = "Finish" if last else "Next"
        self.query_one("#skip-step", Button).display = step in ("care_team", "ladder", "taper") and not last
        self.query_one("#skip-tour", Button).display = not last
        self.query_one("#open-taper", Button).display = "taper" in self._screen_names()
        self._problem("")
        first_input = {"care_team": "#prescriber-name", "ladder": "#ladder-name-1"}.get(step)
        self.query_one(first_input or "#next").focus()
        self._save({"onboarding_step": step})

    def _screen_names(self) -> set[str]:
        return set(SCREENS_BY_NAME)

    def _problem(self, text: str, *, hint: bool = False) -> None:
        problem = self.query_one("#problem", Static)
        problem.update(literal(text))  # it may quote what was typed (a ladder row): shown as written
        problem.set_class(hint, "hint")

    def _go(self, delta: int, saved: str = "") -> None:
        self._index = max(0, min(len(ONBOARDING_STEPS) - 1, self._index + delta))
        self._show_step()
        line = self.query_one("#tour-saved", Static)
        line.update(saved)
        line.display = bool(saved)

    # --- actions ----------------------------------------------------------------------------
    def action_next(self) -> None:
        if self._busy:
            return
        if self.step == "care_team":
            self._save_care_team()
        elif self.step == "ladder":
            self._save_ladder()
        elif self._index == len(ONBOARDING_STEPS) - 1:
            self._finish()
        else:
            self._go(1)

    def action_back(self) -> None:
        if self._index > 0 and not self._busy:
            self._go(-1)

    def action_later(self) -> None:
        """Close the tour; it opens again at this step next time (unless finished or skipped). Contacts
        typed on the care-team step are saved; any that cannot be yet stay as a draft for next time."""
        if self.step == "care_team":
            self._keep_care_team()
        self.dismiss()

    def on_unmount(self) -> None:
        self._settings.flush()
        self._care_draft.flush()
        self._ladder_draft.flush()

    def _finish(self) -> None:
        self._save({"onboarding_done": True, "onboarding_step": "welcome"})
        self.dismiss()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#skip-step")
    def _skip_step_pressed(self) -> None:
        self._go(1)

    @on(Button.Pressed, "#skip-tour")
    def _skip_tour_pressed(self) -> None:
        self._finish()

    @on(Button.Pressed, "#open-taper")
    def _open_taper(self) -> None:
        if "taper" in self._screen_names():
            self.app.action_open("taper")

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.focus_next()

    # --- care team --------------------------------------------------------------------------
    def _save_care_team(self) -> None:
        from coach.domain.preferences import care_team_lines
        from coach.domain.setting_checks import SettingError, validate_setting

        try:
            contacts = validate_setting("care_team", care_team_value(self))
        except SettingError as exc:
            self._problem(str(exc).removeprefix("care_team: ").capitalize())
            return
        self._save({"care_team": contacts})
        self._care_draft.discard()
        self._go(1, "Saved. Your care team is on the Help screen (F1)." if care_team_lines(contacts) else "")

    def _keep_care_team(self) -> None:
        """Leaving the care-team step with Later: what was typed is saved if it can be, else kept as a draft."""
        from coach.domain.setting_checks import SettingError, validate_setting

        typed = care_team_value(self)
        try:
            contacts = validate_setting("care_team", typed)
        except SettingError:
            self.notify("What you typed for your care team is kept for next time.", timeout=4)
            return
        self._save({"care_team": contacts})
        self._care_draft.discard()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id in CARE_TEAM_FIELDS:
            self._care_draft.give(event.input.id, event.value)
        elif event.input.id in LADDER_FIELDS:
            self._ladder_draft.give(event.input.id, event.value)

    # --- ladder -----------------------------------------------------------------------------
    def _ladder_inputs(self) -> list[tuple[Input, Input]]:
        return [
            (self.query_one(f"#ladder-name-{row}", Input), self.query_one(f"#ladder-rating-{row}", Input))
            for row in range(1, LADDER_ROWS + 1)
        ]

    @on(Select.Changed, "#suggestion")
    def _suggestion_chosen(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        suggestion = self._suggestions[int(event.value)]
        for name_input, rating_input in self._ladder_inputs():
            if not name_input.value.strip():
                name_input.value = suggestion.name
                self._categories[suggestion.name] = suggestion.category
                rating_input.value = str(suggestion.typical_difficulty)
                rating_input.focus()
                rating_input.select_all()
                self._problem("Type over the rating with how hard it would feel for you.", hint=True)
                break
        else:
            self._problem("All five rows are full. Clear one to add another idea.")
        event.select.clear()

    @on(Select.Changed, "#opioid-duration")
    def _duration_chosen(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.app.settings.get("opioid_duration"):
            self._save({"opioid_duration": event.value})

    def _save_ladder(self) -> None:
        inputs = self._ladder_inputs()
        try:
            rows = [
                LadderRow(row.name, row.difficulty, self._categories.get(row.name, ""))
                for row in read_ladder_rows([(name.value, rating.value) for name, rating in inputs])
            ]
        except LadderRowError as exc:
            self._problem(str(exc))
            return
        if not rows:
            self._go(1)
            return
        if len(rows) < LADDER_MINIMUM:
            self._problem(f"Add at least {LADDER_MINIMUM} activities, or choose “Skip this step” for now.")
            return
        self._busy = True
        self._insert_ladder(rows)

    @work(thread=True, group="onboarding-ladder")
    def _insert_ladder(self, rows: list[LadderRow]) -> None:
        from pydantic import ValidationError

        from coach.store.models import LadderItem

        store = self.app.store
        now = self.app.now()
        try:
            if store is None:
                raise RuntimeError("Still opening your data; try again in a moment.")
            with store.session() as db:
                for row in rows:
                    db.add(LadderItem.model_validate({"name": row.name, "difficulty": row.difficulty,
                                                      "category": row.category, "created_at": now}))
        except (ValidationError, RuntimeError) as exc:
            message = str(exc) if isinstance(exc, RuntimeError) else "One activity could not be saved; check the rows."
            self.app.call_from_thread(self._ladder_failed, message)
            return
        self.app.call_from_thread(self._ladder_saved, len(rows))

    def _ladder_failed(self, message: str) -> None:
        self._busy = False
        self._problem(message)

    def _ladder_saved(self, count: int) -> None:
        self._busy = False
        self._ladder_draft.discard()
        for name_input, rating_input in self._ladder_inputs():
            name_input.value = ""
            rating_input.value = ""
        self.query_one("#ladder-saved", Static).update(f"{count} activities are on your ladder.")
        self._go(1, f"Saved {count} activities to your ladder.")

    # --- saving settings (coach.store.drafts.Autosave does the writing) ----------------------------
    def _save(self, values: dict[str, Any]) -> None:
        """The tour's answers are the app's settings at once, and written in the order given."""
        for key, value in values.items():
            self.app.settings[key] = value
            self._settings.give("settings", key, value)

    def _run_writer(self, writer: Callable[[], None]) -> None:
        # On the app: the last answers are still written after the tour has closed.
        self.app.run_worker(writer, thread=True, group="onboarding-settings")

    def _write_settings(self, batch: dict[str, dict[str, Any]]) -> None:
        """One transaction for the settings given since the last write (in the writer's thread)."""
        from coach.store.settings import SettingError, save_setting

        problems = []
        stored: dict[str, Any] = {}
        with self.app.store.session() as db:
            for key, value in batch.get("settings", {}).items():
                try:
                    stored[key] = save_setting(db, key, value)
                except SettingError as exc:  # not worth retrying: say so and write the rest
                    problems.append(str(exc))
        for key, value in stored.items():
            self.app.post_message(SettingChanged(key, value))
        if problems:
            self.post_message(self.NotSaved("; ".join(problems)))

    def _settings_written(self, error: str | None) -> None:
        if error:
            self.post_message(self.NotSaved(f"Not saved yet (tried again with your next answer): {error}"))

    @dataclass
    class NotSaved(Message):
        problem: str

    def on_onboarding_screen_not_saved(self, message: NotSaved) -> None:
        self._problem(clean(message.problem))

    def on_form_draft_not_kept(self, message: FormDraft.NotKept) -> None:
        self._problem(f"What you typed is not kept yet: {clean(message.error)}")
