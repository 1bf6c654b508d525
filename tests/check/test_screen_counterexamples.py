"""Hostile inputs for the column reader (frames.py) and the screen (columnar.py, screens.py).

Each test is one counterexample to a claim of those modules: the frame reader gives what
read_csv_rows gives, the screened check finds what checking every row finds, and neither raises
anything but our own errors. All data is fictional. Every schema here is one frictionless accepts,
so load_project would load it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.check import screen as columnar
from datasite.check.tables import check_project
from datasite.issues import DataError
from datasite.load import project as load
from datasite.load.frames import read_csv_frame
from datasite.load.project import read_csv, read_csv_rows
from datasite.model import Table
from tests.check.conftest import accepted, both_ways, screened_project
from tests.conftest import TODAY

# --- screens.strict_pattern: a Rust reading wider than Python's, or a crash ------------------


@pytest.mark.parametrize(
    "pattern, cell",
    [
        ("a*+a", "aaa"),  # Python 3.11+: a possessive quantifier, never matches; Rust: (a*)+a
        ("a{ 1}", "a"),  # Python: the literal text "a{ 1}"; Rust: a{1} (spaces allowed in braces)
    ],
)
def test_a_pattern_rust_reads_wider_than_python_still_finds_every_mismatch(
    tmp_path: Path, monkeypatch, pattern: str, cell: str
):
    schema = {"fields": [{"name": "id"}, {"name": "code", "constraints": {"pattern": pattern}}]}
    project = screened_project(tmp_path, monkeypatch, schema, [["r1", cell]])
    screened, every_row = both_ways(project)
    assert every_row, "Python rejects the cell"
    assert screened == every_row


def test_a_pattern_ending_in_a_backslash_does_not_crash_the_screen(tmp_path: Path, monkeypatch):
    # Python compiles "^abc\$": a literal dollar sign; strict_pattern indexes past the lone "\".
    schema = {"fields": [{"name": "id"}, {"name": "code", "constraints": {"pattern": "abc\\"}}]}
    project = screened_project(tmp_path, monkeypatch, schema, [["r1", "abc$"], ["r2", "abc"]])
    screened, every_row = both_ways(project)
    assert screened == every_row


# --- columnar.py ---------------------------------------------------------------------------


@pytest.mark.parametrize("constraint, limit", [("minimum", "1e-400"), ("maximum", "-1e-400")])
def test_a_number_bound_too_small_for_a_float_is_not_rounded_to_zero(
    tmp_path: Path, monkeypatch, constraint: str, limit: str
):
    schema = {
        "fields": [
            {"name": "id"},
            {"name": "x", "type": "number", "constraints": {constraint: limit}},
        ]
    }
    project = screened_project(tmp_path, monkeypatch, schema, [["r1", "0"]])
    screened, every_row = both_ways(project)
    assert [i.code for i, _ in every_row] == [constraint]
    assert screened == every_row


def test_a_primary_key_naming_a_field_twice(tmp_path: Path, monkeypatch):
    schema = {"fields": [{"name": "id"}, {"name": "note"}], "primaryKey": ["id", "id"]}
    project = screened_project(
        tmp_path, monkeypatch, schema, [["r1", "a"], ["r1", "b"]], limit=columnar.DISTINCT_LIMIT
    )
    screened, every_row = both_ways(project)
    assert screened == every_row


def test_a_date_field_that_is_its_own_precision_field(tmp_path: Path, monkeypatch):
    schema = {"fields": [{"name": "id"}, {"name": "when", "precisionField": "when"}]}
    project = screened_project(
        tmp_path,
        monkeypatch,
        schema,
        [["r1", "2026-01-01"], ["r2", "day"]],
        limit=columnar.DISTINCT_LIMIT,
    )
    screened, every_row = both_ways(project)
    assert screened == every_row


def test_a_cell_judge_cannot_read_makes_the_screen_keep_the_table():
    # judge() splits list text with str.split(delimiter): with "" it raises ValueError. cell_errors
    # then asks frictionless; the screen must likewise keep every row, not crash.
    import polars as pl

    from datasite.check.cells import compile_field

    spec = compile_field(
        {"name": "tags", "type": "list", "delimiter": "", "constraints": {"maxLength": 1}}
    )
    with pytest.raises(columnar.Unsupported):
        columnar.field_mask(spec, pl.Series(["xy", ""], dtype=pl.String))


SINGLING_OUT = {
    "fields": [
        {"name": "id"},
        {"name": "person"},
        {"name": "place", "type": "list", "delimiter": ";"},
        {"name": "date", "precisionField": "precision"},
        {"name": "precision"},
        {"name": "count"},
    ],
    "foreignKeys": [{"fields": "person", "reference": {"resource": "things", "fields": "id"}}],
    "privacy": {"singlingOut": {"person": "person", "place": "place", "date": "date"}},
}


def test_group_sizes_do_not_overflow_64_bits(tmp_path: Path, monkeypatch):
    # 9,300 releases of 10**15 people (the largest count the screen takes) at one place and day:
    # Python's sum is huge, polars' Int64 sum wraps to a negative size, so the person looks alone.
    # (9,300 rows of one place each do the same; one row with the place listed 9,300 times is
    # shorter.)
    rows = [["p1", "p1", ";".join(["fort-one"] * 9300), "2026-01-10", "day", str(10**15)]]
    project = screened_project(
        tmp_path, monkeypatch, SINGLING_OUT, rows, limit=columnar.DISTINCT_LIMIT
    )
    screened, every_row = both_ways(project)
    # the list names one place 9,300 times and is too long for a spreadsheet; no one is alone
    assert [i.code for i, _ in every_row] == ["list-repeat", "text-too-long"]
    assert screened == every_row


def test_a_min_group_beyond_128_bits_does_not_crash_the_screen(tmp_path: Path, monkeypatch):
    schema = {
        **SINGLING_OUT,
        "privacy": {"singlingOut": {**SINGLING_OUT["privacy"]["singlingOut"], "minGroup": 10**40}},
    }
    rows = [["p1", "p1", "fort-one", "2026-01-10", "day", "5"]]
    project = screened_project(tmp_path, monkeypatch, schema, rows, limit=columnar.DISTINCT_LIMIT)
    screened, every_row = both_ways(project)
    assert [i.code for i, _ in every_row] == ["privacy-singling-out"]
    assert screened == every_row


# --- frames.py: the column reader against read_csv_rows --------------------------------------


def read_two_ways(tmp_path: Path, monkeypatch, fields: list[dict], text: str):
    """(rows or error from read_csv with the column reader, the same from read_csv_rows)."""
    table = Table(
        "things", "d", accepted({"fields": fields}), "schemas/things.schema.yaml", "things.csv"
    )
    (tmp_path / "things.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)

    def outcome(run):
        try:
            return [(r.values, r.line) for r in run()]
        except DataError as error:
            return [str(i) for i in error.issues]
        # Anything else is a crash and fails the test: two crashes must not compare equal.

    return (
        outcome(lambda: read_csv(tmp_path, tmp_path / "things.csv", table)),
        outcome(lambda: read_csv_rows("things.csv", text.removeprefix("\ufeff"), table)),
    )


@pytest.mark.parametrize("name", ["^x$", "^id$", "*"])
def test_a_field_named_like_a_polars_column_selector(tmp_path: Path, monkeypatch, name: str):
    # pl.col("*") is every column and pl.col("^…$") a regular expression over the column names.
    framed, reference = read_two_ways(
        tmp_path, monkeypatch, [{"name": "id"}, {"name": name}], f"id,{name}\na,b\nc,\n"
    )
    assert reference == [({"id": "a", name: "b"}, 2), ({"id": "c", name: ""}, 3)]
    assert framed == reference


def test_a_list_field_with_an_empty_delimiter_is_not_read_into_columns():
    # Python's str.split("") raises; polars would split into characters. load.check_schema refuses
    # such a schema (test_odd_schemas_are_refused_with_a_clear_error), so no reader ever gets it;
    # should one, the column reader steps aside (the same file with ";" is read into columns).
    def table(delimiter: str) -> Table:
        fields = [{"name": "id"}, {"name": "tags", "type": "list", "delimiter": delimiter}]
        return Table(
            "things", "d", accepted({"fields": fields}), "schemas/things.schema.yaml", "things.csv"
        )

    data = b"id,tags\na,xy\n"
    assert read_csv_frame(data, table(";")) is not None
    assert read_csv_frame(data, table("")) is None


# --- the row checks themselves raise on schemas frictionless accepts (screened or not) --------

ODD_SCHEMAS = {
    "precisionField naming no field": (
        {"fields": [{"name": "id"}, {"name": "when", "precisionField": "nope"}]},
        "precisionField must name another field",
    ),
    "precisionField naming a list field": (
        {
            "fields": [
                {"name": "id"},
                {"name": "when", "precisionField": "p"},
                {"name": "p", "type": "list"},
            ]
        },
        "precisionField must name another field",
    ),
    "a date its own precision": (
        {"fields": [{"name": "id"}, {"name": "when", "precisionField": "when"}]},
        "precisionField must name another field",
    ),
    "primary key on a list field": (
        {"fields": [{"name": "id"}, {"name": "tags", "type": "list"}], "primaryKey": ["tags"]},
        "primaryKey may not use a list field",
    ),
    "uri format on a list field": (
        {"fields": [{"name": "id"}, {"name": "links", "type": "list", "format": "uri"}]},
        "a list needs a delimiter of one or more characters and no format",
    ),
    "empty list delimiter": (
        {"fields": [{"name": "id"}, {"name": "tags", "type": "list", "delimiter": ""}]},
        "a list needs a delimiter",
    ),
    "pattern Python cannot compile": (
        {"fields": [{"name": "id", "constraints": {"pattern": "("}}]},
        "is not a regular expression Python can read",
    ),
    "privacy rules that are not a mapping": (
        {"fields": [{"name": "id"}, {"name": "name", "personal": True}], "privacy": "yes"},
        "privacy must be a mapping",
    ),
    "publish levels as one string": (
        {
            "fields": [{"name": "id"}, {"name": "level"}],
            "privacy": {"levelField": "level", "publicLevels": "public"},
        },
        "publicLevels must be a list",
    ),
    "singling out naming no field": (
        {
            "fields": [{"name": "id"}, {"name": "when"}],
            "privacy": {"singlingOut": {"person": "id", "place": "nowhere", "date": "when"}},
        },
        'singlingOut place "nowhere" is not a field',
    ),
    "minGroup as text": (
        {
            "fields": [{"name": "id"}, {"name": "at"}, {"name": "when"}],
            "privacy": {
                "singlingOut": {"person": "id", "place": "at", "date": "when", "minGroup": "2"}
            },
        },
        "minGroup must be a whole number",
    ),
}


@pytest.mark.parametrize("case", ODD_SCHEMAS)
def test_odd_schemas_are_refused_with_a_clear_error(tmp_path: Path, case: str):
    """Schemas frictionless accepts but the checks cannot use: schema-invalid at the schema file."""
    import yaml

    from datasite.load.project import load_project
    from tests.conftest import make_project

    schema, message = ODD_SCHEMAS[case]
    root = make_project(tmp_path / "project")
    (root / "schemas" / "tallies.schema.yaml").write_text(
        yaml.safe_dump(accepted(schema)), encoding="utf-8"
    )
    _, issues = load_project(root)
    assert [(i.path, i.code) for i in issues] == [("schemas/tallies.schema.yaml", "schema-invalid")]
    assert message in issues[0].message


def test_a_foreign_key_to_a_list_field_is_a_schema_problem_not_a_crash(tmp_path: Path, monkeypatch):
    schema = {
        "fields": [{"name": "id"}, {"name": "tags", "type": "list"}],
        "foreignKeys": [{"fields": "id", "reference": {"resource": "things", "fields": "tags"}}],
    }
    for screen in (True, False):
        project = (
            screened_project(tmp_path / str(screen), monkeypatch, schema, [["r1", "r1"]])
            if (tmp_path / str(screen)).mkdir() is None
            else None
        )
        issues = check_project(project, TODAY, screen=screen)
        assert [(i.path, i.code) for i in issues] == [("schemas/things.schema.yaml", "foreign-key")]
        assert "a list field" in issues[0].message


@pytest.mark.parametrize("cells", [["r1", "sNaN"], ["r1", "-sNaN"]])
def test_a_signalling_nan_is_not_a_number_both_ways(tmp_path: Path, monkeypatch, cells: list[str]):
    # frictionless itself raises InvalidOperation comparing it with a bound; the fast path calls it
    # a type error.
    schema = {
        "fields": [{"name": "id"}, {"name": "x", "type": "number", "constraints": {"minimum": 0}}]
    }
    project = screened_project(tmp_path, monkeypatch, schema, [cells])
    screened, every_row = both_ways(project)
    assert screened == every_row and [i.code for i, _ in every_row] == ["type"]


def test_frictionless_failing_on_a_value_is_an_issue_not_a_traceback(tmp_path: Path, monkeypatch):
    # `unique` sends the table to frictionless, which raises on sNaN compared with a bound.
    schema = {
        "fields": [
            {"name": "id", "constraints": {"unique": True}},
            {"name": "x", "type": "number", "constraints": {"minimum": 0}},
        ]
    }
    project = screened_project(tmp_path, monkeypatch, schema, [["r1", "sNaN"]])
    screened, every_row = both_ways(project)
    assert screened == every_row and [(i.code, i.line) for i, _ in every_row] == [
        ("check-failed", 0)
    ]


def test_a_count_longer_than_int_reads_is_a_type_error_both_ways(tmp_path: Path, monkeypatch):
    schema = {
        **SINGLING_OUT,
        "fields": [*SINGLING_OUT["fields"][:5], {"name": "count", "type": "integer"}],
    }
    project = screened_project(
        tmp_path, monkeypatch, schema, [["p1", "p1", "fort-one", "2026-01-10", "day", "1" * 4400]]
    )
    screened, every_row = both_ways(project)
    assert screened == every_row and [i.code for i, _ in every_row] == ["type"]


# --- cases that held: coverage the existing tests lack ----------------------------------------

HELD = {
    # Quoted empty cells, BOM with CRLF, mixed line endings, a header only, no final newline.
    "csv quirks": ([{"name": "id"}, {"name": "note"}], '\ufeffid,note\r\na,""\nb,x\r\n'),
    "header only": ([{"name": "id"}, {"name": "note"}], "id,note\n"),
    "single column with blank and quoted-empty lines": ([{"name": "id"}], 'id\na\n\n""\nb'),
    "unicode spaces and separators in cells": (
        [{"name": "id"}, {"name": "note"}],
        "id,note\na,\u2028b\x85\nc,\x0cd\u3000\n",
    ),
}


@pytest.mark.parametrize("case", HELD)
def test_quirky_csv_reads_the_same_both_ways(tmp_path: Path, monkeypatch, case: str):
    fields, text = HELD[case]
    framed, reference = read_two_ways(tmp_path, monkeypatch, fields, text)
    assert framed == reference


def test_huge_repeated_places_and_leading_zero_counts_agree_when_sums_stay_small(
    tmp_path: Path, monkeypatch
):
    rows = [
        ["p1", "p1", "fort-one;fort-one", "2026-01-10", "day", "007"],
        ["p2", "p2", "fort-two", "2026-01-10", "day", "+1"],
        ["p3", "p3", "fort-three", "2026-01-10", "day", "٣"],
        ["p4", "p4", "fort-four", "2026-01-10", "day", "²"],
        ["p5", "", "fort-four", "2026-01-10", "day", str(10**15)],
    ]
    for limit in (0, columnar.DISTINCT_LIMIT):
        (tmp_path / str(limit)).mkdir()
        project = screened_project(
            tmp_path / str(limit), monkeypatch, SINGLING_OUT, rows, limit=limit
        )
        screened, every_row = both_ways(project)
        assert screened == every_row
        # "+1" and "²" are not whole numbers: one person; 7 + 7 at fort-one, 3, and 10**15 + 1 are
        # groups.
        assert [i.line for i, _ in every_row if i.code == "privacy-singling-out"] == [3]


def test_numbers_the_downloads_cannot_hold_are_found_both_ways(tmp_path: Path, monkeypatch):
    # A 64-bit float keeps about 15 significant digits and SQLite integers are 64-bit: the screen
    # keeps every number of over 15 digits and every integer of over 18, and safety.py decides.
    schema = {
        "fields": [
            {"name": "id"},
            {"name": "x", "type": "number"},
            {"name": "n", "type": "integer"},
        ]
    }
    rows = [
        ["r1", "9007199254740993", "9223372036854775808"],
        ["r2", "9007199254740992", "9223372036854775807"],
        ["r3", "0.10000000000000001", "-9223372036854775809"],
        ["r4", "123456789012345", "-9223372036854775808"],
        ["r5", "0.000000000000001", "1_000"],
        ["r6", "1e5", "+5"],
        ["r7", "-0.1000000000000000055511151231257827", "007"],
    ]
    for limit in (0, columnar.DISTINCT_LIMIT):
        (tmp_path / str(limit)).mkdir()
        project = screened_project(tmp_path / str(limit), monkeypatch, schema, rows, limit=limit)
        screened, every_row = both_ways(project)
        assert screened == every_row
        assert sorted((i.line, i.field) for i, _ in every_row if i.code == "number-precision") == [
            (2, "n"),
            (2, "x"),
            (4, "n"),
            (4, "x"),
            (8, "x"),
        ]


def test_a_typed_claim_key_field_keeps_only_rows_that_could_repeat_a_claim(
    tmp_path: Path, monkeypatch
):
    # "1" and "01" are one integer, so r1 and r2 are one claim; r3 differs in the typed field
    # only, and r4 and r5 repeat text the integer reader cannot read. Before the typed field was
    # compared, every row sharing the text fields was kept (all rows of a generated corpus).
    schema = {
        "fields": [{"name": "id"}, {"name": "who"}, {"name": "value", "type": "integer"}],
        "claimKey": ["who", "value"],
    }
    rows = [
        ["r1", "a", "1"],
        ["r2", "a", "01"],
        ["r3", "a", "2"],
        ["r4", "b", "x"],
        ["r5", "b", "x"],
    ]
    project = screened_project(tmp_path, monkeypatch, schema, rows)
    table = project.table("things")
    kept = columnar.duplicate_claims(table, table.rows.frame).to_list()
    assert kept == [True, True, False, True, True]
    screened, every_row = both_ways(project)
    assert screened == every_row
    assert [i.code for i, _ in every_row].count("duplicate-claim") == 2


def test_an_integer_claim_key_read_in_polars_keeps_every_spelling_of_one_integer(
    tmp_path: Path, monkeypatch
):
    # Plain digits are read as Int64 in polars, every other text once in Python: "+7", "٧" and
    # "07" are all 7; two spellings of one integer beyond Int64 are one value; "7.0" is no
    # integer (text), equal only to itself; "-0" is 0.
    schema = {
        "fields": [{"name": "id"}, {"name": "who"}, {"name": "value", "type": "integer"}],
        "claimKey": ["who", "value"],
    }
    big = "9" * 20
    rows = [
        ["r1", "a", "7"],
        ["r2", "a", "+7"],
        ["r3", "b", "\u0667"],
        ["r4", "b", "07"],
        ["r5", "c", big],
        ["r6", "c", "0" + big],
        ["r7", "d", "7.0"],
        ["r8", "d", "7"],
        ["r9", "e", "-0"],
        ["r10", "e", "0"],
        ["r11", "f", "123456789012345678"],
        ["r12", "f", "123456789012345679"],
    ]
    project = screened_project(tmp_path, monkeypatch, schema, rows)
    table = project.table("things")
    kept = columnar.duplicate_claims(table, table.rows.frame).to_list()
    assert kept == [True] * 6 + [False, False, True, True, False, False]
    screened, every_row = both_ways(project)
    assert screened == every_row
    assert [i.code for i, _ in every_row].count("duplicate-claim") == 4


def test_a_one_field_primary_key_keeps_repeated_keys_and_never_empty_ones(
    tmp_path: Path, monkeypatch
):
    schema = {"fields": [{"name": "id"}, {"name": "note"}], "primaryKey": ["id"]}
    rows = [["", "x"], ["", "y"], ["a", "1"], ["b", "2"], ["a", "3"]]
    project = screened_project(tmp_path, monkeypatch, schema, rows)
    table = project.table("things")
    kept = columnar.duplicate_keys(table, table.rows.frame).to_list()
    assert kept == [False, False, True, False, True]
    screened, every_row = both_ways(project)
    assert screened == every_row
    assert [i.code for i, _ in every_row].count("duplicate-key") == 1


@pytest.mark.parametrize(
    "cell, repeated",
    [
        ("a;a", "a"),
        ("a;b;a", "a"),
        ("a;b", None),  # two items, each once: kept by the screen, passed by the rule
        ("a", None),
        ("", None),
    ],
)
def test_a_list_naming_one_item_twice_is_refused_read_into_columns_or_by_row(
    tmp_path: Path, monkeypatch, cell: str, repeated: str | None
):
    """The same source cited twice read as two sources of a claim; the screen keeps every row
    the rule may refuse (the same issues either way)."""
    schema = {"fields": [{"name": "id"}, {"name": "items", "type": "list", "delimiter": ";"}]}
    project = screened_project(tmp_path, monkeypatch, schema, [["x", cell], ["y", "b"]])
    screened, every_row = both_ways(project)
    assert screened == every_row
    found = [(i.code, i.details.get("value")) for i, _ in every_row]
    assert found == ([("list-repeat", repeated)] if repeated else [])
