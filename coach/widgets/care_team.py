"""The care-team contact rows (name and phone per role), shared by the welcome tour and Settings."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.widgets import Input, Label

from coach.domain.preferences import CARE_TEAM_ROLES
from coach.widgets.shown import clean


def care_team_rows(
    contacts: list[dict[str, Any]] | None, *, row_classes: str, label_classes: str, hidden: bool = False
) -> ComposeResult:
    """One row per role with the saved name and phone filled in; use inside a compose with `yield from`.
    `hidden` (projector mode on own data) masks what is typed, as a password field does."""
    by_role = {c["role"]: c for c in contacts or []}
    for role, label in CARE_TEAM_ROLES.items():
        contact = by_role.get(role, {})
        with Horizontal(classes=row_classes):
            yield Label(label, classes=label_classes)
            # Shown as one line of text; control characters from an import appear as visible signs.
            yield Input(clean(contact.get("name", ""), one_line=True), placeholder="name", id=f"{role}-name",
                        max_length=80, compact=True, classes="name", password=hidden)
            yield Input(clean(contact.get("phone", ""), one_line=True), placeholder="phone", id=f"{role}-phone",
                        max_length=32, compact=True, classes="phone", password=hidden)


def care_team_value(node: DOMNode) -> list[dict[str, str]]:
    """The contacts as typed in the rows under `node`, in the stored setting's shape."""
    return [
        {
            "role": role,
            "name": node.query_one(f"#{role}-name", Input).value,
            "phone": node.query_one(f"#{role}-phone", Input).value,
        }
        for role in CARE_TEAM_ROLES
    ]
