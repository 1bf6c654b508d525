"""The column of a problem's field on its line, so an annotation can point at the very cell.

Worked out only for the lines that have problems, by reading those lines again: the loaders stay
as fast as they are on large tables.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from datasite.issues import Issue


def add_columns(root: Path, issues: list[Issue]) -> list[Issue]:
    """Each issue that names a field in a CSV or YAML data file, with its 1-based column."""
    out = []
    files: dict[str, list[str]] = {}  # per call: files change between runs in one process
    for issue in issues:
        column = 0
        if issue.field and issue.line and not issue.column:
            if issue.path not in files:
                files[issue.path] = file_lines(root / issue.path)
            column = field_column(files[issue.path], issue.path, issue.line, issue.field)
        out.append(dataclasses.replace(issue, column=column) if column else issue)
    return out


def field_column(lines: list[str], path: str, line: int, field: str) -> int:
    """The 1-based column where the field's value starts on that line, or 0 when unknown."""
    if not 0 < line <= len(lines):
        return 0
    text = lines[line - 1]
    if path.endswith(".csv"):
        header = cell_starts(lines[0])
        names = [cell.strip().strip('"') for _, cell in header]
        if field not in names:
            return 0
        starts = cell_starts(text)
        index = names.index(field)
        return starts[index][0] + 1 if index < len(starts) else 0
    match = re.match(rf"^(\s*-?\s*){re.escape(field)}\s*:\s*", text)
    return len(match.group(0)) + 1 if match else 0


def file_lines(path: Path) -> list[str]:
    try:
        # Lines end at \n (and \r\n) only: splitlines() would also break a cell at U+2028 or \x85.
        return [
            line.removesuffix("\r") for line in path.read_text(encoding="utf-8-sig").split("\n")
        ]
    except (OSError, UnicodeDecodeError):
        return []


def cell_starts(line: str) -> list[tuple[int, str]]:
    """(offset, text) of each comma-separated cell on one CSV line, honouring double quotes."""
    cells, start, quoted = [], 0, False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            cells.append((start, line[start:index]))
            start = index + 1
    cells.append((start, line[start:]))
    return cells
