"""Each setting's check, as plain Python (no database): used by the store, the app's start-up read with
sqlite3, Settings and the welcome tour."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from coach.domain.journal_identity import JOURNAL_ID_KEY
from coach.domain.preferences import (
    CARE_TEAM_ROLES,
    DEFAULTS,
    ONBOARDING_STEPS,
    OPIOID_DURATIONS,
    THEME_CHOICES,
)


class SettingError(ValueError):
    """A setting value that does not fit its key; str() is one line for the user."""


def _bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise SettingError(f"{key} must be true or false")


# A whole number written in ASCII digits ("²".isdigit() is True, and int() refuses it).
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,6}")


def _int_between(low: int, high: int) -> Callable[[str, Any], int]:
    def check(key: str, value: Any) -> int:
        if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingError(f"{key} must be a whole number from {low} to {high}")
        return value

    return check


def _one_of(choices: dict[str, str] | tuple[str, ...]) -> Callable[[str, Any], str]:
    def check(key: str, value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise SettingError(f"{key} must be one of: {', '.join(choices)}")
        return value

    return check


def _exercise(key: str, value: Any) -> str | None:
    from coach.content import load_exercises

    if value is None or value == "":
        return None
    exercises = load_exercises()
    if not isinstance(value, str) or value not in exercises:
        raise SettingError(f"{key} must be one of the exercises: {', '.join(exercises)}")
    return value


def _minutes(key: str, value: Any) -> int | None:
    if value is None or value == "" or value == 0:
        return None
    return _int_between(1, 30)(key, value)


# A key string as Textual writes it: "ctrl+k", "f5", "comma", several joined by commas ("f2,ctrl+e").
_KEY = re.compile(r"^[a-z0-9_]+(\+[a-z0-9_]+)*$")
_BINDING_ID = re.compile(r"^[a-z0-9_.-]{1,64}$")


def _keymap(key: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise SettingError(f"{key} must map binding ids to keys, e.g. {{\"help\": \"f2\"}}")
    cleaned: dict[str, str] = {}
    for binding_id, keys in value.items():
        if not isinstance(binding_id, str) or not _BINDING_ID.match(binding_id):
            raise SettingError(f"{key}: {binding_id!r} is not a binding id")
        if not isinstance(keys, str):
            raise SettingError(f"{key}: the keys for {binding_id} must be text, e.g. \"f2\" or \"ctrl+e,f3\"")
        parts = [part.strip().lower() for part in keys.split(",")]
        if not parts or not all(_KEY.match(part) for part in parts):
            raise SettingError(f"{key}: {keys!r} is not a key; write keys like f2, ctrl+e or comma")
        cleaned[binding_id] = ",".join(parts)
    return cleaned


# Digits and the usual separators, then an extension if there is one ("555-0101 ext. 23", "x23", "ext 23").
_PHONE = re.compile(r"^[0-9+()./ -]{3,32}(?:,?\s*(?:ext\.?|extension|x)\s*[0-9]{1,8})?$", re.IGNORECASE)


def _care_team(key: str, value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise SettingError(f"{key} must be a list of contacts")
    contacts: list[dict[str, str]] = []
    seen: set[str] = set()
    for contact in value:
        if not isinstance(contact, dict) or set(contact) - {"role", "name", "phone"}:
            raise SettingError(f"{key}: each contact has a role, a name and a phone number")
        role = contact.get("role")
        name = str(contact.get("name", "")).strip()
        phone = str(contact.get("phone", "")).strip()
        if not isinstance(role, str) or role not in CARE_TEAM_ROLES:
            raise SettingError(f"{key}: role must be one of: {', '.join(CARE_TEAM_ROLES)}")
        if role in seen:
            raise SettingError(f"{key}: there is already a {CARE_TEAM_ROLES[role].lower()}")
        if not name and not phone:
            continue  # an empty row is simply not saved
        if len(name) > 80:
            raise SettingError(f"{key}: the {CARE_TEAM_ROLES[role].lower()}'s name is longer than 80 characters")
        if phone and not _PHONE.match(phone):
            raise SettingError(
                f"{key}: {phone!r} does not look like a phone number (digits, spaces, + - ( ) . / and an ext. only)"
            )
        seen.add(role)
        contacts.append({"role": role, "name": name, "phone": phone})
    return contacts


def _yes_no(key: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if value not in ("yes", "no"):
        raise SettingError(f"{key} must be yes or no")
    return value


def _short_text(limit: int) -> Callable[[str, Any], str]:
    def check(key: str, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise SettingError(f"{key} must be text")
        text = value.strip()
        if len(text) > limit:
            raise SettingError(f"{key} is longer than {limit} characters")
        return text

    return check


# The longest answers the Taper plan screen's safety notes take (and the report shows on page 1).
SEDATING_MEDICINES_LIMIT = 200
VISIT_QUESTIONS_LIMIT = 600

CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "theme": _one_of(THEME_CHOICES),
    "reduced_motion": _bool,
    "mouse": _bool,
    "day_start_hour": _int_between(0, 23),
    "opioid_duration": _one_of(OPIOID_DURATIONS),
    "default_exercise": _exercise,
    "default_exercise_minutes": _minutes,
    "peg_day": _int_between(0, 6),
    "rerate_every_days": _int_between(0, 90),  # 0: never ask to re-rate the ladder
    "keymap": _keymap,
    "care_team": _care_team,
    "onboarding_done": _bool,
    "onboarding_step": _one_of(ONBOARDING_STEPS),
    "naloxone_at_home": _yes_no,
    "sedating_medicines": _short_text(SEDATING_MEDICINES_LIMIT),
    "visit_questions": _short_text(VISIT_QUESTIONS_LIMIT),
}


def validate_setting(key: str, value: Any) -> Any:
    """`value` as it will be stored under `key`, or SettingError saying what fits."""
    check = CHECKS.get(key)
    if check is None:
        raise SettingError(f"there is no setting called {key!r}")
    return check(key, value)


# Checks that load the content library (pydantic and the exercise files): skipped by the start-up read,
# which must stay light, and made when the store opens.
NEEDS_CONTENT = frozenset({"default_exercise"})


def setting_or_default(key: str, stored: Any) -> tuple[Any, str | None]:
    """The one typed reader of a stored value: (the checked value, None), or (the default, one warning line
    naming the key) when the value no longer fits. A missing value (None) is the default, without a warning."""
    if stored is None:
        return DEFAULTS.get(key), None
    try:
        return validate_setting(key, stored), None
    except SettingError as exc:
        return DEFAULTS.get(key), f"the stored setting {key} is not usable ({exc}); using the default"


def settled(stored: dict[str, Any], *, skip: Iterable[str] = ()) -> dict[str, Any]:
    """Every setting with defaults filled in; a stored value that fails its check falls back to the
    default. Keys in `skip` are taken as stored, unchecked (see NEEDS_CONTENT)."""
    skipped = frozenset(skip)
    values = dict(DEFAULTS)
    for key, value in stored.items():
        if key == JOURNAL_ID_KEY:
            continue  # the journal's id, not a setting (coach.domain.journal_identity)
        if key in CHECKS and key not in skipped:
            values[key] = setting_or_default(key, value)[0]
        else:
            values[key] = value
    return values
