"""A problem about a record that is not public never quotes the record's values.

Problems are printed to a terminal, a CI log and a pull request's annotations, which are as public
as the repository. A contributor who writes a withheld person's name where it does not belong (as
the record's id, in `consent_ref`, as a source id) is told where and why, with the values shown as
"•••", and so is every other problem about that record: its file and line say where to look. The
values are read from the record's file as written, so a record the loader refused (an unknown
field, a YAML mistake) is masked too; one whose file cannot be read is masked whole.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import yaml

from datasite.check.privacy import TRUE, name_like
from datasite.issues import Issue
from datasite.model import Project, Row, Table
from datasite.report.hints import slugify

MASK = "•••"
SHORTEST = 3  # shorter values ("no", "12") are words of the message itself
# Beyond this many values (a problem with a whole file of many records) one search for them all
# would be a huge expression: every quoted value is left out instead, field names aside.
MANY_VALUES = 500
QUOTED_VALUE = re.compile(r'((?:field|campo) )?"[^"\n]*"')
# A line "field: value" (or "- field: value") of a YAML file that could not be read.
YAML_VALUE = re.compile(r"^\s*(?:-\s+)?[\w.-]+\s*:\s*(.+?)\s*$")


class PrivateRecords:
    """The tables gated by a publish level, and the values of their records that are not public,
    read from their files when a problem points at one."""

    def __init__(self, project: Project | None):
        self.root = project.root if project is not None else None
        tables = project.tables().values() if project is not None else []
        self.gated = [t for t in tables if (t.schema.get("privacy") or {}).get("levelField")]
        gated = {t.name for t in self.gated}
        # Fields that cite a person (release_events.person_id), by the folder or file they are in.
        self.citing = {
            t.path.rstrip("/"): {
                n for fk in t.foreign_keys if fk.resource in gated for n in fk.fields
            }
            for t in tables
        }
        self.files: dict[str, list[tuple[int, list[str]]]] = {}
        self.sheet_rows: dict[tuple[str, int], list[str]] = {}  # rows read from a spreadsheet

    def note_rows(self, table: Table, rows: list[Row]) -> None:
        """Rows that are in no data file yet (a spreadsheet's, to import), by place."""
        if table.name not in {t.name for t in self.gated}:
            return
        rules = Rules(table)
        for row in rows:
            values = {k: v if isinstance(v, list) else [v] for k, v in row.values.items()}
            self.sheet_rows[(row.path, row.line)] = rules.hidden_unless_public(values)

    def hide(self, issue: Issue) -> Issue:
        """The issue with every value of the record it points at left out, when that record is
        not public; with every quoted value left out, when it is about a field citing a person
        and quotes a name there."""
        if self.cites_by_name(issue):
            return replace(
                issue, message=quoted_masked(issue.message), hint=quoted_masked(issue.hint)
            )
        values = self.values_at(issue.path, issue.line)
        if not values:
            return issue
        if len(values) > MANY_VALUES:  # a problem with a whole large file: every quoted value
            return replace(
                issue, message=quoted_masked(issue.message), hint=quoted_masked(issue.hint)
            )
        found = pattern(tuple(values))
        return replace(
            issue, message=found.sub(MASK, issue.message), hint=found.sub(MASK, issue.hint)
        )

    def values_at(self, path: str, line: int) -> list[str]:
        if (path, line) in self.sheet_rows:
            return self.sheet_rows[(path, line)]
        table = self.table_of(path)
        if table is None or self.root is None:
            return []
        if path not in self.files:
            self.files[path] = private_values(self.root / path, table)
        records = self.files[path]
        if line <= 0:  # the whole file: every record in it
            return [v for _, values in records for v in values]
        held = [values for start, values in records if start <= line]
        return held[-1] if held else []

    def cites_by_name(self, issue: Issue) -> bool:
        folder = issue.path if issue.path in self.citing else issue.path.rpartition("/")[0]
        if issue.field not in self.citing.get(folder, ()):
            return False
        quoted = (m.group()[1:-1] for m in QUOTED_VALUE.finditer(issue.message) if not m.group(1))
        return any(name_like(value) for value in quoted)

    def table_of(self, path: str) -> Table | None:
        for table in self.gated:
            folder = table.path.rstrip("/")
            if path == folder or path.startswith(folder + "/"):
                return table
        return None


def private_values(path: Path, table: Table) -> list[tuple[int, list[str]]]:
    """Each record of a file by its first line, with the values to hide: none for a public
    record, every value for a file that cannot be read as records."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    rules = Rules(table)
    try:
        records = csv_records(text) if path.suffix.lower() == ".csv" else yaml_records(text)
    except (yaml.YAMLError, csv.Error):
        return [(1, rules.hidden(yaml_lines(text)))]
    return [(start, rules.hidden_unless_public(values)) for start, values in records]


class Rules:
    """A gated table's privacy rules, and the words never hidden: its field names, its codes."""

    def __init__(self, table: Table):
        self.rules = table.schema.get("privacy") or {}
        fields = table.schema.get("fields", [])
        self.kept = {f["name"].lower() for f in fields} | {"true", "false", "yes", "no"}
        self.kept |= {"verdadero", "falso"}  # a boolean written in Spanish is no one's data
        self.kept |= {
            str(code).lower() for f in fields for code in f.get("constraints", {}).get("enum", [])
        }

    def hidden_unless_public(self, values: dict[str, list[str]]) -> list[str]:
        level = " ".join(values.get(self.rules.get("levelField", ""), []))
        minor = " ".join(values.get(self.rules.get("minorField", ""), [])).lower()
        if level in self.rules.get("publicLevels", []) and minor not in TRUE:
            return []
        # The level itself is no one's data: a misspelt one is quoted back to be corrected,
        # unless it looks like a name typed there.
        return self.hidden(
            v
            for name, items in values.items()
            if name != self.rules.get("levelField") or name_like(" ".join(items))
            for v in items
        )

    def hidden(self, values) -> list[str]:
        out = []
        for value in values:
            value = str(value).strip().strip("\"'")
            for form in (value, slugify(value)):  # the id a hint makes of it
                if len(form) >= SHORTEST and form.lower() not in self.kept and form not in out:
                    out.append(form)
        return out


def yaml_records(text: str) -> list[tuple[int, dict[str, list[str]]]]:
    """The records of a YAML file (one record, or a list of them) by first line, each value as
    written (a list's items, a mapping's values), keys the loader would refuse included."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    items = node.value if isinstance(node, yaml.SequenceNode) else [node] if node else []
    out = []
    for item in items:
        if isinstance(item, yaml.MappingNode):
            seen: set[int] = set()
            values = {str(k.value): scalars(v, seen) for k, v in item.value}
            out.append((item.start_mark.line + 1, values))
    return out


def scalars(node: yaml.Node, seen: set[int] | None = None) -> list[str]:
    """The texts under a node, each node once: an alias repeats a node, and nine aliases of
    nine aliases (a "billion laughs" file, which the loader refuses) would be read 9**8 times."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return []
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return [str(node.value)]
    if isinstance(node, yaml.SequenceNode):
        return [s for item in node.value for s in scalars(item, seen)]
    if isinstance(node, yaml.MappingNode):
        return [s for pair in node.value for part in pair for s in scalars(part, seen)]
    return []


def csv_records(text: str) -> list[tuple[int, dict[str, list[str]]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    out = []
    start = reader.line_num + 1
    for cells in reader:
        out.append((start, {name: [cell] for name, cell in zip(header, cells, strict=False)}))
        start = reader.line_num + 1
    return out


def yaml_lines(text: str) -> list[str]:
    """The values of a file that is not YAML or CSV as written: what follows each "field:"."""
    found = [YAML_VALUE.match(line) for line in text.splitlines()]
    return [m.group(1) for m in found if m]


def quoted_masked(text: str) -> str:
    """Every quoted value of a message left out, a quoted field name ("field "x":") kept."""
    return QUOTED_VALUE.sub(lambda m: m.group() if m.group(1) else f'"{MASK}"', text)


@lru_cache(maxsize=128)
def pattern(values: tuple[str, ...]) -> re.Pattern:
    """One search for every value, the longest first, as a whole word (case aside)."""
    alternatives = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def hide_private(issues: list[Issue], private: PrivateRecords | None) -> list[Issue]:
    return [private.hide(i) for i in issues] if private and private.gated else issues
