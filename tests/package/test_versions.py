"""Frozen versions, bump rules, changelogs and the data diff, on fictional fixture projects."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
from pathlib import Path

import pytest

from datasite.package.versions import bump_between, bump_version, schema_changes
from tests.conftest import edit
from tests.conftest import run_main as run

TALLIES = "data/releases/tallies.csv"
NEW_ROW = (
    "alpha-2026-02-01-released,released,20,,at_least,ngo-alpha,2026-02-01,day,,,not_stated,,verified,"
    ",daily-2026-01-10,Fictional.,Ficticio.\n"
)


def add_row(root: Path) -> None:
    with (root / TALLIES).open("a", encoding="utf-8") as f:
        f.write(NEW_ROW)


def test_freezing_writes_a_snapshot_its_lock_and_the_declared_version(project: Path, capsys):
    code, out, err = run(project, "version", "releases", capsys=capsys)
    assert (code, err) == (0, "")
    assert out == (
        "Froze releases 1.2.0 into versions/releases/1.2.0/ and set version: 1.2.0 in "
        "data/releases/datapackage.yaml.\n"
    )
    folder = project / "versions/releases/1.2.0"
    lock = (project / "versions/releases/1.2.0.lock").read_text().splitlines()
    assert sorted(p.name for p in folder.iterdir()) == [line.split("  ")[1] for line in lock]
    for line in lock:
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert "releases.xlsx" in [line.split("  ")[1] for line in lock]
    code, _, err = run(project, "version", "releases", capsys=capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        "data/releases/datapackage.yaml:5: version: nothing changed since the frozen "
        "version 1.2.0; there is nothing to freeze"
    )


def test_version_speaks_spanish_and_takes_the_datasets_path(project: Path, capsys):
    """`version` told everything in English, and refused data/releases/ as a dataset."""
    code, out, err = run(project, "version", "data/releases/", "--lang", "es", capsys=capsys)
    assert (code, err) == (0, "")
    assert out == (
        "Se congeló releases 1.2.0 en versions/releases/1.2.0/ y se puso version: 1.2.0 en "
        "data/releases/datapackage.yaml.\n"
    )
    code, _, err = run(project, "version", "excarcelaciones", "--lang", "es", capsys=capsys)
    assert code == 2 and err.startswith('Error: no hay ningún conjunto "excarcelaciones"; ')
    code, _, err = run(project, "version", "releases", "--lang", "es", capsys=capsys)
    assert code == 1
    assert err.splitlines()[0].endswith(
        "version: nada cambió desde la versión congelada 1.2.0; no hay nada que congelar"
    )
    assert err.splitlines()[1].startswith("    sugerencia: ")
    assert err.splitlines()[-1] == "No se congeló nada."


def test_a_new_freeze_takes_the_bump_the_rows_need(project: Path, capsys):
    run(project, "version", "releases", capsys=capsys)
    add_row(project)
    edit(project / TALLIES, "detained,345,", "detained,346,")
    code, out, _ = run(project, "version", "releases", capsys=capsys)
    assert code == 0 and "releases 1.3.0" in out
    assert "version: 1.3.0\n" in (project / "data/releases/datapackage.yaml").read_text()
    changelog = (project / "versions/releases/1.3.0/CHANGELOG.md").read_text()
    assert changelog.split("\n", 2)[2].replace(changelog.split("\n")[2], "## 1.3.0 — DATE", 1) == (
        "## 1.3.0 — DATE\n\n"
        "- `tallies`: 1 row added: `alpha-2026-02-01-released`.\n"
        "- `tallies`: 1 row corrected (value): `alpha-2026-01-19-detained`.\n"
        "\n## 1.2.0 — " + changelog.split("## 1.2.0 — ")[1]
    )
    assert changelog.endswith("- First published version.\n")


def test_tampering_with_a_frozen_version_is_refused(project: Path, capsys):
    run(project, "version", "releases", capsys=capsys)
    with (project / "versions/releases/1.2.0/tallies.csv").open("a") as f:
        f.write("x\n")
    (project / "versions/releases/1.2.0/extra.txt").write_text("x")
    code, out, _ = run(project, "validate", capsys=capsys)
    assert code == 1
    assert out == (
        "versions/releases/1.2.0/extra.txt: frozen-changed: this file is not in "
        "versions/releases/1.2.0.lock; "
        "published versions never change; restore it with `git checkout`\n"
        "    hint: if the data must change, freeze a new version with `python build.py version "
        "<dataset>`\n"
        "versions/releases/1.2.0/tallies.csv: frozen-changed: this file no longer matches its "
        "sha256 in "
        "versions/releases/1.2.0.lock; published versions never change; restore it with `git "
        "checkout`\n"
        "    hint: if the data must change, freeze a new version with `python build.py version "
        "<dataset>`\n"
        "2 problems in 2 files.\n"
    )
    code, _, err = run(project, "build", capsys=capsys)
    assert code == 1 and "frozen-changed" in err and not (project / "site").exists()


def test_a_declared_bump_smaller_than_the_change_is_refused(project: Path, capsys):
    run(project, "version", "releases", capsys=capsys)
    add_row(project)
    edit(project / "data/releases/datapackage.yaml", "version: 1.2.0", "version: 1.2.1")
    code, out, _ = run(project, "validate", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        "data/releases/datapackage.yaml:5: version-bump: version 1.2.1 is a patch bump from "
        "the frozen 1.2.0, "
        "but the changes need a minor bump (1.3.0): tallies: 1 row added: alpha-2026-02-01-released"
    )
    code, out, _ = run(project, "validate", "--lang", "es", capsys=capsys)
    assert out.splitlines()[0] == (
        "data/releases/datapackage.yaml:5: version-bump: la versión 1.2.1 es un salto de parche "
        "desde la congelada 1.2.0, pero los cambios necesitan un salto menor (1.3.0): tallies: "
        "1 fila añadida: alpha-2026-02-01-released"
    )
    edit(project / "data/releases/datapackage.yaml", "version: 1.2.1", "version: 1.2.0")
    code, _, err = run(project, "version", "releases", "--bump", "patch", capsys=capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        "data/releases/datapackage.yaml:5: version-bump: a patch bump is too small: "
        "the changes since 1.2.0 need a minor bump"
    )
    assert not (project / "versions/releases/1.2.1").exists()


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            {"fields": [{"name": "a"}, {"name": "b"}]},
            {"fields": [{"name": "a"}]},
            [("major", 'field "b" removed')],
        ),
        (
            {"fields": [{"name": "a"}]},
            {"fields": [{"name": "a", "type": "integer"}]},
            [("major", 'field "a": type string → integer')],
        ),
        (
            {"fields": [{"name": "a", "constraints": {"enum": ["x", "y"]}}]},
            {"fields": [{"name": "a", "constraints": {"enum": ["x"]}}]},
            [("major", 'field "a": enum values removed: y')],
        ),
        (
            {"fields": [{"name": "a", "constraints": {"enum": ["x"]}}]},
            {"fields": [{"name": "a", "constraints": {"enum": ["x", "y"]}}]},
            [("minor", 'field "a": enum values added: y')],
        ),
        (
            {"fields": [{"name": "a"}]},
            {"fields": [{"name": "a"}, {"name": "b", "constraints": {"required": True}}]},
            [("major", 'required field "b" added')],
        ),
        (
            {"fields": [{"name": "a"}]},
            {"fields": [{"name": "a"}, {"name": "b"}]},
            [("minor", 'field "b" added')],
        ),
        (
            {"fields": [{"name": "a", "description": "x"}]},
            {"fields": [{"name": "a", "description": "y"}]},
            [("patch", "titles or descriptions reworded (a)")],
        ),
        (
            {"fields": [{"name": "a", "constraints": {"maximum": 5}}]},
            {"fields": [{"name": "a", "constraints": {"maximum": 3}}]},
            [("major", 'field "a": maximum 5 → 3')],
        ),
    ],
)
def test_bump_rules_for_schema_changes(old, new, expected):
    assert [(c.bump, c.text("en")) for c in schema_changes(old, new)] == expected


def test_version_arithmetic():
    assert [bump_version("1.2.3", b) for b in ("major", "minor", "patch", "none")] == [
        "2.0.0",
        "1.3.0",
        "1.2.4",
        "1.2.3",
    ]
    assert [bump_between("1.2.3", v) for v in ("2.0.0", "1.3.0", "1.2.4", "1.2.3", "1.0.0")] == [
        "major",
        "minor",
        "patch",
        "none",
        "none",
    ]


def git(root: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "-c",
            "user.email=test@example.org",
            "-c",
            "user.name=Test",
            *args,
        ],
        check=True,
        capture_output=True,
    )


def test_diff_against_a_revision_that_is_not_there_is_told_in_spanish(project: Path, capsys):
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    code, out, err = run(project, "diff", "--base", "origin/mian", "--lang", "es", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        '--base: git: "origin/mian" no es un commit del repositorio git en ' + str(project),
        "    sugerencia: indique en --base una rama, etiqueta o commit que exista (`git branch "
        "-a` lista las ramas); si falla git mismo, compruebe que `git status` funciona en la "
        "carpeta del proyecto",
        "1 problema en 1 archivo.",
    ]


def test_diff_against_a_git_revision(project: Path, capsys):
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    add_row(project)
    text = (project / TALLIES).read_text()
    text = text.replace("detained,345,,exact", "detained,346,,at_least")
    text = "".join(
        line for line in text.splitlines(True) if not line.startswith("gamma-2026-01-10-released")
    )
    (project / TALLIES).write_text(text)
    # A new table in an existing dataset, with a schema of its own.
    (project / "schemas/notes.schema.yaml").write_text(
        "fields:\n  - {name: id, type: string}\nprimaryKey: [id]\n"
    )
    (project / "data/law/notes.csv").write_text("id\nnote-1\n")
    edit(
        project / "data/law/datapackage.yaml",
        "  - {name: legal_stages,",
        "  - {name: notes, path: notes.csv, schema: notes}\n  - {name: legal_stages,",
    )
    # A schema change: an enum widened (minor); narrowing is covered by
    # test_bump_rules_for_schema_changes.
    edit(project / "schemas/facilities.schema.yaml", "enum: [", "enum: [zzz-unused-first, ")
    code, out, err = run(project, "diff", "--base", "HEAD", capsys=capsys)
    assert (code, err) == (0, "")
    assert (
        out
        == """## Data changes against `HEAD`

| dataset | table | added | removed | changed | bump |
|---|---|---:|---:|---:|---|
| law | notes (new) | 1 | 0 | 0 | minor |
| places | facilities | 0 | 0 | 0 | minor |
| releases | tallies | 1 | 1 | 1 | major |

**Totals:** 2 rows added, 1 row removed, 1 row changed.

### law — needs a **minor** version (1.0.0 → 1.1.0)

#### notes (new table)

- Added: `note-1`

### places — needs a **minor** version (0.1.0 → 0.2.0)

#### facilities

- Schema: field "type": enum values added: zzz-unused-first (minor)

### releases — needs a **major** version (1.2.0 → 2.0.0)

#### tallies

- Added: `alpha-2026-02-01-released`
- Removed: `gamma-2026-01-10-released`
- Changed `alpha-2026-01-19-detained`: value: `345` → `346`; qualifier: `exact` → `at_least`
"""
    )
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "next")
    code, out, _ = run(project, "diff", "--base", "HEAD", capsys=capsys)
    assert out == "## Data changes against `HEAD`\n\nNo changes to the data.\n"
    code, _, err = run(project, "diff", "--base", "no-such-ref", capsys=capsys)
    assert (code, err.splitlines()[0]) == (
        1,
        f'--base: git: "no-such-ref" is not a commit of the git repository at {project}',
    )


def test_a_lone_carriage_return_in_a_cell_survives_freezing(project: Path, capsys):
    # Rows end in "\n", so a bare "\r" left unquoted would split the row for every CSV reader.
    edit(project / TALLIES, "Fictional count.", '"Fictional\rcount."')
    code, _, err = run(project, "version", "releases", capsys=capsys)
    assert (code, err) == (0, "")
    rows = {
        path: list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
        for path in (project / TALLIES, project / "versions/releases/1.2.0/tallies.csv")
    }
    source, frozen = rows.values()
    assert [r["id"] for r in frozen] == [r["id"] for r in source]
    assert frozen[0]["note"] == "Fictional\rcount."
    code, _, err = run(project, "version", "releases", capsys=capsys)
    assert code == 1
    assert "nothing changed since the frozen version 1.2.0" in err


def test_only_plain_files_inside_the_target_come_out_of_a_revision():
    from datasite.report.diff import Blob, plain_blobs

    oid = "0" * 40
    listing = b"".join(
        f"{mode} {kind} {oid} {size}\t{name}\0".encode()
        for mode, kind, size, name in [
            ("100644", "blob", 3, "data/a.csv"),
            ("100755", "blob", 3, "schemas/s.schema.yaml"),
            ("120000", "blob", 19, "data/link.csv"),
            ("160000", "commit", "-", "data/module"),
            ("100644", "blob", 3, "../outside.csv"),
            ("100644", "blob", 3, "/tmp/absolute.csv"),
            ("100644", "blob", 3, "docs/x.csv"),
        ]
    )
    assert plain_blobs(listing) == (
        [Blob("data/a.csv", oid, 3), Blob("schemas/s.schema.yaml", oid, 3)],
        [],
    )
