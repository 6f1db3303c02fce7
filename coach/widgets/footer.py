"""The footer every screen uses: like Textual's, but Help always comes first so it never scrolls off,
and it is rebuilt only when the keys it shows actually change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def shown_keys(screen: Any) -> tuple[Any, ...]:
    """What the footer displays for `screen`: each shown binding's key, label, action and state."""
    return tuple(
        (key, binding.key_display, binding.description, binding.action, enabled, tooltip, binding.group)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show
    )


class CoachFooter(Footer):
    """Help / Safety must stay visible at 80 columns, however many keys a screen adds.

    Textual's Footer recomposes (a new FooterKey per binding, each styled and laid out) whenever the
    screen's bindings are re-checked: on every focus change, mount and `refresh_bindings()`. Most of
    those change nothing it shows, so the recompose is skipped when the shown keys are the same.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)
        self._composed_keys: tuple[Any, ...] | None = None
        self.composes = 0  # how many times the keys were built (for tests)

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        if self._bindings_ready:
            self._composed_keys = shown_keys(self.screen)
            self.composes += 1
        first = [w for w in widgets if isinstance(w, FooterKey) and w.action in ("help", "app.help")]
        yield from first + [w for w in widgets if w not in first]

    async def recompose(self) -> None:
        if self._composed_keys is not None and self.is_attached and shown_keys(self.screen) == self._composed_keys:
            return
        await super().recompose()
