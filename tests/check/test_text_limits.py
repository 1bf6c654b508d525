"""Text a spreadsheet cell cannot hold (over 32,767 UTF-16 units) is refused at file:line, so the
XLSX download never differs from the CSV and JSON; the column screen keeps every such row."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.check import screen as columnar
from datasite.check.safety import CELL_LIMIT, over_cell_limit
from datasite.cli import main
from tests.check.conftest import both_ways, screened_project
from tests.conftest import edit

TALLIES = "data/releases/tallies.csv"
MESSAGE = (
    'field "note": is {n} characters long, more than the 32,767 a spreadsheet cell can hold, '
    "so the XLSX download would cut it"
)


def long_note(project: Path, note: str) -> None:
    edit(
        project / "schemas/tallies.schema.yaml",
        "constraints: {maxLength: 1000}\n  - name: note_es",
        "\n  - name: note_es",
    )
    edit(project / TALLIES, "Fictional count.", note)


@pytest.mark.usefixtures("both_readers")
def test_a_text_over_a_spreadsheet_cell_stops_validate_and_build(project: Path, capsys):
    long_note(project, "x" * (CELL_LIMIT + 1))
    expected = f"{TALLIES}:2: text-too-long: " + MESSAGE.format(n="32,768")
    assert main(["validate"], root=project) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        expected,
        "    hint: shorten the text; a long document belongs in a source, cited by its link",
        "1 problem in 1 file.",
    ]
    assert main(["build"], root=project) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == expected
    assert err[-1] == "Build stopped; site/ was left as it was."
    assert not (project / "site").exists()


def test_the_message_in_spanish(project: Path, capsys):
    long_note(project, "x" * (CELL_LIMIT + 5))
    assert main(["validate", "--lang", "es"], root=project) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        f'{TALLIES}:2: text-too-long: campo "note": tiene 32.772 caracteres, más de los 32.767 '
        "que caben en una celda "
        "de hoja de cálculo, así que la descarga XLSX lo cortaría",
        "    sugerencia: acorte el texto; un documento largo va en una fuente, citada por su "
        "enlace",
    ]


def test_a_text_of_exactly_the_limit_is_published(project: Path, capsys):
    long_note(project, "x" * CELL_LIMIT)
    assert main(["validate"], root=project) == 0, capsys.readouterr().out


def test_the_length_is_counted_as_a_spreadsheet_counts_it():
    assert over_cell_limit("x" * CELL_LIMIT, ",") == 0
    assert over_cell_limit("x" * (CELL_LIMIT + 1), ",") == CELL_LIMIT + 1
    assert (
        over_cell_limit("😀" * 16_384, ",") == 32_768
    )  # 16,384 characters beyond the BMP: two units each
    assert over_cell_limit(["x" * 16_384, "y" * 16_383], ";") == 32_768  # joined as in the CSV
    assert over_cell_limit(["x" * 16_383, "y" * 16_383], ";") == 0


@pytest.mark.parametrize("limit", [0, columnar.DISTINCT_LIMIT])
def test_the_column_screen_keeps_every_text_over_the_limit(tmp_path: Path, monkeypatch, limit: int):
    schema = {
        "fields": [
            {"name": "id"},
            {"name": "note"},
            {"name": "tags", "type": "list", "delimiter": ";"},
            {"name": "kind", "constraints": {"enum": ["a", "b"]}},
        ]
    }
    rows = [
        ["r1", "x" * CELL_LIMIT, "a", "a"],  # at the limit
        ["r2", "x" * (CELL_LIMIT + 1), "a", "a"],
        [
            "r3",
            "é" * 20_000,
            "a",
            "a",
        ],  # 40,000 bytes, 20,000 units: kept by the screen, passed by the check
        ["r4", "😀" * 16_384, "a", "b"],  # 16,384 characters, 32,768 units
        ["r5", "ok", ";".join(["y" * 10_000] * 4), "a"],
    ]  # the list joined is 40,003 long
    screened, every_row = both_ways(
        screened_project(tmp_path, monkeypatch, schema, rows, limit=limit)
    )
    assert screened == every_row
    assert [(i.line, i.field, i.message) for i, _ in every_row if i.code == "text-too-long"] == [
        (3, "note", MESSAGE.format(n="32,768")),
        (5, "note", MESSAGE.format(n="32,768")),
        (6, "tags", MESSAGE.replace('"note"', '"tags"').format(n="40,003")),
    ]
