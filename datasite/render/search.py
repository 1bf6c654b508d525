"""The site's own search index, per language: one document per record a page shows, and one per
section of prose, written as a script (search/<lang>.js) that pages load with <script src>, so
search works from file:// with no server (a fetched index needs one).

Documents are read from the written pages, not from the data: a record's text is what its page
shows, so the publish levels of persons apply exactly as on the pages (a withheld name is on no
page, hence in no document), and a citation box, a hidden element or a script is never indexed.
A record shown on several pages (the timeline, a facility's page, the home page) is one document,
at the page showing the most of it. Words are folded (lowercase, accents dropped: "Rocío" is
stored as "rocio"); assets/search.js folds the query the same way, strips a few Spanish and
English endings from each query word and matches it as a prefix of a stored word.
"""

from __future__ import annotations

import html as html_text
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from datasite.check.privacy import may_publish, publish_masks
from datasite.load.frames import take_rows
from datasite.load.memory import NOTHING_KEPT, Memory
from datasite.load.project import read_yaml_mapping
from datasite.model import Project, Row, Table
from datasite.render.browse import quote_key
from datasite.render.pages import BuildFacts, Page, RowsById, Site, gated, record_key

INDEX_GLOBAL = "dsSearchIndex"
PART_GLOBAL = "dsSearchPart"
# Documents per index file: a large site's index comes in parts of about 350 KB each (about 175
# bytes a record), loaded one after another once the search box opens, results growing as they
# come; no one file grows with the data.
SHARD_DOCS = 2000
LINE_MAX = 280  # characters of a result's readable line; the rest of its words stay searchable
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
# Never indexed: a record's citation box (its own address and the reading date), scripts, the
# table heads repeated on every table, and what the page itself hides.
_SKIP_TAGS = {"script", "style", "template", "button", "svg", "thead", "noscript"}
_SKIP_CLASSES = {"ds-rcite", "ds-citebox", "headerlink", "ds-copy"}
# Where a cell or a block ends, the words on either side must not run together.
_CELL = {"td", "th", "dd", "br"}
_BLOCK = {"p", "li", "tr", "dt", "div", "section", "ul", "ol", "table", "caption", "dl"}
_HEADING = {"h1", "h2", "h3"}


def fold(text: str) -> str:
    """Lowercase, accents dropped: what search compares ("Rocío" and "ROCIO" give "rocio")."""
    decomposed = unicodedata.normalize("NFD", text)
    # Every mark (category M), as assets/search.js drops /\p{M}/ from the query.
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return unicodedata.normalize("NFC", bare).lower()


def words(text: str) -> list[str]:
    """The folded words of a text, in order: letters and digits, split at anything else."""
    return _WORD.findall(fold(text))


@dataclass
class Found:
    """A piece of a page: a record (by its anchor) or a section of prose (under a heading)."""

    anchor: str
    heading: str = ""
    parts: list[str] = field(default_factory=list)
    # Text the page marks as written in another language (lang="en" on a Spanish page): kept
    # searchable, never shown in a result's line, which would show it unmarked.
    other: list[str] = field(default_factory=list)

    def other_text(self) -> str:
        return _SPACE.sub(" ", " ".join(self.other)).strip()

    def text(self) -> str:
        joined = "".join(self.parts)
        # Cell boundaries were marked with \x1f: " · " between cells, none at either end.
        cells = [_SPACE.sub(" ", c).strip() for c in joined.split("\x1f")]
        return " · ".join(c for c in cells if c)


class _PageReader(HTMLParser):
    """Collects a page's records (elements whose id is a record anchor) and its prose sections,
    from its article only (not the header, navigation or footer). Text inside an element whose
    `lang` is not the page's (`lang`) goes to a piece's `other` words, not its shown text."""

    def __init__(self, anchors: Container[str], lang: str = ""):
        super().__init__(convert_charrefs=True)
        self.anchors = anchors
        self.lang = lang
        # (tag, role, foreign): role "skip", "record", "article"; foreign when it opened an
        # element in another language
        self.stack: list[tuple[str, str, bool]] = []
        self.in_article = 0
        self.skipping = 0
        self.foreign = 0
        self.records: list[Found] = []
        self.open_records: list[Found] = []
        self.sections: list[Found] = [Found("")]
        self.heading: Found | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        void = tag in _VOID
        if not self.in_article:
            if tag == "article":
                self.in_article = 1
                self.stack.append((tag, "article", False))
            return
        classes = set(values.get("class", "").split())
        role = ""
        if self.skipping or tag in _SKIP_TAGS or classes & _SKIP_CLASSES or "hidden" in values:
            role = "skip"
            self.skipping += 0 if void else 1
        elif values.get("id") in self.anchors:
            role = "record"
            self.open_records.append(Found(values["id"]))
        elif tag in _HEADING and not self.open_records:
            role = "heading"
            self.heading = Found(values.get("id", ""))
        if tag in _CELL or tag in _BLOCK:
            self._text("\x1f" if tag in _CELL or tag == "tr" else " ")
        in_lang = values.get("lang", "")
        foreign = bool(self.lang and in_lang and in_lang.split("-")[0] != self.lang)
        if not void:
            self.foreign += foreign
            self.stack.append((tag, role, foreign))

    def handle_endtag(self, tag: str) -> None:
        if not self.in_article or tag in _VOID:
            return
        names = [name for name, _, _ in self.stack]
        if tag not in names:
            return  # a stray end tag: the parser's HTML is MkDocs', but never trust it
        while self.stack:
            name, role, foreign = self.stack.pop()
            self.foreign -= foreign
            self._close(name, role)
            if name == tag:
                break

    def _close(self, tag: str, role: str) -> None:
        if role == "article":
            self.in_article = 0
        elif role == "skip":
            self.skipping -= 1
        elif role == "record":
            self.records.append(self.open_records.pop())
        elif role == "heading" and self.heading is not None:
            heading = self.heading.text()
            self.sections.append(Found(self.heading.anchor, heading))
            self.heading = None
        if tag in _CELL or tag in _BLOCK:
            self._text("\x1f" if tag in _CELL or tag == "tr" else " ")

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.skipping:
            self._text(data)

    def _text(self, text: str) -> None:
        if self.skipping:
            return
        if self.open_records:
            found = self.open_records[-1]
        else:
            found = self.heading if self.heading is not None else self.sections[-1]
            text = text.replace("\x1f", " ")
        if self.foreign and text.strip("\x1f "):
            found.other.append(text)
        else:
            found.parts.append(text)


def read_page(
    html: str, anchors: Container[str], lang: str = ""
) -> tuple[list[Found], list[Found]]:
    """A written page's records and its prose sections (a section before any heading has none);
    with the page's `lang`, text marked as in another language is kept apart (`Found.other`)."""
    reader = _PageReader(anchors, lang)
    reader.feed(html)
    reader.close()
    return reader.records, [s for s in reader.sections if s.heading or s.text() or s.other]


# Where an attribute named "id" may start, and its value as html.parser reads it there (its
# attrfind_tolerant: `=` signs, then a quoted value or one up to a space or ">").
_ID_AT = re.compile(r"[iI][dD](?=\s*=)")
# A quote left open runs to the end of the page (as far as the parser could read its value).
_ID_VALUE = re.compile(r"[iI][dD]\s*=+\s*('[^']*'?|\"[^\"]*\"?|(?!['\"])[^>\s]*)")


def page_ids(html: str) -> set[str]:
    """Every value an `id` attribute of the page may have, as read_page's parser reads it
    (unquoted, character references replaced), and more: each place "id=" stands, in a tag or
    not, is read as an attribute, so no id the parser sees is missed ("" stands for an id with
    no value)."""
    found = {""}
    for at in _ID_AT.finditer(html):
        value = _ID_VALUE.match(html, at.start()).group(1)  # type: ignore[union-attr]
        if value[:1] in ("'", '"'):
            found.add(html_text.unescape(value[1:]))  # open to the end of the page
            value = value[1:-1]
        found.add(html_text.unescape(value))
    return found


def page_documents(
    html: str, anchors: Container[str], lang: str = "", memo: Memory = NOTHING_KEPT
) -> tuple[list[list[str]], list[list[str]]]:
    """read_page's records as [anchor, text, other text] and prose sections as [anchor,
    heading, text, other text]. With a memo, a page read before is not parsed again: its
    documents are a function of its bytes, its language and which of its ids are record
    anchors (of the data, not of the page: they are looked up, and part of the key)."""
    key = ""
    if memo is not NOTHING_KEPT:
        hits = sorted(i for i in page_ids(html) if i in anchors)
        key = memo.key("search-page", lang, html, json.dumps(hits, ensure_ascii=False))
        found = memo.get_json("search-page", key)
        if _documents_shape(found):
            return found[0], found[1]
    records, prose = read_page(html, anchors, lang)
    documents = (
        [[r.anchor, r.text(), r.other_text()] for r in records],
        [[s.anchor, s.heading, s.text(), s.other_text()] for s in prose],
    )
    if key:
        memo.put_json("search-page", key, documents)
    return documents


def _documents_shape(found: object) -> bool:
    """A memo entry as page_documents writes it (anything else is a miss)."""
    return (
        isinstance(found, list)
        and len(found) == 2
        and all(isinstance(part, list) for part in found)
        and all(
            isinstance(doc, list) and len(doc) == size and all(isinstance(t, str) for t in doc)
            for part, size in zip(found, (3, 4), strict=True)
            for doc in part
        )
    )


class RecordAnchors:
    """Every record's anchor (`<table>-<key>`, as pages write it), with its table and row; of a
    privacy-gated table (persons), only the rows a page may name, whatever the pages write.

    Resolved when a page holds an id, through the table's rows by key: no anchor is made for
    the rows no page shows (a million of them on a large site)."""

    def __init__(self, site: Site):
        self.site = site
        self.found: dict[str, tuple[str, Row] | None] = {}
        self.held: dict[str, bool] = {}  # whether an anchor is a record's (see __contains__)
        self.by_key: dict[str, dict[str, Row]] = {}  # tables keyed on several fields
        self.shown: dict[str, Any] = {}  # a gated table's publish masks, by table

    def __contains__(self, anchor: object) -> bool:
        """Whether a page's id is a record's anchor; of a table held as columns and keyed by
        `id`, answered from its ids and publish masks, making no row (a page holds many ids)."""
        if not isinstance(anchor, str):
            return False
        if anchor in self.found:
            return self.found[anchor] is not None
        if anchor not in self.held:
            answers = [self.quick(name, table, key) for name, table, key in self.tables_of(anchor)]
            self.held[anchor] = (
                any(answers) if None not in answers else self.get(anchor) is not None
            )
        return self.held[anchor]

    def prefetch(self, anchors: Iterable[str]) -> None:
        """Make the rows of these anchors held as columns a table at a time (one take per
        table, not one per row), kept by the tables' RowsById as each would have been."""
        wanted: dict[str, set[int]] = {}
        for anchor in anchors:
            for name, _, key in self.tables_of(anchor):
                index = self.site.facts.index(name)
                if isinstance(index, RowsById):
                    at = index.at.get(urllib.parse.unquote(key))
                    if at is not None and at not in index.made:
                        wanted.setdefault(name, set()).add(at)
        for name, positions in wanted.items():
            index = self.site.facts.index(name)
            assert isinstance(index, RowsById)
            ordered = sorted(positions)
            index.made.update(zip(ordered, index.rows.take(ordered), strict=True))

    def tables_of(self, anchor: str) -> Iterator[tuple[str, Table, str]]:
        """Each table an anchor may be a record of (`<table>-<key>`), with the key it gives."""
        for name, table in self.site.tables.items():
            if anchor.startswith(name + "-"):
                yield name, table, anchor[len(name) + 1 :]

    def quick(self, name: str, table: Table, key: str) -> bool | None:
        """Whether the table has a row a page may show whose record key is `key`, when its
        ids and publish masks tell (None when only its rows can)."""
        fields = table.schema.get("primaryKey") or ["id"]
        index = self.site.facts.index(name)
        if fields not in ("id", ["id"]) or not isinstance(index, RowsById):
            return None
        value = urllib.parse.unquote(key)
        at = index.at.get(value)
        if at is None or quote_key(value) != key:
            return False
        if not gated(table):
            return True
        if name not in self.shown:
            self.shown[name] = publish_masks(table)
        masks = self.shown[name]
        return None if masks is None else bool(masks[0][at])

    def __getitem__(self, anchor: str) -> tuple[str, Row]:
        found = self.get(anchor)
        if found is None:
            raise KeyError(anchor)
        return found

    def get(self, anchor: str) -> tuple[str, Row] | None:
        if anchor not in self.found:
            hit = None
            for name, table, key in self.tables_of(anchor):
                row = self.row(name, table, key)
                if row is not None:
                    hit = (name, row)  # a later table's, as a later key replaced an earlier
            self.found[anchor] = hit
        return self.found[anchor]

    def row(self, name: str, table: Table, key: str) -> Row | None:
        """The row of a table whose record key is `key`, if a page may show it."""
        fields = table.schema.get("primaryKey") or ["id"]
        fields = [fields] if isinstance(fields, str) else fields
        if len(fields) == 1:  # one value: its key is that value quoted
            value = urllib.parse.unquote(key)
            if fields[0] == "id":
                row = self.site.facts.index(name).get(value)
            else:
                at = self.site.facts.groups(name, fields[0]).get(value)
                row = take_rows(table, at[-1:])[0] if at else None
        else:  # "--" joins the values, and may stand in one: rows by their whole key
            if name not in self.by_key:
                self.by_key[name] = {record_key(table.schema, r): r for r in table.rows}
            row = self.by_key[name].get(key)
        if row is None or record_key(table.schema, row) != key:
            return None
        return row if not gated(table) or may_publish(table, row) else None


def record_date(site: Site, table: str, row: Row) -> str:
    """A record's date in the reader's language: its timeline date, else its schema's first field
    with a precision field (a source's publication date), else, for a person, that of the first
    timeline record referring to them (their release); "" when it has none."""
    for spec in site.project.settings.timeline:
        if spec.table == table and row.values.get(spec.date_field):
            return site.date(row.values[spec.date_field], row.values.get(spec.precision_field, ""))
    for spec in site.tables[table].schema.get("fields", []):
        precision = spec.get("precisionField")
        if precision and row.values.get(spec["name"]):
            return site.date(row.values[spec["name"]], row.values.get(precision) or "day")
    # A person's date is that of their first release; a facility or a measure has none of its own
    # (its first event would read as its date).
    events = site.events_about(table, row) if gated(site.tables[table]) else []
    return site.date(events[0]["date"], events[0]["precision"]) if events else ""


def record_kind(site: Site, table: str) -> str:
    """What a record is, in the reader's language: the interface's word, else its table's title."""
    kinds = site.strings.get("search_kinds") or {}
    return kinds.get(table) or site.meta(site.tables[table].schema, "title") or table


def search_index(
    project: Project,
    strings: dict,
    lang: str,
    out: Path,
    pages: list[Page],
    facts: BuildFacts | None = None,
    memo: Memory = NOTHING_KEPT,
) -> dict:
    """The index of one language's written pages (out is that language's site folder); `memo`
    keeps each page's documents (page_documents)."""
    site = Site(project, strings, lang, facts=facts)
    anchors = RecordAnchors(site)
    # anchor -> (page path, page title, text, its words in another language)
    best: dict[str, tuple[str, str, str, str]] = {}
    sections: list[tuple[str, str, list[str]]] = []
    for page in pages:
        path = page.path.removesuffix(".md") + ".html"
        html_file = out / path
        if not html_file.is_file():
            continue
        html = html_file.read_text(encoding="utf-8")
        records, prose = page_documents(html, anchors, lang, memo)
        title = next((heading for _, heading, _, _ in prose if heading), page.title)
        for anchor, text, other in records:
            if len(text) > len(best.get(anchor, ("", "", "", ""))[2]):
                best[anchor] = (path, title, text, other)
        sections.extend((path, title, section) for section in prose)
    kinds: list[str] = []
    titles: list[str] = []
    docs: list[list] = []

    def number(values: list[str], value: str) -> int:
        if value not in values:
            values.append(value)
        return values.index(value)

    anchors.prefetch(best)
    for anchor, (path, title, text, other) in best.items():
        table, row = anchors[anchor]
        date = record_date(site, table, row)
        if date and text.startswith(date):  # the date is shown beside the kind already
            text = text[len(date) :].lstrip(" ·")
        kind = number(kinds, record_kind(site, table))
        docs.append([kind, number(titles, title), f"{path}#{anchor}", date, *line(text, other)])
    page_kind = strings.get("search_kind_page", "Page")
    for path, title, (anchor, heading, text, other) in sections:
        href = f"{path}#{anchor}" if anchor else path
        heading = heading if heading != title else ""
        shown, rest = line(" · ".join(p for p in (heading, text) if p), other)
        docs.append([number(kinds, page_kind), number(titles, title), href, "", shown, rest])
    return {"kinds": kinds, "pages": titles, "docs": [_trim(d) for d in docs]}


def shown_words(text: str) -> set[str]:
    return set(words(text))


def line(text: str, hidden: str = "") -> tuple[str, str]:
    """A result's readable line (cut at a word near LINE_MAX characters) and the folded words of
    the rest that the line does not hold (with those of `hidden`, text never shown in a line), so
    they stay searchable without being shipped twice."""
    if len(text) <= LINE_MAX:
        shown = text
    else:
        cut = text.rfind(" ", 0, LINE_MAX)
        shown = text[: cut if cut > 0 else LINE_MAX].rstrip(" ·,;") + "…"
    if shown == text and not hidden:
        return shown, ""
    seen = shown_words(shown)
    rest = dict.fromkeys(w for w in words(f"{text} {hidden}") if w not in seen)
    return shown, " ".join(rest)


def _trim(doc: list) -> list:
    doc[5] = doc[5].strip()
    return doc if doc[5] else doc[:5]


def index_scripts(index: dict, shard_docs: int = SHARD_DOCS) -> list[str]:
    """The index as scripts of at most shard_docs documents each: the first defines
    window.dsSearchIndex (kinds, page titles, its documents and how many parts follow), each
    other window.dsSearchPart (its documents), which assets/search.js loads one after another.
    JSON, which a script reads as a literal."""
    docs = index["docs"]
    chunks = [docs[i : i + shard_docs] for i in range(0, len(docs), shard_docs)] or [[]]
    first = {**index, "docs": chunks[0], "parts": len(chunks) - 1}
    scripts = [f"window.{INDEX_GLOBAL}={_json(first)};\n"]
    scripts += [f"window.{PART_GLOBAL}={_json({'docs': chunk})};\n" for chunk in chunks[1:]]
    return scripts


def _json(value: dict) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # U+2028 and U+2029 end a line in older JavaScript engines: written as escapes.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_search_index(
    project: Project,
    templates: Path,
    lang: str,
    out: Path,
    pages: list[Page],
    facts: BuildFacts | None = None,
    memo: Memory = NOTHING_KEPT,
) -> list[Path]:
    """Write search/<lang>.js (and search/<lang>-2.js… for a large index) in a language's site
    folder; return their paths. `memo` keeps what each page gives the index (page_documents)."""
    strings = read_yaml_mapping(project.root, templates / "i18n" / f"{lang}.yaml")
    folder = out / "search"
    folder.mkdir(parents=True, exist_ok=True)
    index = search_index(project, strings, lang, out, pages, facts, memo)
    paths = []
    for number, script in enumerate(index_scripts(index), start=1):
        path = folder / (f"{lang}.js" if number == 1 else f"{lang}-{number}.js")
        path.write_text(script, encoding="utf-8")
        paths.append(path)
    return paths


# The interface's texts the search box shows, by their key in site_templates/i18n/<lang>.yaml.
UI_TEXTS = (
    "search_open",
    "search_label",
    "search_close",
    "search_hint",
    "search_loading",
    "search_none",
    "search_one",
    "search_many",
    "search_more",
    "search_unavailable",
    "search_downloads",
)


def search_settings(project: Project, templates: Path, lang: str) -> dict:
    """What the header's search box needs (config.extra.search): its texts in lang and where the
    index script is, from the language's root."""
    strings = read_yaml_mapping(project.root, templates / "i18n" / f"{lang}.yaml")
    texts = {key: strings.get(key, "") for key in UI_TEXTS}
    return {"search": {**texts, "index": f"search/{lang}.js", "downloads": "index.html#datasets"}}
