"""The Textual app: wires screens, bindings, themes and the store.

Start-up is built for a fast, light first screen: Home is the app's first screen (painted in the first
frame), its numbers and the settings are read with plain sqlite3, and the SQLModel store (SQLAlchemy,
pydantic: most of the start-up time and memory) opens in a worker thread only when a screen first needs
it. Screens ask for it with `app.use_store(self)` (then `on_store_ready()` is called) or
`await app.wait_for_store()`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.screen import Screen

from coach.tui.app_store import StoreOnDemand
from coach.domain.days import DEFAULT_DAY_START_HOUR, coach_day, local_now
from coach.tui.gcpolicy import PAUSE_S, PauseCollector
from coach.tui.key_order import KeysInOrder
from coach.tui.places import PLACES, RECORDING_SCREENS, SCREENS_BY_NAME
from coach.tui.themes import COACH_THEMES, PROJECTOR_THEME
from coach.widgets.shown import Shown

if TYPE_CHECKING:
    from coach.tui.messages import SettingChanged  # (handled by name: nothing to load at start)
    from coach.paths import DbTarget
    from coach.store.engine.cipher import Passphrase
    from coach.store.engine.db import Store
    from coach.store.queries.status import StartupSettings

    # Given a passphrase (in a worker thread): the unlocked journal and its settings, or StoreError.
    Unlock = Callable[[Passphrase], tuple[DbTarget, StartupSettings]]


NOT_RECORDING = (
    "Projector mode keeps your journal as it is: nothing is recorded. "
    "To practise and save, start coach with --record (or without --projector)."
)


def _library_commands() -> type[Provider]:
    """Palette entries for every exercise and learn card, imported when the palette first opens."""
    from coach.tui.commands import LibraryCommands

    return LibraryCommands


class CoachApp(StoreOnDemand, KeysInOrder, App[None]):
    """coach's TUI. Build it with make_app(); the store arrives through `store_opener`.

    KeysInOrder: keys that arrive in one read (a paste, ssh, tmux send-keys) land field by field, as when
    typed slowly; Textual alone sends them all to the field focused first (docs/upstream-key-order.md).
    """

    TITLE = "coach"
    # Home's styles load with the app's (see get_default_screen); a pushed screen's own CSS_PATH is read
    # when it first opens.
    CSS_PATH = ["app.tcss", "../screens/home.tcss"]
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_library_commands}
    BINDINGS = [
        # F1 is a priority binding so it works over pop-up forms too; "?" is not, so it can be typed.
        Binding("f1", "help", "Help", id="help", priority=True, tooltip="Emergency signs, 988, your care team"),
        Binding("question_mark", "help", "Help", id="help-question", show=False),
        # Priority, as Textual's own ctrl+q is, so it works (and shows) over pop-up forms too.
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        # Projector mode only (see check_action): one key moves a room through steps, cards and prompts.
        Binding("space,enter", "advance", "Next", id="advance"),
    ]

    def __init__(
        self,
        store_opener: Callable[[], Store],
        *,
        start: str | Callable[[], Screen[Any]] = "home",
        clock: Callable[[], datetime] = local_now,
        onboarding: bool = False,
        projector: bool = False,
        demo: bool = False,
        record: bool = False,
        quick_target: DbTarget | None = None,
        settings: StartupSettings | None = None,
        unlock: Unlock | None = None,
    ) -> None:
        # The passphrase screen is the first screen itself (drawn in the first frame), so its styles load
        # with the app's, as Home's do; only when there is a passphrase to ask for.
        super().__init__(css_path=[*self.CSS_PATH, "../screens/unlock.tcss"] if unlock is not None else None)
        # An encrypted journal: the passphrase screen comes first, and nothing is read until it is right.
        self._unlock = unlock
        # Where Home may read its numbers with plain sqlite3 while the SQLModel store is still opening.
        self.quick_target = quick_target
        self.projector = projector  # facilitator mode: projector theme, roomier layout, personal data hidden
        self.demo = demo  # synthetic data: nothing personal, so projector mode may show it in full
        # How every screen shows what a person typed or an import brought (literally; private values hidden
        # in projector mode on a person's own data).
        self.shown = Shown(hide_private=projector and not demo)
        # Projector mode on own data writes nothing to the journal unless the person asked (`--record`).
        self.recording = not projector or demo or record
        self._store_opener = store_opener
        self._onboarding = onboarding
        self._start = start
        self._clock = clock
        self.store: Store | None = None
        # Settings read before start (sqlite3) when the launcher could; otherwise the store brings them.
        self._early_settings = settings
        self._early_home = settings.home if settings is not None else None
        self.settings: dict[str, Any] = dict(settings.values) if settings is not None else {}
        self.startup_error: str | None = None
        self._quit_asked = False  # answers unsaved on quit are asked about once; a second quit keeps them and goes
        self._theme_is_stored = settings is not None and "theme" in settings.stored
        self._store_requested = False
        self._waiting_for_store: list[Any] = []  # screens to call on_store_ready() on once it opens
        self._collector = PauseCollector()
        self._pause_timer: Any = None
        self._applied_keymap: dict[str, str] = {}
        self.store_ready = asyncio.Event()
        self._store_settled = asyncio.Event()  # opened, or failed for good (then startup_error says why)
        for theme in COACH_THEMES:
            self.register_theme(theme)
        if self._theme_is_stored and not projector and self.settings["theme"] in self.available_themes:
            # Before the stylesheet is first built: a theme set later has Textual parse every style again.
            self.theme = self.settings["theme"]

    # --- time -------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return coach_day(self.now(), int(self.settings.get("day_start_hour", DEFAULT_DAY_START_HOUR)))

    # --- start-up ---------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        """Home is the first screen itself, so the very first frame shows it (a blank default screen with
        Home pushed over it costs a second frame: measured in bench/). Its styles are in CSS_PATH above,
        because Textual loads a screen's own CSS_PATH only for pushed screens. A screen run on its own
        (`coach exercise NAME`) goes over a blank one instead."""
        if self.locked:
            from coach.screens.unlock import UnlockScreen

            return UnlockScreen()
        if callable(self._start):
            return super().get_default_screen()
        from coach.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self._collector.install()
        if self.projector:
            self.theme = PROJECTOR_THEME
            self.add_class("-projector")
        if self.locked:
            return  # the passphrase screen is up; the rest happens once it is right (_unlocked)
        if self._early_settings is not None:
            self._settings_known()
        self._open_start()

    def _open_start(self) -> None:
        if callable(self._start):
            # One screen on its own (e.g. `coach exercise NAME`): the app ends when that screen does.
            self.push_screen(self._start(), callback=lambda _result: self.exit())
        elif self._start != "home":
            self.action_open(self._start)

    def on_ready(self) -> None:
        # Without settings read ahead (an in-memory or server database, the demo, tests) the store brings
        # them, so it opens now, after the first frame. Otherwise it waits until a screen needs it.
        if self._early_settings is None and not self.locked:
            self.request_store()
        elif self.recording and not self.locked and self.quick_target is not None:
            from coach.store.recovery import unsaved_for

            if unsaved_for(self.quick_target):
                self.request_store()  # answers kept when coach last quit: the store opens to offer them

    # --- an encrypted journal -------------------------------------------------------------
    @property
    def locked(self) -> bool:
        """True while an encrypted journal waits for its passphrase: no screen may read it yet."""
        return self._unlock is not None

    def unlock_journal(self, passphrase: Passphrase) -> None:
        """In a worker thread (the passphrase screen's): open the journal, or raise StoreError."""
        assert self._unlock is not None
        target, settings = self._unlock(passphrase)
        self.call_from_thread(self._unlocked, target, settings)

    def _unlocked(self, target: DbTarget, settings: StartupSettings) -> None:
        """The passphrase was right: start as an unencrypted journal would have, in place of its screen."""
        self._unlock = None
        self.quick_target = target
        self._early_settings = settings
        self._early_home = settings.home
        self.settings = dict(settings.values)
        self._theme_is_stored = "theme" in settings.stored
        if not callable(self._start):
            from coach.screens.home import HomeScreen

            # Over the passphrase screen, which stays beneath, emptied (Textual cannot switch away from
            # the first screen); Home never closes, so it is not seen again.
            self.push_screen(HomeScreen())
        self._settings_known()
        self._open_start()
        if self._waiting_for_store:
            self.request_store()

    def startup_failed(self, message: str) -> None:
        """End the app with `message` as its one line on stderr (exit 2)."""
        self.startup_error = message
        self.exit(return_code=2)

    def _settings_known(self) -> None:
        """Apply the settings once they are first known, and show the welcome tour if it is still due."""
        self.apply_settings(theme=self._theme_is_stored)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if (
            self._onboarding and self._start == "home" and self.recording
            and not self.settings.get("onboarding_done")
        ):
            self.action_open("onboarding")

    def take_early_home(self) -> tuple[int, Any, int | None] | None:
        """Home's numbers as read before start (once: later visits read afresh)."""
        numbers, self._early_home = self._early_home, None
        return numbers

    async def action_quit(self) -> None:
        """Quit; with answers the journal could not take, ask once (wait / quit anyway, keeping them)."""
        from coach.tui.unsaved import ask_before_quitting, quit_keeping_answers

        if self._quit_asked:
            quit_keeping_answers(self)
            return
        self._quit_asked = True
        if not ask_before_quitting(self):
            quit_keeping_answers(self)

    # --- errors: the journal never ends up on the screen or in a terminal's scrollback ----------
    def _handle_exception(self, error: Exception) -> None:
        """A damaged database met mid-screen (a page gone bad since start-up), or a journal's server gone,
        ends the app with the same one line as every command, exit 2, instead of a traceback."""
        from coach.store.engine.disk_trouble import damage_in, damaged
        from coach.store.engine.server import server_problem_in

        problem = damage_in(error)
        server = server_problem_in(error)  # a journal's server gone while a screen read (the wizard keeps answers)
        if problem is None and server is None:
            super()._handle_exception(error)
            return
        where = self.quick_target.describe() if self.quick_target else "the database"
        self.startup_error = str(server) if server is not None else str(damaged(where, problem))
        self.exit(return_code=2)

    def _fatal_error(self) -> None:
        """Textual's own report of an unexpected error prints every frame's local variables, which here
        may hold what a person wrote in their journal: the same traceback, without the locals."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    # --- settings ---------------------------------------------------------------------------
    def apply_settings(self, *, theme: bool = True) -> None:
        """Make the look and keys follow `self.settings` (at start and after every change in Settings)."""
        name = self.settings.get("theme", "textual-dark")
        # Projector mode keeps its high-contrast theme whatever the stored setting says.
        if theme and not self.projector and name in self.available_themes and name != self.theme:
            self.theme = name
        level = "none" if self.settings.get("reduced_motion") else "full"
        if level != self.animation_level:
            self.animation_level = level
        keymap = dict(self.settings.get("keymap") or {})
        if keymap != self._applied_keymap:
            self._applied_keymap = keymap
            self.set_keymap(keymap)
        self._apply_mouse(bool(self.settings.get("mouse", True)))

    def _apply_mouse(self, enabled: bool) -> bool:
        """Switch mouse reporting now where the terminal driver allows it; True when it took effect."""
        driver = self._driver
        if driver is None or not hasattr(driver, "_enable_mouse_support"):
            return False
        if enabled == driver._mouse:
            return True
        if enabled:
            driver._mouse = True
            driver._enable_mouse_support()
        else:
            driver._disable_mouse_support()
            driver._mouse = False
        return True

    def _remember_theme(self, theme: Any) -> None:
        """A theme picked anywhere (Settings or Textual's own "Change theme" command) is kept for next time."""
        from coach.domain.preferences import THEME_CHOICES

        if self.projector:  # projector mode's theme belongs to the mode, not to the person's settings
            return
        if theme.name in THEME_CHOICES and theme.name != self.settings.get("theme") and self.recording:
            self.settings["theme"] = theme.name
            self._save_theme(theme.name)

    @work(group="theme-save", exit_on_error=False)
    async def _save_theme(self, name: str) -> None:
        if await self.store_opens():
            await asyncio.to_thread(_save_setting, self.store, "theme", name)

    def on_setting_changed(self, message: SettingChanged) -> None:
        """A screen (Settings, the welcome tour) has stored a new value."""
        self.settings[message.key] = message.value
        self.apply_settings()

    @property
    def mouse_switches_now(self) -> bool:
        """True when the terminal lets the mouse setting take effect at once (else: next time coach opens)."""
        return self._driver is not None and hasattr(self._driver, "_enable_mouse_support")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self._input_seen()
        await super().on_event(event)

    def _input_seen(self) -> None:
        """A key or click: (re)start the wait for a pause, when the garbage collector may run."""
        if self._pause_timer is None:
            self._pause_timer = self.set_timer(PAUSE_S, self._paused, name="pause")
        else:
            self._pause_timer.reset()

    def _paused(self) -> None:
        self._pause_timer = None
        self._collector.collect_if_due()

    def on_unmount(self) -> None:
        self._collector.uninstall()
        if self.store is not None:
            self.store.close()

    # --- actions ----------------------------------------------------------------------------
    def action_help(self) -> None:
        """Open Help / Safety; pressed again on it, go back to where you were."""
        from coach.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.action_open("help")

    def always_shown_bindings(self) -> list[Binding]:
        """Help and Quit, with the person's own keys: the footer shows them on every screen, pop-up forms too."""
        return [binding for _key, binding in self._bindings if binding.id in ("help", "quit")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance":  # shown in the Footer only when the key would do something
            return self.projector and self._advance_target() is not None
        return True

    def _advance_target(self) -> str | None:
        from textual.widgets import Button

        from coach.screens.home import HomeScreen

        if hasattr(self.screen, "action_advance"):
            return "screen"
        if isinstance(self.focused, Button):
            return "button"
        if isinstance(self.screen, HomeScreen) and "exercises" in SCREENS_BY_NAME:
            return "exercises"
        return None

    async def action_advance(self) -> None:
        """Projector mode's one key: the screen's own `action_advance` (next step, card, prompt) if it has
        one; otherwise press the focused button; on Home with nothing focused, open the exercise library."""
        target = self._advance_target()
        if target == "screen":
            await self.screen.run_action("advance")
        elif target == "button":
            self.focused.press()
        elif target == "exercises":
            self.action_open("exercises")

    def may_record(self) -> bool:
        """True when the journal may be written; otherwise say once why nothing happens (projector mode)."""
        if not self.recording:
            self.notify(NOT_RECORDING, title="Nothing recorded", timeout=8)
        return self.recording

    def action_open(self, name: str) -> None:
        """Open a named screen (see SCREENS_BY_NAME) unless it is already on top (while the journal is
        locked, Help only)."""
        import importlib

        if self.locked and name != "help":
            return
        if name in RECORDING_SCREENS and not self.may_record():
            return
        if name == "corrections" and self.shown.hide_private:  # a list of one's own answers, for one's eyes
            self.notify("Corrections show your own answers: open them outside projector mode.", timeout=8)
            return
        module_name, class_name = SCREENS_BY_NAME[name].split(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        if not isinstance(self.screen, screen_class):
            self.push_screen(screen_class())

    def action_start_session(self) -> None:
        """Open today's session (resuming where it stopped); the wizard records the start and shows
        "loading" until the store has opened."""
        self.action_open("session")

    def action_reflect(self) -> None:
        """Open today's reflection: how the exposure goal went."""
        from coach.screens.session import SessionScreen

        if not isinstance(self.screen, SessionScreen) and self.may_record():
            self.push_screen(SessionScreen(step="reflection"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Help and safety", "Emergency signs, the 988 line, your care team", self.action_help)
        if self.locked:
            yield from super().get_system_commands(screen)
            return
        yield SystemCommand(
            "Correct an entry", "Fix a typo in a check-in, goal or reflection; the original is kept",
            lambda: self.action_open("corrections"),
        )
        yield SystemCommand(
            "Welcome tour", "What daily practice is, your care team, a first ladder", lambda: self.action_open("onboarding")
        )
        yield SystemCommand("Start today's session", "Check in, practise, set today's goal", self.action_start_session)
        yield SystemCommand("How did it go?", "Reflect on today's exposure goal", self.action_reflect)
        for name, _key, title, help_text in PLACES:
            yield SystemCommand(title, help_text, partial(self.action_open, name))
        yield from super().get_system_commands(screen)


def make_app(
    store_opener: Callable[[], Store],
    *,
    start: str | Callable[[], Screen[Any]] = "home",
    clock: Callable[[], datetime] = local_now,
    onboarding: bool = False,
    projector: bool = False,
    demo: bool = False,
    record: bool = False,
    quick_target: DbTarget | None = None,
    settings: StartupSettings | None = None,
    unlock: Unlock | None = None,
) -> CoachApp:
    """The factory the CLI, tests and snapshot apps use: dependencies come in, nothing global.

    `start` names a screen in SCREENS_BY_NAME to open over Home, or builds a screen to run on its own.
    `onboarding=True` (the normal TUI only) shows the welcome tour until it has been finished or skipped.
    `quick_target` lets Home show its numbers from the SQLite file before the store has opened, and
    `settings` (read from that file with sqlite3) let the store wait until a screen needs it.
    `unlock` (an encrypted journal) puts the passphrase screen first and opens the journal through it.
    `demo=True` marks synthetic data, which projector mode shows in full; in projector mode on own data
    nothing is written to the journal unless `record=True`.
    """
    return CoachApp(
        store_opener, start=start, clock=clock, onboarding=onboarding, projector=projector, demo=demo,
        record=record, quick_target=quick_target, settings=settings, unlock=unlock,
    )


def _save_setting(store: Store, key: str, value: Any) -> None:
    from coach.store.settings import save_setting

    with store.session() as db:
        save_setting(db, key, value)
