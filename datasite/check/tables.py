"""Check a loaded project: frictionless per table, keys across tables, citations, dates, privacy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence

from datasite.check.cached import CheckMemo
from datasite.check.cells import cell_errors, typed_key
from datasite.check.dates import check_dates
from datasite.check.lists import check_list_repeats, list_repeat_screen
from datasite.check.numerals import check_integer_forms, integer_form_screen
from datasite.check.privacy import check_privacy, check_review, name_like
from datasite.check.relations import check_relations, relation_screen
from datasite.check.rules import Checked, Rule, each_table
from datasite.check.safety import check_safety
from datasite.check.screen import (
    cell_screen,
    claim_screen,
    date_screen,
    key_screen,
    privacy_screen,
    reference_screen,
    review_screen,
    safety_screen,
    screen_project,
    written_in_screen,
)
from datasite.check.written_in import check_written_in
from datasite.issues import Issue, field_prefix
from datasite.load.frames import list_fields
from datasite.load.memory import NOTHING_KEPT, Memory
from datasite.model import Project, Row, Table, key_of

CONSTRAINT_CODES = {
    "required": "required",
    "enum": "enum",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "min-length",
    "maxLength": "max-length",
    "exclusiveMinimum": "minimum",
    "exclusiveMaximum": "maximum",
}


def check_project(
    project: Project,
    today: dt.date,
    screen: bool = True,
    rules: Sequence[Rule] | None = None,
    memory: Memory = NOTHING_KEPT,
) -> list[Issue]:
    """Every problem in the project's data; an empty list means it can be published.

    With `screen`, tables read into columns are first cut down, for each rule, to the rows its
    screen keeps (check/screen.py), with what the cross-table checks need worked out over every
    row. The result is the same either way (tests/check/test_screen.py). `rules` default to RULES.
    With `memory` too, a rule skips such a table when it found nothing in it from the same inputs
    before (check/cached.py); what a clean check worked out is kept for the next one.
    """
    rules = RULES if rules is None else rules
    if not screen:
        return [issue for rule in rules for issue in rule.check(Checked(project, today))]
    kept = CheckMemo(memory, project, today, rules)
    issues = [
        issue
        for rule, screened in zip(
            rules, screen_project(project, today, rules, kept.skipped), strict=True
        )
        for issue in rule.check(
            Checked(screened.project, today, screened.known, screened.privacy, screened.cited)
        )
    ]
    if not issues:
        kept.keep()
    return issues


def frictionless_rows(table: Table) -> list[list[str]]:
    """The table as frictionless reads it: header, then every value as text."""
    names = table.field_names
    delimiters = list_fields(table)
    out = [names]
    for row in table.rows:
        out.append(
            [delimiters[n].join(row.values[n]) if n in delimiters else row.values[n] for n in names]
        )
    return out


def frictionless_schema(table: Table) -> dict:
    """The schema minus what we check ourselves across tables and files."""
    return {k: v for k, v in table.schema.items() if k not in ("foreignKeys", "primaryKey")}


def check_table(table: Table, reference: bool = False) -> list[Issue]:
    """Types and constraints: the fast path where it can, else (or if asked) frictionless."""
    if not table.rows:
        return []
    found = None if reference else cell_errors(table)
    if found is None:
        try:
            found = frictionless_errors(table)
        except Exception as error:  # frictionless failing on some value must not end in a traceback
            return [
                Issue(
                    table.path,
                    0,
                    "check-failed",
                    f"frictionless could not check table {table.name} ({type(error).__name__}: "
                    f"{error}); "
                    "look for an unusual value in it, such as sNaN in a number field",
                )
            ]
    cites = table.schema.get("citesField")
    issues = []
    for row_number, name, cell, error in found:
        if not row_number or row_number < 2:
            issues.append(Issue(table.path, 0, error.type, error.message))
            continue
        row = table.rows[row_number - 2]
        if error.type == "blank-row":  # frictionless names its position among the rows it was given
            issues.append(
                Issue(row.path, row.line, "blank-row", "every field of this record is empty")
            )
            continue
        issue = cell_issue(table, row, name, cell, error)
        if issue.code == "required" and name == cites:
            issue = Issue(
                row.path,
                row.line_of(name),
                "missing-source",
                f"{field_prefix(name)}every {table.name} row must cite a source",
                field=name,
            )
        issues.append(issue)
    return issues


def frictionless_errors(table: Table) -> list[tuple]:
    """(row number, field, cell, error) for each error frictionless finds: the reference path."""
    from frictionless import Resource, Schema

    resource = Resource(
        data=frictionless_rows(table), schema=Schema.from_descriptor(frictionless_schema(table))
    )
    report = resource.validate(limit_errors=10**9)
    return [
        (
            getattr(error, "row_number", None),
            getattr(error, "field_name", "") or "",
            getattr(error, "cell", ""),
            error,
        )
        for task in report.tasks
        for error in task.errors
    ]


DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
# A spreadsheet's date in Spanish locales: 29/12/2025, 9-1-2026, 09.01.2026.
DAY_MONTH_YEAR = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$")


def is_date_field(spec: dict) -> bool:
    """A partial-date field: it names its precision field, or has the date pattern."""
    pattern = spec.get("constraints", {}).get("pattern", "")
    return bool(spec.get("precisionField")) or pattern == DATE_PATTERN


def cell_issue(table: Table, row: Row, name: str, cell: object, error) -> Issue:
    """One frictionless cell error, in our words."""
    spec = table.field(name) if name in table.field_names else {}
    lead = field_prefix(name)
    line = row.line_of(name)
    if error.type == "type-error":
        kind = spec.get("type", "value")
        if kind == "string" and spec.get("format") == "uri":
            kind = "web address"  # "www.example.org/a" is text, but no address without https://
        return Issue(
            row.path,
            line,
            "type",
            f'{lead}"{cell}" is not a valid {kind}',
            field=name,
            details={"type": kind, "value": cell},
        )
    if error.type == "constraint-error":
        match = re.search(r'constraint "(\w+)"', error.note or "")
        constraint = match.group(1) if match else ""
        code = CONSTRAINT_CODES.get(constraint, "constraint")
        limit = spec.get("constraints", {}).get(constraint)
        if code == "required" and row.field_lines and name not in row.field_lines:
            message = f'{lead}is required, and the record has no "{name}:" line'  # YAML
        elif code == "required":
            message = f"{lead}is required but empty"
        elif code == "enum":
            message = f'{lead}"{cell}" is not one of {", ".join(map(str, limit))}'
        elif code == "pattern" and DAY_MONTH_YEAR.match(str(cell)) and is_date_field(spec):
            code = "date-dmy"
            message = f'{lead}"{cell}" is written day/month/year'
        elif code == "pattern" and is_date_field(spec):
            message = f'{lead}"{cell}" is not a date written YYYY-MM-DD, YYYY-MM or YYYY'
        elif code == "pattern":
            message = f'{lead}"{cell}" does not match the pattern {limit}'
        elif code == "minimum":
            message = f"{lead}{cell} is less than the minimum {limit}"
        elif code == "maximum":
            message = f"{lead}{cell} is more than the maximum {limit}"
        elif code == "max-length":
            message = f"{lead}is {len(str(cell))} characters long, more than {limit}"
        elif code == "min-length":
            message = f"{lead}is {len(str(cell))} characters long, less than {limit}"
        else:
            message = f"{lead}{error.note}"
        return Issue(
            row.path, line, code, message, field=name, details={"value": cell, "limit": limit}
        )
    return Issue(row.path, line, error.type, f"{lead}{error.note or error.message}", field=name)


def check_primary_key(table: Table) -> list[Issue]:
    """Primary keys are unique across every file of the table, compared as typed values (as
    frictionless does: integer keys 1 and 01 are the same key)."""
    fields = table.primary_key
    if not fields:
        return []
    typed = typed_key(table, fields)
    first: dict[tuple, Row] = {}
    issues = []
    for row in table.rows:
        text = key_of(row, fields)
        if not all(text):
            continue
        key = typed(text)
        if key in first:
            earlier = first[key]
            where = (
                f"line {earlier.line}"
                if earlier.path == row.path
                else f"{earlier.path}:{earlier.line}"
            )
            issues.append(
                Issue(
                    row.path,
                    row.line_of(fields[0]),
                    "duplicate-key",
                    f'{field_prefix(fields[0])}"{"/".join(text)}" is already used at {where}',
                    field=fields[0],
                )
            )
        else:
            first[key] = row
    return issues


def check_claim_key(table: Table) -> list[Issue]:
    """Rows equal in every field of the schema's `claimKey` are one claim entered twice (a
    syndicated copy is another source of the same claim: it belongs in the first row's sources)."""
    fields = table.schema.get("claimKey") or []
    if not fields:
        return []
    typed = typed_key(table, fields)
    first: dict[tuple, Row] = {}
    issues = []
    for row in table.rows:
        key = typed(key_of(row, fields))
        if key not in first:
            first[key] = row
            continue
        earlier = first[key]
        where = (
            f"line {earlier.line}" if earlier.path == row.path else f"{earlier.path}:{earlier.line}"
        )
        primary = table.primary_key[0] if table.primary_key else fields[0]
        issues.append(
            Issue(
                row.path,
                row.line,
                "duplicate-claim",
                f'the same claim as "{earlier.values.get(primary, "")}" at {where} '
                f"(same {', '.join(fields)})",
                details={"first": earlier.values.get(primary, ""), "fields": fields},
            )
        )
    return issues


def check_references(
    project: Project,
    tables: dict[str, Table],
    known_keys: Callable[[str, list[str]], set] | None = None,
) -> list[Issue]:
    """Foreign keys across files and datasets; a cited source must exist. `known_keys(table,
    fields)` gives a table's keys when `tables` hold only some rows (default: from the rows)."""
    issues = []
    keys: dict[tuple[str, tuple], set] = {}
    for table in tables.values():
        for fk in table.foreign_keys:
            fields, target_name, target_fields = fk.fields, fk.resource, fk.target_fields
            target = tables.get(target_name)
            if target is None:
                issues.append(
                    Issue(
                        table.schema_path,
                        0,
                        "foreign-key",
                        f'{table.name} refers to a table "{target_name}" that no dataset declares',
                    )
                )
                continue
            missing = [f for f in target_fields if f not in target.field_names]
            if missing or not target_fields:
                issues.append(
                    Issue(
                        table.schema_path,
                        0,
                        "foreign-key",
                        f"{table.name} refers to {target_name}.{'/'.join(missing) or '?'}, which "
                        f"is not a field of {target_name}",
                    )
                )
                continue
            listed = [
                f["name"]
                for f in target.schema.get("fields", [])
                if f["name"] in target_fields and f.get("type") == "list"
            ]
            if listed:
                issues.append(
                    Issue(
                        table.schema_path,
                        0,
                        "foreign-key",
                        f"{table.name} refers to {target_name}.{listed[0]}, a list field; a key "
                        "must be a single value",
                    )
                )
                continue
            if not table.rows:
                continue  # nothing refers: the target's keys are not needed
            cache_key = (target_name, tuple(target_fields))
            if cache_key not in keys:
                keys[cache_key] = (
                    known_keys(target_name, target_fields)
                    if known_keys
                    else {key_of(r, target_fields) for r in target.rows}
                )
            known = keys[cache_key]
            if all_known(table, fields, known):
                continue
            listing = Listing(known)  # sorted once, shared by every issue against this target
            gated = bool((target.schema.get("privacy") or {}).get("levelField"))
            for row in table.rows:
                issues += check_row_reference(
                    table, row, fields, target_name, known, listing, gated
                )
    return issues


def all_known(table: Table, fields: list[str], known: set) -> bool:
    """True when every value of a one-field key is known: one set difference instead of a loop."""
    if len(fields) != 1:
        return False
    column = [row.values.get(fields[0], "") for row in table.rows]
    try:
        values = set(column)
    except TypeError:  # list fields: each item is a key
        values = {
            item for value in column for item in (value if isinstance(value, list) else (value,))
        }
    values.discard("")
    return all((value,) in known for value in values)


class Listing:
    """The known keys of a target as sorted text, made when first asked for and then shared."""

    def __init__(self, known: set):
        self.known = known
        self.text: list[str] | None = None

    def sorted(self) -> list[str]:
        if self.text is None:
            self.text = sorted("/".join(k) for k in self.known)
        return self.text


def check_row_reference(
    table: Table,
    row: Row,
    fields: list[str],
    target: str,
    known: set,
    listing: Listing,
    gated: bool = False,
) -> Iterable[Issue]:
    """An unknown key; one that looks like a name, where a record cites a person (`gated`: a
    table with a publish level), is a privacy problem that never quotes it."""
    if len(fields) == 1 and isinstance(row.values.get(fields[0]), list):
        candidates = [(item,) for item in row.values[fields[0]]]
    else:
        candidates = [key_of(row, fields)]
    for key in candidates:
        if not all(key) or key in known:
            continue
        name = fields[0]
        if gated and len(key) == 1 and name_like(key[0]):
            yield Issue(
                row.path,
                row.line_of(name),
                "privacy-private-name",
                f"{field_prefix(name)}looks like a name, where a person is cited by the id of "
                f"their {target} record, never by name: the repository and its history are public",
                field=name,
                details={"target": target},
            )
            continue
        cites = name == table.schema.get("citesField")
        code = "unknown-source" if cites else "foreign-key"
        yield Issue(
            row.path,
            row.line_of(name),
            code,
            f'{field_prefix(name)}"{"/".join(key)}" is not an id in {target}',
            field=name,
            details={"value": "/".join(key), "target": target, "known": listing.sorted()},
        )


def check_all_references(checked: Checked) -> list[Issue]:
    """check_references over the checked project, with every row's keys when screened."""
    return check_references(checked.project, checked.project.tables(), checked.known)


# Every row rule with its screen; a rule added here without a screen keeps every row.
RULES: tuple[Rule, ...] = (
    Rule("cells", each_table(lambda table, _: check_table(table)), cell_screen),
    Rule("primary-key", each_table(lambda table, _: check_primary_key(table)), key_screen),
    Rule("claim-key", each_table(lambda table, _: check_claim_key(table)), claim_screen),
    Rule("dates", each_table(check_dates), date_screen),
    Rule("relations", each_table(check_relations), relation_screen),
    Rule("integer-form", each_table(check_integer_forms), integer_form_screen),
    Rule("list-repeat", each_table(check_list_repeats), list_repeat_screen),
    Rule("written-in", each_table(check_written_in), written_in_screen),
    Rule("references", check_all_references, reference_screen),
    Rule("privacy", lambda c: check_privacy(c.project, **c.privacy), privacy_screen),
    Rule("safety", lambda c: check_safety(c.project), safety_screen),
    Rule("review", lambda c: check_review(c.project, c.cited), review_screen),
)
