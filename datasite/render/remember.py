"""Pages remembered between builds: a record's page (one per row of a `pages:` table) is written
again only when something it read changed.

While such a page renders, every read of the data it makes through the templates' helpers is
noted with a digest of what it gave: a row by id (`lookup`), the rows where a field has a value
(`rows_where`), what may be shown of a person (`person`), where a citation links (`source_link`).
The page's Markdown is kept in the build memo with those reads, under a key of everything else
it was made from: its template and every other file of site_templates/, the settings, every
table's schema, which dataset holds which table, the language, the page's place and title, and its
own row. The next build replays the reads; when each gives the same digest, the kept Markdown is
the page. A page that used any other helper (the tables themselves, the packages, the headline…)
is not kept: what it read is not known, so it is rendered every time.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from datasite.load.frames import FrameRows, RowsAt
from datasite.load.hashing import add_file, walk
from datasite.model import Project, Row

KIND = "page"
# Helpers whose result is a function of their arguments, the page and what the key covers (the
# settings, schemas, templates and strings): a page may call them and still be remembered.
# lookup, rows_where, person and source_link read the data and note what they read.
KEYED = frozenset(
    {
        "lang",
        "t",
        "url",
        "text",
        "meta",
        "lookup",
        "rows_where",
        "person",
        "events_about",
        "has_page",
        "site",
        "osm",
        "dataset_catalog",
        "script_json",
        "period",
        "stock_measures",  # the settings' headline.stock_measures
        "repository",  # the settings' repository
        "anchor",
        "cite_record",
        "cite_page",
        "relative_address",
        "count",
        "publisher",
        "field_langs",
        "cell",
        "enum_labels",
        "event_facets",
        "csv_name",
        "page_rows",
        "list_rows",
        "browse_link",
        "source_link",
    }
)


class Reads:
    """What one page read: (kind, arguments, digest) in order, and the digest of each table
    read (a read of a table whose digest is unchanged gives what it gave: not replayed);
    `opaque` once it used a helper whose reads are not noted."""

    def __init__(self) -> None:
        self.items: list[list] = []
        self.tables: dict[str, str] = {}
        self.opaque = False
        self.looked_up: list[tuple[list, FieldsRead]] = []  # (item, values) until finish()

    def note(self, kind: str, args: list, digest: str, table: str, table_digest: str) -> None:
        if all(isinstance(a, str | int | float | bool | type(None)) for a in args):
            self.items.append([kind, args, digest])
            self.tables[table] = table_digest
        else:  # an argument the memo cannot hold: the read cannot be replayed
            self.opaque = True

    def note_fields(self, table: str, key: Any, values: FieldsRead, table_digest: str) -> None:
        """A row looked up by id: which of its fields the page reads is known once it is
        rendered (finish)."""
        item = [FIELDS, [table, key], ""]
        self.note(FIELDS, item[1], "", table, table_digest)
        if not self.opaque:
            self.items[-1] = item
            self.looked_up.append((item, values))

    def finish(self) -> None:
        """Each row looked up: the fields the page read of it (every one, once it enumerated,
        copied or printed them) after its table and key, and their digest."""
        for item, values in self.looked_up:
            read = values.read
            fields = (
                [EVERY]
                if EVERY in read or not all(isinstance(f, str) for f in read)
                else sorted(read)
            )
            item[1] += fields
            item[2] = fields_digest(values, fields)
        self.looked_up = []


FIELDS = "fields"  # a read of some fields of a row looked up by id
EVERY = "\0every field"  # no field's name: the page read them all


class FieldsRead(dict):
    """A looked-up row's values, noting the fields a page reads: by name (item, get, in), or
    all of them (walked, listed, copied, compared or printed)."""

    __slots__ = ("read",)

    def __init__(self, values: dict) -> None:
        super().__init__(values)
        self.read: set = set()

    def __getitem__(self, key: Any) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key: Any) -> bool:
        self.read.add(key)
        return super().__contains__(key)

    def every(self) -> None:
        self.read.add(EVERY)

    def __iter__(self) -> Any:
        self.every()
        return super().__iter__()

    def keys(self) -> Any:
        self.every()
        return super().keys()

    def values(self) -> Any:
        self.every()
        return super().values()

    def items(self) -> Any:
        self.every()
        return super().items()

    def copy(self) -> dict:
        self.every()
        return dict(super().items())

    def __repr__(self) -> str:
        self.every()
        return super().__repr__()

    def __eq__(self, other: object) -> bool:
        self.every()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        self.every()
        return super().__ne__(other)

    def __or__(self, other: Any) -> Any:
        self.every()
        return super().__or__(other)

    def __ror__(self, other: Any) -> Any:
        self.every()
        return super().__ror__(other)

    def __reduce__(self) -> Any:
        self.every()
        return (dict, (dict(super().items()),))

    __hash__ = None  # type: ignore[assignment]


def fields_digest(values: dict, fields: list[str]) -> str:
    """These fields' values in a row (absent ones marked), or every field's."""
    if fields == [EVERY]:
        pairs = sorted(dict.items(values))
    else:
        pairs = [(f, dict.get(values, f, MISSING)) for f in fields]
    return digest(repr(pairs))


MISSING = "\0no such field"


def read_table(kind: str, args: list, sources: str) -> str:
    """The one table a read reads: its first argument's, or for a citation's link the sources
    table (which of them the sources page lists)."""
    return sources if kind == "link" else str(args[0])


def digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def values_digest(row: Row | None) -> str:
    return "-" if row is None else digest(repr(sorted(row.values.items())))


def row_hashes(rows: FrameRows) -> array:
    """Each row's 64-bit hash over its values as text (polars' hash_rows: the same for the same
    values in every process of one polars version, which the memo's salt names)."""
    return array("Q", rows.columns(rows.names).hash_rows().to_list())


def rows_read_digest(hashes: Callable[[], array], rows: Sequence[Row]) -> str:
    """The rows read, in order: their hashes for rows held as columns, else their values."""
    if isinstance(rows, RowsAt):
        every = hashes()
        return digest(array("Q", (every[i] for i in rows.at)).tobytes())
    return digest("\0".join(values_digest(r) for r in rows))


def build_key(project: Project, templates: Path, lang: str) -> str:
    """What every remembered page of a language was made from besides its reads: the template
    files and strings, the settings (with any address given on the command line), each table's
    schema, and which dataset holds which table."""
    h = hashlib.sha256(f"{lang}\0{project.settings!r}\0{project.site!r}\0".encode())
    for path in walk(templates):
        h.update(f"\0{path.relative_to(templates).as_posix()}\0".encode())
        add_file(h, path)
    for name, table in sorted(project.tables().items()):
        h.update(f"\0{name}\0{json.dumps(table.schema, sort_keys=True, default=str)}".encode())
    for name, dataset in sorted(project.datasets.items()):
        h.update(f"\0{name}\0{sorted(dataset.tables)!r}".encode())
    return h.hexdigest()


def page_key(
    memo: Any, common: str, template: str, path: str, title: str, context: str, row: Row
) -> str:
    """A record's page: the build's common key, its template, place, title, the rest of its
    context (plain values, as text) and its own row's values."""
    return memo.key(KIND, common, template, path, title, context, values_digest(row))


def watched(helpers: dict[str, Any], reads: Reads) -> dict[str, Any]:
    """The helpers a remembered page renders with: any helper outside KEYED makes the page
    opaque when used (called, or for data such as `tables`, read at all)."""
    out = {}
    for name, value in helpers.items():
        if name in KEYED:
            out[name] = value
        elif callable(value):
            out[name] = _opaque_call(value, reads)
        else:
            out[name] = _Opaque(value, reads)
    return out


def _opaque_call(function: Callable, reads: Reads) -> Callable:
    def call(*args: Any, **kwargs: Any) -> Any:
        reads.opaque = True
        return function(*args, **kwargs)

    return call


class _Opaque:
    """A value whose use makes the page opaque (attribute, item, iteration, length, truth)."""

    def __init__(self, value: Any, reads: Reads):
        self._value, self._reads = value, reads

    def _use(self) -> Any:
        self._reads.opaque = True
        return self._value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._use(), name)

    def __getitem__(self, key: Any) -> Any:
        return self._use()[key]

    def __iter__(self) -> Any:
        return iter(self._use())

    def __len__(self) -> int:
        return len(self._use())

    def __bool__(self) -> bool:
        return bool(self._use())

    def __contains__(self, item: Any) -> bool:
        return item in self._use()

    def __str__(self) -> str:
        return str(self._use())
