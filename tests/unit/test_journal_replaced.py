"""A journal file swapped while coach has it open (a sync tool, a restore): the next write says so in one
line and keeps the answers, which then go into the new file; never "saved" into the removed one."""

from __future__ import annotations

import os
import shutil

import pytest
from sqlmodel import select

from coach.paths import resolve_db
from coach.store.drafts import Autosave
from coach.store.engine.db import JournalReplaced, open_store
from coach.store.models import CheckIn
from coach.store.sessions import record_checkin
from tests.conftest import FIXED_NOW

DAY = FIXED_NOW.date()


def _pain(path) -> list[int]:
    store = open_store(resolve_db(str(path)))
    try:
        with store.session() as db:
            return [row.pain for row in db.exec(select(CheckIn))]
    finally:
        store.close()


def test_a_swapped_file_is_noticed_at_the_next_write_and_the_answers_go_into_the_new_file(tmp_path):
    journal = tmp_path / "coach.db"
    store = open_store(resolve_db(str(journal)))
    done: list[str | None] = []
    autosave = Autosave(lambda batch: _write(store, batch), done.append)

    autosave.give("checkin", "pain", 3)
    assert autosave.wait(10) and done == [None]

    other = tmp_path / "synced.db"  # the sync tool's copy, from another computer: no check-in today yet
    open_store(resolve_db(str(other))).close()
    os.replace(other, journal)  # a new inode under the journal's name

    autosave.give("checkin", "pain", 5)
    assert autosave.wait(10)
    assert done[-1] is not None and "was replaced by another file while coach had it open" in done[-1]
    assert "\n" not in done[-1]
    assert autosave.pending() == {"checkin": {"pain": 5}}  # kept

    autosave.give("checkin", "tolerability", 6)  # the next answer: both go into the new file
    assert autosave.wait(10) and done[-1] is None
    store.close()
    assert _pain(journal) == [5]


def test_a_removed_file_keeps_the_answers(tmp_path):
    journal = tmp_path / "coach.db"
    store = open_store(resolve_db(str(journal)))
    shutil.move(journal, tmp_path / "elsewhere.db")
    with pytest.raises(JournalReplaced, match="was removed while coach had it open"):
        with store.session() as db:
            record_checkin(db, DAY, FIXED_NOW, pain=4)
    store.close()
    assert not journal.exists()


def _write(store, batch) -> None:
    with store.session() as db:
        record_checkin(db, DAY, FIXED_NOW, **batch["checkin"])
