"""Partial dates: each fits its precision (day, month or year), is real and not in the future."""

from __future__ import annotations

import datetime as dt

from datasite.issues import Issue, field_prefix
from datasite.load.values import DATE_FORMS, read_partial_date
from datasite.model import Row, Table


def check_dates(table: Table, today: dt.date) -> list[Issue]:
    """A date matches its precision, is a real calendar date, and is not in the future."""
    issues = []
    pairs = [
        (f["name"], f["precisionField"]) for f in table.schema["fields"] if f.get("precisionField")
    ]
    # A date's problems depend only on its value and precision: judge each distinct pair once.
    bad, required, allowed = {}, {}, {}
    for name, precision_name in pairs:
        seen = {
            (row.values.get(name, ""), row.values.get(precision_name, "")) for row in table.rows
        }
        bad[name] = {
            (v, p) for v, p in seen if check_date(Row({}, "", 0), name, v, precision_name, p, today)
        }
        constraints = table.field(precision_name).get("constraints", {})
        required[name] = constraints.get("required")
        allowed[name] = set(constraints.get("enum") or ())
    for row in table.rows:
        for name, precision_name in pairs:
            value, precision = row.values.get(name, ""), row.values.get(precision_name, "")
            if not precision and required[name]:
                continue  # reported as a missing required value
            if precision and allowed[name] and precision not in allowed[name]:
                continue  # a precision not in its list ("día") is told once, by enum
            if (value, precision) in bad[name]:
                issues += check_date(row, name, value, precision_name, precision, today)
    return issues


def check_date(
    row: Row, name: str, value: str, precision_name: str, precision: str, today: dt.date
) -> list[Issue]:
    lead = field_prefix(name)
    line = row.line_of(name)
    details = {"value": value, "precision": precision}
    if not value:
        if precision in DATE_FORMS:
            return [
                Issue(
                    row.path,
                    line,
                    "date-precision",
                    f'{lead}is empty but {precision_name} is "{precision}"',
                    field=name,
                    details=details,
                )
            ]
        return []
    date = read_partial_date(value)
    if date is None:
        return []  # the schema's pattern already reports it
    if precision not in DATE_FORMS:
        shown = f'"{precision}"' if precision else "empty"
        return [
            Issue(
                row.path,
                line,
                "date-precision",
                f'{lead}"{value}" needs {precision_name} day, month or year, not {shown}',
                field=name,
                details=details,
            )
        ]
    if date.precision != precision:
        return [
            Issue(
                row.path,
                line,
                "date-precision",
                f'{lead}"{value}" does not have the form of precision "{precision}"',
                field=name,
                details=details,
            )
        ]
    try:
        earliest = date.earliest()
    except ValueError:
        return [
            Issue(
                row.path,
                line,
                "date-invalid",
                f'{lead}"{value}" is not a real date',
                field=name,
                details=details,
            )
        ]
    if earliest > today:
        return [
            Issue(
                row.path,
                line,
                "date-future",
                f'{lead}"{value}" is in the future (today is {today.isoformat()})',
                field=name,
                details=details,
            )
        ]
    return []
