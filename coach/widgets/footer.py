"""The footer every screen uses: like Textual's, but Help always comes first so it never scrolls off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class CoachFooter(Footer):
    """Help / Safety must stay visible at 80 columns, however many keys a screen adds."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = [w for w in widgets if isinstance(w, FooterKey) and w.action in ("help", "app.help")]
        yield from first + [w for w in widgets if w not in first]
