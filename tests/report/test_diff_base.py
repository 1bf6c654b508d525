"""`diff --base`: the base revision's files are size-checked before git is asked for them, written
one by one in blocks, and a base table that does not load is a problem, not "every row added"."""

from __future__ import annotations

import errno
import shutil
import subprocess
import tempfile
import tracemalloc
from pathlib import Path

from datasite.cli import main
from datasite.load import project as load
from datasite.report import diff as revisions
from datasite.report.diff import Blob, write_blobs
from tests.conftest import edit, make_project

TALLIES = "data/releases/tallies.csv"
FACILITIES = "data/places/facilities.yaml"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
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
        text=True,
    )
    return done.stdout


def commit_all(root: Path, message: str = "base") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def diff(root: Path, capsys) -> tuple[int, str, str]:
    code = main(["diff", "--base", "HEAD"], root=root)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_base_file_over_the_limit_is_never_read(project: Path, monkeypatch, capsys):
    monkeypatch.setattr(
        load, "MAX_CSV_BYTES", 1_000_000
    )  # the limits are module constants so tests can lower them
    git(project, "init", "-q")
    commit_all(project)
    assert diff(project, capsys)[0] == 0  # what the first run imports is not counted below
    clean = (project / TALLIES).read_bytes()
    (project / TALLIES).write_bytes(clean + b"\n" * 20_000_000)  # 20 MB that git stores in a few KB
    commit_all(project)
    (project / TALLIES).write_bytes(clean)
    tracemalloc.start()
    code, out, err = diff(project, capsys)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"HEAD:{TALLIES}: file-too-large: {len(clean) + 20_000_000:,} bytes is over the limit "
        "of 1,000,000 bytes",
        "1 problem in 1 file.",
    ]
    assert peak < 5_000_000


def test_a_base_table_that_does_not_load_is_a_problem_not_rows_added(project: Path, capsys):
    git(project, "init", "-q")
    with (project / FACILITIES).open("a", encoding="utf-8") as f:
        f.write("- id: [unclosed\n")
    commit_all(project)
    git(project, "checkout", "-q", "--", ".")
    edit(project / FACILITIES, "- id: [unclosed\n", "")
    code, out, err = diff(project, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"HEAD:{FACILITIES}:16: yaml-syntax: a list opened with [ on this line is not closed "
        "with ]",
        "1 problem in 1 file.",
    ]
    assert "added" not in err


def test_a_base_table_that_is_not_utf8_is_a_problem(project: Path, capsys):
    git(project, "init", "-q")
    sources = project / "data/references/sources.csv"
    clean = sources.read_bytes()
    sources.write_bytes(clean.replace(b"Example Daily", b"Example Diario \xf1"))
    commit_all(project)
    sources.write_bytes(clean)
    code, out, err = diff(project, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "HEAD:data/references/sources.csv:2: encoding: byte 0xf1 is not UTF-8; save the file "
        "as UTF-8",
        "1 problem in 1 file.",
    ]


def test_links_in_the_base_revision_are_problems_never_followed(project: Path, capsys):
    git(project, "init", "-q")
    (project / "data/places/host.yaml").symlink_to("/etc/passwd")
    commit_all(project)
    (project / "data/places/host.yaml").unlink()
    code, out, err = diff(project, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "HEAD:data/places/host.yaml: symlink: symbolic links are not allowed",
        "1 problem in 1 file.",
    ]


def test_a_linked_data_folder_or_table_in_the_base_is_a_problem_not_rows_added(
    tmp_path: Path, capsys
):
    real = make_project(tmp_path / "real")
    project = make_project(tmp_path / "project")
    git(project, "init", "-q")
    shutil.rmtree(project / "data")
    (project / "data").symlink_to(real / "data")
    (project / "schemas/x.schema.yaml").symlink_to(real / "schemas/tallies.schema.yaml")
    commit_all(project)
    (project / "data").unlink()
    (project / "schemas/x.schema.yaml").unlink()
    shutil.copytree(real / "data", project / "data")
    code, out, err = diff(project, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "HEAD:data: symlink: symbolic links are not allowed",
        "HEAD:schemas/x.schema.yaml: symlink: symbolic links are not allowed",
        "2 problems in 2 files.",
    ]


def test_a_full_temporary_folder_is_a_clean_error(project: Path, capsys, monkeypatch):
    git(project, "init", "-q")
    commit_all(project)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(revisions, "copy_exactly", no_space)
    code, out, err = diff(project, capsys)
    assert (code, out) == (1, "")
    assert err == (
        "Error: cannot write the base revision to a temporary folder (No space left on device); "
        "free space there or set TMPDIR to a folder with room.\n"
    )
    monkeypatch.setattr(tempfile, "mkdtemp", no_space)
    assert diff(project, capsys) == (1, "", err)


def test_a_project_in_a_subfolder_of_the_repository(tmp_path: Path, capsys):
    project = make_project(tmp_path / "repo/site-data")
    git(tmp_path / "repo", "init", "-q")
    commit_all(tmp_path / "repo")
    edit(project / TALLIES, "detained,345,", "detained,346,")
    code, out, err = diff(project, capsys)
    assert (code, err) == (0, "")
    assert "| releases | tallies | 0 | 0 | 1 | patch |" in out


def test_files_stream_from_git_in_blocks(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "big.csv").write_bytes(b"id\n" + b"x" * 8_000_000 + b"\n")
    (repo / "small.yaml").write_bytes(b"a: 1\n")
    commit_all(repo)
    blobs = [
        Blob(name, git(repo, "rev-parse", f"HEAD:{name}").strip(), (repo / name).stat().st_size)
        for name in ("big.csv", "small.yaml")
    ]
    target = tmp_path / "target"
    tracemalloc.start()
    write_blobs(repo, [Blob("data/" + b.path, b.oid, b.size) for b in blobs], target)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (target / "data/big.csv").read_bytes() == (repo / "big.csv").read_bytes()
    assert (target / "data/small.yaml").read_bytes() == b"a: 1\n"
    assert peak < 3_000_000


def test_the_reviewers_diff_shows_every_change_to_published_versions(project: Path, capsys):
    """The build accepts a rewritten or removed version only with a CHANGELOG record, so the diff a
    reviewer reads lists every lock a change touches and every such record it adds."""
    from tests.conftest import freeze_all

    freeze_all(project)
    (project / "CHANGELOG.md").write_text("# Changelog\n", encoding="utf-8")
    git(project, "init", "-q")
    commit_all(project)
    assert "Published versions" not in diff(project, capsys)[1]
    lock = project / "versions/places/0.1.0.lock"
    edit(lock, "  datapackage.json", "  datapackage.json\n")  # any edit to the lock's text
    with (project / "CHANGELOG.md").open("a", encoding="utf-8") as f:
        f.write("- Reissued: places 0.1.0 — a fictional reason (lock sha256 " + "0" * 64 + ")\n")
    code, out, _ = diff(project, capsys)
    assert code == 0
    assert out.endswith(
        "### Published versions\n\n- `versions/places/0.1.0.lock`: **changed**\n\n"
        "**New records in CHANGELOG.md** (a published version is rewritten or removed only "
        "with one; check each):\n\n"
        "- `Reissued: places 0.1.0 — a fictional reason (lock sha256 " + "0" * 64 + ")`\n"
    )
