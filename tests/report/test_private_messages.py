"""A problem about a record that is not public quotes none of its values, in the terminal, the
GitHub annotations and the job summary: a name typed as an id or a source id was echoed there."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.cli import main
from tests.conftest import edit

PERSONS = "data/releases/persons.yaml"
SECRET = "Ana Fictional-Secretname"


def add_person(root: Path, text: str) -> None:
    path = root / PERSONS
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def validate(root: Path, capsys, *args: str) -> str:
    code = main(["validate", *args], root=root)
    assert code == 1
    return capsys.readouterr().out


@pytest.mark.parametrize("level", ["withheld", "pseudonymous", "figura pública"])
@pytest.mark.parametrize("args", [[], ["--lang", "es"], ["--format", "github"]])
def test_no_value_of_a_record_that_is_not_public_is_quoted(
    project: Path, capsys, tmp_path: Path, monkeypatch, level: str, args: list[str]
):
    add_person(
        project,
        f'- id: person-w-9\n  publish_level: {level}\n  minor: "false"\n'
        f"  consent_ref: {SECRET}\n  source_id: {SECRET}\n",
    )
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = validate(project, capsys, *args)
    said = out + summary.read_text(encoding="utf-8")
    assert "•••" in out and "unknown-source" in out and "pattern" in out, out
    for form in (SECRET, "ana-fictional-secretname", "Fictional-Secretname"):
        assert form.lower() not in said.lower(), said
    if level == "figura pública":  # a misspelt level is no one's data: quoted to be corrected
        assert '"figura pública"' in out


def test_a_record_refused_at_load_is_masked_from_its_file(project: Path, capsys):
    """An unknown field stops the record from loading; its values are read from the file."""
    add_person(
        project,
        f'- id: person-w-9\n  publish_level: withheld\n  minor: "false"\n  nombre: {SECRET}\n'
        f"  source_id: {SECRET}\n",
    )
    out = validate(project, capsys)
    assert "unknown-field" in out and "Secretname" not in out, out


def test_a_public_record_and_other_tables_are_quoted_as_ever(project: Path, capsys):
    edit(
        project / PERSONS,
        "  source_id: daily-2026-01-10\n- id: person-withheld-1",
        ("  source_id: daily-2026-01-11\n- id: person-withheld-1"),
    )
    out = validate(project, capsys)
    assert '"daily-2026-01-11" is not an id in sources' in out, out


def test_a_problem_with_a_whole_large_file_masks_every_quoted_value(project: Path):
    """One search for every value of 600 records would be a huge expression: every quoted
    value is left out instead, the field names kept."""
    from datasite.issues import Issue
    from datasite.load.project import load_project
    from datasite.report.private import PrivateRecords

    add_person(
        project,
        "".join(
            f'- id: person-w-{n}\n  publish_level: withheld\n  minor: "false"\n'
            f"  source_id: daily-2026-01-10\n"
            for n in range(600)
        ),
    )
    loaded, _ = load_project(project)
    found = PrivateRecords(loaded).hide(
        Issue(PERSONS, 0, "x", f'field "name": "{SECRET}" and "person-w-7"', hint='"daily"')
    )
    assert (found.message, found.hint) == ('field "name": "•••" and "•••"', '"•••"')


def test_an_alias_bomb_in_a_persons_file_is_masked_in_bounded_time(project: Path, capsys):
    """The loader refuses aliases; reading the refused record's values must not expand them."""
    lines = ['- id: person-w-8\n  publish_level: withheld\n  note: &a0 "lol"\n']
    lines += [f"  note_{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)]
    add_person(project, "".join(lines))
    out = validate(project, capsys)
    assert "yaml-alias" in out, out
    # each node read once: 9**8 texts if the aliases were followed
    import yaml

    from datasite.report.private import scalars

    record = yaml.compose((project / PERSONS).read_text(encoding="utf-8")).value[-1]
    assert len(scalars(record)) < 100


def add_release(root: Path, **values: str) -> None:
    """A release event appended to the mini project's CSV file under its header."""
    path = root / "data/releases/release_events.csv"
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    path.write_text(text + ",".join(values.get(c, "") for c in header) + "\n", encoding="utf-8")


RELEASE = {
    "id": "release-named-example",
    "date": "2026-01",
    "date_precision": "month",
    "kind": "release",
    "count": "1",
    "count_qualifier": "exact",
    "reported_by": "ngo-alpha",
    "source_ids": "daily-2026-01-10",
}


@pytest.mark.parametrize("args", [[], ["--lang", "es"], ["--format", "github"]])
def test_a_name_where_a_person_is_cited_is_refused_and_never_quoted(
    project: Path, capsys, args: list[str]
):
    """A release event citing a person by name, not by the id of their record: the name was
    echoed by the unknown-id problem, whose hint said to add it to persons."""
    add_release(project, **RELEASE, person_id=SECRET)
    out = validate(project, capsys, *args)
    assert "privacy-private-name" in out and "foreign-key" not in out, out
    assert "secretname" not in out.lower(), out


def test_a_problem_quoting_a_name_in_a_field_citing_a_person_is_masked(project: Path):
    from datasite.issues import Issue
    from datasite.load.project import load_project
    from datasite.report.private import PrivateRecords

    loaded, _ = load_project(project)
    private = PrivateRecords(loaded)
    told = Issue(
        "data/releases/release_events.csv",
        2,
        "pattern",
        f'field "person_id": "{SECRET}" does not match the pattern',
        field="person_id",
    )
    assert private.hide(told).message == 'field "person_id": "•••" does not match the pattern'
    an_id = Issue(
        told.path, 2, "foreign-key", 'field "person_id": "person-9" is not an id', field="person_id"
    )
    assert private.hide(an_id) == an_id  # an id is quoted, to be corrected


def test_a_name_typed_as_the_publish_level_is_masked(project: Path, capsys):
    add_person(
        project,
        f'- id: person-w-9\n  publish_level: {SECRET}\n  minor: "false"\n'
        "  source_id: daily-2026-01-10\n",
    )
    out = validate(project, capsys)
    assert 'field "publish_level": "•••"' in out and "Secretname" not in out, out


def test_a_boolean_written_in_spanish_is_quoted_back_to_be_corrected(project: Path, capsys):
    add_person(
        project,
        "- id: person-w-9\n  publish_level: withheld\n  minor: VERDADERO\n"
        "  source_id: daily-2026-01-10\n",
    )
    out = validate(project, capsys)
    assert '"VERDADERO"' in out, out
