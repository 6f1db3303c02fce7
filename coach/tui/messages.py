"""Messages screens post up to the app (screens never import the app module; see tests/unit/test_layers.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class SettingChanged(Message):
    """A setting was stored with this value: the app keeps it and makes the look and keys follow it.

    A screen posts it to the app (`self.app.post_message(SettingChanged(key, value))`, safe from a worker
    thread too), not to itself: a screen that closes right after saving still has its change applied.
    """

    key: str
    value: Any
