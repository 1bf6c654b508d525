"""Privacy in review: a record that is not public holds no name anywhere in the repository, and a
record published with a name cites its basis (two independent outlets or a consent record)."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.check.privacy import name_like
from tests.check.conftest import both_ways, screened_project
from tests.conftest import edit, problems

PERSONS = "data/releases/persons.yaml"
SOURCES = "data/references/sources.csv"
OPT_OUT = "  names_in_records: allowed in test fixtures\n"
BASIS = "  basis_source_ids: [bulletin-2026-01-20]\n"


def without_opt_out(root: Path) -> Path:
    """The mini project as a real one: its withheld record's name is then refused."""
    edit(root / "data/site.yaml", OPT_OUT, "")
    return root


def append_persons(root: Path, text: str) -> None:
    path = root / PERSONS
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_mini_project_declares_its_opt_out_and_is_clean(project: Path):
    assert problems(project) == []


def test_a_withheld_or_pseudonymous_record_holds_no_name(project: Path):
    without_opt_out(project)
    append_persons(
        project,
        "- id: person-p-1\n  publish_level: pseudonymous\n  pseudonym: Rosa\n"
        '  name: Ana Fictional-Realname\n  minor: "false"\n  source_id: daily-2026-01-10\n'
        '- id: person-w-2\n  publish_level: withheld\n  minor: "false"\n'
        "  role: Fictional teacher at Colegio San Fictivo\n  source_id: daily-2026-01-10\n"
        "- id: person-p-3\n  publish_level: pseudonymous\n  pseudonym: El Fictivo\n"
        '  minor: "false"\n  role: Fictional NGO volunteer\n  source_id: daily-2026-01-10\n',
    )
    assert problems(project) == [
        'data/releases/persons.yaml:10: privacy-private-name: field "name": a withheld record '
        "holds no real name: the repository and its history are public; leave it empty",
        'data/releases/persons.yaml:17: privacy-private-name: field "name": a pseudonymous '
        "record holds no real name: the repository and its history are public; leave it empty",
        'data/releases/persons.yaml:23: privacy-private-name: field "role": looks like a name, '
        "which a withheld record never holds: the repository and its history are public; "
        "leave it out",
    ]


def test_a_record_that_is_not_public_holds_no_name_where_an_id_goes(project: Path):
    """A name typed where an id goes (`consent_ref`, a source id) is as public as in `name`."""
    without_opt_out(project)
    append_persons(
        project,
        "- id: person-w-3\n  publish_level: withheld\n"
        '  minor: "false"\n  consent_ref: Ana Fictional-Realname\n  source_id: daily-2026-01-10\n'
        "- id: person-p-4\n  publish_level: pseudonymous\n  pseudonym: Rosa\n"
        '  minor: "false"\n  source_id: daily-2026-01-10\n',
    )
    found = [p.split(": ", 2)[1:] for p in problems(project) if int(p.split(":")[1]) >= 15]
    assert found == [
        ["pattern", found[0][1]],
        [
            "privacy-private-name",
            'field "consent_ref": looks like a name, which a withheld record '
            "never holds: the repository and its history are public; leave it out",
        ],
    ], found


def test_a_misspelled_level_is_told_only_that(project: Path):
    """ "figura pública" for public_figure: the record was also told to drop the public figure's
    name ("a figura pública record holds no real name"), which would mislead; the level's own
    problem stops the build all the same."""
    without_opt_out(project)
    append_persons(
        project,
        "- id: person-f-1\n  publish_level: figura pública\n  name: Ana Fictional-Figure\n"
        '  minor: "false"\n  source_id: daily-2026-01-10\n',
    )
    found = [p for p in problems(project) if int(p.split(":")[1]) >= 15]  # the record added
    assert [p.split(": ")[1] for p in found] == ["enum"], found


@pytest.mark.parametrize(
    ("text", "looks"),
    [
        ("Ana Sol", True),
        ("ana sol", False),
        ("Ana de la Sol", True),
        ("María José Pérez-Fictivo", True),
        ("Director of the NGO FundaFictiva", False),
        ("Fictional private citizen", False),
        ("Teacher at Colegio San Fictivo", True),
        ("de Sol", False),
    ],
)
def test_what_looks_like_a_name(text: str, looks: bool):
    assert name_like(text) is looks


def test_a_public_record_cites_two_independent_outlets_or_a_consent_record(project: Path):
    edit(project / PERSONS, BASIS, "")
    one = (
        'data/releases/persons.yaml:2: privacy-basis: field "publish_level": a public_figure '
        "record must cite its basis: sources from 2 independent outlets in source_id, "
        "basis_source_ids, or a consent_ref (outlets cited: {found})"
    )
    assert problems(project) == [one.format(found="Example Daily")]
    # Two copies of one agency's text are one outlet, whoever republished them.
    with (project / SOURCES).open("a", encoding="utf-8") as f:
        f.write(
            "copy-one,news,Paper One,Agency X,,,https://one.example.org/a,2026-01-11,day,,es\n"
            "copy-two,news,Paper Two,Agency X,,,https://two.example.org/b,2026-01-11,day,,es\n"
        )
    edit(
        project / PERSONS,
        "  source_id: daily-2026-01-10\n- id: person-withheld-1",
        "  source_id: copy-one\n  basis_source_ids: [copy-two]\n- id: person-withheld-1",
    )
    assert problems(project) == [one.format(found="Agency X")]
    edit(
        project / PERSONS,
        "basis_source_ids: [copy-two]",
        "basis_source_ids: [copy-two, daily-2026-01-10]",
    )
    assert problems(project) == []
    edit(project / PERSONS, "  basis_source_ids: [copy-two, daily-2026-01-10]\n", "")
    edit(project / PERSONS, "publish_level: public_figure", "publish_level: consented")
    assert problems(project) == [one.replace("public_figure", "consented").format(found="Agency X")]
    edit(
        project / PERSONS, "  source_id: copy-one\n", "  source_id: copy-one\n  consent_ref: c-1\n"
    )
    assert problems(project) == []


def test_the_review_rules_see_every_row_with_the_screen_on_and_off(tmp_path: Path, monkeypatch):
    schema = {
        "fields": [
            {"name": "id", "type": "string"},
            {"name": "publish_level", "type": "string"},
            {"name": "name", "type": "string", "personal": True},
            {"name": "role", "type": "string", "personal": True},
            {"name": "source_id", "type": "string"},
        ],
        "primaryKey": ["id"],
        "privacy": {
            "levelField": "publish_level",
            "publicLevels": ["public_figure"],
            "nameFields": ["name"],
            "basis": {"sourceFields": ["source_id"], "independentSources": 2},
        },
    }
    rows = [[f"p-{n}", "withheld", "", "Fictional clerk", "s-1"] for n in range(300)]
    rows += [
        ["p-a", "withheld", "Ana Fictional-Secret", "", "s-1"],
        ["p-b", "withheld", "", "Clerk at Banco Fictivo", "s-1"],
        ["p-c", "public_figure", "Bo Fictional-Public", "", "s-1"],
    ]
    project = screened_project(tmp_path, monkeypatch, schema, rows)
    project.site["privacy"].pop("names_in_records")  # as a real project: names refused
    screened, every_row = both_ways(project)
    assert screened == every_row
    codes = [(i.code, i.line) for i, _ in screened if i.code.startswith("privacy-")]
    assert codes == [  # "p-a" and "p-b" say nothing of a number: ids that could be names
        ("privacy-private-name", 302),
        ("privacy-telling-id", 302),
        ("privacy-private-name", 303),
        ("privacy-telling-id", 303),
        ("privacy-basis", 304),
    ]


@pytest.mark.parametrize(
    "key, level, told",
    [
        ("person-fictional-secretname", "withheld", True),  # the name emptied, the id kept
        ("person-fictional-secretname-2", "pseudonymous", True),  # a number does not hide it
        ("person-secretname", "withheld", True),  # one word, no number: a surname
        ("person-0007", "withheld", False),
        ("person-withheld-7", "withheld", False),
        ("person-fictional-secretname", "public_figure", False),  # public: the name may show
        ("person-fictional-secretname", "figura_publica", False),  # misspelt level: its own
    ],
)
def test_the_id_of_a_record_that_is_not_public_must_say_nothing(
    project: Path, key: str, level: str, told: bool
):
    """A contributor told to empty the name of a withheld record kept the id made of it, which
    stays public in the file name, in the records citing it and in git history."""
    without_opt_out(project)
    edit(project / PERSONS, "  name: Withheld Fictional-Secretname\n", "")
    pseudonym = "  pseudonym: Rosa\n" if level == "pseudonymous" else ""
    append_persons(
        project,
        f"- id: {key}\n  publish_level: {level}\n{pseudonym}"
        '  minor: "false"\n  source_id: daily-2026-01-10\n',
    )
    telling = [p for p in problems(project) if ": privacy-telling-id: " in p]
    expected = [
        f'{PERSONS}:13: privacy-telling-id: field "id": the id of a {level} record must say '
        "nothing about the person: give it a number no other record has, as person-0001"
    ]
    assert telling == (expected if told else [])


def test_a_minors_record_with_a_telling_id_is_told_too(project: Path):
    without_opt_out(project)
    edit(project / PERSONS, "  name: Withheld Fictional-Secretname\n", "")
    append_persons(
        project,
        '- id: person-fictional-child\n  publish_level: withheld\n  minor: "true"\n'
        "  source_id: daily-2026-01-10\n",
    )
    assert [p.split(": ")[0] for p in problems(project) if ": privacy-telling-id: " in p] == [
        f"{PERSONS}:13"
    ]
