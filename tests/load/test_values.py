"""Every field type reads back the same value from each download format's real bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from datasite.load import values
from datasite.model import Row, Table
from datasite.package.datapackage import table_csv, table_json
from datasite.package.versions import state_from_table
from datasite.package.writers import sqlite_bytes, table_columns, text_columns, xlsx_bytes
from datasite.render.browse import table_chunks
from tests.conftest import REPO

FIELDS = [
    {"name": "id", "type": "string"},
    {"name": "whole", "type": "integer"},
    {"name": "amount", "type": "number"},
    {"name": "flag", "type": "boolean"},
    {"name": "si", "type": "boolean", "trueValues": ["si"], "falseValues": ["no"]},
    {"name": "year", "type": "year"},
    {"name": "day", "type": "date"},
    {"name": "moment", "type": "datetime"},
    {"name": "clock", "type": "time"},
    {"name": "link", "type": "string", "format": "uri"},
    {"name": "tags", "type": "list", "delimiter": ";"},
]
TEXTS = [
    ["a", "42", "2.5", "true", "si", "2024", "2024-05-01", "2024-05-01T10:00:00Z", "10:30:00",
     "https://example.org/a", ["x", "y"]],
    ["b", "-7", "3", "false", "no", "1999", "1999-12-31", "1999-12-31T23:59:59Z", "00:00:00",
     "", ["z"]],
    ["c", "", "", "", "", "", "", "", "", "", []],
]  # fmt: skip
# What each row's values are, written out: the reader must give exactly these.
EXPECTED = [
    ["a", 42, 2.5, True, True, 2024, "2024-05-01", "2024-05-01T10:00:00Z", "10:30:00",
     "https://example.org/a", ["x", "y"]],
    ["b", -7, 3, False, False, 1999, "1999-12-31", "1999-12-31T23:59:59Z", "00:00:00",
     None, ["z"]],
    ["c", None, None, None, None, None, None, None, None, None, []],
]  # fmt: skip
NAMES = [f["name"] for f in FIELDS]
SPECS = {f["name"]: f for f in FIELDS}


def things() -> Table:
    rows = [
        Row(dict(zip(NAMES, cells, strict=True)), "things.csv", i + 2)
        for i, cells in enumerate(TEXTS)
    ]
    return Table("things", "d", {"fields": FIELDS, "primaryKey": ["id"]}, "s", "things.csv", rows)


def read_back(name: str, cell: object) -> object:
    """A format's cell as a value: text through the published field's reader (a boolean TRUE
    or FALSE), 0/1 in a boolean as one, a sheet's date as its ISO text."""
    if isinstance(cell, str) or (cell is None and SPECS[name]["type"] == "list"):
        return values.read(values.published_field(SPECS[name]), cell or "")
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if SPECS[name]["type"] == "boolean" and cell is not None:
        assert cell in (0, 1)
        return bool(cell)
    return cell


def same(rows: list[list], where: str) -> None:
    got = [[read_back(n, c) for n, c in zip(NAMES, row, strict=True)] for row in rows]
    assert got == EXPECTED, where
    for row, wanted in zip(got, EXPECTED, strict=True):  # 2024 and "2024" differ; 3 and 3.0 do not
        assert [type(v) is str for v in row] == [type(v) is str for v in wanted], where


@pytest.fixture(scope="module")
def downloads() -> dict[str, bytes]:
    table = things()
    csv_bytes = table_csv(table)
    texts = {"things": text_columns(table, table_columns(table))}
    when = dt.datetime(2026, 2, 1)
    return {
        "csv": csv_bytes,
        "json": table_json(table),
        "xlsx": xlsx_bytes([table], texts, lambda spec: "", when),
        "sqlite": sqlite_bytes([table], texts, {}),
    }


def test_the_reader_gives_each_type_its_value():
    assert [
        [values.read(SPECS[n], c) for n, c in zip(NAMES, row, strict=True)] for row in TEXTS
    ] == EXPECTED


def test_csv_holds_the_text_every_type_reads_back_from(downloads):
    header, *rows = csv.reader(io.StringIO(downloads["csv"].decode("utf-8"), newline=""))
    assert header == NAMES
    assert rows[0][NAMES.index("tags")] == "x;y"
    # Every boolean is TRUE or FALSE, whatever the data's words ("si", "no"): R reads them.
    assert [r[NAMES.index("flag")] for r in rows] == ["TRUE", "FALSE", ""]
    assert [r[NAMES.index("si")] for r in rows] == ["TRUE", "FALSE", ""]
    same(rows, "csv")


def test_json_holds_every_type_typed(downloads):
    records = json.loads(downloads["json"])
    assert records[0]["year"] == 2024 and records[0]["flag"] is True
    same([[r[n] for n in NAMES] for r in records], "json")


def test_xlsx_holds_every_type_typed(downloads, tmp_path: Path):
    path = tmp_path / "things.xlsx"
    path.write_bytes(downloads["xlsx"])
    sheet = load_workbook(path)["things"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header == NAMES
    assert rows[0][NAMES.index("year")] == 2024 and rows[0][NAMES.index("si")] is True
    assert rows[1][NAMES.index("flag")] is False
    assert rows[0][NAMES.index("day")] == dt.datetime(2024, 5, 1)
    assert sheet.cell(2, NAMES.index("day") + 1).number_format == "yyyy-mm-dd"
    same(rows, "xlsx")


def test_sqlite_holds_every_type_typed(downloads, tmp_path: Path):
    path = tmp_path / "things.sqlite"
    path.write_bytes(downloads["sqlite"])
    db = sqlite3.connect(path)
    try:
        rows = [list(r) for r in db.execute('SELECT * FROM "things" ORDER BY "id"')]
        kinds = db.execute(
            'SELECT typeof("year"), typeof("whole") FROM "things" LIMIT 1'
        ).fetchone()
    finally:
        db.close()
    assert kinds == ("integer", "integer")
    same(rows, "sqlite")


def test_the_browse_pages_and_the_diff_read_and_write_alike():
    table = things()
    [chunk] = table_chunks(table)
    same(chunk["rows"], "browse")
    state = state_from_table(table)
    assert state.rows[("a",)]["tags"] == "x;y" and state.rows[("c",)]["whole"] == ""


def test_partial_dates_read_at_their_precision():
    assert values.read_partial_date("2024") == values.PartialDate(2024, None, None)
    assert values.read_partial_date("2024-02").precision == "month"
    day = values.read_partial_date("2024-02-29")
    assert (day.precision, day.earliest()) == ("day", dt.date(2024, 2, 29))
    with pytest.raises(ValueError):
        values.read_partial_date("2023-02-29").earliest()
    assert [values.read_partial_date(t) for t in ("24", "2024-2", "2024/02/01", "")] == [None] * 4


def test_foreign_keys_are_parsed_once_with_their_target_and_list_flag():
    from datasite.model import ForeignKey

    schema = {
        "fields": [{"name": "source"}, {"name": "places", "type": "list"}],
        "foreignKeys": [
            {"fields": "source", "reference": {"resource": "sources", "fields": "id"}},
            {"fields": ["places"], "reference": {"fields": ["id"]}},
        ],
    }
    table = Table("events", "d", schema, "s", "events.csv")
    assert table.foreign_keys == [
        ForeignKey(["source"], "sources", ["id"], False, schema["foreignKeys"][0]),
        ForeignKey(["places"], "events", ["id"], True, schema["foreignKeys"][1]),
    ]


def test_only_the_parsers_read_foreign_keys_and_partial_dates():
    # Validation of the raw schema (load/project.py) and the version diff, which compares the
    # keys as written, read the descriptor itself; everything else goes through the parsers.
    package = REPO / "datasite"
    readers = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if '.get("foreignKeys"' in p.read_text(encoding="utf-8")
    }
    assert readers == {"model.py", "load/project.py", "package/versions.py"}
    splitters = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if 'value.split("-")' in p.read_text(encoding="utf-8")
    }
    assert splitters == set()
