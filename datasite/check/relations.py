"""Rules between two fields of one row, declared on a field of the schema:

- `notAfter: <field>`: a date that is not after the other field's date (a count's window starts
  on or before the date it counts to). Partial dates compare by the days they may be: refused
  only when this date's first possible day comes after the other's last.
- `upperOf: <field>`: the upper end of a range, at least the other field's value.
- `filledWhen: {field: <field>, values: [...]}`: filled exactly when the other field holds one
  of the values (a range's upper end goes with the qualifier "between" and nothing else).

Each judges a pair of cells; a cell another rule refuses (not a date, not a number, a missing
required value) is left to that rule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from datasite.check.rules import TableFrame
from datasite.check.screen import dtype_of, falses
from datasite.issues import Issue, field_prefix
from datasite.load.values import read_partial_date
from datasite.model import Table


@dataclass(frozen=True)
class Relation:
    """A rule between `field` (where the schema declares it) and `other`; `judge` gives the
    problem with a pair of their cells (an issue of no place yet), or None."""

    field: str
    other: str
    judge: Callable[[str, str], Issue | None]


def relations(table: Table) -> list[Relation]:
    """The relations a table's schema declares (check_schema has made sure they are well formed)."""
    out = []
    for spec in table.schema.get("fields", []):
        name = spec["name"]
        if spec.get("notAfter"):
            out.append(Relation(name, spec["notAfter"], not_after(name, spec["notAfter"])))
        if spec.get("upperOf"):
            kinds = (spec.get("type"), table.field(spec["upperOf"]).get("type"))
            judge = upper_of(name, spec["upperOf"], "number" in kinds)
            out.append(Relation(name, spec["upperOf"], judge))
        if spec.get("filledWhen"):
            rule = spec["filledWhen"]
            listed = table.field(rule["field"]).get("constraints", {}).get("enum")
            judge = filled_when(name, rule["field"], rule["values"], listed)
            out.append(Relation(name, rule["field"], judge))
    return out


def check_relations(table: Table, _today: dt.date | None = None) -> list[Issue]:
    """Every row's declared relations, each distinct pair of cells judged once."""
    issues = []
    for relation in relations(table):
        verdicts: dict[tuple[str, str], Issue | None] = {}
        for row in table.rows:
            pair = (cell(row.values.get(relation.field)), cell(row.values.get(relation.other)))
            if pair not in verdicts:
                verdicts[pair] = relation.judge(*pair)
            found = verdicts[pair]
            if found:
                # A field left out of a YAML record has no line: the other one's says where.
                line = row.field_lines.get(relation.field) or row.line_of(relation.other)
                issues.append(dataclasses.replace(found, path=row.path, line=line))
    return issues


def relation_screen(context: TableFrame) -> pl.Series:
    """Rows check_relations may reject: those whose pair of cells it judges a problem."""
    table, frame = context.table, context.frame
    mask = falses(frame)
    for relation in relations(table):
        names = (relation.field, relation.other)
        if any(n not in frame.columns or dtype_of(frame, n) != pl.String for n in names):
            return ~falses(frame)  # a list or a missing column: every row goes to the rule
        pairs = frame.select(*names).unique()
        bad = pairs.filter(
            pl.Series([bool(relation.judge(a, b)) for a, b in pairs.iter_rows()], dtype=pl.Boolean)
        )
        if bad.height:
            mask |= frame.select(
                pl.struct(*names).is_in(bad.select(pl.struct(*names)).to_series().implode())
            ).to_series()
    return mask


def cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def not_after(name: str, other: str) -> Callable[[str, str], Issue | None]:
    def judge(value: str, limit: str) -> Issue | None:
        first, last = days_of(value), days_of(limit)
        if first is None or last is None or first[0] <= last[1]:
            return None
        message = f'{field_prefix(name)}"{value}" is after {other} "{limit}"'
        return Issue("", 0, "date-order", message, field=name)

    return judge


def days_of(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial date may be, or None for no real date."""
    date = read_partial_date(text) if text else None
    if date is None:
        return None
    try:
        return date.earliest(), date.latest()
    except ValueError:
        return None


def upper_of(name: str, other: str, decimals: bool) -> Callable[[str, str], Issue | None]:
    """`decimals`: the fields are numbers, else whole numbers ("1.000" is then no number at all,
    for the type check to report, not 1)."""

    def judge(value: str, lower: str) -> Issue | None:
        top, bottom = number(value, decimals), number(lower, decimals)
        if top is not None and not lower:
            message = f'{field_prefix(name)}"{value}" is the upper end of a range with no {other}'
            return Issue("", 0, "range-order", message, field=name)
        if top is None or bottom is None or top >= bottom:
            return None
        message = f'{field_prefix(name)}"{value}" is less than {other} "{lower}"'
        return Issue("", 0, "range-order", message, field=name)

    return judge


def number(text: str, decimals: bool = True) -> float | None:
    try:
        return (float(text) if decimals else int(text)) if text else None
    except ValueError:
        return None


def filled_when(
    name: str, other: str, values: list[str], listed: list | None = None
) -> Callable[[str, str], Issue | None]:
    """`listed`: the other field's enum, whose check reports a condition not in it ("atleast")."""
    wanted = [str(v) for v in values]
    shown = " or ".join(f'"{v}"' for v in wanted)
    known = {str(v) for v in listed} if listed else None

    def judge(value: str, condition: str) -> Issue | None:
        if not condition or bool(value) == (condition in wanted):
            return None  # an empty condition is reported as missing, if it is required
        if known is not None and condition not in known:
            return None  # not one of the other field's values: its enum check says so
        if value:
            message = f'is filled but {other} is "{condition}"; only {shown} has it'
        else:
            message = f'is empty but {other} is "{condition}", which needs it'
        return Issue("", 0, "filled-when", field_prefix(name) + message, field=name)

    return judge
