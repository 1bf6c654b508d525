"""The site's search index (datasite/render/search.py): one document per record a page shows, in
the reader's language, folded for accents and case, and nothing a page does not show."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from datasite.cli import main
from datasite.load.project import load_project
from datasite.render.search import LINE_MAX, fold, index_scripts, line, read_page, words
from tests.conftest import make_project

PERSONS = "data/releases/persons.yaml"
RELEASES = "data/releases/release_events.csv"
# Fictional people with accents in their names: one public figure (named on the pages), one
# pseudonymous (only the pseudonym shows) and one withheld (nothing personal shows).
MORE_PERSONS = """- id: person-0011
  publish_level: public_figure
  name: Rocío Fictional-Torres
  minor: "false"
  role: Fictional human-rights lawyer
  role_es: Abogada ficticia de derechos humanos
  source_id: daily-2026-01-10
  basis_source_ids: [bulletin-2026-01-20]
- id: person-0012
  publish_level: pseudonymous
  name: Ramón Fictional-Hiddénperson
  pseudonym: Testigo Ramírez
  minor: "false"
  role: Fictional schoolteacher
  source_id: daily-2026-01-10
- id: person-0013
  publish_level: withheld
  name: Quentín Madeup-Secretsón
  pseudonym: Testigo Quíntuple
  minor: "false"
  role: Fictional bus driver
  source_id: daily-2026-01-10
"""
MORE_RELEASES = (
    "release-0011,2026-01-14,day,,release,1,exact,,person-0011,camp-two,,ngo-alpha,"
    "daily-2026-01-10,,\n"
    "release-0012,2026-01,month,,release,1,exact,,person-0012,camp-two,,ngo-alpha,"
    "daily-2026-01-10,,\n"
    "release-0013,2026-01-09,day,,release,1,exact,,person-0013,fort-one,,ngo-alpha,"
    "daily-2026-01-10,,\n"
)
NEVER_SHOWN = [
    "Ramón Fictional-Hiddénperson",
    "Hiddénperson",
    "Quentín Madeup-Secretsón",
    "Secretsón",
    "Testigo Quíntuple",
    "Fictional schoolteacher",
    "Fictional bus driver",
]
# Tables whose records the pages show, each row at its own anchor; actors have none (an actor
# shows beside each claim), persons only where their publish level allows a name.
SHOWN = [
    "tallies",
    "release_events",
    "facility_events",
    "legal_stages",
    "statements",
    "sources",
    "facilities",
    "measures",
    "legal_instruments",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("search") / "project")
    with (root / PERSONS).open("a", encoding="utf-8") as f:
        f.write(MORE_PERSONS)
    with (root / RELEASES).open("a", encoding="utf-8") as f:
        f.write(MORE_RELEASES)
    assert main(["build"], root=root) == 0
    return root / "site"


def index(site: Path, lang: str) -> dict:
    path = site / ("search/en.js" if lang == "en" else "es/search/es.js")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("window.dsSearchIndex=") and text.endswith(";\n")
    return json.loads(text.removeprefix("window.dsSearchIndex=").removesuffix(";\n"))


def docs(data: dict) -> list[dict]:
    """Documents with their fields named: kind, page title, link, date, line, other words."""
    return [
        {
            "kind": data["kinds"][d[0]],
            "page": data["pages"][d[1]],
            "href": d[2],
            "date": d[3],
            "line": d[4],
            "rest": d[5] if len(d) > 5 else "",
        }
        for d in data["docs"]
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_one_document_per_record_at_its_anchor(site: Path, lang: str):
    project, _ = load_project(site.parent)
    found = [d["href"].partition("#")[2] for d in docs(index(site, lang))]
    tables = project.tables()
    assert len([t for t in SHOWN if t in tables]) >= 8  # the mini fixture has no statements
    for table in [t for t in SHOWN if t in tables]:
        rows = tables[table].rows
        mine = [a for a in found if a.startswith(table + "-")]
        assert len(mine) == len(rows) > 0, table
        assert len(set(mine)) == len(mine), table
    assert not [a for a in found if a.startswith("actors-")]
    # Only the public figures: never the pseudonymous (0012) or withheld (0013, withheld-1) ones.
    persons = sorted(a for a in found if a.startswith("persons-"))
    assert persons == ["persons-person-0011", "persons-person-zed"]


@pytest.mark.parametrize(
    ("lang", "kind", "date", "shown"),
    [
        (
            "en",
            "Person",
            "14 January 2026",
            "Rocío Fictional-Torres · Fictional human-rights lawyer · 14 January 2026: Release · ",
        ),
        (
            "es",
            "Persona",
            "14 de enero de 2026",
            "Rocío Fictional-Torres · Abogada ficticia de derechos humanos · 14 de enero de 2026: ",
        ),
    ],
)
def test_a_named_person_is_a_record_with_the_date_of_their_release(site, lang, kind, date, shown):
    (doc,) = [d for d in docs(index(site, lang)) if d["href"].endswith("#persons-person-0011")]
    assert (doc["kind"], doc["date"]) == (kind, date)
    assert doc["line"].startswith(shown), doc["line"]
    assert doc["href"] == "datasets/releases.html#persons-person-0011"
    # The anchor is on that page, and no pseudonymous or withheld person has one there.
    page = (site / ("" if lang == "en" else "es") / "datasets/releases.html").read_text("utf-8")
    assert page.count('<tr id="persons-') == 2


@pytest.mark.parametrize(
    ("lang", "kind", "date", "shown"),
    [
        (
            "en",
            "Release or detention",
            "14 January 2026",
            "Release: Rocío Fictional-Torres — Camp Two · ",
        ),
        (
            "es",
            "Excarcelación o detención",
            "14 de enero de 2026",
            "Excarcelación: Rocío Fictional-Torres — ",
        ),
    ],
)
def test_a_record_shows_its_date_kind_and_a_readable_line(site, lang, kind, date, shown):
    (doc,) = [
        d for d in docs(index(site, lang)) if d["href"].endswith("#release_events-release-0011")
    ]
    assert (doc["kind"], doc["date"]) == (kind, date)
    assert doc["line"].startswith(shown), doc["line"]
    # Cells are kept apart: the name never runs into the next cell's first word.
    assert "Fictional-TorresCamp" not in doc["line"] and " · " in doc["line"]
    assert doc["href"].split("#")[0].endswith(".html")


def test_a_law_is_found_by_its_words_without_accents(site: Path):
    found = docs(index(site, "es"))
    (law,) = [d for d in found if "#legal_instruments-" in d["href"]]
    assert law["kind"] == "Ley" and law["href"] == "laws/index.html#legal_instruments-example-law"
    # Its page says what it is ("Una ley de amnistía ficticia"): stored folded.
    amnesty = [d["href"] for d in found if "amnistia" in words(d["line"] + " " + d["rest"])]
    assert "laws/example-law.html" in [h.split("#")[0] for h in amnesty]


def test_measures_are_records_of_the_definitions_page(site: Path):
    found = [d for d in docs(index(site, "en")) if "#measures-" in d["href"]]
    assert found and all(d["href"].startswith("definitions.html#measures-") for d in found)
    assert {d["kind"] for d in found} == {"Measure"}
    # A measure has no date of its own: the first count using it is not one.
    assert {d["date"] for d in found} == {""}


def test_prose_is_indexed_by_section(site: Path):
    about = [d for d in docs(index(site, "en")) if d["href"].startswith("about.html")]
    assert len(about) > 3 and {d["kind"] for d in about} == {"Page"}
    assert len({d["href"] for d in about}) == len(about)  # one document per section


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_withheld_name_or_real_name_behind_a_pseudonym_is_indexed(site: Path, lang: str):
    text = (site / ("search/en.js" if lang == "en" else "es/search/es.js")).read_text("utf-8")
    folded = fold(text)
    assert [s for s in NEVER_SHOWN if fold(s) in folded or s in text] == []
    # What the pages do show is there: the public figure's name, the pseudonym.
    assert "Rocío Fictional-Torres" in text and "Testigo Ramírez" in text


def test_nothing_private_from_the_hostile_fixture_is_indexed(hostile_site: Path):
    # Every free text of the hostile project carries markup: the index holds it as the text the
    # page shows, and no withheld person's name (the mini fixture's) reaches it.
    for path in (hostile_site / "search/en.js", hostile_site / "es/search/es.js"):
        text = path.read_text(encoding="utf-8")
        assert "secretname" not in fold(text), path
        assert "Zed Fictional-Publicfigure" in text, path


def test_folding_drops_accents_and_case():
    assert fold("Rocío") == fold("ROCIO") == "rocio"
    assert fold("TORRES") == "torres"
    assert words("Ley de Amnistía: «amnistía»,Ñandú") == [
        "ley",
        "de",
        "amnistia",
        "amnistia",
        "nandu",
    ]


def test_a_long_line_is_cut_at_a_word_and_its_other_words_stay_searchable():
    text = " ".join(f"palabra{i}" for i in range(80)) + " Última"
    shown, rest = line(text)
    assert len(shown) <= LINE_MAX + 1 and shown.endswith("…")
    assert " palabra79" in " " + rest and rest.endswith("ultima")
    assert set(words(shown)).isdisjoint(rest.split())


def test_cells_and_hidden_parts_of_a_record():
    html = (
        '<header><p id="t-1">header</p></header><article class="md-content__inner">'
        "<h1>Title</h1><p>Intro</p>"
        '<table><thead><tr><th>Date</th></tr></thead><tr id="t-1"><td>A</td><td>B<br>'
        '<span class="ds-note">C</span></td><td hidden>secret</td><td>D <details class="ds-rcite">'
        "<summary>Cite</summary><p>address</p></details></td></tr></table>"
        '<h2 id="more">More</h2><p>Prose <b>here</b>.</p></article>'
    )
    records, sections = read_page(html, {"t-1"})
    assert [(r.anchor, r.text()) for r in records] == [("t-1", "A · B · C · D")]
    assert [(s.anchor, s.heading, s.text()) for s in sections] == [
        ("", "Title", "Intro"),
        ("more", "More", "Prose here."),
    ]


def test_a_large_index_comes_in_parts_that_add_up_to_it(site: Path):
    whole = index(site, "en")
    scripts = index_scripts({k: v for k, v in whole.items() if k != "parts"}, shard_docs=7)
    first = json.loads(scripts[0].removeprefix("window.dsSearchIndex=").removesuffix(";\n"))
    parts = [
        json.loads(s.removeprefix("window.dsSearchPart=").removesuffix(";\n"))["docs"]
        for s in scripts[1:]
    ]
    assert first["parts"] == len(parts) == (len(whole["docs"]) - 1) // 7
    assert all(len(p) <= 7 for p in [first["docs"], *parts])
    assert first["docs"] + [d for p in parts for d in p] == whole["docs"]
    assert (first["kinds"], first["pages"]) == (whole["kinds"], whole["pages"])
    assert whole["parts"] == 0 and not (site / "search/en-2.js").exists()  # a small site: one


def test_the_index_script_is_one_json_literal_whatever_the_text():
    (script,) = index_scripts({"kinds": [], "pages": ['a\u2028b </script> \\ "'], "docs": []})
    assert script == (
        'window.dsSearchIndex={"kinds":[],"pages":["a\\u2028b </script> \\\\ \\""],'
        '"docs":[],"parts":0};\n'
    )


def test_text_marked_in_another_language_stays_searchable_but_out_of_the_line():
    html = (
        '<article><h2 id="changes">Qué cambió</h2><p lang="en">Persons gain fields.</p>'
        '<p>Texto <span lang="es-VE">propio</span>.</p><table><tr id="t-1"><td>1 ene</td>'
        '<td lang="en">Fictional note</td><td>Nota</td></tr></table></article>'
    )
    records, sections = read_page(html, {"t-1"}, "es")
    assert [(r.text(), r.other_text()) for r in records] == [("1 ene · Nota", "Fictional note")]
    (section,) = sections
    assert (section.text(), section.other_text()) == ("Texto propio.", "Persons gain fields.")
    shown, rest = line(section.text(), section.other_text())
    assert shown == "Texto propio." and rest.split() == ["persons", "gain", "fields"]


@pytest.mark.parametrize("lang, other", [("es", "en"), ("en", "es")])
def test_no_result_line_shows_text_the_page_marks_as_another_language(site, lang, other):
    """A Spanish result never shows an English note unmarked (the reviewer's "rocio" hit)."""
    folder = site / "es" if lang == "es" else site
    marked: Counter = Counter()
    shown: Counter = Counter()  # every text between tags, marked or not
    for page in folder.rglob("*.html"):
        if lang == "en" and page.relative_to(site).parts[0] == "es":
            continue
        html = page.read_text(encoding="utf-8")
        tag = rf'<(?:p|td|span|li)[^>]* lang="{other}"[^>]*>([^<]{{12,}})<'
        marked.update(re.findall(tag, html))
        shown.update(re.findall(r">([^<]{12,})<", html))
    # Only what is never shown unmarked: an actor's name may be marked in one place, not another.
    marked = {text for text, n in marked.items() if n == shown[text]}
    data = docs(index(site, lang))
    lines = " ".join(d["line"] for d in data)
    rest = set(" ".join(d["rest"] for d in data).split())
    if lang == "es":
        assert marked  # the fixture's English notes reach Spanish pages
    for text in marked:
        assert text.strip() not in lines
        assert set(words(text)) <= rest | set(words(lines))
