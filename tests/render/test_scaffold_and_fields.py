"""`build.py new TABLE` scaffolds that validate once filled; the field reference stays in step with
the schemas."""

import csv
import io
from pathlib import Path

import pytest
import yaml

from datasite.cli import main
from datasite.load.project import load_project
from datasite.render.fields import LABELS, field_reference, read_schemas, reference_markdown
from datasite.render.pages import render_site
from tests.conftest import REPO

# Fictional values for the fields a new record needs; every other field is left empty.
FILL = {
    "facility_events": {
        "id": "fort-one-2026-01-31-closed",
        "facility_id": "fort-one",
        "date": '"2026-01-31"',
        "date_precision": "day",
        "kind": "closed",
        "claim_status": "announced",
        "claimed_by": "minister-gamma",
        "source_id": "daily-2026-01-10",
    },
    "legal_stages": {
        "id": "example-law-first-reading",
        "instrument_id": "example-law",
        "stage": "first_reading",
        "date": '"2026-01-20"',
        "date_precision": "day",
        "actor_id": "gov-beta",
        "exclusions": "[homicide]",
        "articles": "12",
        "source_ids": "[daily-2026-01-10]",
    },
    "tallies": {
        "id": "alpha-2026-01-20-detained",
        "measure": "detained",
        "value": "340",
        "qualifier": "at_least",
        "claimed_by": "ngo-alpha",
        "as_of": "2026-01-20",
        "as_of_precision": "day",
        "window_start_precision": "not_stated",
        "verification": "claimed",
        "source_ids": "daily-2026-01-10",
    },
}


def scaffold(root: Path, capsys, table: str, *args: str) -> str:
    assert main(["new", table, *args], root=root) == 0
    return capsys.readouterr().out


def fill(text: str, values: dict) -> str:
    """Write each fictional value after its field's colon, as a contributor would."""
    lines = []
    for line in text.splitlines():
        name = line.strip().removeprefix("- ").rstrip(":")
        lines.append(f"{line} {values[name]}" if line.endswith(":") and name in values else line)
    return "\n".join(lines) + "\n"


def unwrap(text: str) -> str:
    """Comment lines joined, so a test does not depend on where the text wraps."""
    out: list[str] = []
    for line in text.splitlines():
        if out and out[-1].lstrip().startswith("#") and line.lstrip().startswith("# "):
            out[-1] += " " + line.lstrip()[2:]
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def test_the_scaffold_of_a_one_file_per_record_table(project: Path, capsys):
    text = scaffold(project, capsys, "legal_stages")
    assert text.splitlines()[:9] == [
        "# A new legal_stages record: Each step of a law's path, with the scope and exclusions "
        "as stated at",
        "# that step.",
        "# Save it as a new file data/law/legal_stages/ID.yaml, named after its id (e.g.",
        "# data/law/legal_stages/amnesty-law-2026-announced.yaml).",
        "# Write each value after its colon; leave optional fields empty. Quote dates: "
        '"2026-01-30".',
        "",
        "# REQUIRED. Stable identifier of the stage, a lowercase slug. Example: "
        "amnesty-law-2026-announced",
        "id:",
        "# REQUIRED. The law or bill.",
    ]
    assert yaml.safe_load(text) == {
        f["name"]: None
        for f in yaml.safe_load((REPO / "schemas/legal_stages.schema.yaml").read_text())["fields"]
    }
    (project / "data/law/legal_stages/example-law-first-reading.yaml").write_text(
        fill(text, FILL["legal_stages"]), encoding="utf-8"
    )
    assert main(["validate"], root=project) == 0, capsys.readouterr().out


def test_the_scaffold_of_a_yaml_list_table(project: Path, capsys):
    text = scaffold(project, capsys, "facility_events")
    assert "  # REQUIRED. One of: announced, implemented, verified.\n" not in text
    assert "- id:\n" in text and "  kind:\n" in text
    comment = " ".join(line.strip().lstrip("# ") for line in text.splitlines() if "#" in line)
    assert "about it. One of: closure_announced, repurposing_announced," in comment
    events = project / "data/places/facility_events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8") + fill(text, FILL["facility_events"]), encoding="utf-8"
    )
    assert main(["validate"], root=project) == 0, capsys.readouterr().out


def test_the_scaffold_of_a_csv_table_is_its_header_and_one_row(project: Path, capsys):
    assert main(["new", "tallies"], root=project) == 0
    captured = capsys.readouterr()
    tallies = project / "data/releases/tallies.csv"
    header = tallies.read_text(encoding="utf-8").splitlines()[0]
    assert captured.out == (
        f"{header}\nforo-penal-2026-01-19-detained,,,,,,,,,,,,,,first;second,,\n"
    )
    # the guide, one comment per column, goes to stderr: `new tallies > row.csv` holds only CSV
    guide = " ".join(line.removeprefix("#").strip() for line in captured.err.splitlines())
    assert captured.err.startswith("# A new tallies record: ")
    assert (
        " data/releases/tallies.csv is a CSV file: add the second line below to it (the first is "
        "its header), with your values between the commas, in the header's column order. " in guide
    )
    assert (
        " 15. source_ids: REQUIRED. The sources that report the claim, separated by semicolons;"
        in guide
    )
    assert guide.endswith(
        " A list: items separated by ;. 16. note: Context in our own words, in "
        "English. 17. note_es: Context in our own words, in Spanish."
    )
    first = list(csv.DictReader(io.StringIO(captured.out)))[0]
    assert list(first) == header.split(",") and first["source_ids"] == "first;second"
    record = {**first, **FILL["tallies"], "id": FILL["tallies"]["id"]}
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([record[n] for n in header.split(",")])
    tallies.write_text(tallies.read_text(encoding="utf-8") + line.getvalue(), encoding="utf-8")
    assert main(["validate"], root=project) == 0, capsys.readouterr().out


def test_the_scaffold_of_a_csv_table_in_spanish(project: Path, capsys):
    assert main(["new", "release_events", "--lang", "es"], root=project) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1] == (
        "foro-penal-2026-01-12-releases,,,,,,,,,primero;segundo,,,primero;segundo,,"
    )
    guide = " ".join(line.removeprefix("#").strip() for line in captured.err.splitlines())
    assert (
        " 10. facility_ids: Centros de los que salieron, separados por punto y coma. Una lista: "
        "elementos separados por ;. 11. legal_basis: " in guide
    )


def test_a_half_filled_scaffold_is_refused_with_hints(project: Path, capsys):
    text = fill(scaffold(project, capsys, "legal_stages"), {"id": "example-law-draft"})
    # Saved under its id, as the scaffold's first line says (a one-record-per-file folder).
    (project / "data/law/legal_stages/example-law-draft.yaml").write_text(text, encoding="utf-8")
    assert main(["validate"], root=project) == 1
    out = capsys.readouterr().out
    assert (
        'data/law/legal_stages/example-law-draft.yaml:10: required: field "instrument_id": is '
        "required but empty\n    hint: fill it in: The law or bill.\n" in out
    )
    assert out.endswith("5 problems in 1 file.\n")


def test_an_empty_record_is_refused_with_a_hint(project: Path, capsys):
    (project / "data/law/legal_stages/new.yaml").write_text(
        scaffold(project, capsys, "legal_stages"), encoding="utf-8"
    )
    assert main(["validate"], root=project) == 1
    assert capsys.readouterr().out == (
        "data/law/legal_stages/new.yaml:8: blank-row: every field of this record is empty\n"
        "    hint: fill in the record, or delete it\n"
        "1 problem in 1 file.\n"
    )


def test_the_scaffold_in_spanish_and_personal_fields(project: Path, capsys):
    text = scaffold(project, capsys, "persons", "--lang", "es")
    assert (
        "  # OBLIGATORIO. Identificador estable del registro; nunca derivado de un nombre "
        "reservado. Ejemplo:\n  # person-0001\n- id:\n" in text
    )
    assert (
        "PERSONAL: solo se publica si publish_level es public_figure / consented; nunca el de "
        "un menor.\n  role_es:\n" in unwrap(text)
    )


def test_an_unknown_table_is_a_usage_error(project: Path, capsys):
    assert main(["new", "tally"], root=project) == 2
    assert (
        capsys.readouterr().err
        == 'Error: no table "tally"; the tables are: actors, facilities, facility_events, '
        "legal_instruments, legal_stages, measures, persons, release_events, sources, tallies. "
        'Did you mean "tallies"?\n'
    )


def test_an_unknown_table_is_told_in_spanish_by_its_title(project: Path, capsys):
    """ "cifras" is the Spanish title of tallies."""
    assert main(["new", "cifras", "--lang", "es"], root=project) == 2
    assert capsys.readouterr().err.endswith('. ¿Quiso decir "tallies"?\n')
    assert main(["new", "conteos", "--lang", "es"], root=project) == 2
    err = capsys.readouterr().err
    assert err.startswith('Error: no hay tabla "conteos"; las tablas son: actors,')
    assert "Quiso" not in err  # no table is near


@pytest.mark.parametrize("lang, name", [("en", "fields.md"), ("es", "fields.es.md")])
def test_the_committed_field_reference_matches_the_schemas(lang: str, name: str):
    expected = reference_markdown(field_reference(read_schemas(REPO / "schemas"), lang), lang)
    assert (REPO / "docs" / name).read_text(encoding="utf-8") == expected, (
        "run `python build.py fields` and commit docs/"
    )


def test_the_fields_command_writes_both_languages(project: Path, capsys):
    assert main(["fields"], root=project) == 0
    assert capsys.readouterr().out == "Wrote docs/fields.md and docs/fields.es.md.\n"
    english = (project / "docs/fields.md").read_text(encoding="utf-8")
    assert (
        "| `qualifier` | string | yes | How the number was stated; part of the fact. One of: "
        "`exact`, `at_least`, `more_than`, `approximately`, `at_most`, `between`, `nearly`. |\n"
        in english
    )
    assert (
        "| `as_of` | string |  | The date the count refers to, as YYYY-MM-DD, YYYY-MM or YYYY. "
        "Its precision goes in as_of_precision. |\n" in english
    )
    spanish = (project / "docs/fields.es.md").read_text(encoding="utf-8")
    assert (
        "| `source_ids` | list | sí | Las fuentes que informan de la cifra, separadas por punto y "
        "coma; una copia sindicada del mismo informe es otra fuente de la misma cifra, no otra "
        "cifra. Remite a sources.id. |\n" in spanish
    )


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "en",
            '<tr id="tallies-qualifier"><td><code class="ds-name">qualifier</code></td>'
            '<td data-label="Type">string</td>'
            '<td data-label="Required">yes</td><td>How '
            "the number was stated; part of the fact. One of: <code>exact</code>, "
            "<code>at_least</code>",
        ),
        (
            "es",
            '<tr id="tallies-qualifier"><td><code class="ds-name">qualifier</code></td>'
            '<td data-label="Tipo">string</td>'
            '<td data-label="Obligatorio">sí</td><td>Cómo '
            "se expresó la cifra; forma parte del dato. Uno de: <code>exact</code>",
        ),
    ],
)
def test_the_field_reference_is_a_site_page(
    project: Path, tmp_path: Path, lang: str, expected: str
):
    loaded, issues = load_project(project)
    assert issues == []
    pages = render_site(loaded, [], project / "site_templates", tmp_path / "docs", lang)
    assert [p.title for p in pages if p.path == "fields.md"] == [LABELS[lang]["title"]]
    assert expected in (tmp_path / "docs/fields.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("linked", ["docs/fields.md", "docs/fields.es.md", "docs"])
def test_the_fields_command_never_writes_through_a_link(project: Path, capsys, linked: str):
    host = project.parent / "host-file"
    host.write_text("host secret\n", encoding="utf-8")
    (project / "docs").mkdir()
    target = project / linked
    if linked == "docs":
        target.rmdir()
        host_folder = project.parent / "host-folder"
        host_folder.mkdir()
        target.symlink_to(host_folder)
    else:
        target.symlink_to(host)
    assert main(["fields"], root=project) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"Error: {linked} is a symbolic link; delete it, and the command writes a plain file "
        "in its place.\n"
    )
    assert host.read_text(encoding="utf-8") == "host secret\n"
    assert (
        not (project.parent / "host-folder").exists()
        or list((project.parent / "host-folder").iterdir()) == []
    )
