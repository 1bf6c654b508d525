"""Spreadsheets for contributors: `build.py template` writes an XLSX template per table from its
schema; `build.py import` checks a filled one (or a CSV file) with validate's rules and writes the
records into the table's own file or folder, or reports each problem at FILE:SHEET:ROW and writes
nothing. Fictional records only."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

import datasite.cli
from datasite.cli import main
from tests.conftest import edit, tree_hashes

# Fictional records, one per layout of the mini project: a CSV table, a YAML list, a folder.
TALLY = {
    "id": "alpha-2026-02-01-released",
    "measure": "released",
    "value": 15.0,  # Excel keeps whole numbers as floats
    "qualifier": "at_least",
    "claimed_by": "ngo-alpha",
    "as_of": dt.datetime(2026, 2, 1),  # a date typed as a date
    "as_of_precision": "day",
    "window_start": "2026-01",
    "window_start_precision": "month",
    "verification": "verified",
    "source_ids": "daily-2026-01-10; bulletin-2026-01-20",
    "note": "Fictional count, with a comma.",
}
EVENT = {
    "id": "fort-one-2026-02-closed",
    "facility_id": "fort-one",
    "date": "2026-02",
    "date_precision": "month",
    "kind": "closed",
    "claim_status": "announced",
    "claimed_by": "minister-gamma",
    "source_id": "daily-2026-01-10",
}
STAGE = {
    "id": "example-law-first-reading",
    "instrument_id": "example-law",
    "stage": "first_reading",
    "date": "2026-01-20",
    "date_precision": "day",
    "actor_id": "minister-gamma",
    "exclusions": "homicide;corruption",
    "articles": 12,
    "source_ids": "daily-2026-01-10",
}


def template(root: Path, table: str, *args: str) -> Path:
    out = root / f"{table}-template.xlsx"
    assert main(["template", table, "--out", str(out), *args], root=root) == 0
    return out


def filled(template_path: Path, table: str, rows: dict[int, dict], target: Path) -> Path:
    """The template with values typed in at the given sheet rows, as a contributor would."""
    book = load_workbook(template_path)
    sheet = book[table]
    header = [c.value for c in sheet[1]]
    for number, values in rows.items():
        for name, value in values.items():
            sheet.cell(row=number, column=header.index(name) + 1, value=value)
    book.save(target)
    return target


def run_import(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()  # what `template` printed
    code = main(["import", *args], root=root)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_template_has_drop_downs_notes_and_text_columns(project: Path):
    book = load_workbook(template(project, "release_events"))
    assert book.sheetnames == ["release_events", "Read me"]
    sheet = book["release_events"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["id", "date", "date_precision", "date_note", "date_note_es", "kind"]
    assert sheet.freeze_panes == "A2"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {
        "C2:C1000": '"day,month,year,unknown"',
        "F2:F1000": '"release,release_with_restrictions,full_liberty,house_arrest,re_detention,'
        'exile"',
        "H2:H1000": '"exact,at_least,more_than,approximately,at_most,unspecified,all_known"',
    }
    assert sheet["C1"].comment.text == (
        "REQUIRED. Precision of the date. One of: day, month, year, unknown."
    )
    assert sheet["A1"].font.b and not sheet["D1"].font.b  # id required, date_note not
    assert sheet.column_dimensions["A"].number_format == "@"  # ids stay text
    assert sheet.column_dimensions["B"].number_format == "@"  # "2026-02" stays text
    assert sheet.column_dimensions["G"].number_format == "General"  # count is a number
    read_me = [r[0].value for r in book["Read me"].iter_rows()]
    assert read_me[-2] == "Then check and add the rows: python build.py import release_events.xlsx"


def test_the_spanish_template_and_a_boolean_drop_down(project: Path):
    book = load_workbook(template(project, "persons", "--lang", "es"))
    assert book.sheetnames == ["persons", "Léame"]
    sheet = book["persons"]
    header = [c.value for c in sheet[1]]
    minor = header.index("minor")
    letter = sheet.cell(row=1, column=minor + 1).column_letter
    assert sheet.cell(row=1, column=minor + 1).comment.text.startswith(
        "Verdadero si la persona era menor de 18 años al ser detenida"
    )
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists[f"{letter}2:{letter}1000"] == '"TRUE,FALSE"'
    assert book["Léame"]["A1"].value == "Cómo llenar esta plantilla de la tabla persons"


def test_templates_are_the_same_bytes_each_time(project: Path, tmp_path: Path):
    assert main(["template", "--all", "--out", str(tmp_path / "a")], root=project) == 0
    assert main(["template", "--all", "--out", str(tmp_path / "b")], root=project) == 0
    first, second = tree_hashes(tmp_path / "a"), tree_hashes(tmp_path / "b")
    assert len(first) == 10 and first == second


@pytest.mark.parametrize(
    "table, values, target",
    [
        ("tallies", TALLY, "data/releases/tallies.csv"),
        ("facility_events", EVENT, "data/places/facility_events.yaml"),
        ("legal_stages", STAGE, "data/law/legal_stages/example-law-first-reading.yaml"),
    ],
)
def test_a_filled_template_lands_in_the_tables_own_layout(
    project: Path, capsys, table: str, values: dict, target: str
):
    sheet = filled(template(project, table), table, {3: values}, project / "filled.xlsx")
    code, out, err = run_import(project, capsys, str(sheet))
    assert (code, err) == (0, "")
    assert out == (
        f"{sheet}:{table}:3 -> {target}\n"
        "Wrote 1 record into 1 file. Check and commit them:\n"
        f"  git add {target}\n"
    )
    assert main(["validate"], root=project) == 0, capsys.readouterr().out
    capsys.readouterr()
    text = (project / target).read_text(encoding="utf-8")
    if table == "tallies":
        assert text.endswith(
            "alpha-2026-02-01-released,released,15,,at_least,ngo-alpha,2026-02-01,day,,2026-01,"
            'month,,verified,,daily-2026-01-10;bulletin-2026-01-20,"Fictional count, with a '
            'comma.",\n'
        )
    elif table == "facility_events":
        assert text.endswith(
            "  source_id: daily-2026-01-10\n- id: fort-one-2026-02-closed\n"
            '  facility_id: fort-one\n  date: "2026-02"\n  date_precision: month\n'
            "  kind: closed\n  claim_status: announced\n"
            "  claimed_by: minister-gamma\n  source_id: daily-2026-01-10\n"
        )
        assert yaml.safe_load(text)[-1]["kind"] == "closed"
    else:
        assert text == (
            "id: example-law-first-reading\ninstrument_id: example-law\nstage: first_reading\n"
            'date: "2026-01-20"\ndate_precision: day\nactor_id: minister-gamma\nexclusions:\n'
            "- homicide\n- corruption\narticles: 12\nsource_ids:\n- daily-2026-01-10\n"
        )


def test_a_csv_file_is_imported_as_data_csv_tables_are_read(project: Path, capsys, tmp_path):
    tallies = (project / "data/releases/tallies.csv").read_text(encoding="utf-8")
    row = (
        "beta-2026-02-03-released,released,4,,exact,ngo-alpha,2026-02-03,day,,,not_stated,,"
        "verified,,daily-2026-01-10,,\n"
    )
    sheet = tmp_path / "tallies.csv"
    sheet.write_text(tallies.splitlines()[0] + "\n\n" + row, encoding="utf-8")
    code, out, _ = run_import(project, capsys, str(sheet))
    assert code == 0 and out.startswith(f"{sheet}:3 -> data/releases/tallies.csv\n")
    assert (project / "data/releases/tallies.csv").read_text(encoding="utf-8") == tallies + row


BAD = {
    2: {**TALLY, "qualifier": "al menos"},
    4: {**TALLY, "id": "alpha-2026-01-09-released", "value": 16},
}


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "en",
            [
                'SHEET:2: enum: field "qualifier": "al menos" is not one of exact, at_least, '
                "more_than, approximately, at_most, between, nearly",
                '    hint: did you mean "at_least"?',
                'SHEET:4: duplicate-key: field "id": "alpha-2026-01-09-released" is already used '
                "at data/releases/tallies.csv:2",
                "    hint: one of the two has the wrong id: give it an id of its own (the one "
                "whose id does not fit its values, often a copy whose id was not changed); if "
                "both are the same record, keep one",
                "2 problems in 1 file.",
                "Nothing was written.",
            ],
        ),
        (
            "es",
            [
                'SHEET:2: enum: campo "qualifier": "al menos" no es uno de exact, at_least, '
                "more_than, approximately, at_most, between, nearly",
                '    sugerencia: ¿quiso decir "at_least"?',
                'SHEET:4: duplicate-key: campo "id": "alpha-2026-01-09-released" ya se usa en '
                "data/releases/tallies.csv:2",
                "    sugerencia: uno de los dos tiene el id equivocado: dele un id propio (el que "
                "no corresponde a sus valores, a menudo una copia a la que no se cambió el id); si "
                "los dos son el mismo registro, conserve uno",
                "2 problemas en 1 archivo.",
                "No se escribió nada.",
            ],
        ),
    ],
)
def test_bad_rows_are_reported_at_sheet_and_row_and_nothing_is_written(
    project: Path, capsys, lang: str, expected: list[str]
):
    sheet = filled(template(project, "tallies"), "tallies", BAD, project / "bad.xlsx")
    before = tree_hashes(project / "data")
    code, out, err = run_import(project, capsys, str(sheet), "--lang", lang)
    assert (code, out) == (1, "")
    assert err.splitlines() == [line.replace("SHEET", f"{sheet}:tallies") for line in expected]
    assert tree_hashes(project / "data") == before


def test_a_formula_and_a_foreign_sheet_are_refused(project: Path, capsys):
    sheet = filled(
        template(project, "tallies"), "tallies", {2: {**TALLY, "note": "=1+1"}}, project / "f.xlsx"
    )
    code, _, err = run_import(project, capsys, str(sheet))
    assert code == 1
    assert err.startswith(
        f"{sheet}:tallies:2: sheet-formula: R2 holds a formula; paste its value instead\n"
        "    hint: copy the cell and use Paste special > Values only"
    )
    book = load_workbook(sheet)
    book["tallies"].title = "Hoja1"
    book.save(sheet)
    code, _, err = run_import(project, capsys, str(sheet), "--lang", "es")
    assert code == 1
    assert err.startswith(
        f'{sheet}:Hoja1: sheet-name: la hoja "Hoja1" no es una tabla; nombre cada hoja como su '
        "tabla o indique --table\n"
    )


def test_a_date_with_a_time_is_told_to_drop_the_time(project: Path, capsys):
    """It was refused as "does not match the pattern ^[0-9]{4}…", which never says why."""
    row = {**TALLY, "as_of": dt.datetime(2026, 2, 1, 14, 30)}
    sheet = filled(template(project, "tallies"), "tallies", {2: row}, project / "t.xlsx")
    code, _, err = run_import(project, capsys, str(sheet), "--lang", "es")
    assert code == 1
    lines = err.splitlines()
    column = next(i for i, line in enumerate(lines) if "sheet-datetime" in line)
    assert re.fullmatch(
        rf"{re.escape(str(sheet))}:tallies:2: sheet-datetime: [A-Z]+2 contiene una fecha y una "
        r"hora \(2026-02-01 14:30\); el campo lleva solo la fecha",
        lines[column],
    )
    assert lines[column + 1].startswith("    sugerencia: escriba solo la fecha, como AAAA-MM-DD")


def title_above(book) -> list[str]:
    """A title typed above the field names."""
    book["tallies"].insert_rows(1)
    book["tallies"]["A1"] = "Cifras de marzo"
    return ["--lang", "es"]


def as_release_events(book) -> list[str]:
    """A tallies sheet imported as another table."""
    return ["--table", "release_events"]


@pytest.mark.parametrize(
    "change, first",
    [
        (
            as_release_events,
            "tallies:1: sheet-table: the columns are those of tallies, not of release_events; "
            "give --table tallies",
        ),
        (
            title_above,
            "tallies:2: csv-header: la fila 2 tiene los nombres de los campos: el encabezado "
            "debe ser la primera fila; borre las filas de encima",
        ),
    ],
)
def test_a_header_out_of_place_is_told_in_one_line(project: Path, capsys, change, first: str):
    """Another table's sheet, or a title above the field names, gave a missing column or an
    unknown field for nearly every column, with hints to move fields to other folders; none
    said what was wrong."""
    sheet = filled(template(project, "tallies"), "tallies", {2: TALLY}, project / "t.xlsx")
    book = load_workbook(sheet)
    args = change(book)
    book.save(sheet)
    code, _, err = run_import(project, capsys, str(sheet), *args)
    assert code == 1
    assert err.splitlines()[0] == f"{sheet}:{first}"
    assert "missing-column" not in err and "unknown-field" not in err


def test_a_run_of_one_problem_down_a_column_is_told_by_rows(project: Path, capsys):
    """A formula filled down the note column: told once, by rows, without "validate --format
    json", which never reads the sheet."""
    rows = {n: {**TALLY, "id": f"alpha-2026-02-0{n}-released", "note": "=1+1"} for n in range(2, 7)}
    sheet = filled(template(project, "tallies"), "tallies", rows, project / "t.xlsx")
    code, _, err = run_import(project, capsys, str(sheet), "--lang", "es")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(
        f'{sheet}:tallies:2: sheet-formula: 5 problemas de este tipo en la columna "note" (filas '
        "2, 3, 4, 5, 6); el primero: "
    )
    assert "validate --format json" not in err


def test_a_sheet_named_with_an_identifier_is_masked_in_every_location(project: Path, capsys):
    """A cédula typed as a sheet's name: the message masked it, the location before it did not
    ("f.xlsx:V-12.345.678: sheet-name: la hoja "[…]" …"), nor the import's list of rows."""
    sheet = filled(template(project, "tallies"), "tallies", {2: TALLY}, project / "f.xlsx")
    book = load_workbook(sheet)
    book["tallies"].title = "V-12.345.678"
    book.save(sheet)
    code, _, err = run_import(project, capsys, str(sheet), "--lang", "es")
    assert code == 1 and "12.345.678" not in err
    assert err.startswith(f'{sheet}:[…]: sheet-name: la hoja "[…]" no es una tabla')
    code, out, err = run_import(project, capsys, str(sheet), "--table", "tallies")
    assert code == 0 and "12.345.678" not in out + err
    assert f"{sheet}:[…]:2 -> " in out


def test_a_record_file_that_exists_is_not_overwritten(project: Path, capsys, monkeypatch):
    # Valid data names every record file by its id, so only a file written by someone else
    # between the check and the write can be in the way.
    folder = project / "data/law/legal_stages"
    sheet = filled(
        template(project, "legal_stages"), "legal_stages", {2: STAGE}, project / "s.xlsx"
    )
    checked = datasite.cli.check_batches

    def then_a_file_appears(*args):
        issues = checked(*args)
        (folder / "example-law-first-reading.yaml").write_text("someone else's\n")
        return issues

    monkeypatch.setattr(datasite.cli, "check_batches", then_a_file_appears)
    before = {**tree_hashes(project / "data")}
    code, _, err = run_import(project, capsys, str(sheet))
    assert code == 1
    assert err.startswith(
        f"{sheet}:legal_stages:2: record-file-exists: data/law/legal_stages/"
        "example-law-first-reading.yaml already exists\n"
    )
    after = tree_hashes(project / "data")
    assert after.pop("law/legal_stages/example-law-first-reading.yaml") is not None
    assert after == before


def test_an_empty_sheet_writes_nothing(project: Path, capsys):
    code, out, _ = run_import(project, capsys, str(template(project, "tallies")))
    assert code == 0
    assert out.endswith("has no filled rows.\n")


def test_not_a_workbook_and_an_unknown_table(project: Path, capsys, tmp_path: Path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a whole zip")
    code, _, err = run_import(project, capsys, str(broken))
    assert code == 1
    assert err.startswith(  # Python's own name for the error ("BadZipFile") is not shown
        f"{broken}: sheet-unreadable: not a readable .xlsx workbook (damaged, or of another "
        "kind); save it again as an Excel workbook (.xlsx)\n"
    )
    # an old .xls or a workbook with a password (both OLE2 files), and a CSV named .xlsx
    broken.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    code, _, err = run_import(project, capsys, str(broken), "--lang", "es")
    assert code == 1 and err.startswith(
        f"{broken}: sheet-unreadable: un archivo antiguo de Excel (.xls) o un libro con "
        "contraseña, que no se puede leer; guárdelo como libro de Excel (.xlsx) sin contraseña\n"
    )
    broken.write_text("id;measure\nx;y\n", encoding="utf-8")
    code, _, err = run_import(project, capsys, str(broken), "--lang", "es")
    assert code == 1 and err.startswith(
        f"{broken}: sheet-unreadable: un archivo de texto con nombre .xlsx; si es un archivo "
        "CSV, póngale .csv\n"
    )
    other = tmp_path / "rows.csv"
    other.write_text("id\n", encoding="utf-8")
    assert main(["import", str(other)], root=project) == 2
    assert capsys.readouterr().err.startswith('Error: no table "rows"; the tables are: actors,')
    # a file that is not there is told so, before a table is told from its name
    code, _, err = run_import(project, capsys, str(tmp_path / "nonexist.csv"), "--lang", "es")
    assert (code, err) == (
        1,
        f"Error: no existe el archivo o la carpeta: {tmp_path}/nonexist.csv\n",
    )


SOURCE = {
    "id": "weekly-2026-02-02",
    "kind": "news",
    "publisher": "Example Weekly",
    "title": "Fictional weekly round-up",
    "url": "https://weekly.example.org/2026/02/02",
    "published": dt.date(2026, 2, 2),
    "published_precision": "day",
    "language": "en",
}


def two_sheets(root: Path) -> Path:
    """One workbook: a new source, and a tally citing it (each checked with the other)."""
    book = load_workbook(template(root, "tallies"))
    sources = book.create_sheet("sources")
    sources.append(list(SOURCE))
    sources.append(list(SOURCE.values()))
    sheet = book["tallies"]
    header = [c.value for c in sheet[1]]
    for name, value in {**TALLY, "source_ids": "weekly-2026-02-02"}.items():
        sheet.cell(row=2, column=header.index(name) + 1, value=value)
    book.save(root / "two.xlsx")
    return root / "two.xlsx"


def test_a_new_source_and_the_tally_citing_it_in_one_workbook(project: Path, capsys):
    code, out, err = run_import(project, capsys, str(two_sheets(project)))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (
        "  git add data/releases/tallies.csv data/references/sources.csv"
    )
    assert (
        (project / "data/references/sources.csv")
        .read_text(encoding="utf-8")
        .endswith(
            "\nweekly-2026-02-02,news,Example Weekly,,Fictional weekly round-up,,"
            "https://weekly.example.org/2026/02/02,2026-02-02,day,,en\n"
        )
    )
    assert main(["validate"], root=project) == 0


def test_a_failed_write_puts_every_file_back(project: Path, capsys, monkeypatch):
    import datasite.report.sheet_import as sheet_import

    before = tree_hashes(project / "data")
    replaced = []

    def failing(source, target):
        if replaced:  # the second file: the disk is full
            raise OSError(28, "No space left on device", str(target))
        replaced.append(target)
        return real(source, target)

    real = sheet_import.os.replace
    monkeypatch.setattr(sheet_import.os, "replace", failing)
    code, _, err = run_import(project, capsys, str(two_sheets(project)))
    assert code == 1 and err.startswith("Error: No space left on device: ")
    assert replaced and tree_hashes(project / "data") == before


def test_the_style_of_the_file_is_kept(project: Path, capsys):
    tallies = project / "data/releases/tallies.csv"
    tallies.write_bytes(tallies.read_bytes().replace(b"\n", b"\r\n"))
    events = project / "data/places/facility_events.yaml"
    # items set apart by a blank line (as the shipped files are), values in single quotes
    spaced = "# Fictional facility events.\n\n" + events.read_text(encoding="utf-8")
    events.write_text(spaced.replace('"', "'"), encoding="utf-8")
    sheet = filled(template(project, "tallies"), "tallies", {2: TALLY}, project / "t.xlsx")
    assert run_import(project, capsys, str(sheet))[0] == 0
    assert tallies.read_bytes().endswith(b',"Fictional count, with a comma.",\r\n')
    assert tallies.read_bytes().count(b"\n") == tallies.read_bytes().count(b"\r\n")
    sheet = filled(template(project, "facility_events"), "facility_events", {2: EVENT}, sheet)
    assert run_import(project, capsys, str(sheet))[0] == 0
    assert events.read_text(encoding="utf-8") == spaced.replace('"', "'") + (
        "\n- id: fort-one-2026-02-closed\n  facility_id: fort-one\n  date: '2026-02'\n"
        "  date_precision: month\n  kind: closed\n  claim_status: announced\n"
        "  claimed_by: minister-gamma\n  source_id: daily-2026-01-10\n"
    )
    assert main(["validate"], root=project) == 0


def test_a_csv_file_for_a_folder_table_with_table(project: Path, capsys, tmp_path: Path):
    rows = tmp_path / "stages.csv"
    rows.write_text(
        ",".join(STAGE) + "\n" + ",".join(str(v) for v in STAGE.values()) + "\n", encoding="utf-8"
    )
    code, out, _ = run_import(project, capsys, str(rows), "--table", "legal_stages")
    assert code == 0
    assert out.startswith(f"{rows}:2 -> data/law/legal_stages/example-law-first-reading.yaml\n")
    record = yaml.safe_load(
        (project / "data/law/legal_stages/example-law-first-reading.yaml").read_text()
    )
    assert record["exclusions"] == ["homicide", "corruption"] and record["articles"] == 12


def test_a_spreadsheets_empty_columns_at_the_right_are_left_out(
    project: Path, capsys, tmp_path: Path
):
    """A CSV saved from a spreadsheet ends its lines with `,,,`: three nameless columns that hold
    nothing, which were three problems (one unnamed column, two "appears twice")."""
    rows = tmp_path / "stages.csv"
    values = ",".join(str(v) for v in STAGE.values())
    rows.write_text(f"{','.join(STAGE)},,,\r\n{values},,,\r\n", encoding="utf-8")
    code, out, _ = run_import(project, capsys, str(rows), "--table", "legal_stages")
    assert code == 0
    assert out.startswith(f"{rows}:2 -> data/law/legal_stages/example-law-first-reading.yaml\n")
    # one holds a value: each nameless column is told once, none "twice"
    rows.write_text(f"{','.join(STAGE)},,,\n{values},,x,\n", encoding="utf-8")
    (project / "data/law/legal_stages/example-law-first-reading.yaml").unlink()
    code, _, err = run_import(project, capsys, str(rows), "--table", "legal_stages")
    told = [line.split(": ")[1] for line in err.splitlines() if line.startswith(str(rows))]
    assert code == 1 and told == ["unknown-field"] * 3, err


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_csv_header_of_the_fields_titles_is_read_as_their_names(
    project: Path, capsys, tmp_path: Path, lang: str
):
    """A sheet headed "Identificador, Instrumento, Etapa…" was 2 problems a column."""
    specs = {
        f["name"]: f
        for f in yaml.safe_load(
            (project / "schemas/legal_stages.schema.yaml").read_text(encoding="utf-8")
        )["fields"]
    }
    titles = [
        (specs[n].get("i18n", {}).get("es", {}) if lang == "es" else specs[n]).get("title", n)
        for n in STAGE
    ]
    assert titles != list(STAGE)
    rows = tmp_path / "stages.csv"
    values = ",".join(str(v) for v in STAGE.values())
    rows.write_text(",".join(titles) + "\n" + values + "\n", encoding="utf-8")
    code, out, err = run_import(project, capsys, str(rows), "--table", "legal_stages")
    assert code == 0, err
    record = yaml.safe_load(
        (project / "data/law/legal_stages/example-law-first-reading.yaml").read_text()
    )
    assert record["stage"] == "first_reading" and record["articles"] == 12


def test_a_key_that_would_leave_the_folder_is_refused(project: Path, capsys):
    schema = project / "schemas/legal_stages.schema.yaml"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace(', pattern: "^[a-z0-9][a-z0-9-]{0,79}$"}', "}", 1))
    escape = {**STAGE, "id": "../../escaped"}
    sheet = filled(
        template(project, "legal_stages"), "legal_stages", {2: escape}, project / "e.xlsx"
    )
    before = tree_hashes(project)
    code, _, err = run_import(project, capsys, str(sheet))
    assert code == 1
    assert err.startswith(
        f'{sheet}:legal_stages:2: record-file-name: the id "../../escaped" cannot name a file: '
        'use letters, digits, ".", "_" and "-"\n'
    )
    assert tree_hashes(project) == before


def test_data_with_problems_is_fixed_before_anything_is_imported(project: Path, capsys):
    sheet = filled(template(project, "tallies"), "tallies", {2: TALLY}, project / "t.xlsx")
    edit(project / "data/releases/tallies.csv", ",at_least,", ",atleast,")
    before = tree_hashes(project / "data")
    code, _, err = run_import(project, capsys, str(sheet), "--lang", "es")
    assert code == 1
    assert err.startswith('data/releases/tallies.csv:2: enum: campo "qualifier": "atleast" no ')
    assert err.endswith(
        "Los datos ya tienen problemas; corríjalos primero (build.py validate). No se escribió "
        "nada.\n"
    )
    assert tree_hashes(project / "data") == before


def test_a_workbook_that_unpacks_too_large_is_refused(project: Path, capsys, monkeypatch):
    import datasite.report.sheet_import as sheet_import

    monkeypatch.setattr(sheet_import, "MAX_UNPACKED_BYTES", 1000)
    sheet = filled(template(project, "tallies"), "tallies", {2: TALLY}, project / "t.xlsx")
    code, _, err = run_import(project, capsys, str(sheet))
    assert code == 1
    assert re.match(
        rf"{re.escape(str(sheet))}: file-too-large: [\d,]+ bytes is over the limit of "
        r"1,000 bytes\n",
        err,
    )


def test_a_long_list_of_values_lives_in_a_hidden_sheet(project: Path, capsys):
    schema = project / "schemas/tallies.schema.yaml"
    text = schema.read_text(encoding="utf-8")
    many = ", ".join(f"fictional_verification_kind_{n}" for n in range(12))
    assert "enum: [verified, claimed, estimated, misreported]" in text
    schema.write_text(
        text.replace(
            "enum: [verified, claimed, estimated, misreported]",
            f"enum: [verified, claimed, estimated, misreported, {many}]",
        ),
        encoding="utf-8",
    )
    path = template(project, "tallies")
    book = load_workbook(path)
    assert book.sheetnames == ["tallies", "Read me", "_lists"]
    assert book["_lists"].sheet_state == "hidden"
    lists = {str(v.sqref): v.formula1 for v in book["tallies"].data_validations.dataValidation}
    assert lists["N2:N1000"] == "'_lists'!$N$1:$N$16"
    assert [book["_lists"].cell(row=r, column=14).value for r in (1, 16)] == [
        "verified",
        "fictional_verification_kind_11",
    ]
    # the hidden sheet is not read as rows; a value beyond the named columns is not dropped
    sheet = filled(path, "tallies", {2: TALLY, 3: {**TALLY, "id": "x"}}, project / "t.xlsx")
    book = load_workbook(sheet)
    book["tallies"]["T3"] = "stray"
    book.save(sheet)
    code, _, err = run_import(project, capsys, str(sheet))
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{sheet}:tallies:3: sheet-extra-cell: T3 has a value but its column has no field name",
        "    hint: move the value under the column of its field, or delete it; keep the first "
        "row as the template has it",
    ]


@pytest.mark.parametrize(
    ("lang", "rows", "said"),
    [
        ("es", 1, "Se escribió 1 registro en 1 archivo."),
        ("es", 2, "Se escribieron 2 registros en 1 archivo."),
        ("en", 2, "Wrote 2 records into 1 file."),
    ],
)
def test_the_count_of_records_written_agrees_with_its_number(tmp_path: Path, lang, rows, said):
    """ "Se escribieron 1 registro(s) en 1 archivo(s)" read as a form, not a sentence."""
    from types import SimpleNamespace

    from datasite.report.sheet_import import written

    row = SimpleNamespace(path="f.xlsx:tallies", line=2)
    plans = [SimpleNamespace(path=tmp_path / "data/t.csv", rows=[row] * rows)]
    assert said in written(plans, tmp_path, lang)


def test_a_withheld_persons_row_is_quoted_in_no_problem(project: Path, capsys):
    """A name typed as a withheld person's id or source was echoed by `import`, as by validate."""
    secret = "Ana Fictional-Secretname"
    row = {
        "id": secret,
        "publish_level": "withheld",
        "minor": "false",
        "source_id": secret,
    }
    sheet = filled(template(project, "persons"), "persons", {2: row}, project / "p.xlsx")
    code, out, err = run_import(project, capsys, str(sheet), "--lang", "es")
    assert code == 1 and "•••" in err, err
    assert "secretname" not in (out + err).lower(), err
