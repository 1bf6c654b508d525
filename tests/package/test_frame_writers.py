"""A table held as columns (load.frames.FrameRows) is written from polars columns throughout:
its CSV, JSON, Parquet and SQLite bytes are those of the same rows written from Python values,
on hostile cells; polars's quoting and escaping against Python's csv and json modules."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasite.load.frames import LINE, FrameRows
from datasite.model import Row, Table
from datasite.package.datapackage import public_schema, write_table
from datasite.package.writers import (
    Database,
    csv_lines,
    json_cells,
    parquet_bytes,
    text_cells,
)
from tests.package.test_writers import HOSTILE, TYPES, tables

# Text that Python's json and csv modules treat specially, and text that they do not.
NASTY = [
    *HOSTILE,
    "\x7f",
    "\u2028\u2029",
    "tab\there",
    "\x08\x0c",
    "back\\slash",
    'q"',
    "\x00",
    "é" * 3,
    "\ufeffbom",
    "\ud7ff\ue000",
    "😀,\n",
    *(f"a{chr(c)}" for c in range(32)),  # each control character on its own
]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))


def as_frame(table: Table) -> Table:
    """The same table, its rows held as columns as the loader holds a large CSV's."""
    columns = {}
    for spec in table.schema["fields"]:
        values = [row.values[spec["name"]] for row in table.rows]
        listed = spec.get("type") == "list"
        columns[spec["name"]] = pl.Series(values, dtype=pl.List(pl.String) if listed else pl.String)
    frame = pl.DataFrame(columns).with_columns(
        pl.Series(LINE, [row.line for row in table.rows], dtype=pl.Int64)
    )
    rows = FrameRows(frame, table.path, table.field_names)
    return Table(table.name, table.dataset, table.schema, table.schema_path, table.path, rows)


def written(table: Table, folder: Path) -> dict[str, bytes]:
    """The files write_table gives for the table, its Parquet file and its database."""
    folder.mkdir()
    database = Database({table.name}, folder)
    texts = write_table(table, folder, database)
    database.finish(folder / "t.sqlite")
    out = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    out["parquet"] = parquet_bytes(public_schema(table.schema), texts)
    out["texts"] = repr([t.to_list() for t in texts]).encode()
    return out


def same_files(table: Table, tmp_path: Path, name: str) -> None:
    framed = as_frame(table)
    assert isinstance(framed.rows, FrameRows)
    by_rows = written(table, tmp_path / f"{name}-rows")
    by_columns = written(framed, tmp_path / f"{name}-columns")
    assert by_columns.keys() == by_rows.keys()
    for key in by_rows:
        assert by_columns[key] == by_rows[key], key


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(table=tables())
def test_a_table_held_as_columns_gives_the_bytes_of_its_rows(table: Table, tmp_path_factory):
    if len(set(table.field_names)) != len(table.field_names):
        return
    same_files(table, tmp_path_factory.mktemp("t"), "t")


def test_every_hostile_cell_in_every_type_held_as_columns(tmp_path, monkeypatch):
    from datasite.package import datapackage

    monkeypatch.setattr(datapackage, "TABLE_CHUNK", 5)  # many chunks, each its own distinct set
    fields = [{"name": f"f{i}", **kind} for i, kind in enumerate(TYPES)]
    rows = [
        Row(
            {
                f["name"]: ([t.strip(), "x"] if t.strip() else []) if f.get("type") == "list" else t
                for f in fields
            },
            "t.csv",
            n + 2,
        )
        for n, t in enumerate(NASTY)
    ]
    same_files(Table("t", "d", {"fields": fields}, "s", "t.csv", rows), tmp_path, "all")
    # a list item holding its delimiter, or empty: the joined cell no longer tells the list
    odd = [
        Row({"f0": ["a,b"], "f1": ["a", "b"]}, "t.csv", 2),
        Row({"f0": [""], "f1": []}, "t.csv", 3),
    ]
    listed = [{"name": "f0", "type": "list"}, {"name": "f1", "type": "list"}]
    same_files(Table("o", "d", {"fields": listed}, "s", "o.csv", odd), tmp_path, "odd")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(text, min_size=1, max_size=4), min_size=1, max_size=6).filter(
    lambda rows: len({len(r) for r in rows}) == 1))  # fmt: skip
def test_csv_lines_are_what_pythons_csv_writer_writes(rows: list[list[str]]):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for cells in rows:
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
    columns = [pl.Series([r[i] for r in rows], dtype=pl.String) for i in range(len(rows[0]))]
    assert csv_lines(columns) == buffer.getvalue().encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.lists(text, max_size=8))
def test_json_text_cells_are_what_the_json_module_writes(values: list[str]):
    raw = pl.Series(values, dtype=pl.String)
    got = json_cells({"type": "string"}, raw, raw).to_list()
    assert got == [json.dumps(v or None, ensure_ascii=False) for v in values]


def test_each_nasty_text_is_encoded_as_the_json_module_encodes_it():
    raw = pl.Series(NASTY, dtype=pl.String)
    got = json_cells({"type": "string"}, raw, raw).to_list()
    assert got == [json.dumps(v or None, ensure_ascii=False) for v in NASTY]


def test_boolean_cells_are_written_true_or_false_whatever_the_word():
    spec = {"type": "boolean", "trueValues": ["si"], "falseValues": ["no"]}
    raw = pl.Series(["si", "no", "", "maybe", "si"], dtype=pl.String)
    assert text_cells(spec, raw).to_list() == ["TRUE", "FALSE", "", "maybe", "TRUE"]
    assert json_cells(spec, raw, text_cells(spec, raw)).to_list() == [
        "true",
        "false",
        "null",
        '"maybe"',
        "true",
    ]


def test_a_failed_insert_is_raised_by_finish_and_the_work_folder_removed(tmp_path):
    table = Table("t", "d", {"fields": [{"name": "id"}], "primaryKey": ["id"]}, "s", "t.csv", [])
    database = Database({"t"}, tmp_path)
    database.add_table(table, [["a", "a"]], [])  # the same key twice
    with pytest.raises(sqlite3.IntegrityError):
        database.finish(tmp_path / "out.sqlite")
    assert list(tmp_path.iterdir()) == []
