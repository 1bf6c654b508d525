"""validate's output formats, hints and Spanish messages, asserting the exact text a contributor
sees."""

import json
import re
from pathlib import Path

import pytest

from datasite.cli import default_lang, main
from datasite.issues import Issue
from datasite.report.messages import TEMPLATES, translate
from datasite.report.output import annotation, as_markdown, escape_data, escape_property
from tests.conftest import edit, run_main

# Every case that checks or builds a project of its own holds with CSV files read row by row
# and read into columns (conftest.both_readers); the sites built once per module or session are
# read once.
READERS = pytest.mark.usefixtures("both_readers")

TALLIES = "data/releases/tallies.csv"
GOOD = (
    "alpha-2026-01-09-released,released,12,,at_least,ngo-alpha,2026-01-09,day,,2026-01-08,day,,"
    "verified,,daily-2026-01-10,Fictional count.,Cifra ficticia."
)


def run(root: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["validate", *args], root=root)
    return code, capsys.readouterr().out


@pytest.fixture
def broken(project: Path) -> Path:
    """A CSV row with an enum typo and an unknown source, a YAML record with a wrong date form."""
    edit(
        project / TALLIES,
        GOOD,
        GOOD.replace(",at_least,", ",atleast,").replace(",daily-2026-01-10,", ",daily-2026-01-11,"),
    )
    edit(
        project / "data/places/facility_events.yaml", '  date: "2026-01-30"', '  date: "30/01/2026"'
    )
    return project


@READERS
def test_text_prints_each_hint_on_an_indented_line(broken: Path, capsys):
    code, out = run(broken, capsys)
    assert code == 1
    assert out == (
        'data/places/facility_events.yaml:3: date-dmy: field "date": "30/01/2026" is written '
        "day/month/year\n"
        "    hint: write it as 2026-01-30 (YYYY-MM-DD)\n"
        'data/releases/tallies.csv:2: enum: field "qualifier": "atleast" is not one of exact, '
        "at_least, more_than, approximately, at_most, between, nearly\n"
        '    hint: did you mean "at_least"?\n'
        'data/releases/tallies.csv:2: unknown-source: field "source_ids": "daily-2026-01-11" is '
        "not an id in sources\n"
        "    hint: closest existing ids: daily-2026-01-10; if it is new, add it to "
        "data/references/sources.csv first\n"
        "3 problems in 2 files.\n"
    )


@READERS
def test_github_annotations_point_at_file_and_line(broken: Path, capsys):
    code, out = run(broken, capsys, "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=data/places/facility_events.yaml,line=3,col=9,title=date-dmy%3A date::field "
        '"date": "30/01/2026" is written day/month/year%0Ahint: write it as 2026-01-30 '
        "(YYYY-MM-DD)",
        "::error file=data/releases/tallies.csv,line=2,col=40,title=enum%3A qualifier::field "
        '"qualifier": "atleast" is not one of exact, at_least, more_than, approximately, '
        'at_most, between, nearly%0Ahint: did you mean "at_least"?',
        "::error file=data/releases/tallies.csv,line=2,col=100,title=unknown-source%3A "
        'source_ids::field "source_ids": "daily-2026-01-11" is not an id in sources%0A'
        "hint: closest existing ids: daily-2026-01-10; if it is new, add it to "
        "data/references/sources.csv first",
        "3 problems in 2 files.",
    ]


def test_annotation_escapes_as_github_does():
    issue = Issue(
        "data/a,b:c%.csv",
        4,
        "enum",
        'field "x": 100% bad\r\nnext',
        field="x",
        column=7,
        hint="use y",
    )
    assert annotation(issue) == (
        '::error file=data/a%2Cb%3Ac%25.csv,line=4,col=7,title=enum%3A x::field "x": '
        "100%25 bad%0D%0Anext%0Ahint: use y"
    )
    assert escape_data("a,b:c") == "a,b:c"
    assert escape_property("50%,\n:") == "50%25%2C%0A%3A"


def test_a_file_level_problem_has_no_line():
    assert (
        annotation(Issue("data/x/datapackage.yaml", 0, "config", "bad"))
        == "::error file=data/x/datapackage.yaml,title=config::bad"
    )


@READERS
def test_a_clean_project_in_github_format(project: Path, capsys):
    assert run(project, capsys, "--format", "github") == (0, "The data is valid.\n")


@READERS
def test_job_summary_is_appended_in_a_github_run(broken: Path, capsys, monkeypatch, tmp_path: Path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(broken, capsys, "--format", "github")
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert lines[:7] == [
        "earlier step",
        "## Data validation",
        "",
        "❌ 3 problems in 2 files.",
        "",
        "| File | Line | Problem | How to fix |",
        "|---|---:|---|---|",
    ]
    assert lines[8] == (
        '| data/releases/tallies.csv | 2 | <code>enum</code> field "qualifier": "atleast" is '
        "not one of exact, at&#95;least, "
        "more&#95;than, approximately, at&#95;most, between, nearly | did you mean "
        '"at&#95;least"? |'
    )


def test_markdown_summary_lets_no_markup_through():
    issue = Issue("data/t.csv", 2, "enum", 'field "x": "<img src=x>|[a](http://e)*b*"', hint="`c`")
    row = as_markdown([issue]).splitlines()[-2]
    assert row == (
        '| data/t.csv | 2 | <code>enum</code> field "x": "&lt;img '
        'src=x&gt;&#124;&#91;a&#93;(http://e)&#42;b&#42;" | &#96;c&#96; |'
    )
    assert as_markdown([]) == "## Data validation\n\n✅ The data is valid.\n\n"


@READERS
def test_json_carries_the_hint(broken: Path, capsys):
    code, out = run(broken, capsys, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["count"] == 3 and not data["valid"]
    assert data["issues"][1] == {
        "path": TALLIES,
        "line": 2,
        "column": 40,
        "code": "enum",
        "field": "qualifier",
        "message": (
            'field "qualifier": "atleast" is not one of exact, at_least, more_than, '
            "approximately, at_most, between, nearly"
        ),
        "hint": 'did you mean "at_least"?',
    }


@READERS
def test_spanish_messages_and_hints(broken: Path, capsys):
    code, out = run(broken, capsys, "--lang", "es")
    assert code == 1
    assert out == (
        'data/places/facility_events.yaml:3: date-dmy: campo "date": "30/01/2026" está escrito '
        "como día/mes/año\n"
        "    sugerencia: escríbala como 2026-01-30 (AAAA-MM-DD)\n"
        'data/releases/tallies.csv:2: enum: campo "qualifier": "atleast" no es uno de exact, '
        "at_least, more_than, approximately, at_most, between, nearly\n"
        '    sugerencia: ¿quiso decir "at_least"?\n'
        'data/releases/tallies.csv:2: unknown-source: campo "source_ids": "daily-2026-01-11" no '
        "es un id de sources\n"
        "    sugerencia: id existentes más parecidos: daily-2026-01-10; si es nuevo, añádalo "
        "antes a data/references/sources.csv\n"
        "3 problemas en 2 archivos.\n"
    )


@READERS
def test_a_spanish_locale_makes_spanish_the_default(broken: Path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "es_VE.UTF-8")
    assert run(broken, capsys)[1].endswith("3 problemas en 2 archivos.\n")
    assert run(broken, capsys, "--lang", "en")[1].endswith("3 problems in 2 files.\n")


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({}, "en"),
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "es_VE"}, "es"),
        ({"LC_ALL": "C.UTF-8", "LANG": "es_VE.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "es"}, "es"),
    ],
)
def test_default_language_follows_the_locale(environ: dict, expected: str):
    assert default_lang(environ) == expected


@READERS
@pytest.mark.parametrize(
    "broken, hint",
    [
        (
            GOOD.replace(",12,", ",1.200,"),  # a count's value is never empty: no "leave it"
            "write a whole number with digits only, e.g. 1200 (no dots, commas or words)",
        ),
        (
            GOOD.replace("alpha-2026-01-09-released", "Alpha 9 Jan"),
            "use only lowercase letters a-z, digits and hyphens, starting with a letter or "
            'digit, e.g. "alpha-9-jan"; ids here look like foro-penal-2026-01-19-detained',
        ),
        (  # accents dropped, not made hyphens ("excarcelaci-n")
            GOOD.replace("alpha-2026-01-09-released", "alpha-2026-01-09-excarcelación-niños"),
            "use only lowercase letters a-z, digits and hyphens, starting with a letter or "
            'digit, e.g. "alpha-2026-01-09-excarcelacion-ninos"; ids here look like '
            "foro-penal-2026-01-19-detained",
        ),
        (
            GOOD.replace(",released,", ",,"),
            "fill it in: What is counted, as an id in the measures table (see its definition "
            "there).",
        ),
        (  # a closed list left empty: its codes, which the description does not give
            GOOD.replace(",at_least,", ",,"),
            "fill it in: How the number was stated; part of the fact. One of: exact, at_least, "
            "more_than, approximately, at_most, between, nearly.",
        ),
        (
            GOOD.replace(",daily-2026-01-10,", ",,"),
            "write the id of the source that reports this; if it is a new source, add it to "
            "data/references/sources.csv first",
        ),
        (
            GOOD.replace(",ngo-alpha,", ",ngo-alfa,"),
            "closest existing ids: ngo-alpha; if it is new, add it to "
            "data/references/actors.yaml first",
        ),
        (  # alike only by a date: no typo of an existing id, so none is offered
            GOOD.replace(",daily-2026-01-10,", ",herald-2026-01-10-zona-7,"),
            "use an id that exists in data/references/sources.csv, or add it to "
            "data/references/sources.csv first",
        ),
        (  # a list of ids separated by commas is one id that does not exist
            GOOD.replace(",daily-2026-01-10,", ',"daily-2026-01-10, bulletin-2026-01-20",'),
            'separate the ids with ";", or write one "- id" per line; a comma does not separate '
            "them",
        ),
        (
            GOOD.replace(",ngo-alpha,", ",zzz,"),
            "use an id that exists in data/references/actors.yaml, or add it to "
            "data/references/actors.yaml first",
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",2026-01,day,"),
            'set as_of_precision to "month", or write the date as YYYY-MM-DD (e.g. 2026-01-15)',
        ),
        (  # a spreadsheet's 1 March for "March 2026": the day it makes up is not recorded
            GOOD.replace(",2026-01-09,day,", ",2026-02-01,month,"),
            "write the date as 2026-02; only if the source gives the day, set as_of_precision to "
            '"day"',
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",2026-01,year,"),
            "write the date as 2026; only if the source gives the month, set as_of_precision to "
            '"month"',
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",2026-01-08,not_stated,"),
            'set window_start_precision to "day" to match 2026-01-08; accepted dates: YYYY-MM-DD '
            "with precision day (2026-01-15), YYYY-MM with precision month (2026-01), YYYY "
            "with precision year (2026), or empty with precision not_stated",
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",,day,"),
            'write the date, or set as_of_precision to "unknown"',
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",08/01/2026,day,"),
            '"08/01/2026" is ambiguous: day/month gives 2026-01-08, month/day gives 2026-08-01; '
            "check the source and write it as YYYY-MM-DD",
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",08/08/2026,day,"),
            "write it as 2026-08-08 (YYYY-MM-DD)",
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",29-1-2026,day,"),
            "write it as 2026-01-29 (YYYY-MM-DD)",
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",01/13/2026,day,"),
            "write it as 2026-01-13 (YYYY-MM-DD)",
        ),
        (GOOD.replace(",2026-01-09,day,", ",31/02/2026,day,"), "check the day and the month"),
        (
            GOOD.replace(",2026-01-08,day,", ",2026/01/08,day,"),
            "write it as 2026-01-08 (YYYY-MM-DD)",
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",2026/08,day,"),
            "accepted dates: YYYY-MM-DD with precision day (2026-01-15), YYYY-MM with precision "
            "month (2026-01), YYYY with precision year (2026), or empty with precision not_stated",
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",,day,"),
            'write the date, or set window_start_precision to "not_stated"',
        ),
        (GOOD.replace(",2026-01-09,day,", ",2026-02-30,day,"), "2026-02 has 28 days"),
        (GOOD.replace(",2026-01-09,day,", ",2026-13-01,day,"), "months go from 01 to 12"),
        (GOOD.replace(",12,", ",-3,"), "use 0 or more"),
        (
            GOOD.replace("Fictional count.", "Call 0414-555-12-34"),
            'delete it from the text; see "What never to publish" in CONTRIBUTING.md',
        ),
        (GOOD.replace(",at_least,", ",More Than,"), 'did you mean "more_than"?'),
        (GOOD.replace(",at_least,", ",roughly,"), 'did you mean "approximately"?'),
        (GOOD.replace(",at_least,", ",al_menos,"), 'did you mean "at_least"?'),
        (
            GOOD.replace(",at_least,", ",unclear,"),
            "write one of the listed values exactly as shown, in lowercase with _ between words",
        ),
    ],
)
def test_hints(project: Path, capsys, broken: str, hint: str):
    edit(project / TALLIES, GOOD, broken)
    code, out = run(project, capsys, "--format", "json")
    assert code == 1
    assert [i["hint"] for i in json.loads(out)["issues"]] == [hint]


@READERS
def test_unknown_column_hint_names_the_closest_field(project: Path, capsys):
    edit(project / TALLIES, "id,measure,value,", "id,measurx,value,")
    code, out = run(project, capsys)
    assert out.splitlines()[:2] == [
        'data/releases/tallies.csv:1: missing-column: required column "measure" is missing',
        '    hint: add "measure" to the header on line 1, and a cell for it in every row',
    ]
    assert out.splitlines()[2:4] == [
        'data/releases/tallies.csv:1: unknown-field: column "measurx" is not a field of tallies',
        '    hint: did you mean "measure"?',
    ]


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_each_english_template_reads_back(code: str):
    """A template filled with sample values and translated is the Spanish template filled."""
    for english, _spanish in TEMPLATES[code]:
        names = re.findall(r"\{(\w+)\}", english)
        sample = {
            n: (
                'field "f": '
                if n == "lead"
                else "phone number"
                if n == "label"
                else "integer"
                if n == "kind"
                else f"<{n}>"
            )
            for n in names
        }
        translated = translate(english.format(**sample), code, "es")
        assert translated != english.format(**sample)
        assert "{" not in translated.replace("{0,79}", "")
        assert translate(english.format(**sample), code, "en") == english.format(**sample)


def test_a_message_without_a_template_stays_english():
    assert (
        translate("something frictionless said", "csv-syntax", "es")
        == "something frictionless said"
    )
    assert translate("x", "no-such-code", "es") == "x"


@READERS
def test_wrong_usage_exits_2(project: Path, capsys):
    assert main(["validate", "--format", "xml"], root=project) == 2
    assert main(["validate", "--lang", "fr"], root=project) == 2


@READERS
def test_annotations_point_at_the_cell_in_csv_and_the_value_in_yaml(project: Path, capsys):
    from datasite.cli import main

    edit(project / "data/releases/tallies.csv", ",at_least,ngo-alpha,", ",about,ngo-alpha,")
    edit(project / "data/places/facilities.yaml", "  type: police_detention_centre", "  type: jail")
    assert main(["validate", "--format", "github", "--lang", "en"], root=project) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "::error file=data/places/facilities.yaml,line=14,col=9,title=enum%3A type::"
    )
    assert lines[1].startswith(
        "::error file=data/releases/tallies.csv,line=2,col=40,title=enum%3A qualifier::"
    )


@READERS
def test_numbers_the_downloads_cannot_hold_are_refused_in_both_languages(project: Path, capsys):
    edit(project / TALLIES, GOOD, GOOD.replace(",12,,", ",92233720368547758070,,"))
    edit(
        project / "data/places/facilities.yaml",
        'latitude: "10.5"',
        'latitude: "10.50000000000000001"',
    )
    assert run(project, capsys, "--lang", "en") == (
        1,
        (
            'data/places/facilities.yaml:6: number-precision: field "latitude": '
            '"10.50000000000000001" has more digits than the '
            "downloads can hold, and would be published as 10.5; write at most 15 significant "
            "digits\n"
            "    hint: check the number: a count or a coordinate never needs more digits\n"
            'data/releases/tallies.csv:2: number-precision: field "value": '
            '"92233720368547758070" is beyond the 64-bit integers '
            "the downloads can hold (-9223372036854775808 to 9223372036854775807)\n"
            "    hint: check the number: a count or a coordinate never needs more digits\n"
            "2 problems in 2 files.\n"
        ),
    )
    code, out = run(project, capsys, "--lang", "es")
    assert [line for line in out.splitlines() if "number-precision" in line] == [
        'data/places/facilities.yaml:6: number-precision: campo "latitude": '
        '"10.50000000000000001" tiene más cifras de las que '
        "pueden guardar las descargas, y se publicaría como 10.5; escriba como mucho 15 cifras "
        "significativas",
        'data/releases/tallies.csv:2: number-precision: campo "value": "92233720368547758070" '
        "está fuera de los enteros de 64 "
        "bits que pueden guardar las descargas (-9223372036854775808 a 9223372036854775807)",
    ]


@pytest.mark.parametrize(
    "column, hint",
    [
        ("calificador", 'sugerencia: ¿quiso decir "qualifier"?'),  # its Spanish title
        ("fuentes", 'sugerencia: ¿quiso decir "source_ids"?'),  # "Fuentes", in the plural
        ("fuente", 'sugerencia: ¿quiso decir "source_ids"?'),  # and the singular
    ],
)
def test_a_field_named_by_its_spanish_title_is_pointed_at_its_field(
    project: Path, capsys, column: str, hint: str
):
    field = "qualifier" if column == "calificador" else "source_ids"
    text = (project / TALLIES).read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    (project / TALLIES).write_text(header.replace(field, column) + "\n" + rest, encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    lines = out.splitlines()
    at = lines.index(f'{TALLIES}:1: unknown-field: la columna "{column}" no es un campo de tallies')
    assert lines[at + 1] == f"    {hint}"


@pytest.mark.parametrize(
    "renamed, hint",
    [
        # "nota" is note's Spanish title; beside note, it means the Spanish note it lacks
        ("note_es", 'sugerencia: ¿quiso decir "note_es"?'),
        ("note", 'sugerencia: ¿quiso decir "note"?'),  # without note, it is note
    ],
)
def test_a_spanish_title_beside_its_field_is_pointed_at_the_translation(
    project: Path, capsys, renamed: str, hint: str
):
    text = (project / TALLIES).read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    names = ["nota" if name == renamed else name for name in header.split(",")]
    (project / TALLIES).write_text(",".join(names) + "\n" + rest, encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    lines = out.splitlines()
    at = lines.index(f'{TALLIES}:1: unknown-field: la columna "nota" no es un campo de tallies')
    assert lines[at + 1] == f"    {hint}"


def test_a_value_in_curly_quotes_is_told_to_drop_them(project: Path, capsys):
    """A phone keyboard's quotes are letters to CSV and YAML: the hint says so, rather than
    offering the same value without them as the nearest one."""
    edit(project / TALLIES, ",at_least,", ",“at_least”,")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if ": enum: " in line)
    assert '"“at_least”"' in lines[at]
    assert lines[at + 1] == (
        "    sugerencia: quite las comillas tipográficas: YAML y CSV solo toman las comillas "
        'rectas (") como comillas, así que estas quedaron dentro del valor'
    )


def test_a_header_cell_left_empty_is_told_its_column_and_the_missing_fields(project: Path, capsys):
    """A column whose name was cleared printed a traceback (the hint looked up a field named
    "", which the header had)."""
    text = (project / TALLIES).read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    (project / TALLIES).write_text(header.replace(",breakdown,", ",,") + "\n" + rest, "utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1 and "Traceback" not in out
    lines = out.splitlines()
    at = lines.index(f"{TALLIES}:1: unknown-field: la columna 14 no tiene nombre en el encabezado")
    assert lines[at + 1] == (
        "    sugerencia: escriba allí el nombre del campo (campos que faltan en el encabezado: "
        "as_of_note_es, breakdown, breakdown_es), o borre la columna si no contiene nada"
    )


def test_a_value_with_an_invisible_character_is_told_which(project: Path, capsys):
    """An id copied with a zero-width space was refused, quoted as "ngo-alpha" (looking right),
    and offered "ngo-alpha" as the nearest id."""
    edit(project / TALLIES, ",at_least,ngo-alpha,", ",at_least,ngo-alpha\u200b,")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "claimed_by" in line)
    assert lines[at + 1] == (
        "    sugerencia: el valor contiene un carácter invisible (U+200B espacio de ancho "
        "cero), que trae una copia de una página web o de un chat: escriba el valor de nuevo"
    )


def test_sizes_are_grouped_the_spanish_way_and_quoted_values_as_written():
    assert (
        translate("46,889,416 bytes is over the limit of 5,000,000 bytes", "file-too-large", "es")
        == "46.889.416 bytes superan el límite de 5.000.000 bytes"
    )
    # a value quoted from the data stays as the contributor wrote it
    assert translate('field "value": "1,200" is not a valid integer', "type", "es").startswith(
        'campo "value": "1,200" '
    )


def test_a_count_that_may_be_empty_is_told_it_may(project: Path, capsys):
    """A release event's count may be empty ("unspecified"): its hint says so; a tally's value,
    which every qualifier needs, is not told to be left empty (above)."""
    events = project / "data/releases/release_events.csv"
    edit(events, ",release_with_restrictions,7,", ",release_with_restrictions,siete,")
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert (
        "    hint: write a whole number with digits only, e.g. 1200 (no dots, commas or words); "
        "leave it empty if the source gives no number"
    ) in out.splitlines()
