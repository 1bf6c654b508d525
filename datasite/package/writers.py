"""A package's tables in every download format, written column by column: CSV, JSON, Parquet,
XLSX (split over sheets past Excel's row limit), SQLite, and deterministic zips; same rows,
same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import sqlite3
import struct
import sys
import tempfile
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from datasite.load.frames import WHITESPACE, FrameRows, as_text
from datasite.load.memory import Memory
from datasite.load.values import published_field, read, sheet_value, sql_value, write
from datasite.model import ForeignKey, Table

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "year": "INTEGER"}
# XML 1.0 cannot hold these control characters; openpyxl refuses them.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ILLEGAL_XML_POLARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"  # the same, Rust's syntax
XML_SPECIAL = r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"  # what xml_text changes
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


# zlib's default: on the 100k-row corpus level 9 took about 5 times as long for package zips 4 %
# smaller, 3 times for workbooks 6 % smaller (docs/benchmarks.md). Same input, same bytes.
ZIP_LEVEL = 6
# Rows of a sheet converted and assembled at a time: for a 350k-row sheet, 65,536 rows held
# about 450 MiB more at the peak, 8,192 about 110 MiB, for the same CPU time.
SHEET_CHUNK = 8_192
# Excel holds at most this many rows per sheet, the header included.
EXCEL_MAX_ROWS = 1_048_576
RESERVED_SHEETS = ("fields",)
# Excel counts days from 30 December 1899, one fewer before 1 March 1900 (its 29 February 1900).
EXCEL_EPOCH, EXCEL_LEAP_BUG = dt.date(1899, 12, 30), dt.date(1900, 3, 1)
ESCAPE_MARK = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")  # Excel reads _xHHHH_ as one character
SPLIT_NOTE = {
    "en": "{table}: {rows} rows, more than one Excel sheet holds ({limit} under its header), so "
    "they are split in order over the sheets {sheets}. The CSV, JSON, Parquet and SQLite files "
    "hold the whole table in one piece.",
    "es": "{table}: {rows} filas, más de las que caben en una hoja de Excel ({limit} bajo el "
    "encabezado), así que están repartidas en orden entre las hojas {sheets}. Los archivos CSV, "
    "JSON, Parquet y SQLite tienen la tabla entera.",
}


@dataclass(frozen=True)
class SheetPart:
    """One sheet of a workbook: the table it holds, and which of its rows (start to stop)."""

    table: str
    sheet: str
    start: int
    stop: int


def sheet_parts(tables: Sequence[tuple[str, int]], max_rows: int | None = None) -> list[SheetPart]:
    """Sheets for (table, row count) pairs: one per table, named as the table (at most 31
    characters, unique), or, for a table with more rows than a sheet holds under its header,
    as many as it needs: <table>, <table>~2, <table>~3, …"""
    per_sheet = (EXCEL_MAX_ROWS if max_rows is None else max_rows) - 1
    names: list[str] = []
    parts: list[SheetPart] = []
    for table, count in tables:
        base = table[:31]
        for k, start in enumerate(range(0, max(count, 1), per_sheet), 1):
            name, n = base, k
            if k > 1:
                name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
            while name in names or name in RESERVED_SHEETS:
                n += 1
                name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
            names.append(name)
            parts.append(SheetPart(table, name, start, min(start + per_sheet, count)))
    return parts


def split_tables(parts: Sequence[SheetPart]) -> dict[str, list[str]]:
    """The tables spread over more than one sheet, with their sheets in order."""
    sheets: dict[str, list[str]] = {}
    for part in parts:
        sheets.setdefault(part.table, []).append(part.sheet)
    return {table: names for table, names in sheets.items() if len(names) > 1}


def split_notes(
    tables: Sequence[tuple[str, int]], lang: str, max_rows: int | None = None
) -> list[str]:
    """One sentence per table the workbook splits over several sheets, in lang (en or es)."""
    counts = dict(tables)
    max_rows = EXCEL_MAX_ROWS if max_rows is None else max_rows

    def grouped(n: int) -> str:
        return f"{n:,}".replace(",", "." if lang == "es" else ",")

    return [
        SPLIT_NOTE[lang].format(
            table=table,
            rows=grouped(counts[table]),
            limit=grouped(max_rows - 1),
            sheets=", ".join(sheets),
        )
        for table, sheets in split_tables(sheet_parts(tables, max_rows)).items()
    ]


def column_letter(index: int) -> str:
    """A, B, …, Z, AA, … for 0, 1, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xml_text(text: str) -> str:
    """Text as XML element content that reads back as the same text in Excel and openpyxl:
    characters XML cannot hold become U+FFFD, a carriage return a character reference (a parser
    would turn a bare one into a line feed), and _xHHHH_ is escaped as Excel escapes it."""
    text = ILLEGAL_XML.sub("\ufffd", text)
    if "_x" in text:
        text = ESCAPE_MARK.sub("_x005F_", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def string_cell(text: str) -> str:
    """The end of an inline string cell (after its reference): text, never a formula."""
    space = ' xml:space="preserve"' if text[:1] in " \t\n\r" or text[-1:] in " \t\n\r" else ""
    return f' t="inlineStr"><is><t{space}>{xml_text(text)}</t></is></c>'


def value_cell(value: Any) -> str | None:
    """The end of a cell (after its reference) for a value as sheet_value gives it; None for
    an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        return string_cell(value)
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        serial = (value - EXCEL_EPOCH).days - (value < EXCEL_LEAP_BUG)
        return f' s="1" t="n"><v>{serial}</v></c>'
    return f' t="n"><v>{value!r}</v></c>'


PLAIN_TYPES = ("list", "integer", "year", "number", "boolean", "date")


def sheet_column(spec: dict, texts: pl.Series) -> pl.Series:
    """A column's cells (all but the reference), null where empty: each distinct text converted
    once, and text columns escaped by polars."""
    kind = spec.get("type", "string")
    if kind not in PLAIN_TYPES:  # sheet_value gives the text itself, None when empty
        column = texts
        if column.str.contains("_x", literal=True).any():  # rare: escaped as Excel would
            column = pl.Series(
                [ESCAPE_MARK.sub("_x005F_", t) if "_x" in t else t for t in column.to_list()],
                dtype=pl.String,
            )
        escaped = column
        if column.str.contains(XML_SPECIAL).any():  # most columns hold none of it
            escaped = (
                column.str.replace_all(ILLEGAL_XML_POLARS, "\ufffd")
                .str.replace_all("&", "&amp;", literal=True)
                .str.replace_all("<", "&lt;", literal=True)
                .str.replace_all(">", "&gt;", literal=True)
                .str.replace_all("\r", "&#13;", literal=True)
            )
        spaced = column.str.contains(r"^[ \t\n\r]|[ \t\n\r]$")
        frame = pl.DataFrame({"text": column, "escaped": escaped, "spaced": spaced})
        return frame.select(
            pl.when(pl.col("text") == "")
            .then(None)
            .when(pl.col("spaced"))
            .then(pl.lit(' t="inlineStr"><is><t xml:space="preserve">') + pl.col("escaped"))
            .otherwise(pl.lit(' t="inlineStr"><is><t>') + pl.col("escaped"))
            + pl.lit("</t></is></c>")
        ).to_series()
    distinct = texts.unique()
    cells = pl.Series(
        [value_cell(sheet_value(spec, t)) for t in distinct.to_list()], dtype=pl.String
    )
    return texts.replace_strict(distinct, cells, return_dtype=pl.String)


def sheet_xml(
    header: list[str],
    kinds: list[dict],
    texts: Sequence[Sequence[str] | pl.Series],
    start: int,
    stop: int,
) -> Iterator[bytes]:
    """One worksheet, in pieces: the header (frozen), then rows start to stop of the text
    columns, converted and assembled by polars SHEET_CHUNK rows at a time so that a long table
    never sits whole in memory as XML."""
    columns = [c if isinstance(c, pl.Series) else pl.Series(c, dtype=pl.String) for c in texts]
    letters = [column_letter(i) for i in range(len(header))]
    top = "".join(
        f'<c r="{letter}1"{string_cell(name)}' for letter, name in zip(letters, header, strict=True)
    )
    dimension = f"A1:{column_letter(max(len(header), 1) - 1)}{stop - start + 1}"
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{SHEET_NS}"><dimension ref="{dimension}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
        'sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f'<sheetData><row r="1">{top}</row>'
    ).encode()
    for first in range(start, stop, SHEET_CHUNK):
        last = min(first + SHEET_CHUNK, stop)
        numbers = range(first - start + 2, last - start + 2)  # the rows' numbers in the sheet
        if not header:
            yield "".join(f'<row r="{n}"></row>' for n in numbers).encode()
            continue
        frame = pl.DataFrame(
            {
                f"c{i}": sheet_column(kind, column.slice(first, last - first))
                for i, (kind, column) in enumerate(zip(kinds, columns, strict=True))
            }
        ).with_columns(r=pl.int_range(numbers.start, numbers.stop, dtype=pl.Int64).cast(pl.String))
        rows = frame.select(
            pl.concat_str(
                [
                    pl.lit('<row r="'),
                    pl.col("r"),
                    pl.lit('">'),
                    *(
                        pl.concat_str(
                            [pl.lit(f'<c r="{letter}'), pl.col("r"), pl.lit('"'), pl.col(f"c{i}")]
                        )
                        for i, letter in enumerate(letters)
                    ),
                    pl.lit("</row>"),
                ],
                ignore_nulls=True,
            )
        ).to_series()
        yield rows.str.join("").cast(pl.Binary).item()  # UTF-8 bytes, never a Python str
    yield (
        b"</sheetData>"
        b'<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        b"</worksheet>"
    )


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{SHEET_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def xml_attribute(text: str) -> str:
    return xml_text(text).replace('"', "&quot;")


def xlsx_bytes(
    tables: list[Table],
    texts: dict[str, list[list[str]]],
    field_text: Any,
    when: dt.datetime,
    max_rows: int | None = None,
) -> bytes:
    """One sheet per table (several for a table longer than a sheet, with a `notes` sheet saying
    so) and a `fields` sheet; texts[table] holds the CSV's cells, one list per field.

    Written directly as SpreadsheetML with inline strings, each column converted as a whole:
    the same tables and date give the same bytes."""
    counts = [(t.name, len(texts[t.name][0]) if texts[t.name] else 0) for t in tables]
    book = Workbook(counts, when, max_rows)
    for table in tables:
        book.add_table(table, texts[table.name])
    out = io.BytesIO()
    book.finish(tables, field_text, out)
    return out.getvalue()


class Workbook:
    """An XLSX workbook written table by table (add_table), so that only one table's cells need
    be held at a time; its sheets are compressed by a thread of their own while the next chunk of
    XML is made. finish writes the fields (and notes) sheets and the zip."""

    def __init__(
        self, counts: Sequence[tuple[str, int]], when: dt.datetime, max_rows: int | None = None
    ) -> None:
        self.counts, self.when, self.max_rows = list(counts), when, max_rows
        self.parts = sheet_parts(self.counts, max_rows)
        self.en = split_notes(self.counts, "en", max_rows)
        self.es = split_notes(self.counts, "es", max_rows)
        names = [p.sheet for p in self.parts] + ["fields"]
        if self.en:
            notes, n = "notes", 1
            while notes in names:
                n += 1
                notes = f"notes~{n}"
            names.append(notes)
        self.names = names
        self.deflater = Deflater()
        for name, data in workbook_head(names, when):
            self.deflater.put(name, [data])
        self.sheets = 0
        self.owned: dict[str, list[int]] = {}  # a table's sheets: their places among the entries
        self.written: list[ZipMember] = []  # every entry, once finished

    def add_table(self, table: Table, texts: Sequence[list[str] | pl.Series]) -> None:
        """The table's sheets, from the CSV's cells (one list or polars column per field)."""
        # texts are the CSV's: read by the published schema (booleans TRUE or FALSE)
        specs = {f["name"]: published_field(f) for f in table.schema.get("fields", [])}
        header = table.field_names
        kinds = [specs[name] for name in header]
        columns = [  # made once
            c if isinstance(c, pl.Series) else pl.Series(c, dtype=pl.String) for c in texts
        ]
        for part in self.parts_of(table.name):
            self.owned.setdefault(table.name, []).append(len(self.deflater.done))
            self.add_sheet(sheet_xml(header, kinds, columns, part.start, part.stop))

    def parts_of(self, table: str) -> list[SheetPart]:
        return [part for part in self.parts if part.table == table]

    def add_deflated(self, members: Sequence[ZipMember]) -> None:
        """A table's sheets deflated before (package.reuse: same rows, schema and parts), one per
        part in order, each named for its place in this workbook."""
        for member in members:
            self.sheets += 1
            member.name = f"xl/worksheets/sheet{self.sheets}.xml"
            self.deflater.put_deflated(member)

    def sheets_of(self, table: str) -> list[ZipMember]:
        """The sheets add_table made for a table, deflated (after finish)."""
        return [self.written[i] for i in self.owned.get(table, [])]

    def add_sheet(self, xml: Iterable[bytes]) -> None:
        self.sheets += 1
        self.deflater.put(f"xl/worksheets/sheet{self.sheets}.xml", xml)

    def finish(self, tables: list[Table], field_text: Any, sink: BinaryIO) -> None:
        """The fields sheet (and the notes sheet), then the workbook written to sink."""
        on_sheets = {t: [p.sheet for p in self.parts if p.table == t] for t, _ in self.counts}
        fields: list[list[str]] = [
            [
                table.name,
                ", ".join(on_sheets[table.name]),
                spec["name"],
                spec.get("type", "string"),
                "yes" if spec.get("constraints", {}).get("required") else "",
                field_text(spec),
            ]
            for table in tables
            for spec in table.schema.get("fields", [])
        ]
        fields_header = ["table", "sheet", "field", "type", "required", "description"]
        self.add_sheet(text_sheet(fields_header, fields))
        if self.en:
            notes = [list(p) for p in zip(self.en, self.es, strict=True)]
            self.add_sheet(text_sheet(["note", "nota"], notes))
        if self.sheets != len(self.names):
            raise ValueError(f"{len(self.names)} sheets planned, {self.sheets} written")
        self.written = self.deflater.members()
        write_zip(sink, self.written, self.when)


def text_sheet(header: list[str], rows: list[list[str]]) -> Iterator[bytes]:
    """A small sheet of text cells."""
    columns = [[row[i] for row in rows] for i in range(len(header))]
    return sheet_xml(header, [{}] * len(header), columns, 0, len(rows))


def workbook_head(sheets: Sequence[str], when: dt.datetime) -> list[tuple[str, bytes]]:
    """The workbook's parts before its sheets (named in order), with fixed dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    types = (
        head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet}"/>'
            for n in range(1, len(sheets) + 1)
        )
        + '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    rels = (
        head + f'<Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{REL_NS}/extended-properties" '
        'Target="docProps/app.xml"/></Relationships>'
    )
    app = (
        head + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>datasite</Application></Properties>'
    )
    core = (
        head + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>datasite</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    workbook = (
        head + f'<workbook xmlns="{SHEET_NS}" xmlns:r="{REL_NS}"><bookViews><workbookView/>'
        "</bookViews><sheets>"
        + "".join(
            f'<sheet name="{xml_attribute(name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(sheets, 1)
        )
        + "</sheets></workbook>"
    )
    book_rels = (
        head
        + f'<Relationships xmlns="{PKG_REL_NS}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL_NS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    return [
        ("[Content_Types].xml", types.encode()),
        ("_rels/.rels", rels.encode()),
        ("docProps/app.xml", app.encode()),
        ("docProps/core.xml", core.encode()),
        ("xl/workbook.xml", workbook.encode("utf-8")),
        ("xl/_rels/workbook.xml.rels", book_rels.encode()),
        ("xl/styles.xml", STYLES.encode()),
    ]


def parquet_bytes(schema: dict, texts: Sequence[list[str] | pl.Series]) -> bytes:
    """The table as Parquet: one typed column per field (see parquet_column) from the CSV's text
    columns (lists, or polars columns), zstd-compressed; same rows, same bytes for one polars
    version."""
    specs = schema.get("fields", [])
    columns = [parquet_column(spec, column) for spec, column in zip(specs, texts, strict=True)]
    frame = pl.DataFrame(columns) if columns else pl.DataFrame()
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", statistics=True)
    return buffer.getvalue()


PARQUET_TYPES = {
    "integer": (int, pl.Int64),
    "year": (int, pl.Int64),
    "number": ((int, float), pl.Float64),
    "boolean": (int, pl.Boolean),
}


def parquet_column(spec: dict, texts: list[str] | pl.Series) -> pl.Series:
    """One column: integers (a year too) as Int64, numbers as Float64, booleans as Boolean, a date
    field as Date, a list as a list of strings, anything else (partial dates too) as text; an empty
    cell or an empty list is null. A value its type cannot hold (an integer beyond 64 bits) keeps
    the whole column as text. Each distinct text is converted once."""
    name, kind = spec["name"], spec.get("type", "string")
    column = texts if isinstance(texts, pl.Series) else pl.Series(texts, dtype=pl.String)
    column = column.alias(name)
    if kind == "list":  # split and stripped as load.values.read_list, by polars
        item = pl.element().str.strip_chars(WHITESPACE)
        items = column.str.split(spec.get("delimiter", ","))
        items = items.list.eval(item.filter(item != ""))
        return pl.select(pl.when(items.list.len() > 0).then(items)).to_series().alias(name)
    wanted = PARQUET_TYPES.get(kind)
    distinct = column.unique(maintain_order=True) if wanted or kind == "date" else column
    keys = distinct.to_list() if wanted or kind == "date" else []
    if wanted:
        values = [sql_value(spec, t) if t != "" else None for t in keys]
        if all(issubclass(t, wanted[0]) for t in set(map(type, values)) - {type(None)}):
            if kind == "boolean":
                values = [None if v is None else bool(v) for v in values]
            typed = pl.Series(name, values, dtype=wanted[1])
            return column.replace_strict(distinct, typed) if len(column) else typed
    if kind == "date" and all(t == "" or DAY.match(t) for t in keys):
        try:
            days = [dt.date.fromisoformat(t) if t else None for t in keys]
        except ValueError:
            days = []
        if days or not keys:
            typed = pl.Series(name, days, dtype=pl.Date)
            return column.replace_strict(distinct, typed) if len(column) else typed
    return pl.select(pl.when(column != "").then(column)).to_series().alias(name)


def fixed_zip(data: bytes, when: dt.datetime, sizes: Sequence[tuple[int, int]] = ()) -> bytes:
    """Rewrite an XLSX zip with fixed entry times and document dates (openpyxl uses the clock),
    and each sheet's <dimension> (columns, rows in `sizes`), which the write-only mode leaves
    out: without it a reader in read-only mode (frictionless) cuts each row at its last value."""
    from openpyxl.utils import get_column_letter

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    refs = {
        f"xl/worksheets/sheet{n}.xml": f"A1:{get_column_letter(max(width, 1))}{height}".encode()
        for n, (width, height) in enumerate(sizes, 1)
    }

    def entries() -> Iterable[tuple[str, bytes]]:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            if item.filename in refs and b"<dimension" not in content:
                tag = b'<dimension ref="' + refs[item.filename] + b'" />'
                content = content.replace(b"</sheetPr>", b"</sheetPr>" + tag, 1)
            yield item.filename, content

    return deterministic_zip(entries(), when)


def deterministic_zip(
    entries: Iterable[tuple[str, bytes | Iterable[bytes]]], day: dt.date, level: int | None = None
) -> bytes:
    """A zip of (name, content) entries in the given order, content being bytes or pieces of
    bytes; same entries, same bytes: each dated midnight of day (zip dates start in 1980), mode
    644, deflated at `level` (ZIP_LEVEL), as zipfile writes them (write_zip)."""
    members = []
    for name, content in entries:
        member = Deflate(name, level)
        for piece in [content] if isinstance(content, bytes) else content:
            member.write(piece)
        members.append(member.close())
    out = io.BytesIO()
    write_zip(out, members, day)
    return out.getvalue()


@dataclass
class ZipMember:
    """A zip entry's content, deflated: its pieces (or a spool file holding them), CRC-32, size,
    and sha256 when asked for."""

    name: str
    data: list[bytes]
    crc: int
    size: int
    sha256: str = ""
    spool: BinaryIO | None = None
    compressed: int = 0  # the deflated size
    packed: str = ""  # the sha256 of the deflated bytes (package.reuse checks a copy by it)

    def pieces(self) -> Iterator[bytes]:
        """The deflated content, a megabyte at a time from a spool (closed after)."""
        yield from self.data
        if self.spool is not None:
            with self.spool as spool:
                spool.seek(0)
                while piece := spool.read(1 << 20):
                    yield piece


class Deflate:
    """One entry's content deflated as it comes, exactly as zipfile deflates it (a raw deflate
    stream at `level`, one compressor for the whole content, which gives the same bytes however
    the content is cut into pieces)."""

    def __init__(
        self,
        name: str,
        level: int | None = None,
        digest: bool = False,
        spool: BinaryIO | None = None,
    ) -> None:
        self.name, self.spool, self.compressed = name, spool, 0
        self.packed = hashlib.sha256()
        self.compressor = zlib.compressobj(
            ZIP_LEVEL if level is None else level, zlib.DEFLATED, -15
        )
        self.data: list[bytes] = []
        self.crc = self.size = 0
        self.digest = hashlib.sha256() if digest else None

    def write(self, piece: bytes) -> None:
        self.count(piece)
        self.keep(self.compressor.compress(piece))

    def count(self, piece: bytes) -> None:
        """The content's CRC-32, size and sha256 (for content deflated elsewhere: `keep`)."""
        self.crc = zlib.crc32(piece, self.crc)
        self.size += len(piece)
        if self.digest is not None:
            self.digest.update(piece)

    def keep(self, out: bytes) -> None:
        self.compressed += len(out)
        self.packed.update(out)
        if self.spool is not None:
            self.spool.write(out)
        elif out:
            self.data.append(out)

    def close(self, end: bytes | None = None) -> ZipMember:
        """The entry, ended by the compressor's flush, or by `end` for content deflated in
        pieces (deflate_pieces)."""
        self.keep(self.compressor.flush() if end is None else end)
        digest = self.digest.hexdigest() if self.digest is not None else ""
        return ZipMember(
            self.name,
            self.data,
            self.crc,
            self.size,
            digest,
            self.spool,
            self.compressed,
            self.packed.hexdigest(),
        )


def deflated_file(
    path: Path,
    name: str,
    level: int | None = None,
    spool: Path | None = None,
    memory: Memory | None = None,
) -> ZipMember:
    """A file's content as a zip entry named `name`, with its sha256, read a megabyte at a time
    (zlib and hashlib let go of the GIL on pieces this size: run it in a thread); deflated into
    a nameless temporary file in the folder `spool` when given, else into memory. A file longer
    than PIECE is deflated in pieces (deflate_pieces), each kept in `memory` when given."""
    sink = tempfile.TemporaryFile(dir=spool) if spool is not None else None
    member = Deflate(name, level, digest=True, spool=sink)  # type: ignore[arg-type]
    with path.open("rb") as source:
        if path.stat().st_size > PIECE:
            return deflate_pieces(source, member, ZIP_LEVEL if level is None else level, memory)
        while piece := source.read(PIECE):
            member.write(piece)
    return member.close()


# A file longer than this is deflated a piece of this size at a time, each piece primed with
# the WINDOW bytes before it (all deflate can look back on) and ended at a byte boundary: the
# pieces are deflated on both cores, and a piece unchanged since the last build (most of a
# database when one small table changed) is taken from the build memo.
PIECE = 1 << 20
WINDOW = 32 << 10
PIECE_KIND = "deflated-piece"


def deflate_pieces(
    source: BinaryIO, member: Deflate, level: int, memory: Memory | None
) -> ZipMember:
    """`source`'s content deflated as one stream made of pieces, as pigz makes it: each piece a
    raw deflate of PIECE bytes primed with the WINDOW bytes before it, ended by a sync flush
    (an empty stored block); then an empty final block. Any inflater reads it as one stream; the
    bytes depend only on the content and `level`, never on which pieces were kept."""
    waiting: deque[Future[bytes]] = deque()
    window = b""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="datasite-pieces") as pool:
        try:
            while piece := source.read(PIECE):
                member.count(piece)
                waiting.append(pool.submit(deflate_piece, window, piece, level, memory))
                window = piece[-WINDOW:]
                while len(waiting) > 3:
                    member.keep(waiting.popleft().result())
            while waiting:
                member.keep(waiting.popleft().result())
        finally:
            for job in waiting:
                job.cancel()
    return member.close(zlib.compressobj(level, zlib.DEFLATED, -15).flush())


def deflate_piece(window: bytes, piece: bytes, level: int, memory: Memory | None) -> bytes:
    """One piece deflated (see deflate_pieces): from `memory` when it holds this piece after this
    window, deflated at this level by this zlib, and it inflates to exactly the piece; else
    deflated here (and kept)."""
    key = ""
    if memory is not None:
        digest = hashlib.sha256(window)
        digest.update(piece)
        tools = f"{zlib.ZLIB_RUNTIME_VERSION};{level};{len(window)}"
        key = memory.key(PIECE_KIND, tools, digest.hexdigest())
        kept = memory.get(PIECE_KIND, key)
        if kept is not None and inflates_to(kept, window, piece):
            return kept
    compressor = (
        zlib.compressobj(level, zlib.DEFLATED, -15, zdict=window)
        if window
        else zlib.compressobj(level, zlib.DEFLATED, -15)
    )
    out = compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH)
    if memory is not None:
        memory.put(PIECE_KIND, key, out)
    return out


def inflates_to(deflated: bytes, window: bytes, piece: bytes) -> bool:
    """Whether `deflated`, inflated after `window`, gives exactly `piece` and ends as a piece
    must (a sync flush: no final block, nothing left over, byte-aligned)."""
    if not deflated.endswith(b"\x00\x00\xff\xff"):
        return False
    inflater = zlib.decompressobj(-15, zdict=window) if window else zlib.decompressobj(-15)
    try:
        out = inflater.decompress(deflated, len(piece) + 1)
    except zlib.error:
        return False
    return (
        out == piece
        and not inflater.eof
        and not inflater.unconsumed_tail
        and not inflater.unused_data
    )


class Deflater:
    """Entries deflated in order by a thread of their own while the caller makes the next piece;
    at most a few pieces wait, so memory stays bounded."""

    def __init__(self, level: int | None = None) -> None:
        self.level = level
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="datasite-deflate")
        self.done: list[Future[ZipMember]] = []

    def put(self, name: str, pieces: Iterable[bytes]) -> None:
        member = Deflate(name, self.level)
        waiting: deque[Future[None]] = deque()
        try:
            for piece in pieces:
                waiting.append(self.thread.submit(member.write, piece))
                while len(waiting) > 2:
                    waiting.popleft().result()
        finally:
            for job in waiting:
                job.result()
        self.done.append(self.thread.submit(member.close))

    def put_deflated(self, member: ZipMember) -> None:
        """An entry deflated before (package.reuse), added in its turn."""
        done: Future[ZipMember] = Future()
        done.set_result(member)
        self.done.append(done)

    def members(self) -> list[ZipMember]:
        """Every entry, deflated, in the order added; the thread is let go."""
        try:
            return [job.result() for job in self.done]
        finally:
            self.thread.shutdown()


# zipfile's layouts and the entry fields it writes for what deterministic_zip gives it
LOCAL_HEADER, CENTRAL_ENTRY, END_RECORD = "<4s2B4HL2L2H", "<4s4B4HL2L5H2L", "<4s4H2LH"
ZIP_VERSION, ZIP_DEFLATED, ZIP_MODE = 20, 8, 0o644 << 16
ZIP_SYSTEM = 0 if sys.platform == "win32" else 3
ZIP_LIMIT = (1 << 31) - 1  # past this zipfile would write ZIP64 fields, which write_zip does not


def write_zip(sink: BinaryIO, members: Iterable[ZipMember], day: dt.date) -> int:
    """Deflated entries as a zip, in order, the bytes zipfile would write for them (each dated
    midnight of day, mode 644); returns its size."""
    dosdate = (max(day.year, 1980) - 1980) << 9 | day.month << 5 | day.day
    central: list[bytes] = []
    offset = 0
    for member in members:
        compressed = member.compressed
        if member.size * 1.05 > ZIP_LIMIT or compressed > ZIP_LIMIT or offset > ZIP_LIMIT:
            raise ValueError(f"{member.name}: too large for a zip without ZIP64 fields")
        try:
            name, flags = member.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = member.name.encode("utf-8"), 0x800
        fields = (flags, ZIP_DEFLATED, 0, dosdate, member.crc, compressed, member.size, len(name))
        header = struct.pack(LOCAL_HEADER, b"PK\003\004", ZIP_VERSION, 0, *fields, 0) + name
        sink.write(header)
        for piece in member.pieces():
            sink.write(piece)
        central.append(
            struct.pack(
                CENTRAL_ENTRY,
                b"PK\001\002",
                ZIP_VERSION,
                ZIP_SYSTEM,
                ZIP_VERSION,
                0,
                *fields,
                0,
                0,
                0,
                0,
                ZIP_MODE,
                offset,
            )
            + name
        )
        offset += len(header) + compressed
    if offset > ZIP_LIMIT or len(central) > 0xFFFF:
        raise ValueError("too large for a zip without ZIP64 fields")
    directory = b"".join(central)
    end = struct.pack(
        END_RECORD, b"PK\005\006", 0, 0, len(central), len(central), len(directory), offset, 0
    )
    sink.write(directory)
    sink.write(end)
    return offset + len(directory) + len(end)


def sql_column(spec: dict, texts: list[str] | pl.Series) -> list[Any]:
    """A column's values as SQLite stores them (load.values.sql_value), from the CSV's cells
    (a list, or a polars column: each distinct text converted once)."""
    if isinstance(texts, pl.Series):
        if spec.get("type", "string") not in TYPED:  # read gives a text its own text
            return pl.select(pl.when(texts != "").then(texts)).to_series().to_list()
        distinct = texts.unique()
        memo = dict(
            zip(
                distinct.to_list(),
                mapped(lambda t: sql_value(spec, t), distinct.to_list()),
                strict=True,
            )
        )
        return list(map(memo.__getitem__, texts.to_list()))
    if spec.get("type", "string") in TYPED:
        return mapped(lambda t: sql_value(spec, t), texts)
    return [t or None for t in texts]  # read gives a text its own text, None when empty


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_bytes(
    tables: list[Table],
    texts: dict[str, list[list[str]]],
    foreign_keys: dict[str, list[ForeignKey]],
) -> bytes:
    """A SQLite database: typed columns, primary and foreign keys; built in memory, VACUUM INTO."""
    database = Database({t.name for t in tables})
    try:
        for table in tables:
            database.add_table(table, texts[table.name], foreign_keys.get(table.name, []))
    except BaseException:
        database.close()
        raise
    with tempfile.TemporaryDirectory(prefix="datasite-sqlite-") as work:
        path = Path(work) / "out.sqlite"
        database.finish(path)
        return path.read_bytes()


class Database:
    """A SQLite database built table by table (add_table), written by VACUUM INTO: in memory, or
    in a temporary file in the folder `work` (its memory then bounded by its page cache). Every
    statement runs in a thread of its own (SQLite lets go of the GIL while it inserts), a few
    tables' or chunks' rows waiting at most; errors are raised by the next call or by finish."""

    def __init__(self, names: set[str], work: Path | None = None) -> None:
        self.names = names  # the tables a foreign key may name
        self.work = Path(tempfile.mkdtemp(prefix=".sqlite-", dir=work)) if work else None
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="datasite-sqlite")
        self.waiting: deque[Future[None]] = deque()
        path = self.work / "build.sqlite" if self.work else ":memory:"
        # used by one thread at a time; URIs let copy attach a database read-only
        self.db = sqlite3.connect(path, check_same_thread=False, uri=True)
        self.db.execute("PRAGMA page_size = 4096")
        if self.work:  # a scratch file: nothing to recover after a crash
            self.db.execute("PRAGMA journal_mode = OFF")
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute("PRAGMA cache_size = -32768")  # 32 MiB

    def run(self, job: Callable[..., None], *args: Any) -> None:
        """job(*args) queued for the database's thread, once at most two jobs wait."""
        while len(self.waiting) >= 2:
            self.waiting.popleft().result()
        self.waiting.append(self.thread.submit(job, *args))

    def add_table(
        self, table: Table, texts: Sequence[list[str] | pl.Series], keys: list[ForeignKey]
    ) -> None:
        """The table with its typed columns, primary key and foreign keys, and its rows from the
        CSV's cells (one list or polars column per field)."""
        specs = table.schema.get("fields", [])
        columns = [
            f"{quote(f['name'])} {SQL_TYPES.get(f.get('type', 'string'), 'TEXT')}"
            + (" NOT NULL" if f.get("constraints", {}).get("required") else "")
            for f in specs
        ]
        key = table.primary_key
        if key:
            columns.append(f"PRIMARY KEY ({', '.join(map(quote, key))})")
        for fk in keys:
            target = fk.resource
            if target not in self.names:
                continue
            fields, refs = fk.fields, fk.target_fields
            columns.append(
                f"FOREIGN KEY ({', '.join(map(quote, fields))}) REFERENCES {quote(target)} "
                f"({', '.join(map(quote, refs))})"
            )
        create = f"CREATE TABLE {quote(table.name)} (\n  " + ",\n  ".join(columns) + "\n)"
        self.run(self.db.execute, create)
        self.add_rows(table, texts)

    def add_rows(self, table: Table, texts: Sequence[list[str] | pl.Series]) -> None:
        """Rows of a table added before, from the CSV's cells (one list or polars column per
        field), converted and inserted by the database's thread."""
        self.run(self.insert, table, texts)

    def insert(self, table: Table, texts: Sequence[list[str] | pl.Series]) -> None:
        header = table.field_names
        by_name = {f["name"]: published_field(f) for f in table.schema.get("fields", [])}
        values = [
            sql_column(by_name[name], column) for name, column in zip(header, texts, strict=True)
        ]
        marks = ", ".join("?" * len(header))
        self.db.executemany(
            f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, header))}) VALUES ({marks})",
            zip(*values, strict=True),
        )

    def copy_rows(self, table: Table, source: Path) -> None:
        """The rows of the same table in another database (package.reuse: same rows and schema),
        copied by SQLite in their order, by the database's thread; VACUUM INTO then writes the
        same bytes as for rows inserted one by one."""
        self.run(self.copy, table, source)

    def copy(self, table: Table, source: Path) -> None:
        self.db.commit()  # no ATTACH within a transaction
        self.db.execute("ATTACH DATABASE ? AS reused", (f"{source.resolve().as_uri()}?mode=ro",))
        try:
            name = quote(table.name)
            self.db.execute(f"INSERT INTO main.{name} SELECT * FROM reused.{name}")
            self.db.commit()
        finally:
            self.db.execute("DETACH DATABASE reused")

    def finish(self, path: Path) -> None:
        """The database written to path (which must not exist yet); the memory let go."""
        try:
            while self.waiting:  # every insert done, or its error raised, before any file
                self.waiting.popleft().result()
            self.thread.submit(self.vacuum, path).result()
        finally:
            self.close()

    def vacuum(self, path: Path) -> None:
        self.db.commit()
        self.db.execute("VACUUM INTO ?", (str(path),))

    def close(self) -> None:
        """The thread and the database let go (after an error too), the work folder removed."""
        for job in self.waiting:
            job.cancel()
        self.thread.shutdown(wait=True)
        self.waiting.clear()
        self.db.close()
        if self.work:
            shutil.rmtree(self.work, ignore_errors=True)


# The types whose cell is its text (None when empty) in JSON, SQLite and XLSX alike.
TYPED = ("list", "integer", "year", "number", "boolean")
SCALARS = frozenset({str, int, float, bool, type(None)})  # what the json module writes alike


def table_columns(table: Table, start: int = 0, stop: int | None = None) -> dict[str, list[Any]]:
    """Each field's values (text, or a list for a list field), in row order (rows start to
    stop): from the columns a large CSV is read into when the table still holds them, without
    making its rows."""
    names = list(dict.fromkeys(table.field_names))
    frame = text_frame(table, names, start, stop)
    if frame is not None:
        return {name: frame.get_column(name).to_list() for name in names}
    rows = table.rows[start:stop] if start or stop is not None else table.rows
    return {name: [row.values[name] for row in rows] for name in names}


def held_as_columns(table: Table) -> bool:
    """Whether the table's rows are held as columns (load.frames.FrameRows) holding every field."""
    rows = table.rows
    return isinstance(rows, FrameRows) and set(table.field_names) <= set(rows.compact.columns)


def text_frame(
    table: Table, names: Sequence[str] | None = None, start: int = 0, stop: int | None = None
) -> pl.DataFrame | None:
    """Some columns (every field's by default) of a table held as columns
    (load.frames.FrameRows), rows start to stop, as text (a list field as lists of text), cast
    from the compact columns: no text copy of the whole table is made or kept. None for rows
    held as a list, or columns that miss a field."""
    rows = table.rows
    if not held_as_columns(table):
        return None
    assert isinstance(rows, FrameRows)
    part = rows.compact.select(list(dict.fromkeys(table.field_names if names is None else names)))
    if start or stop is not None:
        part = part.slice(start, (len(rows) if stop is None else stop) - start)
    return as_text(part)


def only_text(values: Sequence[Any]) -> bool:
    """Whether every value is a str (no subclass)."""
    return set(map(type, values)) <= {str}


def mapped(convert: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """convert applied to each value, once per distinct text (a list field's lists one by one)."""
    if only_text(values):
        memo = {v: convert(v) for v in set(values)}
        return list(map(memo.__getitem__, values))
    return [convert(v) for v in values]


def text_columns(table: Table, columns: dict[str, list[Any]]) -> list[list[str]]:
    """The CSV's cells, one list per field: load.values.write of each value."""
    out = []
    for name in table.field_names:
        spec, values = table.field(name), columns[name]
        if spec.get("type") in ("boolean", "list") or not only_text(values):
            out.append(mapped(lambda v, spec=spec: write(spec, v), values))
        else:  # write gives a text its own text
            out.append(values)
    return out


def csv_bytes(names: list[str], texts: list[list[str]], height: int) -> bytes:
    """UTF-8 CSV of the header and the text columns.

    Rows end in "\\n", so Python's writer leaves a lone "\\r" in a cell unquoted, and every reader
    would split the row there: a row with a "\\r" in any cell is written with every cell quoted.
    """
    return csv_header(names) + csv_rows(texts, height)


def csv_header(names: list[str]) -> bytes:
    """The CSV's first line."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerow(names)
    return buffer.getvalue().encode("utf-8")


def csv_rows(texts: Sequence[list[str]], height: int) -> bytes:
    """The CSV's lines for these text columns (height rows; no column, no field), as csv_bytes
    writes them: rows written in pieces give the CSV written at once."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(zip(*texts, strict=True) if texts else [()] * height)
    if "\r" in buffer.getvalue():  # only a cell can hold one: write again row by row
        buffer.seek(0)
        buffer.truncate()
        quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
        for cells in zip(*texts, strict=True):
            (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
    return buffer.getvalue().encode("utf-8")


def json_bytes(table: Table, columns: dict[str, list[Any]]) -> bytes:
    """The table as a JSON array of objects (one space of indent per level), with numbers,
    booleans and lists typed; an empty list is null, as frictionless reads the CSV's empty cell
    and every other format holds it (json_pieces, put together)."""
    return b"".join(json_pieces(table, columns))


JSON_CHUNK = 65_536  # records encoded and assembled at a time


def json_pieces(table: Table, columns: dict[str, list[Any]]) -> Iterator[bytes]:
    """json_bytes in pieces, JSON_CHUNK records at a time: each column encoded at once by the
    json module's C encoder, and the records put together from the encoded cells by polars."""
    specs = json_fields(table)
    height = len(table.rows)
    if not specs or not height:
        yield json_empty(height)
        return
    yield b"[\n"
    for start in range(0, height, JSON_CHUNK):
        stop = min(start + JSON_CHUNK, height)
        chunk = {name: columns[name][start:stop] for name in specs}
        yield (",\n" if start else "").encode() + json_records(specs, chunk)
    yield b"\n]\n"


def json_empty(height: int) -> bytes:
    """The JSON of a table with no field (height empty objects) or no row."""
    return (json.dumps([{}] * height, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def json_fields(table: Table) -> dict[str, dict]:
    """The fields a JSON record holds, by name: as a dict of the record would, the last field of
    a name wins."""
    specs: dict[str, dict] = {}
    for spec in table.schema["fields"]:
        specs[spec["name"]] = spec
    return specs


def json_records(specs: dict[str, dict], columns: dict[str, list[Any]]) -> bytes:
    """Records of the JSON array (one or more, without the brackets; joined by a comma and a
    line feed): each column encoded by the json module's C encoder, put together by polars."""
    cells = [
        pl.Series(json_column(spec, columns[name]), dtype=pl.String) for name, spec in specs.items()
    ]
    return json_frame_records(specs, cells)


def json_column(spec: dict, values: list[Any]) -> list[str]:
    """A column's cells as JSON text, at the indent of a record's value."""
    kind = spec.get("type", "string")
    if kind in TYPED or not only_text(values):
        typed = mapped(lambda v: json_value(spec, v), values)
    else:  # read gives a text its own text, None when empty
        typed = [v or None for v in values]
    kinds = set(map(type, typed))
    if kinds <= SCALARS:
        return encoded(typed)
    flat: list[Any] = []
    sizes = []
    if kinds <= SCALARS | {list}:  # a list's items encoded with the column's other values
        for value in typed:
            if value.__class__ is list:
                sizes.append(len(value))
                flat.extend(value)
            else:
                sizes.append(-1)
                flat.append(value)
    if not sizes or not set(map(type, flat)) <= SCALARS:  # a subclass, a list in a list
        return [json.dumps(v, ensure_ascii=False, indent=1).replace("\n", "\n  ") for v in typed]
    items = iter(encoded(flat))
    return [
        next(items)
        if size < 0
        else "[\n   " + ",\n   ".join([next(items) for _ in range(size)]) + "\n  ]"
        if size
        else "[]"
        for size in sizes
    ]


def encoded(values: list[Any]) -> list[str]:
    """Each value (none a subclass, a list or a mapping) as the json module writes it: one
    call of its C encoder for them all. Encoded text holds no line feed: joined by one, the
    values split back into their cells."""
    if not values:
        return []
    return json.dumps(values, ensure_ascii=False, separators=("\n", ": "))[1:-1].split("\n")


def json_value(spec: dict, value: str | list[str]) -> Any:
    """A cell as JSON holds it: the value read, but null for an empty list."""
    typed = read(spec, value)
    return None if typed == [] else typed


# ---- a chunk of a table held as columns, written without making its cells Python values -------

# What the json module escapes in a text (ensure_ascii=False): a quote, a backslash, a control
# character; any other text is written as it is between quotes.
JSON_ESCAPED = r'[\x00-\x1f"\\]'
CSV_QUOTED = r'[,"\n]'  # what Python's csv writer quotes a cell for (lineterminator "\n")


def frame_chunk(table: Table, start: int, stop: int) -> pl.DataFrame | None:
    """The table's fields as text columns (a list field as lists of text), rows start to stop,
    when it is held as columns and its fields' names do not repeat (a record holds each name
    once); else None."""
    names = table.field_names
    if len(set(names)) != len(names):
        return None
    return text_frame(table, names, start, stop)


def text_cells(spec: dict, raw: pl.Series) -> pl.Series:
    """A column's CSV cells (load.values.write of each value), from its values held by polars:
    a list joined by its delimiter, a boolean TRUE or FALSE, any other text as it is."""
    if raw.dtype == pl.List(pl.String):
        return raw.list.join(spec.get("delimiter", ",")).fill_null("")
    raw = raw.fill_null("")
    if spec.get("type") != "boolean":
        return raw
    distinct = raw.unique()
    cells = [write(spec, v) for v in distinct.to_list()]
    return raw.replace_strict(distinct, pl.Series(cells, dtype=pl.String))


def csv_lines(texts: Sequence[pl.Series]) -> bytes:
    """csv_rows of polars text columns (at least one), built by polars: a cell holding a comma,
    a quote or a line feed quoted (its quotes doubled), a row's only cell quoted when empty, and
    every cell of a row holding a carriage return quoted."""
    frame = pl.DataFrame({f"c{i}": t for i, t in enumerate(texts)})
    columns = [pl.col(f"c{i}") for i in range(len(texts))]
    quoted = [
        pl.lit('"') + c.str.replace_all('"', '""', literal=True) + pl.lit('"') for c in columns
    ]
    cr = pl.any_horizontal([c.str.contains("\r", literal=True) for c in columns])
    cells = [
        pl.when(cr | c.str.contains(CSV_QUOTED) | ((c == "") if len(columns) == 1 else False))
        .then(q)
        .otherwise(c)
        for c, q in zip(columns, quoted, strict=True)
    ]
    line = pl.concat_str(cells, separator=",") + pl.lit("\n")
    return frame.select(line.str.join("").cast(pl.Binary)).item()  # UTF-8, no Python str


def json_cells(spec: dict, raw: pl.Series, texts: pl.Series) -> pl.Series:
    """json_column of a column held by polars (`texts`: its CSV cells): text written between
    quotes by polars, null when empty, and only text the json module would escape encoded by
    it; a typed value or a list encoded once per distinct value."""
    kind = spec.get("type", "string")
    if raw.dtype == pl.String:
        raw = raw.fill_null("")  # read gives None for an empty text alike
    if raw.dtype == pl.String and kind not in TYPED:
        escaped = raw.str.contains(JSON_ESCAPED)
        special = raw.filter(escaped).unique()
        encoded_special = raw.replace(
            special, pl.Series(encoded(special.to_list()), dtype=pl.String)
        )
        return pl.select(
            pl.when(raw == "")
            .then(pl.lit("null"))
            .when(escaped)
            .then(encoded_special)
            .otherwise(pl.lit('"') + raw + pl.lit('"'))
        ).to_series()
    if raw.dtype == pl.String:
        distinct = raw.unique()
        cells = json_column(spec, distinct.to_list())
        return raw.replace_strict(distinct, pl.Series(cells, dtype=pl.String))
    delimiter = spec.get("delimiter", ",")
    joinable = raw.dtype == pl.List(pl.String) and not (
        raw.list.eval(pl.element().str.contains(delimiter, literal=True) | (pl.element() == ""))
        .list.any()
        .any()
    )
    if not joinable:  # its CSV cell might not tell its list: each value encoded
        return pl.Series(json_column(spec, raw.to_list()), dtype=pl.String)
    # items without the delimiter and never empty: the joined text tells the list
    pairs = pl.DataFrame({"t": texts, "v": raw}).unique(subset="t", keep="first")
    cells = json_column(spec, pairs.get_column("v").to_list())
    return texts.replace_strict(pairs.get_column("t"), pl.Series(cells, dtype=pl.String))


def json_frame_records(specs: dict[str, dict], cells: Sequence[pl.Series]) -> bytes:
    """Records of the JSON array, as json_records writes them, from each field's encoded cells."""
    parts = [pl.lit(" {\n")]
    for i, name in enumerate(specs):
        key = json.dumps({name: 0}, ensure_ascii=False)[1:-4]  # the key as the encoder writes it
        parts += [pl.lit(("" if i == 0 else ",\n") + f"  {key}: "), pl.col(f"c{i}")]
    parts.append(pl.lit("\n }"))
    frame = pl.DataFrame({f"c{i}": c for i, c in enumerate(cells)})
    joined = pl.concat_str(parts).str.join(",\n").cast(pl.Binary)
    return frame.select(joined).item()  # UTF-8 bytes, never a Python str
