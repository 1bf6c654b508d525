"""Output safety: markup in data is shown as text on every page, and every page carries a
Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.utils import weak_property

from datasite.cli import main
from datasite.render.csp import content_security_policy, material_templates
from tests.conftest import TAIL, edit, make_project

# Every case that checks or builds a project of its own holds with CSV files read row by row
# and read into columns (conftest.both_readers); the sites built once per module or session are
# read once.
READERS = pytest.mark.usefixtures("both_readers")

HOSTILE = (
    "<script>alert(1)</script> [x](javascript:alert(1)) **bold** <img src=x "
    'onerror=alert(2)> <a href="javascript:alert(3)">y</a>'
)


class Page(HTMLParser):
    """What could run in a page: script elements, handler attributes, links, the policy and
    where it stands in <head>; and the text of its <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.policy = ""
        self.tags: list[str] = []
        self.first_in_head: tuple[str, dict] | None = None
        self.title = ""
        self.text: list[str] = []
        self._in_head = False
        self._in_title = False
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if self._in_head and self.first_in_head is None:
            self.first_in_head = (tag, values)
        self._in_head = self._in_head or tag == "head"
        self._in_title = tag == "title" and self._in_head  # not an SVG's <title>
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.links += [
            v or "" for name, v in attrs if name in ("href", "src", "action", "formaction")
        ]
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = values.get("content", "")
        if (
            tag == "script"
            and "src" not in values
            and values.get("type") not in ("application/json", "application/ld+json")
        ):
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data.strip())
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        self._in_head = self._in_head and tag != "head"
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("output") / "project")
    quoted = json.dumps(HOSTILE)
    edit(root / "data/places/facilities.yaml", "note: A fictional facility.", f"note: {quoted}")
    edit(
        root / "data/places/facilities.yaml",
        "coordinates_note: Invented coordinates for tests.",
        f"coordinates_note: {quoted}",
    )
    edit(
        root / "data/places/facility_events.yaml", "new_use: a fictional park", f"new_use: {quoted}"
    )
    edit(
        root / "data/references/sources.csv",
        "Fictional report on releases",
        json.dumps(HOSTILE).replace('\\"', '""'),
    )
    edit(
        root / "data/releases/tallies.csv",
        "Fictional count.",
        json.dumps(HOSTILE).replace('\\"', '""'),
    )
    edit(
        root / "data/law/legal_instruments.yaml",
        "title: Ley Ficticia de Ejemplo",
        f"title: {quoted}",
    )
    # A measure's definition (the Definitions page) and a headline row's editorial note (a
    # setting, on the home page).
    edit(
        root / "data/releases/measures.yaml",
        "  definition: A fictional measure; the fictional sources gave no definition.\n",
        f"  definition: {quoted}\n",
    )
    edit(root / "data/site.yaml", "note: Fictional editorial note.", f"note: {quoted}")
    assert main(["build"], root=root) == 0
    return root / "site"


def pages(site: Path) -> dict[str, Page]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        out[path.relative_to(site).as_posix()] = page
    return out


def test_markup_from_data_is_text_on_every_page(built: Path):
    parsed = pages(built)
    shown = [
        name
        for name in parsed
        if "&lt;script&gt;alert(1)&lt;/script&gt;" in (built / name).read_text(encoding="utf-8")
    ]
    assert {
        "facilities/fort-one.html",
        "es/facilities/fort-one.html",
        "sources.html",
        "laws/example-law.html",
        "definitions.html",
        "index.html",
    } <= set(shown)
    for name, page in parsed.items():
        assert page.handlers == [], name
        assert [
            link for link in page.links if link.strip().lower().startswith(("javascript:", "data:"))
        ] == [], name
        assert "img" not in page.tags, name
        assert not any("alert(" in script for script in page.inline_scripts), name
    fort = (built / "facilities/fort-one.html").read_text(encoding="utf-8")
    # Shown as the text it is: neither HTML nor Markdown (bold, a link) reaches the page.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) **bold**" in fort
    assert "<strong>bold" not in fort and "<script>alert(1)" not in fort


def test_search_index_holds_markup_from_data_as_text(built: Path):
    # The index is text read from the pages: what a page shows escaped is plain text here, which
    # assets/search.js sets as text (never as HTML), inside a JSON literal no data can end.
    index = (built / "search/en.js").read_text(encoding="utf-8")
    assert index.startswith("window.dsSearchIndex={") and index.endswith("};\n")
    assert "<script>alert(1)</script> [x](javascript:alert(1)) **bold**" in index
    assert "&lt;" not in index


def test_every_page_has_a_policy_that_allows_only_the_themes_inline_scripts(built: Path):
    expected = content_security_policy(
        [material_templates(), built.parent / "site_templates/overrides"]
    )
    assert expected.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "'unsafe-inline'" not in expected and "'unsafe-eval'" not in expected
    parsed = pages(built)
    assert len(parsed["index.html"].inline_scripts) >= 1  # the theme's own, checked below
    for name, page in parsed.items():
        assert page.policy == expected, name
        # Every inline script, in <head> too: the policy comes first, so it governs them all.
        assert [s for s in page.inline_scripts if sha(s) not in expected] == [], name


def test_the_policy_is_the_first_element_of_every_head(built: Path):
    parsed = pages(built)
    assert len(parsed) > 20 and "404.html" in parsed and "es/index.html" in parsed
    for name, page in parsed.items():
        assert page.first_in_head is not None, name
        tag, attrs = page.first_in_head
        assert (tag, attrs.get("http-equiv")) == ("meta", "Content-Security-Policy"), name
        # Browsers look for the character set in a page's first 1024 bytes only.
        assert 0 < (built / name).read_bytes().find(b'<meta charset="utf-8">') < 1024 - 30, name


def test_the_themes_first_script_is_a_file_of_ours_that_reads_the_base_url(built: Path):
    home = (built / "index.html").read_text(encoding="utf-8")
    law = (built / "es/laws/example-law.html").read_text(encoding="utf-8")
    assert '<script src="assets/md-scope.js" data-md-scope="."></script>' in home
    assert '<script src="../assets/md-scope.js" data-md-scope=".."></script>' in law
    assert (built / "es/assets/md-scope.js").is_file() and (built / "assets/md-scope.js").is_file()
    assert "__md_scope=new URL(" not in home and "__md_scope=new URL(" not in law


def test_markup_in_every_text_and_setting_is_text_in_the_themes_parts_too(hostile_site: Path):
    parsed = pages(hostile_site)
    assert len(parsed) > 20
    for name, page in parsed.items():
        assert "b" not in page.tags and "img" not in page.tags, name
        assert page.handlers == [], name
        assert not any("__pwned" in script for script in page.inline_scripts), name
    # Shown as the text it is, escaped once: <title>, site name, nav, dataset and section titles.
    site, site_es = "Fictional test site" + TAIL, "Sitio de prueba ficticio" + TAIL
    assert parsed["facilities/fort-one.html"].title == f"Fort One{TAIL} - {site}"
    assert parsed["es/laws/example-law.html"].title == f"Ley de ejemplo{TAIL} - {site_es}"
    homes = (parsed["index.html"].title, parsed["es/index.html"].title)
    assert homes == (f"Home - {site}", f"Inicio - {site_es}")
    # Header, nav (dataset titles, section titles) and language switch, on any page.
    in_english = {t + TAIL for t in ("Fictional releases", "Facilities", "Law", "Español")} | {site}
    in_spanish = {t + TAIL for t in ("Excarcelaciones ficticias", "Centros", "English")} | {site_es}
    for name in ("about.html", "facilities/index.html", "404.html"):
        assert in_english <= set(parsed[name].text), name
    assert in_spanish <= set(parsed["es/about.html"].text)
    assert "Fort One" + TAIL in parsed["facilities/fort-one.html"].text  # its header topic and h1


def test_search_index_titles_are_the_text_pages_show(hostile_site: Path):
    for index, title in (
        (hostile_site / "search/en.js", "Fictional releases"),
        (hostile_site / "es/search/es.js", "Excarcelaciones ficticias"),
    ):
        text = index.read_text(encoding="utf-8")
        data = json.loads(text.removeprefix("window.dsSearchIndex=").removesuffix(";\n"))
        # Page titles unescaped once (as shown), never HTML twice escaped.
        assert "Fort One" + TAIL in data["pages"], index
        assert any(t.startswith(title + TAIL) for t in data["pages"]), index
        assert not [t for t in data["pages"] if "&amp;" in t or "&lt;" in t], index


class _Page:
    """As much of an MkDocs page as theme_hooks reads: a front-matter title, a table of contents."""

    def __init__(self, meta: dict, toc: list) -> None:
        self.meta, self.toc, self._title_from_render = meta, toc, None

    @weak_property  # as MkDocs' Page: computed until set
    def title(self) -> str:
        return self.meta["title"]


def test_theme_templates_show_titles_and_headings_escaped_once():
    import jinja2
    from mkdocs.structure.toc import AnchorLink

    from datasite.render.theme_hooks import escape_titles

    # Markdown gives a heading's text escaped already ("C &amp; D"); front matter gives plain text.
    page = _Page({"title": "A & B <b>amnistía</b>"}, [AnchorLink("C &amp; D", "c", 2)])
    escape_titles(page)
    shown = jinja2.Environment(autoescape=True).from_string(
        "{{ page.title }}|{{ page.title | striptags }}|{{ page.meta.title }}|{{ "
        "page.toc[0].title }}"
    )
    once = "A &amp; B &lt;b&gt;amnistía&lt;/b&gt;"
    assert shown.render(page=page) == f"{once}|{once}|{once}|C &amp; D"


@READERS
def test_any_character_in_a_title_reaches_the_page_whole(project: Path):
    """A title is written into the page's front matter as one YAML string: characters beyond the
    Basic Multilingual Plane, quotes, backslashes and controls read back exactly."""
    from datasite.cli import main
    from tests.conftest import edit

    edit(
        project / "data/places/facilities.yaml",
        "name: Fort One",
        'name: "Fort One 😀 \\"Q\\" \\\\ \\u2028x"',
    )
    assert main(["build"], root=project) == 0
    page = (project / "site/facilities/fort-one.html").read_text(encoding="utf-8")
    assert "<title>Fort One 😀 &#34;Q&#34; \\ \u2028x - " in page
    # The search index shows it on one line: the line separator is a space there.
    index = (project / "site/search/en.js").read_text(encoding="utf-8")
    assert '"Fort One 😀 \\"Q\\" \\\\ x"' in index
