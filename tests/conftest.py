"""Shared test helpers: fictional fixture projects assembled in a temporary folder."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_EPOCH = "1769904000"  # 2026-02-01T00:00:00Z
TODAY = dt.date(2026, 11, 29)  # the day the checks run on (the fixtures' dates are before it)


def make_project(target: Path, fixture: str = "mini") -> Path:
    """A project folder: the fixture's data/ and the repository's schemas, templates, mkdocs.yml."""
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
    """A site/ standing for one an earlier build published (marked as builds mark their output)."""
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


# Markup that would run or show if any value reached a page unescaped: it closes <title> first,
# as a title in the theme's <head> would need to, and marks with <b> where it lands.
MARK = '</title><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold</b>'
# What is appended to each text: an ampersand and an accent, which must show as themselves
# (escaped once, never twice), and MARK.
TAIL = " & amnistía " + MARK
# Keys of settings, dataset descriptors and schemas whose text reaches pages.
TEXT_KEYS = {"title", "description", "publisher", "spatial_coverage"}


def _with_mark(value: Any) -> Any:
    """Every string under a text key (and in its i18n translations) gets MARK appended."""
    if isinstance(value, dict):
        return {
            k: v + TAIL if k in TEXT_KEYS and isinstance(v, str) else _with_mark(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_with_mark(v) for v in value]
    return value


def _free_text(schema: dict) -> set[str]:
    """The fields whose values are free text: not keys, references, enums, patterns or links."""
    keyed = set(schema.get("primaryKey", []))
    for key in schema.get("foreignKeys", []):
        keyed |= set(key["fields"])
    out = set()
    for spec in schema.get("fields", []):
        constraints = spec.get("constraints", {})
        if spec.get("type", "string") not in ("string", "list") or spec["name"] in keyed:
            continue
        if constraints.get("enum") or constraints.get("pattern") or spec.get("format"):
            continue
        out.add(spec["name"])
    return out


def _mark_cell(value: Any, limit: int) -> Any:
    if isinstance(value, list):
        return [_mark_cell(v, limit) for v in value]
    if not isinstance(value, str) or not value:
        return value
    text = value + TAIL
    return text if len(text) <= limit else MARK


def hostile_project(target: Path) -> Path:
    """The mini project with MARK in every text that reaches a page: settings, dataset and schema
    titles and descriptions, language names, and every free-text cell of every table."""
    root = make_project(target)
    described = [*root.glob("data/*/datapackage.yaml"), *root.glob("schemas/*.yaml")]
    for path in [root / "data/site.yaml", *sorted(described)]:
        settings = _with_mark(yaml.safe_load(path.read_text(encoding="utf-8")))
        if path.name == "site.yaml":
            settings["language_names"] = {"en": "English" + TAIL, "es": "Español" + TAIL}
        _write_yaml(path, settings)
    for schema_path in sorted(root.glob("schemas/*.schema.yaml")):
        schema = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
        fields = _free_text(schema)
        limits = {
            f["name"]: f.get("constraints", {}).get("maxLength", 10_000) for f in schema["fields"]
        }
        table = schema_path.name.removesuffix(".schema.yaml")
        for path in sorted(root.glob(f"data/*/{table}.csv")):
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                names, rows = reader.fieldnames or [], list(reader)
            for row in rows:
                row.update({k: _mark_cell(v, limits[k]) for k, v in row.items() if k in fields})
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, names, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
        for path in sorted(
            [*root.glob(f"data/*/{table}.yaml"), *root.glob(f"data/*/{table}/*.yaml")]
        ):
            rows = yaml.safe_load(path.read_text(encoding="utf-8"))
            for row in rows if isinstance(rows, list) else [rows]:
                row.update({k: _mark_cell(v, limits[k]) for k, v in row.items() if k in fields})
            _write_yaml(path, rows)
    return root


def _write_yaml(path: Path, value: Any) -> None:
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The site of hostile_project, built once for the page tests and the browser tests."""
    from datasite.cli import main

    root = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    assert main(["build"], root=root) == 0
    return root / "site"


_TALLIES = "data/releases/tallies.csv"
_NEW_ROW = (
    "alpha-2026-02-01-released,released,20,,at_least,ngo-alpha,2026-02-01,day,,,not_stated,,"
    "verified,,daily-2026-01-10,One more fictional count.,Ficticio.\n"
)


def versioned_site(root: Path, base_url: str) -> Path:
    """The mini project with releases frozen twice (1.2.0, then a row added, one corrected and
    one removed) and the other datasets left as previews; built."""
    make_project(root)
    if base_url:
        edit(
            root / "data/site.yaml",
            "publisher: Test publisher\n",
            f"publisher: Test publisher\nbase_url: {base_url}\n",
        )
    from datasite.cli import main

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
        assert main(["version", "releases"], root=root) == 0
        with (root / _TALLIES).open("a", encoding="utf-8") as f:
            f.write(_NEW_ROW)
        edit(root / _TALLIES, "detained,345,", "detained,346,")
        lines = (root / _TALLIES).read_text(encoding="utf-8").splitlines(keepends=True)
        (root / _TALLIES).write_text(
            "".join(line for line in lines if not line.startswith("alpha-2026-01-fort,")),
            encoding="utf-8",
        )
        assert main(["version", "releases"], root=root) == 0
        assert main(["build"], root=root) == 0
    return root / "site"


# The site address of the versioned site built with one (a sub-path, as on GitHub Pages).
VERSIONED_BASE = "https://example.org/presos/"


@pytest.fixture(scope="session")
def relative_site(tmp_path_factory) -> Path:
    """versioned_site without a site address, built once for the tests that only read it."""
    return versioned_site(tmp_path_factory.mktemp("versioned") / "project", "")


@pytest.fixture(scope="session")
def absolute_site(tmp_path_factory) -> Path:
    """versioned_site with VERSIONED_BASE as its address, built once."""
    return versioned_site(tmp_path_factory.mktemp("versioned-base") / "project", VERSIONED_BASE)
