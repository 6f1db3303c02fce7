"""Export everything (JSON, lossless and versioned; CSV for spreadsheets) and import a JSON export back.

Import checks the whole file before writing anything, then writes in one transaction: a bad record leaves
the database as it was. It is idempotent: records already present (matched on their natural keys, e.g. a
session's day) are kept as they are and never duplicated or overwritten.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, select

from coach.store import SCHEMA_VERSION, StoreError
from coach.store.engine.db import Store, sync_id_sequences
from coach.store.edits import EDITABLE
from coach.store.transfer.import_checks import (
    MAX_IMPORT_BYTES,
    ImportCheckError,
    check_raw_types,
    check_values,
    load_json,
)
from coach.store.models import (
    CheckIn,
    DailySession,
    EntryEdit,
    ExerciseRun,
    ExposureGoal,
    LadderItem,
    LadderRating,
    Medication,
    Reflection,
    Setting,
    TaperStep,
)

EXPORT_FORMAT = "coach-export"
EXPORT_VERSION = 1

# Every table the user's data lives in, in an order where each table's references come before it.
# (coach_meta is not data: the export header carries the schema version instead; draft is typing not
# yet saved, kept only until its form is saved.)
TABLES: dict[str, type[SQLModel]] = {
    "setting": Setting,
    "ladder_item": LadderItem,
    "ladder_rating": LadderRating,
    "medication": Medication,
    "taper_step": TaperStep,
    "daily_session": DailySession,
    "checkin": CheckIn,
    "exercise_run": ExerciseRun,
    "exposure_goal": ExposureGoal,
    "reflection": Reflection,
    "entry_edit": EntryEdit,
}
HEADER_KEYS = ("format", "version", "schema")
# Schemas whose exports this coach reads: schema 2 only added `draft` (unsaved form answers, which an
# export leaves out) and schema 3 `ladder_rating`, which an older export simply has none of.
SCHEMAS_READ = frozenset({1, 2, 3})

# Foreign keys inside an export: (table, field) -> the table it points at.
REFERENCES: dict[tuple[str, str], str] = {
    ("taper_step", "medication_id"): "medication",
    ("ladder_rating", "ladder_item_id"): "ladder_item",
    ("checkin", "session_id"): "daily_session",
    ("exercise_run", "session_id"): "daily_session",
    ("exposure_goal", "session_id"): "daily_session",
    ("exposure_goal", "ladder_item_id"): "ladder_item",
    ("reflection", "session_id"): "daily_session",
    ("reflection", "goal_id"): "exposure_goal",
}

# Tables a correction (entry_edit) may name.
REFERENCE_TARGETS = tuple(EDITABLE)


class TransferError(ValueError):
    """A file that cannot be imported; the message is one line naming the bad record."""


def _primary_key(model: type[SQLModel]) -> str:
    return "key" if model is Setting else "id"


def collect(db: Session) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table as JSON-ready dicts, ordered by primary key (a setting that no longer fits
    its check left out)."""
    data: dict[str, list[dict[str, Any]]] = {}
    for name, model in TABLES.items():
        pk = getattr(model, _primary_key(model))
        rows = db.exec(select(model).order_by(pk))
        data[name] = [row.model_dump(mode="json") for row in rows if model is not Setting or _usable(row)]
    return data


def _usable(row: Setting) -> bool:
    """A stored setting that still fits its check; one that does not reads as its default everywhere, so the
    export leaves it out (and stays importable: import refuses such a value)."""
    from coach.domain.setting_checks import CHECKS, SettingError, validate_setting

    if row.key not in CHECKS:
        return True
    try:
        validate_setting(row.key, row.value)
    except SettingError:
        return False
    return True


def export_document(store: Store) -> dict[str, Any]:
    with store.session() as db:
        tables = collect(db)
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "schema": SCHEMA_VERSION, **tables}


def dumps(document: dict[str, Any]) -> str:
    """The canonical text of an export: sorted keys, two-space indent, UTF-8, one newline at the end."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def export_json(store: Store) -> str:
    return dumps(export_document(store))


# --- CSV ------------------------------------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-](?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(cell: str) -> str:
    """OWASP's rule against CSV injection: a cell a spreadsheet would run as a formula (it begins with
    = + - @, a tab or a carriage return, also after spaces or line feeds, which spreadsheets skip) gets a
    leading single quote, so it shows as the text it is. A plain number such as -3 or +1.5 is left alone:
    it is a value, not a formula."""
    start = cell.lstrip(" \n")
    if not start.startswith(FORMULA_STARTS):
        return cell
    if start[0] in "+-" and start == cell and _SIGNED_NUMBER.fullmatch(cell):
        return cell
    return "'" + cell


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return spreadsheet_safe(str(value))


def csv_tables(store: Store) -> dict[str, str]:
    """One CSV text per table (header row = field names). Settings' values are JSON, lists are JSON."""
    with store.session() as db:
        tables = collect(db)
    out: dict[str, str] = {}
    for name, model in TABLES.items():
        columns = list(model.model_fields)
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        for record in tables[name]:
            row = []
            for column in columns:
                value = record.get(column)
                row.append(
                    spreadsheet_safe(json.dumps(value, ensure_ascii=False))
                    if model is Setting and column == "value"
                    else _csv_cell(value)
                )
            writer.writerow(row)
        out[f"{name}.csv"] = buffer.getvalue()
    return out


def export_csv(store: Store, target: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> list[Path]:
    """Write one CSV per table into `target` if it is a folder, else a zip file at `target`.

    Every file goes through coach.outputs (0600, atomic, never over the database or, without `force`,
    an existing file). CSV files are UTF-8 with a byte-order mark so spreadsheet programs read accents
    and symbols right; cells a spreadsheet would run as a formula are neutralised (`spreadsheet_safe`).
    """
    from coach.outputs import check_target, write_output

    protect = list(protect)
    files = csv_tables(store)
    if target.is_dir():  # a folder, or a link to one: the files go inside it
        paths = [target / name for name in files]
        for path in paths:  # refuse before writing any, so a refusal leaves the folder as it was
            check_target(path, force=force, protect=protect)
        for path, content in zip(paths, files.values()):
            write_output(path, content.encode("utf-8-sig"), force=force, protect=protect)
        return paths

    def write_zip(fh: BinaryIO) -> None:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, content in files.items():
                zf.writestr(name, content.encode("utf-8-sig"))

    write_output(target, write_zip, force=force, protect=protect)
    return [target]


# --- import ---------------------------------------------------------------------------------------


@dataclass
class ParsedExport:
    """A checked export: validated model instances per table, in file order."""

    records: dict[str, list[SQLModel]]


@dataclass
class ImportResult:
    added: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)  # already present, left as they were

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_kept(self) -> int:
        return sum(self.kept.values())


def _where(table: str, index: int, loc: Any = ()) -> str:
    """'checkin[3].pain': where a problem is. A field name from the file that is not a plain name (a
    newline, spaces) is quoted, so the message stays one readable line."""
    parts = [
        str(p) if isinstance(p, int) or str(p).isidentifier() else repr(str(p))
        for p in (loc if isinstance(loc, (tuple, list)) else (loc,))
        if p != ""
    ]
    return f"{table}[{index}]" + "".join(f".{p}" for p in parts)


def parse_export(text: str | bytes) -> ParsedExport:
    """Check a whole export file; raise TransferError naming the first problem. Writes nothing."""
    try:
        document = load_json(text)
    except ImportCheckError as exc:
        raise TransferError(str(exc)) from None
    except UnicodeDecodeError:
        raise TransferError("the file is not text (a coach export is a JSON file)") from None
    except json.JSONDecodeError as exc:
        raise TransferError(f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise TransferError(f'this is not a coach export (expected "format": "{EXPORT_FORMAT}")')
    version = document.get("version")
    if version != EXPORT_VERSION:
        raise TransferError(f"export version {version!r} is not supported (this coach reads version {EXPORT_VERSION})")
    schema = document.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise TransferError(f"the export's schema should be a number, got {schema!r}")
    if schema > SCHEMA_VERSION:
        raise TransferError(f"the export was written by a newer coach (schema {schema}); update coach to import it")
    if schema not in SCHEMAS_READ:
        raise TransferError(f"export schema {schema} is not supported (this coach reads schema {SCHEMA_VERSION})")
    unknown = sorted(set(document) - set(HEADER_KEYS) - set(TABLES))
    if unknown:
        raise TransferError(f"unknown table {unknown[0]!r} in the export")

    records: dict[str, list[SQLModel]] = {}
    for name, model in TABLES.items():
        rows = document.get(name, [])
        if not isinstance(rows, list):
            raise TransferError(f"{name}: should be a list of records, got {type(rows).__name__}")
        fields = set(model.model_fields)
        checked = []
        for index, raw in enumerate(rows):
            if not isinstance(raw, dict):
                raise TransferError(f"{_where(name, index)}: should be an object, got {type(raw).__name__}")
            extra = sorted(set(raw) - fields)
            if extra:
                raise TransferError(f"{_where(name, index, extra[0])}: unknown field")
            problem = check_raw_types(model, raw)
            if problem is not None:
                raise TransferError(f"{_where(name, index, problem[0])}: {problem[1]}")
            try:
                row = model.model_validate(raw)
            except ValidationError as exc:
                first = exc.errors()[0]
                raise TransferError(f"{_where(name, index, first['loc'])}: {first['msg']}") from None
            for column in fields:
                value = getattr(row, column)
                if isinstance(value, datetime) and value.tzinfo is None:
                    raise TransferError(
                        f"{_where(name, index, column)}: the time needs a timezone (e.g. 2026-11-25T14:30:00Z)"
                    )
            problem = check_values(name, row)
            if problem is not None:
                raise TransferError(f"{_where(name, index, problem[0])}: {problem[1]}")
            checked.append(row)
        records[name] = checked
    _check_unique(records)
    _check_references(records)
    return ParsedExport(records)


def _unique_keys(name: str, row: SQLModel) -> list[tuple[str, Any, str]]:
    """(field, key, what it means) that must be unique within the file for this table."""
    keys: list[tuple[str, Any, str]] = []
    pk = _primary_key(type(row))
    if getattr(row, pk) is not None:
        keys.append((pk, getattr(row, pk), f"{pk} {getattr(row, pk)!r}"))
    if name == "daily_session":
        keys.append(("day", row.day, f"day {row.day.isoformat()}"))
    if name == "ladder_rating":
        keys.append(("day", (row.ladder_item_id, row.day), f"rating of item {row.ladder_item_id} on {row.day}"))
    if name in ("checkin", "exposure_goal", "reflection"):
        keys.append(("session_id", row.session_id, f"session {row.session_id}"))
    return keys


def _check_unique(records: dict[str, list[SQLModel]]) -> None:
    for name, rows in records.items():
        seen: dict[tuple[str, Any], int] = {}
        for index, row in enumerate(rows):
            for column, key, label in _unique_keys(name, row):
                first = seen.setdefault((column, key), index)
                if first != index:
                    raise TransferError(f"{_where(name, index, column)}: duplicate {label} (also {name}[{first}])")


def _check_references(records: dict[str, list[SQLModel]]) -> None:
    ids = {name: {row.id for row in rows if getattr(row, "id", None) is not None} for name, rows in records.items()}
    # A correction points at a row of the table it names.
    for index, row in enumerate(records["entry_edit"]):
        if row.entity not in REFERENCE_TARGETS:
            raise TransferError(f"{_where('entry_edit', index, 'entity')}: unknown table {row.entity!r}")
        if row.entity_id not in ids[row.entity]:
            raise TransferError(
                f"{_where('entry_edit', index, 'entity_id')}: refers to {row.entity} id {row.entity_id}, "
                "which is not in the file"
            )
    for (name, column), target in REFERENCES.items():
        for index, row in enumerate(records[name]):
            value = getattr(row, column)
            if value is not None and value not in ids[target]:
                raise TransferError(f"{_where(name, index, column)}: refers to {target} id {value}, which is not in the file")


def _natural_key(name: str, row: SQLModel, ref: Any) -> Any:
    """The key that says 'this record is already here'. `ref(table, id)` turns a reference into a
    database id (identity for rows read from the database, the import's id mapping for file rows)."""
    if name == "setting":
        return row.key
    if name == "ladder_item":
        return (row.name, row.created_at)
    if name == "ladder_rating":
        return (ref("ladder_item", row.ladder_item_id), row.day)  # one rating per item and day
    if name == "medication":
        return (row.drug, row.start_date, row.strength, row.doses_per_day)
    if name == "taper_step":
        return (ref("medication", row.medication_id), row.start_date, row.strength, row.doses_per_day)
    if name == "daily_session":
        return row.day
    if name in ("checkin", "exposure_goal", "reflection"):
        return ref("daily_session", row.session_id)  # one of each per session
    if name == "exercise_run":
        return (ref("daily_session", row.session_id), row.exercise_id, row.started_at)
    if name == "entry_edit":
        return (row.entity, ref(row.entity, row.entity_id), row.field, row.edited_at)
    raise KeyError(name)


def _import_table(
    db: Session, name: str, rows: list[SQLModel], ids: dict[str, dict[int, int]], result: ImportResult
) -> None:
    model = TABLES[name]
    existing_rows = db.exec(select(model)).all()
    existing = {_natural_key(name, row, lambda _table, value: value): row for row in existing_rows}
    taken_ids = {getattr(row, "id", None) for row in existing_rows}
    # A new id for a record whose id is taken here: past every id in the database and in the file, so it
    # meets none of the file's records still to come, and the same on every engine (no sequence asked).
    next_free = max((i for i in taken_ids | {getattr(row, "id", None) for row in rows} if i is not None), default=0)
    mapping = ids.setdefault(name, {})

    def mapped(table: str, value: int | None) -> int | None:
        return None if value is None else ids[table][value]

    for row in rows:
        file_id = getattr(row, "id", None)
        key = _natural_key(name, row, mapped)
        match = existing.get(key)
        if match is not None:
            if file_id is not None:
                mapping[file_id] = match.id
            result.kept[name] += 1
            continue
        for (table, column), target in REFERENCES.items():
            if table == name:
                setattr(row, column, mapped(target, getattr(row, column)))
        if name == "entry_edit":
            row.entity_id = mapped(row.entity, row.entity_id)
        if name != "setting" and (file_id is None or file_id in taken_ids):
            next_free += 1
            row.id = next_free  # another record here has that id (or the file gave none)
        db.add(row)
        if name != "setting":
            if file_id is not None:
                mapping[file_id] = row.id
            taken_ids.add(row.id)
        existing[key] = row
        result.added[name] += 1
    db.flush()


def import_export(store: Store, parsed: ParsedExport) -> ImportResult:
    """Write a checked export in one transaction; on any failure nothing is written."""
    result = ImportResult()
    ids: dict[str, dict[int, int]] = {}
    try:
        with store.session() as db:
            for name in TABLES:
                _import_table(db, name, parsed.records[name], ids, result)
            sync_id_sequences(db.connection())  # every id was given: PostgreSQL's sequences catch up
    except StoreError:
        raise  # the server went away (coach/store/engine/server.py): its own line; the transaction wrote nothing
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise TransferError(f"the import was refused by the database and nothing was written ({detail})") from None
    return result


def read_import(path: Path) -> bytes:
    """The file's bytes, refused before reading if it is larger than any export could be."""
    try:
        with path.open("rb") as fh:
            if path.is_file() and os.fstat(fh.fileno()).st_size > MAX_IMPORT_BYTES:
                raise TransferError(f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, more than any export")
            raw = fh.read(MAX_IMPORT_BYTES + 1)  # a pipe or device has no size to check first
    except OSError as exc:
        raise TransferError(f"cannot read the file ({exc.strerror or exc})") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise TransferError(f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, more than any export")
    return raw
