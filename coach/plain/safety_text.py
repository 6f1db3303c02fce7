"""Help and safety as plain lines (the Help screen's text, coach/content/safety.py), for the plain prompts."""

from __future__ import annotations

from coach import NOT_A_MEDICAL_DEVICE
from coach.content import safety
from coach.domain.literal_text import clean


def help_lines(care_team: list[tuple[str, str]]) -> list[str]:
    """Emergency signs, the 988 line, staying safe on a taper, the prescriber, the care team's numbers."""
    lines = ["", "HELP AND SAFETY", "", f"{safety.EMERGENCY_TITLE}:"]
    lines += [f"  - {sign}" for sign in safety.EMERGENCY_SIGNS]
    lines += [safety.EMERGENCY_ACTION, "", f"{safety.CRISIS_TITLE}:"]
    lines += [f"  - {line}" for line in safety.CRISIS_LINES]
    lines += ["", f"{safety.TAPER_SAFETY_TITLE}:"]
    lines += [f"  - {line}" for line in safety.TAPER_SAFETY_LINES]
    lines += ["", f"{safety.PRESCRIBER_TITLE}:"]
    lines += [f"  - {line}" for line in safety.PRESCRIBER_LINES]
    lines += ["", "Your care team:"]
    if care_team:
        lines += [f"  - {label}: {clean(detail, one_line=True)}" for label, detail in care_team]
    else:
        lines.append("  No numbers saved yet. Add them in Settings in the app (press , on Home).")
    lines += ["", NOT_A_MEDICAL_DEVICE, safety.SOURCES, ""]
    return lines

