"""How a value a person typed or a file brought is shown: literally (never markup), without terminal control
characters, and hidden in projector mode on the person's own data when it is private.

Every screen shows such values through here: `literal()` for text that is never private, and the app's
`Shown` (`app.shown`) for the rest, so the one rule about what a room may see lives in this module.
"""

from __future__ import annotations

import re

from rich.text import Text

from coach.tui.themes import HIDDEN_IN_PROJECTOR

# What a value is, for deciding whether projector mode hides it. Private: what a person would not choose to
# say aloud to a room. Scales (pain, tolerability, distress) and shipped content are not private.
PRIVATE_KINDS = frozenset({
    "words",  # anything typed: notes, goals, feared outcomes, ladder steps, reflections, answers corrected
    "care_team",  # names and phone numbers
    "medication",  # drugs, strengths, doses, medication notes
    "mme",  # MME/day and anything computed from doses
    "taper",  # taper steps, their dates and pace
    "dose_timing",  # dose timing and extra doses
    "signs",  # withdrawal and warning signs
})
PUBLIC_KINDS = frozenset({"label", "content", "scale"})

# Characters that would act on the terminal or reorder what is shown: C0 controls, DEL, C1 controls, and
# bidirectional embeddings, overrides, isolates and the invisible direction marks (LRM, RLM, ALM).
# Newlines and tabs are handled before this.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n|[\r\n\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ESC shows as ␛, BEL as ␇
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean(value: object, *, one_line: bool = False) -> str:
    """`value` as plain text safe for a terminal: every control character replaced by a visible sign.

    Line breaks (CR LF, CR, LF, U+2028/2029) become "\\n", or a space when `one_line`; tabs become a space.
    """
    text = "" if value is None else str(value)
    text = _NEWLINES.sub(" " if one_line else "\n", text).replace("\t", " ")
    return _CONTROL.sub(_visible, text)


def literal(value: object, *, one_line: bool = False, style: str = "") -> Text:
    """`value` as a Text shown exactly as written: no markup, no control characters."""
    return Text(clean(value, one_line=one_line), style=style)


class Shown:
    """The app's rule for showing values: with `hide_private` (projector mode on a person's own data, where
    a room is watching) private values read HIDDEN_IN_PROJECTOR; everything is shown literally."""

    def __init__(self, *, hide_private: bool = False) -> None:
        self.hide_private = hide_private

    def hides(self, kind: str) -> bool:
        """Whether values of this kind are hidden now (for screens that hide a whole table or chart)."""
        if kind not in PRIVATE_KINDS and kind not in PUBLIC_KINDS:
            raise ValueError(f"unknown kind of value: {kind!r}")
        return self.hide_private and kind in PRIVATE_KINDS

    def plain(self, value: object, kind: str, *, one_line: bool = False) -> str:
        """The value as a safe plain string (for places that take a string with markup off)."""
        if self.hides(kind) and clean(value).strip():
            return HIDDEN_IN_PROJECTOR
        return clean(value, one_line=one_line)

    def text(self, value: object, kind: str, *, one_line: bool = False, style: str = "") -> Text:
        """The value as a Text to show: literal, or the hidden marker."""
        return Text(self.plain(value, kind, one_line=one_line), style=style)

    def join(self, *parts: str | Text | tuple[object, str], one_line: bool = False) -> Text:
        """A line of fixed words (str, ours, shown as written) and values (`(value, kind)` pairs)."""
        out = Text()
        for part in parts:
            if isinstance(part, tuple):
                out.append_text(self.text(part[0], part[1], one_line=one_line))
            elif isinstance(part, Text):
                out.append_text(part)
            else:
                out.append(part)
        return out


SHOW_ALL = Shown()  # for code that runs outside an app (tests, the report): nothing hidden
