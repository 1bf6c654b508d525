"""Nothing lost: a failed or interrupted build leaves the previous site/ byte-identical."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from datasite import cli, publish
from datasite.cli import main
from tests.conftest import tree_hashes


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    from tests.conftest import make_project

    root = make_project(tmp_path_factory.mktemp("publish") / "project")
    assert main(["build"], root=root) == 0
    return root


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


def fail_on_call(n: int, error: BaseException):
    """A stand-in for run_mkdocs that does the real work until its n-th call, which raises."""
    real = cli.run_mkdocs
    calls = []

    def run(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise error
        return real(*args, **kwargs)

    return run


@pytest.mark.parametrize(
    "error, code, last_line",
    [
        (OSError(28, "No space left on device"), 1, "Build stopped; site/ was left as it was."),
        (KeyboardInterrupt(), 130, "Build interrupted; site/ was left as it was."),
    ],
)
def test_failure_in_the_last_mkdocs_run_keeps_the_site(published: Path, monkeypatch, capsys, error, code, last_line):
    before = tree_hashes(published / "site")
    monkeypatch.setattr(cli, "run_mkdocs", fail_on_call(2, error))  # the second language is the last MkDocs run
    assert main(["build", "--force"], root=published) == code
    assert capsys.readouterr().err.splitlines()[-1] == last_line
    assert tree_hashes(published / "site") == before
    assert leftovers(published) == []


def test_failure_in_the_final_swap_puts_the_previous_site_back(published: Path, monkeypatch, capsys):
    before = tree_hashes(published / "site")
    real = os.rename

    def rename(src, dst):
        if Path(dst).name == "site" and ".site-build-" in str(src):
            raise OSError(5, "Input/output error", str(src))
        return real(src, dst)

    monkeypatch.setattr(publish.os, "rename", rename)
    assert main(["build", "--force"], root=published) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "Build stopped; site/ was left as it was."
    assert tree_hashes(published / "site") == before
    assert leftovers(published) == []


def test_stale_build_folders_are_removed_and_never_published(published: Path):
    stale = published / ".site-build-killed"
    (stale / "data").mkdir(parents=True)
    (stale / "index.html").write_text("half-written\n", encoding="utf-8")
    assert main(["build", "--force"], root=published) == 0
    assert leftovers(published) == []
    assert "half-written" not in (published / "site/index.html").read_text(encoding="utf-8")


def test_a_build_killed_between_the_two_renames_gets_its_site_back(tmp_path: Path):
    site = tmp_path / "site"
    old = tmp_path / ".site-old-killed"
    (old / "site").mkdir(parents=True)
    (old / "site/index.html").write_text("published\n", encoding="utf-8")
    publish.remove_stale(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "published\n"
    assert leftovers(tmp_path) == []
