"""Storage: models, engine set-up, migrations and named queries. Light to import: SQLModel loads lazily."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the database that the user can cause or fix: shown as one line, exit code 2."""


SCHEMA_VERSION = 2
APPLICATION_ID = 0x436F6163  # "Coac": marks an SQLite file as coach's (PRAGMA application_id)
