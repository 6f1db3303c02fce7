"""Choices offered for settings, as plain data: themes, opioid duration, weekdays, care-team roles."""

from __future__ import annotations

from typing import Any

from coach.domain.days import DEFAULT_DAY_START_HOUR

# Themes offered in Settings. "ansi-dark" / "ansi-light" draw with the terminal's own palette.
THEME_CHOICES: dict[str, str] = {
    "textual-dark": "Dark",
    "textual-light": "Light",
    "projector": "Projector (high contrast)",
    "ansi-dark": "Your terminal's colours (dark)",
    "ansi-light": "Your terminal's colours (light)",
    "nord": "Nord",
    "gruvbox": "Gruvbox",
    "solarized-light": "Solarized light",
    "solarized-dark": "Solarized dark",
    "catppuccin-latte": "Catppuccin latte",
    "tokyo-night": "Tokyo night",
    "catppuccin-mocha": "Catppuccin mocha",
    "catppuccin-frappe": "Catppuccin frappé",
    "catppuccin-macchiato": "Catppuccin macchiato",
    "dracula": "Dracula",
    "monokai": "Monokai",
    "flexoki": "Flexoki",
    "rose-pine": "Rosé Pine",
    "rose-pine-moon": "Rosé Pine moon",
    "rose-pine-dawn": "Rosé Pine dawn",
    "atom-one-dark": "Atom One dark",
    "atom-one-light": "Atom One light",
}

OPIOID_DURATIONS: dict[str, str] = {
    "under_a_year": "Less than a year",
    "a_year_or_more": "A year or more",
    "not_sure": "Not sure",
}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

CARE_TEAM_ROLES: dict[str, str] = {
    "prescriber": "Prescriber",
    "pain_psychologist": "Pain psychologist",
    "physical_therapist": "Physical therapist",
}

ONBOARDING_STEPS = ("welcome", "practice", "medication", "care_team", "ladder", "taper")

# Every setting's value when the user has not chosen one.
DEFAULTS: dict[str, Any] = {
    "theme": "textual-dark",
    "reduced_motion": False,
    "mouse": True,
    "day_start_hour": DEFAULT_DAY_START_HOUR,
    "opioid_duration": "not_sure",
    "default_exercise": None,  # None: the session suggests a different exercise each day
    "default_exercise_minutes": None,  # None: each exercise's own usual length
    "peg_day": 0,
    "rerate_every_days": 14,  # how often the ladder is re-rated 0–100; 0 = never asked
    "keymap": {},
    "care_team": [],
    "onboarding_done": False,
    "onboarding_step": "welcome",
    # Recorded on the Taper plan screen for the care-team report (issue 23): None / "" = not given.
    "naloxone_at_home": None,
    "sedating_medicines": "",
    "visit_questions": "",
}


def care_team_details(contacts: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(role label, 'Dr Lee, 555 0100') for each saved contact, in role order."""
    by_role = {contact["role"]: contact for contact in contacts}
    details = []
    for role, label in CARE_TEAM_ROLES.items():
        contact = by_role.get(role)
        if contact is not None:
            details.append((label, ", ".join(part for part in (contact["name"], contact["phone"]) if part)))
    return details


def care_team_lines(contacts: list[dict[str, str]]) -> list[str]:
    """'Prescriber: Dr Lee, 555 0100' lines, in role order."""
    return [f"{label}: {detail}" for label, detail in care_team_details(contacts)]
