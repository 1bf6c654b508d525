"""Mistakes in a file's structure (a spreadsheet's separator, a merge's conflict markers, YAML in a
CSV file, a record without its dash, a missing comma): one problem each, naming the cause."""

from pathlib import Path

import pytest

from datasite.issues import DataError, Issue
from datasite.load.project import read_csv, read_yaml_table
from datasite.model import Table

# Every case holds with CSV files read row by row and read into columns (conftest.both_readers).
pytestmark = pytest.mark.usefixtures("both_readers")

FIELDS = [
    {"name": "id", "constraints": {"required": True}},
    {"name": "kind"},
    {"name": "note"},
]
THINGS = Table(
    name="things",
    dataset="d",
    schema={"fields": FIELDS},
    schema_path="schemas/things.schema.yaml",
    path="data/d/things",
)


def problems(tmp_path: Path, name: str, text: str) -> list[Issue]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    read = read_csv if path.suffix == ".csv" else read_yaml_table
    with pytest.raises(DataError) as error:
        read(tmp_path, path, THINGS)
    return error.value.issues


@pytest.mark.parametrize(
    "text, expected",
    [
        ("id;kind;note\na;b;c\n", "semicolons (;)"),
        ('"id";"kind";"note"\na;b;"c, d"\n', "semicolons (;)"),
        ("id\tkind\tnote\na\tb\tc\n", "tabs"),
    ],
)
def test_a_spreadsheet_separator_is_named_once(tmp_path: Path, text: str, expected: str):
    assert [str(i) for i in problems(tmp_path, "things.csv", text)] == [
        f"things.csv:1: csv-delimiter: the columns are separated by {expected}, not commas"
    ]


def test_a_header_with_commas_is_not_taken_for_another_separator(tmp_path: Path):
    found = problems(tmp_path, "things.csv", "id,kind;note\na,b\n")
    assert [i.code for i in found] == ["unknown-field"]


@pytest.mark.parametrize(
    "name, text, lines",
    [
        (
            "things.csv",
            "id,kind,note\n<<<<<<< HEAD\na,b,c\n=======\nd,e,f\n>>>>>>> pr\n",
            "2, 4, 6",
        ),
        (
            "things.yaml",
            "- id: a\n<<<<<<< HEAD\n- id: b\n=======\n- id: c\n>>>>>>> 1a2b3c\n",
            "2, 4, 6",
        ),
        ("things.csv", "id,kind,note\n<<<<<<< ours\na,b,c\n>>>>>>> theirs\n", "2, 4"),
    ],
)
def test_conflict_markers_are_named_with_their_lines(
    tmp_path: Path, name: str, text: str, lines: str
):
    found = problems(tmp_path, name, text)
    assert [str(i) for i in found] == [
        f"{name}:2: conflict-markers: git conflict markers (<<<<<<<, =======, >>>>>>>) on lines "
        f"{lines}: a merge left two versions of the lines between them"
    ]


def test_a_lone_row_of_equals_signs_is_no_conflict(tmp_path: Path):
    path = tmp_path / "things.csv"
    path.write_text('id,kind,note\na,b,"x\n=======\ny"\n', encoding="utf-8")
    assert [r.values["note"] for r in read_csv(tmp_path, path, THINGS)] == ["x\n=======\ny"]


def test_yaml_pasted_into_csv_is_named_once(tmp_path: Path):
    text = "id,kind,note\na,b,c\n- id: d\n  kind: e\n  note: f, g\n"
    assert [str(i) for i in problems(tmp_path, "things.csv", text)] == [
        "things.csv:3: csv-yaml: lines 3, 4, 5 are YAML (field: value), not CSV rows"
    ]


def test_a_row_one_cell_short_keeps_what_landed_where(tmp_path: Path):
    found = problems(tmp_path, "things.csv", "id,kind,note\na,b,c\nd,e\n")
    assert [str(i) for i in found] == [
        "things.csv:3: csv-ragged: row has 2 cells but the header has 3"
    ]
    assert found[0].details == {"header": ["id", "kind", "note"], "cells": ["d", "e"]}


def test_a_record_without_its_dash_is_one_problem(tmp_path: Path):
    text = "- id: a\n  kind: b\n  note: c\n\n  id: d\n  kind: e\n  note: f\n"
    assert [str(i) for i in problems(tmp_path, "things.yaml", text)] == [
        'things.yaml:5: yaml-missing-dash: "id" on line 5 starts a new record but has no "- " '
        "before it, so it was read as part of the record on line 1"
    ]


def test_a_record_without_its_dash_or_indent_is_one_problem(tmp_path: Path):
    text = "- id: a\n  kind: b\nid: d\n  kind: e\n"
    assert [str(i) for i in problems(tmp_path, "things.yaml", text)] == [
        'things.yaml:3: yaml-missing-dash: "id" on line 3 starts a new record but has no "- " '
        "before it"
    ]


def test_a_key_written_twice_is_still_a_duplicate(tmp_path: Path):
    found = problems(tmp_path, "things.yaml", "- id: a\n  kind: b\n  kind: c\n")
    assert [i.code for i in found] == ["yaml-duplicate-key"]
