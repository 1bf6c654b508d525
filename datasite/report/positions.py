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
    wanted: dict[str, set[int]] = {}
    for issue in issues:
        if issue.field and issue.line and not issue.column:
            wanted.setdefault(issue.path, {1}).add(issue.line)  # line 1: a CSV file's header
    # Read per call (files change between runs in one process), each file once.
    files = {path: file_lines(root / path, lines) for path, lines in wanted.items()}
    out = []
    for issue in issues:
        column = 0
        if issue.field and issue.line and not issue.column:
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


def file_lines(path: Path, wanted: set[int]) -> list[str]:
    """The file's lines as read_text().split("\n") gives them, each line not in `wanted`
    (1-based) left empty, so that a large file's text is never held whole; no line when the
    file cannot be read or is not UTF-8."""
    lines: list[str] = []
    last = ""
    try:
        # Text mode, as read_text(): \r\n and \r are read as \n; every line is decoded, so a
        # bad byte anywhere is found as it was.
        with path.open(encoding="utf-8-sig") as handle:
            for number, last in enumerate(handle, 1):
                lines.append(last.removesuffix("\n") if number in wanted else "")
    except (OSError, UnicodeDecodeError):
        return []
    if not lines or last.endswith("\n"):
        lines.append("")  # the empty text after the last line break (or of an empty file)
    return lines


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
