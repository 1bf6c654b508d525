"""Output safety: markup in data is shown as text on every page, and every page carries a Content-Security-Policy."""
from __future__ import annotations

import base64
import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from datasite.cli import main
from datasite.csp import content_security_policy, material_templates
from tests.conftest import edit, make_project

# Every case holds with CSV files read row by row and read into columns (conftest.both_readers).
pytestmark = pytest.mark.usefixtures("both_readers")

HOSTILE = '<script>alert(1)</script> [x](javascript:alert(1)) **bold** <img src=x onerror=alert(2)> <a href="javascript:alert(3)">y</a>'


class Page(HTMLParser):
    """What could run in a page: script elements, handler attributes, links and the policy."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.policy = ""
        self.tags: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.links += [v or "" for name, v in attrs if name in ("href", "src", "action", "formaction")]
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = values.get("content", "")
        if tag == "script" and "src" not in values and values.get("type") not in ("application/json", "application/ld+json"):
            self._script = [] if self.policy else None  # scripts above the policy are not governed by it

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
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
    edit(root / "data/places/facilities.yaml", "coordinates_note: Invented coordinates for tests.", f"coordinates_note: {quoted}")
    edit(root / "data/places/facility_events.yaml", "new_use: a fictional park", f"new_use: {quoted}")
    edit(root / "data/references/sources.csv", "Fictional report on releases", json.dumps(HOSTILE).replace('\\"', '""'))
    edit(root / "data/releases/tallies.csv", "Fictional count.", json.dumps(HOSTILE).replace('\\"', '""'))
    edit(root / "data/law/legal_instruments.yaml", "title: Ley Ficticia de Ejemplo", f"title: {quoted}")
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
    shown = [name for name in parsed if "&lt;script&gt;alert(1)&lt;/script&gt;" in (built / name).read_text(encoding="utf-8")]
    assert {"facilities/fort-one.html", "es/facilities/fort-one.html", "sources.html", "laws/example-law.html"} <= set(shown)
    for name, page in parsed.items():
        assert page.handlers == [], name
        assert [link for link in page.links if link.strip().lower().startswith(("javascript:", "data:"))] == [], name
        assert "img" not in page.tags, name
        assert not any("alert(" in script for script in page.inline_scripts), name
    assert "<strong>bold</strong>" not in (built / "facilities/fort-one.html").read_text(encoding="utf-8")


def test_search_index_keeps_markup_escaped(built: Path):
    index = (built / "search/search_index.json").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "<script>" not in index and "<img" not in index


def test_every_page_has_a_policy_that_allows_only_the_themes_inline_scripts(built: Path):
    expected = content_security_policy([material_templates(), built.parent / "site_templates/overrides"])
    assert expected.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "'unsafe-inline'" not in expected and "'unsafe-eval'" not in expected
    parsed = pages(built)
    assert len(parsed["index.html"].inline_scripts) >= 1  # the theme's own, checked below
    for name, page in parsed.items():
        assert page.policy == expected, name
        assert [s for s in page.inline_scripts if sha(s) not in expected] == [], name
