"""What an import file must be before any of it is believed: a size cap, strict JSON (no NaN or Infinity,
no duplicate keys, no absurd nesting or numbers), and values every screen and the report can show
(known drugs and setting names, numbers SQLite can hold, dates in a human range). Each refusal is one line
naming the field; the caller turns it into TransferError."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any, get_args

MAX_IMPORT_BYTES = 50 * 1024 * 1024  # 50 MB: ten years of daily entries is well under 10 MB
MAX_DEPTH = 32  # an export nests five deep; a keymap or a correction's value a few more
MAX_INT_DIGITS = 19  # SQLite's integers are 64-bit: nothing longer can be stored
INT64 = (-(2**63), 2**63 - 1)
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
# Sizes no real plan has; beyond them MME and chart arithmetic would overflow or mislead.
FLOAT_LIMITS = {"strength": 100_000.0, "doses_per_day": 100.0, "planned_amount": 1_000_000.0}


class ImportCheckError(ValueError):
    """One line saying what in the file cannot be imported."""


def _no_constant(name: str) -> Any:
    raise ImportCheckError(f"the file holds {name}, which is not a number coach can store")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ImportCheckError(f"the file holds a number with {len(text.lstrip('-'))} digits, too large to store")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ImportCheckError(f"the file holds the number {text[:20]}, too large to store")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            shown = key if key.isidentifier() else repr(key)
            raise ImportCheckError(f"the key {shown} appears twice in the same object; which one is meant is unclear")
        result[key] = value
    return result


def load_json(raw: str | bytes) -> Any:
    """Parse an export strictly; raise ImportCheckError (one line) or json.JSONDecodeError."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportCheckError(f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, more than any export")
    try:
        document = json.loads(
            raw, parse_constant=_no_constant, parse_int=_int, parse_float=_float, object_pairs_hook=_no_duplicates
        )
    except RecursionError:
        raise ImportCheckError("the file is nested far too deeply to be a coach export") from None
    if _depth(document) > MAX_DEPTH:
        raise ImportCheckError(f"the file is nested more than {MAX_DEPTH} levels deep, unlike any coach export")
    return document


def _depth(value: Any) -> int:
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            todo.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            todo.extend((child, level + 1) for child in item)
    return deepest


def _takes_bool(annotation: Any) -> bool:
    return annotation is bool or annotation is Any or bool in get_args(annotation)


def check_raw_types(model: Any, raw: dict[str, Any]) -> tuple[str, str] | None:
    """(field, problem) for a true/false given where a number or text belongs (`"pain": true`): pydantic
    would read it as 1, a score nobody gave."""
    for name, value in raw.items():
        field = model.model_fields.get(name)
        if isinstance(value, bool) and field is not None and not _takes_bool(field.annotation):
            return name, f"{str(value).lower()} is not a value for {name}: a number or text belongs here"
    return None


def check_values(table: str, row: Any) -> tuple[str, str] | None:
    """(field, problem) for the first value in a validated record that a screen or the report could not
    handle, or None. Runs after the model's own checks (types, 0-10 scales, lengths)."""
    for name in type(row).model_fields:
        value = getattr(row, name)
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
            return name, "number too large to store"
        if isinstance(value, float):
            limit = FLOAT_LIMITS.get(name)
            if not math.isfinite(value) or (limit is not None and abs(value) > limit):
                return name, f"{value:g} is beyond any real plan (at most {limit:g})" if limit else "not a usable number"
        if isinstance(value, (date, datetime)):
            day = value.date() if isinstance(value, datetime) else value
            if not EARLIEST <= day <= LATEST:
                return name, f"{value.isoformat()} is outside the years {EARLIEST.year}-{LATEST.year}"
    if table == "medication":
        return _check_drug(row.drug)
    if table == "setting":
        return _check_setting(row.key, row.value)
    return None


def _check_drug(drug: str) -> tuple[str, str] | None:
    from coach.domain.mme import MMEError, load_mme_table

    try:
        load_mme_table().find(drug)
    except MMEError as exc:
        return "drug", str(exc).splitlines()[0]
    return None


def _check_setting(key: str, value: Any) -> tuple[str, str] | None:
    """Only settings this coach knows, each with a value its Settings screen would accept (the same check);
    the journal's own id must be a random UUID."""
    from coach.domain.journal_identity import JOURNAL_ID_KEY, valid_journal_id
    from coach.domain.setting_checks import CHECKS, SettingError, validate_setting

    if key == JOURNAL_ID_KEY:  # the journal's id; the journal imported into keeps its own if it has one
        return None if valid_journal_id(value) else ("value", "not a journal id (a random UUID)")
    if key not in CHECKS:
        return "key", f"there is no setting called {key!r} in this coach"
    try:
        validate_setting(key, value)
    except SettingError as exc:
        return "value", str(exc)
    return None
