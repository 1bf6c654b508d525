"""What data/site.yaml settings name (tables, fields, rows, templates, languages), checked once
the data is clean from the one declaration in load/settings.py: `validate` refuses every setting
the build would stop at, or would render as nothing. render/pages.py keeps its own guards as a
second wall, with the same messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from datasite.check.compare import Window, comparable, row_problem
from datasite.issues import Issue
from datasite.load.frames import FrameRows, rows_with_ids
from datasite.load.settings import (
    FIELD,
    LANGUAGE,
    ROW,
    SETTINGS,
    SITE,
    TABLE,
    TEMPLATE,
    TEXTS,
    TIMELINE_TABLE,
    Found,
    ShapeCheck,
)
from datasite.model import Project, Table


def settings_issues(project: Project) -> list[Issue]:
    """Every setting in data/site.yaml that names something the project does not have."""
    check = SettingsCheck(project)
    walk = ShapeCheck(SETTINGS, SITE, project.settings.lines)
    walk.mapping("", project.site, (), (), known=True)
    for found in walk.found:
        check.names(found)
    check.pages()
    check.headline()
    check.featured()
    return check.issues


class SettingsCheck:
    """Collects the problems of one project's site settings, each at its line of data/site.yaml."""

    def __init__(self, project: Project):
        self.project = project
        self.settings = project.settings
        self.tables = project.tables()
        self.ids: dict[str, set[str]] = {}
        self.issues: list[Issue] = []

    def add(self, path: tuple, code: str, message: str, **details: Any) -> None:
        lines = self.settings.lines
        line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines), 0)
        self.issues.append(Issue(SITE, line, code, message, details=details))

    def names(self, found: Found) -> None:
        """What one setting names, as its declaration says."""
        setting, section = found.setting, str(found.path[0])
        if not setting.names:
            return
        if setting.key.endswith("*"):
            values = [(found.key, found.path)]
        elif setting.type == TEXTS:
            values = [(v, (*found.path, n)) for n, v in enumerate(found.value)]
        else:
            values = [(found.value, found.path)]
        # The older checks' code is kept; a translation naming no language is new with the
        # declaration and has its own.
        new = setting.names == LANGUAGE and section != "languages"
        code = "setting-reference" if new else "config"
        for value, path in values:
            message = self.problem(setting.names, section, value, found)
            if message:
                self.add(path, code, message)

    def problem(self, names: str, section: str, value: Any, found: Found) -> str:
        """The message when value does not name what it must, else ""."""
        if names == TABLE:
            return "" if value in self.tables else f'{section}: no table "{value}"'
        if names in (FIELD, ROW):
            # A key standing for any key (headline.exclude.*) sits in a mapping of such keys.
            scopes = found.scopes[1:] if found.setting.name == "*" else found.scopes
            key = found.setting.table_key
            table_name = next((s[key] for s in scopes if isinstance(s.get(key), str)), "")
            table = self.tables.get(table_name)
            if names == ROW:
                if table is not None and table_name not in self.ids:
                    self.ids[table_name] = ids_of(table)
                if table is None or value not in self.ids[table_name]:
                    return f'{section}: no {table_name} row with id "{value}"'
                return ""
            if table is None or value in table.field_names:
                return ""  # an unknown table is its own setting's problem
            return f'{section}: "{value}" is not a field of {table.name}'
        if names == TEMPLATE:
            folder = Path(self.project.root) / "site_templates" / "pages"
            if template_exists(folder, value):
                return ""
            return f"{section}: no template site_templates/pages/{value}"
        if names == LANGUAGE:
            return self.language(section, value)
        if names == TIMELINE_TABLE:
            if value in [t.table for t in self.settings.timeline]:
                return ""
            return f'{section}: "{value}" is not a table of the timeline'
        raise ValueError(f"no check for settings that name a {names}")

    def language(self, section: str, value: str) -> str:
        """`languages` names a folder of the site and its texts in site_templates/i18n; a key of
        `i18n` or `language_names` names one of `languages`."""
        if section != "languages":
            if value in self.settings.languages:
                return ""
            return f'{section}: "{value}" is not one of the languages'
        i18n = Path(self.project.root) / "site_templates" / "i18n"
        if (i18n / f"{value}.yaml").is_file():
            return ""
        return (
            f'languages: "{value}" must be a language code like es, with a file of '
            "its texts in site_templates/i18n/"
        )

    def pages(self) -> None:
        """A table listed in `pages` has at most max_pages rows (one page each)."""
        for index, spec in enumerate(self.settings.pages):
            table = self.tables.get(spec.table)
            if table is not None and len(table.rows) > spec.max_pages:
                self.add(
                    ("pages", index, "table"),
                    "config",
                    f'pages: table "{table.name}" has {len(table.rows):,} rows, more than '
                    f"max_pages {spec.max_pages:,}; one page per row would slow every build, so "
                    "raise max_pages or take the table out of pages (its rows stay in the data "
                    "downloads)",
                )

    def headline(self) -> None:
        """The headline reads each row's id, and the chart its value; each headline row pairs
        only counts of one measure and one window, and no two rows are the same."""
        spec = self.settings.headline
        table = self.tables.get(spec.table) if spec else None
        if spec is None or table is None:
            return
        for name in ["id", "value"]:
            if name not in table.field_names:
                self.add(
                    ("headline", "table"),
                    "config",
                    f'headline: "{name}" is not a field of {table.name}',
                )
        seen: dict[tuple[str, Window], int] = {}
        for index, row in enumerate(spec.rows):
            path = ("headline", "rows", index, "window_start")
            window = Window.parse(row.window_start)
            problem = row_problem(row.measure, window, spec.same_window, spec.stock_measures)
            if problem == "not_stated":
                self.add(
                    path,
                    "headline-compare",
                    f'headline.rows: "{row.measure}" with window_start not_stated would set '
                    "counts over unknown periods side by side; give the date counting starts "
                    "from, or list the measure in headline.stock_measures if it counts people "
                    "held on one date",
                )
            elif problem:
                self.add(
                    path,
                    "headline-compare",
                    f'headline.rows: "{row.measure}" from {row.window_start} would compare '
                    f"window starts known only to the {problem}, which "
                    f"headline.same_window.{problem} says are never the same",
                )
            key = (row.measure, window)
            if key in seen:
                self.add(
                    path,
                    "headline-compare",
                    f'headline.rows: "{row.measure}" from {row.window_start} is already the '
                    f"row at line {seen[key]}; one row per measure and window",
                )
            else:
                seen[key] = self.line_of(path)

    def featured(self) -> None:
        """Counts pinned to the home page stand side by side there, as a headline row's do: each
        of the headline's table must be comparable with the first (one measure, one window)."""
        spec, featured = self.settings.headline, self.settings.featured
        if featured is not None:
            pinned_at: dict[tuple[str, str], int] = {}
            for index, row in enumerate(featured.rows):
                path = ("featured", "rows", index, "id")
                if (row.table, row.id) in pinned_at:
                    self.add(
                        path,
                        "config",
                        f'featured.rows: "{row.id}" of {row.table} is already pinned at line '
                        f"{pinned_at[(row.table, row.id)]}",
                    )
                else:
                    pinned_at[(row.table, row.id)] = self.line_of(path)
        table = self.tables.get(spec.table) if spec else None
        if spec is None or featured is None or table is None:
            return
        pinned = [(n, r.id) for n, r in enumerate(featured.rows) if r.table == spec.table]
        names = [spec.measure_field, spec.window_field]
        precision = table.field(spec.window_field).get("precisionField") if names[1] else None
        if len(pinned) < 2 or not precision or not set(names) <= set(table.field_names):
            return
        fields = [*names, precision]
        counts = {
            str(row.values.get("id")): tuple(str(row.values.get(n) or "") for n in fields)
            for row in rows_with_ids(table, "id", {i for _, i in pinned})
        }
        first = None
        for index, row_id in pinned:
            if row_id not in counts:
                continue  # a pinned id that names no row is its own setting's problem
            measure, start, start_precision = counts[row_id]
            window = Window.of(start, start_precision)
            if first is None:
                first = (row_id, measure, window)
                continue
            if not comparable(
                first[1], first[2], measure, window, spec.same_window, spec.stock_measures
            ):
                periods = [shown(window), shown(first[2])]
                self.add(
                    ("featured", "rows", index, "id"),
                    "headline-compare",
                    f'featured.rows: "{row_id}" ({measure}, {periods[0][0]}) would stand beside '
                    f'"{first[0]}" ({first[1]}, {periods[1][0]}), another measure or counting '
                    "period; pin counts of one measure and window only",
                    words_es={"period": dict(periods), "first_period": dict(periods)},
                )

    def line_of(self, path: tuple) -> int:
        lines = self.settings.lines
        return next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines), 0)


def shown(window: Window) -> tuple[str, str]:
    """A window in the words of a message, in English and Spanish."""
    if window.stated:
        return f"since {window.start}", f"desde {window.start}"
    return "counting period not stated", "período de conteo no indicado"


def ids_of(table: Table) -> set[str]:
    """The ids of a table's rows; a table held as columns is not made into rows for it."""
    rows = table.rows
    if isinstance(rows, FrameRows) and "id" in rows.compact.columns:
        values = rows.columns(["id"])["id"].to_list()
    else:
        values = [row.values.get("id") for row in rows]
    return {v for v in values if isinstance(v, str)}


def template_exists(folder: Path, name: Any) -> bool:
    """A template file inside folder, named without leaving it (Jinja2 refuses .. too)."""
    return (
        isinstance(name, str)
        and ".." not in re.split(r"[/\\]", name)
        and not name.startswith("/")
        and (folder / name).is_file()
    )
