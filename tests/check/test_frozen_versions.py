"""Frozen versions pass every check the working data passes, hold only their package's files, never
change once committed (compared with git history), and `version` writes them atomically."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from datasite.cli import UNCHECKED
from tests.check.conftest import forge, replace_cell, sha
from tests.conftest import FIXTURE_EPOCH, REPO, edit, fixture_identifiers, tree_hashes
from tests.conftest import run_main as run

OLD = "versions/references/1.0.0"
SECTION = "## Withdrawn and reissued versions\n\n"


@pytest.fixture
def frozen(built_mini: Path, tmp_path: Path, monkeypatch, capsys) -> Path:
    """A fresh copy of the frozen and built mini project (the session's, conftest.built_mini)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
    root = tmp_path / "project"
    shutil.copytree(built_mini, root, symlinks=True)
    capsys.readouterr()
    return root


def refused_by_both(root: Path, capsys) -> str:
    """validate and build both refuse, the site stays byte-identical; validate's output without
    its hint lines."""
    site = tree_hashes(root / "site")
    code, out, _ = run(root, "validate", capsys=capsys)
    assert code == 1
    code, _, err = run(root, "build", capsys=capsys)
    assert code == 1 and err.endswith("Build stopped; site/ was left as it was.\n")
    advice = {line for told in UNCHECKED.values() for line in told}  # the rules not checked yet
    err = "\n".join(line for line in err.splitlines() if line not in advice)
    assert [line for line in err.splitlines() if ": " in line and not line.startswith(" ")] == [
        line for line in out.splitlines() if ": " in line and not line.startswith(" ")
    ]
    assert tree_hashes(root / "site") == site
    return without_hints(out)


def without_hints(text: str) -> str:
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith("    hint: ")
    )


def test_the_shipped_versions_pass(capsys):
    code, out, _ = run(REPO, "validate", capsys=capsys)
    assert (code, out) == (0, "The data is valid.\n")


def test_a_frozen_version_that_checks_out_is_published(frozen: Path, capsys):
    edit(frozen / "data/references/datapackage.yaml", "version: 1.0.0", "version: 1.1.0")
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {
            "sources.csv": replace_cell(
                frozen,
                f"{OLD}/sources.csv",
                "Fictional report on releases",
                "Fictional report (corrected)",
            )
        },
    )
    code, out, _ = run(frozen, "validate", capsys=capsys)
    assert (code, out) == (0, "The data is valid.\n")
    assert run(frozen, "build", capsys=capsys)[0] == 0
    assert (
        "Fictional report (corrected)"
        in (frozen / "site/data/references/latest/sources.csv").read_text()
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        (
            "Report on V-12.345.678",
            'privacy-identifier: field "title": looks like a national ID number; personal '
            "identifiers are never published",
        ),
        (
            "Call 0414-555-12-34",
            'privacy-identifier: field "title": looks like a phone number; personal '
            "identifiers are never published",
        ),
        (
            '"=HYPERLINK(""https://evil.example"",""x"")"',
            'formula: field "title": starts with = + - or @, which a spreadsheet would run as '
            "a formula; start the text with a word",
        ),
    ],
    ids=["identifier", "phone", "formula"],
)
def test_a_forged_new_version_is_checked_like_the_data(frozen: Path, capsys, value, expected):
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {
            "sources.csv": replace_cell(
                frozen, f"{OLD}/sources.csv", "Fictional report on releases", value
            )
        },
    )
    out = refused_by_both(frozen, capsys)
    assert out == f"versions/references/1.1.0/sources.csv:2: {expected}\n1 problem in 1 file.\n"


def test_a_withheld_name_of_the_working_data_is_refused_in_a_frozen_version(frozen: Path, capsys):
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {
            "sources.csv": replace_cell(
                frozen,
                f"{OLD}/sources.csv",
                "Fictional report on releases",
                "Interview with Withheld Fictional-Secretname",
            ),
            "CHANGELOG.md": replace_cell(
                frozen,
                f"{OLD}/CHANGELOG.md",
                "First published version.",
                "First version; call +58 414 555 12 34.",
            ),
        },
    )
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/CHANGELOG.md:5: privacy-identifier: looks like a phone "
        "number; personal identifiers are never published\n"
        'versions/references/1.1.0/sources.csv:2: privacy-name: field "title": contains the '
        "name of a person whose name is withheld "
        "(data/releases/persons.yaml:8); remove it\n"
        "2 problems in 2 files.\n"
    )


def test_a_withheld_persons_name_in_a_frozen_table_is_refused(frozen: Path, capsys):
    old = "versions/releases/1.2.0"
    forge(
        frozen,
        "releases",
        "1.2.0",
        "1.3.0",
        {
            "persons.csv": replace_cell(
                frozen,
                f"{old}/persons.csv",
                "person-withheld-1,withheld,,",
                "person-withheld-1,withheld,Another Person,",
            ),
        },
    )
    out = refused_by_both(frozen, capsys)
    assert out == (
        'versions/releases/1.3.0/persons.csv:3: privacy-withheld: field "name": is filled in a '
        "record whose publish level withholds it; "
        "a frozen version holds only what the site may publish\n"
        "1 problem in 1 file.\n"
    )


def test_types_and_constraints_are_checked_with_the_frozen_schema(frozen: Path, capsys):
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {"sources.csv": replace_cell(frozen, f"{OLD}/sources.csv", ",news,", ",rumour,")},
    )
    out = refused_by_both(frozen, capsys)
    assert out.startswith(
        'versions/references/1.1.0/sources.csv:2: enum: field "kind": "rumour" is not one of '
    )
    assert out.endswith("1 problem in 1 file.\n")


@pytest.mark.parametrize("listed", [True, False], ids=["listed", "not-listed"])
def test_an_html_file_in_a_version_is_refused_and_never_published(frozen: Path, capsys, listed):
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {"evil.html": b"<script>alert(1)</script>"},
        listed=listed,
    )
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/evil.html: frozen-file: a .html file is never published; a "
        "version holds only "
        ".csv, .json, .xlsx, .sqlite, .md, .txt, .bib, .ris, .zip, .parquet files and SHA256SUMS\n"
        "1 problem in 1 file.\n"
    )
    assert not list((frozen / "site").rglob("evil.html"))


def test_a_listed_file_that_the_package_does_not_list_is_refused(frozen: Path, capsys):
    forge(
        frozen, "references", "1.0.0", "1.1.0", {"notes.txt": b"Fictional notes.\n"}, listed=False
    )
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/notes.txt: frozen-file: this file is not listed in "
        "datapackage.json; "
        "a version holds only its package's files\n1 problem in 1 file.\n"
    )


def test_a_lock_naming_a_path_outside_its_folder_is_refused_before_reading(frozen: Path, capsys):
    lock = frozen / "versions/references/1.0.0.lock"
    hostname = Path("/etc/hostname")
    digest = sha(hostname.read_bytes()) if hostname.is_file() else "0" * 64
    lock.write_text(lock.read_text() + f"{digest}  ../../../../etc/hostname\n")
    out = refused_by_both(frozen, capsys)
    assert out == (
        'versions/references/1.0.0.lock:17: unsafe-path: "../../../../etc/hostname" must be a '
        "plain file name inside "
        "versions/references/1.0.0/\n1 problem in 1 file.\n"
    )


def test_a_resource_path_leaving_the_folder_is_refused(frozen: Path, capsys):
    folder = forge(frozen, "references", "1.0.0", "1.1.0", {})
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["resources"][1]["path"] = "../../../data/site.yaml"
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
    relock(frozen, "references", "1.1.0")
    text = (folder / "datapackage.json").read_text()
    line = text[: text.index('"../../../data/site.yaml"')].count("\n") + 1
    out = refused_by_both(frozen, capsys)
    assert out == (
        f"versions/references/1.1.0/datapackage.json:{line}: unsafe-path: resource path "
        '"../../../data/site.yaml" must be '
        "a plain file name inside versions/references/1.1.0/\n1 problem in 1 file.\n"
    )


def relock(root: Path, dataset: str, version: str) -> None:
    folder = root / "versions" / dataset / version
    (folder.parent / f"{version}.lock").write_text(
        "".join(f"{sha(p.read_bytes())}  {p.name}\n" for p in sorted(folder.iterdir()))
    )


def test_a_symbolic_link_in_a_version_is_refused(frozen: Path, capsys):
    folder = forge(frozen, "references", "1.0.0", "1.1.0", {})
    (folder / "sources.json").unlink()
    (folder / "sources.json").symlink_to(frozen / "data/site.yaml")
    relock(frozen, "references", "1.1.0")
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/sources.json: symlink: symbolic links are not "
        "allowed\n1 problem in 1 file.\n"
    )


def test_a_real_formula_cell_in_the_workbook_is_refused(frozen: Path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "sources"
    book.active["A1"] = "id"
    book.active["A2"] = '=HYPERLINK("https://evil.example","Open")'
    buffer = io.BytesIO()
    book.save(buffer)
    forge(frozen, "references", "1.0.0", "1.1.0", {"references.xlsx": buffer.getvalue()})
    out = refused_by_both(frozen, capsys)
    assert out == (
        'versions/references/1.1.0/references.xlsx: formula: field "sources!A2": is a '
        "spreadsheet formula; "
        "a frozen workbook holds values only\n1 problem in 1 file.\n"
    )


def test_json_and_sqlite_copies_are_scanned(frozen: Path, capsys):
    json_bytes = replace_cell(
        frozen, f"{OLD}/sources.json", "Fictional report on releases", "Write to ana@example.org"
    )
    database = frozen / "forged.sqlite"
    database.write_bytes((frozen / f"{OLD}/references.sqlite").read_bytes())
    with sqlite3.connect(database) as db:
        db.execute("UPDATE sources SET title = '@SUM(A1)' WHERE id = 'daily-2026-01-10'")
    db.close()
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {"sources.json": json_bytes, "references.sqlite": database.read_bytes()},
    )
    database.unlink()
    out = refused_by_both(frozen, capsys)
    assert out == (
        'versions/references/1.1.0/references.sqlite: formula: field "sources.title (row 1)": '
        "starts with = + - or @, which a "
        "spreadsheet would run as a formula; start the text with a word\n"
        'versions/references/1.1.0/sources.json:9: privacy-identifier: field "title": looks '
        "like a e-mail address; "
        "personal identifiers are never published\n"
        "2 problems in 2 files.\n"
    )


def test_a_zip_with_an_extra_member_is_refused(frozen: Path, capsys):
    folder = forge(frozen, "references", "1.0.0", "1.1.0", {})
    zip_path = folder / "references-1.1.0.zip"
    with zipfile.ZipFile(zip_path, "a") as archive:
        archive.writestr("references-1.1.0/evil.html", "<script>alert(1)</script>")
    sums = "".join(
        f"{sha(p.read_bytes())}  {p.name}\n"
        for p in sorted(folder.iterdir())
        if p.name != "SHA256SUMS"
    )
    (folder / "SHA256SUMS").write_text(sums)
    descriptor_ok = (folder / "datapackage.json").read_text()
    assert "references-1.1.0.zip" not in descriptor_ok
    relock(frozen, "references", "1.1.0")
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/references-1.1.0.zip: frozen-package: the zip must hold "
        "exactly the package's files: "
        "references-1.1.0/evil.html is not a file of the package\n1 problem in 1 file.\n"
    )


# History: git


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message)


@pytest.fixture
def repository(frozen: Path) -> Path:
    git(frozen, "init", "-q", "-b", "main")
    (frozen / ".gitignore").write_text("site/\n")
    commit_all(frozen, "Freeze every dataset")
    return frozen


def test_an_edited_old_version_with_a_rewritten_lock_is_refused_under_git(repository: Path, capsys):
    forge(
        repository,
        "references",
        "1.0.0",
        "1.0.0",
        {
            "sources.csv": replace_cell(
                repository,
                f"{OLD}/sources.csv",
                "Fictional report on releases",
                "Fictional report quietly changed",
            )
        },
    )
    commit_all(repository, "A pull request rewrites a published version")
    first = git(repository, "rev-list", "--max-parents=0", "HEAD").strip()[:12]
    out = refused_by_both(repository, capsys)
    assert out == (
        "versions/references/1.0.0.lock: frozen-changed: this lock differs from the one first "
        f"committed ({first}); "
        f"published versions never change: restore the version with `git checkout {first} -- "
        "versions/references/1.0.0 "
        "versions/references/1.0.0.lock`, or withdraw it (CHANGELOG.md, SECURITY.md)\n1 "
        "problem in 1 file.\n"
    )
    shutil.rmtree(
        repository / ".git"
    )  # a tarball: no history to compare with, and no error about it
    assert run(repository, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")


def test_a_reissue_recorded_with_its_lock_is_accepted(repository: Path, capsys):
    forge(
        repository,
        "references",
        "1.0.0",
        "1.0.0",
        {
            "sources.csv": replace_cell(
                repository,
                f"{OLD}/sources.csv",
                "Fictional report on releases",
                "Fictional report reissued",
            )
        },
    )
    digest = sha((repository / "versions/references/1.0.0.lock").read_bytes())
    (repository / "CHANGELOG.md").write_text(
        f"# Changelog\n\n{SECTION}- Reissued: references 1.0.0 — rebuilt before deployment "
        f"(lock sha256 {digest})\n"
    )
    commit_all(repository, "Reissue")
    assert run(repository, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")


def test_a_withdrawal_must_be_recorded_and_its_number_is_never_used_again(repository: Path, capsys):
    shutil.rmtree(repository / "versions/places/0.1.0")
    (repository / "versions/places/0.1.0.lock").unlink()
    first = git(repository, "rev-list", "--max-parents=0", "HEAD").strip()[:12]
    out = refused_by_both(repository, capsys)
    assert out == (
        "versions/places/0.1.0.lock: frozen-withdrawn: this published version was removed; "
        "record it in CHANGELOG.md as "
        "`- Withdrawn: places 0.1.0 — <reason>` (SECURITY.md), or restore it with "
        f"`git checkout {first} -- versions/places/0.1.0 versions/places/0.1.0.lock`\n1 "
        "problem in 1 file.\n"
    )
    (repository / "CHANGELOG.md").write_text(
        f"# Changelog\n\n{SECTION}- Withdrawn: places 0.1.0 — a fictional leak, withdrawn on "
        "2026-02-02\n"
    )
    assert run(repository, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")
    commit_all(repository, "Withdraw places 0.1.0")
    assert run(repository, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")
    code, out, err = run(repository, "version", "places", capsys=capsys)
    assert (code, out) == (1, "")
    assert err == (
        "data/places/datapackage.yaml:4: version: version 0.1.0 of places was withdrawn "
        "(CHANGELOG.md:5); a withdrawn "
        "version number is never used again: set a higher version in datapackage.yaml\n"
        "    hint: write the version as three whole numbers with dots, higher than every version "
        "used before\n1 problem in 1 file.\nNothing was frozen.\n"
    )
    assert not (repository / "versions/places/0.1.0.lock").exists()


def test_a_withdrawal_line_not_in_its_form_is_reported(frozen: Path, capsys):
    (frozen / "CHANGELOG.md").write_text(
        f"# Changelog\n\n{SECTION}- Withdrawn: places 0.1.0 because of a leak\n"
    )
    code, out, _ = run(frozen, "validate", capsys=capsys)
    assert (code, without_hints(out)) == (
        1,
        "CHANGELOG.md:5: frozen-withdrawn: write a withdrawn version as "
        "`- Withdrawn: <dataset> <version> — <reason>`\n1 problem in 1 file.\n",
    )


# `version` is atomic


def test_a_full_disk_during_version_leaves_nothing_behind(frozen: Path, monkeypatch, capsys):
    with (frozen / "data/releases/tallies.csv").open("a", encoding="utf-8") as f:
        f.write(
            "alpha-2026-02-01-released,released,20,,at_least,ngo-alpha,2026-02-01,day,,,not_stated,,verified,,daily-2026-01-10,Fictional.,Ficticio.\n"
        )
    before = {
        **tree_hashes(frozen / "versions"),
        **{f"data/{k}": v for k, v in tree_hashes(frozen / "data").items()},
    }
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.name == "releases.xlsx":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    code, out, err = run(frozen, "version", "releases", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.startswith(
        "Error: cannot write the new version of releases: No space left on device: "
        "versions/releases/.1.3.0."
    )
    assert err.endswith(".staging/releases.xlsx\nNothing was frozen.\n")
    after = {
        **tree_hashes(frozen / "versions"),
        **{f"data/{k}": v for k, v in tree_hashes(frozen / "data").items()},
    }
    assert after == before
    assert sorted(p.name for p in (frozen / "versions/releases").iterdir()) == [
        "1.2.0",
        "1.2.0.lock",
    ]
    monkeypatch.undo()
    code, out, _ = run(frozen, "version", "releases", capsys=capsys)
    assert code == 0 and "releases 1.3.0" in out


def test_what_an_interrupted_version_left_is_named_then_removed(frozen: Path, capsys):
    base = frozen / "versions/releases"
    # Killed between its two renames: the folder is in place, its lock still inside it.
    shutil.copytree(base / "1.2.0", base / "1.3.0")
    shutil.copy(base / "1.2.0.lock", base / "1.3.0/1.3.0.lock")
    (base / ".1.4.0.x1y2.staging").mkdir()
    (base / ".1.4.0.x1y2.staging/tallies.csv").write_text("id\n")
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/releases/.1.4.0.x1y2.staging: frozen-interrupted: an interrupted `version` "
        "run left this; run "
        "`python build.py version releases` again, which removes it, or delete it\n"
        "versions/releases/1.3.0: frozen-interrupted: an interrupted `version` run left this; run "
        "`python build.py version releases` again, which removes it, or delete it\n"
        "2 problems in 2 files.\n"
    )
    with (frozen / "data/releases/tallies.csv").open("a", encoding="utf-8") as f:
        f.write(
            "alpha-2026-02-01-released,released,20,,at_least,ngo-alpha,2026-02-01,day,,,not_stated,,verified,,daily-2026-01-10,Fictional.,Ficticio.\n"
        )
    code, out, err = run(frozen, "version", "releases", capsys=capsys)
    assert code == 0, err
    assert err == (
        "Removed versions/releases/.1.4.0.x1y2.staging, left by an interrupted `version` run.\n"
        "Removed versions/releases/1.3.0, left by an interrupted `version` run.\n"
    )
    assert out == (
        "Froze releases 1.3.0 into versions/releases/1.3.0/ and set version: 1.3.0 in "
        "data/releases/datapackage.yaml.\n"
    )
    assert sorted(p.name for p in base.iterdir()) == ["1.2.0", "1.2.0.lock", "1.3.0", "1.3.0.lock"]
    assert run(frozen, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")


def test_a_datapackage_rewrite_left_by_a_killed_version_is_named_then_removed(frozen: Path, capsys):
    # Killed after writing the new datapackage.yaml beside the old one, before its rename.
    temp = frozen / "data/releases/.datapackage.yaml.k9w2.tmp"
    temp.write_text("version: 9.9.9\n", encoding="utf-8")
    out = refused_by_both(frozen, capsys)
    assert out == (
        "data/releases/.datapackage.yaml.k9w2.tmp: frozen-interrupted: an interrupted "
        "`version` run left this; run "
        "`python build.py version releases` again, which removes it, or delete it\n"
        "1 problem in 1 file.\n"
    )
    with (frozen / "data/releases/tallies.csv").open("a", encoding="utf-8") as f:
        f.write(
            "alpha-2026-02-01-released,released,20,,at_least,ngo-alpha,2026-02-01,day,,,not_stated,,verified,,daily-2026-01-10,Fictional.,Ficticio.\n"
        )
    code, out, err = run(frozen, "version", "places", capsys=capsys)
    assert code == 1  # nothing in places changed, yet the leftover in releases is gone
    assert err.startswith(
        "Removed data/releases/.datapackage.yaml.k9w2.tmp, left by an interrupted `version` run.\n"
    )
    assert not temp.exists()
    code, out, err = run(frozen, "version", "releases", capsys=capsys)
    assert (code, err) == (0, ""), err
    assert (
        sorted(p.name for p in (frozen / "data/releases").iterdir() if p.name.startswith(".")) == []
    )
    assert run(frozen, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")


def test_new_messages_are_in_spanish(frozen: Path, capsys):
    forge(frozen, "references", "1.0.0", "1.1.0", {"evil.html": b"x"}, listed=False)
    (frozen / "versions/references/.1.2.0.abc.staging").mkdir()
    lock = frozen / "versions/releases/1.2.0.lock"
    lock.write_text(lock.read_text() + f"{'0' * 64}  ../secret.txt\n")
    (frozen / "CHANGELOG.md").write_text(SECTION + "- Withdrawn: places 0.1.0\n")
    code, out, _ = run(frozen, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    assert without_hints(out.replace("    sugerencia: ", "    hint: ")) == (
        "CHANGELOG.md:3: frozen-withdrawn: escriba una versión retirada como `- Withdrawn: "
        "<dataset> <version> — <reason>`\n"
        "versions/references/.1.2.0.abc.staging: frozen-interrupted: esto lo dejó una "
        "ejecución interrumpida de `version`; "
        "ejecute de nuevo `python build.py version references`, que lo elimina, o bórrelo\n"
        "versions/references/1.1.0/evil.html: frozen-file: un archivo .html nunca se publica; "
        "una versión "
        "solo contiene archivos .csv, .json, .xlsx, .sqlite, .md, .txt, .bib, .ris, .zip, "
        ".parquet y SHA256SUMS\n"
        'versions/releases/1.2.0.lock:32: unsafe-path: "../secret.txt" debe ser un nombre de '
        "archivo simple dentro de versions/releases/1.2.0/\n"
        "4 problemas en 4 archivos.\n"
    )
    assert (
        "    sugerencia: restaure la versión con `git checkout`; una versión es solo lo que "
        "escribe `python build.py version`\n" in out
    )


def test_every_workflow_checkout_fetches_the_history_the_checks_compare_with():
    import yaml

    checkouts = []
    for path in sorted((REPO / ".github/workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            checkouts += [
                (path.name, step.get("with", {}).get("fetch-depth"))
                for step in job["steps"]
                if str(step.get("uses", "")).startswith("actions/checkout@")
            ]
    assert len(checkouts) >= 2
    assert [name for name, depth in checkouts if depth != 0] == []


def test_a_dataset_folder_of_versions_that_is_a_link_is_refused(frozen: Path, capsys):
    shutil.rmtree(frozen / "versions/places")
    (frozen / "versions/places").symlink_to(frozen / "versions/law")
    out = refused_by_both(frozen, capsys)
    assert out == "versions/places: symlink: symbolic links are not allowed\n1 problem in 1 file.\n"


def test_a_csv_listed_as_a_plain_file_is_scanned_cell_by_cell(frozen: Path, capsys):
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {"extra.csv": b'id,note\nx,"=cmd|' + b"' /C calc'!A0\"\n"},
    )
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/extra.csv:2: formula: starts with = + - or @, which a "
        "spreadsheet would run as a formula; "
        "start the text with a word\n1 problem in 1 file.\n"
    )


# The sweep's counterexamples


def test_a_backdated_side_branch_cannot_forge_a_first_lock(repository: Path, capsys):
    """A branch forked before the lock existed, with a commit dated years back adding a forged
    lock, merged into main (or main merged into it): the lock main added still counts."""
    lock = repository / "versions/references/1.1.0.lock"
    git(repository, "checkout", "-q", "-b", "side")
    forge(
        repository,
        "references",
        "1.0.0",
        "1.1.0",
        {
            "sources.csv": replace_cell(
                repository,
                f"{OLD}/sources.csv",
                "Fictional report on releases",
                "Forged on a side branch",
            )
        },
    )
    forged = lock.read_bytes()
    old = {"GIT_AUTHOR_DATE": "2020-01-01T00:00:00", "GIT_COMMITTER_DATE": "2020-01-01T00:00:00"}
    git(repository, "add", "-A")
    subprocess.run(
        ["git", "-C", str(repository), "commit", "-q", "--no-verify", "-m", "Backdated"],
        check=True,
        env={
            **os.environ,
            **old,
            "GIT_AUTHOR_NAME": "T",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "T",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )
    git(repository, "checkout", "-q", "main")
    forge(repository, "references", "1.0.0", "1.1.0", {})
    commit_all(repository, "Freeze references 1.1.0")
    genuine = git(repository, "rev-parse", "HEAD").strip()[:12]
    versions = ["versions/references/1.1.0", "versions/references/1.1.0.lock"]
    for into, other in (("main", "side"), ("side", "main")):
        work = repository.parent / f"merge-into-{into}"
        shutil.copytree(repository, work, symlinks=True)
        git(work, "checkout", "-q", into)
        subprocess.run(
            ["git", "-C", str(work), "merge", "-q", "--no-ff", "--no-commit", other],
            capture_output=True,
            check=False,
        )
        git(
            work, "checkout", "side", "--", *versions
        )  # the conflict resolved with the forged version
        commit_all(work, f"Merge {other} into {into}")
        assert (work / "versions/references/1.1.0.lock").read_bytes() == forged
        code, out, _ = run(work, "validate", capsys=capsys)
        assert code == 1
        assert (
            "versions/references/1.1.0.lock: frozen-changed: this lock differs from the one "
            f"first committed ({genuine})" in out
        )


def test_a_git_failure_other_than_no_repository_is_an_issue(repository: Path, capsys):
    (repository / ".git/config").write_text("[core\n")
    code, out, _ = run(repository, "validate", capsys=capsys)
    assert (code, without_hints(out)) == (
        1,
        "versions: frozen-history: git cannot read the history the frozen versions are compared "
        "with (bad config line 1 in file .git/config); fix the repository (`git status` tells "
        "what is wrong)\n1 problem in 1 file.\n",
    )
    code, out, _ = run(repository, "validate", "--lang", "es", capsys=capsys)
    assert out.startswith("versions: frozen-history: git no puede leer el historial")


@pytest.mark.parametrize(
    "record, line, message",
    [
        (
            "<!--\n- Withdrawn: places 0.1.0 — a fictional leak\n-->\n",
            4,
            "a `- Withdrawn:` line counts only as a list item",
        ),
        (
            "```\n- Withdrawn: places 0.1.0 — a fictional leak\n```\n",
            4,
            "a `- Withdrawn:` line counts only as a list item",
        ),
        (
            "- Withdrawn: places 0.1.0 -- .\n",
            3,
            "write a withdrawn version as `- Withdrawn: <dataset> <version> — <reason>`, "
            "with its reason in words",
        ),
        (
            "  - Withdrawn: places 0.1.0 — a fictional leak\n",
            3,
            "a `- Withdrawn:` line counts only as a list item",
        ),
    ],
    ids=["comment", "fence", "no-reason", "indented"],
)
def test_a_record_hidden_from_the_rendered_changelog_is_not_honoured(
    repository: Path, capsys, record, line, message
):
    shutil.rmtree(repository / "versions/places/0.1.0")
    (repository / "versions/places/0.1.0.lock").unlink()
    (repository / "CHANGELOG.md").write_text(SECTION + record)
    code, out, _ = run(repository, "validate", capsys=capsys)
    assert code == 1
    assert f"CHANGELOG.md:{line}: frozen-withdrawn: {message}" in out
    assert "versions/places/0.1.0.lock: frozen-withdrawn: this published version was removed" in out


def test_a_record_outside_its_section_is_reported(frozen: Path, capsys):
    (frozen / "CHANGELOG.md").write_text(
        "# Changelog\n\n## Added\n\n- Withdrawn: places 0.1.0 — a fictional leak\n\n" + SECTION
    )
    code, out, _ = run(frozen, "validate", capsys=capsys)
    assert (code, without_hints(out)) == (
        1,
        "CHANGELOG.md:5: frozen-withdrawn: a `- Withdrawn:` line counts only as a list item of the "
        '"Withdrawn and reissued versions" section of CHANGELOG.md, outside comments and code '
        "blocks\n"
        "1 problem in 1 file.\n",
    )


def xlsx_with(frozen: Path, edit) -> bytes:
    with zipfile.ZipFile(frozen / f"{OLD}/references.xlsx") as z:
        parts = {m.filename: z.read(m) for m in z.infolist()}
    edit(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def sub(parts: dict, name: str, old: str, new: str) -> None:
    assert old.encode() in parts[name]
    parts[name] = parts[name].replace(old.encode(), new.encode(), 1)


@pytest.mark.parametrize(
    "edit, code",
    [
        (
            lambda p: sub(p, "xl/workbook.xml", 'name="sources"', 'name="CI V-12.345.678"'),
            "privacy-identifier",
        ),
        (lambda p: p.update({"xl/notes.txt": b"Withheld Fictional-Secretname"}), "privacy-name"),
        (
            lambda p: sub(
                p,
                "docProps/core.xml",
                "</cp:coreProperties>",
                "<dc:description>V-12.345.678</dc:description></cp:coreProperties>",
            ),
            "privacy-identifier",
        ),
        (
            lambda p: sub(
                p,
                "xl/worksheets/sheet1.xml",
                "</sheetData>",
                '</sheetData><dataValidations count="1"><dataValidation '
                'type="none" prompt="Call 0414-555-12-34" sqref="A1"/></dataValidations>',
            ),
            "privacy-identifier",
        ),
        (
            lambda p: sub(
                p,
                "xl/worksheets/sheet1.xml",
                "</sheetData>",
                '</sheetData><conditionalFormatting sqref="A1"><cfRule '
                'type="expression" '
                'priority="1"><formula>HYPERLINK("https://evil.example")</formula></cfRule></conditionalFormatting>',
            ),
            "formula",
        ),
    ],
    ids=["sheet-name", "unlisted-part", "properties", "validation-prompt", "conditional-format"],
)
def test_every_part_of_a_workbook_is_scanned(frozen: Path, capsys, edit, code):
    forge(frozen, "references", "1.0.0", "1.1.0", {"references.xlsx": xlsx_with(frozen, edit)})
    out = refused_by_both(frozen, capsys)
    assert f"versions/references/1.1.0/references.xlsx: {code}: " in out
    assert out.endswith("1 problem in 1 file.\n")


@pytest.mark.parametrize(
    "sql, code",
    [
        ('CREATE TABLE "CI V-12.345.678" (x INTEGER)', "privacy-identifier"),
        ("CREATE VIEW contacts AS SELECT 'Withheld Fictional-Secretname' AS who", "privacy-name"),
        (
            "CREATE TABLE extra (b BLOB); INSERT INTO extra VALUES (CAST('Call 0414-555-12-34' "
            "AS BLOB))",
            "privacy-identifier",
        ),
        (
            "PRAGMA secure_delete = OFF; CREATE TABLE extra (t TEXT); INSERT INTO extra VALUES "
            "('Call 0414-555-12-34 now');"
            "DELETE FROM extra",
            "privacy-identifier",
        ),
    ],
    ids=["table-name", "view", "blob", "deleted-row"],
)
def test_every_part_of_a_database_is_scanned(frozen: Path, capsys, sql, code):
    database = frozen / "forged.sqlite"
    database.write_bytes((frozen / f"{OLD}/references.sqlite").read_bytes())
    db = sqlite3.connect(database)
    db.executescript(sql)
    db.commit()
    db.close()
    forge(frozen, "references", "1.0.0", "1.1.0", {"references.sqlite": database.read_bytes()})
    database.unlink()
    out = refused_by_both(frozen, capsys)
    assert f"versions/references/1.1.0/references.sqlite: {code}: " in out


def test_links_in_a_frozen_json_file_are_scanned(frozen: Path, capsys):
    data = json.loads((frozen / f"{OLD}/sources.json").read_text())
    data[0]["url"] = (
        "https://news.example.org/a?cedula=V-12345678&who=Withheld+Fictional-Secretname"
    )
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {"sources.json": json.dumps(data, indent=2).encode()},
    )
    out = refused_by_both(frozen, capsys)
    assert (
        "sources.json:" in out
        and 'privacy-identifier: field "url": looks like a national ID number' in out
    )
    assert 'privacy-name: field "url": contains the name of a person whose name is withheld' in out


def test_a_listed_zip_resource_is_refused_and_only_the_package_zip_is_the_zip(frozen: Path, capsys):
    from datasite.package.datapackage import FileInfo, PackageInfo

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.html", "<script>alert(1)</script>")
    forge(frozen, "references", "1.0.0", "1.1.0", {"extra.zip": buffer.getvalue()})
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/extra.zip: frozen-file: a listed .zip file is never "
        "published; only the package zip "
        "references-1.1.0.zip may be a zip\n1 problem in 1 file.\n"
    )
    info = PackageInfo(dataset="references", version="1.1.0", folder="", descriptor={})
    info.files = [FileInfo("extra.zip", 1, "a"), FileInfo("references-1.1.0.zip", 2, "b")]
    assert info.zip.name == "references-1.1.0.zip"


def rezip(folder: Path, data: bytes) -> None:
    (folder / "references-1.1.0.zip").write_bytes(data)
    (folder / "SHA256SUMS").write_text(
        "".join(
            f"{sha(p.read_bytes())}  {p.name}\n"
            for p in sorted(folder.iterdir())
            if p.name != "SHA256SUMS"
        )
    )
    relock(folder.parent.parent.parent, "references", "1.1.0")


def test_a_package_zip_with_a_comment_is_refused(frozen: Path, capsys):
    folder = forge(frozen, "references", "1.0.0", "1.1.0", {})
    data = (folder / "references-1.1.0.zip").read_bytes()
    comment = b"Withheld Fictional-Secretname"
    rezip(folder, data[:-2] + len(comment).to_bytes(2, "little") + comment)
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/references-1.1.0.zip: frozen-package: the zip or one of its "
        "members has a comment; "
        "a package zip holds its files only\n1 problem in 1 file.\n"
    )


def test_a_package_zip_with_a_hidden_local_entry_is_refused(frozen: Path, capsys):
    folder = forge(frozen, "references", "1.0.0", "1.1.0", {})
    hidden = io.BytesIO()
    with zipfile.ZipFile(hidden, "w") as archive:
        archive.writestr("references-1.1.0/evil.html", "<script>alert(1)</script>")
    local = hidden.getvalue()[: hidden.getvalue().index(b"PK\x01\x02")]
    rezip(folder, local + (folder / "references-1.1.0.zip").read_bytes())
    assert (
        zipfile.ZipFile(folder / "references-1.1.0.zip")
        .namelist()[0]
        .startswith("references-1.1.0/")
    )
    out = refused_by_both(frozen, capsys)
    assert out == (
        "versions/references/1.1.0/references-1.1.0.zip: frozen-package: the zip holds bytes "
        "outside its members "
        "(offset 0); a package zip holds its files only\n1 problem in 1 file.\n"
    )


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_tmpdir_does_not_stop_the_database_scan(frozen: Path, capsys, monkeypatch):
    import tempfile

    for name in ("mkstemp", "mkdtemp", "TemporaryDirectory", "NamedTemporaryFile", "TemporaryFile"):
        monkeypatch.setattr(tempfile, name, no_space)
    monkeypatch.setattr(shutil, "copyfile", no_space)
    assert run(frozen, "validate", capsys=capsys) == (0, "The data is valid.\n", "")


def test_a_write_ahead_log_database_is_scanned_and_nothing_is_written_beside_it(
    frozen: Path, capsys
):
    database = frozen / "forged.sqlite"
    database.write_bytes((frozen / f"{OLD}/references.sqlite").read_bytes())
    db = sqlite3.connect(database)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("UPDATE sources SET title = '@SUM(A1)' WHERE id = 'daily-2026-01-10'")
    db.commit()
    db.close()
    data = database.read_bytes()
    assert data[18:20] == b"\x02\x02"
    forge(frozen, "references", "1.0.0", "1.1.0", {"references.sqlite": data})
    database.unlink()
    folder = frozen / "versions/references/1.1.0"
    before = sorted(p.name for p in folder.iterdir())
    out = refused_by_both(frozen, capsys)
    assert out.startswith(
        'versions/references/1.1.0/references.sqlite: formula: field "sources.title (row 1)": '
    )
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_hash_whose_hex_digits_spell_a_phone_number_is_not_an_identifier():
    # Hex digits can spell a number the phone pattern refuses ("…584141234567…"); a resource's
    # hash in datapackage.json is no one's data, while the same digits in a title still are.
    from datasite.check.privacy import NameIndex
    from datasite.package.frozen import Scanner, scan_json

    digits = "ab584141234567" + "c" * 50
    scanner = Scanner(NameIndex({}), fixture_identifiers())
    assert fixture_identifiers().search(digits)
    package = {"resources": [{"path": "a.csv", "hash": f"sha256:{digits}", "title": "x"}]}
    assert scan_json("datapackage.json", json.dumps(package).encode(), scanner, False) == []
    package["resources"][0]["title"] = digits
    found = scan_json("datapackage.json", json.dumps(package).encode(), scanner, False)
    assert [(i.code, i.field) for i in found] == [("privacy-identifier", "title")]
