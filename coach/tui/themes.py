"""Named themes: the projector theme (high contrast, for a room) beside Textual's own."""

from __future__ import annotations

from textual.theme import Theme

PROJECTOR = Theme(
    name="projector",
    primary="#FFD700",
    secondary="#00E5FF",
    accent="#FFFFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#39FF14",
    warning="#FFD700",
    error="#FF5C5C",
    dark=True,
    variables={
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFD700",
        "footer-key-foreground": "#FFD700",
        "border": "#FFFFFF",
        # Muted text must still read from the back of a room: light grey, not a dimmed foreground.
        "text-muted": "#D0D0D0",
    },
)

COACH_THEMES = (PROJECTOR,)
PROJECTOR_THEME = PROJECTOR.name

# What projector mode shows instead of a personal free-text note.
HIDDEN_IN_PROJECTOR = "(hidden in projector mode)"
