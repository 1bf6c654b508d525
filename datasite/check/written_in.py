"""A text whose language another field gives (`languageField`, e.g. a quote's quote_lang) says
which language it is written in: the pages mark it with that language (lang="…"), so that a
screen reader reads a Spanish quote on an English page in Spanish."""

from __future__ import annotations

import datetime as dt

from datasite.issues import Issue, field_prefix
from datasite.model import Table


def language_pairs(table: Table) -> list[tuple[str, str]]:
    """(text field, the field that gives its language) for each text with a languageField."""
    names = set(table.field_names)
    return [
        (f["name"], f["languageField"])
        for f in table.schema.get("fields", [])
        if f.get("languageField") in names and f["name"] in names
    ]


def check_written_in(table: Table, _today: dt.date | None = None) -> list[Issue]:
    """A filled text whose language field is empty."""
    issues = []
    pairs = language_pairs(table)
    if not pairs:
        return issues
    for row in table.rows:
        for name, language in pairs:
            if row.values.get(name) and not row.values.get(language):  # a text, a list with items
                issues.append(
                    Issue(
                        row.path,
                        row.line_of(name),
                        "language-missing",
                        f"{field_prefix(name)}is filled but {language} is empty",
                        field=name,
                    )
                )
    return issues
