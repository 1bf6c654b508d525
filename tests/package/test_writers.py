"""The column writers (CSV, JSON, Parquet, SQLite) give exactly the bytes of the row-by-row
writers they replaced, kept here as the reference; hostile cells and generated data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from datasite.load.project import load_project
from datasite.load.values import published_field, read, sheet_value, sql_value, write
from datasite.model import Row, Table
from datasite.package.datapackage import keys_of, package_tables, public_schema, table_keys
from datasite.package.writers import (
    ESCAPE_MARK,
    EXCEL_MAX_ROWS,
    ILLEGAL_XML,
    csv_bytes,
    held_as_columns,
    json_bytes,
    parquet_bytes,
    parquet_column,
    quote,
    sheet_parts,
    split_notes,
    sql_column,
    sqlite_bytes,
    table_columns,
    text_columns,
    xlsx_bytes,
)

WHEN = dt.datetime(2026, 2, 1)

# ---- the reference: the row-by-row writers as they were before the column writers --------------


def reference_csv(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    names = table.field_names
    writer.writerow(names)
    for row in table.rows:
        cells = [write(table.field(n), row.values[n]) for n in names]
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
    return buffer.getvalue().encode("utf-8")


def reference_json_value(spec: dict, value: Any) -> Any:
    typed = read(spec, value)
    return None if typed == [] else typed


def reference_json(table: Table) -> bytes:
    specs = table.schema["fields"]
    records = [
        {f["name"]: reference_json_value(f, row.values[f["name"]]) for f in specs}
        for row in table.rows
    ]
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def reference_texts(csv_data: bytes) -> list[list[str]]:
    """The CSV's rows read back, header first (what the other writers were given)."""
    return list(csv.reader(io.StringIO(csv_data.decode("utf-8"), newline="")))


def reference_parquet(schema: dict, rows: list[list[str]]) -> bytes:
    import polars as pl

    specs = schema.get("fields", [])
    columns = [
        reference_parquet_column(spec, [row[i] for row in rows]) for i, spec in enumerate(specs)
    ]
    frame = pl.DataFrame(columns) if columns else pl.DataFrame()
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", statistics=True)
    return buffer.getvalue()


def reference_parquet_column(spec: dict, texts: list[str]) -> Any:
    import datetime as dt
    import re

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
    if kind == "date" and all(t == "" or re.match(r"^\d{4}-\d{2}-\d{2}$", t) for t in texts):
        try:
            days = [dt.date.fromisoformat(t) if t else None for t in texts]
        except ValueError:
            days = []
        if days or not texts:
            return pl.Series(name, days, dtype=pl.Date)
    return pl.Series(name, [t or None for t in texts], dtype=pl.String)


def reference_sqlite(tables: list[Table], texts: dict[str, list[list[str]]]) -> bytes:
    """The reference's inserts (no keys: the writer under test adds the same ones)."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("PRAGMA page_size = 4096")
        for table in tables:
            specs = table.schema.get("fields", [])
            types = {
                "integer": "INTEGER",
                "number": "REAL",
                "boolean": "INTEGER",
                "year": "INTEGER",
            }
            columns = [
                f"{quote(f['name'])} {types.get(f.get('type', 'string'), 'TEXT')}"
                + (" NOT NULL" if f.get("constraints", {}).get("required") else "")
                for f in specs
            ]
            if table.primary_key:
                columns.append(f"PRIMARY KEY ({', '.join(map(quote, table.primary_key))})")
            db.execute(f"CREATE TABLE {quote(table.name)} (\n  " + ",\n  ".join(columns) + "\n)")
            header, *rows = texts[table.name]
            by_name = {f["name"]: published_field(f) for f in specs}
            db.executemany(
                f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, header))}) VALUES "
                f"({', '.join('?' * len(header))})",
                [
                    [sql_value(by_name[n], v) for n, v in zip(header, row, strict=False)]
                    for row in rows
                ],
            )
        db.commit()
        with tempfile.TemporaryDirectory() as work:
            path = Path(work) / "out.sqlite"
            db.execute("VACUUM INTO ?", (str(path),))
            return path.read_bytes()
    finally:
        db.close()


# ---- the comparison ------------------------------------------------------------------------------


def assert_same_bytes(tables: list[Table]) -> None:
    """Every column writer against its reference, table by table, and one SQLite database."""
    texts = {}
    for table in tables:
        columns = table_columns(table)
        cells = text_columns(table, columns)
        new_csv = csv_bytes(table.field_names, cells, len(table.rows))
        old_csv = reference_csv(table)
        assert new_csv == old_csv, table.name
        assert json_bytes(table, columns) == reference_json(table), table.name
        rows = reference_texts(old_csv)[1:]
        assert [list(r) for r in zip(*cells, strict=True)] == rows, table.name
        schema = public_schema(table.schema)
        assert parquet_bytes(schema, cells) == reference_parquet(schema, rows), table.name
        texts[table.name] = cells
    old = reference_sqlite(tables, {t.name: reference_texts(reference_csv(t)) for t in tables})
    assert sqlite_bytes(tables, texts, {}) == old


HOSTILE = [
    "",
    " ",
    "  padded  ",
    "a\rb",
    "a\r\nb",
    "line\nbreak",
    'say "hi"',
    '"',
    "a,b",
    "a;b",
    "=1+1",
    "+SUM(A1)",
    "-2",
    "@cmd",
    "ñandú Ω 日本 🙂",
    "\u2028\u00a0x",
    "_x000D_",
    "1e5",
    "-0",
    "0.10",
    "1E400",
    "NaN",
    "-inf",
    "99999999999999999999999",
    " 42 ",
    "42",
    "3.5",
    "true",
    "TRUE",
    "False",
    "1",
    "0",
    "si",
    "no",
    "2026",
    "0999",
    "2026-01-02",
    "1899-12-31",
    "1900-02-28",
    "2026-02-30",
    "2026-01",
    "2026-01-02T10:00:00Z",
    "\x00\x1f",
    "\\",
]
TYPES = [
    {"type": "string"},
    {"type": "integer"},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "boolean", "trueValues": ["si"], "falseValues": ["no"]},
    {"type": "year"},
    {"type": "date"},
    {"type": "datetime"},
    {"type": "list", "delimiter": ";"},
    {"type": "list"},
    {},
]
cell = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8))
item = st.text(min_size=1, max_size=6).map(str.strip).filter(bool)


@st.composite
def tables(draw) -> Table:
    kinds = draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=5))
    fields = [{"name": f"f{i}", **kind} for i, kind in enumerate(kinds)]
    height = draw(st.integers(0, 6))
    rows = []
    for n in range(height):
        values = {
            f["name"]: draw(st.lists(st.one_of(item, st.sampled_from(HOSTILE[2:])), max_size=3))
            if f.get("type") == "list"
            else draw(cell)
            for f in fields
        }
        rows.append(Row(values, "t.csv", n + 2))
    return Table("t", "d", {"fields": fields}, "s", "t.csv", rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_column_writers_give_the_reference_bytes_on_hostile_cells(table: Table):
    assert_same_bytes([table])


def hostile_table() -> Table:
    """A field of every type, a row per hostile text (a list field's cell an empty list)."""
    fields = [{"name": f"f{i}", **kind} for i, kind in enumerate(TYPES)]
    rows = [
        Row({f["name"]: [] if f.get("type") == "list" else text for f in fields}, "t.csv", n + 2)
        for n, text in enumerate(HOSTILE)
    ]
    return Table("t", "d", {"fields": fields}, "s", "t.csv", rows)


def test_every_hostile_cell_in_every_type():
    fields = [{"name": f"f{i}", **kind} for i, kind in enumerate(TYPES)]
    rows = [
        Row(
            {
                f["name"]: ([text.strip()] if text.strip() else [])
                if f.get("type") == "list"
                else text
                for f in fields
            },
            "t.csv",
            n + 2,
        )
        for n, text in enumerate(HOSTILE)
    ]
    assert_same_bytes([Table("t", "d", {"fields": fields}, "s", "t.csv", rows)])


def test_empty_tables_and_duplicate_names():
    empty = Table("e", "d", {"fields": [{"name": "a", "type": "integer"}]}, "s", "e.csv", [])
    twice = Table(
        "twice",
        "d",
        {"fields": [{"name": "a", "type": "string"}, {"name": "a", "type": "integer"}]},
        "s",
        "t.csv",
        [Row({"a": "7"}, "t.csv", 2), Row({"a": ""}, "t.csv", 3)],
    )
    for table in (empty, twice):
        columns = table_columns(table)
        cells = text_columns(table, columns)
        assert csv_bytes(table.field_names, cells, len(table.rows)) == reference_csv(table)
        assert json_bytes(table, columns) == reference_json(table)


def test_column_helpers_convert_each_distinct_value_as_the_cell_functions_do():
    spec = {"name": "n", "type": "number"}
    texts = ["1e5", "-0", "0.10", "", "1e5"]
    assert sql_column(spec, texts) == [sql_value(spec, t) for t in texts]
    assert parquet_column(spec, texts).to_list() == [100000.0, 0.0, 0.1, None, 100000.0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    corpus = generate(tmp_path_factory.mktemp("gen") / "project", 1500, fixed={"facilities": 6})
    project, issues = load_project(corpus.root)
    assert issues == []
    return project


def test_keys_read_from_columns_are_the_keys_read_from_rows(tmp_path, monkeypatch):
    """table_keys (polars: each distinct value once) against keys_of (row by row), on every
    CSV table held as columns, list fields among them."""
    monkeypatch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)
    corpus = generate(tmp_path / "project", 400, fixed={"facilities": 6})
    project, issues = load_project(corpus.root)
    assert issues == []
    checked = set()
    for table in project.tables().values():
        for fk in table.foreign_keys:
            if len(fk.fields) == 1 and held_as_columns(table):
                assert table_keys(table, fk.fields) == keys_of(table.rows, fk.fields)
                checked.add(fk.list_field)
    assert checked == {True, False}


def test_column_writers_give_the_reference_bytes_on_generated_data(generated):
    for dataset in generated.datasets.values():
        assert_same_bytes(package_tables(generated, dataset))


# ---- XLSX: written directly, read back with openpyxl ---------------------------------------------


def workbook(tables: list[Table], max_rows: int = EXCEL_MAX_ROWS, when=None):
    from openpyxl import load_workbook

    texts = {t.name: text_columns(t, table_columns(t)) for t in tables}
    data = xlsx_bytes(
        tables, texts, lambda spec: spec.get("description", ""), when or WHEN, max_rows
    )
    return data, load_workbook(io.BytesIO(data))


def expected_cell(spec: dict, text: str) -> Any:
    """What openpyxl reads from a cell: sheet_value's value, a date as midnight of its day. Text
    of the form _xHHHH_ is escaped as _x005F_xHHHH_, which Excel and LibreOffice read back as
    the text and openpyxl leaves as it is in an inline string."""
    value = sheet_value(published_field(spec), text)
    if isinstance(value, str):
        return ESCAPE_MARK.sub("_x005F_", ILLEGAL_XML.sub("\ufffd", value))
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value


def test_xlsx_cells_read_back_with_their_types_and_text_exactly():
    table = hostile_table()
    fields = table.schema["fields"]
    _, book = workbook([table])
    sheet = book["t"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == table.field_names
    assert sheet.max_row == len(HOSTILE) + 1 and sheet.max_column == len(fields)
    texts = text_columns(table, table_columns(table))
    for i, spec in enumerate(fields):
        got = [sheet.cell(row=n + 2, column=i + 1).value for n in range(len(HOSTILE))]
        assert got == [expected_cell(spec, t) for t in texts[i]], spec
    # text that looks like a formula, a number or an escape stays that text
    strings = [sheet.cell(row=n + 2, column=1) for n in range(len(HOSTILE))]
    assert all(c.data_type == "s" for c in strings if c.value is not None)
    assert {"=1+1", "a\rb", "a\r\nb", "  padded  ", "_x005F_x000D_", "1e5"} <= {
        c.value for c in strings
    }
    days = [sheet.cell(row=n + 2, column=7) for n in range(len(HOSTILE))]
    assert {c.number_format for c in days if isinstance(c.value, dt.datetime)} == {"yyyy-mm-dd"}


def test_xlsx_bytes_are_deterministic_and_dated_by_the_version():
    table = Table(
        "t", "d", {"fields": [{"name": "a"}]}, "s", "t.csv", [Row({"a": "x"}, "t.csv", 2)]
    )
    first, book = workbook([table])
    assert workbook([table])[0] == first
    assert book.properties.created == WHEN and book.properties.modified == WHEN
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time for i in archive.infolist()} == {(2026, 2, 1, 0, 0, 0)}
    later = workbook([table], when=dt.datetime(2026, 3, 1))[0]
    assert later != first


def test_xlsx_holds_the_same_values_as_the_openpyxl_writer_on_generated_data(generated):
    """The reference: openpyxl's write-only workbook, as the build wrote it before."""
    from openpyxl import Workbook, load_workbook

    for dataset in generated.datasets.values():
        tables = package_tables(generated, dataset)
        _, book = workbook(tables)
        old = Workbook(write_only=True)
        for table in tables:
            sheet = old.create_sheet(table.name)
            specs = {f["name"]: published_field(f) for f in table.schema["fields"]}
            columns = text_columns(table, table_columns(table))
            sheet.append(table.field_names)
            for cells in zip(*columns, strict=True):
                sheet.append(
                    [
                        sheet_value(specs[n], c)
                        for n, c in zip(table.field_names, cells, strict=True)
                    ]
                )
        buffer = io.BytesIO()
        old.save(buffer)
        reference = load_workbook(buffer)
        assert book.sheetnames == [*reference.sheetnames, "fields"]
        for name in reference.sheetnames:
            assert list(book[name].values) == list(reference[name].values), name


def test_a_table_longer_than_a_sheet_is_split_over_sheets_with_a_note():
    fields = [{"name": "n", "type": "integer"}]
    long = Table("long", "d", {"fields": fields}, "s", "l.csv", [
        Row({"n": str(i)}, "l.csv", i + 2) for i in range(7)
    ])  # fmt: skip
    short = Table("short", "d", {"fields": fields}, "s", "s.csv", [Row({"n": "1"}, "s.csv", 2)])
    _, book = workbook([long, short], max_rows=4)  # 3 rows under each header
    assert book.sheetnames == ["long", "long~2", "long~3", "short", "fields", "notes"]
    assert [[c.value for c in row] for row in book["long"].iter_rows()] == [["n"], [0], [1], [2]]
    assert [r[0] for r in book["long~2"].values] == ["n", 3, 4, 5]
    assert [r[0] for r in book["long~3"].values] == ["n", 6]
    assert all(book[s].freeze_panes == "A2" for s in ("long", "long~2", "long~3"))
    assert list(book["fields"].values)[1][:2] == ("long", "long, long~2, long~3")
    header, note = list(book["notes"].values)
    assert header == ("note", "nota")
    assert note[0].startswith("long: 7 rows, more than one Excel sheet holds (3 under its header)")
    assert "long, long~2, long~3" in note[0] and "long, long~2, long~3" in note[1]
    assert note[1].startswith("long: 7 filas")
    # fits exactly: no split, no notes
    _, book = workbook([short], max_rows=2)
    assert book.sheetnames == ["short", "fields"]


def test_sheet_parts_names_are_unique_and_at_most_31_characters():
    name = "a_table_name_that_is_far_too_long_for_excel"
    parts = sheet_parts([(name, 25), (name, 1), ("fields", 0)], max_rows=11)
    sheets = [p.sheet for p in parts]
    assert sheets == [name[:31], f"{name[:29]}~2", f"{name[:29]}~3", f"{name[:29]}~4", "fields~2"]
    assert [(p.start, p.stop) for p in parts] == [(0, 10), (10, 20), (20, 25), (0, 1), (0, 0)]
    assert split_notes([("x", 20)], "es", max_rows=11)[0].startswith("x: 20 filas")
    assert "1.048.575" in split_notes([("x", 2_000_000)], "es")[0]
    assert "1,048,575" in split_notes([("x", 2_000_000)], "en")[0]


def test_the_readme_and_the_descriptor_say_when_a_table_is_split(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from datasite.package import writers
    from datasite.package.datapackage import package_payload
    from tests.conftest import make_project

    project, issues = load_project(make_project(tmp_path / "project"))
    assert issues == []
    monkeypatch.setattr(writers, "EXCEL_MAX_ROWS", 3)  # two rows under each header
    dataset = project.datasets["releases"]
    tallies = len(project.tables()["tallies"].rows)
    assert tallies > 2
    payload, info = package_payload(project, dataset, "9.0.0", dt.date(2026, 2, 1), None, None)
    assert any(n.startswith(f"tallies: {tallies} rows") for n in info.workbook_notes["en"])
    assert any(n.startswith(f"tallies: {tallies} filas") for n in info.workbook_notes["es"])
    book = load_workbook(io.BytesIO(payload["releases.xlsx"]))
    assert {"tallies", "tallies~2", "notes"} <= set(book.sheetnames)
    readme = payload["README.md"].decode()
    assert (
        f"tallies: {tallies} rows, more than one Excel sheet holds (2 under its header)" in readme
    )
    assert f"tallies: {tallies} filas, más de las que caben en una hoja de Excel" in readme
    descriptor = json.loads(payload["datapackage.json"])
    (workbook,) = [r for r in descriptor["resources"] if r["path"] == "releases.xlsx"]
    assert "tallies: " in workbook["description"] and "tallies~2" in workbook["description"]


def test_keys_of_gives_each_rows_referenced_keys(generated):
    from datasite.package.datapackage import keys_of, referenced_keys

    rows = [
        Row({"a": ["x", "y"], "b": "", "c": "1"}, "t.csv", 2),
        Row({"a": [], "b": "k", "c": ""}, "t.csv", 3),
    ]
    checked = [(rows, ["a"]), (rows, ["b"]), (rows, ["b", "c"])]
    checked += [(t.rows, fk.fields) for t in generated.tables().values() for fk in t.foreign_keys]
    for table_rows, fields in checked:
        assert keys_of(table_rows, fields) == set().union(
            *(referenced_keys(r, fields) for r in table_rows)
        ), fields


def test_a_zip_entry_in_pieces_is_the_same_bytes_as_in_one_piece():
    from datasite.package.writers import deterministic_zip

    data = b"".join(f"<row r='{n}'>{n * 7919 % 1000}</row>".encode() for n in range(20000))
    pieces = [data[i : i + 4096] for i in range(0, len(data), 4096)]
    day = dt.date(2026, 2, 1)
    for level in (1, 6, 9):
        whole = deterministic_zip([("a.xml", data)], day, level)
        assert deterministic_zip([("a.xml", iter(pieces))], day, level) == whole
    assert len(deterministic_zip([("a.xml", data)], day, 1)) > len(whole)  # the level is used


def test_a_sheet_written_in_small_chunks_is_the_same_workbook(monkeypatch):
    from datasite.package import writers

    table = hostile_table()
    whole, _ = workbook([table], max_rows=20)
    monkeypatch.setattr(writers, "SHEET_CHUNK", 3)
    chunked, book = workbook([table], max_rows=20)
    assert chunked == whole
    assert book.sheetnames == ["t", "t~2", "t~3", "fields", "notes"]


# ---- streamed package files: zips by zipfile's rules, JSON in pieces, tables held as columns ----


def reference_zip(entries: list[tuple[str, bytes]], day: dt.date, level: int) -> bytes:
    """The zips as zipfile wrote them before write_zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in entries:
            entry = zipfile.ZipInfo(
                name, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0)
            )
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content, compresslevel=level)
    return out.getvalue()


def test_write_zip_gives_the_bytes_zipfile_wrote():
    from datasite.package.writers import deterministic_zip

    noise = bytes((n * 7919 + n // 13) % 251 for n in range(300_000))
    entries = [
        ("pkg/a.csv", noise),
        ("pkg/vacío.txt", b""),  # a name beyond ASCII is flagged UTF-8
        ("pkg/b.json", b'{"x": 1}\n' * 50_000),
    ]
    for day in (dt.date(2026, 2, 1), dt.date(1975, 12, 31), dt.datetime(2031, 7, 9)):
        for level in (1, 6, 9):
            assert deterministic_zip(entries, day, level) == reference_zip(entries, day, level)
    archive = zipfile.ZipFile(io.BytesIO(deterministic_zip(entries, dt.date(2026, 2, 1))))
    assert archive.testzip() is None
    assert [archive.read(name) for name, _ in entries] == [data for _, data in entries]


def test_json_in_pieces_is_the_same_json(monkeypatch):
    from datasite.package import writers

    table = hostile_table()
    monkeypatch.setattr(writers, "JSON_CHUNK", 3)
    assert len(table.rows) > 3 * writers.JSON_CHUNK
    pieces = list(writers.json_pieces(table, table_columns(table)))
    assert len(pieces) > 3
    assert b"".join(pieces) == reference_json(table)


def test_tables_held_as_columns_and_written_in_pieces_give_the_same_package_without_rows(
    tmp_path_factory, monkeypatch
):
    from datasite.load import project as load
    from datasite.load.frames import FrameRows
    from datasite.package import datapackage
    from datasite.package.datapackage import package_payload

    corpus = generate(tmp_path_factory.mktemp("gen") / "project", 1500, fixed={"facilities": 6})
    as_rows, issues = load_project(corpus.root)
    assert issues == []
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)  # every CSV read into columns
    as_columns, issues = load_project(corpus.root)
    assert issues == []
    framed = [t for t in as_columns.tables().values() if isinstance(t.rows, FrameRows)]
    assert len(framed) >= 5
    day = dt.date(2026, 2, 1)
    for name, dataset in as_columns.datasets.items():
        reference, _ = package_payload(as_rows, as_rows.datasets[name], "9.0.0", day, None, None)
        with monkeypatch.context() as patch:
            patch.setattr(datapackage, "TABLE_CHUNK", 7)  # every table written in many pieces
            payload, _ = package_payload(as_columns, dataset, "9.0.0", day, None, None)
        assert payload == reference, name
    assert all(t.rows._rows is None for t in framed)  # no Row made for any of it
