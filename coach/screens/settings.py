"""Settings: theme, motion, mouse, day start, opioid duration, exercise defaults, PEG day, your own keys."""

from __future__ import annotations

import importlib
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from coach.domain.preferences import (
    DEFAULTS,
    OPIOID_DURATIONS,
    THEME_CHOICES,
    WEEKDAYS,
)
from coach.widgets.care_team import care_team_rows, care_team_value
from coach.tui.messages import SettingChanged
from coach.tui.places import SCREENS_BY_NAME
from coach.tui.themes import HIDDEN_IN_PROJECTOR
from coach.widgets.footer import CoachFooter
from coach.widgets.shown import literal

MINUTE_CHOICES = (1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 30)


def _hour_label(hour: int) -> str:
    suffix = " (midnight)" if hour == 0 else " (usual)" if hour == DEFAULTS["day_start_hour"] else ""
    return f"{hour:02d}:00{suffix}"


# Keys every screen needs for moving around and answering; they cannot be given to an action.
RESERVED_KEYS = frozenset({"tab", "shift+tab", "enter", "escape", "space", "up", "down", "left", "right"})

# What each state means, in its own words (on, off): the label says what is true now.
TOGGLE_TEXT = {
    "reduced_motion": ("still counts instead of moving pacers", "pacers move; turn on for still counts"),
    "mouse": ("turn off to select text with the mouse", "select text with the mouse; keys do the rest"),
}


def _toggle_label(key: str, on: bool) -> str:
    """The state in words too, so it reads without colour (NO_COLOR, ANSI themes)."""
    when_on, when_off = TOGGLE_TEXT[key]
    return f"On: {when_on}" if on else f"Off: {when_off}"


def known_bindings(app: Any) -> list[tuple[str, str, str]]:
    """(id, description, default keys) of every binding with an id: the app's and each named screen's."""
    found: dict[str, tuple[str, str]] = {}
    classes: list[Any] = [type(app)]
    for target in SCREENS_BY_NAME.values():
        module_name, class_name = target.split(":")
        try:
            classes.append(getattr(importlib.import_module(module_name), class_name))
        except (ImportError, AttributeError):
            continue  # a screen still being built elsewhere: its keys appear once it lands
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id and binding.description and binding.id not in found:
                found[binding.id] = (binding.description, binding.key)
    return sorted(((bid, desc, keys) for bid, (desc, keys) in found.items()), key=lambda row: row[1].lower())



def rerate_options(current: int) -> list[tuple[str, int]]:
    """How often the Ladder asks to re-rate each step (days; 0 = never), the stored value among them."""
    options = [("Every week", 7), ("Every 2 weeks", 14), ("Every 4 weeks", 28), ("Never", 0)]
    if current not in {days for _, days in options}:
        options.insert(-1, (f"Every {current} days", current))
    return options

class KeyCaptureScreen(ModalScreen[str | None]):
    """Asks for one key press; escape cancels."""

    DEFAULT_CSS = """
    KeyCaptureScreen { align: center middle; }
    KeyCaptureScreen > Vertical {
        width: 50; height: auto; padding: 1 2; border: round $primary; background: $surface;
    }
    """

    def __init__(self, description: str) -> None:
        super().__init__()
        self._description = description

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Press the key you want for “{self._description}”.")
            yield Static("Escape cancels.", classes="muted", id="capture-note")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.dismiss(None)
        elif event.key in RESERVED_KEYS:
            self.query_one("#capture-note", Static).update(
                f"{event.key} moves around the screen, so it stays as it is. Try another key (Escape cancels)."
            )
        else:
            self.dismiss(event.key)


class SettingsScreen(Screen[None]):
    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = "#theme"
    BINDINGS = [Binding("escape", "close", "Back", id="settings-close")]

    def compose(self) -> ComposeResult:
        values = {**DEFAULTS, **self.app.settings}
        with VerticalScroll(id="settings"):
            yield Static("Settings", id="settings-title")
            yield Static("Changes are saved and used straight away.", id="settings-status")
            with Vertical(classes="group"):
                yield Static("Look and feel", classes="group-title")
                with Horizontal(classes="row"):
                    yield Label("Theme", classes="label")
                    yield Select(
                        [(label, name) for name, label in THEME_CHOICES.items()],
                        value=values["theme"] if values["theme"] in THEME_CHOICES else DEFAULTS["theme"],
                        allow_blank=False,
                        compact=True,
                        id="theme",
                    )
                with Horizontal(classes="row"):
                    yield Label("Reduced motion", classes="label")
                    yield Checkbox(_toggle_label("reduced_motion", bool(values["reduced_motion"])),
                                   value=bool(values["reduced_motion"]), compact=True, id="reduced_motion")
                with Horizontal(classes="row"):
                    yield Label("Mouse", classes="label")
                    yield Checkbox(_toggle_label("mouse", bool(values["mouse"])), value=bool(values["mouse"]),
                                   compact=True, id="mouse")
            with Vertical(classes="group"):
                yield Static("Your day", classes="group-title")
                with Horizontal(classes="row"):
                    yield Label("Day starts at", classes="label")
                    yield Select(
                        [(_hour_label(hour), hour) for hour in range(24)],
                        value=values["day_start_hour"],
                        allow_blank=False,
                        compact=True,
                        id="day_start_hour",
                    )
                with Horizontal(classes="row"):
                    yield Label("PEG check-in on", classes="label")
                    yield Select(
                        [(day, index) for index, day in enumerate(WEEKDAYS)],
                        value=values["peg_day"],
                        allow_blank=False,
                        compact=True,
                        id="peg_day",
                    )
                with Horizontal(classes="row"):
                    yield Label("Re-rate the ladder", classes="label")
                    yield Select(
                        rerate_options(values["rerate_every_days"]),
                        value=values["rerate_every_days"],
                        allow_blank=False,
                        compact=True,
                        id="rerate_every_days",
                    )
                with Horizontal(classes="row"):
                    yield Label("On opioids for", classes="label")
                    duration = Select(
                        [(label, key) for key, label in OPIOID_DURATIONS.items()],
                        value=values["opioid_duration"],
                        allow_blank=False,
                        compact=True,
                        id="opioid_duration",
                    )
                    # Part of a person's medication history: not for a room to read.
                    duration.display = not self.app.shown.hides("medication")
                    yield duration
                    if not duration.display:
                        yield Static(HIDDEN_IN_PROJECTOR)
                yield Static(
                    "Used only for the neutral note beside your taper plan. Your prescriber sets the pace.",
                    classes="hint wide",
                )
            with Vertical(classes="group"):
                yield Static("Exercise", classes="group-title")
                with Horizontal(classes="row"):
                    yield Label("Default exercise", classes="label")
                    yield Select(
                        self._exercise_options(),
                        value=values["default_exercise"] or "",
                        allow_blank=False,
                        compact=True,
                        id="default_exercise",
                    )
                with Horizontal(classes="row"):
                    yield Label("Default length", classes="label")
                    minutes = sorted({*MINUTE_CHOICES, int(values["default_exercise_minutes"] or 5)})
                    yield Select(
                        [("Its usual length", 0)] + [(f"{m} minute{'s' if m != 1 else ''}", m) for m in minutes],
                        value=int(values["default_exercise_minutes"] or 0),
                        allow_blank=False,
                        compact=True,
                        id="default_exercise_minutes",
                    )
            with Vertical(classes="group", id="care-team"):
                yield Static("Your care team (shown on the Help screen)", classes="group-title")
                yield from care_team_rows(
                    values["care_team"], row_classes="row contact", label_classes="label",
                    hidden=self.app.shown.hides("care_team"),
                )
                with Horizontal(classes="row buttons"):
                    yield Button("Save contacts", id="save-contacts", compact=True)
            with Vertical(classes="group"):
                yield Static("Keys", classes="group-title")
                yield Static("Pick an action, then press the key you want for it.", classes="hint wide")
                with Horizontal(classes="row"):
                    yield Label("Action", classes="label")
                    yield Select(self._binding_options(), prompt="Choose an action", compact=True, id="binding")
                with Horizontal(classes="row buttons"):
                    yield Button("Choose a new key", id="capture-key", disabled=True, compact=True)
                    yield Button("Back to the usual keys", id="reset-keys", compact=True)
        yield CoachFooter()

    def on_mount(self) -> None:
        self.app.use_store(self)

    def on_store_ready(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="settings-load")
    def reload(self) -> None:
        """Fresh values from the database: another screen (e.g. the taper plan) may have changed one."""
        from coach.store.settings import read_settings

        store = self.app.store
        if store is None:
            return
        with store.session() as db:
            values = read_settings(db)
        self.app.call_from_thread(self._show_values, values)

    def _show_values(self, values: dict[str, Any]) -> None:
        self.app.settings.update(values)
        shown = {**values, "default_exercise": values["default_exercise"] or "",
                 "default_exercise_minutes": values["default_exercise_minutes"] or 0}
        for key in ("theme", "day_start_hour", "peg_day", "rerate_every_days", "opioid_duration", "default_exercise",
                    "default_exercise_minutes"):
            select = self.query_one(f"#{key}", Select)
            if select.value != shown[key]:
                select.value = shown[key]
        for key in ("reduced_motion", "mouse"):
            checkbox = self.query_one(f"#{key}", Checkbox)
            if checkbox.value != values[key]:
                checkbox.value = values[key]

    # --- options ----------------------------------------------------------------------------
    def _exercise_options(self) -> list[tuple[str, str]]:
        from coach.content import load_exercises

        return [("A different one each day", "")] + [
            (exercise.title, exercise_id) for exercise_id, exercise in load_exercises().items()
        ]

    def _binding_options(self) -> list[tuple[Text, str]]:
        keymap = self.app.settings.get("keymap") or {}
        options = []
        for binding_id, description, keys in known_bindings(self.app):
            current = keymap.get(binding_id, keys)  # (keys from a settings import are shown as written)
            options.append((literal(f"{description}: {current}", one_line=True), binding_id))
        return options

    # --- changes ----------------------------------------------------------------------------
    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        key = event.select.id
        if key == "binding":
            self.query_one("#capture-key", Button).disabled = event.value is Select.NULL
            return
        if key is not None and event.value is not Select.NULL:
            self.change(key, event.value)

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id is not None:
            event.checkbox.label = _toggle_label(event.checkbox.id, event.value)
            self.change(event.checkbox.id, event.value)

    def change(self, key: str, value: Any) -> None:
        if key in ("default_exercise", "default_exercise_minutes") and value in ("", 0):
            value = None  # "a different one each day" / "its usual length"
        if key != "care_team" and self.app.settings.get(key, DEFAULTS.get(key)) == value:
            return
        self.save(key, value)

    @work(thread=True, group="settings-save")
    def save(self, key: str, value: Any) -> None:
        from coach.store.settings import SettingError, save_setting

        store = self.app.store
        if store is None:
            self.app.call_from_thread(self._show_status, "Still opening your data; try again in a moment.", True)
            return
        try:
            with store.session() as db:
                stored = save_setting(db, key, value)
        except SettingError as exc:
            self.app.call_from_thread(self._show_status, str(exc), True)
            return
        self.app.call_from_thread(self._saved, key, stored)

    def _saved(self, key: str, value: Any) -> None:
        self.app.settings[key] = value  # at once, so the next change compares with it
        self.app.post_message(SettingChanged(key, value))  # the app makes the look and keys follow
        note = "Saved."
        if key == "mouse" and not self.app.mouse_switches_now:
            note = "Saved. The mouse setting takes effect the next time you open coach."
        if key == "keymap":
            self.query_one("#binding", Select).set_options(self._binding_options())
            self.query_one("#capture-key", Button).disabled = True
        self._show_status(note, False)

    def _show_status(self, text: str, problem: bool) -> None:
        status = self.query_one("#settings-status", Static)
        status.update(literal(text))  # a refused value is quoted in the message: shown as written
        status.set_class(problem, "problem")

    # --- care team ----------------------------------------------------------------------------
    @on(Button.Pressed, "#save-contacts")
    def _save_contacts(self) -> None:
        self.save("care_team", care_team_value(self))

    @on(Input.Submitted, "#care-team Input")
    def _contact_submitted(self) -> None:
        self.focus_next()

    # --- keys ---------------------------------------------------------------------------------
    @on(Button.Pressed, "#capture-key")
    def _capture_pressed(self) -> None:
        select = self.query_one("#binding", Select)
        if select.value is Select.NULL:
            return
        binding_id = str(select.value)
        description = next((d for bid, d, _ in known_bindings(self.app) if bid == binding_id), binding_id)

        def chosen(key: str | None) -> None:
            if key is None:
                return
            keymap = dict(self.app.settings.get("keymap") or {})
            keymap[binding_id] = key
            self.save("keymap", keymap)

        self.app.push_screen(KeyCaptureScreen(description), chosen)

    @on(Button.Pressed, "#reset-keys")
    def _reset_pressed(self) -> None:
        if self.app.settings.get("keymap"):
            self.save("keymap", {})
        else:
            self._show_status("You are already using the usual keys.", False)

    def action_close(self) -> None:
        self.dismiss()
