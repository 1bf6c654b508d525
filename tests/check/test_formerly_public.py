"""A person named in a published version, then withheld with the name emptied (SECURITY.md, "How
a leaked record is removed", step 1): the name is known from the versions that published it, so
the data that still spells it and every version that holds it are refused, never passed."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import edit, freeze_all, run_main

PERSONS = "data/releases/persons.yaml"
PUBLIC = """- id: person-zed
  publish_level: public_figure
  name: Zed Fictional-Publicfigure
  basis_source_ids: [bulletin-2026-01-20]
  role: Fictional opposition figure
  role_es: Figura opositora ficticia
  source_id: daily-2026-01-10
"""
WITHHELD = """- id: person-zed
  publish_level: withheld
  source_id: daily-2026-01-10
"""
TALLIES = "data/releases/tallies.csv"
EVENTS = "data/releases/release_events.csv"


def withhold(root: Path, public: str = PUBLIC, withheld: str = WITHHELD, note: bool = True) -> None:
    """SECURITY.md's first step: the record withheld and its name emptied; with `note`, a note
    of another record still names the person."""
    edit(root / PERSONS, public, withheld)
    # Released alone at a place on a day: the month only, or the person is singled out.
    edit(root / EVENTS, "release-zed-example,2026-01-12,day,", "release-zed-example,2026-01,month,")
    if note:
        edit(root / TALLIES, "Fictional count.", "Released with Zed Fictional-Publicfigure.")


def test_a_name_published_before_is_still_found_once_emptied(project: Path, capsys):
    freeze_all(project)
    capsys.readouterr()
    withhold(project)
    code, out, err = run_main(project, "validate", capsys=capsys)
    assert code == 1 and "Traceback" not in err
    lines = [line for line in out.splitlines() if not line.startswith("    ")]
    assert f'{TALLIES}:2: privacy-name: field "note": contains the name of a person whose ' in (
        "\n".join(lines)
    )
    assert (
        "    hint: a frozen version is never edited: withdraw every version that holds it "
        '(SECURITY.md, "How a leaked record is removed", step 2)'
    ) in out.splitlines()
    frozen = [line for line in lines if line.startswith("versions/releases/")]
    assert any(line.startswith("versions/releases/1.2.0/persons.csv:") for line in frozen)
    assert all("privacy-name" in line for line in frozen)
    assert "Fictional-Publicfigure" not in "\n".join(lines[:-1]).replace(
        "Released with Zed Fictional-Publicfigure.", ""
    )  # the messages never repeat the name (CI logs are public)


def test_an_id_that_spells_the_emptied_name_is_refused(project: Path, capsys):
    for path in (PERSONS, EVENTS):  # an id that spells the name, published under it
        text = (project / path).read_text(encoding="utf-8")
        (project / path).write_text(text.replace("person-zed", "person-zed-fictional"), "utf-8")
    freeze_all(project)
    capsys.readouterr()
    withhold(
        project,
        PUBLIC.replace("person-zed", "person-zed-fictional"),
        WITHHELD.replace("person-zed", "person-zed-fictional"),
        note=False,
    )
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert (
        f'{PERSONS}:1: privacy-name: field "id": spells the withheld name; use an id that says '
        in out
    )
    assert 'versions/releases/1.2.0/persons.csv:2: privacy-name: field "name"' in out


def test_without_published_versions_an_emptied_name_is_not_known(project: Path, capsys):
    withhold(project, note=False)
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert (code, out) == (0, "The data is valid.\n")


def test_the_rows_named_by_id_are_found_in_a_table_held_as_columns(project: Path, monkeypatch):
    from datasite.load import project as load
    from datasite.load.frames import FrameRows, rows_with_ids
    from datasite.load.project import load_project

    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    loaded, issues = load_project(project)
    tallies = loaded.table("tallies")
    assert issues == [] and isinstance(tallies.rows, FrameRows)
    rows = rows_with_ids(tallies, "id", {"alpha-2026-01-19-detained", "not-there"})
    assert [(r.values["id"], r.path, r.line) for r in rows] == [
        ("alpha-2026-01-19-detained", TALLIES, 3)
    ]


def test_the_withheld_records_own_fields_that_cite_the_name_are_refused(project: Path, capsys):
    """Only a withheld record's personal fields are left out of what is published: a source id
    it cites that spells the name (`ntn24-…-jesus-armas` on the shipped data) would stay."""
    sources = project / "data/references/sources.csv"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace("bulletin-2026-01-20", "bulletin-2026-01-20-zed-fictional-publicfigure"),
        encoding="utf-8",
    )
    for path in (PERSONS, TALLIES, EVENTS):
        file = project / path
        file.write_text(
            file.read_text(encoding="utf-8").replace(
                "bulletin-2026-01-20", "bulletin-2026-01-20-zed-fictional-publicfigure"
            ),
            encoding="utf-8",
        )
    freeze_all(project)
    capsys.readouterr()
    cited = "bulletin-2026-01-20-zed-fictional-publicfigure"
    public = PUBLIC.replace("bulletin-2026-01-20", cited)
    withhold(project, public, WITHHELD + f"  basis_source_ids: [{cited}]\n", note=False)
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert (
        f'{PERSONS}:4: privacy-name: field "basis_source_ids": contains the name of a person '
        f"whose name is withheld ({PERSONS}:1); remove it"
    ) in out.splitlines()
