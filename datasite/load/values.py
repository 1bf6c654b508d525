"""One reader and one writer per Table Schema field type, shared by the checks, every download
format (CSV, JSON, XLSX, SQLite), the browse pages and the diff between versions.

`read` gives a cell's value as its field type reads it; `write` gives the text the CSV holds.
JSON and the browse pages hold the value read. The other formats differ only in what they can
hold: SQLite stores a boolean as 0 or 1 and has no integers beyond 64 bits, a list is one text
cell in SQLite and XLSX. The CSV writes a boolean TRUE or FALSE, whatever word the data uses.
Types with no JSON value of their own (date, time, datetime, yearmonth, duration, geopoint, …)
stay their ISO text in every format but XLSX and Parquet, which hold a full date as a date. A year
is an integer everywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from datasite.model import TRUE_VALUES

FALSE_VALUES = ("false", "False", "FALSE", "0")
INT64 = (-(2**63), 2**63 - 1)


def read_integer(text: str) -> int | None:
    """An integer as frictionless reads one (surrounding spaces allowed), or None."""
    try:
        return int(text.strip())
    except ValueError:
        return None


def read_year(text: str) -> int | None:
    """A year: four digits, as frictionless reads one, or None."""
    text = text.strip()
    return int(text) if len(text) == 4 and text.isascii() and text.isdigit() else None


def read_number(text: str) -> Decimal | None:
    """A number, exact, or None; a signalling NaN stops any comparison, so it is none."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    return None if value.is_snan() else value


def read_boolean(spec: dict, text: str) -> bool | None:
    """True or False by the field's trueValues and falseValues, or None."""
    mapping = {v: True for v in spec.get("trueValues", TRUE_VALUES)}
    mapping.update({v: False for v in spec.get("falseValues", FALSE_VALUES)})  # as frictionless
    return mapping.get(text)


def read_list(delimiter: str, text: str) -> list[str]:
    """A list's items: split at the delimiter, each stripped, empty items dropped."""
    return [item.strip() for item in text.split(delimiter) if item.strip()]


def read(spec: dict, value: str | list[str]) -> Any:
    """A cell's value as its field type reads it: None when empty, text its type cannot read
    stays text (validation refuses it before anything is published)."""
    kind = spec.get("type", "string")
    if isinstance(value, list):
        return value
    if kind == "list":
        return read_list(spec.get("delimiter", ","), value)
    if value == "":
        return None
    if kind == "integer":
        whole = read_integer(value)
        return value if whole is None else whole
    if kind == "year":
        year = read_year(value)
        return value if year is None else year
    if kind == "number":
        return number_value(value)
    if kind == "boolean":
        truth = read_boolean(spec, value)
        return value if truth is None else truth
    return value


def number_value(text: str) -> int | float | str:
    """A number as JSON holds it: an integer when written without a point, else a float; a
    value no float holds (NaN, infinite) stays text so the JSON stays JSON."""
    exact = read_number(text)
    if exact is None or not exact.is_finite():
        return text
    number = float(exact)
    if not math.isfinite(number):
        return text
    return int(number) if number.is_integer() and "." not in text else number


# The words a published CSV holds for a boolean: the only ones R's read.csv reads as logical
# by default (type.convert takes T, F, TRUE and FALSE), and frictionless, pandas and Excel too.
BOOLEAN_WORDS = {True: "TRUE", False: "FALSE"}


def published_field(spec: dict) -> dict:
    """A field as the published schema declares it: a boolean with the CSV's words, TRUE and
    FALSE; every other field as it is."""
    if spec.get("type") != "boolean":
        return spec
    return {**spec, "trueValues": [BOOLEAN_WORDS[True]], "falseValues": [BOOLEAN_WORDS[False]]}


def write(spec: dict, value: Any) -> str:
    """A value as the CSV holds it: list items joined by the field's delimiter, nothing for
    None, TRUE or FALSE for a boolean (whatever word the data uses)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return spec.get("delimiter", ",").join(value)
    if isinstance(value, bool):
        return BOOLEAN_WORDS[value]
    if spec.get("type") == "boolean" and isinstance(value, str):
        truth = read_boolean(spec, value)
        return value if truth is None else BOOLEAN_WORDS[truth]
    return str(value)


def sql_value(spec: dict, value: str | list[str]) -> Any:
    """A cell as SQLite stores it: the value read, a boolean as 1 or 0, a list or an integer
    beyond 64 bits as its text, nothing (NULL) for an empty one."""
    typed = read(spec, value)
    if isinstance(typed, bool):
        return int(typed)
    if isinstance(typed, int) and not INT64[0] <= typed <= INT64[1]:
        return write(spec, value)
    if isinstance(typed, list):
        return write(spec, typed) or None
    return typed


def sheet_value(spec: dict, value: str | list[str]) -> Any:
    """A cell as an XLSX sheet holds it: as SQLite stores it, but a boolean as a boolean, and a
    date field's date from 1900 on as a date. A partial-date field stays text even where a value
    is a whole day: one column, one type, as its schema says (tools that infer a sheet's types,
    frictionless among them, refuse a column of dates with "2026-02" in it)."""
    kind = spec.get("type", "string")
    if kind == "boolean":
        return read(spec, value)
    if isinstance(value, str) and kind == "date":
        if DATE_FORMS["day"].match(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = None
            # Excel counts days from 1900; an earlier date would show as a wrong number.
            if day is not None and day.year >= 1900:
                return day
    return sql_value(spec, value)


# A partial date's forms; \d and $ as the schemas' patterns read them (Python re).
DATE_FORMS = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year."""

    year: int
    month: int | None
    day: int | None

    @property
    def precision(self) -> str:
        return "year" if self.month is None else "month" if self.day is None else "day"

    def earliest(self) -> dt.date:
        """The first day it can be; ValueError when it is no real date (month 13, 30 February)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day it can be; ValueError as for earliest."""
        if self.day is not None:
            return self.earliest()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])


def read_partial_date(text: str) -> PartialDate | None:
    """A date of the form YYYY, YYYY-MM or YYYY-MM-DD, or None; whether it is a real calendar
    date is for `earliest` to say."""
    if not any(form.match(text) for form in DATE_FORMS.values()):
        return None
    parts = [int(p) for p in text.split("-")]
    return PartialDate(parts[0], *(parts[1:] + [None, None])[:2])
