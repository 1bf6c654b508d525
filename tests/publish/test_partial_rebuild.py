"""Partial rebuilds: a preview package whose inputs did not change is linked from the previous
site, not written again, and the result is byte for byte a clean build's."""

import json
from pathlib import Path

import pytest

from datasite.cli import main
from tests.conftest import FIXTURE_EPOCH, edit, tree_hashes

# the files of a package that hold or list every table
WHOLE = (".zip", ".xlsx", ".sqlite", "datapackage.json", "SHA256SUMS")


def build(root: Path, site: Path, *args: str) -> None:
    assert main(["build", "--site", str(site), "--quiet", *args], root=root) == 0


def inodes(site: Path, dataset: str) -> dict[str, int]:
    folder = site / "data" / dataset / "preview"
    return {p.name: p.stat().st_ino for p in sorted(folder.iterdir())}


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)


def test_a_one_file_change_rewrites_only_its_dataset_and_matches_a_clean_build(
    project: Path, monkeypatch
):
    site = project / "site"
    build(project, site)
    datasets = sorted(p.name for p in (site / "data").iterdir() if (p / "preview").is_dir())
    before = {name: inodes(site, name) for name in datasets}
    edit(project / "data/releases/tallies.csv", "Fictional count.", "Fictional count!")
    build(project, site)
    after = {name: inodes(site, name) for name in datasets}
    linked = [name for name in datasets if after[name] == before[name]]
    assert "releases" not in linked  # its tallies changed: written again
    # its changed table's files and those holding every table are new; its unchanged tables'
    # files are taken from the previous build (tests/publish/test_package_reuse.py)
    new = [n for n in after["releases"] if n.startswith("tallies.") or n.endswith(WHOLE)]
    assert len(new) == 8
    assert all(after["releases"][n] != before["releases"][n] for n in new)
    assert after["releases"]["persons.csv"] == before["releases"]["persons.csv"]
    assert linked, "no package was reused"
    assert "Fictional count!" in (site / "data/releases/preview/tallies.csv").read_text()
    clean = project / "clean"
    monkeypatch.setenv("DATASITE_JOBS", "1")  # and one process against two (both cores here)
    build(project, clean)
    assert tree_hashes(site) == tree_hashes(clean)


def test_a_package_whose_files_or_key_do_not_match_is_written_again(project: Path):
    site = project / "site"
    build(project, site)
    tampered = site / "data/law/preview/legal_stages.csv"
    clean_bytes = tampered.read_bytes()
    tampered.write_bytes(clean_bytes + b"x\n")
    keys = site / "data/.build-packages.json"
    recorded = json.loads(keys.read_text())
    keys.write_text(json.dumps({**recorded, "places": "not a key"}))
    places = inodes(site, "places")
    references = inodes(site, "references")
    build(project, site, "--force")
    assert (site / "data/law/preview/legal_stages.csv").read_bytes() == clean_bytes
    assert set(inodes(site, "places").values()).isdisjoint(places.values())
    assert inodes(site, "references") == references  # the control: linked
    assert json.loads(keys.read_text()) == recorded
