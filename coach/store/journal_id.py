"""The journal's random id, made the first time an export needs it and kept in the journal from then on."""

from __future__ import annotations

from sqlmodel import Session

from coach.domain.journal_identity import JOURNAL_ID_KEY, new_journal_id, valid_journal_id
from coach.store.models import Setting


class JournalIdError(Exception):
    """The journal has no id yet and cannot store one (opened read-only); str() is one line."""


def stored_journal_id(db: Session) -> str | None:
    row = db.get(Setting, JOURNAL_ID_KEY)
    return valid_journal_id(row.value) if row is not None else None


def journal_id(db: Session, *, read_only: bool = False) -> str:
    """The journal's id; the first call makes one and stores it (a damaged row is replaced)."""
    found = stored_journal_id(db)
    if found is not None:
        return found
    if read_only:
        raise JournalIdError(
            "this journal has no id for exports yet and is read-only, so one cannot be stored; "
            "make the file writable for this export once"
        )
    made = new_journal_id()
    row = db.get(Setting, JOURNAL_ID_KEY)
    if row is None:
        db.add(Setting(key=JOURNAL_ID_KEY, value=made))
    else:
        row.value = made
        db.add(row)
    db.flush()
    return made
