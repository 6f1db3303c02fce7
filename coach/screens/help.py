"""Help / Safety: emergency signs, the 988 line and the prescriber, one key away on every screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from coach import NOT_A_MEDICAL_DEVICE
from coach.content import safety
from coach.domain.preferences import care_team_details
from coach.widgets.footer import CoachFooter


HELP_KEYS = "F1 opens this screen from every screen in coach, even while you are typing. Esc takes you back."


def _bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"• {line}" for line in lines)


class HelpScreen(Screen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="help-close"),
        Binding("f1,question_mark", "close", "Back", show=False),
    ]

    def __init__(self, *, crisis_first: bool = False) -> None:
        super().__init__()
        # Opened from the check-in's "thoughts of ending your life": the 988 line comes before anything else.
        self.crisis_first = crisis_first

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Help and safety", id="help-title")
            if self.crisis_first:
                yield from self._crisis()
            with Vertical(classes="section emergency"):
                yield Static(safety.EMERGENCY_TITLE, classes="section-title")
                yield Static(_bullets(safety.EMERGENCY_SIGNS))
                yield Static(safety.EMERGENCY_ACTION, classes="action")
                yield Static(safety.BACK_PAIN_RED_FLAG, id="back-pain-red-flag", classes="action")
            # Emergency care comes first; the care team's numbers right after it, within the first screen at
            # 100x30 (one scroll at 80x24), before 988 and the rest.
            with Vertical(classes="section care-team"):
                yield Static("Your care team", classes="section-title")
                yield Static(self._care_team_text(), id="care-team")
            if not self.crisis_first:
                yield from self._crisis()
            with Vertical(classes="section taper-safety"):
                yield Static(safety.TAPER_SAFETY_TITLE, classes="section-title")
                yield Static(_bullets(safety.TAPER_SAFETY_LINES))
                yield Static(safety.TAPER_SAFETY_MORE, classes="more")
            with Vertical(classes="section prescriber"):
                yield Static(safety.PRESCRIBER_TITLE, classes="section-title")
                yield Static(_bullets(safety.PRESCRIBER_LINES))
            # F1 is the key that works everywhere: "?" also opens Help, but types a "?" in a text field.
            yield Static(HELP_KEYS, id="help-keys", classes="small")
            yield Static(NOT_A_MEDICAL_DEVICE, classes="small")
            yield Static(safety.SOURCES, classes="small")
        yield CoachFooter()

    def _crisis(self) -> ComposeResult:
        with Vertical(classes="section crisis", id="crisis"):
            yield Static(safety.CRISIS_TITLE, classes="section-title")
            yield Static(_bullets(safety.CRISIS_LINES))

    def _care_team_text(self) -> str | Text:
        details = care_team_details(self.app.settings.get("care_team") or [])
        if not details and getattr(self.app, "locked", False):
            return "Your care team's numbers are in your journal: they show here once it is open."
        if not details:
            return "No numbers saved yet. Add them in Settings (press , on Home) so they are here when you need them."
        # Names and numbers are the person's own: shown literally, and hidden when a room is watching.
        return Text("\n").join(
            self.app.shown.join(f"• {label}: ", (detail, "care_team"), one_line=True) for label, detail in details
        )

    def action_close(self) -> None:
        self.dismiss()
