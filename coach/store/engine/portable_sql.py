"""The two SQL expressions SQLite and PostgreSQL spell differently, compiled per dialect; every other query
is ordinary SQLAlchemy that both engines run as it is.

`day_number(x)`: whole days since 2000-01-01.

Days are DATE columns: ISO text in SQLite, a real DATE in PostgreSQL. Neither engine has the other's date
functions, so this one expression is compiled per dialect (SQLite julianday, PostgreSQL date subtraction);
every window, bucket and streak is written on top of it with ordinary SQLAlchemy expressions. Divide day
numbers with `//` (integer division in both), never `/` (true division, which CAST then rounds on PostgreSQL).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
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


class text_order(FunctionElement):  # noqa: N801 - used like a SQL function
    """A text value to ORDER BY in code-point order on every engine. SQLite compares text byte by byte;
    a PostgreSQL server sorts by its locale's collation (en_US puts "b" before "C" and skips punctuation),
    so names that tie on everything else would come back in another order there without COLLATE "C"."""

    type = String()
    inherit_cache = True
    name = "text_order"


@compiles(text_order, "postgresql")
def _text_order_postgresql(element, compiler, **kw):  # noqa: ANN001, ANN202
    (arg,) = list(element.clauses)
    return f'({compiler.process(arg, **kw)}) COLLATE "C"'


@compiles(text_order)
def _text_order_default(element, compiler, **kw):  # noqa: ANN001, ANN202 - SQLite: byte order already
    (arg,) = list(element.clauses)
    return compiler.process(arg, **kw)


class shifted_date(FunctionElement):  # noqa: N801 - used like a SQL function
    """The DATE of a stored (UTC) timestamp moved by a whole number of minutes: `shifted_date(x, -420)`.
    A run saved with no session counts on the coach day it started (store.exercises.run_day)."""

    type = Date()
    inherit_cache = True
    name = "shifted_date"


def _shift_minutes(element) -> int:  # noqa: ANN001
    _value, minutes = list(element.clauses)
    return int(minutes.value)  # a bound int, written as a literal: never text from outside


@compiles(shifted_date, "sqlite")
def _shifted_date_sqlite(element, compiler, **kw):  # noqa: ANN001, ANN202
    value = list(element.clauses)[0]
    return f"date({compiler.process(value, **kw)}, '{_shift_minutes(element):+d} minutes')"


@compiles(shifted_date)
def _shifted_date_default(element, compiler, **kw):  # noqa: ANN001, ANN202 - PostgreSQL: timestamp + interval
    value = list(element.clauses)[0]
    return f"CAST({compiler.process(value, **kw)} + INTERVAL '{_shift_minutes(element):d} minutes' AS DATE)"
