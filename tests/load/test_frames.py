"""Reading CSV into columns gives exactly what the row-by-row reader gives, or is not used."""

from __future__ import annotations

import csv
import gc
import io
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasite.check.polars_regex import _PY_SPACE
from datasite.issues import DataError
from datasite.load import frames
from datasite.load import project as load
from datasite.load.frames import WHITESPACE, FrameRows
from datasite.load.project import read_csv, read_csv_rows
from datasite.model import Table

FIELDS = [
    {"name": "id", "constraints": {"required": True}},
    {"name": "note"},
    {"name": "items", "type": "list", "delimiter": ";"},
    {"name": "extra"},
]
TABLE = Table(
    name="things", dataset="d", schema={"fields": FIELDS}, schema_path="s", path="data/d/things.csv"
)


def python_spaces() -> str:
    return "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())


def test_the_whitespace_lists_are_pythons():
    assert WHITESPACE == python_spaces() == _PY_SPACE


def read_both(tmp_path: Path, data: bytes, monkeypatch) -> tuple[object, object, bool]:
    """(frame reader's result, reference result, whether the frame was used); a result is the
    rows as (values, path, line) or the issues raised."""
    path = tmp_path / "data" / "d" / "things.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)

    def outcome(run):
        try:
            rows = run()
        except DataError as error:
            return [str(i) for i in error.issues], rows_type(None)
        return [(r.values, r.path, r.line, r.field_lines) for r in rows], rows_type(rows)

    framed, kind = outcome(lambda: read_csv(tmp_path, path, TABLE))
    text = data.decode("utf-8-sig")
    reference, _ = outcome(lambda: read_csv_rows("data/d/things.csv", text, TABLE))
    return framed, reference, kind


def rows_type(rows) -> bool:
    return isinstance(rows, FrameRows)


@pytest.mark.parametrize(
    "data, framed",
    [
        (b"id,note,items,extra\na-1,plain,x;y,\n", True),
        (b'\xef\xbb\xbfid,note,items,extra\r\na-1,"with, comma",x ; ;y,\r\n', True),
        (b'id,note,items,extra\na-1,"say ""hi""",,\n', True),
        (b"id,note,items,extra\n  a-1 ,\x1c padded \xe3\x80\x80,; ;,\n", True),
        (
            b"id,note,items,extra\na-1,x,,\n , ,  , \na-2,y,,",
            True,
        ),  # a row of blanks, no final newline
        (b"id,items\na-1,x;y\n", True),  # missing optional columns
        (b"note,id\nplain,a-1\n", True),  # columns in another order
        (b'id,note,items,extra\na-1,"two\nlines",,\na-2,,,\n', False),
        (b"id,note,items,extra\n\na-1,,,\n", False),  # a blank line
        (b"id,note,items,extra\na-1,,\na-2,,,,\n", False),  # short and long rows
        (b'id,note,items,extra\na-1,"x"y,,\n', False),  # a stray quote
        (b'id,note,items,extra\na-1,"open,,\n', False),  # a quote never closed
        (b"id,id,items,extra\na-1,a-2,,\n", False),  # a repeated column
        (b"id,note,unknown\na-1,,\n", None),  # an unknown column: the same error
        (b"note\nplain\n", None),  # a required column missing: the same error
        (b"id,note,items,extra\r\na-1,x\r,,\r\n", False),  # a lone carriage return
        (b"", False),
        (b'id,"note",items,extra\na-1,,,\n', False),  # a quoted header
    ],
)
def test_the_frame_reader_gives_the_reference_rows_or_steps_aside(
    tmp_path: Path, monkeypatch, data: bytes, framed: bool | None
):
    result, reference, used = read_both(tmp_path, data, monkeypatch)
    assert result == reference
    if framed is not None:  # (None: an error in the header, found the same way by both)
        assert used is framed


def test_rows_are_made_only_when_asked_for(tmp_path: Path, monkeypatch):
    data = b"id,note,items,extra\n" + b"".join(b"a-%d,n,x;y,\n" % i for i in range(1000))
    path = tmp_path / "things.csv"
    path.write_bytes(data)
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    rows = read_csv(tmp_path, path, TABLE)
    assert isinstance(rows, FrameRows) and len(rows) == 1000 and rows._rows is None
    taken = rows.take([5, 999])
    assert [r.line for r in taken] == [7, 1001] and rows._rows is None
    assert rows.take([5])[0] is taken[0]  # the same record object each time it is asked for
    assert rows[5] is taken[0] and rows[-1] is taken[1] and rows._rows is None
    assert rows[999].values == {"id": "a-999", "note": "n", "items": ["x", "y"], "extra": ""}
    assert [r.line for r in rows[2:5]] == [4, 5, 6] and rows._rows is None


def test_walking_rows_keeps_none_but_a_held_record_stays_one_object(tmp_path: Path, monkeypatch):
    data = b"id,note,items,extra\n" + b"".join(b"a-%d,n,x;y,\n" % i for i in range(1000))
    path = tmp_path / "things.csv"
    path.write_bytes(data)
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(frames, "STREAM_ROWS", 64)  # several pieces
    rows = read_csv(tmp_path, path, TABLE)
    held = rows.take([700])[0]
    walked = list(rows)
    assert [r.values["id"] for r in walked] == [f"a-{i}" for i in range(1000)]
    assert walked[700] is held and rows._rows is None
    assert [r.line for r in walked[:3]] == [2, 3, 4]
    del walked
    gc.collect()
    assert set(rows._alive) == {700}  # a walk keeps no row nobody holds
    assert next(r for r in rows if r.values["id"] == "a-700") is held
    everything = rows.rows()
    assert everything[700] is held and rows[3] is everything[3]


CELL = st.text(alphabet=st.sampled_from(list("ab ,;\"'\t\r\n=é\u3000\x1c\x85")), max_size=6)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(CELL, min_size=3, max_size=5), max_size=6),
    header=st.sampled_from(
        ["id,note,items,extra", "id,items", "extra,id", "id,note,items,extra,x"]
    ),
    ending=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    raw=st.booleans(),
)
def test_any_csv_reads_the_same_both_ways(
    tmp_path: Path, monkeypatch, rows, header, ending, bom, raw
):
    if raw:  # text joined by hand: stray quotes, ragged rows and blank lines as they come
        body = ending.join([header] + [",".join(r) for r in rows]) + ending
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=ending)
        writer.writerow(header.split(","))
        writer.writerows(rows)
        body = buffer.getvalue()
    data = (b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8")
    result, reference, _ = read_both(tmp_path, data, monkeypatch)
    assert result == reference


def test_a_field_named_like_a_helper_column_is_read_row_by_row(tmp_path: Path, monkeypatch):
    table = Table(
        name="odd",
        dataset="d",
        schema={"fields": [{"name": "id"}, {"name": "__line__"}]},
        schema_path="s",
        path="odd.csv",
    )
    (tmp_path / "odd.csv").write_text("id,__line__\na,b\n", encoding="utf-8")
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    rows = read_csv(tmp_path, tmp_path / "odd.csv", table)
    assert (
        isinstance(rows, list)
        and rows[0].values == {"id": "a", "__line__": "b"}
        and rows[0].line == 2
    )


def test_repeated_text_is_held_as_categories_and_given_back_as_text(tmp_path: Path, monkeypatch):
    # "note" repeats (held compact), "id" does not; `frame` gives text until released, and the
    # rows are the same either way.
    data = b"id,note,items,extra\n" + b"".join(
        b"a-%d,%s,x;y,\n" % (i, b"repeated note" if i % 2 else b" other ") for i in range(400)
    )
    path = tmp_path / "things.csv"
    path.write_bytes(data)
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    rows = read_csv(tmp_path, path, TABLE)
    assert isinstance(rows, FrameRows)
    assert rows.compact["note"].dtype == pl.Categorical
    assert rows.compact["id"].dtype == pl.String
    assert len(rows) == 400 and rows._frame is None  # counting rows makes no text columns
    frame = rows.frame
    assert frame["note"].dtype == pl.String and frame["note"][:2].to_list() == [
        "other",
        "repeated note",
    ]
    assert rows.frame is frame  # kept until released
    rows.release()
    assert rows.frame is not frame and rows.frame.equals(frame)
    assert rows.columns(["note"]).equals(frame.select("note"))
    reference = read_csv_rows("data/d/things.csv", data.decode(), TABLE)
    assert [(r.values, r.line) for r in rows.take([0, 399])] == [
        (r.values, r.line) for r in (reference[0], reference[399])
    ]
    assert [(r.values, r.line) for r in rows] == [(r.values, r.line) for r in reference]


KEY_TEXT = st.text(alphabet=st.sampled_from(list("ab2Zé€ \u00e1\U0001f600")), max_size=3)


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(st.tuples(KEY_TEXT, st.sampled_from(["x", "y", "z", "other", ""]), KEY_TEXT)),
    descending=st.booleans(),
    dated=st.booleans(),
)
def test_sorted_positions_is_pythons_stable_sort(cells, descending, dated):
    """The columns' sort gives the positions Python's stable sort of the same keys gives (a
    ranked field by its place, values outside last; only filled `dated` rows when asked)."""
    frame = pl.DataFrame(
        {
            "date": [c[0] for c in cells],
            "stage": [c[1] for c in cells],
            "id": [c[2] for c in cells],
            frames.LINE: list(range(2, len(cells) + 2)),
        },
        schema={"date": pl.String, "stage": pl.String, "id": pl.String, frames.LINE: pl.Int64},
    )
    rows = FrameRows(frame, "t.csv", ["date", "stage", "id"])
    places = {"x": 0, "y": 1, "z": 2}
    expected = sorted(
        (i for i, c in enumerate(cells) if c[0] or not dated),
        key=lambda i: (cells[i][0], places.get(cells[i][1], 3), cells[i][2]),
        reverse=descending,
    )
    got = rows.sorted_positions(
        ["date", "stage", "missing", "id"],
        {"stage": places},
        descending=descending,
        dated="date" if dated else "",
    )
    assert got == expected
