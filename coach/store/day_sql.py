"""Day arithmetic in SQL that SQLite and PostgreSQL share: `day_number(x)`, whole days since 2000-01-01.

Days are DATE columns: ISO text in SQLite, a real DATE in PostgreSQL. Neither engine has the other's date
functions, so this one expression is compiled per dialect (SQLite julianday, PostgreSQL date subtraction);
every window, bucket and streak is written on top of it with ordinary SQLAlchemy expressions. Divide day
numbers with `//` (integer division in both), never `/` (true division, which CAST then rounds on PostgreSQL).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

EPOCH = date(2000, 1, 1)


class day_number(FunctionElement):  # noqa: N801 - used like a SQL function
    """Whole days from 2000-01-01 to a DATE value."""

    type = Integer()
    inherit_cache = True
    name = "day_number"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):  # noqa: ANN001, ANN202
    (arg,) = list(element.clauses)
    return f"CAST(julianday({compiler.process(arg, **kw)}) - julianday('2000-01-01') AS INTEGER)"


@compiles(day_number)
def _day_number_default(element, compiler, **kw):  # noqa: ANN001, ANN202 - PostgreSQL and others: date - date
    (arg,) = list(element.clauses)
    return f"(CAST({compiler.process(arg, **kw)} AS DATE) - DATE '2000-01-01')"


def day_index(day: date) -> int:
    """The same number for a Python date."""
    return (day - EPOCH).days
