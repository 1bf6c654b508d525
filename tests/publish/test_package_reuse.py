"""A package written again takes its unchanged tables' files, zip entries, sheets and SQLite
rows from the packages written before (package.reuse), and stays byte for byte a clean build's."""

from pathlib import Path

import pytest

from datasite.cli import main
from datasite.package import reuse
from tests.conftest import FIXTURE_EPOCH, edit, tree_hashes


def build(root: Path, site: Path, *args: str) -> None:
    assert main(["build", "--site", str(site), "--quiet", *args], root=root) == 0


def inode(site: Path, dataset: str, name: str) -> int:
    return (site / "data" / dataset / "preview" / name).stat().st_ino


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)


@pytest.fixture
def taken(monkeypatch) -> list[str]:
    """The tables each build took whole, by name (Reuse.take counted)."""
    names: list[str] = []
    take = reuse.Reuse.take

    def counted(self, table, *args):
        out = take(self, table, *args)
        if out is not None:
            names.append(table.name)
        return out

    monkeypatch.setattr(reuse.Reuse, "take", counted)
    return names


def test_a_change_to_a_shared_table_takes_the_rest_and_matches_a_clean_build(
    project: Path, taken: list[str]
):
    site = project / "site"
    build(project, site)
    # a table two packages carry alike (the same actors rows) is written once, taken once
    assert taken.count("actors") == 2
    assert inode(site, "law", "actors.csv") == inode(site, "places", "actors.csv")
    assert inode(site, "references", "actors.csv") == inode(site, "releases", "actors.csv")
    assert inode(site, "law", "actors.csv") != inode(site, "releases", "actors.csv")
    taken.clear()
    sources = inode(site, "releases", "sources.csv")
    tallies = inode(site, "releases", "tallies.json")
    edit(project / "data/references/actors.yaml", "A fictional human-rights group.", "Edited.")
    build(project, site)
    # every package carries actors: each is written again, the rest taken
    assert {"sources", "tallies", "release_events", "facilities"} <= set(taken)
    assert inode(site, "releases", "tallies.json") == tallies  # linked from the previous site
    assert inode(site, "releases", "sources.csv") == sources
    assert "Edited." in (site / "data/releases/preview/actors.csv").read_text()
    clean = project / "clean"
    build(project, clean)
    assert tree_hashes(site) == tree_hashes(clean)


def test_a_corrupt_previous_file_or_entry_is_not_taken(project: Path, taken: list[str]):
    site = project / "site"
    build(project, site)
    folder = site / "data/releases/preview"
    # a changed byte in a file, and in a deflated entry of the zip (its file left whole)
    tallies = folder / "tallies.csv"
    data = bytearray(tallies.read_bytes())
    data[-2] ^= 1
    tallies.unlink()  # a file of its own: the site's other copies stay as they were
    tallies.write_bytes(bytes(data))
    archive = next(folder.glob("*.zip"))
    packed = bytearray(archive.read_bytes())
    at = packed.index(b"release_events.json") + len("release_events.json")
    packed[at + 5] ^= 0xFF
    archive.unlink()
    archive.write_bytes(bytes(packed))
    edit(project / "data/references/actors.yaml", "A fictional human-rights group.", "Edited.")
    build(project, site)
    assert "tallies" not in taken
    assert "release_events" not in taken
    assert "persons" in taken  # the control
    clean = project / "clean"
    build(project, clean)
    assert tree_hashes(site) == tree_hashes(clean)


def test_force_takes_only_from_its_own_build(project: Path, taken: list[str]):
    site = project / "site"
    build(project, site)
    edit(project / "data/references/actors.yaml", "A fictional human-rights group.", "Edited.")
    taken.clear()
    build(project, site, "--force")
    # law and places cite no edited actor: linked whole; references and releases carry the same
    # actors rows, written by the first, taken by the second (nothing from the previous build)
    assert taken == ["actors"]


def test_what_was_recorded_of_a_package_linked_whole_is_kept(project: Path, taken: list[str]):
    site = project / "site"
    build(project, site)
    edit(project / "data/places/facility_events.yaml", "a fictional park", "a fictional garden")
    build(project, site)  # places written again; the others linked, their records kept
    taken.clear()
    edit(project / "data/references/actors.yaml", "A fictional human-rights group.", "Edited.")
    build(project, site)
    assert {"tallies", "release_events", "persons"} <= set(taken)


def test_a_previous_file_is_hashed_only_when_its_status_changed(
    project: Path, taken: list[str], monkeypatch
):
    """A previous package's file whose status (inode, size, times) is the one recorded when it
    was written is taken without hashing it again; one changed in place, even with its
    modification time put back, is hashed, found different and not taken."""
    import os

    hashed: list[str] = []
    sha256_of = reuse.sha256_of

    def counted(path):
        hashed.append(Path(path).name)
        return sha256_of(path)

    monkeypatch.setattr(reuse, "sha256_of", counted)
    site = project / "site"
    build(project, site)
    edit(project / "data/references/actors.yaml", "A fictional human-rights group.", "Edited.")
    build(project, site)
    assert "tallies" in taken and hashed == []  # every file taken was as recorded
    # taken by linking, then the previous site's links removed: recorded again once live
    edit(project / "data/references/actors.yaml", "Edited.", "Edited twice.")
    taken.clear()
    build(project, site)
    assert "tallies" in taken and hashed == []
    taken.clear()
    target = site / "data/releases/preview/tallies.csv"
    data, info = target.read_bytes(), target.stat()
    target.write_bytes(data[:-2] + (b"x\n" if data[-2:] != b"x\n" else b"y\n"))
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    edit(project / "data/references/actors.yaml", "Edited twice.", "Edited again.")
    build(project, site)
    assert "tallies.csv" in hashed
    assert "tallies" not in taken and "persons" in taken
    clean = project / "clean"
    build(project, clean)
    assert tree_hashes(site) == tree_hashes(clean)
