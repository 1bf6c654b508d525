"""The loader: CSV and YAML into rows that keep their file and line."""

from pathlib import Path

import pytest

from datasite.cli import main
from datasite.issues import DataError
from datasite.load.project import load_project, read_csv, read_yaml_table
from datasite.model import Table
from tests.conftest import edit

# Every case holds with CSV files read row by row and read into columns (conftest.both_readers).
pytestmark = pytest.mark.usefixtures("both_readers")


def table(fields: list[dict], name: str = "things") -> Table:
    return Table(
        name=name,
        dataset="d",
        schema={"fields": fields},
        schema_path="schemas/things.schema.yaml",
        path="data/d/things",
    )


FIELDS = [
    {"name": "id", "constraints": {"required": True}},
    {"name": "tags", "type": "list", "delimiter": ";"},
    {"name": "note"},
]


def test_csv_rows_keep_their_starting_line_across_quoted_newlines(tmp_path: Path):
    path = tmp_path / "things.csv"
    path.write_text('id,tags,note\na,x;y,"two\nlines"\n\nb,,plain\n', encoding="utf-8")
    rows = read_csv(tmp_path, path, table(FIELDS))
    assert [(r.values["id"], r.line) for r in rows] == [("a", 2), ("b", 5)]
    assert rows[0].values["tags"] == ["x", "y"]
    assert rows[0].values["note"] == "two\nlines"
    assert rows[1].path == "things.csv"


def test_csv_with_byte_order_mark_loads(tmp_path: Path):
    path = tmp_path / "things.csv"
    path.write_bytes("\ufeffid,tags,note\na,,é\n".encode("utf-8"))
    rows = read_csv(tmp_path, path, table(FIELDS))
    assert rows[0].values == {"id": "a", "tags": [], "note": "é"}


def refusals(tmp_path: Path, name: str, content: str | bytes) -> list[str]:
    """Write the file (things.csv or things.yaml), read it as table things: the issues of the
    DataError that must stop the reading, as text."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    read = read_csv if path.suffix == ".csv" else read_yaml_table
    with pytest.raises(DataError) as error:
        read(tmp_path, path, table(FIELDS))
    return [str(i) for i in error.value.issues]


def test_csv_not_utf8_names_the_line(tmp_path: Path):
    issues = refusals(tmp_path, "things.csv", b"id,tags,note\na,,ok\nb,,caf\xe9\n")
    assert issues == ["things.csv:3: encoding: byte 0xe9 is not UTF-8; save the file as UTF-8"]


def test_csv_header_problems(tmp_path: Path):
    assert refusals(tmp_path, "things.csv", "tags,tags,colour\n") == [
        'things.csv:1: csv-duplicate-header: column "tags" appears twice',
        'things.csv:1: unknown-field: column "colour" is not a field of things',
        'things.csv:1: missing-column: required column "id" is missing',
    ]


def test_csv_ragged_row(tmp_path: Path):
    assert refusals(tmp_path, "things.csv", "id,tags,note\na,,\nb,,,extra\n") == [
        "things.csv:3: csv-ragged: row has 4 cells but the header has 3"
    ]


def test_yaml_list_keeps_record_and_field_lines(tmp_path: Path):
    path = tmp_path / "things.yaml"
    path.write_text(
        "# comment\n- id: a\n  tags: [x, y]\n  note: 2026-01-30\n- id: b\n  note:\n",
        encoding="utf-8",
    )
    rows = read_yaml_table(tmp_path, path, table(FIELDS))
    assert [(r.values["id"], r.line) for r in rows] == [("a", 2), ("b", 5)]
    assert rows[0].line_of("note") == 4
    assert rows[0].values["note"] == "2026-01-30"  # kept as text: the schema decides the type
    assert rows[0].values["tags"] == ["x", "y"]
    assert rows[1].values["note"] == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "- id: a\n  id: b\n",
            'things.yaml:2: yaml-duplicate-key: field "id": appears twice in this record '
            "(first at line 1)",
        ),
        (
            "- id: &x a\n- id: *x\n",
            "things.yaml:2: yaml-alias: anchors and aliases (&, *) are not allowed; write the "
            "value out",
        ),
        (
            "- id: !!python/object/apply:os.system [echo hi]\n",
            "things.yaml:1: yaml-tag: tag tag:yaml.org,2002:python/object/apply:os.system is "
            "not allowed; remove it",
        ),
        (
            "- id: a\n  note: [unclosed\n",
            "things.yaml:2: yaml-syntax: a list opened with [ on this line is not closed with ]",
        ),
        (
            "id: a\n",
            "things.yaml:1: yaml-shape: the file must be a list of things records (each "
            "starting with '- ')",
        ),
        (
            "- id: {a: b}\n",
            'things.yaml:1: yaml-shape: field "id" must be a single value, not a list or mapping',
        ),
        (
            "- id: a\n  colour: red\n",
            'things.yaml:2: unknown-field: "colour" is not a field of things',
        ),
        (
            "- id: a\n  note: [x, y]\n",
            'things.yaml:2: yaml-shape: field "note": must be a single value, not a list',
        ),
    ],
)
def test_yaml_refusals(tmp_path: Path, text: str, expected: str):
    assert refusals(tmp_path, "things.yaml", text) == [expected]


def test_project_loads_csv_yaml_and_one_record_per_file_folder(project: Path):
    loaded, issues = load_project(project)
    assert issues == []
    stages = loaded.table("legal_stages")
    assert [(r.path, r.line) for r in stages.rows] == [
        ("data/law/legal_stages/example-law-announced.yaml", 1),
        ("data/law/legal_stages/example-law-in-force.yaml", 1),
    ]
    assert loaded.table("tallies").rows[1].line == 3
    assert list(loaded.datasets) == ["law", "places", "references", "releases"]


def test_resource_path_may_not_leave_its_dataset(project: Path):
    edit(
        project / "data/law/datapackage.yaml",
        "path: legal_instruments.yaml",
        "path: ../../schemas/sources.schema.yaml",
    )
    _, issues = load_project(project)
    assert [str(i) for i in issues] == [
        'data/law/datapackage.yaml: unsafe-path: table "legal_instruments": path '
        '"../../schemas/sources.schema.yaml" must stay inside data/law'
    ]


def test_symlinks_are_refused(project: Path):
    (project / "data/releases/linked.csv").symlink_to(project / "data/releases/tallies.csv")
    _, issues = load_project(project)
    assert [str(i) for i in issues] == [
        "data/releases/linked.csv: symlink: symbolic links are not allowed"
    ]


def test_every_shipped_schema_translation_is_whole():
    """The Spanish title and description of every schema and field, read as YAML, is a single
    text with no stray keys, and each is at least half as long as its English."""
    import yaml

    from datasite.load.project import translation_problems
    from tests.conftest import REPO

    for path in sorted((REPO / "schemas").glob("*.schema.yaml")):
        descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert translation_problems(descriptor) == [], path.name
        person = next((f for f in descriptor["fields"] if f["name"] == "person_id"), None)
        if person:  # the privacy warning survives whole in Spanish
            assert "solo se nombra a figuras públicas" in person["i18n"]["es"]["description"]


@pytest.mark.parametrize(
    "line, expected",
    [
        # One-line YAML without quotes: the comma ends the value and the rest becomes a key.
        (
            "    i18n: {es: {description: Identificador estable, en minúsculas y guiones.}}",
            'schemas/tallies.schema.yaml: schema-invalid: field "id": i18n es has an unknown '
            'key "en minúsculas y guiones."; '
            "only title and description belong there (put a translation that holds a comma in "
            "quotes)",
        ),
        (
            "    i18n: {es: {title: Id}}",
            'schemas/tallies.schema.yaml: schema-invalid: field "id": the description has no '
            "es translation under i18n",
        ),
        (
            '    i18n: {es: {description: "Id."}}',
            'schemas/tallies.schema.yaml: schema-invalid: field "id": the es description is '
            "less than half as long as the English one; "
            "is it cut short?",
        ),
    ],
)
def test_a_translation_cut_short_or_missing_is_refused(project: Path, line: str, expected: str):
    path = project / "schemas/tallies.schema.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - name: id\n")
    block_end = text.index("  - name:", start + 1)
    head, block = text[:start], text[start:block_end]
    kept = [
        x
        for x in block.splitlines()
        if not x.startswith(("    i18n:", "      es:", "        description:", "        title:"))
    ]
    path.write_text(head + "\n".join(kept + [line]) + "\n" + text[block_end:], encoding="utf-8")
    _, issues = load_project(project)
    assert expected in [str(i) for i in issues]


FACILITY_RECORD = """id: fort-three
name: Fort Three
type: prison
city: Exampleville
source_id: daily-2026-01-10
"""


def test_a_record_in_another_tables_folder_is_one_problem_that_says_where_it_goes(project: Path):
    """A facility saved among the legal stages: one problem naming facilities' file, where each
    of its fields the stages lack was an unknown field of its own."""
    (project / "data/law/legal_stages/fort-three.yaml").write_text(FACILITY_RECORD)
    _, issues = load_project(project)
    assert [str(i) for i in issues] == [
        "data/law/legal_stages/fort-three.yaml:2: record-table: its fields are those of "
        "facilities, not of legal_stages: add the record to data/places/facilities.yaml and "
        "delete this file"
    ]


def test_a_record_moved_between_two_folders_is_told_the_folder(project: Path):
    assert main(["split", "places/facilities"], root=project) == 0
    (project / "data/law/legal_stages/fort-three.yaml").write_text(FACILITY_RECORD)
    _, issues = load_project(project)
    assert [(i.code, i.message.rpartition(": ")[2]) for i in issues] == [
        ("record-table", "move the file to data/places/facilities/")
    ]


@pytest.mark.parametrize(
    "record",
    [
        FACILITY_RECORD + "colour: red\n",  # a field no table has: not just misplaced
        "id: example-law-passed\nname: Fort Three\ninstrument_id: example-law\n",  # one field
    ],
)
def test_a_record_that_fits_no_other_table_keeps_its_unknown_fields(project: Path, record: str):
    (project / "data/law/legal_stages/fort-three.yaml").write_text(record)
    _, issues = load_project(project)
    assert issues and {i.code for i in issues} <= {"unknown-field", "record-file-name"}


def test_a_folder_named_after_a_table_beside_the_datasets_says_where_its_records_go(
    project: Path,
):
    """data/legal_stages/ made as if it were the table's folder was told to create a
    datapackage.yaml, a dataset, and never where the records belong."""
    (project / "data/legal_stages").mkdir()
    (project / "data/legal_stages/x.yaml").write_text("id: x\n")
    _, issues = load_project(project)
    assert [str(i) for i in issues] == [
        "data/legal_stages/: record-table: data/legal_stages/ is not a dataset: the records of "
        "legal_stages go in data/law/legal_stages/"
    ]
    (project / "data/other").mkdir()  # a folder named after no table: a dataset without one
    _, issues = load_project(project)
    assert "data/other/datapackage.yaml: file-missing" in "\n".join(map(str, issues))
