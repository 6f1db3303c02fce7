"""coach: a daily exposure-practice coach for the terminal."""

__version__ = "0.1.0"

NOT_A_MEDICAL_DEVICE = (
    "coach is a practice companion, not a medical device: it does not diagnose or treat anything, "
    "and every decision about medication is yours to make with your prescriber."
)
