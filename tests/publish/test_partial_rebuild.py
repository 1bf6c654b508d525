"""Partial rebuilds: a preview package whose inputs did not change is linked from the previous
site, not written again, and the result is byte for byte a clean build's."""

import json
import os
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


def test_a_page_whose_markdown_did_not_change_is_not_converted_again(project: Path, monkeypatch):
    """MkDocs' conversion comes from the memo (.site.cache/markdown): a poisoned entry shows
    it is read; a page whose Markdown changed is converted; a corrupt entry is converted again;
    and what is built from the memo is a clean build, byte for byte."""
    monkeypatch.setenv("DATASITE_JOBS", "1")  # entries written and used in this process
    site = project / "site"
    build(project, site)
    entries = project / ".site.cache" / "markdown"
    kept = {p: json.loads(p.read_bytes()) for p in entries.iterdir()}
    assert len(kept) >= 20  # every page of both languages
    # the about page: the one-cell edit below changes no word of it (which entry the directory
    # lists first follows the pages' hashes, and a page showing the edited table would change)
    poisoned = next(p for p, v in kept.items() if 'class="ds-page ds-about"' in v["content"])
    entry = kept[poisoned]
    entry["content"] = entry["content"].replace("<h1", "<h1 data-poison", 1)
    poisoned.write_text(json.dumps(entry))
    corrupt = next(p for p in kept if p != poisoned)
    corrupt.write_bytes(b"{not json")
    edit(project / "data/releases/tallies.csv", "Fictional count.", "Fictional count!")
    build(project, site)
    pages = [p for p in site.rglob("*.html") if b"data-poison" in p.read_bytes()]
    assert len(pages) == 1  # read from the memo, not converted
    poisoned.unlink()  # the next build converts it again and keeps it
    build(project, site, "--base-url", "https://example.org/")  # options change: a full build
    build(project, site)
    assert not [p for p in site.rglob("*.html") if b"data-poison" in p.read_bytes()]
    clean = project / "clean"
    build(project, clean, "--force")
    assert tree_hashes(site) == tree_hashes(clean)


def test_checks_kept_from_the_last_build_give_a_clean_build_s_site(
    project: Path, monkeypatch, columns_reader
):
    """With every CSV table read into columns, the rebuild after a one-cell change checks only
    the changed table again (check/cached.py), and its site is byte for byte a clean build's."""
    from datasite.check import screen

    site = project / "site"
    build(project, site)
    screened = []

    class Counting(screen.TextFrame):
        def __init__(self, compact):
            screened.append(compact.height)
            super().__init__(compact)

    monkeypatch.setattr(screen, "TextFrame", Counting)
    edit(project / "data/releases/tallies.csv", "Fictional count.", "Fictional count!")
    build(project, site)
    assert len(screened) == 1  # tallies; sources and release_events kept their verdicts
    assert sorted((project / ".site.cache" / "checks").iterdir())
    clean = project / "clean"
    build(project, clean, "--force")
    assert len(screened) == 4  # --force reads no verdict: the three tables again
    assert tree_hashes(site) == tree_hashes(clean)


def test_a_linked_file_changed_in_place_is_read_again(project: Path):
    """A previous package's file is not hashed again while its status is the one recorded when
    its hash was checked; changed in place (same size, its modification time put back), its
    change time differs, so it is hashed, found wrong and the package written again."""
    site = project / "site"
    build(project, site)
    edit(project / "data/releases/tallies.csv", "Fictional count.", "Fictional count!")
    build(project, site)  # law's package linked: its files' status recorded after linking
    law = inodes(site, "law")
    target = site / "data/law/preview/legal_stages.csv"
    data, info = target.read_bytes(), target.stat()
    target.write_bytes(data[:-2] + (b"x\n" if data[-2:] != b"x\n" else b"y\n"))
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert target.stat().st_size == info.st_size and target.stat().st_mtime_ns == info.st_mtime_ns
    edit(project / "data/releases/tallies.csv", "Fictional count!", "Fictional count?")
    build(project, site)
    assert (site / "data/law/preview/legal_stages.csv").read_bytes() == data
    assert inodes(site, "law")["legal_stages.csv"] != law["legal_stages.csv"]  # written again
