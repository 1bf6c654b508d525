"""Plain data: rows that remember their file and line, tables, datasets, the project."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The texts that mean true in a boolean field (frictionless's defaults).
TRUE_VALUES = ("true", "True", "TRUE", "1")


def as_list(value: Any) -> list[str]:
    """A schema's `fields` (a name or a list of names) as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


@dataclass
class Row:
    """One record; `values` holds strings (lists of strings for list fields), "" when empty."""

    values: dict[str, Any]
    path: str
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        """The line of a field when the format knows it (YAML), else the row's line."""
        return self.field_lines.get(name, self.line)


@dataclass
class Table:
    """A table: its schema descriptor and its rows, possibly from several files."""

    name: str
    dataset: str
    schema: dict
    schema_path: str
    path: str
    rows: Sequence[Row] = field(default_factory=list)  # a list, or frames.FrameRows for large CSV

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema.get("fields", [])]

    def field(self, name: str) -> dict:
        return next(f for f in self.schema["fields"] if f["name"] == name)

    @property
    def primary_key(self) -> list[str]:
        return as_list(self.schema.get("primaryKey"))


@dataclass
class Dataset:
    """A dataset: its metadata (datapackage.yaml) and its tables in declared order."""

    name: str
    meta: dict
    path: str
    tables: dict[str, Table] = field(default_factory=dict)


@dataclass
class Project:
    """Everything loaded from a project folder: site settings and datasets."""

    root: Path
    site: dict
    datasets: dict[str, Dataset] = field(default_factory=dict)

    def tables(self) -> dict[str, Table]:
        """All tables by name, across datasets (table names are unique in a project)."""
        return {name: t for d in self.datasets.values() for name, t in d.tables.items()}

    def table(self, name: str) -> Table | None:
        return self.tables().get(name)

    def with_rows(self, rows_of: Callable[[Table], Sequence[Row] | None]) -> Project:
        """A copy in which each table holds rows_of(table), or its own rows when that is None."""
        out = copy.copy(self)
        out.datasets = {}
        for dataset_name, dataset in self.datasets.items():
            d = copy.copy(dataset)
            d.tables = {}
            for name, table in dataset.tables.items():
                t = copy.copy(table)
                rows = rows_of(table)
                if rows is not None:
                    t.rows = rows
                d.tables[name] = t
            out.datasets[dataset_name] = d
        return out


SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def key_of(row: Row, fields: list[str]) -> tuple:
    return tuple(row.values.get(f, "") for f in fields)


def describe(spec: dict, lang: str) -> str:
    """A field's description from its schema, in lang when the schema has it."""
    translated = (spec.get("i18n") or {}).get(lang, {}).get("description")
    return " ".join(str(translated or spec.get("description", "")).split())
