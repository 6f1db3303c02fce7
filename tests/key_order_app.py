"""A bare Textual app with two Inputs, run in a pty by test_key_order.py.

`python tests/key_order_app.py [--in-order]`: on exit it prints `VALUES <json>` with both fields' text.
With --in-order the app mixes in coach's KeysInOrder; without it, it is plain Textual (the upstream case).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from coach.tui.key_order import KeysInOrder  # noqa: E402


class TwoInputs(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.values = {"first": "", "second": ""}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="first field", id="first")
        yield Input(placeholder="second field", id="second")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.values[event.input.id or ""] = event.value


class TwoInputsInOrder(KeysInOrder, TwoInputs):
    pass


if __name__ == "__main__":
    app = TwoInputsInOrder() if "--in-order" in sys.argv else TwoInputs()
    app.run()
    print("VALUES " + json.dumps(app.values), flush=True)
