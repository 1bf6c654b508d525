"""A version frozen before a kind of file existed (README.md, Parquet, CITATION.ris) is followed by
a patch that carries it, though the data did not change."""

from pathlib import Path

from datasite.check.privacy import redact
from datasite.load.project import load_project
from datasite.package.datapackage import LAYOUT, compare_with_frozen, layout_of
from datasite.package.versions import frozen_versions, read_lock
from tests.conftest import freeze_all, make_project


def test_the_layout_is_what_a_new_version_holds(built_mini: Path):
    (version,) = [v for v in frozen_versions(built_mini, "releases") if v.version == "1.2.0"]
    assert layout_of(read_lock(version.lock), version.descriptor(), "releases", "1.2.0") == LAYOUT


def test_a_version_of_an_older_layout_needs_a_patch_that_adds_its_files(tmp_path: Path):
    root = make_project(tmp_path / "project")
    freeze_all(root)
    project, issues = load_project(root)
    assert not issues
    project = redact(project)  # versions hold the public rows
    _, diff = compare_with_frozen(project, project.datasets["releases"])
    assert diff is not None and diff.meta_changes == [] and diff.bump == "none"

    # The same version as an older generator froze it: no README.md, no Parquet copies.
    (version,) = frozen_versions(root, "releases")
    kept = [
        line
        for line in version.lock.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.rstrip().endswith(("README.md", ".parquet"))
    ]
    version.lock.write_text("".join(kept), encoding="utf-8")
    _, diff = compare_with_frozen(project, project.datasets["releases"])
    assert diff is not None
    assert [c.text() for c in diff.meta_changes] == ["files added: <table>.parquet, README.md"]
    assert diff.bump == "patch"
