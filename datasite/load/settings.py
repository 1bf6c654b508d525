"""The shape of data/site.yaml, declared once: every setting's type, default, allowed values,
whether it is required, and what table, field, row or file it names. Shape problems are found
here at load time (so `validate` finds them as `build` would); what a setting names is checked in
check/settings.py from the same declaration once the tables are loaded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from datasite.issues import Issue, closest
from datasite.load.identifiers import identifier_patterns
from datasite.model import (
    Featured,
    FeaturedRow,
    Headline,
    HeadlineRow,
    HomeEvents,
    PageSpec,
    SiteSettings,
    TimelineEntry,
)

SITE = "data/site.yaml"

# Types of a setting's value, as YAML writes them.
TEXT = "text"
WHOLE = "a whole number"
TEXTS = "a list of texts"
TEXT_PIECES = "text, or a list of texts joined as written"
MAPPING = "a mapping"
MAPPINGS = "a list of mappings"

# What a setting's value names (checked in check/settings.py once the tables are loaded).
TABLE = "table"  # a table of the project
FIELD = "field of table"  # a field of the table named by the nearest `table`-like key above
ROW = "row of table"  # the id of a row of that table
TEMPLATE = "template"  # a file in site_templates/pages/
LANGUAGE = "language"  # a language with its texts in site_templates/i18n/<lang>.yaml
TIMELINE_TABLE = "timeline table"  # a table listed in `timeline`

# A language names a folder of the site, so it is a plain code.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
# The site's public address: a scheme, a host and a path; nothing a link would have to escape.
SITE_ADDRESS = re.compile(r"^(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?)?$")
SITE_ADDRESS_FORM = "an address such as https://example.org/data/ (https:// or http://, no ? or #)"
# Per-row pages cost MkDocs time on every build; a table listed in `pages` with more rows than
# this stops the build instead of quietly making it slow (its `max_pages` can raise it).
MAX_ROW_PAGES = 1000
# Pages whose size does not grow with the data: the most rows a table on a record's page shows,
# and the most records the timeline and the sources page list (the rest: the data browser).
PAGE_ROWS = 50
LIST_ROWS = 200


@dataclass(frozen=True)
class Setting:
    """One setting: `key` is a dotted path ("headline.table"); "pages[].table" is a key of each
    item of the list `pages`; "*" stands for any key (then `names` applies to the key)."""

    key: str
    type: str
    doc: str
    default: Any = None
    required: bool = False
    allowed: re.Pattern | None = None  # the form of each value (or each item of a list)
    form: str = ""  # that form in words, for the message
    minimum: int | None = None
    names: str = ""
    # For FIELD and ROW: the key, in this mapping or one around it, that names the table.
    table_key: str = "table"

    @property
    def parent(self) -> str:
        return self.key.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.key.rpartition(".")[2]


I18N = "translations by language: {es: {title: …, description: …}}"
I18N_TITLE = "translations by language: {es: {title: …}}"
SETTINGS: tuple[Setting, ...] = (
    Setting("title", TEXT, "the site's name", ""),
    Setting("description", TEXT, "what the site is, on the home page and in the catalogue", ""),
    Setting("publisher", TEXT, "who publishes the data (citations, catalogue, feed)", ""),
    Setting(
        "base_url",
        TEXT,
        "the site's public address, for the sitemap and absolute links in the catalogue, feed and "
        "citations (DATASITE_BASE_URL or build --base-url override it)",
        "",
        allowed=SITE_ADDRESS,
        form=SITE_ADDRESS_FORM,
    ),
    Setting(
        "repository",
        TEXT,
        "the project's repository (e.g. https://github.com/owner/name), for the footer's links to "
        "the issue forms and private reporting (DATASITE_REPOSITORY or build --repository "
        "override it)",
        "",
        allowed=SITE_ADDRESS,
        form=SITE_ADDRESS_FORM,
    ),
    Setting("spatial_coverage", TEXT, "schema.org spatialCoverage of every dataset", ""),
    Setting(
        "languages",
        TEXTS,
        "the site's languages; the first one's pages are at the root",
        ["en"],
        allowed=LANGUAGE_CODE,
        form="a language code like es",
        names=LANGUAGE,
    ),
    Setting("language_names", MAPPING, "each language's name in the language switch", {}),
    Setting("language_names.*", TEXT, "a language's name", names=LANGUAGE),
    Setting("i18n", MAPPING, I18N, {}),
    Setting("i18n.*", MAPPING, "the texts in one language", names=LANGUAGE),
    Setting("i18n.*.title", TEXT, "the site's name in that language"),
    Setting("i18n.*.description", TEXT, "the description in that language"),
    Setting("sources_table", TEXT, "the table of source citations", "", names=TABLE),
    Setting("actors_table", TEXT, "the table of actors (claimants)", "", names=TABLE),
    Setting(
        "actors_group_field",
        TEXT,
        "the field of actors_table naming the actor one speaks for",
        "",
        names=FIELD,
        table_key="actors_table",
    ),
    Setting(
        "measures_table",
        TEXT,
        "the table of measures (what each count counts), listed on the Definitions page",
        "",
        names=TABLE,
    ),
    Setting(
        "headline", MAPPING, "the home page's latest comparable counts, per measure and window"
    ),
    Setting("headline.table", TEXT, "the table of counts", required=True, names=TABLE),
    Setting("headline.measure_field", TEXT, "its field of measures", required=True, names=FIELD),
    Setting("headline.claimant_field", TEXT, "its field of claimants", required=True, names=FIELD),
    Setting(
        "headline.claimants",
        TEXTS,
        "the claimants shown (columns), in order; an actor part_of one counts as it",
        required=True,
        names=ROW,
        table_key="actors_table",
    ),
    Setting("headline.date_field", TEXT, "its as-of date field", required=True, names=FIELD),
    Setting(
        "headline.window_field",
        TEXT,
        "its field of window starts (counting since), with a precisionField",
        required=True,
        names=FIELD,
    ),
    Setting("headline.status_field", TEXT, "its field of verified/claimed…", "", names=FIELD),
    Setting("headline.exclude", MAPPING, "rows left out: {field: [values]}", {}),
    Setting("headline.exclude.*", TEXTS, "the values of that field left out", names=FIELD),
    Setting(
        "headline.stock_measures",
        TEXTS,
        "measures of people held on a date: their counts with no window are comparable",
        [],
        names=ROW,
        table_key="measures_table",
    ),
    Setting("headline.same_window", MAPPING, "when two window starts are the same", {}),
    Setting(
        "headline.same_window.month",
        TEXT,
        "starts known to the month: same (the same month) or never",
        "same",
        allowed=re.compile(r"^(same|never)$"),
        form="same or never",
    ),
    Setting(
        "headline.same_window.year",
        TEXT,
        "starts known to the year: same (the same year) or never",
        "same",
        allowed=re.compile(r"^(same|never)$"),
        form="same or never",
    ),
    Setting("headline.rows", MAPPINGS, "the rows, in order: a measure and a window", required=True),
    Setting(
        "headline.rows[].measure",
        TEXT,
        "the measure of the row",
        required=True,
        names=ROW,
        table_key="measures_table",
    ),
    Setting(
        "headline.rows[].window_start",
        TEXT,
        "counting since: a date (2026-01-08, 2026-01 or 2026) or not_stated",
        required=True,
        allowed=re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|not_stated)$"),
        form="a date like 2026-01-08, 2026-01 or 2026, or not_stated",
    ),
    Setting("headline.rows[].note", TEXT, "an editorial note under the row", ""),
    Setting("headline.rows[].i18n", MAPPING, "translations by language: {es: {note: …}}", {}),
    Setting("headline.rows[].i18n.*", MAPPING, "the texts in one language", names=LANGUAGE),
    Setting("headline.rows[].i18n.*.note", TEXT, "the note in that language"),
    Setting(
        "headline.chart",
        TEXTS,
        "the measures of the home page chart, one panel each",
        [],
        names=ROW,
        table_key="measures_table",
    ),
    Setting("timeline", MAPPINGS, "the tables of dated rows on the timeline page", []),
    Setting("timeline[].table", TEXT, "a table", required=True, names=TABLE),
    Setting("timeline[].date_field", TEXT, "its date field", required=True, names=FIELD),
    Setting("timeline[].precision_field", TEXT, "its date precision field", names=FIELD),
    Setting(
        "timeline[].order_field",
        TEXT,
        "a field whose allowed values, in the schema's order, order the rows of one day",
        names=FIELD,
    ),
    Setting("home_events", MAPPING, "the latest events on the home page"),
    Setting(
        "home_events.tables",
        TEXTS,
        "the timeline tables they come from (default: all)",
        names=TIMELINE_TABLE,
    ),
    Setting("home_events.count", WHOLE, "how many (0: all)", 5, minimum=0),
    Setting(
        "page_rows",
        WHOLE,
        "the most rows a table on one record's page (a facility, a law) shows, the newest; "
        "a note gives the total and links to the data browser, so no page grows with the data",
        PAGE_ROWS,
        minimum=1,
    ),
    Setting(
        "list_rows",
        WHOLE,
        "the most records the timeline and the sources page show, the newest; a note gives "
        "the total and links to the data browser",
        LIST_ROWS,
        minimum=1,
    ),
    Setting("featured", MAPPING, "rows pinned to the home page"),
    Setting("featured.title", TEXT, "the heading above them", ""),
    Setting("featured.i18n", MAPPING, I18N_TITLE, {}),
    Setting("featured.i18n.*", MAPPING, "the texts in one language", names=LANGUAGE),
    Setting("featured.i18n.*.title", TEXT, "the heading in that language"),
    Setting(
        "featured.rows",
        MAPPINGS,
        "the rows, in order; counts of the headline's table only of one measure and window",
        required=True,
    ),
    Setting("featured.rows[].table", TEXT, "a table", required=True),
    Setting("featured.rows[].id", TEXT, "the id of one of its rows", required=True, names=ROW),
    Setting("pages", MAPPINGS, "a page per row of a table, listed on an index page", []),
    Setting("pages[].table", TEXT, "the table", required=True, names=TABLE),
    Setting("pages[].folder", TEXT, "the folder of its pages (a lowercase slug)", required=True),
    Setting(
        "pages[].template", TEXT, "the template of a row's page", required=True, names=TEMPLATE
    ),
    Setting(
        "pages[].index_template",
        TEXT,
        "the template of the index page",
        required=True,
        names=TEMPLATE,
    ),
    Setting("pages[].title", TEXT, "the index page's title", ""),
    Setting("pages[].i18n", MAPPING, I18N_TITLE, {}),
    Setting("pages[].i18n.*", MAPPING, "the texts in one language", names=LANGUAGE),
    Setting("pages[].i18n.*.title", TEXT, "the title in that language"),
    Setting(
        "pages[].max_pages",
        WHOLE,
        "the most rows (pages) the table may have",
        MAX_ROW_PAGES,
        minimum=0,
    ),
    Setting("privacy", MAPPING, "what the privacy scan refuses"),
    Setting("privacy.identifiers", MAPPINGS, "identifiers never published", []),
    Setting(
        "privacy.names_in_records",
        TEXT,
        "whether a record that is not public may hold a name: refused (the default); only a "
        "test fixture that exercises the name scans says allowed in test fixtures",
        "refused",
        allowed=re.compile(r"^(refused|allowed in test fixtures)$"),
        form='"refused" or "allowed in test fixtures"',
    ),
    Setting("privacy.identifiers[].label", TEXT, "what it is, in English", required=True),
    Setting("privacy.identifiers[].label_es", TEXT, "what it is, in Spanish", required=True),
    Setting(
        "privacy.identifiers[].pattern",
        TEXT_PIECES,
        "a Python regular expression (a long one in pieces)",
        required=True,
    ),
)

# The settings a datapackage.yaml may hold beyond the Data Package standard, which the build
# reads (other keys are the standard's, or custom properties the standard allows).
DATASET_SETTINGS: tuple[Setting, ...] = (
    Setting("i18n", MAPPING, I18N, {}),
    Setting("i18n.*", MAPPING, "the texts in one language"),
    Setting("i18n.*.title", TEXT, "the dataset's title in that language"),
    Setting("i18n.*.description", TEXT, "its description in that language"),
    Setting("spatialCoverage", TEXT, "schema.org spatialCoverage (default: spatial_coverage)"),
    Setting("doi", TEXT, "the dataset's DOI, for citations and the catalogue"),
    Setting(
        "version_notes",
        MAPPING,
        "the notes of frozen versions in another language, for its version pages (their "
        "CHANGELOG.md is English): {es: {'2.0.0': …}}",
        {},
    ),
    Setting("version_notes.*", MAPPING, "the notes in one language, by version"),
    Setting("version_notes.*.*", TEXT, "the note of that version"),
)


def children(declared: tuple[Setting, ...]) -> dict[str, dict[str, Setting]]:
    """Each mapping's settings by name, the mapping given by its key ("" for the file)."""
    out: dict[str, dict[str, Setting]] = {}
    for setting in declared:
        out.setdefault(setting.parent, {})[setting.name] = setting
    return out


@dataclass(frozen=True)
class Found:
    """A setting present in the file: its value, where it is, and the mappings around it."""

    setting: Setting
    key: str  # the key as written ("es" for "i18n.*")
    value: Any
    path: tuple  # ("pages", 0, "table")
    scopes: tuple[dict, ...]  # the mappings holding it, innermost first


class ShapeCheck:
    """Walks a settings file against its declaration: the problems, and every setting found."""

    def __init__(self, declared: tuple[Setting, ...], where: str, lines: dict[tuple, int]):
        self.children = children(declared)
        self.where = where
        self.lines = lines
        self.issues: list[Issue] = []
        self.found: list[Found] = []

    def add(self, path: tuple, code: str, message: str, **details: Any) -> None:
        line = next(
            (self.lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in self.lines), 0
        )
        self.issues.append(Issue(self.where, line, code, message, details=details))

    def mapping(self, parent: str, value: dict, path: tuple, scopes: tuple, known: bool) -> None:
        """Each key of a mapping against the settings declared under parent."""
        declared = self.children.get(parent, {})
        scopes = (value, *scopes)
        for key, item in value.items():
            setting = declared.get(key) or declared.get("*")
            if setting is None:
                if known:
                    names = sorted(n for n in declared if n != "*")
                    self.add(
                        (*path, key),
                        "setting-unknown",
                        f'{display(path) or "site.yaml"}: unknown setting "{key}"',
                        near=closest(str(key), names),
                        allowed=names,
                    )
                continue
            if item is not None:  # `key:` with nothing after it is the setting left out
                self.value(setting, key, item, (*path, key), scopes)
        for name, setting in declared.items():
            if setting.required and value.get(name) is None:
                self.add(path, "setting-missing", f"{display(path) or 'site.yaml'} needs {name}")

    def value(self, setting: Setting, key: Any, value: Any, path: tuple, scopes: tuple) -> None:
        got = shape_of(value)
        if got != setting.type and not (
            (got == "an empty list" and setting.type in (TEXTS, MAPPINGS))
            or (got in (TEXT, TEXTS) and setting.type == TEXT_PIECES)
        ):
            self.add(path, "setting-type", f"{display(path)} must be {setting.type}, not {got}")
            return
        items = value if setting.type == TEXTS else [value]
        for item in items:
            if setting.allowed and not setting.allowed.match(str(item)):
                self.add(path, "setting-value", f'{display(path)}: "{item}" must be {setting.form}')
                return
        if setting.minimum is not None and value < setting.minimum:
            self.add(
                path, "setting-value", f"{display(path)}: {value} is less than {setting.minimum}"
            )
            return
        self.found.append(Found(setting, str(key), value, path, scopes))
        if setting.type == MAPPING:
            self.mapping(setting.key, value, path, scopes, known=True)
        elif setting.type == MAPPINGS:
            for index, item in enumerate(value):
                self.mapping(setting.key + "[]", item, (*path, index), scopes, known=True)


def shape_of(value: Any) -> str:
    """A YAML value's type in the words of the declaration."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return WHOLE
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return TEXT
    if isinstance(value, dict):
        return MAPPING
    if isinstance(value, list):
        if not value:
            return "an empty list"
        if all(isinstance(v, str) for v in value):
            return TEXTS
        if all(isinstance(v, dict) for v in value):
            return MAPPINGS
        return "a mixed list"
    return "empty"


def display(path: tuple) -> str:
    """A setting's path as written in messages: headline.metric_field (list positions aside)."""
    return ".".join(str(p) for p in path if not isinstance(p, int))


def key_lines(text: str) -> dict[tuple, int]:
    """The line of each key and list item of a YAML text, by path: ("pages", 0, "table") -> 31."""
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return {}  # the loader refused the file already
    lines: dict[tuple, int] = {(): 1}

    def walk(node: yaml.Node, path: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = (*path, key_node.value)
                lines.setdefault(key, key_node.start_mark.line + 1)
                walk(value_node, key)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1
                walk(item, (*path, index))

    if node is not None:
        walk(node, ())
    return lines


def check_shape(
    value: dict, text: str, declared: tuple[Setting, ...], where: str, open_top: bool = False
) -> ShapeCheck:
    """The settings file's problems of shape and the settings found; with open_top, keys the
    declaration does not name are let through at the top (a datapackage.yaml's standard keys)."""
    check = ShapeCheck(declared, where, key_lines(text))
    check.mapping("", value, (), (), known=not open_top)
    return check


def read_settings(site: dict, text: str) -> tuple[SiteSettings, list[Issue]]:
    """data/site.yaml as one typed object, or the defaults and the problems of its shape."""
    check = check_shape(site, text, SETTINGS, SITE)
    if check.issues:
        return SiteSettings(lines=check.lines), check.issues
    return typed(site, check.lines), []


def typed(site: dict, lines: dict[tuple, int]) -> SiteSettings:
    """The settings of a file whose shape was checked, absent ones at their defaults."""
    get = DefaultsOf(site, "")
    headline = site.get("headline")
    home = site.get("home_events") or {}
    featured = site.get("featured")
    return SiteSettings(
        title=get("title"),
        description=get("description"),
        publisher=get("publisher"),
        base_url=get("base_url"),
        repository=get("repository"),
        spatial_coverage=get("spatial_coverage"),
        languages=tuple(get("languages")) or ("en",),
        language_names=dict(get("language_names")),
        i18n=dict(get("i18n")),
        sources_table=get("sources_table"),
        actors_table=get("actors_table"),
        actors_group_field=get("actors_group_field"),
        measures_table=get("measures_table"),
        headline=None if not headline else headline_of(headline),
        timeline=tuple(
            TimelineEntry(
                t["table"],
                t["date_field"],
                t.get("precision_field") or "",
                t.get("order_field") or "",
            )
            for t in get("timeline")
        ),
        home_events=HomeEvents(
            tables=tuple(home["tables"]) if home.get("tables") is not None else None,
            count=DefaultsOf(home, "home_events")("count"),
        ),
        featured=None
        if not featured
        else Featured(
            title=featured.get("title") or "",
            i18n=dict(featured.get("i18n") or {}),
            rows=tuple(FeaturedRow(r["table"], r["id"]) for r in featured["rows"]),
        ),
        pages=tuple(page(spec) for spec in get("pages")),
        page_rows=get("page_rows"),
        list_rows=get("list_rows"),
        identifiers=identifier_patterns(site),
        lines=lines,
    )


def headline_of(spec: dict) -> Headline:
    """site.yaml `headline`, its shape checked."""
    get = DefaultsOf(spec, "headline")
    return Headline(
        table=spec["table"],
        measure_field=spec["measure_field"],
        claimant_field=spec["claimant_field"],
        claimants=tuple(spec["claimants"]),
        date_field=spec["date_field"],
        window_field=spec["window_field"],
        rows=tuple(
            HeadlineRow(
                r["measure"], r["window_start"], r.get("note") or "", dict(r.get("i18n") or {})
            )
            for r in spec["rows"]
        ),
        status_field=get("status_field"),
        exclude={k: tuple(v or ()) for k, v in (spec.get("exclude") or {}).items()},
        stock_measures=tuple(get("stock_measures")),
        same_window={
            "month": DefaultsOf(spec.get("same_window") or {}, "headline.same_window")("month"),
            "year": DefaultsOf(spec.get("same_window") or {}, "headline.same_window")("year"),
        },
        chart=tuple(get("chart")),
    )


def page(spec: dict) -> PageSpec:
    get = DefaultsOf(spec, "pages[]")
    return PageSpec(
        table=spec["table"],
        folder=spec["folder"],
        template=spec["template"],
        index_template=spec["index_template"],
        title=get("title"),
        i18n=dict(get("i18n")),
        max_pages=get("max_pages"),
    )


class DefaultsOf:
    """A mapping's settings, each at its declared default when absent or empty."""

    def __init__(self, mapping: dict, parent: str):
        self.mapping = mapping
        self.declared = children(SETTINGS).get(parent, {})

    def __call__(self, name: str) -> Any:
        value = self.mapping.get(name)
        return self.declared[name].default if value is None else value


def markdown_table(declared: tuple[Setting, ...]) -> list[str]:
    """The declaration as the README's table of settings (a test keeps the two equal)."""
    out = ["| setting | type | default | what it is |", "|---|---|---|---|"]
    for s in declared:
        default = "required" if s.required else "" if s.default is None else yaml_form(s.default)
        what = s.doc.replace("|", "\\|")
        if s.names in (FIELD, ROW):
            what += f"; names a {s.names.split()[0]} of the table in `{s.table_key}`"
        elif s.names:
            what += f"; names a {s.names}"
        if s.form:
            what += f"; each {s.form}"
        if s.minimum is not None:
            what += f"; at least {s.minimum}"
        out.append(f"| `{s.key}` | {s.type} | {default} | {what} |")
    return out


def yaml_form(value: Any) -> str:
    """A default as YAML writes it, in code marks: `""`, `[en]`, `5`."""
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, list):
        return "`[" + ", ".join(map(str, value)) + "]`"
    return "`{}`" if value == {} else f"`{value}`"
