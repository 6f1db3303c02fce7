"""Keys that reach the app together are applied one after another, each where focus is by then.

Textual's App takes each key from the terminal, checks the priority bindings and posts it to the widget
that has focus *now*, then takes the next key at once. Tab, though, moves focus only later, when the
key has bubbled back up to the App and its binding runs. So a burst read in one go (a paste without
bracketed paste, a fast typist over ssh, `tmux send-keys 'Dr Lee' Tab '555-0101'`) all lands in the
field that had focus first. See docs/upstream-key-order.md.

`KeysInOrder`, mixed into an App, holds a key (or paste) back until the previous one has been handled:
it follows the previous key up the same path the key bubbles along, one message queue at a time, and
lets the next key go once that walk reaches the App. Keys typed one at a time are never held; behind a
handler that is busy for more than two seconds, the held keys go on as Textual alone would send them.
"""

from __future__ import annotations

from collections import deque
from time import monotonic
from typing import Any

from textual import events
from textual.message_pump import MessagePump

# At each widget on the way up, how many times the walk lets newly queued messages go first (a Changed or
# Pressed the key caused), so it cannot be kept waiting by a widget that posts without end (a timer).
_DRAIN_ROUNDS = 3
# How often a held key checks that the walk is still alive (a widget removed with the walk in its queue).
_STALL_CHECK_S = 0.5
# The longest keys are held behind the one before them (a handler on its path awaiting something slow).
_MAX_HOLD_S = 2.0
# After the walk reaches the App, how many more walks behind widgets with messages still waiting.
_SETTLE_ROUNDS = 8


def _fresh_input(event: events.Event) -> bool:
    """A key or paste straight from the terminal (not one already on its way through the widgets)."""
    return isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded


class KeysInOrder:
    """Mixin for a Textual App (list it before App): keys are applied strictly one after another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Event] = deque()
        self._key_walk: object | None = None  # a token for the key in flight; None when none is
        self._key_walk_at: MessagePump | None = None  # where the walk waits now
        self._key_rounds = 0  # walks behind other busy widgets for the key in flight
        self._stall_timer: Any = None
        self._key_walk_started = 0.0

    async def on_event(self, event: events.Event) -> None:
        if not _fresh_input(event):
            await super().on_event(event)  # type: ignore[misc]
            return
        if self._key_walk is not None:
            self._held_keys.append(event)
            if self._stall_timer is None:
                app: Any = self
                self._stall_timer = app.set_interval(_STALL_CHECK_S, self._check_stall, name="key-order")
            return
        await self._apply_input(event)

    async def _apply_input(self, event: events.Event) -> None:
        """Let Textual handle one key or paste, then start the walk that releases the next."""
        app: Any = self
        target = app.focused or app.screen
        self._key_rounds = 0
        token = self._key_walk = object()
        self._key_walk_started = monotonic()
        await super().on_event(event)  # type: ignore[misc]
        # Forwarded, it is in `target`'s queue now. If not, a priority binding ran here: only the App's
        # own queue (and what _walk_done finds) can still hold what it caused.
        self._walk_from(token, target if event.is_forwarded else app)

    def _walk_from(self, token: object, node: MessagePump | None, rounds: int = 0) -> None:
        """Queue a step of the walk behind whatever `node` holds (the key, and what it caused there)."""
        while node is not None:
            if node is self:
                self._key_walk_at = node
                node.call_later(self._walk_done, token)
                return
            if node.call_later(self._walk_step, token, node, rounds):
                self._key_walk_at = node
                return
            node = node._parent  # closed or closing: go on with its parent
        self._release_next(token)

    def _walk_step(self, token: object, node: MessagePump, rounds: int) -> None:
        if token is not self._key_walk:
            return
        if not node._message_queue.empty() and rounds < _DRAIN_ROUNDS:
            self._walk_from(token, node, rounds + 1)  # let what the key caused here go first
        else:
            self._walk_from(token, node._parent)

    def _walk_done(self, token: object) -> None:
        app: Any = self
        if token is not self._key_walk:
            return
        # The walk only saw the key's own path. A binding run at the App can post back down (Enter on a
        # Button: Pressed), a handler can ask for focus (`focus()` queues on the App) or open a screen.
        # Walk again behind any widget or screen with messages still waiting, a few times at most (an
        # animation posts without end).
        busy = next((node for node in app._registry if not node._message_queue.empty()), None)
        if busy is not None and self._key_rounds < _SETTLE_ROUNDS:
            self._key_rounds += 1
            self._walk_from(token, busy)
            return
        self._release_next(token)

    def _check_stall(self) -> None:
        """While keys are held: go on past a widget removed with the walk in its queue, and never hold
        keys longer than _MAX_HOLD_S behind a handler that is busy for long (awaiting something)."""
        if self._key_walk is None and not self._held_keys:
            self._stall_timer.stop()
            self._stall_timer = None
            return
        token, node = self._key_walk, self._key_walk_at
        if token is None or token is _PENDING:
            return
        if node is not None and (node._closed or node._closing):
            self._walk_from(token, self)  # type: ignore[arg-type]
        elif monotonic() - self._key_walk_started > _MAX_HOLD_S:
            # A handler on the way is busy for long: every held key goes now, as Textual alone sends them.
            self._key_walk = _PENDING
            app: Any = self
            app.call_later(self._send_held)

    async def _send_held(self) -> None:
        while self._held_keys:
            await super().on_event(self._held_keys.popleft())  # type: ignore[misc]
        self._key_walk = None
        self._key_walk_at = None

    def _release_next(self, token: object) -> None:
        if token is not self._key_walk:
            return
        self._key_walk = None
        self._key_walk_at = None
        if self._held_keys:
            app: Any = self
            # Until that runs the key is not in flight yet: mark it so that new keys queue behind it.
            self._key_walk = _PENDING
            app.call_later(self._apply_input, self._held_keys.popleft())


# Marks "a held key is about to be applied", so a key arriving meanwhile waits behind it.
_PENDING = object()
