"""The daily session wizard: check-in → exercise → exposure goal → (later) reflection → summary.

A package: `shell` (the screen, step indicator, navigation, keys, autosave), `step` (what every step
shares), and one module per step, each with its own .tcss where it has styles. Every answer is saved the
moment it is given, off the event loop (coach.store.drafts.Autosave), so typing never waits on the
database and a closed terminal loses at most the field being edited.
"""

from coach.screens.session.checkin import PEG_SCALES
from coach.screens.session.shell import SessionScreen, StepIndicator
from coach.screens.session.step import SessionData, StepPane
from coach.screens.session.summary import summary_message, summary_renderable

__all__ = [
    "PEG_SCALES",
    "SessionData",
    "SessionScreen",
    "StepIndicator",
    "StepPane",
    "summary_message",
    "summary_renderable",
]
