"""The Help / Safety screen's text, in our own words; facts traced in shared CLINICAL.md (CDC, HHS, 988)."""

from __future__ import annotations

EMERGENCY_TITLE = "Call 911 (or your local emergency number) now if you or someone with you has"
EMERGENCY_SIGNS = (
    "slow, shallow or stopped breathing, or choking or gurgling sounds",
    "falling asleep and cannot be woken, or cannot stay awake",
    "blue, grey or pale lips or fingertips; cold, clammy skin; a limp body",
    "very small, pinpoint pupils",
    "signs of a severe allergic reaction: swelling of the face, lips, tongue or throat, "
    "trouble breathing or wheezing, hives spreading over the body, feeling faint",
)
# The back-pain red flag (possible cauda equina syndrome): emergency care, not a routine appointment.
BACK_PAIN_RED_FLAG = (
    "Get emergency care now, not a routine appointment, if back pain comes with new loss of bladder or "
    "bowel control, or new numbness around the groin."
)
EMERGENCY_ACTION = (
    "Stay with the person. If you have naloxone (Narcan), give it, and tell the call taker you did. "
    "While you wait for help, lay them on their side (the recovery position) so they cannot choke."
)
CRISIS_TITLE = "If you are thinking about suicide, or feel you cannot keep yourself safe"
CRISIS_LINES = (
    "Call or text 988, or chat at 988lifeline.org: the Suicide & Crisis Lifeline (US), free, confidential, "
    "any hour of any day.",
    "A taper can bring low mood or thoughts like these. Tell your prescriber too.",
    "Outside the US, call your local emergency number or crisis line.",
)
TAPER_SAFETY_TITLE = "Staying safe while the dose comes down"
TAPER_SAFETY_LINES = (
    "Tolerance falls with each taper step and after a break from opioids. Going back to an earlier dose, "
    "or taking extra, can now cause an overdose: talk to your prescriber first.",
    "Alcohol, sleeping pills, benzodiazepines, gabapentin or pregabalin, and other medicines that make you "
    "drowsy slow breathing too, more so with opioids. Tell your prescriber about everything you take.",
    "Ask your prescriber about keeping naloxone at home, and show the people you live with where it is "
    "and how to use it.",
)
TAPER_SAFETY_MORE = "More in Learn (n on Home): the card \"Staying safe while the dose comes down\"."
PRESCRIBER_TITLE = "Contact your prescriber (or their on-call service)"
PRESCRIBER_LINES = (
    "if withdrawal feels hard: yawning, runny nose, sweating, gooseflesh, aches, restlessness, "
    "nausea, stomach cramps or diarrhoea, anxiety, poor sleep;",
    "if pain is getting worse, or something new or frightening is happening with your body;",
    "before any change to how you take your medication. coach never changes a dose or a plan.",
)
SOURCES = (
    "Sources: CDC overdose signs and the 2022 opioid guideline (recommendations 8 and 11); HHS 2019 guide "
    "on tapering; 988 Suicide & Crisis Lifeline; standard first aid (the recovery position)."
)
