"""Hostile input through the command line: a clear error at file:line, exit 1, site/ untouched,
nothing written elsewhere."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from datasite.cli import UNCHECKED, main
from datasite.issues import DataError
from datasite.load import project as load
from datasite.load.project import read_yaml_table
from datasite.model import Table
from tests.conftest import FIXTURES, edit, previous_site, tree_hashes

# Every case holds with CSV files read row by row and read into columns (conftest.both_readers).
pytestmark = pytest.mark.usefixtures("both_readers")

FACILITIES = "data/places/facilities.yaml"
EVENTS = "data/places/facility_events.yaml"
SOURCES = "data/references/sources.csv"
RELEASES = "data/releases/release_events.csv"
TALLY = "alpha-2026-01-09-released,released,12,"
BATCH = "alpha-2026-01-09-batch,2026-01-09,day,,release_with_restrictions,7,"
# The first line after the fixture's site.yaml, where the cases that append to it write.
SITE_END = len((FIXTURES / "mini/data/site.yaml").read_text(encoding="utf-8").splitlines()) + 1


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def billion_laughs(n: int = 9) -> str:
    lines = ["- id: fort-three", '  note: &a0 "lol"']
    lines += [f"  note_{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, n)]
    return "\n".join(lines) + "\n"


CASES = {
    "malformed-yaml": (
        lambda p: append(p / FACILITIES, "- id: [unclosed\n"),
        [
            "data/places/facilities.yaml:16: yaml-syntax: a list opened with [ on this line is "
            "not closed with ]"
        ],
    ),
    "alias-bomb": (
        lambda p: append(p / FACILITIES, billion_laughs()),
        [
            "data/places/facilities.yaml:18: yaml-alias: anchors and aliases (&, *) are not "
            "allowed; write the value out"
        ],
    ),
    "object-tag": (
        lambda p: append(p / FACILITIES, '- id: !!python/object/apply:os.system ["touch pwned"]\n'),
        [
            "data/places/facilities.yaml:16: yaml-tag: tag "
            "tag:yaml.org,2002:python/object/apply:os.system is not allowed; remove it"
        ],
    ),
    "duplicate-key": (
        lambda p: edit(p / FACILITIES, "  name: Camp Two\n", "  name: Camp Two\n  name: Camp 2\n"),
        [
            'data/places/facilities.yaml:14: yaml-duplicate-key: field "name": appears twice '
            "in this record (first at line 13)"
        ],
    ),
    "settings-duplicate-key": (
        lambda p: append(p / "data/site.yaml", "title: Again\n"),
        [f'data/site.yaml:{SITE_END}: yaml-duplicate-key: key "title" appears twice'],
    ),
    "not-utf8": (
        lambda p: (p / SOURCES).write_bytes(
            (p / SOURCES).read_bytes().replace(b"Example Daily", b"Example Diario \xf1")
        ),
        ["data/references/sources.csv:2: encoding: byte 0xf1 is not UTF-8; save the file as UTF-8"],
    ),
    "ragged-csv": (
        lambda p: edit(p / RELEASES, BATCH, BATCH + "extra,"),
        ["data/releases/release_events.csv:2: csv-ragged: row has 16 cells but the header has 15"],
    ),
    "duplicate-header": (
        lambda p: edit(p / RELEASES, "id,date,", "id,id,"),
        ['data/releases/release_events.csv:1: csv-duplicate-header: column "id" appears twice'],
    ),
    "unknown-header": (
        lambda p: edit(p / RELEASES, ",note,note_es", ",note,comment"),
        [
            'data/releases/release_events.csv:1: unknown-field: column "comment" is not a '
            "field of release_events"
        ],
    ),
    "resource-leaves-repo": (
        lambda p: edit(
            p / "data/law/datapackage.yaml",
            "path: legal_instruments.yaml",
            "path: ../../../etc/passwd",
        ),
        [
            'data/law/datapackage.yaml: unsafe-path: table "legal_instruments": path '
            '"../../../etc/passwd" must stay inside data/law'
        ],
    ),
    "dataset-name-traversal": (
        lambda p: edit(p / "data/law/datapackage.yaml", "name: law", "name: ../law"),
        [
            'data/law/datapackage.yaml:1: unsafe-name: dataset name "../law" must be a '
            "lowercase slug like prisoner-releases"
        ],
    ),
    "table-name-traversal": (
        lambda p: edit(
            p / "data/law/datapackage.yaml",
            "{name: legal_instruments,",
            "{name: ../legal_instruments,",
        ),
        [
            'data/law/datapackage.yaml: unsafe-name: table name "../legal_instruments" must be '
            "lowercase letters, digits and _"
        ],
    ),
    "version-traversal": (
        lambda p: edit(p / "data/law/datapackage.yaml", "version: 1.0.0", "version: ../../../x"),
        [
            'data/law/datapackage.yaml: unsafe-name: version "../../../x" must be '
            "MAJOR.MINOR.PATCH, like 1.0.0"
        ],
    ),
    "facility-id-traversal": (
        lambda p: [
            edit(p / FACILITIES, "- id: camp-two", "- id: ../../camp"),
            edit(p / RELEASES, "fort-one;camp-two", "fort-one"),
        ],
        [
            'data/places/facilities.yaml:12: pattern: field "id": "../../camp" does not match '
            "the pattern ^[a-z0-9][a-z0-9-]{0,79}$",
            'data/places/facilities.yaml:12: unsafe-name: field "id": "../../camp" names a '
            "page, so it must be a lowercase slug like fort-one",
        ],
    ),
    "javascript-url": (
        lambda p: edit(p / SOURCES, "https://alpha.example.org/bulletin", "javascript:alert(1)"),
        [
            'data/references/sources.csv:4: pattern: field "url": "javascript:alert(1)" does '
            "not match the pattern ^https?://\\S+$",
            'data/references/sources.csv:4: unsafe-url: field "url": only http:// and https:// '
            "links are published",
        ],
    ),
    "javascript-licence-path": (
        lambda p: edit(
            p / "data/law/datapackage.yaml",
            'path: "https://creativecommons.org/licenses/by/4.0/"',
            'path: " JaVa\\tScript:alert(1)"',
        ),
        [
            'data/law/datapackage.yaml:7: unsafe-url: field "path": " JaVa\tScript:alert(1)" '
            "must be an http(s) link or a relative path inside the project"
        ],
    ),
    "licence-path-leaves-repo": (
        lambda p: edit(
            p / "data/law/datapackage.yaml",
            'path: "https://creativecommons.org/licenses/by/4.0/"',
            'path: "../../LICENSE"',
        ),
        [
            'data/law/datapackage.yaml:7: unsafe-url: field "path": "../../LICENSE" must be an '
            "http(s) link or a relative path inside the project"
        ],
    ),
    "site-homepage": (
        lambda p: append(
            p / "data/site.yaml", "homepage: data:text/html,<script>alert(1)</script>\n"
        ),
        [
            f'data/site.yaml:{SITE_END}: unsafe-url: field "homepage": '
            '"data:text/html,<script>alert(1)</script>" must be an http(s) link or a relative '
            "path inside the project"
        ],
    ),
    "impossible-date": (
        lambda p: edit(
            p / RELEASES, "2026-01-09,day,,release_with", "2026-02-30,day,,release_with"
        ),
        [
            'data/releases/release_events.csv:2: date-invalid: field "date": "2026-02-30" is '
            "not a real date"
        ],
    ),
    "future-date": (
        lambda p: edit(
            p / RELEASES, "2026-01-09,day,,release_with", "2999-01-09,day,,release_with"
        ),
        [
            'data/releases/release_events.csv:2: date-future: field "date": "2999-01-09" is in '
            "the future (today is {today})"
        ],
    ),
    "negative-count": (
        lambda p: edit(
            p / RELEASES, "release_with_restrictions,7,", "release_with_restrictions,-7,"
        ),
        [
            'data/releases/release_events.csv:2: minimum: field "count": -7 is less than the '
            "minimum 0"
        ],
    ),
    "formula": (
        lambda p: edit(
            p / "data/releases/tallies.csv",
            "Fictional count.",
            '"=HYPERLINK(""https://evil.example"",""x"")"',
        ),
        [
            'data/releases/tallies.csv:2: formula: field "note": starts with = + - or @, which '
            "a spreadsheet would run as a formula; start the text with a word"
        ],
    ),
    "identifier": (
        lambda p: edit(p / "data/releases/tallies.csv", "Fictional count.", "Call 0414-555-12-34"),
        [
            'data/releases/tallies.csv:2: privacy-identifier: field "note": looks like a phone '
            "number; personal identifiers are never published"
        ],
    ),
}


def without_hints(lines: list[str]) -> list[str]:
    """The problem lines only (hints are tested with the contributor output)."""
    return [line for line in lines if not line.startswith("    hint: ")]


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_stops_build_and_validate(project: Path, capsys, case: str):
    import datetime as dt

    mutate, expected = CASES[case]
    mutate(project)
    expected = [line.replace("{today}", dt.date.today().isoformat()) for line in expected]
    previous_site(project)
    before = tree_hashes(project)

    assert main(["validate"], root=project) == 1
    out = capsys.readouterr().out.splitlines()
    assert without_hints(out[:-1]) == expected
    assert main(["build"], root=project) == 1
    advice = {line for told in UNCHECKED.values() for line in told}  # the rules not checked yet
    err = [line for line in capsys.readouterr().err.splitlines() if line not in advice]
    assert without_hints(err[:-2]) == expected
    assert err[-1] == "Build stopped; site/ was left as it was."
    assert "Traceback" not in "\n".join(out + err)
    assert tree_hashes(project) == before
    assert not (project / "pwned").exists()
    assert sorted(p.name for p in project.iterdir()) == [
        "data",
        "mkdocs.yml",
        "schemas",
        "site",
        "site_templates",
    ]


@pytest.mark.parametrize("folder", ["data/places", "schemas"])
def test_symlinks_under_data_or_schemas_stop_the_build(project: Path, capsys, folder: str):
    (project / folder / "linked.yaml").symlink_to("/etc/passwd")
    assert main(["build"], root=project) == 1
    assert (
        f"{folder}/linked.yaml: symlink: symbolic links are not allowed"
        in capsys.readouterr().err.splitlines()
    )
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    "limit_name, file, padding",
    [("MAX_CSV_BYTES", SOURCES, "\n"), ("MAX_YAML_BYTES", FACILITIES, "#\n")],
)
def test_files_over_the_size_limit(
    project: Path, capsys, monkeypatch, limit_name: str, file: str, padding: str
):
    monkeypatch.setattr(
        load, limit_name, 100_000
    )  # the limits are module constants so tests can lower them
    append(project / file, padding * 120_000)
    size = (project / file).stat().st_size
    assert main(["validate"], root=project) == 1
    assert without_hints(capsys.readouterr().out.splitlines()) == [
        f"{file}: file-too-large: {size:,} bytes is over the limit of 100,000 bytes",
        "1 problem in 1 file.",
    ]


def test_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path):
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(12), encoding="utf-8")  # 9**11 strings if it were ever expanded
    spec = Table(
        name="bomb",
        dataset="d",
        schema={
            "fields": [{"name": "id"}, {"name": "note"}]
            + [{"name": f"note_{i}"} for i in range(1, 12)]
        },
        schema_path="s",
        path="bomb.yaml",
    )
    tracemalloc.start()
    with pytest.raises(DataError) as error:
        read_yaml_table(tmp_path, path, spec)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [str(i) for i in error.value.issues] == [
        "bomb.yaml:3: yaml-alias: anchors and aliases (&, *) are not allowed; write the value out"
    ]
    assert peak < 5_000_000


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path):
    path = tmp_path / "deep.yaml"
    path.write_text("- id: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_yaml_table(
            tmp_path,
            path,
            Table(
                name="t",
                dataset="d",
                schema={"fields": [{"name": "id"}]},
                schema_path="s",
                path="deep.yaml",
            ),
        )
    assert [i.code for i in error.value.issues] == ["yaml-syntax"]
