"""The footer every screen uses: like Textual's, but Help and Quit never scroll off, and it is rebuilt only
when the keys it shows (or the room it has) actually change."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTIONS = ("help", "app.help")
QUIT_ACTIONS = ("quit", "app.quit")


def shown_keys(screen: Any) -> tuple[Any, ...]:
    """What the footer displays for `screen`: each shown binding's key, label, action and state."""
    return tuple(
        (key, binding.key_display, binding.description, binding.action, enabled, tooltip, binding.group)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show
    )


def key_width(key: FooterKey) -> int:
    """Cells a compact FooterKey takes: "key description" and its one-cell margin (or the palette's border)."""
    return cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0) + 1


def arranged(widgets: list[Widget], width: int) -> list[Widget]:
    """Help first; when the keys do not fit in `width` cells, the command palette key goes (ctrl+p still
    works) and, if that is not enough, Quit comes second, so what is cut off is a screen's own extra keys."""
    first = [w for w in widgets if isinstance(w, FooterKey) and w.action in HELP_ACTIONS]
    ordered = first + [w for w in widgets if w not in first]
    keys = [w for w in ordered if isinstance(w, FooterKey)]
    if sum(key_width(key) for key in keys) <= width:
        return ordered
    ordered = [w for w in ordered if not w.has_class("-command-palette")]
    if sum(key_width(key) for key in keys if not key.has_class("-command-palette")) <= width:
        return ordered
    quits = [w for w in ordered if isinstance(w, FooterKey) and w.action in QUIT_ACTIONS]
    return first + quits + [w for w in ordered if w not in first and w not in quits]


class CoachFooter(Footer):
    """Help / Safety and Quit must stay visible at 80 columns, however many keys a screen adds.

    Textual's Footer recomposes (a new FooterKey per binding, each styled and laid out) whenever the
    screen's bindings are re-checked: on every focus change, mount and `refresh_bindings()`. Most of
    those change nothing it shows, so the recompose is skipped when the shown keys and the width are the same.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)
        self._composed_keys: tuple[Any, ...] | None = None
        self.composes = 0  # how many times the keys were built (for tests)

    def _room(self) -> int:
        """The footer's width, or before its first layout the screen's (a footer spans its screen or form)."""
        return self.size.width or (self.screen.size.width if self.is_attached else 0) or self.app.size.width

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        if self._bindings_ready and self.screen.is_modal:
            # Textual leaves the app's keys out of a pop-up form's footer; Help and Quit still work there
            # (priority keys), so they are shown too.
            shown = {w.action for w in widgets if isinstance(w, FooterKey)}
            for binding in getattr(self.app, "always_shown_bindings", list)():
                if binding.action not in shown and f"app.{binding.action}" not in shown:
                    shown.add(binding.action)
                    widgets.append(FooterKey(
                        binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                        tooltip=binding.tooltip,
                    ).data_bind(compact=Footer.compact))
        if self._bindings_ready:
            self._composed_keys = (shown_keys(self.screen), self._room())
            self.composes += 1
        yield from arranged(widgets, self._room())

    async def recompose(self) -> None:
        if (
            self._composed_keys is not None and self.is_attached
            and (shown_keys(self.screen), self._room()) == self._composed_keys
        ):
            return
        await super().recompose()

    def on_resize(self, event: events.Resize) -> None:
        if self._composed_keys is not None and event.size.width != self._composed_keys[1]:
            self.call_after_refresh(self.recompose)
