"""The journal's own random id: the reserved setting row that holds it, and what a valid one looks like."""

from __future__ import annotations

import uuid
from typing import Any

# Stored as a row of the Setting table (no schema change), under a key no user setting can have: readers of
# settings (Settings, the start-up read, import's setting check) leave it out; export and import carry it.
JOURNAL_ID_KEY = "coach.journal_id"


def new_journal_id() -> str:
    """A random id (UUID 4): never derived from anything about the person."""
    return str(uuid.uuid4())


def valid_journal_id(value: Any) -> str | None:
    """`value` as a canonical journal id, or None when it is not one (a hand-edited or damaged row)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    return str(parsed) if parsed.version == 4 and str(parsed) == value.strip().lower() else None
