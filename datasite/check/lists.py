"""A list cell naming one item twice ("daily-2026-01-10;daily-2026-01-10"): the same source cited
twice reads as two sources of a claim. Checked row by row, after a screen over the columns."""

from __future__ import annotations

import datetime as dt

import polars as pl

from datasite.check.rules import TableFrame
from datasite.check.screen import dtype_of, falses
from datasite.issues import Issue, field_prefix
from datasite.load.frames import list_fields
from datasite.model import Table


def check_list_repeats(table: Table, _today: dt.date | None = None) -> list[Issue]:
    """Every list cell that holds an item more than once, at its first repeat."""
    issues = []
    for name in list_fields(table):
        for row in table.rows:
            items = row.values.get(name)
            seen: set = set()
            twice = next(
                (i for i in items if i in seen or seen.add(i)) if isinstance(items, list) else (),
                None,
            )
            if twice is None:
                continue
            issues.append(
                Issue(
                    row.path,
                    row.line_of(name),
                    "list-repeat",
                    f'{field_prefix(name)}"{twice}" is listed twice; list each item once',
                    field=name,
                    details={"value": str(twice)},
                )
            )
    return issues


def list_repeat_screen(context: TableFrame) -> pl.Series:
    """Rows check_list_repeats may reject: a list cell of more than one item."""
    table, frame = context.table, context.frame
    mask = falses(frame)
    for name, delimiter in list_fields(table).items():
        if name not in frame.columns:
            continue
        kind = dtype_of(frame, name)
        if kind == pl.String:
            mask |= frame.select(pl.col(name).str.contains(delimiter, literal=True)).to_series()
        elif isinstance(kind, pl.List):
            column = pl.col(name)
            mask |= frame.select(column.list.len() > column.list.n_unique()).to_series()
        else:
            return ~falses(frame)
    return mask.fill_null(False)
