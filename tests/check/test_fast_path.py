"""The fast path against frictionless, the reference: the same issues, or a fall back to it."""

import pytest

from benchmarks.generate import ERROR_KINDS, generate
from datasite.check.cells import cell_errors
from datasite.check.tables import check_table
from datasite.load.project import load_project
from datasite.model import Row, Table


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A small generated project with two errors of every kind."""
    return generate(
        tmp_path_factory.mktemp("gen") / "project", 800, errors=2, fixed={"facilities": 6}
    )


def found(issues) -> set:
    return {(i.path, i.line, i.field, i.code) for i in issues}


def test_both_paths_give_the_same_issues_on_generated_data(corpus):
    project, issues = load_project(corpus.root)
    assert issues == []
    kinds = set()
    for table in project.tables().values():
        assert cell_errors(table) is not None, f"{table.name} fell back to frictionless"
        fast, reference = check_table(table), check_table(table, reference=True)
        assert fast == reference
        assert found(fast) == found(reference)
        kinds |= {i.code for i in fast}
    assert kinds == {
        "type",
        "enum",
        "pattern",
        "required",
        "minimum",
        "max-length",
        "missing-source",
    }


def test_the_generator_injects_what_it_says(corpus):
    import datetime as dt

    from datasite.check.tables import check_project

    project, _ = load_project(corpus.root)
    issues = check_project(project, dt.date(2026, 11, 29))
    assert len(corpus.expected) == 2 * len(ERROR_KINDS)
    assert corpus.expected == found(issues)


SCHEMA = {
    "fields": [
        {
            "name": "id",
            "type": "string",
            "constraints": {
                "required": True,
                "pattern": "a|b[0-9]+",
                "minLength": 2,
                "maxLength": 4,
            },
        },
        {
            "name": "n",
            "type": "integer",
            "constraints": {"minimum": 1, "maximum": 99, "enum": [1, 5, 50, 500]},
        },
        {"name": "x", "type": "number", "constraints": {"minimum": -1.5, "maximum": 10}},
        {
            "name": "flag",
            "type": "boolean",
            "trueValues": ["yes"],
            "falseValues": ["no"],
            "constraints": {"enum": [True]},
        },
        {
            "name": "tags",
            "type": "list",
            "delimiter": ";",
            "constraints": {"required": True, "minLength": 2, "maxLength": 3},
        },
        {"name": "url", "type": "string", "format": "uri"},
    ]
}
ODD = [
    {
        "id": "b12",
        "n": "5",
        "x": "1e1",
        "flag": "yes",
        "tags": ["p", "q"],
        "url": "https://example.org/a",
    },
    {"id": "a", "n": " 50", "x": "NaN", "flag": "no", "tags": ["p"], "url": "not a uri"},
    {"id": "b1234", "n": "1_0", "x": "-0", "flag": "true", "tags": ["p;q", "r"], "url": ""},
    {"id": "", "n": "٥", "x": "Infinity", "flag": "", "tags": [], "url": "mailto:someone"},
    {
        "id": "zz",
        "n": "500",
        "x": "-1.6",
        "flag": "yes",
        "tags": ["a", "b", "c", "d"],
        "url": "http://",
    },
    {
        "id": "b7",
        "n": "1.0",
        "x": "10.0",
        "flag": "YES",
        "tags": ["a", "b"],
        "url": "https://x.example",
    },
    {
        "id": "b8",
        "n": "0",
        "x": "ten",
        "flag": "no",
        "tags": ["a", "b"],
        "url": "https://x.example",
    },
]


def odd_table(schema: dict = SCHEMA, rows: list[dict] = ODD) -> Table:
    table = Table("odd", "test", schema, "schemas/odd.schema.yaml", "data/test/odd.csv")
    table.rows = [
        Row(dict(values), "data/test/odd.csv", line) for line, values in enumerate(rows, start=2)
    ]
    return table


def test_odd_values_and_every_constraint_match_frictionless():
    table = odd_table()
    assert cell_errors(table) is not None
    fast = check_table(table)
    assert fast == check_table(table, reference=True)
    # "b1234" passes the pattern: frictionless anchors it as ^a|b[0-9]+$, and so do we.
    assert [str(i) for i in fast if i.line == 4] == [
        'data/test/odd.csv:4: max-length: field "id": is 5 characters long, more than 4',
        'data/test/odd.csv:4: enum: field "n": "1_0" is not one of 1, 5, 50, 500',
        'data/test/odd.csv:4: type: field "flag": "true" is not a valid boolean',
    ]


def not_valid(kind: str) -> list[tuple]:
    return [(line, "type", f'field "day": "2026-13-01" is not a valid {kind}') for line in (2, 3)]


@pytest.mark.parametrize(
    "field, expected",
    [
        ({"name": "day", "type": "date"}, not_valid("date")),
        (
            {"name": "day", "type": "string", "constraints": {"unique": True}},
            [(3, "unique-error", 'field "day": the same as in the row at position 2')],
        ),
        ({"name": "day", "type": "integer", "bareNumber": False}, not_valid("integer")),
        ({"name": "day", "type": "string", "format": "email"}, not_valid("string")),
    ],
)
def test_anything_not_covered_falls_back_to_frictionless(field, expected):
    # cell_errors None is the fall back: check_table then asks frictionless (the same code as
    # reference=True), so what is left to check is what frictionless found.
    table = odd_table({"fields": [field]}, [{"day": "2026-13-01"}, {"day": "2026-13-01"}])
    assert cell_errors(table) is None
    assert [(i.line, i.code, i.message) for i in check_table(table)] == expected


def test_a_blank_row_falls_back_to_frictionless():
    table = odd_table(
        {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}]},
        [{"a": "", "b": ""}, {"a": "x", "b": "1"}],
    )
    assert cell_errors(table) is None
    assert [i.code for i in check_table(table)] == ["blank-row"]
