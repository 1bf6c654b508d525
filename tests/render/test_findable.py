"""What search engines and feed readers find in the built site: hreflang links to the same page
in each language, schema.org Dataset per language, the Atom feed, the head links, the sitemap."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import REPO
from tests.conftest import VERSIONED_BASE as BASE


class Head(HTMLParser):
    """The <link> elements of a page's head, and its JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append(dict(attrs))
        self._in_jsonld = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def head(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[str]:
    """Every page MkDocs wrote for the first language (paths from the site root), 404 aside."""
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if p.parts[len(site.parts)] not in ("es", "browse", "assets", "data", "search")
        and p.name != "404.html"
    )


def test_every_page_has_hreflang_for_the_same_page_in_each_language(relative_site: Path):
    site = relative_site
    found = pages(site)
    assert len(found) >= 15 and "datasets/releases.html" in found
    for path in found:
        for lang, here in (("en", path), ("es", "es/" + path)):
            links = {
                link["hreflang"]: link["href"]
                for link in head(site / here).links
                if "alternate" in (link.get("rel") or "").split() and "hreflang" in link
            }
            start = posixpath.dirname(here)
            resolved = {k: posixpath.normpath(posixpath.join(start, v)) for k, v in links.items()}
            assert resolved == {"en": path, "es": "es/" + path, "x-default": path}, (lang, here)
            assert all((site / target).is_file() for target in resolved.values())


def test_hreflang_is_absolute_with_a_site_address(absolute_site: Path):
    for path in pages(absolute_site):
        for here in (path, "es/" + path):
            links = [
                (link["hreflang"], link["href"])
                for link in head(absolute_site / here).links
                if "hreflang" in link
            ]
            assert links == [
                ("en", BASE + path),
                ("es", BASE + "es/" + path),
                ("x-default", BASE + path),
            ], here


def test_feed_and_catalog_are_linked_from_every_page_head(relative_site, absolute_site):
    for site, prefix in ((relative_site, ""), (absolute_site, BASE)):
        for path in pages(site):
            for here in (path, "es/" + path):
                typed = {
                    link["type"]: link["href"]
                    for link in head(site / here).links
                    if "alternate" in (link.get("rel") or "").split()
                    and link.get("title") in ("Atom", "DCAT")
                }
                # Each language has its own feed; the catalog is the whole site's.
                own_feed = "es/feed.xml" if here.startswith("es/") else "feed.xml"
                if prefix:
                    expected = {own_feed, "catalog.jsonld"}
                    assert {v.removeprefix(prefix) for v in typed.values()} == expected
                    continue
                start = posixpath.dirname(here)
                assert {
                    k: posixpath.normpath(posixpath.join(start, v)) for k, v in typed.items()
                } == {"application/atom+xml": own_feed, "application/ld+json": "catalog.jsonld"}


def dataset_jsonld(page: Path) -> dict:
    (text,) = head(page).jsonld
    return json.loads(text)


def test_schema_org_dataset_speaks_the_page_language(relative_site: Path):
    en = dataset_jsonld(relative_site / "datasets/releases.html")
    es = dataset_jsonld(relative_site / "es/datasets/releases.html")
    assert (en["inLanguage"], en["name"], en["description"]) == (
        "en",
        "Fictional releases",
        "Fictional counts and release events.",
    )
    assert (es["inLanguage"], es["name"], es["description"]) == (
        "es",
        "Excarcelaciones ficticias",
        "Cifras y excarcelaciones ficticias.",
    )
    # Each language's page names the other as the same dataset, translated.
    assert en["url"] == "releases.html" and es["url"] == "releases.html"
    assert en["sameAs"] == ["../es/datasets/releases.html"]
    assert es["sameAs"] == ["../../datasets/releases.html"]
    assert en["workTranslation"] == [{"@id": "../es/datasets/releases.html"}]
    assert es["translationOfWork"] == {"@id": "../../datasets/releases.html"}
    for data in (en, es):
        for key in (
            "name",
            "description",
            "license",
            "creator",
            "distribution",
            "temporalCoverage",
            "spatialCoverage",
            "version",
            "citation",
            "url",
            "sameAs",
        ):
            assert data[key], key
        assert data["version"] == "2.0.0"
        assert data["citation"].startswith("Test publisher (")
    # Data files are shared by both languages: the Spanish page links up to them.
    assert es["distribution"][0]["contentUrl"].startswith("../../data/releases/2.0.0/")


def test_schema_org_links_are_absolute_with_a_site_address(absolute_site: Path):
    es = dataset_jsonld(absolute_site / "es/datasets/releases.html")
    assert es["@id"] == es["url"] == BASE + "es/datasets/releases.html"
    assert es["sameAs"] == [BASE + "datasets/releases.html"]
    assert es["distribution"][0]["contentUrl"].startswith(BASE + "data/releases/2.0.0/")
    assert BASE + "datasets/releases.html" in es["citation"]


def test_shipped_descriptions_fit_google_dataset_search():
    """Google Dataset Search wants a description of 50 to 5000 characters, in each language."""
    from datasite.load.project import load_project

    project, issues = load_project(REPO)
    assert issues == []
    for dataset in project.datasets.values():
        texts = [dataset.meta["description"], dataset.meta["i18n"]["es"]["description"]]
        for text in texts:
            assert 50 <= len(text) <= 5000, (dataset.name, text)


def feed(site: Path, path: str = "feed.xml"):
    import feedparser

    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_feed_has_versions_corrections_and_withdrawals(relative_site: Path):
    parsed = feed(relative_site)
    entries = [(e.id, e.title, e.link) for e in parsed.entries]
    page = "datasets/releases/2.0.0.html"
    assert entries == [
        (
            "urn:datasite:releases:2.0.0:withdrawals",
            "Fictional releases 2.0.0: removed records",
            page,
        ),
        (
            "urn:datasite:releases:2.0.0:corrections",
            "Fictional releases 2.0.0: corrected records",
            page,
        ),
        ("urn:datasite:releases:2.0.0", "Fictional releases 2.0.0", page),
        ("urn:datasite:releases:1.2.0", "Fictional releases 1.2.0", "datasets/releases/1.2.0.html"),
    ]
    summaries = {e.id: e.summary for e in parsed.entries}
    assert summaries["urn:datasite:releases:2.0.0:withdrawals"] == "tallies: 1 record removed"
    assert summaries["urn:datasite:releases:2.0.0:corrections"] == "tallies: 1 record corrected"
    assert summaries["urn:datasite:releases:2.0.0"] == (
        "tallies: 1 record added, 1 record corrected, 1 record removed; "
        "tallies: new records alpha-2026-02-01-released"
    )
    assert parsed.feed.language == "en"
    # A removed record is counted, never named: it may have been withdrawn to protect someone.
    assert "alpha-2026-01-fort" not in (relative_site / "feed.xml").read_text()


def test_spanish_feed_speaks_spanish_and_links_spanish_pages(relative_site: Path):
    parsed = feed(relative_site, "es/feed.xml")
    assert parsed.feed.language == "es"
    assert parsed.feed.title == "Sitio de prueba ficticio"
    # Its own ids: a reader following both feeds sees each language's entry once in each.
    english = {e.id for e in feed(relative_site).entries}
    assert {e.id.replace("urn:datasite:es:", "urn:datasite:") for e in parsed.entries} == english
    assert not english & {e.id for e in parsed.entries}
    # Links are relative to the feed, in es/: they reach the Spanish version pages.
    for entry in parsed.entries:
        target = relative_site / "es" / entry.link
        assert target.is_file(), entry.link
        assert '<html lang="es"' in target.read_text(encoding="utf-8")
    summaries = {e.id: (e.title, e.summary) for e in parsed.entries}
    title = summaries["urn:datasite:es:releases:2.0.0"][0]
    assert title.endswith(" 2.0.0") and title != "Fictional releases 2.0.0"
    assert summaries["urn:datasite:es:releases:2.0.0:withdrawals"][1] == (
        "tallies: 1 registro retirado"
    )
    assert summaries["urn:datasite:es:releases:2.0.0"][1] == (
        "tallies: 1 registro añadido, 1 registro corregido, 1 registro retirado; "
        "tallies: registros nuevos alpha-2026-02-01-released"
    )
    assert "alpha-2026-01-fort" not in (relative_site / "es/feed.xml").read_text()


def test_feed_links_are_absolute_with_a_site_address(absolute_site: Path, relative_site: Path):
    parsed = feed(absolute_site)
    assert {e.link for e in parsed.entries} == {
        BASE + "datasets/releases/2.0.0.html",
        BASE + "datasets/releases/1.2.0.html",
    }
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [BASE + "feed.xml"]
    spanish = feed(absolute_site, "es/feed.xml")
    assert {e.link for e in spanish.entries} == {
        BASE + "es/datasets/releases/2.0.0.html",
        BASE + "es/datasets/releases/1.2.0.html",
    }
    assert [link.href for link in spanish.feed.links if link.rel == "self"] == [
        BASE + "es/feed.xml"
    ]
    # The ids do not follow the address: moving the site does not repeat every entry.
    assert [e.id for e in parsed.entries] == [e.id for e in feed(relative_site).entries]


def test_dataset_page_links_catalog_and_feed_from_its_downloads(relative_site: Path):
    html = (relative_site / "es/datasets/releases.html").read_text()
    downloads = html.split('id="downloads"', 1)[1].split('id="cite"', 1)[0]
    assert re.search(
        r'<a href="\.\./\.\./catalog/releases\.jsonld" type="application/ld\+json">'
        r"este conjunto de datos en DCAT \(JSON-LD\)</a>",
        downloads,
    )
    assert '<a href="../feed.xml" type="application/atom+xml">' in downloads  # es/feed.xml
    assert '<a href="../../catalog.jsonld" type="application/ld+json">' in downloads


def test_sitemap_lists_every_page_in_both_languages(absolute_site: Path, relative_site: Path):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(absolute_site / "sitemap.xml").getroot()
    locs = sorted(loc.text for loc in root.iterfind("s:url/s:loc", ns))
    expected = sorted(BASE + p for path in pages(absolute_site) for p in (path, "es/" + path))
    assert locs == expected
    assert all((absolute_site / loc.removeprefix(BASE)).is_file() for loc in locs)
    first = root.find("s:url", ns)
    alternates = first.findall("{http://www.w3.org/1999/xhtml}link")
    assert [a.get("hreflang") for a in alternates] == ["en", "es", "x-default"]
    # Without an address a sitemap can hold no URL (they must be absolute): it stays empty.
    empty = ET.parse(relative_site / "sitemap.xml").getroot()
    assert empty.findall("s:url", ns) == []


def test_an_old_versions_page_names_the_newest(relative_site: Path):
    """Someone following a citation of 1.2.0 reads that 2.0.0 followed it and may correct it;
    the newest version's page says nothing of the kind."""
    old = (relative_site / "datasets/releases/1.2.0.html").read_text(encoding="utf-8")
    assert (
        '<p class="ds-newer"><strong>This is not the newest version: <a href="2.0.0.html">2.0.0'
        "</a> is. A later version may correct records of this one;" in old
    )
    spanish = (relative_site / "es/datasets/releases/1.2.0.html").read_text(encoding="utf-8")
    assert 'lo es la <a href="2.0.0.html">2.0.0</a>.' in spanish
    newest = (relative_site / "datasets/releases/2.0.0.html").read_text(encoding="utf-8")
    assert "ds-newer" not in newest
