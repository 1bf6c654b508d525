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

    @property
    def foreign_keys(self) -> list[ForeignKey]:
        return foreign_keys(self.schema, self.name)


@dataclass
class Dataset:
    """A dataset: its metadata (datapackage.yaml) and its tables in declared order."""

    name: str
    meta: dict
    path: str
    tables: dict[str, Table] = field(default_factory=dict)


def translated(i18n: dict, lang: str, key: str, default: str) -> str:
    """A setting's text in lang, from its `i18n` translations when present."""
    return (i18n.get(lang) or {}).get(key) or default


# The typed settings of data/site.yaml; their shape is declared in load/settings.py, which
# fills them in. The defaults are what an absent setting means.
@dataclass(frozen=True)
class HeadlineRow:
    """One row of the home page headline: one measure counted from one window start."""

    measure: str
    window_start: str  # a date (2026-01-08, 2026-01, 2026) or "not_stated"
    note: str = ""
    i18n: dict[str, dict[str, str]] = field(default_factory=dict)

    def note_in(self, lang: str) -> str:
        return translated(self.i18n, lang, "note", self.note)


@dataclass(frozen=True)
class Headline:
    """site.yaml `headline`: per row (measure and window), each claimant's latest comparable
    count."""

    table: str
    measure_field: str
    claimant_field: str
    claimants: tuple[str, ...]
    date_field: str
    window_field: str
    rows: tuple[HeadlineRow, ...]
    status_field: str = ""
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stock_measures: tuple[str, ...] = ()
    # How near is "the same" window start for a start known to the month or year: same or never.
    same_window: dict[str, str] = field(default_factory=dict)
    chart: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """One item of site.yaml `timeline`: a table of dated rows."""

    table: str
    date_field: str
    precision_field: str = ""
    order_field: str = ""  # its enum order orders one day's rows (a law's stages)


@dataclass(frozen=True)
class HomeEvents:
    """site.yaml `home_events`: which timeline tables the home page lists (None: all), how many."""

    tables: tuple[str, ...] | None = None
    count: int = 5


@dataclass(frozen=True)
class FeaturedRow:
    table: str
    id: str


@dataclass(frozen=True)
class Featured:
    """site.yaml `featured`: rows pinned to the home page."""

    title: str = ""
    i18n: dict[str, dict[str, str]] = field(default_factory=dict)
    rows: tuple[FeaturedRow, ...] = ()


@dataclass(frozen=True)
class PageSpec:
    """One item of site.yaml `pages`: a page per row of a table, and an index page."""

    table: str
    folder: str
    template: str
    index_template: str
    title: str = ""
    i18n: dict[str, dict[str, str]] = field(default_factory=dict)
    max_pages: int = 1000

    def title_in(self, lang: str) -> str:
        return translated(self.i18n, lang, "title", self.title)


@dataclass(frozen=True)
class Identifier:
    """One item of site.yaml `privacy.identifiers`: a kind of identifier never published, its
    labels in messages and its regular expression."""

    label: str
    label_es: str
    pattern: str


@dataclass(frozen=True)
class SiteSettings:
    """Everything data/site.yaml says, typed; an empty file gives these defaults."""

    title: str = ""
    description: str = ""
    publisher: str = ""
    base_url: str = ""
    repository: str = ""
    spatial_coverage: str = ""
    languages: tuple[str, ...] = ("en",)
    language_names: dict[str, str] = field(default_factory=dict)
    i18n: dict[str, dict[str, str]] = field(default_factory=dict)
    sources_table: str = ""
    actors_table: str = ""
    actors_group_field: str = ""
    measures_table: str = ""
    headline: Headline | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    home_events: HomeEvents = HomeEvents()
    featured: Featured | None = None
    pages: tuple[PageSpec, ...] = ()
    page_rows: int = 50  # the most rows a table on a record's page shows (load/settings.py)
    list_rows: int = 200  # the most records the timeline and the sources page show
    identifiers: tuple[Identifier, ...] = ()
    # Where each setting was written: (key, index, key, ...) -> line of data/site.yaml.
    lines: dict[tuple, int] = field(default_factory=dict, compare=False, repr=False)

    def text(self, key: str, lang: str) -> str:
        """title or description in lang."""
        return translated(self.i18n, lang, key, getattr(self, key))

    def language_folder(self, lang: str) -> str:
        """The folder of a language's pages in the site: "" for the first language, else lang."""
        return "" if lang == self.languages[0] else lang


@dataclass
class Project:
    """Everything loaded from a project folder: site settings and datasets."""

    root: Path
    site: dict  # the raw mapping: its text for the privacy scan, and for page templates
    datasets: dict[str, Dataset] = field(default_factory=dict)
    settings: SiteSettings = field(default_factory=SiteSettings)
    # Its files could not all be read, so the rules of the data were not checked (pipeline.collect).
    unchecked: bool = False

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


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key of a schema: its fields, the table and fields they refer to, and whether
    it is a list field (each item of the list is a key)."""

    fields: list[str]
    resource: str  # the table itself when the schema names none
    target_fields: list[str]
    list_field: bool
    descriptor: dict  # as written, for the published schema


def foreign_keys(schema: dict, table: str) -> list[ForeignKey]:
    """The schema's foreign keys, parsed; the one place `foreignKeys` is read."""
    lists = {f.get("name") for f in schema.get("fields", []) if f.get("type") == "list"}
    out = []
    for fk in schema.get("foreignKeys") or []:
        reference = fk.get("reference") or {}
        fields = as_list(fk.get("fields"))
        out.append(
            ForeignKey(
                fields,
                reference.get("resource") or table,
                as_list(reference.get("fields")),
                bool(set(fields) & lists),
                fk,
            )
        )
    return out


SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def key_of(row: Row, fields: list[str]) -> tuple:
    return tuple(row.values.get(f, "") for f in fields)


def describe(spec: dict, lang: str) -> str:
    """A field's description from its schema, in lang when the schema has it."""
    translated = (spec.get("i18n") or {}).get(lang, {}).get("description")
    return " ".join(str(translated or spec.get("description", "")).split())
