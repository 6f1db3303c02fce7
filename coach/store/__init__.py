"""Storage: the models and named queries, with engine/ (files), queries/ (aggregations), transfer/ (export, import).

Light to import: SQLModel loads lazily.
"""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the database that the user can cause or fix: shown as one line, exit code 2."""


SCHEMA_VERSION = 3
APPLICATION_ID = 0x436F6163  # "Coac": marks an SQLite file as coach's (PRAGMA application_id)


def wrapped_errors(error: BaseException):  # noqa: ANN201 - an iterator of BaseException
    """`error` and everything it wraps, each once: SQLAlchemy's `.orig`, a worker's `.error`, its cause and
    its context. The one walk for finding a driver's or server's error inside whatever carried it up."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        exc = todo.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        yield exc
        todo.extend([getattr(exc, "orig", None), getattr(exc, "error", None), exc.__cause__, exc.__context__])
