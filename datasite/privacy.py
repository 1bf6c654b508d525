"""Do no harm: personal fields only where the publish level allows, never a minor's, no identifiers in text."""
from __future__ import annotations

import copy
import re
from operator import methodcaller

from .issues import Issue, field_prefix
from .model import Project, Row, Table

IDENTIFIERS = {
    "national ID number": re.compile(r"\b[VE]\s?[-.]?\s?(?:\d{1,3}(?:\.\d{3}){1,2}|\d{6,9})\b", re.IGNORECASE),
    "phone number": re.compile(
        r"(?:\+58|\b0)[\s.-]?\(?(?:2\d{2}|4(?:12|14|16|22|24|26))\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}\b"
        r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d){6,12}\b"
    ),
    "e-mail address": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
}


# One search finds whether any identifier pattern matches; only then is each one tried, to name it.
ANY_IDENTIFIER = re.compile("|".join(
    f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in IDENTIFIERS.values()
))


def personal_fields(table: Table) -> list[str]:
    return [f["name"] for f in table.schema.get("fields", []) if f.get("personal")]


def may_publish(table: Table, row: Row) -> bool:
    """True when the row's publish level allows its personal fields to appear in output."""
    rules = table.schema.get("privacy") or {}
    if rules.get("minorField") and row.values.get(rules["minorField"], "").lower() in ("true", "1", "yes"):
        return False
    level = row.values.get(rules.get("levelField", ""), "")
    return level in rules.get("publicLevels", [])


def check_privacy(project: Project) -> list[Issue]:
    """Breaches at file and line: a minor's personal data, identifiers in free text."""
    issues = []
    for table in project.tables().values():
        personal = personal_fields(table)
        rules = table.schema.get("privacy") or {}
        text_fields = [f["name"] for f in table.schema.get("fields", [])
                       if f.get("type", "string") in ("string", "list") and f.get("format") != "uri"]
        suspects = {name: suspect_texts(table, name) for name in text_fields}
        text_fields = [name for name in text_fields if suspects[name]]
        for row in rows_to_scan(table, rules.get("minorField") if personal else None, suspects):
            minor = rules.get("minorField") and row.values.get(rules["minorField"], "").lower() in ("true", "1", "yes")
            for name in personal:
                if minor and row.values.get(name):
                    issues.append(Issue(row.path, row.line_of(name), "privacy-minor",
                                        f"{field_prefix(name)}a minor's personal data is never recorded; remove it", field=name))
            for name in text_fields:
                value = row.values.get(name, "")
                if (value in suspects[name]) if isinstance(value, str) else not suspects[name].isdisjoint(value):
                    issues += scan_text(row, name)
    return issues


def column(table: Table, name: str) -> list:
    """A field's values in row order (whole-column work runs at C speed; per-row loops do not)."""
    return list(map(methodcaller("get", name, ""), [row.values for row in table.rows]))


def rows_to_scan(table: Table, minor_field: str | None, suspects: dict[str, set[str]]) -> list[Row]:
    """The rows that may hold a breach, in order: a minor's, or one with a suspect text."""
    wanted: set[int] = set()
    if minor_field:
        values = column(table, minor_field)
        wanted.update(i for i, v in enumerate(values) if not isinstance(v, str) or v.lower() in ("true", "1", "yes"))
    for name, texts in suspects.items():
        if texts:
            values = column(table, name)
            wanted.update(i for i, v in enumerate(values) if ((v in texts) if isinstance(v, str) else not texts.isdisjoint(v)))
    return [table.rows[i] for i in sorted(wanted)]


def suspect_texts(table: Table, name: str) -> set[str]:
    """The distinct texts of a column that match some identifier pattern (most columns: none)."""
    values = column(table, name)
    try:
        distinct = set(values)
    except TypeError:  # list fields: their items are the texts
        distinct = {item for value in values for item in (value if isinstance(value, list) else (value,))}
    return {text for text in distinct if isinstance(text, str) and text and ANY_IDENTIFIER.search(text)}


def scan_text(row: Row, name: str) -> list[Issue]:
    value = row.values.get(name, "")
    texts = value if isinstance(value, list) else [value]
    issues = []
    for text in texts:
        if not text or not ANY_IDENTIFIER.search(text):
            continue
        for label, pattern in IDENTIFIERS.items():
            if pattern.search(text):
                issues.append(Issue(row.path, row.line_of(name), "privacy-identifier",
                                    f"{field_prefix(name)}looks like a {label}; personal identifiers are never published", field=name,
                                    details={"kind": label}))
    return issues


def redact(project: Project) -> Project:
    """A copy of the project as the public may see it: personal fields emptied where not allowed."""
    public = copy.copy(project)
    public.datasets = {}
    for name, dataset in project.datasets.items():
        d = copy.copy(dataset)
        d.tables = {}
        for table_name, table in dataset.tables.items():
            t = copy.copy(table)
            personal = personal_fields(table)
            if personal:
                t.rows = [redact_row(t, row, personal) for row in table.rows]
            d.tables[table_name] = t
        public.datasets[name] = d
    return public


def redact_row(table: Table, row: Row, personal: list[str]) -> Row:
    if may_publish(table, row):
        return row
    values = dict(row.values)
    for name in personal:
        values[name] = [] if isinstance(values[name], list) else ""
    return Row(values=values, path=row.path, line=row.line, field_lines=row.field_lines)
