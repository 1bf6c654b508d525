"""Counterexamples across the column reader, the screen and the stages around them.

Each test is one input that once broke a claim: checking with the screen finds exactly what
checking every row finds, and no input ends in anything but our own errors (a DataError or
Issues). All data is fictional.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
import yaml

from datasite.check import screen as columnar
from datasite.check.tables import check_project
from datasite.issues import Issue
from datasite.load import project as load
from datasite.load.frames import FrameRows
from datasite.load.project import load_project, read_csv
from datasite.model import Dataset, Project, Row, Table
from datasite.package.datapackage import table_json
from datasite.report.positions import add_columns
from tests.check.conftest import both_ways, screened_project
from tests.conftest import TODAY, fixture_privacy

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "CC BY 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def tiny_project(root: Path, tables: dict[str, tuple[str, dict, str]]) -> Path:
    """A project of one dataset per entry: {table: (dataset, schema, CSV text)}."""
    (root / "schemas").mkdir(parents=True)
    (root / "data").mkdir()
    site = "title: Fictional\n" + yaml.safe_dump(fixture_privacy(), allow_unicode=True)
    (root / "data" / "site.yaml").write_text(site, encoding="utf-8")
    datasets: dict[str, list[str]] = {}
    for name, (dataset, schema, text) in tables.items():
        datasets.setdefault(dataset, []).append(name)
        (root / "schemas" / f"{name}.schema.yaml").write_text(
            yaml.safe_dump(schema), encoding="utf-8"
        )
        (root / "data" / dataset).mkdir(exist_ok=True)
        (root / "data" / dataset / f"{name}.csv").write_text(text, encoding="utf-8")
    for dataset, names in datasets.items():
        meta = {
            "name": dataset,
            "title": "Fictional",
            "description": "Fictional.",
            "version": "1.0.0",
            "created": "2026-02-01",
            "licenses": [LICENCE],
            "resources": [{"name": n, "path": f"{n}.csv", "schema": n} for n in names],
        }
        (root / "data" / dataset / "datapackage.yaml").write_text(
            yaml.safe_dump(meta), encoding="utf-8"
        )
    return root


def loaded_and_checked(root: Path, monkeypatch) -> list[Issue]:
    """Load (CSV read into columns) and, when loading is clean, check both ways: the issues
    (the same both ways), never a traceback."""
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    project, issues = load_project(root)
    if issues:
        return issues
    screened, every_row = both_ways(project)
    assert screened == every_row
    return [i for i, _ in every_row]


def framed_project(
    tmp_path: Path, monkeypatch, tables: dict[str, tuple[dict, list[list[str]]]]
) -> Project:
    """A one-dataset project whose CSV tables are all read into columns."""
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    loaded = {}
    for name, (schema, rows) in tables.items():
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(
            [[f["name"] for f in schema["fields"]], *rows]
        )
        (tmp_path / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
        table = Table(name, "d", schema, f"schemas/{name}.schema.yaml", f"{name}.csv")
        table.rows = read_csv(tmp_path, tmp_path / f"{name}.csv", table)
        assert isinstance(table.rows, FrameRows)
        loaded[name] = table
    return Project(
        root=tmp_path,
        site=fixture_privacy(),
        datasets={"d": Dataset("d", {"version": "1.0.0", "created": "2026-01-01"}, "d", loaded)},
    )


# --- the screen: a different answer ---------------------------------------------------------


def test_a_blank_row_is_reported_the_same_when_only_some_rows_are_checked(
    tmp_path: Path, monkeypatch
):
    # A row of only list delimiters is blank once split; fastcheck leaves blank rows to
    # frictionless, whose message names the row's position among the rows it was given. With the
    # screen it is given the kept rows only, so the position (and the message) change:
    # 'Row at position "2" is completely blank' instead of '... "4" ...'.
    # Suspect: check.check_table words blank-row (and any row-level frictionless error) with
    # error.message; fix: a message of our own that names no position ("the row is completely
    # blank").
    schema = {"fields": [{"name": "id"}, {"name": "tags", "type": "list", "delimiter": ";"}]}
    for limit in (0, columnar.DISTINCT_LIMIT):
        (tmp_path / str(limit)).mkdir()
        project = screened_project(
            tmp_path / str(limit),
            monkeypatch,
            schema,
            [["a", "x"], ["b", "y"], ["", ";"]],
            limit=limit,
        )
        screened, every_row = both_ways(project)
        assert [(i.line, i.code) for i, _ in every_row] == [(4, "blank-row")]
        assert screened == every_row


# --- schemas frictionless accepts that the checks cannot use: tracebacks ---------------------


@pytest.mark.parametrize(
    "schema, text, message",
    [
        # The date check hashes (value, precision) pairs, and a list value raised TypeError:
        # a precisionField on a list field is refused, as for the precision field itself.
        (
            {
                "fields": [
                    {"name": "id"},
                    {
                        "name": "when",
                        "type": "list",
                        "delimiter": ";",
                        "precisionField": "precision",
                    },
                    {"name": "precision"},
                ]
            },
            "id,when,precision\na,2026-01-10,day\n",
            'field "when": precisionField must name another field that is not a list, on a '
            "field that is not a list",
        ),
        # The reference check looked a (id, [tags]) key up in a set: TypeError (unhashable list),
        # both ways. A foreign key of several fields that names a list field is refused now (one
        # list field alone is supported).
        (
            {
                "fields": [{"name": "id"}, {"name": "tags", "type": "list", "delimiter": ";"}],
                "foreignKeys": [
                    {
                        "fields": ["id", "tags"],
                        "reference": {"resource": "things", "fields": ["id", "id"]},
                    }
                ],
            },
            "id,tags\na,x;y\n",
            "a foreign key of several fields may not use a list field",
        ),
    ],
    ids=["precision on a list field", "multi-field foreign key with a list field"],
)
def test_schemas_the_checks_cannot_use_are_issues_not_tracebacks(
    tmp_path: Path, monkeypatch, schema: dict, text: str, message: str
):
    root = tiny_project(tmp_path / "project", {"things": ("d", schema, text)})
    issues = loaded_and_checked(root, monkeypatch)
    assert [(i.path, i.line, i.code, i.message) for i in issues] == [
        ("schemas/things.schema.yaml", 0, "schema-invalid", message)
    ]


def test_a_foreign_key_to_a_field_the_target_lacks_does_not_crash_the_build(
    tmp_path: Path, monkeypatch
):
    # Valid data (the only reference is empty), yet packaging read r.values["source_key"] from
    # every row of the target: a KeyError in `build` and `version`. A reference field the target
    # table lacks is a problem now.
    sources = {"fields": [{"name": "id"}, {"name": "title"}]}
    notes = {
        "fields": [{"name": "id"}, {"name": "source_id"}],
        "foreignKeys": [
            {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_key"}}
        ],
    }
    issues = checked_then_built(
        tmp_path,
        monkeypatch,
        {
            "sources": ("refs", sources, "id,title\ns1,A fictional report\n"),
            "notes": ("notes", notes, "id,source_id\nn1,\n"),
        },
    )
    assert [(i.path, i.line, i.code, i.message) for i in issues] == [
        (
            "schemas/notes.schema.yaml",
            0,
            "foreign-key",
            "notes refers to sources.source_key, which is not a field of sources",
        )
    ]


def test_site_pages_that_are_not_a_list_are_an_issue_not_a_traceback(tmp_path: Path, monkeypatch):
    # The page checks and the screen iterated `site.pages or []`: `pages: 5` raised TypeError.
    # Loading checks that pages is a list of mappings (a setting-type problem at its line).
    root = tiny_project(
        tmp_path / "project", {"things": ("d", {"fields": [{"name": "id"}]}, "id\na\n")}
    )
    (root / "data" / "site.yaml").write_text("title: Fictional\npages: 5\n", encoding="utf-8")
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    _, issues = load_project(root)
    assert [(i.path, i.line, i.code, i.message) for i in issues] == [
        (
            "data/site.yaml",
            2,
            "setting-type",
            "pages must be a list of mappings, not a whole number",
        )
    ]


# --- performance traps: quadratic time in the checks the screen hands rows to ----------------


def test_a_long_cell_is_scanned_for_identifiers_in_linear_time(tmp_path: Path, monkeypatch):
    # privacy.BUILT_IN's e-mail pattern "[\w.+-]+@..." is searched from every start: a cell of
    # n word characters and no "@" costs O(n^2) in Python's re (measured: 50,000 characters 4.5 s,
    # 100,000 characters 17 s; a cell may be as large as its 256 MiB file). The screen's Rust
    # regex is linear, but any row it keeps (here: a formula) is searched by Python.
    # The pattern now starts only where a run of address characters starts, (?<![\w.+-]), which
    # keeps it linear with the results of the old pattern. (No timing here: tests assert results.)
    from datasite.check.privacy import Identifiers

    IDENTIFIERS = {kind.label: compiled for kind, compiled in Identifiers().compiled}
    assert IDENTIFIERS["e-mail address"].pattern.startswith("(?<![\\w.+-])")
    assert (
        IDENTIFIERS["e-mail address"].search("ab.c+d@mail.example.org").group()
        == "ab.c+d@mail.example.org"
    )
    note = "=" + "x" * 60_000
    project = screened_project(
        tmp_path, monkeypatch, {"fields": [{"name": "id"}, {"name": "note"}]}, [["a", note]]
    )
    for screen in (True, False):
        issues = check_project(project, TODAY, screen=screen)
        assert [i.code for i in issues] == ["formula", "text-too-long"]


def test_many_withheld_names_sharing_a_first_name_do_not_make_the_name_check_quadratic(
    tmp_path: Path, monkeypatch
):
    # privacy.NameIndex filed names by their first word only, and scan_names sorts every name
    # filed under any word of the text: N withheld "Maria …" and N notes mentioning another Maria
    # cost O(N^2) (measured: N=5,000 3.3 s, N=10,000 13.2 s). The screen avoids it only for ASCII
    # text: columnar.names_mask keeps every cell with a character privacy.fold does not map to
    # ASCII (here an em dash), so the rows all go to scan_names.
    # Each name is now indexed by its two rarest words (privacy.NameIndex), so a text meets only
    # the names whose two key words it holds.
    n = 8_000

    def word(i: int) -> str:
        letters = ""
        while True:
            letters += "abcdefghijklmnopqrstuvwxyz"[i % 26]
            i //= 26
            if not i:
                return letters + "son"

    people = {
        "fields": [{"name": "id"}, {"name": "name", "personal": True}, {"name": "level"}],
        "privacy": {"levelField": "level", "publicLevels": ["public"]},
    }
    notes = {"fields": [{"name": "id"}, {"name": "note"}]}
    project = framed_project(
        tmp_path,
        monkeypatch,
        {
            "people": (people, [[f"p{i}", f"Maria {word(i)}", "withheld"] for i in range(n)]),
            "notes": (notes, [[f"n{i}", f"maria lopez wrote — {word(i)}s"] for i in range(n)]),
        },
    )
    assert check_project(project, TODAY) == []
    # No timing: the index offers a text only the names whose two key words it holds near each
    # other, so none of the 8,000 withheld Marías comes up for a note about another María.
    from datasite.check.privacy import NameIndex

    index = NameIndex({f"maria {word(i)}": Row({}, "p.csv", i + 2) for i in range(n)})
    assert index.find(f"maria lopez wrote to the {word(0)}") == []  # too far apart to be a name
    assert [folded for folded, _ in index.find(f"x maria {word(0)} y")] == [f"maria {word(0)}"]


# --- the build: what a valid table publishes -------------------------------------------------


def test_the_published_json_is_json(tmp_path: Path):
    # frictionless (and fastcheck) accept NaN, Infinity and 1e999 in a number field without
    # bounds; package.typed makes them floats and json.dumps writes NaN / Infinity, which
    # JSON.parse in the browse page (and any strict reader) refuses: the JSON written must parse
    # without them.
    table = Table(
        "things",
        "d",
        {"fields": [{"name": "id"}, {"name": "x", "type": "number"}]},
        "s",
        "things.csv",
        [
            Row({"id": "a", "x": "NaN"}, "things.csv", 2),
            Row({"id": "b", "x": "1e999"}, "things.csv", 3),
        ],
    )

    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    json.loads(table_json(table), parse_constant=refuse)


def test_custom_true_values_are_published_as_true():
    # A boolean field with trueValues [si] / falseValues [no] is valid (fastcheck and frictionless
    # read "si" as true): the downloads read it with the field's trueValues too.
    from datasite.load.values import sql_value

    spec = {"name": "ok", "type": "boolean", "trueValues": ["si"], "falseValues": ["no"]}
    table = Table(
        "things",
        "d",
        {"fields": [{"name": "id"}, spec]},
        "s",
        "things.csv",
        [
            Row({"id": "a", "ok": "si"}, "things.csv", 2),
            Row({"id": "b", "ok": "no"}, "things.csv", 3),
        ],
    )
    assert [r["ok"] for r in json.loads(table_json(table))] == [True, False]
    assert [sql_value(spec, "si"), sql_value(spec, "no")] == [1, 0]


# --- validate output -------------------------------------------------------------------------


def test_columns_are_found_on_csv_lines_after_a_cell_holding_a_unicode_line_separator(
    tmp_path: Path,
):
    # The CSV readers count lines by "\n" only (a U+2028 or \x85 inside a cell is text); the
    # columns of problems were once found with str.splitlines(), which also breaks at U+2028,
    # \x85, \x0b, \x0c, \x1c-\x1e, so every later line was off by one (the column here was 0).
    (tmp_path / "things.csv").write_text(
        "id,note,kind\na,one\u2028two,ok\nb,three,bad\n", encoding="utf-8"
    )
    found = add_columns(tmp_path, [Issue("things.csv", 3, "enum", "m", field="kind")])
    assert found[0].column == len("b,three,") + 1


def test_many_unknown_references_do_not_cost_time_and_memory_per_known_key(
    tmp_path: Path, monkeypatch
):
    # check.check_row_reference gives every foreign-key issue its own sorted copy of all the
    # target's keys (details["known"]): N bad references to a table of K keys cost O(N * K log K)
    # time and O(N * K) memory (measured: N = K = 6,000: 5.3 s and +300 MB; 50,000 would need
    # ~20 GB). One mistake does it: the ids of the target were recased. hints.closest then rebuilds
    # a folded dict and a sorted copy of the K ids for each issue (N=2,000, K=6,000: 7.7 s).
    # The known keys are now sorted once per target, and hints fold and sort each distinct
    # list of choices once.
    n = 6_000
    target = {"fields": [{"name": "id"}]}
    source = {
        "fields": [{"name": "id"}, {"name": "place"}],
        "foreignKeys": [{"fields": "place", "reference": {"resource": "places", "fields": "id"}}],
    }
    project = framed_project(
        tmp_path,
        monkeypatch,
        {
            "places": (target, [[f"place-{i}"] for i in range(n)]),
            "visits": (source, [[f"v{i}", f"Place-{i}"] for i in range(n)]),
        },
    )
    issues = check_project(project, TODAY)
    assert len(issues) == n
    # No timing: every issue carries the one sorted list of the target's keys, and the hints fold
    # and sort that list once.
    from datasite.report.hints import add_hints, prepared

    assert len({id(i.details["known"]) for i in issues}) == 1
    prepared.cache_clear()
    add_hints(project, issues[:50])
    assert prepared.cache_info().misses == 1


def checked_then_built(
    tmp_path: Path, monkeypatch, tables: dict[str, tuple[str, dict, str]]
) -> list[Issue]:
    """The issues of a small project; when there are none, its data packages must build."""
    from datasite.check.privacy import redact
    from datasite.package.datapackage import build_packages

    root = tiny_project(tmp_path / "project", tables)
    issues = loaded_and_checked(root, monkeypatch)
    if not issues:
        project, _ = load_project(root)
        build_packages(redact(project), tmp_path / "out", dt.date(2026, 2, 1))
    return issues


def sqlite_rows(tmp_path: Path) -> list[tuple]:
    """The rows of table things in the SQLite download checked_then_built wrote (the preview)."""
    db = sqlite3.connect(tmp_path / "out" / "d" / "preview" / "d.sqlite")
    try:
        return db.execute("SELECT * FROM things ORDER BY rowid").fetchall()
    finally:
        db.close()


INTEGER_KEY = {"fields": [{"name": "id", "type": "integer"}, {"name": "note"}], "primaryKey": "id"}
NUMBER_KEY = {"fields": [{"name": "id", "type": "number"}, {"name": "note"}], "primaryKey": "id"}
WIDE_INTEGER = {"fields": [{"name": "id"}, {"name": "n", "type": "integer"}]}
REQUIRED_NUMBER = {
    "fields": [{"name": "id"}, {"name": "x", "type": "number", "constraints": {"required": True}}]
}


@pytest.mark.parametrize(
    "schema, text, expected",
    [
        # check_primary_key (and columnar.duplicate_keys) compared keys as text: "1" and "01"
        # differed,
        # so the data was valid; the SQLite download types the column INTEGER and its PRIMARY KEY
        # raised sqlite3.IntegrityError (UNIQUE constraint failed) in build_packages. frictionless's
        # own primary-key check compares typed values and calls them duplicates.
        # Fixed: keys are compared by their read value, so such data is refused before any build.
        (INTEGER_KEY, "id,note\n1,a\n01,b\n", (3, "duplicate-key")),
        (NUMBER_KEY, "id,note\n1,a\n1.0,b\n", (3, "duplicate-key")),
        # A required number field holding NaN (valid: no bound refused it) became NULL in a REAL
        # NOT NULL column: sqlite3.IntegrityError. Fixed: non-finite numbers are refused.
        (REQUIRED_NUMBER, "id,x\na,NaN\n", (2, "not-finite")),
        # Number keys that differ beyond a float's precision were two keys to the checks and one
        # REAL value to SQLite: sqlite3.IntegrityError (UNIQUE constraint failed) in build_packages.
        (NUMBER_KEY, "id,note\n9007199254740993,a\n9007199254740992,b\n", (2, "number-precision")),
        # An integer beyond 64 bits was kept as text, which the INTEGER column stored as REAL:
        # 100000000000000000001 was published as 1e+20. Fixed: numbers the downloads cannot hold
        # exactly are refused.
        (WIDE_INTEGER, "id,n\na,100000000000000000001\n", (2, "number-precision")),
    ],
    ids=[
        "integer key 1 and 01",
        "number key 1 and 1.0",
        "required NaN",
        "number keys beyond float precision",
        "integer beyond 64 bits",
    ],
)
def test_data_its_sqlite_download_cannot_hold_is_refused_before_the_build(
    tmp_path: Path, monkeypatch, schema: dict, text: str, expected: tuple
):
    issues = checked_then_built(tmp_path, monkeypatch, {"things": ("d", schema, text)})
    found = [(i.path, i.line, i.code) for i in issues if i.code != "integer-form"]
    assert found == [("data/d/things.csv", *expected)]  # "01" is also told to be written 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "schema, text, stored",
    [
        # Keys that are different numbers: valid, one row each, typed in SQLite ("02" is
        # refused as integer-form since 2026-12-02: whole numbers are written in plain digits).
        (INTEGER_KEY, "id,note\n1,a\n2,b\n", [(1, "a"), (2, "b")]),
        (NUMBER_KEY, "id,note\n1.0,a\n02,b\n", [(1.0, "a"), (2.0, "b")]),
        # The largest and smallest 64-bit integers, held exactly.
        (
            WIDE_INTEGER,
            "id,n\na,9223372036854775807\nb,-9223372036854775808\n",
            [("a", 2**63 - 1), ("b", -(2**63))],
        ),
        # A required number field with finite values: REAL NOT NULL holds them.
        (REQUIRED_NUMBER, "id,x\na,1e5\nb,-0\n", [("a", 100000.0), ("b", 0.0)]),
    ],
    ids=[
        "integer keys 1 and 2",
        "number keys 1.0 and 02",
        "64-bit integer bounds",
        "required finite numbers",
    ],
)
def test_valid_data_builds_its_sqlite_download(
    tmp_path: Path, monkeypatch, schema: dict, text: str, stored: list
):
    assert checked_then_built(tmp_path, monkeypatch, {"things": ("d", schema, text)}) == []
    assert sqlite_rows(tmp_path) == stored


def test_a_header_of_many_columns_is_checked_in_linear_time(tmp_path: Path, monkeypatch):
    # load.check_header looks for a repeated name with `name in header[:index]`: O(n^2) in the
    # number of columns (measured: 20,000 columns 1.5 s, 40,000 columns in a 263 KiB file 5.9 s,
    # either reader; a 10 MB header line of 1.3 million names would take about 1.5 hours).
    # The names seen are now kept in a set.
    from datasite.issues import DataError

    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    (tmp_path / "things.csv").write_text(
        ",".join(f"c{i}" for i in range(40_000)) + "\n", encoding="utf-8"
    )
    table = Table("things", "d", {"fields": [{"name": "id"}]}, "s", "things.csv")
    tracemalloc.start()
    with pytest.raises(
        DataError
    ) as raised:  # (a set of seen names keeps this linear; no timing here)
        read_csv(tmp_path, tmp_path / "things.csv", table)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(raised.value.issues) == 40_000  # each unknown column (id is not required)
    # each problem shares one copy of the header: a copy each took 12.6 GB
    assert peak < 200_000_000, peak


@pytest.mark.parametrize(
    "schema, rows, expected",
    [
        (
            {"fields": [{"name": "id", "type": "integer"}, {"name": "note"}], "primaryKey": "id"},
            [["1", "a"], ["01", "b"]],
            [(3, "duplicate-key"), (3, "integer-form")],  # "01" is also to be written 1
        ),
        (
            {"fields": [{"name": "id", "type": "number"}, {"name": "note"}], "primaryKey": "id"},
            [["1", "a"], ["1.0", "b"]],
            [(3, "duplicate-key")],
        ),
        (
            {"fields": [{"name": "id"}, {"name": "x", "type": "number"}]},
            [["a", "NaN"], ["b", "1e999"], ["c", "-Infinity"], ["d", "1e5"], ["e", "12.5"]],
            [(2, "not-finite"), (3, "not-finite"), (4, "not-finite")],
        ),
    ],
    ids=["integer keys 1 and 01", "number keys 1 and 1.0", "numbers that are not finite"],
)
def test_typed_keys_and_non_finite_numbers_are_problems_both_ways(
    tmp_path: Path, monkeypatch, schema: dict, rows: list, expected: list
):
    for limit in (0, columnar.DISTINCT_LIMIT):
        (tmp_path / str(limit)).mkdir()
        project = screened_project(tmp_path / str(limit), monkeypatch, schema, rows, limit=limit)
        screened, every_row = both_ways(project)
        assert screened == every_row
        assert [(i.line, i.code) for i, _ in every_row] == expected
