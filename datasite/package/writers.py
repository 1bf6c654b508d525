"""Deterministic XLSX and SQLite copies of a package's tables: same rows, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from datasite.load.values import published_field, sheet_value, sql_value
from datasite.model import ForeignKey, Table

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "year": "INTEGER"}
# XML 1.0 cannot hold these control characters; openpyxl refuses them.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def sheet_names(tables: list[Table]) -> list[str]:
    """Excel sheet names: at most 31 characters and unique."""
    names: list[str] = []
    for table in tables:
        base, name, n = table.name[:31], table.name[:31], 1
        while name in names or name == "fields":
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
        names.append(name)
    return names


def xlsx_bytes(
    tables: list[Table], texts: dict[str, list[list[str]]], field_text: Any, when: dt.datetime
) -> bytes:
    """One sheet per table plus a `fields` sheet; texts[table] is the CSV's header and rows.

    Written in openpyxl's write-only mode: rows stream out instead of living in memory as cells.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sizes: list[tuple[int, int]] = []  # each sheet's columns and rows, for its <dimension>
    for table, sheet_name in zip(tables, sheet_names(tables), strict=False):
        sheet = book.create_sheet(sheet_name)
        sheet.freeze_panes = "A2"
        # texts are the CSV's: read by the published schema (booleans TRUE or FALSE)
        specs = {f["name"]: published_field(f) for f in table.schema.get("fields", [])}
        header, *rows = texts[table.name]
        sizes.append((len(header), 1 + len(rows)))
        sheet.append([text_cell(sheet, name) for name in header])
        kinds = [specs[name] for name in header]
        for row in rows:
            sheet.append(
                [
                    typed_cell(sheet, value)
                    for value in (
                        sheet_value(spec, text) for spec, text in zip(kinds, row, strict=False)
                    )
                ]
            )
    fields = book.create_sheet("fields")
    fields.append(
        [
            text_cell(fields, name)
            for name in ("table", "sheet", "field", "type", "required", "description")
        ]
    )
    for table, sheet_name in zip(tables, sheet_names(tables), strict=False):
        for spec in table.schema.get("fields", []):
            row = [
                table.name,
                sheet_name,
                spec["name"],
                spec.get("type", "string"),
                "yes" if spec.get("constraints", {}).get("required") else "",
                field_text(spec),
            ]
            fields.append([text_cell(fields, value) for value in row])
    sizes.append((6, 1 + sum(len(t.schema.get("fields", [])) for t in tables)))
    book.properties.creator = "datasite"
    book.properties.created = when
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), when, sizes)


def text_cell(sheet: Any, value: str) -> Any:
    """A text cell that stays text: never a formula, even when it starts with =."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=ILLEGAL_XML.sub("\ufffd", value))
    cell.data_type = "s"
    return cell


def typed_cell(sheet: Any, value: Any) -> Any:
    """A cell of its value's type: text stays text, a date shows as YYYY-MM-DD."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        return text_cell(sheet, value)
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def parquet_bytes(table: Table, schema: dict, rows: list[list[str]]) -> bytes:
    """The table as Parquet: one typed column per field (see parquet_column), zstd-compressed;
    same rows, same bytes for one polars version."""
    import polars as pl

    specs = schema.get("fields", [])
    columns = [parquet_column(spec, [row[i] for row in rows]) for i, spec in enumerate(specs)]
    frame = pl.DataFrame(columns) if columns else pl.DataFrame()
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", statistics=True)
    return buffer.getvalue()


def parquet_column(spec: dict, texts: list[str]) -> Any:
    """One column: integers (a year too) as Int64, numbers as Float64, booleans as Boolean, a date
    field as Date, a list as a list of strings, anything else (partial dates too) as text; an empty
    cell or an empty list is null. A value its type cannot hold (an integer beyond 64 bits) keeps
    the whole column as text."""
    import polars as pl

    name, kind = spec["name"], spec.get("type", "string")
    values = [sql_value(spec, text) if text != "" else None for text in texts]
    if kind == "list":
        delimiter = spec.get("delimiter", ",")
        items = [[i.strip() for i in t.split(delimiter) if i.strip()] or None for t in texts]
        return pl.Series(name, items, dtype=pl.List(pl.String))
    wanted = {
        "integer": (int, pl.Int64),
        "year": (int, pl.Int64),
        "number": ((int, float), pl.Float64),
        "boolean": (int, pl.Boolean),
    }.get(kind)
    if wanted and all(v is None or isinstance(v, wanted[0]) for v in values):
        if kind == "boolean":
            values = [None if v is None else bool(v) for v in values]
        return pl.Series(name, values, dtype=wanted[1])
    if kind == "date" and all(t == "" or DAY.match(t) for t in texts):
        try:
            days = [dt.date.fromisoformat(t) if t else None for t in texts]
        except ValueError:
            days = []
        if days or not texts:
            return pl.Series(name, days, dtype=pl.Date)
    return pl.Series(name, [t or None for t in texts], dtype=pl.String)


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


def deterministic_zip(entries: Iterable[tuple[str, bytes]], day: dt.date) -> bytes:
    """A zip of (name, bytes) entries in the given order; same entries, same bytes: each dated
    midnight of day (zip dates start in 1980), mode 644, deflated at level 9."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            entry = zipfile.ZipInfo(
                name, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0)
            )
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content, compresslevel=9)
    return out.getvalue()


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_bytes(
    tables: list[Table],
    texts: dict[str, list[list[str]]],
    foreign_keys: dict[str, list[ForeignKey]],
) -> bytes:
    """A SQLite database: typed columns, primary and foreign keys; built in memory, VACUUM INTO."""
    names = {t.name for t in tables}
    db = sqlite3.connect(":memory:")
    try:
        db.execute("PRAGMA page_size = 4096")
        for table in tables:
            specs = table.schema.get("fields", [])
            columns = [
                f"{quote(f['name'])} {SQL_TYPES.get(f.get('type', 'string'), 'TEXT')}"
                + (" NOT NULL" if f.get("constraints", {}).get("required") else "")
                for f in specs
            ]
            key = table.primary_key
            if key:
                columns.append(f"PRIMARY KEY ({', '.join(map(quote, key))})")
            for fk in foreign_keys.get(table.name, []):
                target = fk.resource
                if target not in names:
                    continue
                fields, refs = fk.fields, fk.target_fields
                columns.append(
                    f"FOREIGN KEY ({', '.join(map(quote, fields))}) REFERENCES {quote(target)} "
                    f"({', '.join(map(quote, refs))})"
                )
            db.execute(f"CREATE TABLE {quote(table.name)} (\n  " + ",\n  ".join(columns) + "\n)")
            header, *rows = texts[table.name]
            by_name = {f["name"]: published_field(f) for f in specs}
            marks = ", ".join("?" * len(header))
            db.executemany(
                f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, header))}) VALUES "
                f"({marks})",
                [
                    [sql_value(by_name[n], v) for n, v in zip(header, row, strict=False)]
                    for row in rows
                ],
            )
        db.commit()
        with tempfile.TemporaryDirectory(prefix="datasite-sqlite-") as work:
            path = Path(work) / "out.sqlite"
            db.execute("VACUUM INTO ?", (str(path),))
            return path.read_bytes()
    finally:
        db.close()
