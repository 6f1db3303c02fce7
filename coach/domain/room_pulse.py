"""Room pulse: a show-of-hands tally of how loud the alarm is in the room, before and after practising
together. Counts per band only, never names; kept on screen, never saved."""

from __future__ import annotations

from dataclasses import dataclass

# The same three bands as the distress scale, read from the room's point of view.
BANDS: tuple[tuple[str, str], ...] = (("quiet", "quiet (0-3)"), ("loud", "loud (4-6)"), ("very-loud", "very loud (7-10)"))
MAX_HANDS = 999


class PulseError(ValueError):
    """A tally that is not a whole number of hands; str() says which band and why."""


def parse_tally(raw: dict[str, str]) -> tuple[int, ...]:
    """Counts per band from what the facilitator typed (blank = 0)."""
    counts = []
    for key, label in BANDS:
        text = (raw.get(key) or "").strip()
        if not text:
            counts.append(0)
            continue
        if not text.isdigit() or int(text) > MAX_HANDS:
            raise PulseError(f"{label}: a number of hands from 0 to {MAX_HANDS}")
        counts.append(int(text))
    if not any(counts):
        raise PulseError("no hands counted yet")
    return tuple(counts)


@dataclass
class RoomPulse:
    before: tuple[int, ...] | None = None
    after: tuple[int, ...] | None = None

    @property
    def next_moment(self) -> str:
        """Which tally to take next: before the exercise until that is in, then after."""
        return "before" if self.before is None else "after"

    def record(self, moment: str, counts: tuple[int, ...]) -> None:
        if moment not in ("before", "after") or len(counts) != len(BANDS):
            raise ValueError(f"bad room pulse {moment!r} {counts!r}")
        setattr(self, moment, counts)

    def chart(self, width: int = 20) -> list[str]:
        """A small text chart: one bar per band, before and after side by side."""
        taken = [(name, counts) for name, counts in (("before", self.before), ("after", self.after)) if counts]
        if not taken:
            return []
        biggest = max(max(counts) for _, counts in taken) or 1
        label_width = max(len(label) for _, label in BANDS)
        lines = []
        for name, counts in taken:
            lines.append(f"{name.capitalize()} ({sum(counts)} hands)")
            for (_, label), count in zip(BANDS, counts):
                bar = "█" * round(count / biggest * width)
                lines.append(f"  {label:<{label_width}}  {bar} {count}")
        return lines
