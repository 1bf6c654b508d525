"""Shared test helpers: fictional fixture projects assembled in a temporary folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_EPOCH = "1769904000"  # 2026-02-01T00:00:00Z
TODAY = dt.date(2026, 11, 29)  # the day the checks run on in test_check and test_privacy


def make_project(target: Path, fixture: str = "mini") -> Path:
    """A project folder: the fixture's data/ with the repository's schemas, templates and mkdocs.yml."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURES / fixture / "data", target / "data")
    shutil.copytree(REPO / "schemas", target / "schemas")
    shutil.copytree(REPO / "site_templates", target / "site_templates")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def fixture_privacy(fixture: str = "mini") -> dict:
    """The `privacy` settings (identifier patterns) of a fixture project's data/site.yaml, for
    projects a test assembles itself."""
    import yaml

    site = yaml.safe_load((FIXTURES / fixture / "data" / "site.yaml").read_text(encoding="utf-8"))
    return {"privacy": site["privacy"]}


def fixture_identifiers(fixture: str = "mini"):
    """The identifier patterns a fixture project's data/site.yaml declares, compiled."""
    from datasite.check.privacy import identifiers_of

    return identifiers_of(fixture_privacy(fixture))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the fictional 'mini' project."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory) -> Path:
    """The mini project, built once for the tests that only read its output."""
    from datasite.cli import main

    root = make_project(tmp_path_factory.mktemp("built") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "SOURCE_DATE_EPOCH", FIXTURE_EPOCH
        )  # a fixed day: the golden output must not follow the clock
        freeze_all(root)
        assert main(["build"], root=root) == 0
    return root


def freeze_all(root: Path) -> None:
    """Freeze every dataset at its declared version, as a maintainer would before publishing."""
    from datasite.cli import main

    for dataset in sorted(p.name for p in (root / "data").iterdir() if p.is_dir()):
        assert main(["version", dataset], root=root) == 0, dataset


def previous_site(root: Path) -> Path:
    """A site/ standing for one an earlier build published (marked as the build marks its output)."""
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the published site\n", encoding="utf-8")
    (site / ".datasite-output").write_text(
        "Built by build.py; every build replaces this folder whole.\n", encoding="utf-8"
    )
    return site


def run_main(root: Path, *argv: str, capsys) -> tuple[int, str, str]:
    """The command line on a project: exit code, standard output, standard error."""
    from datasite.cli import main

    code = main(list(argv), root=root)
    out, err = capsys.readouterr()
    return code, out, err


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file's text (the piece must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file under root with its sha256, and every symbolic link with its target (not
    followed), so a before/after comparison is byte for byte."""
    return {
        p.relative_to(root).as_posix(): f"symlink to {os.readlink(p)}"
        if p.is_symlink()
        else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


def problems(root: Path) -> list[str]:
    """The project loads cleanly; its check findings (on TODAY) as text, in order."""
    from datasite.check.tables import check_project
    from datasite.load.project import load_project

    project, issues = load_project(root)
    assert issues == []
    return [str(i) for i in sorted(check_project(project, TODAY))]


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """Tests choose the language themselves; the machine's locale (and a CI step summary) must not,
    in this process or in the commands a test runs."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["rows", "columns"])
def both_readers(request, monkeypatch) -> str:
    """Run a test twice: CSV files read row by row, and (however small) read into columns and
    screened (frames.py, columnar.py). The expected problems are the same."""
    if request.param == "columns":
        monkeypatch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)
    return request.param


@pytest.fixture
def columns_reader(monkeypatch) -> None:
    """CSV files (however small) read into columns and screened before the row checks: for long
    lists of cases, the stricter of the two readers (a row the screen drops is a problem missed)."""
    monkeypatch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)
