"""Problems found in the data, as values: each with a stable code, a place and a message."""

from __future__ import annotations

import bisect
import difflib
import functools
import json
import re
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

    def __reduce__(self) -> tuple:
        return (DataError, (self.issues,))  # pickled whole (from a build's child process)


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


# Beyond this many choices (the ids of a large table), only the NEAR_IN_ORDER ids next to the
# value in sorted order are compared: a typo mostly keeps an id's start, and comparing with
# every id of a 100,000-row table took seconds per problem.
MANY_CHOICES = 5_000
NEAR_IN_ORDER = 500


def closest(value: str, choices: list[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices nearest to value, compared as typed (case, spaces and hyphens aside)."""
    folded_choices, texts = prepared(tuple(choices) if not isinstance(choices, tuple) else choices)
    folded = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    if folded in folded_choices:
        return [folded_choices[folded]]
    if len(texts) > MANY_CHOICES:
        at = bisect.bisect_left(texts, str(value))
        texts = texts[max(0, at - NEAR_IN_ORDER // 2) : at + NEAR_IN_ORDER // 2]
    return difflib.get_close_matches(str(value), list(texts), n=n, cutoff=cutoff)


@functools.lru_cache(maxsize=8)
def prepared(choices: tuple) -> tuple[dict[str, str], tuple[str, ...]]:
    """Choices folded for lookup and, when many, sorted: worked out once per list of choices
    (the issues against one table all carry the same list of its ids)."""
    by_fold = {re.sub(r"[\s-]+", "_", str(c).lower()): c for c in choices}
    texts = [str(c) for c in choices]
    return by_fold, tuple(sorted(texts) if len(texts) > MANY_CHOICES else texts)
