"""The steps after the pages are written keep their results in the build memo: the search
index's documents of a page, the language check's pieces of a page, a page's table CSV files
and a table's browser chunks. Each is read back only under a key covering all it is made from;
an entry that is not what the step wrote is a miss, and a rebuild equals a clean build."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datasite.cli import main
from datasite.model import Row, Table
from datasite.publish.memo import Memo
from datasite.render import browse, search, tablecsv, words
from datasite.render.browse import table_digest, write_browse_chunks
from datasite.render.search import page_documents, page_ids, read_page
from datasite.render.tablecsv import write_page_csvs
from datasite.render.words import distinct_pieces, language_problems, page_pieces
from tests.conftest import FIXTURE_EPOCH, edit, tree_hashes


class Calls:
    """Wraps a function and counts its calls."""

    def __init__(self, function):
        self.function = function
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1
        return self.function(*args, **kwargs)


def only_entry(memo: Memo, kind: str) -> Path:
    [entry] = sorted((memo.folder / kind).iterdir())
    return entry


# -- search: a page's documents --------------------------------------------------------------


class _Ids(HTMLParser):
    """Every value an attribute named id has in a start tag, as html.parser reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids |= {value or "" for name, value in attrs if name == "id"}

    handle_startendtag = handle_starttag


def parser_ids(html: str) -> set[str]:
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return parser.ids


PIECES = [
    "<div ", "<p>", "</p>", "<article>", "</div>", " ", "\n", "id", "ID", "Id", "data-id",
    "=", "==", " = ", '"', "'", ">", "/", "/>", "a", "b-1", "&amp;", "&#62;", "&quot;", "x y",
    "<!--", "-->", "<script>", "</script>", "<![CDATA[", "]]>", "ñ", "\t",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_page_ids_holds_every_id_the_parser_reads(pieces):
    html = "".join(pieces)
    assert parser_ids(html) <= page_ids(html)


@pytest.mark.parametrize(
    "html",
    [
        '<p>x id="</p><div id="rec-1">',  # an "id=" in text whose quote hides a real one
        "<div ID = 'a&amp;b' id==c>",
        "<div id>",
        '<div data-x="id=" id="rec-2"><span id=rec-3/>',
    ],
)
def test_page_ids_of_hostile_markup(html: str):
    assert parser_ids(html) <= page_ids(html)


PAGE = (
    '<header id="top">Site</header><article><h1 id="intro">Intro</h1><p>Some prose.</p>'
    '<table><tr id="rec-1"><td>First</td><td>record</td></tr>'
    '<tr id="rec-2"><td lang="es">Segundo</td></tr></table><h2 id="more">More</h2><p>End.</p>'
    "</article>"
)


def plain_documents(html: str, anchors: set[str], lang: str) -> tuple[list, list]:
    records, prose = read_page(html, anchors, lang)
    return (
        [[r.anchor, r.text(), r.other_text()] for r in records],
        [[s.anchor, s.heading, s.text(), s.other_text()] for s in prose],
    )


def test_a_pages_documents_are_kept_and_read_back(tmp_path: Path, monkeypatch):
    anchors = {"rec-1", "rec-2"}
    expected = plain_documents(PAGE, anchors, "en")
    assert page_documents(PAGE, anchors, "en") == expected  # no memo
    assert page_documents(PAGE, anchors, "en", Memo(tmp_path / "c")) == expected
    reads = Calls(read_page)
    monkeypatch.setattr(search, "read_page", reads)
    memo = Memo(tmp_path / "c")
    assert page_documents(PAGE, anchors, "en", memo) == expected
    assert reads.count == 0
    # Poisoned: what the entry holds is what comes back, so it is read.
    entry = only_entry(memo, "search-page")
    entry.write_text(json.dumps([[["rec-1", "poison", ""]], []]))
    assert page_documents(PAGE, anchors, "en", Memo(tmp_path / "c"))[0][0][1] == "poison"
    # Which ids are records is part of the key: one fewer anchor, another entry.
    assert page_documents(PAGE, {"rec-1"}, "en", Memo(tmp_path / "c")) == plain_documents(
        PAGE, {"rec-1"}, "en"
    )
    assert reads.count == 1
    # The language too.
    page_documents(PAGE, anchors, "es", Memo(tmp_path / "c"))
    assert reads.count == 2


@pytest.mark.parametrize("corrupt", [b"{not json", b"[1, 2]", b'[[["rec-1", "x"]], []]', b""])
def test_a_corrupt_search_entry_is_a_miss(tmp_path: Path, corrupt: bytes):
    anchors = {"rec-1", "rec-2"}
    page_documents(PAGE, anchors, "en", Memo(tmp_path / "c"))
    only_entry(Memo(tmp_path / "c"), "search-page").write_bytes(corrupt)
    memo = Memo(tmp_path / "c")
    assert page_documents(PAGE, anchors, "en", memo) == plain_documents(PAGE, anchors, "en")


# -- the language check: a page's pieces ----------------------------------------------------

OWN = {"en": {"hello": "Welcome to the archive"}, "es": {"hello": "Bienvenida al archivo"}}


def pages_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text(
        "<p>Welcome to the archive</p><p>A page, a page, a page.</p>", encoding="utf-8"
    )
    return folder


def test_a_pages_pieces_are_kept_and_read_back(tmp_path: Path, monkeypatch):
    folder = pages_folder(tmp_path)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert distinct_pieces(page, "en") == list(dict.fromkeys(page_pieces(page, "en")))
    check = (folder, "en", OWN["en"], {"es": OWN["es"]})
    assert language_problems(*check, memo=Memo(tmp_path / "c")) == []
    pieces = Calls(page_pieces)
    monkeypatch.setattr(words, "page_pieces", pieces)
    assert language_problems(*check, memo=Memo(tmp_path / "c")) == []
    assert pieces.count == 0
    # Poisoned: another language's string in the entry is found, so the entry is read.
    only_entry(Memo(tmp_path / "c"), "page-pieces").write_text('["Bienvenida al archivo"]')
    [issue] = language_problems(*check, memo=Memo(tmp_path / "c"))
    assert "Bienvenida al archivo" in issue.message
    # Not JSON, or not a list of texts: a miss, and the page is read again.
    for corrupt in (b"[not json", b'[1, "x"]', b'{"a": 1}'):
        only_entry(Memo(tmp_path / "c"), "page-pieces").write_bytes(corrupt)
        assert language_problems(*check, memo=Memo(tmp_path / "c")) == []
    assert pieces.count == 3


# -- a page's table CSV files ---------------------------------------------------------------

TABLE_PAGE = (
    '<table data-csv="page-a.csv"><thead><tr><th>When</th></tr></thead>'
    "<tbody><tr><td>=1+1</td></tr></tbody></table>"
    '<table data-csv="page-b.csv"><tr><td>B</td></tr></table>'
)


def written(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_pages_csv_files_are_kept_and_written_from_the_memo(tmp_path: Path, monkeypatch):
    (tmp_path / "plain").mkdir()
    (tmp_path / "kept").mkdir()
    (tmp_path / "again").mkdir()
    names = write_page_csvs(TABLE_PAGE, tmp_path / "plain", "t.md.j2")
    assert write_page_csvs(TABLE_PAGE, tmp_path / "kept", "t.md.j2", Memo(tmp_path / "c")) == names
    parse = Calls(tablecsv.page_tables)
    monkeypatch.setattr(tablecsv, "page_tables", parse)
    again = write_page_csvs(TABLE_PAGE, tmp_path / "again", "t.md.j2", Memo(tmp_path / "c"))
    assert again == names == ["page-a.csv", "page-b.csv"]
    assert parse.count == 0
    assert written(tmp_path / "again") == written(tmp_path / "plain")
    entry = only_entry(Memo(tmp_path / "c"), "page-csv")
    entry.write_text('[["page-a.csv", "poison\\r\\n"]]')
    write_page_csvs(TABLE_PAGE, tmp_path / "again", "t.md.j2", Memo(tmp_path / "c"))
    assert (tmp_path / "again/page-a.csv").read_bytes() == b"poison\r\n"  # read: poisonable


@pytest.mark.parametrize(
    "corrupt", [b"[not json", b'[["../escape.csv", "x"]]', b'[["page-a.csv"]]', b'{"a": "b"}']
)
def test_a_corrupt_csv_entry_or_one_naming_a_path_is_a_miss(tmp_path: Path, corrupt: bytes):
    (tmp_path / "out").mkdir()
    write_page_csvs(TABLE_PAGE, tmp_path / "out", "t.md.j2", Memo(tmp_path / "c"))
    clean = written(tmp_path / "out")
    only_entry(Memo(tmp_path / "c"), "page-csv").write_bytes(corrupt)
    (tmp_path / "out2").mkdir()
    write_page_csvs(TABLE_PAGE, tmp_path / "out2", "t.md.j2", Memo(tmp_path / "c"))
    assert written(tmp_path / "out2") == clean
    assert not (tmp_path / "escape.csv").exists()


# -- a table's browser chunks ---------------------------------------------------------------


def project_of(table: Table) -> SimpleNamespace:
    return SimpleNamespace(datasets={"d": SimpleNamespace(name="d", tables={table.name: table})})


def rows_table(notes: list[str]) -> Table:
    rows = [Row({"id": f"r{i}", "note": n}, "t.csv", i + 2) for i, n in enumerate(notes)]
    return Table("t", "d", {"fields": [{"name": "id"}, {"name": "note"}]}, "s", "t.csv", rows)


def frame_table(tmp_path: Path, monkeypatch, text: str) -> Table:
    from datasite.load import project as load

    path = tmp_path / "data" / "d" / "t.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    schema = {"fields": [{"name": "id"}, {"name": "n", "type": "integer"}, {"name": "note"}]}
    table = Table("t", "d", schema, "s", "data/d/t.csv")
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    table.rows = load.read_csv(tmp_path, path, table)
    return table


def test_a_tables_digest_follows_its_rows_and_schema(tmp_path: Path, monkeypatch):
    text = "id,n,note\na,1,x\nb,2,\n"
    first = table_digest(frame_table(tmp_path / "1", monkeypatch, text))
    assert table_digest(frame_table(tmp_path / "2", monkeypatch, text)) == first
    assert table_digest(frame_table(tmp_path / "3", monkeypatch, text.replace("x", "y"))) != first
    assert table_digest(frame_table(tmp_path / "4", monkeypatch, text.replace("2,", "2,y"))) != (
        first
    )
    assert table_digest(rows_table(["x", ""])) != table_digest(rows_table(["x", "y"]))
    other = rows_table(["x"])
    other.schema = {**other.schema, "primaryKey": ["note"]}
    assert table_digest(other) != table_digest(rows_table(["x"]))


def chunk_inodes(site: Path) -> dict[str, int]:
    folder = site / "browse/d/t"
    return {p.name: p.stat().st_ino for p in sorted(folder.iterdir())}


def test_unchanged_chunks_are_linked_from_the_previous_site(tmp_path: Path, monkeypatch):
    table = rows_table([f"note {i}" for i in range(7)])
    write_browse_chunks(project_of(table), tmp_path / "plain", 3)  # type: ignore[arg-type]
    one = tmp_path / "one"
    write_browse_chunks(project_of(table), one, 3, None, Memo(tmp_path / "c"))  # type: ignore[arg-type]
    assert tree_hashes(one) == tree_hashes(tmp_path / "plain")
    made = Calls(browse.iter_chunks)
    monkeypatch.setattr(browse, "iter_chunks", made)
    two = tmp_path / "two"
    write_browse_chunks(project_of(table), two, 3, one, Memo(tmp_path / "c"))  # type: ignore[arg-type]
    assert made.count == 0 and chunk_inodes(two) == chunk_inodes(one)  # linked
    assert tree_hashes(two) == tree_hashes(tmp_path / "plain")
    # A chunk of the previous site changed since: the table is written again, not linked.
    (two / "browse/d/t/2.js").write_text("tampered", encoding="utf-8")
    three = tmp_path / "three"
    write_browse_chunks(project_of(table), three, 3, two, Memo(tmp_path / "c"))  # type: ignore[arg-type]
    assert made.count == 1
    assert tree_hashes(three) == tree_hashes(tmp_path / "plain")
    # A row changed: another key, written again.
    changed = rows_table([f"note {i}" for i in range(6)] + ["changed"])
    four = tmp_path / "four"
    write_browse_chunks(project_of(changed), four, 3, three, Memo(tmp_path / "c"))  # type: ignore[arg-type]
    assert made.count == 2 and "changed" in (four / "browse/d/t/3.js").read_text()


@pytest.mark.parametrize(
    "corrupt", [b"[not json", b'[["../../x.js", "0"]]', b"[]", b'[["1.js"]]', b'{"1.js": "x"}']
)
def test_a_corrupt_browse_entry_is_a_miss(tmp_path: Path, corrupt: bytes):
    table = rows_table(["a", "b"])
    one = tmp_path / "one"
    write_browse_chunks(project_of(table), one, 1, None, Memo(tmp_path / "c"))  # type: ignore[arg-type]
    only_entry(Memo(tmp_path / "c"), "browse").write_bytes(corrupt)
    two = tmp_path / "two"
    write_browse_chunks(project_of(table), two, 1, one, Memo(tmp_path / "c"))  # type: ignore[arg-type]
    assert tree_hashes(two) == tree_hashes(one)
    assert set(chunk_inodes(two).values()).isdisjoint(chunk_inodes(one).values())  # written


# -- a whole rebuild ----------------------------------------------------------------------


def test_a_rebuild_reads_again_only_what_changed_and_equals_a_clean_build(
    project: Path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
    site = project / "site"
    assert main(["build", "--site", str(site), "--quiet"], root=project) == 0
    pages = len([p for p in site.rglob("*.html") if "data" not in p.parts])
    calls = {
        "search": Calls(search.read_page),
        "language": Calls(words.page_pieces),
        "browse": Calls(browse.iter_chunks),
    }
    monkeypatch.setattr(search, "read_page", calls["search"])
    monkeypatch.setattr(words, "page_pieces", calls["language"])
    monkeypatch.setattr(browse, "iter_chunks", calls["browse"])
    edit(project / "data/releases/tallies.csv", "Fictional count.", "Fictional count!")
    assert main(["build", "--site", str(site), "--quiet"], root=project) == 0
    tables = len(list((site / "browse").glob("*/*")))
    assert 0 < calls["search"].count < pages / 2, calls["search"].count
    assert 0 < calls["language"].count < pages / 2, calls["language"].count
    assert calls["browse"].count == 1 < tables  # tallies only
    clean = project / "clean"
    assert main(["build", "--site", str(clean), "--quiet", "--force"], root=project) == 0
    assert tree_hashes(site) == tree_hashes(clean)
