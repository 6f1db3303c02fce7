"""Rating scales and the tolerability bands used in every chart and text."""

from __future__ import annotations

from enum import StrEnum


class Band(StrEnum):
    INTOLERABLE = "intolerable"
    TOLERABLE = "tolerable"
    LIVABLE = "livable"


# Where each band starts on the 0–10 scale: the words follow the scale's whole numbers (0–3, 4–6, 7–10), so
# any number shown below 4 (3.9 included) is intolerable and anything from 7 up is livable.
TOLERABLE_FROM = 4.0
LIVABLE_FROM = 7.0


def tolerability_band(value: float) -> Band:
    """0–3 intolerable, 4–6 tolerable, 7–10 livable. Pass the number as it is shown (already rounded), so
    the word always matches it: 3.9 is intolerable, 4.0 tolerable, 6.9 tolerable, 7.0 livable."""
    if not 0 <= value <= 10:
        raise ValueError(f"tolerability must be 0–10, got {value}")
    if value < TOLERABLE_FROM:
        return Band.INTOLERABLE
    if value < LIVABLE_FROM:
        return Band.TOLERABLE
    return Band.LIVABLE


# Plain words for each scale's ends, shown beside every slider.
SCALE_ENDS: dict[str, tuple[str, str]] = {
    "pain": ("0 = no pain", "10 = worst pain you can imagine"),
    "tolerability": ("0 = intolerable", "10 = easy to live with"),
    "distress": ("0 = calm, no alarm", "10 = full alarm"),
    "sleep": ("0 = no rest at all", "10 = slept very well"),
    "mood": ("0 = very low", "10 = very good"),
    "peg_pain": ("0 = no pain", "10 = pain as bad as you can imagine"),
    "peg_enjoyment": ("0 = does not interfere", "10 = completely interferes"),
    "peg_activity": ("0 = does not interfere", "10 = completely interferes"),
    "feared_likelihood": ("0% = sure it won't happen", "100% = sure it will"),
    "difficulty": ("0 = no trouble at all", "100 = the hardest you can imagine"),
}


# The PEG's three items (Krebs et al. 2009) in their published wording, as the weekly check-in asks them
# and the FHIR export names them: (scale id, short label, question).
PEG_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("peg_pain", "Pain on average", "What number best describes your pain on average in the past week?"),
    ("peg_enjoyment", "Enjoyment of life",
     "What number best describes how, during the past week, pain has interfered with your enjoyment of life?"),
    ("peg_activity", "General activity",
     "What number best describes how, during the past week, pain has interfered with your general activity?"),
)
