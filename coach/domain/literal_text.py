"""Text a person typed or a file brought, made safe for a terminal: control characters shown as signs.
Plain Python, used by the widgets' Shown (coach/widgets/shown.py) and by the plain prompts and commands."""

from __future__ import annotations

import re

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
