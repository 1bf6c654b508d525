"""Problems found in the data, as values: each with a stable code, a place and a message."""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dataclass_field


@dataclass(frozen=True, order=True)
class Issue:
    """One problem, pointing at the file and line a contributor must look at."""

    path: str
    line: int
    code: str
    message: str
    field: str = ""
    column: int = 0
    hint: str = ""
    details: dict = dataclass_field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.code}: {self.message}"


class DataError(Exception):
    """Raised by a stage when it cannot go on; carries the issues that stopped it."""

    def __init__(self, issues: list[Issue]):
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


def field_prefix(name: str) -> str:
    """The 'field "x": ' lead-in that names the field in a message."""
    return f'field "{name}": ' if name else ""


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Issues in file and line order, so the output reads top to bottom."""
    return sorted(issues, key=lambda i: (i.path, i.line, i.column, i.code, i.field, i.message))


def line_of_text(text: str, value: str) -> int:
    """The first line holding the value (settings are read as plain values, without lines)."""
    escaped = json.dumps(value, ensure_ascii=False)[1:-1]  # as written inside double quotes
    for number, line in enumerate(text.splitlines(), 1):
        if value in line or escaped in line:
            return number
    return 0
