"""Answers that could not be written when coach closed (a server away, a full disk), kept in a local
recovery file beside the default data folder, and offered again the next time coach opens that journal."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.paths import DbTarget, default_data_dir, masked_url

if TYPE_CHECKING:
    from coach.store.drafts import Batch
    from coach.store.engine.db import Store

RECOVERY_VERSION = 1


def recovery_path() -> Path:
    """`coach-unsaved.json` beside the default data folder (not in it: it may sit on the journal's disk)."""
    folder = default_data_dir()
    return folder.with_name(f"{folder.name}-unsaved.json")


def journal_key(target: DbTarget) -> str:
    """Which journal answers belong to: its file's absolute path, or its URL without any password."""
    return str(target.path.absolute()) if target.path is not None else masked_url(target.url)


def answer_count(batch: Batch) -> int:
    """How many answers a person gave in `batch` (the wizard's own bookkeeping, such as its step, not counted)."""
    return sum(len(fields) for part, fields in batch.items() if part != "session")


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    entries = document.get("entries") if isinstance(document, dict) else None
    return [entry for entry in entries or [] if isinstance(entry, dict)]


def _write(path: Path, entries: list[dict[str, Any]]) -> None:
    from coach.outputs import write_output

    if not entries:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = json.dumps({"version": RECOVERY_VERSION, "entries": entries}, ensure_ascii=False, indent=1, default=str)
    write_output(path, text + "\n", force=True)  # 0600, atomic: never half a recovery file


def keep_unsaved(target: DbTarget, day: date, batch: Batch, now: datetime) -> Path:
    """Add `batch` (answers for `day` not written to the journal) to the recovery file; returns its path.
    Raises OutputError (one line) if it cannot be written either."""
    path = recovery_path()
    key = journal_key(target)
    entries = _read(path)
    for entry in entries:
        if entry.get("journal") == key and entry.get("day") == day.isoformat():
            for part, fields in batch.items():
                entry.setdefault("answers", {}).setdefault(part, {}).update(fields)
            entry["kept_at"] = now.isoformat()
            break
    else:
        entries.append({"journal": key, "day": day.isoformat(), "answers": batch, "kept_at": now.isoformat()})
    _write(path, entries)
    return path


def unsaved_for(target: DbTarget) -> list[tuple[date, Batch]]:
    """The kept answers for this journal, by day (oldest first)."""
    key = journal_key(target)
    found = []
    for entry in _read(recovery_path()):
        try:
            day = date.fromisoformat(entry["day"])
        except (KeyError, TypeError, ValueError):
            continue
        if entry.get("journal") == key and isinstance(entry.get("answers"), dict):
            found.append((day, entry["answers"]))
    return sorted(found, key=lambda item: item[0])


def forget_unsaved(target: DbTarget) -> None:
    """Drop this journal's kept answers (replayed, or the person chose to discard them)."""
    key = journal_key(target)
    path = recovery_path()
    _write(path, [entry for entry in _read(path) if entry.get("journal") != key])


def replay_unsaved(store: Store, now: datetime) -> int:
    """Write this journal's kept answers into it, each day in one transaction, then forget them; returns how
    many answers were written. A failure (the server still away) raises and keeps them all."""
    from coach.store.sessions import save_answers

    kept = unsaved_for(store.target)
    with store.session() as db:
        for day, batch in kept:
            save_answers(db, day, now, batch)
    forget_unsaved(store.target)
    return sum(answer_count(batch) for _day, batch in kept)
