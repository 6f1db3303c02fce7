"""A one-line text field that keeps every line of a multi-line paste, and says what it did.

Textual's Input keeps only the first line of a paste and refuses a paste that would pass `max_length`,
both without a word. A reflection or a note pasted from elsewhere is often several lines: here they are
joined with " / " on the one line, and a notice says so (and says when the answer was full).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

LINE_JOINER = " / "


def join_pasted_lines(text: str) -> tuple[str, int]:
    """The pasted text on one line, and how many lines it had (blank lines carry no words: left out).
    Tabs and other control characters become spaces: typed text is shown as it is, never as codes."""
    lines = ["".join(ch if ch.isprintable() else " " for ch in line).strip() for line in text.splitlines()]
    kept = [line for line in lines if line]
    return LINE_JOINER.join(kept), len(kept)


class TextInput(Input):
    """An Input for free text (notes, reflections) that keeps a multi-line paste whole."""

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own paste handler keeps the first line only
        text, lines = join_pasted_lines(event.text)
        if not text:
            return
        start, end = sorted(self.selection)
        start, end = max(0, start), min(len(self.value), end)
        room = self.max_length - (len(self.value) - (end - start)) if self.max_length else len(text)
        left_out = max(0, len(text) - max(0, room))
        if left_out:
            text = text[: max(0, room)]
        if text:
            before = self.value
            self.replace(text, start, end)
            if self.value == before:
                return  # refused (a number field given words): Input's own bell has said so
        notes = []
        if lines > 1:
            notes.append(f"Your {lines} pasted lines are kept on this one line, joined with “/”.")
        if left_out:
            notes.append(f"This answer holds {self.max_length} characters: the last {left_out} did not fit.")
        if notes:
            self.notify(" ".join(notes), title="Pasted", severity="warning" if left_out else "information", timeout=8)
