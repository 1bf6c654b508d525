"""Whole numbers written as digits only: "1_200", "+444", "0444" and "١٢٣" are integers to
frictionless (Python's int reads them all), but the published CSV keeps the text as typed, so a
reader's tool gets "1_200" where the data package says 1200."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from datasite.check.rules import TableFrame
from datasite.check.screen import dtype_of, falses
from datasite.issues import Issue, field_prefix
from datasite.model import Table

PLAIN_INTEGER = r"^(0|-?[1-9][0-9]*)$"
_PLAIN = re.compile(PLAIN_INTEGER)


def integer_fields(table: Table) -> list[str]:
    return [f["name"] for f in table.schema.get("fields", []) if f.get("type") == "integer"]


def odd_form(text: str) -> int | None:
    """The number a whole number written other than in plain digits stands for, else None (plain
    digits, empty, or no number at all: the type check's to report)."""
    if not text or _PLAIN.match(text):
        return None
    try:
        return int(text)
    except ValueError:
        return None


def check_integer_forms(table: Table, _today: dt.date | None = None) -> list[Issue]:
    """Every integer cell that reads as a number but is not written in plain digits."""
    issues = []
    for name in integer_fields(table):
        seen: dict[str, int | None] = {}
        for row in table.rows:
            value = row.values.get(name)
            text = "" if value is None else str(value).strip()
            if text not in seen:
                seen[text] = odd_form(text)
            number = seen[text]
            if number is not None:
                issues.append(
                    Issue(
                        row.path,
                        row.line_of(name),
                        "integer-form",
                        f'{field_prefix(name)}"{text}" is read as {number}; write {number}, '
                        "in plain digits",
                        field=name,
                    )
                )
    return issues


def integer_form_screen(context: TableFrame) -> pl.Series:
    """Rows check_integer_forms may reject: an integer cell that is not empty or plain digits."""
    table, frame = context.table, context.frame
    mask = falses(frame)
    for name in integer_fields(table):
        if name not in frame.columns or dtype_of(frame, name) != pl.String:
            return ~falses(frame)
        column = pl.col(name).str.strip_chars()
        mask |= frame.select((column != "") & ~column.str.contains(PLAIN_INTEGER)).to_series()
    return mask
