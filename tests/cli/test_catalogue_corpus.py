"""A corpus that triggers every problem of the catalogue, run through `validate --lang es
--format json`: no message may stay English and no hint may be missing or English."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from datasite.catalogue import PROBLEMS
from datasite.cli import main
from datasite.report.messages import _pattern
from tests.conftest import edit, freeze_all, make_project

TALLIES = "data/releases/tallies.csv"
GOOD = (
    "alpha-2026-01-09-released,released,12,,at_least,ngo-alpha,2026-01-09,day,,2026-01-08,day,,"
    "verified,,daily-2026-01-10,Fictional count.,Cifra ficticia."
)
RELEASES = "data/releases/datapackage.yaml"
FACILITIES = "data/places/facilities.yaml"
PERSONS = "data/releases/persons.yaml"
FROZEN = "versions/releases/1.2.0"
STAGE = "data/law/legal_stages/example-law-announced.yaml"

# Codes no data can make `validate` report, each with the reason. The test below requires this
# to be exactly the catalogue's codes that no case triggers, so it cannot silently grow.
NOT_TRIGGERED = {
    "record-file-exists": "reported by `import` only, when a record file appears between the "
    "check and the write: in valid data every record file is named by its id, so an existing "
    "file holds that id and duplicate-key reports it first (tests/cli/test_import.py)",
    "git": "reported by `diff` only, when git fails or the base is no commit; not by validate",
    "mkdocs": "reported by `build` only, when MkDocs itself fails after the data checked clean",
    "template": "reported by `build` only, when a page template or a site text fails to render",
    "page-language": "reported by `build` only, on a built page holding interface text of another "
    "language (tests/render/test_words.py)",
    "constraint": "frictionless' fallback for a constraint outside CONSTRAINT_CODES; no Table "
    "Schema constraint the loader accepts reaches it",
    "check-failed": "frictionless raising while it checks a table; no known value makes it raise "
    "since the values it stumbled on are refused before (not-finite, number-precision)",
    "version": "a malformed version is refused first as unsafe-name, and a withdrawn one is "
    "reported by the `version` command, not by validate",
    "privacy-withheld": "triggered from data (a withheld name in a re-locked frozen table, "
    "tests/check/test_frozen_versions.py), but not yet in this corpus, which forges no version",
    "frozen-history": "git failing to read the repository's history of versions/; needs a broken "
    "git repository, not data",
}


def tally(new: str) -> Callable[[Path], None]:
    """A case that rewrites the first tallies row."""
    return lambda root: edit(root / TALLIES, GOOD, new)


def append(path: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with open(root / path, "a", encoding="utf-8") as f:
            f.write(text)

    return change


def write(path: str, data: bytes) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)

    return change


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(root / path, old, new)


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        for one in changes:
            one(root)

    return change


def symlink(root: Path) -> None:
    (root / "data/releases/link.csv").symlink_to(root / TALLIES)


def fifo(root: Path) -> None:
    os.mkfifo(root / "data/releases/pipe")


def unlisted(root: Path) -> None:
    """A frozen file gone together with its line of the lock: the package still lists it."""
    (root / f"{FROZEN}/tallies.csv").unlink()
    lock = root / f"{FROZEN}.lock"
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    lock.write_text("".join(x for x in lines if not x.rstrip().endswith("  tallies.csv")))


def interrupted(root: Path) -> None:
    (root / "data/releases/.datapackage.yaml.x1.tmp").write_text("version: 1.3.0\n")


# (id, codes the case must report, change to a fresh project, whether it starts frozen)
SITE = "data/site.yaml"

CASES: list[tuple[str, set[str], Callable[[Path], None], bool]] = [
    ("type", {"type"}, tally(GOOD.replace(",12,", ",1.200,")), False),
    ("pattern", {"pattern"}, tally(GOOD.replace("alpha-2026-01-09-released", "Alpha 9")), False),
    ("required", {"required"}, tally(GOOD.replace(",released,", ",,")), False),
    ("enum", {"enum"}, tally(GOOD.replace(",at_least,", ",atleast,")), False),
    ("minimum", {"minimum"}, tally(GOOD.replace(",12,", ",-3,")), False),
    (
        "maximum",
        {"maximum"},
        both(
            replace("schemas/tallies.schema.yaml", "{minimum: 0}", "{minimum: 0, maximum: 5}"),
        ),
        False,
    ),
    (
        "max-length",
        {"max-length"},
        tally(GOOD.replace("Fictional count.", "x" * 1001)),
        False,
    ),
    (
        "min-length",
        {"min-length"},
        replace(
            "schemas/tallies.schema.yaml", "{maxLength: 1000}", "{maxLength: 1000, minLength: 50}"
        ),
        False,
    ),
    ("missing-source", {"missing-source"}, tally(GOOD.replace(",daily-2026-01-10,", ",,")), False),
    (
        "unknown-source",
        {"unknown-source"},
        tally(GOOD.replace(",daily-2026-01-10,", ",daily-2026-01-11,")),
        False,
    ),
    ("foreign-key", {"foreign-key"}, tally(GOOD.replace(",ngo-alpha,", ",zzz,")), False),
    ("duplicate-key", {"duplicate-key"}, append(TALLIES, GOOD + "\n"), False),
    (
        "duplicate-claim",
        {"duplicate-claim"},
        append(TALLIES, GOOD.replace("alpha-2026-01-09-released", "alpha-copy") + "\n"),
        False,
    ),
    (
        "date-precision",
        {"date-precision"},
        tally(GOOD.replace(",2026-01-09,day,", ",2026-01,day,")),
        False,
    ),
    (
        "date-invalid",
        {"date-invalid"},
        tally(GOOD.replace(",2026-01-09,day,", ",2026-02-30,day,")),
        False,
    ),
    (
        "date-future",
        {"date-future"},
        tally(GOOD.replace(",2026-01-09,day,", ",2999-01-09,day,")),
        False,
    ),
    (
        "yaml-comment",
        {"yaml-comment"},
        replace(FACILITIES, "note: A fictional facility.", "note: A fictional #1 facility."),
        False,
    ),
    (
        "date-order",
        {"date-order"},
        tally(GOOD.replace(",2026-01-08,day,", ",2026-01-10,day,")),
        False,
    ),
    (
        "range-order",
        {"range-order"},
        tally(GOOD.replace(",12,,at_least,", ",12,8,between,")),
        False,
    ),
    (
        "list-repeat",
        {"list-repeat"},
        tally(GOOD.replace(",daily-2026-01-10,", ",daily-2026-01-10;daily-2026-01-10,")),
        False,
    ),
    (
        "integer-form",
        {"integer-form"},
        tally(GOOD.replace(",12,,at_least,", ",1_2,,at_least,")),
        False,
    ),
    ("filled-when", {"filled-when"}, tally(GOOD.replace(",12,,at_least,", ",12,,between,")), False),
    (
        "privacy-identifier",
        {"privacy-identifier"},
        tally(GOOD.replace("Fictional count.", "Call 0414-555-12-34")),
        False,
    ),
    (
        "hidden-text",
        {"hidden-text"},
        tally(GOOD.replace("Fictional count.", "Fictional\u202ecount.")),
        False,
    ),
    ("formula", {"formula"}, tally(GOOD.replace("Fictional count.", "=1+1")), False),
    (
        "text-too-long",
        {"text-too-long"},
        both(
            replace("schemas/tallies.schema.yaml", "{maxLength: 1000}", "{maxLength: 40000}"),
            tally(GOOD.replace("Fictional count.", "word " * 7000)),
        ),
        False,
    ),
    (
        "number-precision",
        {"number-precision"},
        tally(GOOD.replace(",12,", ",92233720368547758070,")),
        False,
    ),
    (
        "not-finite",
        {"not-finite"},
        replace(FACILITIES, 'latitude: "10.5"', 'latitude: "1e999"'),
        False,
    ),
    ("blank-row", {"blank-row"}, write("data/law/legal_stages/new.yaml", b"id:\nstage:\n"), False),
    ("csv-ragged", {"csv-ragged"}, append(TALLIES, "a,b\n"), False),
    (
        "csv-delimiter",
        {"csv-delimiter"},
        lambda root: (root / TALLIES).write_text(
            (root / TALLIES).read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"
        ),
        False,
    ),
    ("csv-yaml", {"csv-yaml"}, append(TALLIES, "- id: pasted\n  measure: released\n"), False),
    (
        "conflict-markers",
        {"conflict-markers"},
        append(TALLIES, "<<<<<<< HEAD\n" + GOOD + "\n=======\n" + GOOD + "\n>>>>>>> other\n"),
        False,
    ),
    (
        "yaml-missing-dash",
        {"yaml-missing-dash"},
        replace(FACILITIES, "- id: camp-two", "  id: camp-two"),
        False,
    ),
    ("date-dmy", {"date-dmy"}, tally(GOOD.replace(",2026-01-09,day,", ",09/01/2026,day,")), False),
    (
        "language-missing",
        {"language-missing"},
        replace(
            "data/references/sources.csv",
            "https://news.example.org/2026/01/10/releases,2026-01-10,day,,en",
            "https://news.example.org/2026/01/10/releases,2026-01-10,day,,",
        ),
        False,
    ),
    ("csv-syntax", {"csv-syntax"}, tally(GOOD.replace("Fictional count.", "a\0b")), False),
    ("csv-header", {"csv-header"}, write(TALLIES, b""), False),
    (
        "csv-duplicate-header",
        {"csv-duplicate-header"},
        replace(TALLIES, "id,measure,value,value_max,", "id,measure,value,value,"),
        False,
    ),
    (
        "missing-column",
        {"missing-column", "unknown-field"},
        replace(TALLIES, "id,measure,value,", "id,measur,value,"),
        False,
    ),
    ("encoding", {"encoding"}, write(TALLIES, b"id,measure\n\xff\n"), False),
    ("yaml-syntax", {"yaml-syntax"}, append(FACILITIES, "- id: [unclosed\n"), False),
    ("yaml-alias", {"yaml-alias"}, append(FACILITIES, "- &a {id: x}\n- *a\n"), False),
    ("yaml-tag", {"yaml-tag"}, append(FACILITIES, "- id: !!python/name:os.system x\n"), False),
    ("yaml-shape", {"yaml-shape"}, write(FACILITIES, b"just text\n"), False),
    (
        "yaml-duplicate-key",
        {"yaml-duplicate-key"},
        append(FACILITIES, "- id: twice\n  id: twice\n"),
        False,
    ),
    ("symlink", {"symlink"}, symlink, False),
    ("special-file", {"special-file"}, fifo, False),
    (
        "file-missing",
        {"file-missing"},
        replace(RELEASES, "path: tallies.csv", "path: nothing.csv"),
        False,
    ),
    (
        "unknown-file",
        {"unknown-file"},
        write("data/law/legal_stages/notes.txt", b"x\n"),
        False,
    ),
    (
        "record-file-name",
        {"record-file-name"},
        replace(STAGE, "id: example-law-announced", "id: example-law-passed"),
        False,
    ),
    (
        "record-table",
        {"record-table"},
        write(
            "data/law/legal_stages/fort-three.yaml",
            b"id: fort-three\nname: Fort Three\ntype: prison\ncity: Exampleville\n",
        ),
        False,
    ),
    (  # a schema whose id has no pattern (with one, the pattern's problem says it first)
        "record-file-name-unsafe",
        {"record-file-name"},
        both(
            replace(
                "schemas/legal_stages.schema.yaml",
                ', pattern: "^[a-z0-9][a-z0-9-]{0,79}$"}',
                "}",
            ),
            replace(STAGE, "id: example-law-announced", "id: example law announced"),
        ),
        False,
    ),
    (
        "record-file-name-pattern-first",
        {"pattern"},
        replace(STAGE, "id: example-law-announced", "id: example_law.announced"),
        False,
    ),
    (
        "file-too-large",
        {"file-too-large"},
        write(FACILITIES, b"#" * (32 * 1024 * 1024 + 1)),
        False,
    ),
    (
        "unsafe-name",
        {"unsafe-name"},
        replace(RELEASES, "{name: tallies,", "{name: Tallies,"),
        False,
    ),
    (
        "unsafe-path",
        {"unsafe-path"},
        replace(RELEASES, "path: tallies.csv", "path: ../x.csv"),
        False,
    ),
    ("config", {"config"}, replace(RELEASES, "name: releases", "name: release"), False),
    (
        "setting-unknown",
        {"setting-unknown"},
        replace(
            SITE, "  measure_field: measure", "  measure_feld: measure\n  measure_field: measure"
        ),
        False,
    ),
    (
        "privacy-setting",
        {"privacy-setting"},
        replace(
            SITE,
            "    - label: phone number\n",
            "    - label: badge\n      label_es: placa\n      pattern: 'B-(\\d'\n"
            "    - label: phone number\n",
        ),
        False,
    ),
    (
        "headline-compare",
        {"headline-compare"},
        both(
            replace(SITE, "same_window: {month: same,", "same_window: {month: never,"),
            replace(
                SITE,
                "{measure: detained, window_start: not_stated}",
                "{measure: released, window_start: not_stated}",
            ),
            replace(
                SITE,
                "    - {measure: released, window_start: 2026-01-08}\n",
                "    - {measure: released, window_start: 2026-01-08}\n" * 2,
            ),
        ),
        False,
    ),
    ("setting-type", {"setting-type"}, replace(SITE, "count: 6", "count: six"), False),
    ("setting-value", {"setting-value"}, replace(SITE, "count: 6", "count: -1"), False),
    ("setting-missing", {"setting-missing"}, replace(SITE, "  table: tallies\n", ""), False),
    (
        "setting-reference",
        {"setting-reference"},
        replace(SITE, "i18n: {es: {title: Sitio", "i18n: {fr: {title: Site}, es: {title: Sitio"),
        False,
    ),
    (
        "unsafe-url",
        {"unsafe-url"},
        replace(RELEASES, '"https://creativecommons.org/licenses/by/4.0/"', "javascript:alert(1)"),
        False,
    ),
    (
        "schema-invalid",
        {"schema-invalid"},
        replace("schemas/tallies.schema.yaml", "{minimum: 0}", "{minimum: 0, pattern: '('}"),
        False,
    ),
    ("mkdocs-setting", {"mkdocs-setting"}, append("mkdocs.yml", "\nINHERIT: other.yml\n"), False),
    (
        "privacy-minor",
        {"privacy-minor"},
        replace(
            PERSONS,
            '  minor: "false"\n  role: Fictional private',
            '  minor: "true"\n  role: Fictional private',
        ),
        False,
    ),
    (
        "privacy-name",
        {"privacy-name"},
        tally(GOOD.replace("Fictional count.", "Withheld Fictional-Secretname was freed.")),
        False,
    ),
    (
        "privacy-private-name",
        {"privacy-private-name"},
        replace("data/site.yaml", "  names_in_records: allowed in test fixtures\n", ""),
        False,
    ),
    (
        "privacy-telling-id",
        {"privacy-telling-id"},
        both(
            replace("data/site.yaml", "  names_in_records: allowed in test fixtures\n", ""),
            append(
                PERSONS,
                "- id: person-fictional-secretname\n  publish_level: withheld\n"
                '  minor: "false"\n  source_id: daily-2026-01-10\n',
            ),
        ),
        False,
    ),
    (
        "privacy-basis",
        {"privacy-basis"},
        replace(PERSONS, "  basis_source_ids: [bulletin-2026-01-20]\n", ""),
        False,
    ),
    (
        "privacy-singling-out",
        {"privacy-singling-out"},
        replace(
            "data/releases/release_events.csv",
            "release-zed-example,2026-01-12,day,,release,1,exact,,person-zed,",
            "release-zed-example,2026-01-12,day,,release,1,exact,,person-withheld-1,",
        ),
        False,
    ),
    # Frozen versions (the project is frozen first, as a maintainer does before publishing).
    (
        "frozen-changed",
        {"frozen-changed"},
        append(f"{FROZEN}/tallies.csv", "x\n"),
        True,
    ),
    ("frozen-file", {"frozen-file"}, write(f"{FROZEN}/sub/x.csv", b"x\n"), True),
    (
        "frozen-orphan",
        {"frozen-orphan"},
        lambda root: shutil.copytree(root / "versions/releases", root / "versions/gone"),
        True,
    ),
    ("frozen-interrupted", {"frozen-interrupted"}, interrupted, True),
    ("frozen-package", {"frozen-package"}, unlisted, True),
    (
        "frozen-withdrawn",
        {"frozen-withdrawn"},
        write(
            "CHANGELOG.md",
            b"# Changelog\n\n## Withdrawn and reissued versions\n\n- Withdrawn: releases\n",
        ),
        True,
    ),
    (
        "version-behind",
        {"version-behind"},
        replace(RELEASES, "version: 1.2.0", "version: 1.1.0"),
        True,
    ),
    (
        "version-bump",
        {"version-bump"},
        both(
            append(TALLIES, GOOD.replace("2026-01-09", "2026-02-01") + "\n"),
            replace(RELEASES, "version: 1.2.0", "version: 1.2.1"),
        ),
        True,
    ),
]


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    """The mini project with every dataset frozen at its declared version."""
    root = make_project(tmp_path_factory.mktemp("frozen") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1769904000")
        freeze_all(root)
    return root


def validate_json(root: Path, lang: str, capsys) -> list[dict]:
    main(["validate", "--format", "json", "--lang", lang], root=root)
    return json.loads(capsys.readouterr().out)["issues"]


@pytest.mark.parametrize(
    "codes, change, starts_frozen", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_every_problem_reads_in_spanish_with_a_spanish_hint(
    codes: set[str], change, starts_frozen: bool, tmp_path: Path, frozen: Path, capsys
):
    root = tmp_path / "project"
    if starts_frozen:
        shutil.copytree(frozen, root, symlinks=True)
    else:
        make_project(root)
    change(root)
    english, spanish = validate_json(root, "en", capsys), validate_json(root, "es", capsys)
    assert codes <= {i["code"] for i in spanish}, spanish
    assert [i["code"] for i in english] == [i["code"] for i in spanish]
    for en, es in zip(english, spanish, strict=True):
        # (a bare "{detail}" template words a library's message in Spanish around it)
        templates = [e for e, _ in PROBLEMS[es["code"]].messages if not re.fullmatch(r"\{\w+\}", e)]
        assert es["message"] != en["message"], es
        assert not any(_pattern(t).match(es["message"]) for t in templates), es
        assert en["hint"] and es["hint"] and es["hint"] != en["hint"], es


# `build.py import` (report/sheet_import.py): each case writes the file to import into the
# project (and may change the project), and gives its name.
STAGE_ROW = {
    "id": "example-law-first-reading",
    "instrument_id": "example-law",
    "stage": "first_reading",
    "date": "2026-01-20",
    "date_precision": "day",
    "actor_id": "minister-gamma",
    "source_ids": "daily-2026-01-10",
}


def workbook(sheet: str, rows: list[dict]) -> Callable[[Path], str]:
    def change(root: Path) -> str:
        from openpyxl import Workbook

        book = Workbook()
        book.active.title = sheet
        header = list(rows[0]) if rows else ["id"]
        book.active.append(header)
        for row in rows:
            book.active.append([row.get(name) for name in header])
        book.save(root / "rows.xlsx")
        return "rows.xlsx"

    return change


def then(change: Callable[[Path], None], sheet: Callable[[Path], str]) -> Callable[[Path], str]:
    def both_changes(root: Path) -> str:
        change(root)
        return sheet(root)

    return both_changes


def stage_rows_as_tallies(root: Path) -> str:
    """A legal_stages row in a CSV file named after tallies, the table it is imported as."""
    (root / "tallies.csv").write_text(
        ",".join(STAGE_ROW) + "\n" + ",".join(STAGE_ROW.values()) + "\n", encoding="utf-8"
    )
    return "tallies.csv"


def not_a_workbook(root: Path) -> str:
    (root / "rows.xlsx").write_bytes(b"not a zip")
    return "rows.xlsx"


def extra_cell(root: Path) -> str:
    name = workbook("legal_stages", [STAGE_ROW])(root)
    from openpyxl import load_workbook

    book = load_workbook(root / name)
    book.active.cell(row=2, column=len(STAGE_ROW) + 2, value="stray")
    book.save(root / name)
    return name


IMPORT_CASES: list[tuple[str, set[str], Callable[[Path], str]]] = [
    ("sheet-unreadable", {"sheet-unreadable"}, not_a_workbook),
    ("sheet-name", {"sheet-name"}, workbook("Hoja1", [STAGE_ROW])),
    ("sheet-formula", {"sheet-formula"}, workbook("legal_stages", [{**STAGE_ROW, "note": "=1"}])),
    (
        "sheet-table",
        {"sheet-table"},
        stage_rows_as_tallies,
    ),
    (
        "sheet-datetime",
        {"sheet-datetime"},
        workbook("legal_stages", [{**STAGE_ROW, "date": dt.datetime(2026, 1, 20, 14, 30)}]),
    ),
    ("sheet-extra-cell", {"sheet-extra-cell"}, extra_cell),
    (
        "record-file-name",
        {"record-file-name"},
        then(
            replace(
                "schemas/legal_stages.schema.yaml",
                'constraints: {required: true, pattern: "^[a-z0-9][a-z0-9-]{0,79}$"}',
                "constraints: {required: true}",
            ),
            workbook("legal_stages", [{**STAGE_ROW, "id": "Example Law First Reading"}]),
        ),
    ),
]
PROBLEM_LINE = re.compile(r"^(?P<where>.+?): (?P<code>[a-z0-9-]+): (?P<message>.*)$")


def import_problems(root: Path, name: str, lang: str, capsys) -> list[dict]:
    """The problems `import` reports, read back from its text: code, message and hint."""
    capsys.readouterr()
    assert main(["import", str(root / name), "--lang", lang], root=root) == 1
    problems: list[dict] = []
    for line in capsys.readouterr().err.splitlines():
        match = PROBLEM_LINE.match(line)
        if match and not line.startswith(" "):
            problems.append({"code": match["code"], "message": match["message"], "hint": ""})
        elif line.startswith("    ") and problems:
            problems[-1]["hint"] = line.split(": ", 1)[1]
    return problems


@pytest.mark.parametrize(
    "codes, change", [c[1:] for c in IMPORT_CASES], ids=[c[0] for c in IMPORT_CASES]
)
def test_every_import_problem_reads_in_spanish_with_a_spanish_hint(
    codes: set[str], change, tmp_path: Path, capsys
):
    root = make_project(tmp_path / "project")
    name = change(root)
    english = import_problems(root, name, "en", capsys)
    spanish = import_problems(root, name, "es", capsys)
    assert codes <= {i["code"] for i in spanish}, spanish
    assert [i["code"] for i in english] == [i["code"] for i in spanish]
    for en, es in zip(english, spanish, strict=True):
        templates = [e for e, _ in PROBLEMS[es["code"]].messages if not re.fullmatch(r"\{\w+\}", e)]
        assert any(_pattern(t).match(en["message"]) for t in templates), en
        assert es["message"] != en["message"], es
        assert not any(_pattern(t).match(es["message"]) for t in templates), es
        assert en["hint"] and es["hint"] and es["hint"] != en["hint"], es


def test_the_corpus_triggers_every_code_but_the_listed_ones():
    triggered = set().union(*(codes for _, codes, _, _ in CASES))
    triggered |= set().union(*(codes for _, codes, _ in IMPORT_CASES))
    assert not triggered & set(NOT_TRIGGERED)
    assert sorted(set(PROBLEMS) - triggered) == sorted(NOT_TRIGGERED)
