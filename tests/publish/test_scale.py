"""Builds that stay cheap as data grows: the content-hash cache, a flat page count, progress
lines."""

import io
import re
from pathlib import Path

import pytest

from benchmarks.generate import generate
from datasite.cli import main
from datasite.issues import DataError
from datasite.load.project import load_project
from datasite.package.datapackage import build_packages
from datasite.publish.cache import fingerprint
from datasite.render.pages import render_site
from datasite.report.progress import Progress
from tests.conftest import edit


def build_log(root: Path, capsys, *args: str) -> str:
    assert main(["build", *args], root=root) == 0
    return capsys.readouterr().err


def test_a_rebuild_with_nothing_changed_is_skipped_and_a_data_change_is_not(project: Path, capsys):
    first = build_log(project, capsys)
    assert first.startswith("Built ")
    site = project / "site"
    inode = site.stat().st_ino
    assert (
        build_log(project, capsys)
        == f"Nothing changed since the last build; {site} is up to date.\n"
    )
    assert site.stat().st_ino == inode  # the site folder was not replaced
    edit(
        project / "data/references/sources.csv",
        "Fictional report on releases",
        "Fictional report on the releases",
    )
    assert build_log(project, capsys).startswith("Built ")
    assert site.stat().st_ino != inode
    assert (
        "Fictional report on the releases"
        in (site / "data/references/preview/sources.csv").read_text()
    )
    assert build_log(project, capsys, "--force").startswith("Built ")


@pytest.mark.parametrize(
    "path, old, new",
    [
        ("data/releases/tallies.csv", "Fictional count.", "Fictional count!"),
        ("data/releases/persons.yaml", "Fictional private citizen", "Fictional citizen"),
        ("schemas/tallies.schema.yaml", "maxLength: 400", "maxLength: 401"),
        ("site_templates/pages/home.md.j2", "<", "< "),
        ("site_templates/i18n/es.yaml", ":", ": "),
        ("mkdocs.yml", "strict: true", "strict: true  # changed"),
    ],
)
def test_the_fingerprint_changes_with_every_input(project: Path, path: str, old: str, new: str):
    before = fingerprint(project)
    assert fingerprint(project) == before
    edit(project / path, old, new)
    assert fingerprint(project) != before


def test_the_fingerprint_sees_new_and_removed_files(project: Path):
    before = fingerprint(project)
    extra = project / "data/law/legal_stages/example-law-extra.yaml"
    extra.write_text("id: x\n", encoding="utf-8")
    assert fingerprint(project) != before
    extra.unlink()
    assert fingerprint(project) == before
    assert fingerprint(project, options="other-site") != before


def page_count(root: Path, tmp_path: Path) -> int:
    project, issues = load_project(root)
    assert issues == []
    packages = build_packages(project, tmp_path / "packages")
    return len(render_site(project, packages, root / "site_templates", tmp_path / "docs", "en"))


def test_the_page_count_does_not_grow_with_the_rows(tmp_path: Path):
    small = generate(tmp_path / "small", 300, fixed={"facilities": 4, "legal_instruments": 2})
    large = generate(tmp_path / "large", 3000, fixed={"facilities": 4, "legal_instruments": 2})
    assert large.total_rows > 5 * small.total_rows
    # home, 4 dataset pages, sources, field reference, about, definitions (site.yaml names a
    # measures table), 2 page indexes, one page per facility and per law, the timeline (the
    # generated site.yaml declares one), the index of tables and one browser page per table (10)
    assert (
        page_count(small.root, tmp_path / "a")
        == page_count(large.root, tmp_path / "b")
        == 1 + 4 + 1 + 1 + 1 + 1 + 2 + 4 + 2 + 1 + 1 + 10
    )


def test_a_pages_table_over_its_cap_stops_the_build(tmp_path: Path):
    corpus = generate(tmp_path / "gen", 300, fixed={"facilities": 4, "legal_instruments": 2})
    edit(corpus.root / "data/site.yaml", "folder: facilities,", "folder: facilities, max_pages: 3,")
    with pytest.raises(DataError) as raised:
        page_count(corpus.root, tmp_path)
    assert [str(i) for i in raised.value.issues] == [
        'data/site.yaml: config: pages: table "facilities" has 4 rows, more than max_pages 3; '
        "one page per row "
        "would slow every build, so raise max_pages or take the table out of pages (its rows "
        "stay in the data downloads)"
    ]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "out, progress, quiet, shown",
    [
        (io.StringIO(), False, False, False),
        (io.StringIO(), True, False, True),
        (FakeTerminal(), False, False, True),
        (FakeTerminal(), False, True, False),
        (FakeTerminal(), True, True, False),
    ],
)
def test_progress_shows_on_a_terminal_or_when_asked(out, progress, quiet, shown):
    Progress.choose(out, progress, quiet).step("check", rows=1234, tables=2)
    assert out.getvalue().endswith("] Checking 1,234 rows in 2 tables…\n") is shown
    assert (out.getvalue() == "") is not shown


def test_validate_progress_goes_to_stderr_and_leaves_stdout_alone(project: Path, capsys):
    assert main(["validate", "--progress"], root=project) == 0
    captured = capsys.readouterr()
    assert captured.out == "The data is valid.\n"
    assert [line.split("] ", 1)[1] for line in captured.err.splitlines()] == [
        "Loading the data…",
        "Checking 23 rows in 10 tables…",
        "Checking frozen versions…",
    ]
    assert main(["validate"], root=project) == 0
    assert capsys.readouterr().err == ""


def test_progress_lines_come_in_the_contributor_s_language(project: Path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "es_VE.UTF-8")
    assert main(["build", "--progress"], root=project) == 0
    err = capsys.readouterr().err
    assert re.search(r"\] Comprobando [\d.]+ filas en \d+ tablas…$", err, re.M), err
    assert "Generando las páginas (es)…" in err and "Loading" not in err and "Writing" not in err
