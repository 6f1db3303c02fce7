"""Typed settings on top of the Setting table: read and save helpers (the checks are in
coach.domain.setting_checks, so the app can read settings with sqlite3 before SQLModel loads)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from coach.domain.journal_identity import JOURNAL_ID_KEY
from coach.domain.preferences import DEFAULTS
from coach.domain.setting_checks import CHECKS, SettingError, setting_or_default, settled, validate_setting
from coach.store.models import Setting
from coach.store.repo import all_settings, get_setting, set_setting

__all__ = [
    "CHECKS",
    "DEFAULTS",
    "SettingError",
    "read_setting",
    "read_settings",
    "save_setting",
    "stored_keys",
    "unusable_settings",
    "validate_setting",
]


def save_setting(db: Session, key: str, value: Any) -> Any:
    """Check and store one setting; returns the stored value."""
    checked = validate_setting(key, value)
    set_setting(db, key, checked)
    return checked


def read_setting(db: Session, key: str) -> Any:
    """The stored value, or the default when it is missing or no longer valid (an old or hand-edited row)."""
    value = get_setting(db, key)
    if key not in CHECKS:
        return value
    return setting_or_default(key, value)[0]  # (None is also how "no preference" is stored: the default)


def unusable_settings(db: Session) -> list[str]:
    """One warning line for each stored setting whose value no longer fits its check (read as the default)."""
    lines = []
    for row in db.exec(select(Setting).order_by(Setting.key)):
        if row.key in CHECKS:
            warning = setting_or_default(row.key, row.value)[1]
            if warning:
                lines.append(warning)
    return lines


def stored_keys(db: Session) -> set[str]:
    """The keys the user has set (the rest are defaults)."""
    return set(db.exec(select(Setting.key).where(Setting.key != JOURNAL_ID_KEY)))


def read_settings(db: Session) -> dict[str, Any]:
    """Every setting with defaults filled in; a stored value that fails its check falls back to the default."""
    return settled(all_settings(db))
