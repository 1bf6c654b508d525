"""What a pull request shows: at most 10 annotations and a note past them, every problem in the
job summary in both languages, annotations in the language asked for (exact text)."""

from pathlib import Path

from datasite.cli import main
from datasite.issues import Issue
from datasite.report.output import as_github, as_markdown, job_summary
from tests.conftest import edit


def distinct(count: int) -> list[Issue]:
    """Problems of one kind in as many files, so none is summarised with another."""
    return [
        Issue(f"data/t{n}.csv", n + 1, "enum", f'field "q": "x{n}" is wrong', field="q", hint="y")
        for n in range(count)
    ]


def test_ten_problems_are_ten_annotations_and_no_note():
    lines = as_github(distinct(10)).splitlines()
    assert len(lines) == 11 and all(line.startswith("::error ") for line in lines[:10])
    assert lines[-1] == "10 problems in 10 files."


def test_past_ten_the_log_says_only_ten_are_annotations_and_lists_the_rest():
    lines = as_github(distinct(12)).splitlines()
    assert lines[9] == (
        '::error file=data/t9.csv,line=10,title=enum%3A q::field "q": "x9" is wrong%0Ahint: y'
    )
    assert lines[10:] == [
        "::notice::GitHub shows at most 10 annotations per step: the first 10 of the 12 problems "
        "listed here are annotations; the other 2 follow below, and the job summary lists every "
        "one.",
        'data/t10.csv:11: enum: field "q": "x10" is wrong',
        "    hint: y",
        'data/t11.csv:12: enum: field "q": "x11" is wrong',
        "    hint: y",
        "12 problems in 12 files.",
    ]


def test_the_note_in_spanish():
    lines = as_github(distinct(11), "es").splitlines()
    assert lines[0].endswith("%0Asugerencia: y")
    assert lines[10:] == [
        "::notice::GitHub muestra como máximo 10 anotaciones por paso: los primeros 10 de los 11 "
        "problemas listados aquí son anotaciones; el otro sigue abajo, y el resumen del "
        "trabajo los lista todos.",
        'data/t10.csv:11: enum: field "q": "x10" is wrong',
        "    sugerencia: y",
        "11 problemas en 11 archivos.",
    ]


def test_a_summarised_run_counts_as_one_annotation():
    run = [
        Issue("data/t.csv", n, "enum", f'field "q": "x{n}" is wrong', field="q", hint="y")
        for n in range(2, 30)
    ]
    lines = as_github(run + distinct(9)).splitlines()
    assert len(lines) == 11 and not any(line.startswith("::notice") for line in lines)
    assert lines[0].startswith(
        '::error file=data/t.csv,line=2,title=enum%3A q::28 problems of this kind in column "q" '
        "(lines 2, 3, 4, 5, 6 …)"
    )


def test_the_summary_lists_every_line_of_a_run_under_it():
    run = [
        Issue("data/t.csv", n, "enum", f'field "q": "x{n}" is wrong', field="q", hint="y")
        for n in range(2, 6)
    ]
    assert as_markdown(run, "es").splitlines()[6] == (
        '| data/t.csv | 2 | <code>enum</code> 4 problemas de este tipo en la columna "q" (líneas '
        '2, 3, 4, 5); el primero: field "q": "x2" is wrong<details><summary>cada una de las 4 '
        'líneas</summary>2: field "q": "x2" is wrong → y<br>3: field "q": "x3" is wrong → y<br>'
        '4: field "q": "x4" is wrong → y<br>5: field "q": "x5" is wrong → y</details> | y; cada '
        "línea con su sugerencia: validate --format json |"
    )


def test_the_summary_lists_all_twelve_problems_in_each_language():
    text = job_summary({"es": distinct(12), "en": distinct(12)})
    spanish, english = text.split("## Data validation")
    assert spanish.startswith("## Validación de los datos\n\n❌ 12 problemas en 12 archivos.\n")
    for part in (spanish, english):
        rows = [line for line in part.splitlines() if line.startswith("| data/")]
        assert [row.split(" | ")[1] for row in rows] == [str(n) for n in range(1, 13)]
    assert rows[-1] == '| data/t11.csv | 12 | <code>enum</code> field "q": "x11" is wrong | y |'


def test_a_summary_too_long_for_github_in_two_languages_keeps_the_first():
    assert job_summary({"en": distinct(6), "es": distinct(6)}, limit=600) == as_markdown(
        distinct(6), "en"
    )


def test_a_summary_too_long_for_github_in_one_language_is_cut_at_a_row():
    assert job_summary({"en": distinct(6), "es": distinct(6)}, limit=450) == (
        "## Data validation\n\n❌ 6 problems in 6 files.\n\n"
        "| File | Line | Problem | How to fix |\n|---|---:|---|---|\n"
        '| data/t0.csv | 1 | <code>enum</code> field "q": "x0" is wrong | y |\n'
        '| data/t1.csv | 2 | <code>enum</code> field "q": "x1" is wrong | y |\n'
        '| data/t2.csv | 3 | <code>enum</code> field "q": "x2" is wrong | y |\n'
        "\nThe summary stops here, 3 of its 6 rows left out: GitHub keeps at most 1 MiB of it. "
        "`python build.py validate` lists every problem.\n"
    )


def test_a_github_run_annotates_in_the_language_asked_and_summarises_in_both(
    project: Path, capsys, monkeypatch, tmp_path: Path
):
    edit(project / "data/releases/tallies.csv", ",12,,at_least,", ",12,,atleast,")
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["validate", "--format", "github", "--lang", "es"], root=project) == 1
    assert capsys.readouterr().out == (
        "::error file=data/releases/tallies.csv,line=2,col=40,title=enum%3A qualifier::campo "
        '"qualifier": "atleast" no es uno de exact, at_least, more_than, approximately, at_most, '
        'between, nearly%0Asugerencia: ¿quiso decir "at_least"?\n'
        "1 problema en 1 archivo.\n"
    )
    choices = "exact, at&#95;least, more&#95;than, approximately, at&#95;most, between, nearly"
    assert summary.read_text(encoding="utf-8") == (
        "## Validación de los datos\n\n❌ 1 problema en 1 archivo.\n\n"
        "| Archivo | Línea | Problema | Cómo corregirlo |\n|---|---:|---|---|\n"
        '| data/releases/tallies.csv | 2 | <code>enum</code> campo "qualifier": "atleast" no es '
        f'uno de {choices} | ¿quiso decir "at&#95;least"? |\n\n'
        "## Data validation\n\n❌ 1 problem in 1 file.\n\n"
        "| File | Line | Problem | How to fix |\n|---|---:|---|---|\n"
        '| data/releases/tallies.csv | 2 | <code>enum</code> field "qualifier": "atleast" is not '
        f'one of {choices} | did you mean "at&#95;least"? |\n\n'
    )


def test_privacy_problems_are_annotated_first():
    """Ten misspellings must not push a name to the log past GitHub's ten annotations."""
    leak = Issue("data/z.csv", 3, "privacy-private-name", 'field "name": a name', field="name")
    lines = as_github([*distinct(12), leak]).splitlines()
    assert lines[0].startswith("::error file=data/z.csv,line=3,title=privacy-private-name")
    assert lines[1].startswith("::error file=data/t0.csv,")  # the others in their order
    assert 'data/t9.csv:10: enum: field "q": "x9" is wrong' in lines
