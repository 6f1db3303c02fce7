"""When Python's full garbage-collection pass runs: at a pause in typing, not on a key.

The full pass walks every tracked object that is not frozen (after start-up, mostly Textual's render
caches: about 30k objects and 16 ms on the bench machine), and Python starts it on whichever allocation
happens to tip the count, often in the middle of a key press. A key must answer within one frame
(DESIGN section 6), so coach lets Python put off the full pass (young generations are collected as
usual) and runs it when the person has paused for a moment; if they never pause, Python still runs it
itself, later than usual.
"""

from __future__ import annotations

import gc

# Python's own rule: a full pass is due after 10 collections of the middle generation.
DUE_AFTER = 10
# Until then Python waits this many, so a long burst of keys still gets collected in the end.
SAFETY_NET = 100
# Seconds without a key or a click that count as a pause.
PAUSE_S = 1.0


class PauseCollector:
    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None

    def install(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _old = self._saved
            gc.set_threshold(young, middle, SAFETY_NET)

    def uninstall(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def collect_if_due(self) -> bool:
        """Run the full pass now if Python would have by its own rule; True when it ran."""
        if gc.get_count()[2] >= DUE_AFTER:
            gc.collect()
            return True
        return False
