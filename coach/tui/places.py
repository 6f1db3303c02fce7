"""The app's places: every screen that opens by name, and the ones Home lists with their keys.

A table of its own, so screens (Home, Settings, the welcome tour) read it without importing the app.
"""

from __future__ import annotations

# Screens opened by name through the app's `open` action (`app.open('ladder')`); imported only when first
# opened, so start-up stays light. Each entry is "module:Class" and the class takes no required arguments.
SCREENS_BY_NAME: dict[str, str] = {
    "home": "coach.screens.home:HomeScreen",
    "help": "coach.screens.help:HelpScreen",
    "session": "coach.screens.session:SessionScreen",
    "exercises": "coach.screens.exercises:ExercisesScreen",
    "learn": "coach.screens.learn:LearnScreen",
    "ladder": "coach.screens.ladder:LadderScreen",
    "taper": "coach.screens.taper:TaperScreen",
    "progress": "coach.screens.progress:ProgressScreen",
    "history": "coach.screens.history:HistoryScreen",
    "settings": "coach.screens.settings:SettingsScreen",
    "onboarding": "coach.screens.onboarding:OnboardingScreen",
    "corrections": "coach.screens.edit_entry:CorrectionsScreen",
}

# Screens that write to the journal as they are used: projector mode on own data opens them only with --record.
RECORDING_SCREENS = frozenset({"session", "settings", "corrections", "onboarding"})

# The places Home offers, each one key away there and listed in the command palette:
# (screen name, Home key, title, what it is for).
PLACES: tuple[tuple[str, str, str, str], ...] = (
    ("exercises", "e", "Exercises", "Breathing, grounding and mindfulness practices"),
    ("learn", "n", "Learn", "Short cards on pain, the alarm system and exposure"),
    ("ladder", "l", "Ladder", "Your avoided activities, easiest first"),
    ("taper", "t", "Taper plan", "The plan you agreed with your prescriber, with MME/day"),
    ("progress", "p", "Progress", "Charts of tolerability, pain, distress and your taper plan"),
    ("history", "y", "History", "Your past days, each one open to read"),
    ("settings", "comma", "Settings", "Theme, reduced motion, day start, your care team, keys"),
)
