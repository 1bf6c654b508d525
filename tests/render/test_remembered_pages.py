"""Record pages remembered between builds (render/remember.py): a page is taken from the memo
only while everything it read gives what it gave, and the result is a clean build's."""

import json
from pathlib import Path

import pytest

from datasite.cli import main
from datasite.render import pages
from datasite.render.remember import Reads, watched
from tests.conftest import FIXTURE_EPOCH, edit, tree_hashes


@pytest.fixture(autouse=True)
def one_process_fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
    monkeypatch.setenv("DATASITE_JOBS", "1")


def build(root: Path, site: Path, *args: str) -> None:
    assert main(["build", "--site", str(site), "--quiet", *args], root=root) == 0


def poison_kept_pages(root: Path) -> int:
    """Mark the heading of every kept page's text, so a page taken from the memo shows it."""
    entries = list((root / ".site.cache" / "page").iterdir())
    for path in entries:
        entry = json.loads(path.read_bytes())
        entry["text"] = entry["text"].replace("<h1>", '<h1 data-kept="1">', 1)
        path.write_text(json.dumps(entry))
    return len(entries)


def kept(page: Path) -> bool:
    return b'data-kept="1"' in page.read_bytes()


def test_a_page_is_remembered_until_a_row_it_read_changes(project: Path, both_readers, monkeypatch):
    site = project / "site"
    build(project, site)
    # Fort One, Camp Two and the law pages, in both languages; nothing else is kept.
    assert poison_kept_pages(project) >= 6
    edit(project / "data/places/facility_events.yaml", "a fictional park", "a fictional garden")
    replayed = []
    replay = pages.Site.replay

    def counted(self, kind, args):
        replayed.append(args[0] if kind != "link" else "sources")
        return replay(self, kind, args)

    monkeypatch.setattr(pages.Site, "replay", counted)
    build(project, site)
    assert set(replayed) == {"facility_events"}  # the reads of unchanged tables are not made
    for lang in ("", "es/"):
        assert kept(site / f"{lang}facilities/camp-two.html")  # read nothing that changed
        fort = site / f"{lang}facilities/fort-one.html"
        assert not kept(fort)  # its events changed: rendered again
        assert not kept(site / f"{lang}index.html")  # not a record's page: never kept
    assert "a fictional garden" in (site / "facilities/fort-one.html").read_text()


def test_what_is_remembered_is_a_clean_build(project: Path, columns_reader):
    """One edit each to what a record's page reads: its events (rows_where), a cited source
    (lookup), a public figure's name (person); after each, the partial build is a clean one."""
    site, clean = project / "site", project / "clean"
    build(project, site)
    edits = [
        ("data/places/facility_events.yaml", "a fictional park", "a fictional garden"),
        ("data/references/sources.csv", "Example Daily", "Example Daily Post"),
        ("data/releases/persons.yaml", "Zed Fictional-Publicfigure", "Zed Fictional-Renamed"),
    ]
    for path, old, new in edits:
        edit(project / path, old, new)
        build(project, site)
        build(project, clean, "--force")
        assert tree_hashes(site) == tree_hashes(clean), path


def test_a_page_using_any_other_helper_is_not_remembered():
    reads = Reads()
    helpers = watched({"t": str, "tables": {"a": 1}, "headline": lambda: []}, reads)
    helpers["t"]("x")
    assert not reads.opaque  # a keyed helper
    assert list(helpers["tables"]) == ["a"] and reads.opaque  # the tables themselves
    reads = Reads()
    watched({"headline": lambda: []}, reads)["headline"]()
    assert reads.opaque
    reads = Reads()
    reads.note("row", ["sources", object()], "d", "sources", "t")  # cannot be replayed
    assert reads.opaque and reads.items == [] and reads.tables == {}


def test_a_field_no_page_shows_keeps_the_pages_that_looked_its_row_up(project: Path, both_readers):
    """A looked-up row is compared by the fields the page read: an actor's kind edited keeps
    the facility pages that show its name; its name edited renders them again. Each partial
    build is a clean build."""
    site, clean = project / "site", project / "clean"
    build(project, site)
    for old, new in (("  kind: official\n", "  kind: ngo\n"), ("Minister Gamma", "Minister G.")):
        edit(project / "data/references/actors.yaml", old, new)
        build(project, site)
        build(project, clean, "--force")
        assert tree_hashes(site) == tree_hashes(clean), new
    fort = site / "facilities/fort-one.html"
    assert "Minister G." in fort.read_text()
    poison_kept_pages(project)
    edit(project / "data/references/actors.yaml", "  kind: ngo\n", "  kind: official\n")
    build(project, site)
    assert kept(fort) and kept(site / "es/facilities/fort-one.html")
    edit(project / "data/references/actors.yaml", "Minister G.", "Minister Gamma")
    build(project, site)
    assert not kept(fort) and "Minister Gamma" in fort.read_text()


def test_fields_read_note_every_field_when_walked_copied_or_printed():
    from datasite.render.remember import EVERY, FieldsRead

    for use in (
        list,
        dict,
        repr,
        str,
        json.dumps,
        lambda v: v.items(),
        lambda v: v.copy(),
        lambda v: {**v},
        lambda v: v == {},
        lambda v: sorted(v),
    ):
        values = FieldsRead({"name": "N", "kind": "k"})
        use(values)
        assert EVERY in values.read, use
    values = FieldsRead({"name": "N"})
    assert values["name"] == values.get("name") == "N" and "kind" not in values
    assert values.get("kind", "") == "" and values.read == {"name", "kind"}
