"""Markup in every text and setting of a project, in headless Chromium: nothing runs, nothing is
injected, on every page in both languages, over HTTP and from file://, and in search results."""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import pytest

from tests.browser.conftest import QuietServer, _Quiet
from tests.conftest import TAIL

# The browser fixture first: without Chromium the tests skip before the hostile site is built.
pytestmark = pytest.mark.usefixtures("browser")

# What the page would hold had markup from data run or been parsed: the script's and the
# handler's flag, the dialog it could open, and the elements it names.
INJECTED = """() => ({
    pwned: typeof window.__pwned,
    bold: document.querySelectorAll("b").length,
    images: document.querySelectorAll("img[src='x'], img[src$='/x']").length,
})"""
CLEAN = {"pwned": "undefined", "bold": 0, "images": 0}


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path):
    handler = functools.partial(_Quiet, directory=str(hostile_site))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def watched(browser, width: int = 1280):
    """A page that records dialogs (dismissed), what the policy refused, and uncaught errors."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda m: seen.append(m.text) if "Content Security" in m.text else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, seen, errors


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_no_markup_from_data_runs_or_shows_on_any_page(browser, hostile_site, hostile_url, scheme):
    base = hostile_url if scheme == "http" else hostile_site.as_uri() + "/"
    paths = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert "facilities/fort-one.html" in paths and "es/laws/example-law.html" in paths
    context, page, seen, errors = watched(browser)
    found = {}
    for path in paths:
        if scheme == "file" and path.endswith("404.html"):
            continue  # served at any depth, it links from the site root: for a web server only
        page.goto(base + path, wait_until="load")
        state = page.evaluate(INJECTED)
        if state != CLEAN:
            found[path] = state
    context.close()
    assert found == {}
    # The theme still runs under the policy: nothing it does was refused, no dialog opened.
    assert seen == []
    # Nothing fails, from file:// either (the site's search loads its index as a script).
    assert errors == []


@pytest.mark.parametrize(
    ("lang", "site"),
    [
        ("", "Fictional test site"),
        ("es/", "Sitio de prueba ficticio"),
    ],
)
def test_titles_from_data_are_shown_as_text(browser, hostile_url, lang, site):
    context, page, seen, errors = watched(browser)
    page.goto(hostile_url + lang + "facilities/fort-one.html")
    assert page.title() == f"Fort One{TAIL} - {site}{TAIL}"
    assert page.locator("h1").first.inner_text() == "Fort One" + TAIL
    topic = page.locator(".md-header__topic .md-ellipsis")
    assert topic.first.inner_text() == site + TAIL
    nav = page.locator("nav.md-nav--primary")
    assert (
        nav.get_by_text("Fort One" + TAIL, exact=True).count() == 0
    )  # row pages are not in the nav
    dataset = ("Excarcelaciones ficticias" if lang else "Fictional releases") + TAIL
    assert nav.get_by_text(dataset, exact=True).count() >= 1
    other = "Español" if not lang else "English"
    assert page.locator("a.ds-lang-link").first.inner_text() == other + TAIL
    assert page.evaluate(INJECTED) == CLEAN
    context.close()
    assert (seen, errors) == ([], [])


@pytest.mark.parametrize(("lang", "query"), [("", "Fort"), ("es/", "ejemplo")])
def test_search_results_show_markup_from_data_as_text(browser, hostile_url, lang, query):
    context, page, seen, errors = watched(browser)
    page.goto(hostile_url + lang + "index.html")
    page.locator(".ds-search__open").click()
    page.locator(".ds-search__input").fill(query)
    results = page.locator(".ds-search__results li")
    results.first.wait_for()
    # A result shows the page's title and the record's line as the text they are.
    texts = results.all_inner_texts()
    assert any(TAIL in text for text in texts), texts
    assert page.evaluate(INJECTED) == CLEAN
    context.close()
    assert (seen, errors) == ([], [])
