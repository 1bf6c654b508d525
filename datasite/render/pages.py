"""Render the site's pages (Markdown holding escaped HTML) from Jinja2 templates, per language.

Data never reaches Markdown as Markdown: every value is HTML-escaped by Jinja2's autoescaping
inside a raw HTML block, so no link, emphasis or tag from a data file is ever live.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import posixpath
import re
import urllib.parse
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import polars as pl

from datasite.check.compare import Window
from datasite.check.privacy import may_publish, may_publish_pseudonym, publish_masks
from datasite.issues import DataError, Issue
from datasite.load.frames import FrameRows, RowsAt, take_rows
from datasite.load.memory import NOTHING_KEPT, Forgetful, Memory, rows_digest
from datasite.load.project import read_yaml_mapping, rel
from datasite.load.values import read_partial_date
from datasite.model import SLUG, Headline, Project, Row, Table
from datasite.package.catalog import dataset_catalog, dataset_jsonld, script_json, site_url
from datasite.package.citations import (
    Part,
    page_citation,
    record_citation,
    version_work,
    web_citation,
)
from datasite.package.datapackage import PackageInfo
from datasite.package.versions import DatasetDiff, changelog_items
from datasite.render.browse import (
    PAGE_ROWS,
    browser_columns,
    chunk_count,
    chunk_path,
    record_key,
)
from datasite.render.charts import LineChart, latest_per_period, line_chart
from datasite.render.claims import Count, headline_lines, newest, panel_lines
from datasite.render.fields import LABELS as FIELD_LABELS
from datasite.render.fields import field_reference
from datasite.render.languages import page_in_language
from datasite.render.maps import facility_map
from datasite.render.remember import (
    FIELDS,
    FieldsRead,
    Reads,
    build_key,
    digest,
    fields_digest,
    page_key,
    read_table,
    row_hashes,
    rows_read_digest,
    values_digest,
    watched,
)
from datasite.render.remember import KIND as REMEMBERED
from datasite.render.tablecsv import write_page_csvs

# At most this many rows' names go with a browser page, to label the ids that refer to them.
NAMED_ROWS = 2000
# A dataset page's preview: its first rows; a cell longer than LONG_TEXT characters folds into a
# <details>, as the data browser folds it (assets/browse.js), so one note cannot make a row tall.
PREVIEW_ROWS = 10
LONG_TEXT = 60
# Paths every language's pages share: data packages, browse pages and the catalog (each language
# has its own feed, in its folder).
SHARED = ("data/", "browse/", "catalog/", "catalog.jsonld")
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}
MONTHS_SHORT = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
}


@dataclass
class Page:
    """A generated page: where it goes (relative to the docs folder) and its nav title."""

    path: str
    title: str
    section: str = ""
    nav: bool = True  # a version's page is reached from its dataset's page, not the nav


# What YAML may hold unescaped in a double-quoted scalar (its printable set, less quote and
# backslash); anything else is written as an escape YAML reads back exactly, astral characters
# included (JSON's surrogate pairs are not YAML and broke the front matter of "Fort One 😀").
_YAML_PLAIN = re.compile(
    r"[^\x20-\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def yaml_string(text: str) -> str:
    """Text as one double-quoted YAML scalar that reads back exactly."""

    def escape(match: re.Match) -> str:
        ch = match.group()
        if ch in '"\\':
            return "\\" + ch
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"

    return '"' + _YAML_PLAIN.sub(escape, str(text)) + '"'


def render_site(
    project: Project,
    packages: list[PackageInfo],
    templates: Path,
    docs_dir: Path,
    lang: str,
    facts: BuildFacts | None = None,
    memo: Memory = NOTHING_KEPT,
) -> list[Page]:
    """Write every page for one language into docs_dir; return them in navigation order.
    `facts`, shared by the languages of one build, saves working out the same facts again; a
    record's page whose reads did not change is taken from `memo` (render/remember.py)."""
    strings = read_yaml_mapping(project.root, templates / "i18n" / f"{lang}.yaml")
    if facts is None or facts.project is not project:
        facts = BuildFacts(project)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates / "pages"),
        bytecode_cache=facts.compiled,  # each template compiled once for every language
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    site = Site(project, strings, lang, frozenset(env.list_templates()), facts)
    site.outline = templates / "map" / "outline.json"
    env.filters.update(date=site.date, num=site.num, label=site.label, yaml_string=yaml_string)
    # Words (issue 15.6): agreement, counts, "as of" by precision, countries.
    env.filters.update(agree=site.agree, as_of=site.as_of, country=site.country)
    pages: list[Page] = []
    common = "" if isinstance(memo, Forgetful) else build_key(project, templates, lang)

    def write(
        template: str,
        path: str,
        title: str,
        section: str = "",
        nav_title: str = "",
        nav: bool = True,
        remember: Row | None = None,
        **context: Any,
    ) -> None:
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        key = text = None
        if remember is not None and common:
            others = repr(sorted((k, v) for k, v in context.items() if v is not remember))
            key = page_key(memo, common, template, path, title, others, remember)
            text = site.remembered(memo.get_json(REMEMBERED, key))
        if text is None:
            text = render_page(template, path, title, key, context)
        target.write_text(text, encoding="utf-8")
        # Each table marked data-csv gets its CSV file beside the page (render/tablecsv.py).
        write_page_csvs(
            text, target.parent, rel(project.root, templates / "pages" / template), memo
        )
        pages.append(Page(path, nav_title or title, section, nav))

    def render_page(template: str, path: str, title: str, key: str | None, context: dict) -> str:
        """A page rendered; with a key, its reads noted and, when all are known, kept."""
        helpers = site.helpers(path[: -len(".md")] + ".html", title)
        if key is not None:
            site.reads = Reads()
            helpers = watched(helpers, site.reads)
        try:
            text = env.get_template(template).render(title=title, **helpers, **context)
        except TEMPLATE_FAULTS as error:
            # A template's own mistake ({{ 1 / 0 }}, a filter given text it cannot read) is
            # reported at its line like a syntax error, never as a traceback.
            where, line = template_place(error, templates / "pages" / template)
            message = (
                str(error)
                if isinstance(error, jinja2.TemplateError)
                else (f"{type(error).__name__}: {error}")
            )
            raise DataError([Issue(rel(project.root, where), line, "template", message)]) from None
        finally:
            reads, site.reads = site.reads, None
        if reads is not None:
            reads.finish()
        if key is not None and reads is not None and not reads.opaque:
            memo.put_json(
                REMEMBERED, key, {"reads": reads.items, "tables": reads.tables, "text": text}
            )
        return text

    write(
        "home.md.j2",
        "index.md",
        project.settings.text("title", lang),
        nav_title=strings["nav_home"],
        headline=site.headline(),
        data_line=site.data_line(packages),
        featured=site.featured(),
        charts=site.charts(),
        latest_events=site.events(
            project.settings.home_events.tables, project.settings.home_events.count
        ),
    )
    for package in packages:
        dataset = project.datasets[package.dataset]
        write(
            "dataset.md.j2",
            f"datasets/{dataset.name}.md",
            site.meta(dataset.meta, "title"),
            strings["nav_datasets"],
            dataset=dataset,
            package=package,
            dataset_tables=list(dataset.tables.values()),
        )
        # A frozen version is named by its lock file only when it reads as x.y.z
        # (versions.frozen_versions): a plain file name, never a path.
        for version in package.versions:
            write(
                "version.md.j2",
                f"datasets/{dataset.name}/{version.version}.md",
                # "…, 2026 — version 1.0.0": "…, 2026 1.0.0" ran the year into the version
                f"{site.meta(dataset.meta, 'title')} — {strings['version'].lower()} "
                f"{version.version}",
                strings["nav_datasets"],
                nav=False,
                dataset=dataset,
                package=package,
                v=version,
                changelog=changelog_blocks(
                    Path(version.folder) / "CHANGELOG.md",
                    version.version,
                    version.diff,
                    lang,
                    version_note(dataset.meta, lang, version.version),
                ),
            )
    # The data browser: an index of every table, then one page per table (reached from the index
    # and its dataset's page), showing the rows the dataset's newest files publish.
    write("tables.md.j2", "tables/index.md", strings["nav_tables"], packages=packages)
    for package in packages:
        dataset = project.datasets[package.dataset]
        for table in dataset.tables.values():
            write(  # a table's name is a safe file name, checked on loading (TABLE_NAME)
                "table.md.j2",
                f"tables/{table.name}.md",
                site.meta(table.schema, "title") or table.name,
                nav=False,
                dataset=dataset,
                package=package.preview_package or package,
                table=table,
            )
    for spec in project.settings.pages:
        table = project.table(spec.table)
        if table is None:
            raise DataError(
                [Issue("data/site.yaml", 0, "config", f'pages: no table "{spec.table}"')]
            )
        section = spec.title_in(lang)
        folder = safe_slug(spec.folder, "data/site.yaml")
        limit = spec.max_pages
        if len(table.rows) > limit:
            raise DataError(
                [
                    Issue(
                        "data/site.yaml",
                        0,
                        "config",
                        f'pages: table "{table.name}" has {len(table.rows):,} rows, more than '
                        f"max_pages {limit:,}; one page per row would slow every build, so "
                        "raise max_pages or take the table out of pages (its rows stay in the "
                        "data downloads)",
                    )
                ]
            )
        write(
            spec.index_template,
            f"{folder}/index.md",
            section,
            section,
            rows=table.rows,
            folder=folder,
            table_name=table.name,
        )
        for row in table.rows:
            slug = safe_slug(row.values["id"], row.path, row.line)
            write(
                spec.template,
                f"{folder}/{slug}.md",
                row.values.get("name") or row.values.get("short_title" + site.suffix) or slug,
                section,
                remember=row,
                row=row,
                table_name=table.name,
            )
    measures = project.table(project.settings.measures_table)
    if measures is not None:
        # The definitions are sections, not a table: their CSV button is the published table's.
        measures_csv = next(
            (
                f"data/{p.dataset}/{p.path}/{measures.name}.csv"
                for p in packages
                if measures.name in project.datasets[p.dataset].tables
                and f"{measures.name}.csv" in {f.name for f in p.files}
            ),
            "",
        )
        write(
            "definitions.md.j2",
            "definitions.md",
            strings["nav_definitions"],
            measures_csv=measures_csv,
            measures=measures.rows,
            measure_users=site.measure_users(measures.name),
            same_window=project.settings.headline.same_window if project.settings.headline else {},
        )
    if project.settings.timeline:
        # The newest records only, so the page does not grow with the data; its filters offer
        # the values of the records shown, and a note links to every table's data browser.
        shown = site.facts.events(None, project.settings.list_rows)
        total, per_table = site.facts.event_totals()
        write(
            "timeline.md.j2",
            "timeline.md",
            strings["nav_timeline"],
            events=shown,
            facets=site.facets(shown),
            total=total,
            per_table=per_table,
        )
    write("sources.md.j2", "sources.md", strings["nav_sources"])
    # The field reference, from the same code as docs/fields.md (`python build.py fields`).
    labels = FIELD_LABELS.get(lang, FIELD_LABELS["en"])
    write(
        "fields.md.j2",
        "fields.md",
        labels["title"],
        labels=labels,
        reference=field_reference([(t.name, t.schema) for t in project.tables().values()], lang),
    )
    write("about.md.j2", "about.md", strings["nav_about"])
    return pages


def safe_slug(value: str, path: str, line: int = 0) -> str:
    """A value used as a file name must be a plain slug: no path can leave the site folder."""
    if not SLUG.match(value or ""):
        raise DataError(
            [
                Issue(
                    path,
                    line,
                    "unsafe-name",
                    f'"{value}" cannot be a page name; use a lowercase slug',
                )
            ]
        )
    return value


class RowsById(Mapping[Any, Row]):
    """A table held as columns (load.frames.FrameRows), by id, as `{row.values.get("id"): row}`
    would be (the last row of an id wins), but each row made only when asked for, and kept:
    pages of both languages and the search index ask for the same few (a source cited on many
    pages) again and again, never for most of the table."""

    def __init__(self, rows: FrameRows):
        self.rows = rows
        if "id" in rows.names:
            self.at: dict[Any, int] = rows.positions("id")
        else:
            self.at = {None: len(rows) - 1} if len(rows) else {}
        self.made: dict[int, Row] = {}

    def __getitem__(self, key: Any) -> Row:
        at = self.at[key]
        row = self.made.get(at)
        if row is None:
            row = self.made[at] = self.rows.take([at])[0]
        return row

    def __iter__(self) -> Iterator[Any]:
        return iter(self.at)

    def __len__(self) -> int:
        return len(self.at)


class Counted(NamedTuple):
    """A count the headline reads, where its row is in its table (made only when shown), and
    the two cells the chart reads of every count: its figure and its date's precision."""

    count: Count
    at: int
    value: str
    precision: str


class Compiled(jinja2.BytecodeCache):
    """Templates compiled once per build and shared by the languages' environments (held in
    memory only; a template whose source changed has another checksum and is compiled again)."""

    def __init__(self) -> None:
        self.held: dict[tuple[str, str], bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.held.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.held[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()


POSITIONS = "positions"  # memo kind: a table's rows in an order, or a selection of them


class BuildFacts:
    """What a build's pages ask of the data that no language changes, worked out once per build
    and shared by every language's Site and the search index (not once per page or language):
    rows by id, rows grouped and sorted by a field, the newest timeline records, the headline's
    counts. Made fresh for each build; it holds no page text."""

    def __init__(self, project: Project, memory: Memory = NOTHING_KEPT):
        self.project = project
        self.memory = memory  # positions worked out from a table read from a file, kept by it
        self.tables = project.tables()
        self._index: dict[str, Mapping[Any, Row]] = {}
        self._groups: dict[tuple[str, str], dict[Any, list[int]]] = {}
        self._sorted: dict[tuple[str, str, Any, str, str], list[int]] = {}
        self._events: dict[tuple[tuple[str, ...] | None, int], list[dict]] = {}
        self._top: dict[int, tuple[int, int, list]] = {}  # a timeline setting's newest rows
        self._memo: dict[Any, Any] = {}
        self.compiled = Compiled()

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        """A fact computed once: `make()` the first time `key` is asked for."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def positions(self, table: str, what: tuple, make: Callable[[], Sequence[int]]) -> array:
        """Positions of a table's rows worked out by `make` (an order, a selection), once per
        build; for a table held as columns and read from a file, kept in the build memo under
        that file's digest and the table's schema (which decides its rows, and who may be
        named), with a checksum: a damaged entry is worked out again."""
        made_from = self.table_digest(table)
        if not made_from.startswith("file:"):
            return self.memo((POSITIONS, table, what), lambda: array("q", make()))
        schema = json.dumps(self.tables[table].schema, sort_keys=True, default=str)

        def kept() -> array:
            key = self.memory.key(POSITIONS, made_from, schema, repr(what))
            entry = self.memory.get(POSITIONS, key)
            if entry is not None and hashlib.sha256(entry[32:]).digest() == entry[:32]:
                out = array("q")
                out.frombytes(entry[32:])
                return out
            out = array("q", make())
            data = out.tobytes()
            self.memory.put(POSITIONS, key, hashlib.sha256(data).digest() + data)
            return out

        return self.memo((POSITIONS, table, what), kept)

    def table_digest(self, table: str) -> str:
        """A digest of a table's rows ("-" for one the project lacks: which tables it has is
        in every remembered page's key); of a table held as columns and read from a file, that
        file's (load.memory)."""
        if table not in self.tables:
            return "-"
        return self.memo(("table digest", table), lambda: rows_digest(self.tables[table]))

    def row_hashes(self, table: str) -> array:
        """Each row's hash, for a table held as columns (what remembered pages read of it)."""
        rows = self.tables[table].rows
        assert isinstance(rows, FrameRows)
        return self.memo(("row hashes", table), lambda: row_hashes(rows))

    def index(self, table: str) -> Mapping[Any, Row]:
        """A table's rows by id (empty for a table the project does not have)."""
        if table not in self._index:
            rows = self.tables[table].rows if table in self.tables else ()
            self._index[table] = (
                RowsById(rows)
                if isinstance(rows, FrameRows)
                else {row.values.get("id"): row for row in rows}
            )
        return self._index[table]

    def cells(
        self, table: str, fields: list[str], default: Any = None, keep: bool = True
    ) -> list[tuple]:
        """Each row's values of these fields in table order (`default` for a field a row does
        not have), once per build unless not `keep`; a table held as columns makes no Row."""
        key = ("cells", table, tuple(fields), default)
        if key in self._memo:
            return self._memo[key]
        rows = self.tables[table].rows
        cells = (
            rows.cells(fields, default)
            if isinstance(rows, FrameRows)
            else [tuple(r.values.get(f, default) for f in fields) for r in rows]
        )
        if keep:
            self._memo[key] = cells
        return cells

    def pair_counts(self, table: str, first: str, second: str) -> list[tuple[Any, Any, int]]:
        """Each pair of values of two fields, with how many rows hold it, in the order of each
        pair's first row (a field the table lacks reads as None)."""
        rows = self.tables[table].rows
        if isinstance(rows, FrameRows) and first in rows.names and second in rows.names:
            pairs = rows.columns(list(dict.fromkeys([first, second])))
            if first == second:
                pairs = pairs.select(pl.col(first), pl.col(first).alias("__second"))
            return list(pairs.group_by(pairs.columns, maintain_order=True).len().iter_rows())
        counted = Counter(self.cells(table, [first, second], keep=False))
        return [(a, b, n) for (a, b), n in counted.items()]

    def groups(self, table: str, field: str) -> dict[Any, list[int]]:
        """Where a table's rows are (their positions) by the value of a field (each item of a
        list field), in table order; rows are made from them only when a page shows them."""
        key = (table, field)
        if key not in self._groups:
            rows = self.tables[table].rows
            groups = frame_groups(rows, field) if isinstance(rows, FrameRows) else None
            if groups is not None:
                self._groups[key] = groups
                return groups
            groups = {}
            for at, (cell,) in enumerate(self.cells(table, [field], keep=False)):
                for item in dict.fromkeys(cell) if isinstance(cell, list) else (cell,):
                    groups.setdefault(item, []).append(at)
            self._groups[key] = groups
        return self._groups[key]

    def rows_where(
        self, table: str, field: str, value: Any, order: str, then: str
    ) -> Sequence[Row]:
        """Site.rows_where's rows, sorted once per build (made anew each time: a page holds
        them only while it is written; of a table held as columns, only those a page reads)."""
        key = (table, field, value, order, then)
        if key not in self._sorted:
            at = self.groups(table, field).get(value, [])
            rows = self.tables[table].rows
            if order and isinstance(rows, FrameRows):
                # A subset of a stable sort is its own stable sort: the table is sorted once.
                place = self.memo(
                    ("order", table, order, then), lambda: self._order(table, order, then)
                )
                at = sorted(at, key=place.__getitem__)
            elif order:  # with no `then`, every row's rank is 0: the order and the id decide
                cells = self.cells(table, [order, then or order, "id"], "")
                places = enum_places(self.tables[table], then) if then else {}
                last = len(places)

                def sort_key(i: int) -> tuple:
                    c = cells[i]
                    return (c[0], places.get(c[1], last) if then else 0, c[2])

                at = sorted(at, key=sort_key)
            self._sorted[key] = at
        rows = self.tables[table].rows
        if isinstance(rows, FrameRows):
            return RowsAt(rows, self._sorted[key])
        return [rows[i] for i in self._sorted[key]]

    def _order(self, table: str, order: str, then: str) -> array:
        """Each row's place when the table held as columns is sorted by (order, then's rank,
        id), as rows_where sorts."""
        t = self.tables[table]
        ranks = {then: enum_places(t, then)} if then else {}
        fields = [order, *([then] if then else []), "id"]

        def make() -> array:
            place = array("q", bytes(8 * len(t.rows)))
            for i, at in enumerate(t.rows.sorted_positions(fields, ranks)):
                place[at] = i
            return place

        what = ("order", order, then, repr(ranks))
        place = self.positions(table, what, make)
        if len(place) != len(t.rows):  # not this table's order after all
            return make()
        return place

    def _timeline(self, tables: list[str] | None) -> list[tuple[int, Any, Table]]:
        """The timeline's settings (of `tables` when given), each with its place and table."""
        out = []
        for at, spec in enumerate(self.project.settings.timeline):
            if tables is not None and spec.table not in tables:
                continue
            table = self.tables.get(spec.table)
            if table is None:
                raise DataError(
                    [Issue("data/site.yaml", 0, "config", f'timeline: no table "{spec.table}"')]
                )
            out.append((at, spec, table))
        return out

    def _newest(self, at: int, spec: Any, table: Table, count: int) -> tuple[int, list]:
        """How many rows of a timeline table have a date, and its `count` newest (at least the
        timeline's list_rows, so the home page and the timeline read one pass) with their sort
        keys, newest first."""
        wanted = max(count, self.project.settings.list_rows)
        have = self._top.get(at)
        if have is None or have[0] < wanted:
            places = enum_places(table, spec.order_field)
            last, name, date = len(places), table.name, spec.date_field

            def key(row: Row) -> tuple:
                v = row.values
                return (v[date], name, places.get(v.get(spec.order_field), last), v.get("id", ""))

            if isinstance(table.rows, FrameRows):
                # Sorted by the columns, newest first, equal keys in table order (stable).
                ranks = {spec.order_field: places} if spec.order_field else {}
                dated = table.rows.sorted_positions(
                    [date, *([spec.order_field] if spec.order_field else []), "id"],
                    ranks,
                    descending=True,
                    dated=date,
                )
                newest = dated[:wanted]
            else:
                cells = self.cells(name, [date])
                dated = [i for i, c in enumerate(cells) if c[0]]
                # Equal to sorted(dated, key, reverse=True)[:wanted], equal keys in table order
                # (heapq's documented equivalence), so a merge sorts what one full sort would.
                rows = table.rows
                newest = heapq.nlargest(wanted, dated, key=lambda i: key(rows[i]))
            top = [(key(row), row) for row in take_rows(table, newest)]
            have = self._top[at] = (wanted, len(dated), top)
        return have[1], have[2][:count]

    def events(self, tables: list[str] | None, count: int) -> list[dict]:
        """The `count` newest dated rows of the timeline's tables (of `tables` when given), as
        Site.events gives them: only those rows are made into events, not every row."""
        key = (tuple(tables) if tables is not None else None, count)
        if key in self._events:
            return self._events[key]
        chosen: list[tuple[tuple, Any, Row]] = []
        for at, spec, table in self._timeline(tables):
            chosen += [(k, spec, row) for k, row in self._newest(at, spec, table, count)[1]]
        chosen.sort(key=lambda c: c[0], reverse=True)
        out = [
            {
                "table": k[1],
                "row": row,
                "date": k[0],
                "precision": row.values.get(spec.precision_field, "day"),
                "rank": k[2],
            }
            for k, spec, row in chosen[:count]
        ]
        self._events[key] = out
        return out

    def event_totals(self) -> tuple[int, list[tuple[str, int]]]:
        """How many dated rows the timeline's tables hold, in all and per table; the tables in
        the order their newest record comes on the timeline (newest first)."""

        def make() -> tuple[int, list[tuple[str, int]]]:
            counts: Counter = Counter()
            newest: dict[str, tuple] = {}
            for at, spec, table in self._timeline(None):
                n, top = self._newest(at, spec, table, 1)
                counts[table.name] += n
                if top:
                    newest[table.name] = max(newest.get(table.name, top[0][0]), top[0][0])
            ordered = sorted(newest, key=lambda name: newest[name], reverse=True)
            return sum(counts.values()), [(name, counts[name]) for name in ordered]

        return self.memo("event_totals", make)


class Site:
    """What templates can ask for: tables, lookups, translations, formatting, relative links."""

    def __init__(
        self,
        project: Project,
        strings: dict,
        lang: str,
        templates: frozenset[str] = frozenset(),
        facts: BuildFacts | None = None,
    ):
        self.project = project
        self.templates = templates
        self.strings = strings
        self.lang = lang
        folder = project.settings.language_folder(lang)
        self.suffix = folder and f"_{folder}"  # of a row's translated fields: "name_es"
        self.prefix = folder and f"{folder}/"  # of this language's pages in the site
        # What no language changes (rows by id, groups, the newest records), once per build.
        self.facts = (
            facts if facts is not None and facts.project is project else BuildFacts(project)
        )
        self.tables = self.facts.tables
        self.outline: Path | None = None  # the facilities map's outline (render/maps.py)
        self._dates: dict[tuple[str, str], str] = {}
        self.reads: Reads | None = None  # what the page being rendered read (remember.py)

    def noted(self, kind: str, args: list, result: Any) -> Any:
        """A read of the data, noted for the page being rendered when it may be remembered."""
        if self.reads is not None:
            table = read_table(kind, args, self.project.settings.sources_table)
            self.reads.note(
                kind,
                args,
                self.read_digest(kind, args, result),
                table,
                self.facts.table_digest(table),
            )
        return result

    def read_digest(self, kind: str, args: list, result: Any) -> str:
        if kind == "row":
            index = self.facts.index(args[0])
            if isinstance(index, RowsById):
                at = index.at.get(args[1])
                return "-" if at is None else f"{self.facts.row_hashes(args[0])[at]:x}"
            return values_digest(result)
        if kind == "where":
            return rows_read_digest(lambda: self.facts.row_hashes(args[0]), result)
        return digest(repr(result))

    def remembered(self, kept: Any) -> str | None:
        """A kept page's text when every read it noted gives what it gave then, else None."""
        if not isinstance(kept, dict) or not isinstance(kept.get("text"), str):
            return None
        reads, tables = kept.get("reads"), kept.get("tables")
        if not isinstance(reads, list) or not isinstance(tables, dict):
            return None
        same = {t for t, d in tables.items() if d and d == self.facts.table_digest(str(t))}
        sources = self.project.settings.sources_table
        for item in reads:
            if not (isinstance(item, list) and len(item) == 3 and isinstance(item[1], list)):
                return None
            kind, args, was = item
            try:
                if read_table(kind, args, sources) in same:
                    continue  # its table is as it was: so is what the read gives
                now = self.replay(kind, args)
            except (TypeError, ValueError, KeyError, IndexError):
                return None
            if now != was:
                return None
        return kept["text"]

    def replay(self, kind: str, args: list) -> str | None:
        """A noted read made again, its digest (None for a read this code does not make)."""
        if kind == "row":
            result: Any = self.facts.index(args[0]).get(args[1])
        elif kind == "where":
            result = self.rows_where(*args)
        elif kind == "person":
            result = self.person(*args)
        elif kind == FIELDS:
            found = self.facts.index(args[0]).get(args[1])
            return None if found is None else fields_digest(found.values, list(args[2:]))
        elif kind == "link":
            source = self.facts.index(self.project.settings.sources_table).get(args[0])
            if source is None:
                return None
            result = self.source_link(source)
        else:
            return None
        return self.read_digest(kind, args, result)

    def helpers(self, page_path: str, title: str = "") -> dict[str, Any]:
        here = self.prefix + page_path
        base = self.project.settings.base_url.rstrip("/")
        author = self.project.settings.publisher
        site_title = self.project.settings.text("title", self.lang)

        def address(anchor: str = "") -> Part:
            """This page's address (with an anchor): absolute when the site sets base_url,
            else its path in the site, with the link the page's script makes absolute."""
            fragment = f"#{anchor}" if anchor else ""
            if base:
                return Part("url", f"{base}/{here}{fragment}")
            return Part("url", here + fragment, posixpath.basename(here) + fragment, True)

        def cite_version(info: PackageInfo) -> dict[str, list[Part]]:
            """A version (the dataset page's latest, or a version page's own), from the
            metadata it was published with."""
            work = version_work(
                self.project, info.descriptor, info.version, info.created, self.lang
            )
            url = address()
            return page_citation(info.dataset, work, self.lang, url.text, url.form, url.relative)

        def cite_record(table: str, row: Row) -> list[Part]:
            spec = self.tables[table].schema if table in self.tables else {}
            name = self.meta(spec, "title") or table
            url = address(self.anchor(table, row))
            key = record_key(spec, row)
            return record_citation(author, title, name, key, site_title, url, self.lang)

        links: dict[str, str] = {}  # a page links to the same few paths again and again
        start = posixpath.dirname(here) or "."

        def url(target: str) -> str:
            """A link from this page to a path in the site (pages per language, data shared)."""
            # Data packages, browse pages and the catalog are shared by all languages; pages
            # and the feed are per language.
            absolute = target if target.startswith(SHARED) else self.prefix + target
            path, _, anchor = absolute.partition("#")
            link = links.get(path)
            if link is None:
                link = links[path] = posixpath.relpath(path, start)
            return link + (f"#{anchor}" if anchor else "")

        return {
            "lang": self.lang,
            "t": self.t,
            "url": url,
            "text": self.text,
            "meta": self.meta,
            "tables": self.tables,
            "lookup": self.lookup,
            "rows_where": self.rows_where,
            "person": self.person,
            "named": self.named,
            "events_about": self.events_about,
            # Link to a page (the definitions) only where a template of this site renders it.
            "has_page": lambda page: f"{page}.j2" in self.templates,
            "site": self.project.site,
            "datasets": self.project.datasets,
            "osm": osm_link,
            "jsonld": lambda dataset, package: script_json(
                dataset_jsonld(self.project, dataset, package, url, self.lang)
            ),
            # A file of the whole site (absolute under base_url): the catalogs, or the feed of
            # this page's language.
            "site_link": lambda path: site_url(
                self.project,
                page_in_language(self.project.settings, self.lang, path),
                lambda _: url(path),
            ),
            "dataset_catalog": dataset_catalog,
            "script_json": script_json,
            "browse_setup": self.browse_setup,
            "period": self.counting_period,
            "stock_measures": self.stock_measures(),
            # the project's repository (site.yaml, DATASITE_REPOSITORY or --repository), "" if none
            "repository": self.project.settings.repository.rstrip("/"),
            "anchor": self.anchor,
            "cite_version": cite_version,
            "cite_record": cite_record,
            "cite_page": lambda: web_citation(
                here, author, title, site_title, self.lang, address()
            ),
            "relative_address": not base,
            "count": self.count,
            "publisher": self.publisher,
            "field_langs": self.field_langs,
            "cell": self.cell,
            "preview": self.preview,
            "enum_labels": self.enum_labels,
            "facility_map": lambda rows: facility_map(self.outline, rows) if self.outline else None,
            "event_facets": event_facets,
            # A table's CSV file, beside its page: "timeline-events.csv".
            "csv_name": lambda key: csv_file_name(page_path, key),
            # Bounded pages: at most this many rows per table on a record's page, records on the
            # timeline and the sources page; the rest are in the data browser (browse_link).
            "page_rows": self.project.settings.page_rows,
            "list_rows": self.project.settings.list_rows,
            "browse_link": lambda table, field="", value="": self.browse_link(
                url, table, field, value
            ),
            "sources_shown": self.sources_shown,
            "source_link": self.source_link,
        }

    def browse_link(
        self, url: Callable[[str], str], table: str, field: str = "", value: str = ""
    ) -> str:
        """A link to a table's data browser, opened on the rows whose `field` is `value`
        (assets/browse.js reads `#field=value`); "" when no dataset publishes the table."""
        if not any(table in d.tables for d in self.project.datasets.values()):
            return ""
        where = "#" + urllib.parse.urlencode({field: value}, quote_via=urllib.parse.quote)
        return url(f"tables/{table}.html" + (where if field else ""))

    def sources_shown(self) -> list[Row]:
        """The sources the sources page lists: the newest `list_rows` by publication date."""
        table = self.tables.get(self.project.settings.sources_table)
        if table is None:
            return []

        def make() -> list[Row]:
            # As Jinja's sort|reverse did: a stable sort by date, then the whole list reversed.
            dates = self.facts.cells(table.name, ["published"], keep=False)
            ordered = sorted(range(len(dates)), key=lambda i: dates[i][0] or "")[::-1]
            return take_rows(table, ordered[: self.project.settings.list_rows])

        return list(self.facts.memo("sources_shown", make))

    def source_link(self, source: Row) -> str:
        """Where a citation of a source points: its row on the sources page, or in the data
        browser when the sources page leaves it out (only the newest are listed)."""
        if isinstance(source.values, FieldsRead):  # looked up for a remembered page: its row
            table = self.project.settings.sources_table
            source = self.facts.index(table).get(dict.get(source.values, "id")) or source
        link = self._source_link(source)
        if self.reads is not None:  # replayed from the source's id: it must be that row
            ident = source.values.get("id")
            table = self.project.settings.sources_table
            if self.facts.index(table).get(ident) is source:
                self.noted("link", [ident], link)
            else:
                self.reads.opaque = True
        return link

    def _source_link(self, source: Row) -> str:
        shown = self.facts.memo("shown_sources", lambda: {id(r) for r in self.sources_shown()})
        table = self.project.settings.sources_table
        if id(source) in shown:
            return f"sources.html#{self.anchor(table, source)}"
        dataset = next((d for d in self.project.datasets.values() if table in d.tables), None)
        if dataset is None:
            return f"sources.html#{self.anchor(table, source)}"
        key = record_key(self.tables[table].schema, source)
        return f"tables/{table}.html#" + urllib.parse.urlencode(
            {"row": key}, quote_via=urllib.parse.quote
        )

    def anchor(self, table: str, row: Row) -> str:
        """A record's id on any page: its table and primary key, so two builds give it the same
        id whatever else changed, and records of two tables never share one."""
        spec = self.tables[table].schema if table in self.tables else {}
        return f"{table}-{record_key(spec, row)}"

    def browse_setup(self, dataset: str, table: Table, url: Callable[[str], str]) -> dict:
        """What a table's browser reads from its page (JSON, in this page's language): where its
        chunks are, its columns and coded values' labels, and its interface text."""
        columns = self.columns(table)
        keys = table.schema.get("primaryKey") or ["id"]
        keys = [keys] if isinstance(keys, str) else keys
        first = url(chunk_path(dataset, table.name, 1))
        return {
            "table": table.name,
            "base": first[: -len("1.js")],
            "chunks": chunk_count(table),
            "page_rows": PAGE_ROWS,
            "columns": columns,
            "key": keys[0],
            "text": {
                key: self.t(f"browse_{key}")
                for key in (
                    "range",
                    "none",
                    "filtered",
                    "loading",
                    "partial",
                    "sort_by",
                    "row_link",
                    "where",
                )
            },
        }

    def columns(self, table: Table) -> list[dict]:
        """A table's columns as this language's data browser shows them (render/browse.py):
        titles, the labels of coded values and of ids, one column per translated pair."""
        languages = self.project.settings.languages
        suffixes = [f"_{self.project.settings.language_folder(lang)}" for lang in languages]
        return browser_columns(
            table,
            self.suffix,
            [s for s in suffixes if s != "_"],
            lambda spec: self.meta(spec, "title"),
            self.cell_label,
            (self.t("browse_true"), self.t("browse_false")),
            lambda field: self.id_names(table, field),
            self.field_langs(table.schema),
        )

    def preview(self, table: Table, rows: int = PREVIEW_ROWS) -> dict:
        """A dataset page's preview of a table, in the words of its data browser: each column's
        title and field name, and for each of the first rows each cell's text (coded values and
        ids as their labels, a translated field in this language), the language it is written
        in when known, and, for a long text, the short start a folded cell shows
        (`fold_summary`, as assets/browse.js folds it)."""
        columns = self.columns(table)
        out_rows = []
        for row in take_rows(table, range(min(rows, len(table.rows)))):
            cells = []
            for column in columns:
                value, in_lang = self.cell(table.schema, row, column["name"])
                labels = column.get("labels") or {}
                items = value if isinstance(value, list) else [value]
                text = "; ".join(
                    labels.get(_label_key(item), _label_key(item))
                    for item in items
                    if item is not None and item != ""
                )
                cells.append(
                    {
                        "text": text,
                        "lang": in_lang if text and in_lang and in_lang != self.lang else "",
                        "summary": fold_summary(text),
                    }
                )
            out_rows.append(cells)
        return {
            "columns": [{"name": c["name"], "title": c["title"]} for c in columns],
            "rows": out_rows,
        }

    def enum_labels(self, field: dict) -> list[str]:
        """A field's allowed codes as a reader of this language reads them: "exacta (exact)",
        the code alone where its label is the code; none where the field's description already
        names every code with its meaning, which a second list would only repeat."""
        codes = [str(code) for code in field.get("constraints", {}).get("enum") or []]
        described = self.meta(field, "description")
        if codes and all(re.search(rf"\b{re.escape(code)}\b", described) for code in codes):
            return []
        out = []
        for code in field.get("constraints", {}).get("enum") or []:
            shown = self.cell_label(str(code), field.get("name", ""))
            out.append(f"{shown} ({code})" if shown and shown != str(code) else str(code))
        return out

    def id_names(self, table: Table, field: str) -> dict[str, str]:
        """The labels in this language of a field's codes, as the pages show them: the names of
        the rows it refers to (actors, measures, facilities; for a table small enough to send
        with every browser page), or the labels of a list's codes (a law's exclusions)."""
        keys = table.foreign_keys
        if (
            not any(fk.fields == [field] for fk in keys)
            and table.field(field).get("type") == "list"
        ):
            values = self.strings.get("values", {})
            items = self.facts.memo(
                ("list items", table.name, field),
                lambda: sorted(
                    {
                        item
                        for (cell,) in self.facts.cells(table.name, [field], keep=False)
                        for item in cell or []
                    }
                ),
            )
            return {
                x: self.label(x, field) for x in items if x in values or f"{field}.{x}" in values
            }
        for fk in keys:
            target = self.tables.get(fk.resource)
            if fk.fields != [field] or target is None or "name" not in target.field_names:
                continue
            if len(target.rows) > NAMED_ROWS:
                return {}
            key = fk.target_fields[0]
            return {
                str(r.values.get(key)): self.text(r, "name")
                for r in target.rows
                if self.text(r, "name")
            }
        return {}

    def t(self, key: str) -> str:
        if key not in self.strings:
            raise DataError(
                [
                    Issue(
                        f"site_templates/i18n/{self.lang}.yaml",
                        0,
                        "template",
                        f'no text for "{key}"',
                    )
                ]
            )
        return self.strings[key]

    def label(self, value: Any, field: str = "") -> str:
        """The display label of an enum value (its `field.value` label first, where one word
        needs another form in a field: a law "announced", a closure "announced"), or the value."""
        labels = self.strings.get("values", {})
        if value in ("", None):
            return ""
        return labels.get(f"{field}.{value}") or labels.get(value, str(value).replace("_", " "))

    def cell_label(self, value: Any, field: str = "") -> str:
        """An enum value's label standing alone in a table cell: its `cell.value` label where the
        one for sentences is empty ("exact" before a number says nothing), else its label; a
        country code its country's name, as `publisher` shows it."""
        labels = self.strings.get("values", {})
        if field == "country" and value in (self.strings.get("countries") or {}):
            return self.country(str(value))
        return labels.get(f"cell.{value}") or self.label(value, field)

    def agree(self, value: Any, field: str = "", *nouns: Any) -> str:
        """An enum value's label in the form that agrees with the first of `nouns` (enum values
        too: a law, a facility's type, an event's kind) whose gender and number this language
        declares (`agreement` in its i18n file); else its plain label."""
        agreement = self.strings.get("agreement") or {}
        forms = (agreement.get("forms") or {}).get(f"{field}.{value}") or (
            agreement.get("forms") or {}
        ).get(value)
        genders = agreement.get("genders") or {}
        for noun in nouns:
            gender = genders.get(noun)
            if forms and gender in forms:
                return forms[gender]
        return self.label(value, field)

    def count(self, n: Any, key: str) -> str:
        """A number and its noun, singular for one: "1 claim", "2 claims" (`key_one`, `key`);
        a text with {n} in it has the number put in its place."""
        number = int(n or 0)
        word = self.t(f"{key}_one") if number == 1 and f"{key}_one" in self.strings else self.t(key)
        shown = self.num(number)
        return word.replace("{n}", shown) if "{n}" in word else f"{shown} {word}"

    def as_of(self, value: str, precision: str = "day") -> str:
        """ "as of 8 January 2026", "as of January 2026": the words before a date depend on its
        precision in Spanish (al 8 de enero de 2026, a enero de 2026, en 2026)."""
        if not value or precision == "unknown":
            return self.t("as_of_unknown")
        key = {"day": "as_of", "month": "as_of_period"}.get(precision, "as_of_year")
        return f"{self.t(key)} {self.date(value, precision)}"

    def country(self, code: str) -> str:
        """A country's name in this language, from the i18n file's `countries` table."""
        return (self.strings.get("countries") or {}).get(code, code) if code else ""

    def publisher(self, source: Row) -> str:
        """A source's publisher, with its country's name where the data gives one."""
        v = source.values
        where = self.country(v.get("country", ""))
        return f"{v.get('publisher', '')} ({where})" if where else v.get("publisher", "")

    def field_langs(self, schema: dict, row: Row | None = None) -> dict[str, str]:
        """The language of each text field that has one: a field with `translationFields` is in
        the project's first language, each field it names in that field's language, and a field
        with `languageField` in the language the row gives there."""
        first = (self.project.settings.languages or ["en"])[0]
        out = {}
        for spec in schema.get("fields", []):
            named = spec.get("languageField")
            if row is not None and named and row.values.get(named):
                out[spec["name"]] = str(row.values[named])
            pairs = spec.get("translationFields")
            if isinstance(pairs, dict):
                out[spec["name"]] = first
                out.update({field: lang for lang, field in pairs.items()})
        return out

    def cell(self, schema: dict, row: Row, name: str) -> tuple[Any, str]:
        """A field's value on this language's page and the language it is written in: the
        translation into this language when the field has one and it is filled, else the
        field's own value (`field_langs`); the language is empty when it is not known."""
        spec = next((f for f in schema.get("fields", []) if f["name"] == name), {})
        pair = (spec.get("translationFields") or {}).get(self.lang)
        if isinstance(pair, str) and row.values.get(pair):
            return row.values[pair], self.lang
        return row.values.get(name, ""), self.field_langs(schema, row).get(name, "")

    def text(self, row: Row, name: str) -> str:
        """A row's text in this language: `name_es` for Spanish when filled, else `name`."""
        if self.suffix and row.values.get(name + self.suffix):
            return row.values[name + self.suffix]
        return row.values.get(name, "")

    def meta(self, descriptor: dict, key: str) -> str:
        """A metadata property in this language, from its `i18n` translations when present."""
        translated = (descriptor.get("i18n") or {}).get(self.lang, {})
        return translated.get(key) or descriptor.get(key, "")

    def lookup(self, table: str, key: str) -> Row | None:
        row = self.facts.index(table).get(key)
        if self.reads is None or row is None:
            return self.noted("row", [table, key], row)
        # A page being remembered: the row's values note which fields it reads (remember.py).
        values = FieldsRead(row.values)
        self.reads.note_fields(table, key, values, self.facts.table_digest(table))
        return Row(values, row.path, row.line, row.field_lines)

    def rows_where(
        self, table: str, field: str, value: str, order: str = "", then: str = ""
    ) -> Sequence[Row]:
        """Rows of a table whose field equals value (or, for a list field, contains it), sorted
        by `order`, then by where field `then`'s value stands in its schema's allowed values: a
        sequence (length, items, slices, walking) whose rows are made only when read."""
        if table not in self.tables:
            return self.noted("where", [table, field, value, order, then], [])
        return self.noted(
            "where",
            [table, field, value, order, then],
            self.facts.rows_where(table, field, value, order, then),
        )

    def person(self, table: str, key: str) -> dict[str, str]:
        """The name and pseudonym a page may show for a person, each empty unless the record's
        publish level allows it (the privacy rules decide, as for every download)."""
        row = self.lookup(table, key)
        if row is None or table not in self.tables:
            return self.noted("person", [table, key], {"name": "", "pseudonym": ""})
        people = self.tables[table]
        pseudonym = (people.schema.get("privacy") or {}).get("pseudonymField", "")
        shown = {
            "name": row.values.get("name", "") if may_publish(people, row) else "",
            "pseudonym": row.values.get(pseudonym, "")
            if pseudonym and may_publish_pseudonym(people, row)
            else "",
        }
        return self.noted("person", [table, key], shown)

    def named(self, table: str, order: str = "") -> Sequence[Row]:
        """The rows of a table with publish levels whose name a page may show (the privacy
        rules decide, as for every download); none for a table without publish levels. With
        `order`, sorted by that field as Jinja's sort filter sorts (str.lower, stable), each
        row made only when read."""
        people = self.tables.get(table)
        if people is None or not gated(people):
            return []
        if order:
            return self.facts.memo(
                ("named", table, order), lambda: named_in_order(people, order, self.facts)
            )
        return list(self.facts.memo(("named", table), lambda: publishable_rows(people)))

    def events_about(self, table: str, row: Row) -> list[dict]:
        """The timeline's records that refer to a row by a foreign key (a person's releases),
        oldest first, each as events() gives it; one day's in the order the timeline gives them
        (its order_field's: a release before the re-detention of the same day)."""
        out = []
        keys: dict[int, tuple] = {}
        for spec in self.project.settings.timeline:
            events = self.tables.get(spec.table)
            if events is None:
                continue
            places = enum_places(events, spec.order_field)
            for key in events.foreign_keys:
                if key.resource != table or len(key.fields) != 1:
                    continue
                value = row.values.get(key.target_fields[0], "")
                for event in self.rows_where(spec.table, key.fields[0], value):
                    if event.values.get(spec.date_field):
                        date = event.values[spec.date_field]
                        precision = event.values.get(spec.precision_field, "day")
                        keys[id(event)] = (
                            date,
                            spec.table,
                            places.get(event.values.get(spec.order_field), len(places)),
                            event.values.get("id", ""),
                        )
                        out.append(
                            {
                                "table": spec.table,
                                "row": event,
                                "date": date,
                                "precision": precision,
                            }
                        )
        return sorted(out, key=lambda e: keys[id(e["row"])])

    def date(self, value: str, precision: str = "day") -> str:
        """A date in this language's form, only as precise as the data says (each date and
        precision worked out once: pages show the same days again and again)."""
        if not (isinstance(value, str) and isinstance(precision, str)):
            return self._date(value, precision)
        key = (value, precision)
        shown = self._dates.get(key)
        if shown is None:
            shown = self._dates[key] = self._date(value, precision)
        return shown

    def _date(self, value: str, precision: str) -> str:
        if not value:
            return self.t("date_unknown")
        date = read_partial_date(value)
        if date is None:
            return value  # checked data holds none
        year = value[:4]
        if date.month is None or precision == "year":
            return year
        month = MONTHS.get(self.lang, MONTHS["en"])[date.month - 1]
        if date.day is None or precision == "month":
            return f"{month} {year}" if self.lang == "en" else f"{month} de {year}"
        return (
            f"{date.day} {month} {year}"
            if self.lang == "en"
            else f"{date.day} de {month} de {year}"
        )

    def num(self, value: Any) -> str:
        """A whole number with this language's thousands separator."""
        if value in ("", None):
            return ""
        text = f"{int(value):,}"
        return text.replace(",", ".") if self.lang == "es" else text

    def actor_groups(self) -> dict[str, str]:
        """Each actor id mapped to the top of its part_of chain."""
        return self.facts.memo("actor_groups", self._actor_groups)

    def _actor_groups(self) -> dict[str, str]:
        table = self.tables.get(self.project.settings.actors_table)
        if table is None:
            return {}
        group_field = self.project.settings.actors_group_field
        parent = {r.values["id"]: r.values.get(group_field, "") for r in table.rows}
        top = {}
        for actor in parent:
            seen, current = set(), actor
            while parent.get(current) and current not in seen:
                seen.add(current)
                current = parent[current]
            top[actor] = current
        return top

    def measure_users(self, measures: str) -> dict[str, list[tuple[str, int]]]:
        """Each measure's claimants, with how many counts each gives: from every table with a
        foreign key to the measures table and one to the actors table."""
        return self.facts.memo(("measure_users", measures), lambda: self._measure_users(measures))

    def _measure_users(self, measures: str) -> dict[str, list[tuple[str, int]]]:
        actors = self.project.settings.actors_table
        out: dict[str, Counter] = {}
        for table in self.tables.values():
            keys = [k for k in table.foreign_keys if len(k.fields) == 1 and not k.list_field]
            measure = next((k.fields[0] for k in keys if k.resource == measures), "")
            actor = next((k.fields[0] for k in keys if k.resource == actors), "")
            if not measure or not actor:
                continue
            for used, by, n in self.facts.pair_counts(table.name, measure, actor):
                if used and by:
                    out.setdefault(used, Counter())[by] += n
        return {m: sorted(c.items(), key=lambda x: (-x[1], x[0])) for m, c in out.items()}

    def featured(self) -> list[dict]:
        """The rows site.yaml `featured` pins to the home page, in its order."""
        spec = self.project.settings.featured
        out = []
        for item in spec.rows if spec else ():
            row = self.lookup(item.table, item.id)
            if row is None:
                raise DataError(
                    [
                        Issue(
                            "data/site.yaml",
                            0,
                            "config",
                            f'featured: no {item.table} row with id "{item.id}"',
                        )
                    ]
                )
            out.append({"table": item.table, "row": row})
        return out

    def counts(self, spec: Headline) -> dict[str, Counted]:
        """The counts site.yaml `headline` reads, by id: each claimed by a listed claimant (itself
        or an actor part_of it), with a date, less the rows `exclude` leaves out."""
        return self.facts.memo(("counts", id(spec)), lambda: self._counts(spec))

    def count_row(self, spec: Headline, counted: Counted) -> Row:
        return take_rows(self.tables[spec.table], [counted.at])[0]

    def _counts(self, spec: Headline) -> dict[str, Counted]:
        table = self.tables[spec.table]
        groups = self.actor_groups()
        window_precision = table.field(spec.window_field).get("precisionField", "")
        date_precision = table.field(spec.date_field).get("precisionField") or ""
        listed = set(spec.claimants)
        status_field = spec.status_field or ""
        fields = [
            spec.claimant_field,
            spec.date_field,
            spec.window_field,
            window_precision or "",
            status_field,
            "id",
            spec.measure_field,
            "value",
            date_precision,
            *spec.exclude,
        ]
        excluded = list(enumerate(spec.exclude.values(), start=9))
        windows: dict[tuple[str, str], Window] = {}  # few distinct windows: one object each
        out = {}
        # Read from the columns, none kept: a million counts are not made into Row objects.
        for at, c in self._claimed(table, spec.claimant_field, listed, groups, fields):
            claimant = groups.get(c[0], c[0])
            if claimant not in listed or not c[1] or any(c[i] in values for i, values in excluded):
                continue
            start = (c[2] or "", c[3] or "")
            window = windows.get(start)
            if window is None:
                window = windows[start] = Window.of(*start)
            status = (c[4] if c[4] is not None else "") if status_field else ""
            count = Count(c[5], c[6], claimant, window, c[1], status)
            out[c[5]] = Counted(count, at, c[7], c[8] if c[8] is not None else "")
        return out

    def _claimed(
        self, table: Table, claimant: str, listed: set, groups: dict, fields: list[str]
    ) -> Iterable[tuple[int, tuple]]:
        """Each row's position and cells of these fields; of a table held as columns, only the
        rows whose claimant (or the actor it is part of) is listed (_counts keeps no other)."""
        rows = table.rows
        if not isinstance(rows, FrameRows) or claimant not in rows.names:
            return enumerate(self.facts.cells(table.name, fields, keep=False))
        column = rows.columns([claimant]).to_series()
        if column.dtype != pl.String:
            return enumerate(self.facts.cells(table.name, fields, keep=False))
        kept = [v for v in column.unique().to_list() if groups.get(v, v) in listed]
        at = column.is_in(pl.Series(kept, dtype=column.dtype).implode()).arg_true().to_list()
        return zip(at, rows.cells(fields, at=at), strict=True)

    def headline(self) -> list[dict]:
        """Per site.yaml `headline` row (a measure and a window), each claimant's latest
        comparable count, and what the row leaves out that explains why figures differ."""
        spec = self.project.settings.headline
        if not spec:
            return []
        found = self.counts(spec)
        lines = headline_lines(
            [c.count for c in found.values()],
            [(r.measure, Window.parse(r.window_start)) for r in spec.rows],
            spec.claimants,
            spec.same_window,
            spec.stock_measures,
        )
        actors = self.project.settings.actors_table

        def rows(counts: list[Count]) -> list[Row]:
            return [self.count_row(spec, found[c.id]) for c in counts]

        out = []
        for setting, line in zip(spec.rows, lines, strict=True):
            out.append(
                {
                    "measure": line.measure,
                    "window": line.window,
                    "note": setting.note_in(self.lang),
                    "cells": [
                        {"claimant": self.lookup(actors, c), "claimant_id": c, "rows": rows(counts)}
                        for c, counts in line.cells
                    ],
                    # Each group is one window's (or measure's) newest day: two rows or more
                    # are reports of that day that differ, worded as one disagreement.
                    "other_periods": [
                        {
                            "claimant_id": c,
                            "groups": [rows(group) for group in groups],
                            "more": line.more_periods.get(c, 0),
                        }
                        for c, groups in line.other_periods.items()
                    ],
                    "other_measures": [
                        {"claimant_id": c, "groups": [rows(g) for g in groups]}
                        for c, groups in line.other_measures.items()
                    ],
                    "statuses": line.statuses,
                }
            )
        return out

    def data_line(self, packages: list[PackageInfo]) -> dict:
        """The home page's "Data as of … · version … · updated …": the newest as-of date of
        the counts the headline reads, and the version and publication day of their dataset."""
        spec = self.project.settings.headline
        if not spec:
            return {}
        found = list(self.counts(spec).values())
        if not found:
            return {}
        latest = max(found, key=lambda c: newest(c.count))
        count, row = latest.count, self.count_row(spec, latest)
        precision_field = self.tables[spec.table].field(spec.date_field).get("precisionField")
        dataset = next((d for d in self.project.datasets.values() if spec.table in d.tables), None)
        package = next((p for p in packages if dataset and p.dataset == dataset.name), None)
        precision = row.values.get(precision_field or "", "") or "day"
        return {
            # "Data as of 12 March 2026", but "Datos de enero de 2026" (never "al enero").
            "as_of_label": self.t("data_as_of" if precision == "day" else "data_as_of_period"),
            "as_of": self.date(count.as_of, precision),
            "version": (self.t("preview_label") if package.preview else package.version)
            if package
            else "",
            "updated": self.date(package.created) if package and package.created else "",
            "dataset": dataset.name if dataset else "",
            "title": self.meta(dataset.meta, "title") if dataset else "",
        }

    def facets(self, events: list[dict]) -> dict[str, list[tuple[str, str]]]:
        """The timeline's filters: each facet's values among the events, with their labels."""
        found: dict[str, dict[str, str]] = {f: {} for f in FACETS}
        for e in events:
            for facet, values in event_facets(e).items():
                for value in values:
                    found[facet].setdefault(value, self.facet_label(facet, value, e))
        months = sorted(found["month"], reverse=True)
        out = {f: sorted(v.items(), key=lambda kv: kv[1].casefold()) for f, v in found.items()}
        out["month"] = [(m, found["month"][m]) for m in months]
        out["kind"] = [(k, found["kind"][k]) for k in dict.fromkeys(e["table"] for e in events)]
        return out

    def facet_label(self, facet: str, value: str, event: dict) -> str:
        """What a filter's option says: a claimant's or facility's name, a measure, a month."""
        if facet == "kind":
            key = f"kind_{value}"
            return self.strings.get(key, value.replace("_", " "))
        if facet == "claimant":
            actor = self.lookup(self.project.settings.actors_table, value)
            return (self.text(actor, "name") or value) if actor else value
        if facet == "measure":
            measure = self.lookup(self.project.settings.measures_table, value)
            return (self.text(measure, "name") or value) if measure else self.label(value)
        if facet == "facility":
            facility = self.lookup("facilities", value)
            return facility.values.get("name", value) if facility else value
        return self.date(value, "month")

    def events(self, tables: list[str] | None = None, limit: int = 0) -> list[dict]:
        """Dated rows of the tables named in site.yaml `timeline`, newest first (the `limit`
        newest when one is given)."""
        if not limit:  # every dated row
            limit = sum(len(t.rows) for _, _, t in self.facts._timeline(tables))
        return self.facts.events(tables, limit)

    def charts(self) -> list[dict]:
        """The home page chart: one panel per measure of `headline.chart`, one line per claimant
        and window; a line from another start than the panel's main window is marked."""
        spec = self.project.settings.headline
        if not spec or not spec.chart:
            return []
        table = self.tables[spec.table]
        precision_field = table.field(spec.date_field).get("precisionField")
        found = self.counts(spec)
        # Every count of the chart is a row of its table, downloadable from its latest version.
        dataset = next((d for d in self.project.datasets.values() if table.name in d.tables), None)
        download = f"data/{dataset.name}/latest/{table.name}.csv" if dataset else ""
        panels = []
        for measure in spec.chart:
            counts = [c.count for c in found.values() if c.value not in ("", None)]
            # A count dated only to a month or year has no place on a day axis: not drawn.
            drawn = [c for c in counts if not precision_field or found[c.id].precision == "day"]
            left_out = sum(1 for c in counts if c.measure == measure) - sum(
                1 for c in drawn if c.measure == measure
            )
            main = next(
                (Window.parse(r.window_start) for r in spec.rows if r.measure == measure), None
            )
            main, lines, unwindowed = panel_lines(
                drawn, measure, main, spec.claimants, spec.same_window, spec.stock_measures
            )
            series = []
            total, thinned = 0, ""  # counts of the lines, and the period they were thinned to
            styles = {c: i for i, c in enumerate(spec.claimants)}
            for line in lines:
                actor = self.lookup(self.project.settings.actors_table, line.claimant)
                name = (self.text(actor, "name") or line.claimant) if actor else line.claimant
                name = f"{name}, {self.counting_period(line.window, measure)}"
                points = [(c.as_of, int(found[c.id].value), c.id) for c in line.counts]
                total += len(points)
                points, period = latest_per_period(points)
                thinned = thinned or period
                series.append((line.claimant, name, points, styles[line.claimant], not line.main))
            layout: LineChart = line_chart(series, self.date_short, self.num)
            panels.append(
                {
                    "measure": measure,
                    "main": main,
                    "main_text": self.counting_period(main, measure) if main else "",
                    "layout": layout,
                    "rows": self.facts.index(table.name),
                    # counts not drawn, by why, said apart: a stock measure's need no period
                    "undated": left_out,
                    "unwindowed": unwindowed,
                    "marked": {c.id for line in lines if not line.main for c in line.counts},
                    "download": download,
                    "thinned": thinned,
                    "counts": total,
                    "drawn": sum(len(s.points) for s in layout.series),
                }
            )
        return panels

    def stock_measures(self) -> tuple[str, ...]:
        """The measures counted on a date, not over a period (headline.stock_measures)."""
        spec = self.project.settings.headline
        return tuple(spec.stock_measures) if spec else ()

    def counting_period(self, window: Window, measure: str = "") -> str:
        """ "counting since 8 January 2026", or "counting period not stated"; a stock measure's
        count with no start (people still detained) is a count on its date, which needs none."""
        if not window.stated:
            stock = bool(measure) and measure in self.stock_measures()
            return self.t("counting_on_the_day" if stock else "counting_not_stated")
        # "since 8 January" and "since January" differ in Spanish: desde el 8 de enero, desde enero.
        key = "counting_since" if window.precision == "day" else "counting_since_period"
        return f"{self.t(key)} {self.date(window.start, window.precision)}"

    def date_short(self, day: Any) -> str:
        """A short axis label: "9 Jan" (or "9 ene")."""
        return f"{day.day} {MONTHS_SHORT.get(self.lang, MONTHS_SHORT['en'])[day.month - 1]}"


FACETS = ("kind", "claimant", "measure", "facility", "month")


def _label_key(value: Any) -> str:
    """A value as the browser's labels are keyed: as JavaScript writes it (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def fold_summary(text: str) -> str:
    """The start a long cell shows folded (assets/browse.js does the same: LONG_TEXT and 40
    characters, cut at a space): "" when the text is short enough to show whole."""
    if len(text) <= LONG_TEXT:
        return ""
    return re.sub(r"\s+\S*$", "", text[:40]) + "…"


def frame_groups(rows: FrameRows, field: str) -> dict[Any, list[int]] | None:
    """BuildFacts.groups of a table held as columns, by polars: each value (each item once of a
    list field) with its rows' positions, values in the order of their first row; None for a
    field the table lacks or does not hold as text."""
    if field not in rows.names:
        return None
    frame = rows.columns([field]).with_row_index("__at")
    if frame.schema[field] == pl.List(pl.String):
        # Each item once per row (an empty list holds none: its exploded null is dropped).
        frame = frame.explode(field).drop_nulls(field).unique(maintain_order=True)
    elif frame.schema[field] != pl.String:
        return None
    grouped = frame.group_by(field, maintain_order=True).agg(pl.col("__at"))
    return dict(zip(grouped[field].to_list(), grouped["__at"].to_list(), strict=True))


def publishable_rows(people: Table) -> list[Row]:
    """The rows whose personal fields may_publish lets a page show, in table order; of a table
    held as columns, only those rows are made."""
    judged = publish_masks(people)
    if judged is not None:
        return take_rows(people, judged[0].arg_true().to_list())
    return [row for row in people.rows if may_publish(people, row)]


def named_in_order(people: Table, order: str, facts: BuildFacts | None = None) -> Sequence[Row]:
    """publishable_rows sorted by a field as `|sort(attribute="values.<order>")` sorts them
    (case folded by str.lower, stable); of a table held as columns, by its cells, with no Row
    made until a page reads one (their positions kept by `facts`, when given)."""

    def folded(value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    rows = people.rows
    if not isinstance(rows, FrameRows) or order not in rows.names:
        return sorted(publishable_rows(people), key=lambda row: folded(row.values[order]))

    def make() -> list[int]:
        judged = publish_masks(people)
        at = (
            judged[0].arg_true().to_list()
            if judged is not None
            else [i for i, row in enumerate(rows) if may_publish(people, row)]
        )
        cells = rows.cells([order], at=at)
        return [at[i] for i in sorted(range(len(at)), key=lambda i: folded(cells[i][0]))]

    at = facts.positions(people.name, ("named", order), make) if facts is not None else make()
    return RowsAt(rows, list(at))


def gated(table: Table) -> bool:
    """True for a table whose rows have publish levels (persons): its privacy rules name one."""
    return bool((table.schema.get("privacy") or {}).get("levelField"))


def csv_file_name(page_path: str, key: str) -> str:
    """The CSV file of a page's table, beside the page: "timeline-events.csv"."""
    stem = posixpath.basename(page_path)[: -len(".html")]
    # A version page's stem has dots ("1.0.0"): a CSV name is letters, digits and hyphens.
    return re.sub(r"[_.]", "-", f"{stem}-{key}").lower() + ".csv"


def event_facets(event: dict) -> dict[str, list[str]]:
    """An event's values for each timeline filter (a facility event names one facility, a
    release several; a count's claimant is who claims it, a release's who reported it)."""
    v = event["row"].values
    who = v.get("claimed_by") or v.get("reported_by") or v.get("actor_id") or ""
    places = v.get("facility_ids") or v.get("facility_id") or []
    places = [places] if isinstance(places, str) else list(places)
    return {
        "kind": [event["table"]],
        "claimant": [who] if who else [],
        "measure": [v["measure"]] if event["table"] == "tallies" and v.get("measure") else [],
        "facility": [p for p in places if p],
        "month": [event["date"][:7]] if len(event["date"]) >= 7 else [],
    }


# What a template's code can raise while a page renders: jinja2's errors, and Python's for an
# expression or filter given values it cannot take. DataError (the data or settings) is not one.
TEMPLATE_FAULTS = (
    jinja2.TemplateError,
    ArithmeticError,
    TypeError,
    ValueError,
    AttributeError,
    KeyError,
    IndexError,
)


def template_place(error: Exception, page: Path) -> tuple[Path, int]:
    """Where a template error is: the template that holds it (an included or imported one, not
    the page's) and its line. A syntax error names them; an error while rendering is found in
    the traceback, whose frames jinja2 maps to the templates' files and lines."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return Path(error.filename), error.lineno or 0
    place = (page, 0)
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith(".j2") and Path(name).is_file():
            place = (Path(name), trace.tb_lineno)
        trace = trace.tb_next
    return place


def version_note(meta: dict, lang: str, version: str) -> str:
    """The maintainer's note of a frozen version in `lang`, from its dataset's datapackage.yaml
    (`version_notes: {es: {"2.0.0": …}}`: the frozen CHANGELOG.md holds it in English), or ""."""
    notes = (meta.get("version_notes") or {}).get(lang) or {}
    note = notes.get(version) if isinstance(notes, dict) else None
    return note.strip() if isinstance(note, str) else ""


def changelog_blocks(
    path: Path,
    version: str,
    diff: DatasetDiff | None = None,
    lang: str = "en",
    note: str = "",
) -> list[dict]:
    """One version's entry of a frozen CHANGELOG.md, as paragraphs and lists whose pieces of
    `code` are marked: the template escapes every piece, no Markdown from a file is live.

    Each block names its language. The file is English; for another language its list is
    written again from `diff` (what the version changed from the one before, computed at build)
    when that diff, written in English, is exactly the file's list, so the translation says
    nothing the frozen changelog does not. Otherwise, and for the maintainer's note, the English
    stays, marked lang="en". The maintainer's note takes `note`, its translation into lang (see
    version_note), when there is one and the entry has a note."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    heading = f"## {version}"
    start = next(
        (i for i, line in enumerate(lines) if line == heading or line.startswith(heading + " ")),
        None,
    )
    if start is None:
        return []
    entry: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.strip():
            entry.append(line)
    items = [line for line in entry if line.startswith("- ")]
    if lang != "en" and changelog_items(diff) == items:
        translated = changelog_items(diff, lang)
        first = next(i for i, line in enumerate(entry) if line.startswith("- "))
        entry = [line for line in entry if not line.startswith("- ")]
        entry[first:first] = translated
        own = set(translated)
    else:
        own = set()
    if note and lang != "en" and any(not line.startswith("- ") for line in entry):
        first = next(i for i, line in enumerate(entry) if not line.startswith("- "))
        entry = [line for line in entry if line.startswith("- ")]
        entry.insert(first, note)
        own.add(note)
    blocks: list[dict] = []
    for line in entry:
        item = line.startswith("- ")
        text = line[2:] if item else line
        pieces = [(p, i % 2 == 1) for i, p in enumerate(text.split("`")) if p]
        said = lang if line in own else "en"
        if not item:
            blocks.append({"kind": "p", "pieces": pieces, "lang": said})
        elif blocks and blocks[-1]["kind"] == "ul" and blocks[-1]["lang"] == said:
            blocks[-1]["items"].append(pieces)
        else:
            blocks.append({"kind": "ul", "items": [pieces], "lang": said})
    return blocks


def enum_places(table: Table, field: str) -> dict[Any, int]:
    """Each allowed value of `field` (its schema's enum) with its place; empty for no field."""
    spec = next((f for f in table.schema.get("fields", []) if f["name"] == field), {})
    allowed = spec.get("constraints", {}).get("enum", [])
    return {value: index for index, value in enumerate(allowed)}


def osm_link(lat: str, lon: str) -> str:
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"
