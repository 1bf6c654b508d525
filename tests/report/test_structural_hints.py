"""What validate shows for a row with a comma missing or extra, and for runs of one problem in one
column: the exact text, in English and Spanish, and every row still in --format json."""

import json
from pathlib import Path

import pytest

from datasite.cli import main
from datasite.issues import Issue
from datasite.report.summaries import summarised
from tests.conftest import edit

TALLIES = "data/releases/tallies.csv"
GOOD = (
    "alpha-2026-01-09-released,released,12,,at_least,ngo-alpha,2026-01-09,day,,2026-01-08,day,,"
    "verified,,daily-2026-01-10,Fictional count.,Cifra ficticia."
)
READERS = pytest.mark.usefixtures("both_readers")


def run(root: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["validate", *args], root=root)
    return code, capsys.readouterr().out


@READERS
def test_a_row_one_cell_short_shows_which_value_landed_in_which_column(project: Path, capsys):
    edit(project / TALLIES, GOOD, GOOD.replace(",released,12,", ",released12,"))
    code, out = run(project, capsys)
    assert code == 1
    assert out == (
        "data/releases/tallies.csv:2: csv-ragged: row has 16 cells but the header has 17\n"
        "    hint: a comma is missing, so the values after it moved one column left: "
        'id ← "alpha-2026-01-09-releas…"; measure ← "released12"; value ← ""; '
        'value_max ← "at_least"; qualifier ← "ngo-alpha"; claimed_by ← "2026-01-09"; '
        'as_of ← "day"; as_of_precision ← ""; as_of_note ← "2026-01-08"; window_start ← "day"; '
        'window_start_precision ← ""; facility_id ← "verified"; verification ← ""; '
        'breakdown ← "daily-2026-01-10"; source_ids ← "Fictional count."; '
        'note ← "Cifra ficticia."; note_es ← nothing. Put the comma back where a value first '
        "sits under the wrong column\n"
        "1 problem in 1 file.\n"
    )


@READERS
def test_a_row_one_cell_long_says_so_in_spanish(project: Path, capsys):
    edit(project / TALLIES, GOOD, GOOD.replace("Fictional count.", "Fictional, count."))
    code, out = run(project, capsys, "--lang", "es")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "data/releases/tallies.csv:2: csv-ragged: la fila tiene 18 celdas pero el encabezado "
        "tiene 17"
    )
    assert lines[1].startswith("    sugerencia: sobra una coma: los valores quedaron así: id ← ")
    assert lines[1].endswith(
        'note ← "Fictional"; note_es ← "count."; (sin columna) ← "Cifra ficticia.". Borre la '
        "coma de más, o ponga entre comillas dobles el valor que contiene una coma"
    )


def dmy_rows(project: Path, count: int) -> None:
    """count rows whose as_of is day/month/year: 13/01 … (unambiguous) then 01/02 … (ambiguous)."""
    days = [13, 14, 15, 2, 3][:count]
    rows = [
        GOOD.replace("alpha-2026-01-09-released", f"alpha-{n}").replace(
            ",2026-01-09,day,", f",{day:02d}/01/2026,day,"
        )
        for n, day in enumerate(days)
    ]
    edit(project / TALLIES, GOOD, "\n".join(rows))


@READERS
def test_day_month_year_dates_in_one_column_are_told_once(project: Path, capsys):
    dmy_rows(project, 5)
    code, out = run(project, capsys)
    assert code == 1
    assert out == (
        'data/releases/tallies.csv:2: date-dmy: 5 dates in column "as_of" are written '
        "day/month/year (lines 2, 3, 4, 5, 6)\n"
        "    hint: give the column the custom format yyyy-mm-dd in the spreadsheet (Format Cells "
        "> Custom) and save again; line 2: write it as 2026-01-13 (YYYY-MM-DD); 2 are ambiguous "
        "(day and month both 12 or less; lines 5, 6): check them against the source\n"
        "5 problems in 1 file.\n"
    )


@READERS
def test_the_summary_reads_in_spanish_and_points_github_at_its_first_line(project: Path, capsys):
    dmy_rows(project, 5)
    _, out = run(project, capsys, "--lang", "es")
    assert out.splitlines()[0] == (
        'data/releases/tallies.csv:2: date-dmy: 5 fechas de la columna "as_of" están escritas '
        "como día/mes/año (líneas 2, 3, 4, 5, 6)"
    )
    assert out.splitlines()[-1] == "5 problemas en 1 archivo."
    _, out = run(project, capsys, "--format", "github")
    assert out.splitlines()[0].startswith(
        "::error file=data/releases/tallies.csv,line=2,col=41,title=date-dmy%3A as_of::5 dates "
        'in column "as_of" are written day/month/year (lines 2, 3, 4, 5, 6)%0Ahint: '
    )
    assert out.splitlines()[1:] == ["5 problems in 1 file."]


@READERS
def test_json_keeps_every_row_of_a_summarised_run(project: Path, capsys):
    dmy_rows(project, 5)
    _, out = run(project, capsys, "--format", "json")
    issues = json.loads(out)["issues"]
    assert [(i["line"], i["hint"]) for i in issues] == [
        (2, "write it as 2026-01-13 (YYYY-MM-DD)"),
        (3, "write it as 2026-01-14 (YYYY-MM-DD)"),
        (4, "write it as 2026-01-15 (YYYY-MM-DD)"),
        (
            5,
            '"02/01/2026" is ambiguous: day/month gives 2026-01-02, month/day gives 2026-02-01; '
            "check the source and write it as YYYY-MM-DD",
        ),
        (
            6,
            '"03/01/2026" is ambiguous: day/month gives 2026-01-03, month/day gives 2026-03-01; '
            "check the source and write it as YYYY-MM-DD",
        ),
    ]


@READERS
def test_three_alike_stay_three_lines(project: Path, capsys):
    dmy_rows(project, 3)
    _, out = run(project, capsys)
    assert [line.split(": ")[1] for line in out.splitlines()[:-1:2]] == ["date-dmy"] * 3


def test_any_run_of_one_code_in_one_column_is_told_once_in_its_place():
    issues = (
        [Issue("a.csv", 1, "csv-header", "no header")]
        + [
            Issue(
                "a.csv",
                n,
                "enum",
                f'field "kind": "x{n}" is not one of a, b',
                field="kind",
                hint="h",
            )
            for n in range(2, 9)
        ]
        + [Issue("b.csv", 2, "enum", 'field "kind": "y" is not one of a, b', field="kind")]
    )
    out = summarised(issues)
    assert [str(i) for i in out] == [
        "a.csv:1: csv-header: no header",
        'a.csv:2: enum: 7 problems of this kind in column "kind" (lines 2, 3, 4, 5, 6 …); the '
        'first: field "kind": "x2" is not one of a, b',
        'b.csv:2: enum: field "kind": "y" is not one of a, b',
    ]
    assert out[1].hint == "h; each line with its own hint: validate --format json"
    assert summarised(issues, "es")[1].message.startswith(
        '7 problemas de este tipo en la columna "kind" (líneas 2, 3, 4, 5, 6 …); el primero: '
    )


def test_problems_with_different_fixes_are_not_told_as_one():
    issues = [
        Issue("a.csv", n, "enum", f'field "q": "v{n}" is not one of a, b', field="q", hint=h)
        for n, h in enumerate(["to a", "to a", "to b", "to a", "to b", "to b"], 2)
    ]
    assert summarised(issues) == issues


SOURCES = "data/references/sources.csv"
FACILITIES = "data/places/facilities.yaml"


@pytest.mark.parametrize(
    ("path", "old", "new", "said"),
    [
        # Python's csv module said "',' expected after '\"'" and "unexpected end of data".
        (
            TALLIES,
            "Fictional count.,",
            '"Fictional "bulletin" count.",',
            'csv-syntax: hay texto después de la comilla (") que cierra un valor; una comilla '
            'dentro de un valor se escribe dos veces ("")',
        ),
        (
            TALLIES,
            "fort-one,estimated,,daily-2026-01-10,,",
            'fort-one,estimated,,daily-2026-01-10,"Mid-January,',
            'csv-syntax: una comilla (") que abre un valor nunca se cierra antes del final del '
            "archivo",
        ),
        # a quote left open mid-file: told at its row, not where the reader gave up
        (
            TALLIES,
            "Cifra ficticia.",
            '"Cifra ficticia.',
            'tallies.csv:2: csv-syntax: hay texto después de la comilla (") que cierra un valor',
        ),
        # "no es válido como texto" and "escriba un valor de tipo string" for an address
        (
            SOURCES,
            "https://news.example.org/2026/01/10/releases",
            "news.example.org/2026/01/10/releases",
            'type: campo "url": "news.example.org/2026/01/10/releases" no es válido como '
            "dirección web\n    sugerencia: escriba la dirección entera, empezando por https://",
        ),
        # the message stayed English, and its hint said to write a list
        (
            FACILITIES,
            "  note_es: Un centro ficticio.\n",
            "  note_es: [Un centro, ficticio]\n",
            'yaml-shape: campo "note_es": debe ser un solo valor, no una lista\n    sugerencia: '
            "escriba el valor después de los dos puntos como un solo texto; una lista, entre [ ] "
            'o en líneas que empiezan por "- ", es solo para un campo de lista (other_names',
        ),
    ],
)
def test_a_file_mistake_is_told_in_the_contributors_words(
    project: Path, capsys, path: str, old: str, new: str, said: str
):
    edit(project / path, old, new)
    code, out = run(project, capsys, "--lang", "es")
    assert code == 1 and said in out, out
    assert " expected after " not in out and "end of data" not in out and "string" not in out


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        # the pattern's regular expression, and no date proposed
        (
            ",2026-01-09,day,",
            ",8 de enero de 2026,day,",
            "no es una fecha escrita AAAA-MM-DD, AAAA-MM o AAAA\n    sugerencia: escríbala como "
            "2026-01-08 (AAAA-MM-DD)",
        ),
        (",2026-01-09,day,", ",2026-1-9,day,", "sugerencia: escríbala como 2026-01-09"),
        (",2026-01-09,day,", ",January 9 2026,day,", "sugerencia: escríbala como 2026-01-09"),
        (
            ",2026-01-09,day,",
            ",enero de 2026,month,",
            "sugerencia: escríbala como 2026-01 (AAAA-MM) con precisión month",
        ),
        (",2026-01-09,day,", ",31 de febrero de 2026,day,", "sugerencia: revise el día y el mes"),
        # CONTRIBUTING's own example: the words of a count go in its qualifier
        (
            "released,12,,at_least,",
            "released,más de 1.200,,at_least,",
            "sugerencia: escriba solo la cifra (1200); las palabras van en qualifier, como "
            "more_than",
        ),
    ],
)
def test_a_date_or_count_in_words_is_told_how_to_write_it(
    project: Path, capsys, old: str, new: str, said: str
):
    edit(project / TALLIES, GOOD, GOOD.replace(old, new))
    code, out = run(project, capsys, "--lang", "es")
    assert code == 1 and said in out, out
    assert "^[0-9]" not in out


STAGE = "data/law/legal_stages/example-law-announced.yaml"


def renamed_measure(root: Path) -> None:
    """A published measure's id changed: every count citing it points nowhere."""
    from tests.conftest import freeze_all

    freeze_all(root)
    edit(root / "data/releases/measures.yaml", "- id: detained\n", "- id: still-detained\n")


def split_tallies_with_a_copy(root: Path) -> None:
    """The counts as one file per record, and a copy of one under another id."""
    assert main(["split", "releases/tallies"], root=root) == 0
    folder = root / "data/releases/tallies"
    text = (folder / "alpha-2026-01-09-released.yaml").read_text(encoding="utf-8")
    (folder / "alpha-copy.yaml").write_text(
        text.replace("id: alpha-2026-01-09-released", "id: alpha-copy"), encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("change", "said"),
    [
        # YAML reads "  - b" under "- a" as the text "a - b": told that no such id exists
        (
            lambda root: edit(
                root / STAGE,
                "- daily-2026-01-10\n",
                "- daily-2026-01-10\n  - bulletin-2026-01-20\n",
            ),
            'sugerencia: "bulletin-2026-01-20" tiene más sangría que el elemento de arriba, así '
            'que YAML leyó los dos como un solo texto: empiece cada "- " de la lista en la misma '
            "columna",
        ),
        # told there was no ": " after a field name, which sent the contributor nowhere
        (
            lambda root: edit(
                root / STAGE, "- daily-2026-01-10\n", "- daily-2026-01-10\nbulletin-2026-01-20\n"
            ),
            f'{STAGE}:11: yaml-syntax: esta línea no lleva "- " delante, y la de arriba es un '
            'elemento de una lista: escriba "- " delante de ella también',
        ),
        # each citing count was told only that no such id exists
        (
            renamed_measure,
            'sugerencia: "detained" es un id de measures publicado en la versión 1.2.0, y un id '
            "publicado nunca cambia: si se cambió el id de un registro, devuélvale detained",
        ),
        # told "escriba una lista como [a, b]"
        (
            lambda root: (root / "data/law/legal_stages/example-law-passed.yaml").write_text(""),
            "sugerencia: escriba los campos del registro, un campo: valor por línea (`python "
            "build.py new legal_stages --lang es` imprime uno para llenar), o borre el archivo",
        ),
        # .yml was told to be renamed, .YAML only that it did not belong
        (
            lambda root: (root / STAGE).rename(root / STAGE.replace(".yaml", ".YAML")),
            "unknown-file: un archivo de registro termina en .yaml: renómbrelo a "
            "example-law-announced.yaml",
        ),
        # a record file was told to delete "this row"
        (
            split_tallies_with_a_copy,
            "sugerencia: si ambas informan de una misma cifra, borre este archivo y añada sus "
            'fuentes a la lista de fuentes de "alpha-2026-01-09-released"',
        ),
    ],
    ids=[
        "indented too far",
        "item without its dash",
        "published id renamed",
        "empty record file",
        "upper-case suffix",
        "duplicate claim in a record file",
    ],
)
def test_a_mistake_in_a_records_shape_is_told_what_it_is(project: Path, capsys, change, said):
    change(project)
    code, out = run(project, capsys, "--lang", "es")
    assert code == 1 and said in out, out


def test_a_settings_id_that_does_not_exist_gets_the_nearest_ones(project: Path, capsys):
    """A claimant typed by its name in site.yaml was told where tables are declared."""
    edit(
        project / "data/site.yaml",
        "claimants: [ngo-alpha, gov-beta]",
        "claimants: [NGO Alpha, gov-beta]",
    )
    code, out = run(project, capsys)
    assert (
        code == 1
        and ("hint: closest existing ids: ngo-alpha; the ids are in data/references/actors.yaml")
        in out
    ), out


def test_a_required_field_with_no_line_in_a_yaml_record_is_told_to_add_it(project: Path, capsys):
    """It was told the field "is required but empty" and to "fill it in", with no line to fill."""
    edit(project / STAGE, "actor_id: minister-gamma\n", "")
    code, out = run(project, capsys, "--lang", "es")
    assert (
        code == 1
        and (
            'required: campo "actor_id": es obligatorio, y el registro no tiene la línea '
            '"actor_id:"\n    sugerencia: añada al registro una línea "actor_id: valor"'
        )
        in out
    ), out
