"""Each table as small script files of published rows, so the data browser works from file://.

A chunk is `browse/<dataset>/<table>/<n>.js`, a call `dsBrowseChunk({...});` holding at most
CHUNK_ROWS rows: a script loaded by <script src> runs from the file system, where fetch() of a
JSON file is refused, and a bounded chunk keeps a large table from making one huge file. The
rows are the public project's (check/privacy.redact), the same rows the downloads publish.

A table's chunks are a function of its dataset's and its own name, its schema and its rows: a
build memo keeps the sha256 of each chunk under the sha256 of those, and a table whose inputs
did not change links its chunks from the previous site, each checked against its recorded
sha256 first (anything else: the table is written again).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import stat
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

from datasite.load.frames import FrameRows
from datasite.load.memory import NOTHING_KEPT, Memory
from datasite.load.values import read
from datasite.model import Project, Row, Table, as_list

CHUNK_ROWS = 500
PAGE_ROWS = 25  # rows the browser shows at once
CALLBACK = "dsBrowseChunk"
# Escaped in the JSON text, where they can only stand inside strings: "<" so no "</script>" or
# "<!--" reads as markup wherever the text lands, U+2028/U+2029 which older JavaScript refuses
# in a string.
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def chunk_count(table: Table, chunk_rows: int = CHUNK_ROWS) -> int:
    """How many chunk files a table is split into (at least one, so an empty table still loads)."""
    return max(1, math.ceil(len(table.rows) / chunk_rows))


def table_chunks(table: Table, chunk_rows: int = CHUNK_ROWS) -> list[dict]:
    """The table as chunks: field names once per chunk, then rows as lists of typed values."""
    return list(iter_chunks(table, chunk_rows))


def iter_chunks(table: Table, chunk_rows: int = CHUNK_ROWS, lists: bool = True) -> Iterator[dict]:
    """table_chunks one at a time, each made column by column (a CSV table's columns are read
    from its frame, not row by row), so a large table is never held as chunks all at once. With
    `lists` false, rows are tuples (the same JSON, without a list made per row)."""
    names = table.field_names
    specs = table.schema["fields"]
    keys = as_list(table.schema.get("primaryKey")) or ["id"]
    total = chunk_count(table, chunk_rows)
    rows = table.rows
    texts = {s["name"] for s in specs if s.get("type", "string") not in _READ}
    read_frame = None
    if isinstance(rows, FrameRows):
        # A text cell reads as itself, empty as null: done once for the table, by polars.
        empty = [
            pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name)
            for name in texts
            if rows.frame.schema[name] == pl.String
        ]
        read_frame = rows.frame.with_columns(empty)
        # Keys made only of characters quote() keeps are their own quotes: no call per row.
        plain = all(
            f in read_frame.columns
            and rows.frame.schema[f] == pl.String
            and rows.frame[f].null_count() == 0
            and rows.frame[f].str.contains(r"^[A-Za-z0-9_.~-]*$").all()
            for f in keys
        )
        readers = {s["name"]: CellReader(s) for s in specs if s["name"] not in texts}
    for index in range(total):
        start = index * chunk_rows
        height = min(chunk_rows, max(0, len(rows) - start))
        if read_frame is not None and isinstance(rows, FrameRows):
            part = rows.frame.slice(start, chunk_rows)
            read_part = read_frame.slice(start, chunk_rows)
            typed = [
                read_part.get_column(s["name"]).to_list()
                if s["name"] in texts
                else readers[s["name"]](part.get_column(s["name"]).to_list())
                for s in specs
            ]
            raw = [
                part.get_column(f).to_list() if f in part.columns else [""] * height for f in keys
            ]
            if plain:  # each key its own quote; "--" joins a key of several fields
                quoted = raw[0] if len(raw) == 1 else ["--".join(k) for k in zip(*raw, strict=True)]
            else:
                quoted = column_keys(raw)
        else:
            chosen = rows[start : start + chunk_rows]
            typed = [typed_column(s, [row.values[s["name"]] for row in chosen]) for s in specs]
            raw = [[row.values.get(f, "") for row in chosen] for f in keys]
            quoted = column_keys(raw)
        yield chunk(table, index, total, names, quoted, typed, height, lists, len(rows))


def chunk(
    table: Table,
    index: int,
    total: int,
    names: list[str],
    keys: list[str],
    typed: list[list],
    height: int,
    lists: bool,
    rows_total: int,
) -> dict:
    """One chunk of iter_chunks, from its rows' keys and typed columns."""
    made = zip(*typed, strict=True) if typed else ((),) * height
    return {
        "table": table.name,
        "chunk": index + 1,
        "chunks": total,
        "rows_total": rows_total,
        "fields": names,
        "keys": keys,
        "rows": [list(cells) for cells in made] if lists else list(made),
    }


# Distinct cells a CellReader remembers per column: enough for codes, flags and small counts.
READ_CACHE = 65_536


class CellReader:
    """read(spec, cell) for a column's cells, each distinct text read once: a column of flags or
    small counts repeats a few values a million times. Lists are not remembered."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.known: dict[str, Any] = {}

    def __call__(self, values: list) -> list:
        spec, known, out = self.spec, self.known, []
        if spec.get("type") == "list":  # a list reads as itself; a text is split anew each time
            return [v if isinstance(v, list) else read(spec, v) for v in values]
        for value in values:
            if isinstance(value, str):
                got = known.get(value, _UNREAD)
                if got is _UNREAD:
                    got = read(spec, value)
                    if len(known) < READ_CACHE:
                        known[value] = got
            else:
                got = read(spec, value)
            out.append(got)
        return out


_UNREAD = object()


# The field types load/values.read reads; a cell of any other type reads as itself, empty as null.
_READ = frozenset({"list", "integer", "year", "number", "boolean"})


def typed_column(spec: dict, values: list) -> list:
    """A column's cells as read(spec, cell) reads them, without a call per cell for text."""
    if spec.get("type", "string") not in _READ:
        return [None if v == "" else v for v in values]
    return [read(spec, v) for v in values]


# The characters urllib.parse.quote never changes: a key made only of them is its own quote.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.~-]*")


def quote_key(value: object) -> str:
    """A key's value quoted for a fragment (urllib.parse.quote, nothing safe)."""
    text = str(value)
    return text if _PLAIN_KEY.fullmatch(text) else urllib.parse.quote(text, safe="")


def column_keys(columns: list[list]) -> list[str]:
    """record_key of each row, from its key fields' columns."""
    quoted = [[quote_key(v) for v in column] for column in columns]
    return (
        quoted[0] if len(quoted) == 1 else ["--".join(parts) for parts in zip(*quoted, strict=True)]
    )


def record_key(schema: dict, row: Row) -> str:
    """A row's primary key as one fragment-safe string (quoted, so two keys never collide)."""
    fields = schema.get("primaryKey") or ["id"]
    fields = [fields] if isinstance(fields, str) else fields
    return "--".join(quote_key(row.values.get(f, "")) for f in fields)


def browser_columns(
    table: Table,
    suffix: str,
    suffixes: list[str],
    title: Callable[[dict], str],
    label: Callable[[str, str], str],
    yes_no: tuple[str, str],
    id_names: Callable[[str], dict[str, str]],
    field_langs: dict[str, str] | None = None,
) -> list[dict]:
    """The columns a language's browser shows: each field's title in that language, its coded
    values' labels, and, for a field with a translation (`note` and `note_es`), one column that
    shows the translation when filled, as the pages do (`suffix` is "_es" on Spanish pages);
    `id_names(field)` labels the ids a field refers to. A text's language, for its cell's `lang`:
    `lang` the one its field is written in (`field_langs`), `lang_at` the field that gives it
    row by row (`languageField`, a quote's)."""
    langs = field_langs or {}
    names = table.field_names
    columns = []
    for at, spec in enumerate(table.schema["fields"]):
        name = spec["name"]
        if any(name.endswith(s) and name.removesuffix(s) in names for s in suffixes if s):
            continue  # a translation: shown in its own language's column, never beside it
        column: dict = {"name": name, "title": title(spec) or name.replace("_", " "), "at": at}
        if suffix and name + suffix in names:
            column["alt"] = names.index(name + suffix)
        if langs.get(name):
            column["lang"] = langs[name]
        if spec.get("languageField") in names:
            column["lang_at"] = names.index(spec["languageField"])
        if id_names(name):  # ids of another table's rows show those rows' names, as pages do
            column["labels"] = id_names(name)
        allowed = spec.get("constraints", {}).get("enum") or []
        if allowed:  # a label left empty for a sentence ("exact") shows its code in a cell
            column["labels"] = {str(v): label(str(v), name) or str(v) for v in allowed}
        if spec.get("type") == "boolean":  # keyed as JavaScript writes them
            column["labels"] = {"true": yes_no[0], "false": yes_no[1]}
        columns.append(column)
    return columns


def chunk_script(chunk: dict) -> str:
    """One chunk as a script: a call of the browser's registration function with JSON."""
    text = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escape in _ESCAPES.items():
        text = text.replace(character, escape)
    return f"{CALLBACK}({text});\n"


def chunk_path(dataset: str, table: str, number: int) -> str:
    """A chunk's path in the site."""
    return f"browse/{dataset}/{table}/{number}.js"


def write_browse_chunks(
    project: Project,
    out_dir: Path,
    chunk_rows: int = CHUNK_ROWS,
    previous: Path | None = None,
    memo: Memory = NOTHING_KEPT,
) -> None:
    """Write browse/<dataset>/<table>/<n>.js for every table of every dataset under out_dir;
    with a memo, a table whose inputs did not change links its chunks from the `previous` site
    (its output folder) when they are still the bytes written then."""
    for dataset in project.datasets.values():
        for table in dataset.tables.values():
            folder = out_dir / Path(chunk_path(dataset.name, table.name, 1)).parent
            key = (
                memo.key("browse", dataset.name, table.name, str(chunk_rows), table_digest(table))
                if memo is not NOTHING_KEPT
                else ""
            )
            kept = memo.get_json("browse", key) if key else None
            if previous is not None and _chunks_shape(kept):
                earlier = previous / Path(chunk_path(dataset.name, table.name, 1)).parent
                if link_chunks(kept, earlier, folder):  # the entry, read, is kept another build
                    continue
            files = []
            for chunk in iter_chunks(table, chunk_rows, lists=False):
                path = out_dir / chunk_path(dataset.name, table.name, chunk["chunk"])
                path.parent.mkdir(parents=True, exist_ok=True)
                data = chunk_script(chunk).encode("utf-8")
                path.write_bytes(data)
                files.append([path.name, hashlib.sha256(data).hexdigest()])
            if key:
                memo.put_json("browse", key, files)


class _Digest:
    """A file-like sink that only hashes what is written to it."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return len(data)

    def flush(self) -> None:
        return None


def table_digest(table: Table) -> str:
    """sha256 of everything a table's chunks are made from besides the names: its schema and
    its rows (a table held as columns as its compact columns in Arrow's IPC format, which holds
    every value, type and null; other rows as their values, each as Python writes it)."""
    digest = hashlib.sha256()
    schema = repr(table.schema)  # as loaded: "1" and 1 apart, keys in the file's order
    digest.update(f"{len(schema)}:{schema}".encode())
    rows = table.rows
    if isinstance(rows, FrameRows):
        sink = _Digest()
        rows.compact.write_ipc(sink, compression="uncompressed")  # type: ignore[arg-type]
        digest.update(b"ipc:" + sink.digest.digest())
    else:
        digest.update(b"rows:")
        for row in rows:
            values = repr(row.values)  # keys in the order read
            digest.update(f"{len(values)}:{values}".encode())
    return digest.hexdigest()


_CHUNK_NAME = re.compile(r"^[1-9][0-9]*\.js$")


def _chunks_shape(kept: object) -> bool:
    """A memo entry as write_browse_chunks writes it: [chunk file name, sha256] of each."""
    return (
        isinstance(kept, list)
        and bool(kept)
        and all(
            isinstance(f, list)
            and len(f) == 2
            and all(isinstance(part, str) for part in f)
            and _CHUNK_NAME.match(f[0])
            for f in kept
        )
    )


def link_chunks(kept: list[list[str]], earlier: Path, folder: Path) -> bool:
    """Link (or copy) the chunks `kept` lists from `earlier` into `folder` (new) when each is
    a plain file with the recorded sha256; False, with `folder` absent, when any is not."""
    if folder.exists():
        return False
    try:
        for name, expected in kept:
            source = earlier / name
            if not stat.S_ISREG(os.lstat(source).st_mode) or sha256_of(source) != expected:
                return False
        folder.mkdir(parents=True)
        for name, _ in kept:
            try:
                os.link(earlier / name, folder / name)
            except OSError:  # another file system, or links not allowed
                shutil.copyfile(earlier / name, folder / name)
    except OSError:
        if folder.exists():
            shutil.rmtree(folder)
        return False
    return True


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
