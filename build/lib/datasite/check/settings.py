"""Site settings that name tables, fields, rows and templates (data/site.yaml `pages`, `featured`,
`timeline`, `home_events`, `headline`, `languages`), checked once the data is clean: `validate`
refuses every setting the build would stop at, or would render as nothing. render.py keeps its
own guards as a second wall, with the same messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from datasite.issues import Issue, line_of_text
from datasite.load.frames import FrameRows
from datasite.model import Project, Table

SITE = "data/site.yaml"
HEADLINE_KEYS = ("table", "metric_field", "metrics", "claimant_field", "claimants", "date_field")
LANGUAGE = re.compile(
    r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"
)  # a folder name too: the pages of each language after the first


def settings_issues(project: Project) -> list[Issue]:
    """Every setting in data/site.yaml that names something the project does not have."""
    check = SettingsCheck(project)
    check.languages()
    check.pages()
    check.featured()
    check.timeline()
    check.home_events()
    check.headline()
    return check.issues


class SettingsCheck:
    """Collects the problems of one project's site settings, each at its line of data/site.yaml."""

    def __init__(self, project: Project):
        self.project = project
        self.site = project.site
        self.tables = project.tables()
        self.issues: list[Issue] = []
        try:
            self.text = (Path(project.root) / SITE).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            self.text = ""  # the loader already refused it; the problems still count, at line 0

    def add(self, section: str, value: Any, message: str) -> None:
        self.issues.append(Issue(SITE, line_in(self.text, section, str(value)), "config", message))

    def table(self, section: str, name: Any) -> Table | None:
        """The named table, or None with a problem."""
        table = self.tables.get(name) if isinstance(name, str) else None
        if table is None:
            self.add(section, name, f'{section}: no table "{name}"')
        return table

    def fields(self, section: str, table: Table, names: list[Any]) -> None:
        """Each name must be a field of the table."""
        for name in names:
            if name not in table.field_names:
                self.add(section, name, f'{section}: "{name}" is not a field of {table.name}')

    def languages(self) -> None:
        """Each language names a folder of the site and its texts in site_templates/i18n."""
        languages = self.site.get("languages", ["en"])
        if not isinstance(languages, list) or not languages:
            self.add("languages", "", "languages must be a list of language codes, like [en, es]")
            return
        i18n = Path(self.project.root) / "site_templates" / "i18n"
        for lang in languages:
            if (
                not isinstance(lang, str)
                or not LANGUAGE.match(lang)
                or not (i18n / f"{lang}.yaml").is_file()
            ):
                self.add(
                    "languages",
                    lang,
                    f'languages: "{lang}" must be a language code like es, with a file of '
                    "its texts in site_templates/i18n/",
                )

    def pages(self) -> None:
        """As render_site reads `pages`: a table, a folder, two templates, at most max_pages rows."""
        templates = Path(self.project.root) / "site_templates" / "pages"
        for spec in self.site.get("pages") or []:
            # (a missing or unsafe folder is check_page_ids' to report)
            missing = [key for key in ("table", "template", "index_template") if not spec.get(key)]
            for key in missing:
                self.add("pages", spec.get("table", ""), f"pages: an entry has no {key}")
            for key in ("template", "index_template"):
                name = spec.get(key)
                if name and not template_exists(templates, name):
                    self.add("pages", name, f"pages: no template site_templates/pages/{name}")
            table = self.table("pages", spec["table"]) if "table" not in missing else None
            try:
                limit = int(spec.get("max_pages", MAX_ROW_PAGES))
            except (TypeError, ValueError):
                self.add(
                    "pages",
                    "max_pages",
                    f'pages: max_pages "{spec.get("max_pages")}" must be a whole number',
                )
                continue
            if table is not None and len(table.rows) > limit:
                self.add(
                    "pages",
                    spec["table"],
                    f'pages: table "{table.name}" has {len(table.rows):,} rows, more than max_pages {limit:,}; '
                    "one page per row would slow every build, so raise max_pages or take the table out of pages "
                    "(its rows stay in the data downloads)",
                )

    def featured(self) -> None:
        """As Site.featured reads `featured`: rows of {table, id}, each an existing row."""
        spec = self.site.get("featured")
        if not spec:
            return
        rows = spec.get("rows", []) if isinstance(spec, dict) else None
        if not isinstance(rows, list) or not all(isinstance(item, dict) for item in rows):
            self.add(
                "featured",
                "",
                "featured must be a mapping whose rows are a list of mappings with table and id",
            )
            return
        ids: dict[str, set] = {}
        for item in rows:
            name = item.get("table", "")
            table = self.tables.get(name) if isinstance(name, str) else None
            if table is not None and name not in ids:
                ids[name] = ids_of(table)
            if table is None or item.get("id", "") not in ids[name]:
                self.add(
                    "featured",
                    item.get("id", ""),
                    f'featured: no {item.get("table")} row with id "{item.get("id")}"',
                )

    def timeline(self) -> None:
        """As Site.events reads `timeline`: a table and its date field (and precision field)."""
        specs = self.site.get("timeline") or []
        if not isinstance(specs, list) or not all(
            isinstance(s, dict) and "table" in s and "date_field" in s for s in specs
        ):
            self.add(
                "timeline", "", "timeline must be a list of mappings with table and date_field"
            )
            return
        for spec in specs:
            table = self.table("timeline", spec["table"])
            if table is not None:
                self.fields(
                    "timeline",
                    table,
                    [spec["date_field"]] + [spec["precision_field"]] * ("precision_field" in spec),
                )

    def home_events(self) -> None:
        """As render_site reads `home_events`: a list of tables and a count."""
        spec = self.site.get("home_events")
        if spec is None:
            return
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("tables", []), list)
            or type(spec.get("count", 5)) is not int
        ):
            self.add(
                "home_events",
                "",
                "home_events must be a mapping with tables (a list) and count (a whole number)",
            )
            return
        timeline = self.site.get("timeline") or []
        dated = (
            [s.get("table") for s in timeline if isinstance(s, dict)]
            if isinstance(timeline, list)
            else []
        )
        for name in spec.get("tables", []):
            if not isinstance(name, str) or name not in dated:
                self.add(
                    "home_events", name, f'home_events: "{name}" is not a table of the timeline'
                )

    def headline(self) -> None:
        """As Site.headline and Site.chart read `headline`: a table and the fields they use."""
        spec = self.site.get("headline")
        if not spec:
            return
        if (
            not isinstance(spec, dict)
            or any(key not in spec for key in HEADLINE_KEYS)
            or not all(isinstance(spec[key], list) for key in ("metrics", "claimants"))
        ):
            self.add(
                "headline",
                "",
                "headline needs table, metric_field, metrics (a list), claimant_field, "
                "claimants (a list) and date_field",
            )
            return
        table = self.table("headline", spec["table"])
        if table is None:
            return
        named = [spec["metric_field"], spec["claimant_field"], spec["date_field"], "id"]
        exclude = spec.get("exclude") or {}
        named += list(exclude) if isinstance(exclude, dict) else []
        self.fields("headline", table, named + ["value"] * bool(spec.get("chart_metric")))


def ids_of(table: Table) -> set[str]:
    """The ids of a table's rows; a table held as columns is not made into rows for it."""
    rows = table.rows
    if isinstance(rows, FrameRows) and "id" in rows.frame.columns:
        values = rows.frame["id"].to_list()
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


def line_in(text: str, section: str, value: str) -> int:
    """The first line holding value within the top-level setting `section` (its first line when
    value is empty or not found there); 0 when the setting is not written at all."""
    lines = text.splitlines()
    start = next(
        (n for n, line in enumerate(lines) if re.match(rf"{re.escape(section)}\s*:", line)), None
    )
    if start is None:
        return 0
    end = next(
        (n for n in range(start + 1, len(lines)) if re.match(r"[^\s#-]", lines[n])), len(lines)
    )
    found = line_of_text("\n".join(lines[start:end]), value) if value else 0
    return start + (found or 1)


# Per-row pages cost MkDocs time on every build; a table listed in site.yaml `pages` with more
# rows than this stops the build instead of quietly making it slow (its `max_pages` can raise it).
MAX_ROW_PAGES = 1000
