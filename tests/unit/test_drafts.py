"""coach.store.drafts: answers written in order, off the caller's thread, retried on failure with newer
answers winning; one writer thread at a time; drafts of forms saved on "Save" kept in the database."""

from __future__ import annotations

import sys
import threading
from datetime import datetime, timezone

import pytest

from coach.store.drafts import Autosave, draft_writer, drop_draft, load_draft, save_draft

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


class Recorder:
    """A `write` that records each batch, can be made to fail, and can be held mid-write."""

    def __init__(self) -> None:
        self.batches: list[dict] = []
        self.threads: set[str] = set()
        self.fail_with: BaseException | None = None
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()
        self.active = 0
        self.most_active = 0
        self._lock = threading.Lock()

    def __call__(self, batch: dict) -> None:
        with self._lock:
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            self.threads.add(threading.current_thread().name)
            self.entered.set()
            assert self.gate.wait(5)
            if self.fail_with is not None:
                raise self.fail_with
            self.batches.append({part: dict(fields) for part, fields in batch.items()})
        finally:
            with self._lock:
                self.active -= 1

    def saved(self) -> dict:
        """What a database would hold after applying the batches in order."""
        state: dict = {}
        for batch in self.batches:
            for part, fields in batch.items():
                state.setdefault(part, {}).update(fields)
        return state


class Done:
    def __init__(self) -> None:
        self.calls: list[str | None] = []
        self.event = threading.Event()

    def __call__(self, error: str | None) -> None:
        self.calls.append(error)
        self.event.set()


def test_an_answer_is_written_off_the_callers_thread_and_done_is_told():
    write, done = Recorder(), Done()
    autosave = Autosave(write, done, name="autosave-test")
    autosave.give("checkin", "pain", 4)
    assert autosave.wait(5)
    assert write.batches == [{"checkin": {"pain": 4}}]
    assert write.threads == {"autosave-test"} and threading.current_thread().name not in write.threads
    assert done.calls == [None]
    assert autosave.pending() == {}


def test_give_never_waits_for_a_write_under_way_and_answers_land_in_order():
    write, done = Recorder(), Done()
    autosave = Autosave(write, done)
    write.gate.clear()  # the database is slow
    autosave.give("checkin", "pain", 1)
    assert write.entered.wait(5)
    for value in range(2, 50):  # typed while the first write is stuck: none of these may block
        autosave.give("checkin", "pain", value)
        autosave.give("checkin", "note", "x" * value)
    assert autosave.pending() == {"checkin": {"pain": 49, "note": "x" * 49}}
    write.gate.set()
    assert autosave.wait(5)
    # The first answer, then everything given meanwhile as one batch: the newest value of each field.
    assert write.batches == [{"checkin": {"pain": 1}}, {"checkin": {"pain": 49, "note": "x" * 49}}]
    assert write.saved() == {"checkin": {"pain": 49, "note": "x" * 49}}
    assert write.most_active == 1
    assert done.calls == [None]


def test_one_writer_thread_at_a_time_under_many_givers():
    write, done = Recorder(), Done()
    autosave = Autosave(write, done)

    def typist(part: str) -> None:
        for value in range(200):
            autosave.give(part, "value", value)

    typists = [threading.Thread(target=typist, args=(f"part{n}",)) for n in range(4)]
    for thread in typists:
        thread.start()
    for thread in typists:
        thread.join()
    for _ in range(100):  # a writer may have stopped just before the last answer started another
        if autosave.wait(5) and not autosave.pending():
            break
    assert autosave.flush() is None
    assert write.most_active == 1
    assert write.saved() == {f"part{n}": {"value": 199} for n in range(4)}


def test_a_failed_write_keeps_the_answers_and_newer_ones_win_on_retry():
    from sqlalchemy.exc import OperationalError

    write, done = Recorder(), Done()
    autosave = Autosave(write, done)
    write.fail_with = OperationalError("INSERT", {}, Exception("database is locked\nsecond line"))
    write.gate.clear()
    autosave.give("goal", "text", "walk to the corner")
    autosave.give("goal", "predicted_peak_pain", 6)
    assert write.entered.wait(5)
    autosave.give("goal", "predicted_peak_pain", 5)  # given while the failing write runs
    write.gate.set()
    assert autosave.wait(5)
    assert write.batches == []
    assert done.calls and done.calls[-1] is not None and "database is locked" in done.calls[-1]
    assert "\n" not in done.calls[-1]
    # Nothing lost, the newer answer kept over the one in the failed batch.
    assert autosave.pending() == {"goal": {"text": "walk to the corner", "predicted_peak_pain": 5}}
    # The database works again: the next answer writes everything kept, newest values.
    write.fail_with = None
    autosave.give("goal", "feared_likelihood", 40)
    assert autosave.wait(5)
    assert write.saved() == {"goal": {"text": "walk to the corner", "predicted_peak_pain": 5, "feared_likelihood": 40}}
    assert done.calls[-1] is None and autosave.pending() == {}


def test_a_value_error_is_retried_too():
    write, done = Recorder(), Done()
    write.fail_with = ValueError("pain must be a whole number from 0 to 10")
    autosave = Autosave(write, done)
    autosave.give("checkin", "pain", 4)
    assert autosave.wait(5)
    assert done.calls == ["pain must be a whole number from 0 to 10"]
    assert autosave.pending() == {"checkin": {"pain": 4}}


def test_flush_writes_now_in_the_callers_thread_and_reports_errors():
    write = Recorder()
    autosave = Autosave(write, held=True)
    autosave.give("reflection", "outcome", "fully")
    assert autosave.flush() is None and write.batches == []  # held: nothing is written yet
    autosave._held = False  # noqa: SLF001 - released without starting its thread, so flush does the writing
    assert autosave.flush() is None
    assert write.batches == [{"reflection": {"outcome": "fully"}}]
    assert write.threads == {threading.current_thread().name}
    write.fail_with = ValueError("no")
    autosave.give("reflection", "noticed", "it eased")
    autosave.wait(5)
    assert autosave.flush() == "no"
    assert autosave.pending() == {"reflection": {"noticed": "it eased"}}
    assert autosave.flush() == "no"  # still kept
    write.fail_with = None
    assert autosave.flush() is None and autosave.pending() == {}
    assert autosave.flush() is None  # nothing pending: nothing written
    assert write.batches[-1] == {"reflection": {"noticed": "it eased"}}


def test_flush_waits_for_a_write_under_way_so_order_holds():
    write = Recorder()
    autosave = Autosave(write)
    write.gate.clear()
    autosave.give("checkin", "pain", 3)
    assert write.entered.wait(5)
    autosave.give("checkin", "pain", 7)
    flushed: list[str | None] = []
    flusher = threading.Thread(target=lambda: flushed.append(autosave.flush()))
    flusher.start()
    flusher.join(0.2)
    assert flusher.is_alive()  # waiting for the write under way, not writing around it
    write.gate.set()
    flusher.join(5)
    autosave.wait(5)
    assert flushed == [None]
    assert write.batches == [{"checkin": {"pain": 3}}, {"checkin": {"pain": 7}}]


def test_held_answers_wait_for_release():
    write, done = Recorder(), Done()
    autosave = Autosave(write, done, held=True)
    autosave.give("checkin", "mood", 6)
    assert autosave.held and autosave.wait(5) and write.batches == []
    autosave.release()
    assert autosave.wait(5)
    assert write.batches == [{"checkin": {"mood": 6}}] and done.calls == [None]


def test_a_programming_error_keeps_the_answers_and_is_raised_in_the_writer(monkeypatch):
    write, done = Recorder(), Done()
    write.fail_with = KeyError("current_step")
    raised: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    autosave = Autosave(write, done)
    autosave.give("session", "current_step", "goal")
    assert autosave.wait(5)
    assert len(raised) == 1 and isinstance(raised[0], KeyError)
    assert done.calls and "KeyError" in done.calls[0]
    assert autosave.pending() == {"session": {"current_step": "goal"}}
    write.fail_with = None
    autosave.give("checkin", "pain", 2)  # the writer starts again: it did not stay marked as running
    assert autosave.wait(5)
    assert write.saved() == {"session": {"current_step": "goal"}, "checkin": {"pain": 2}}


def test_the_module_does_not_import_textual():
    import subprocess

    code = "import coach.store.drafts, sys; print('textual' in sys.modules, 'sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# --- drafts of forms saved on "Save" -----------------------------------------------------------
def test_drafts_save_merge_load_and_drop(store):
    with store.session() as db:
        assert load_draft(db, "taper-step") is None
        save_draft(db, "taper-step", {"strength": "7.5", "note": "Dr Lee said \"slowly\"\nline two"}, NOW)
        save_draft(db, "taper-step", {"strength": "5", "doses": 3}, NOW)
        save_draft(db, "ladder-item", {"name": "Walk to the park"}, NOW)
    with store.session() as db:
        assert load_draft(db, "taper-step") == {"strength": "5", "note": "Dr Lee said \"slowly\"\nline two", "doses": 3}
        drop_draft(db, "taper-step")
        drop_draft(db, "never-there")
    with store.session() as db:
        assert load_draft(db, "taper-step") is None
        assert load_draft(db, "ladder-item") == {"name": "Walk to the park"}


def test_a_draft_refuses_what_json_cannot_keep(store):
    with store.session() as db, pytest.raises((TypeError, ValueError)):
        save_draft(db, "taper-step", {"when": object()}, NOW)


def test_autosave_into_drafts_survives_a_new_store(store, db_path):
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store

    done = Done()
    autosave = Autosave(draft_writer(store, lambda: NOW), done)
    for text in ("W", "Wa", "Walk", "Walk to the park"):
        autosave.give("ladder-item", "name", text)
    autosave.give("ladder-item", "difficulty", 40)
    assert autosave.wait(5) and done.calls[-1] is None
    assert autosave.flush() is None
    other = open_store(resolve_db(str(db_path)))  # as after kill -9 and a new start
    try:
        with other.session() as db:
            assert load_draft(db, "ladder-item") == {"name": "Walk to the park", "difficulty": 40}
    finally:
        other.close()


def test_the_writer_can_run_where_the_form_says():
    """A screen runs the writer as its own thread worker; the batches are the same."""
    write, done = Recorder(), Done()
    started: list[threading.Thread] = []

    def start(run):
        thread = threading.Thread(target=run, name="worker")
        started.append(thread)
        thread.start()

    autosave = Autosave(write, done, start=start)
    autosave.give("checkin", "sleep", 5)
    for thread in started:
        thread.join(5)
    assert [t.name for t in started] == ["worker"] and write.threads == {"worker"}
    assert write.batches == [{"checkin": {"sleep": 5}}] and done.calls == [None]


def test_discard_forgets_what_is_pending_after_the_write_under_way(store):
    """On Save: a draft write already running finishes first, nothing pending is written after, and the
    Save's drop_draft leaves no draft behind."""
    write, done = Recorder(), Done()
    real = draft_writer(store, lambda: NOW)

    def slow_draft(batch):
        write(batch)  # (held at the gate)
        real(batch)

    autosave = Autosave(slow_draft, done)
    write.gate.clear()
    autosave.give("ladder-item", "name", "Walk")
    assert write.entered.wait(5)
    autosave.give("ladder-item", "name", "Walk to the park")  # pending behind the slow write
    discarder = threading.Thread(target=autosave.discard)
    discarder.start()
    discarder.join(0.2)
    assert discarder.is_alive()  # waits for the write under way
    write.gate.set()
    discarder.join(5)
    assert autosave.wait(5)
    assert autosave.pending() == {}
    with store.session() as db:
        assert load_draft(db, "ladder-item") == {"name": "Walk"}  # the pending newer value was not written
        drop_draft(db, "ladder-item")  # the Save's transaction
    with store.session() as db:
        assert load_draft(db, "ladder-item") is None
