"""Rules between two fields of a row, declared in the schema (check/relations.py): a count's
window starts no later than its as-of date, a range's upper end is at least its value, and an
upper end goes with the qualifier "between" and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.check.tables import check_project
from datasite.issues import sort_issues
from datasite.load import project as load
from datasite.load.project import load_project
from tests.check.test_claims import GOOD, TALLIES, append
from tests.conftest import TODAY, edit, run_main

WINDOW = ",2026-01-09,day,,2026-01-08,day,"  # as_of, its precision, note, window_start, precision
CASES = [
    (
        WINDOW,
        ",2026-01-09,day,,2026-01-10,day,",
        'date-order: field "window_start": "2026-01-10" is after as_of "2026-01-09"',
    ),
    (  # a month that begins after the day counted to
        WINDOW,
        ",2026-01-31,day,,2026-02,month,",
        'date-order: field "window_start": "2026-02" is after as_of "2026-01-31"',
    ),
    (  # a year that begins after the month counted to
        WINDOW,
        ",2025-12,month,,2026,year,",
        'date-order: field "window_start": "2026" is after as_of "2025-12"',
    ),
    (
        "released,12,,at_least,",
        "released,13,,between,",
        'filled-when: field "value_max": is empty but qualifier is "between", which needs it',
    ),
    (
        "released,12,,at_least,",
        "released,13,20,at_least,",
        'filled-when: field "value_max": is filled but qualifier is "at_least"; only "between" '
        "has it",
    ),
    (
        "released,12,,at_least,",
        "released,13,8,between,",
        'range-order: field "value_max": "8" is less than value "13"',
    ),
]
CASES.append(
    (  # a count's qualifier with no number ("more than" and nothing) is no count
        "released,12,,at_least,",
        "released,,,more_than,",
        'filled-when: field "value": is empty but qualifier is "more_than", which needs it',
    )
)
FINE = [
    (WINDOW, ",2026-01-09,day,,2026-01-09,day,"),  # the same day
    (WINDOW, ",2026-01,month,,2026-01-20,day,"),  # a day within the month counted to
    (WINDOW, ",2026-01-09,day,,2026-01,month,"),  # the month of the day counted to
    (WINDOW, ",2026-01-09,day,,,not_stated,"),  # no start stated
    ("released,12,,at_least,", "released,13,20,between,"),
    ("released,12,,at_least,", "released,13,13,between,"),
]


def another(old: str, new: str, name: str = "alpha-new") -> str:
    """GOOD under another id, with one change (the old text must be in it)."""
    rest = GOOD.split(",", 1)[1]
    assert old in rest
    return f"{name},{rest.replace(old, new)}"


def problems(root: Path, screen: bool) -> list[str]:
    project, issues = load_project(root)
    assert issues == []
    return [
        f"{i.path}:{i.line}: {i.code}: {i.message}"
        for i in sort_issues(check_project(project, TODAY, screen=screen))
    ]


@pytest.mark.parametrize("screen", [True, False], ids=["columns-screened", "rows"])
@pytest.mark.parametrize("old, new, expected", CASES)
def test_a_row_against_its_own_fields_is_refused_at_its_line(
    project: Path, monkeypatch, screen: bool, old: str, new: str, expected: str
):
    if screen:
        monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)  # read into columns and screened
    line = append(project / TALLIES, another(old, new))
    assert problems(project, screen) == [f"{TALLIES}:{line}: {expected}"]


@pytest.mark.parametrize("old, new", FINE)
def test_rows_within_the_rules_pass(project: Path, monkeypatch, old: str, new: str):
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    append(project / TALLIES, another(old, new))
    assert problems(project, screen=True) == []


def test_the_problems_and_hints_in_spanish(project: Path, capsys):
    append(project / TALLIES, another(*CASES[0][:2]))
    append(project / TALLIES, another(*CASES[3][:2], "alpha-newer"))
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    assert 'campo "window_start": "2026-01-10" es posterior a as_of "2026-01-09"' in out
    assert "un período empieza en la fecha hasta la que se cuenta o antes" in out
    assert 'campo "value_max": está vacío pero qualifier es "between", que lo necesita' in out


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("notAfter: as_of", "notAfter: as_off", "notAfter must name another field"),
        ("upperOf: value", "upperOf: qualifier", "upperOf must name another number field"),
        (
            "filledWhen: {field: qualifier, values: [between]}",
            "filledWhen: {field: qualifier, values: between}",
            "filledWhen must be a mapping of field",
        ),
    ],
)
def test_a_relation_that_names_no_usable_field_is_refused_at_the_schema(
    project: Path, capsys, old: str, new: str, expected: str
):
    edit(project / "schemas/tallies.schema.yaml", old, new)
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert out.startswith("schemas/tallies.schema.yaml: schema-invalid: field ")
    assert expected in out


def test_a_whole_number_written_with_a_thousands_point_is_left_to_the_type_check(
    project: Path,
):
    append(project / TALLIES, another("released,12,,at_least,", "released,8,1.000,between,"))
    found = problems(project, screen=False)
    assert [f.split(": ")[1] for f in found] == ["type"], found


def test_a_field_left_out_of_a_yaml_record_is_told_at_the_other_fields_line(project: Path):
    """`qualifier: between` with no `value_max` line was told at line 1, the record's first."""
    from datasite.check.relations import check_relations
    from datasite.model import Row

    (project_, _) = load_project(project)
    table = project_.table("tallies")
    row = table.rows[0]
    values = dict(row.values, qualifier="between", value_max="")
    lines = {name: n for n, name in enumerate(values, 1) if name != "value_max"}
    table.rows = [Row(values, "data/releases/tallies/x.yaml", 1, lines)]
    (found,) = check_relations(table)
    assert (found.code, found.line) == ("filled-when", lines["qualifier"])
