"""The header's search (assets/search.js) in Chromium: it finds records by name without accents or
case, in both languages, at phone and desktop widths, over HTTP and from file:// (its index is a
script, not a fetch), by keyboard, with no failed request, and passes axe with results open."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.render.search import fold
from tests.browser.conftest import SCREENSHOTS, serious_violations

# What each language's pages show of the fixture's records, and a query that must find it:
# (query, the start of a result's kind and date, text in that result's line).
FINDS = {
    "en": [
        ("zed", "Release or detention · 12 January 2026", "Zed Fictional-Publicfigure"),
        ("ZED FICTIONAL", "Release or detention · 12 January 2026", "Zed Fictional-Publicfigure"),
        ("amnesty", "Page · Example law", "A fictional amnesty law"),
        # The person, by surname, with accents the data does not have and without.
        ("publicfigure", "Person · 12 January 2026", "Zed Fictional-Publicfigure · Fictional op"),
        ("PÚBLICFIGURE", "Person · 12 January 2026", "Zed Fictional-Publicfigure · Fictional op"),
    ],
    "es": [
        ("zed", "Excarcelación o detención · 12 de enero de 2026", "Zed Fictional-Publicfigure"),
        ("amnistia", "Página · Ley de ejemplo", "Una ley de amnistía ficticia"),
        ("AMNISTÍA", "Página · Ley de ejemplo", "Una ley de amnistía ficticia"),
        ("definicion", "Medida", "no dieron definición"),
        ("públicfigure", "Persona · 12 de enero de 2026", "Zed Fictional-Publicfigure · Figura"),
        ("publicfigure", "Persona · 12 de enero de 2026", "Zed Fictional-Publicfigure · Figura"),
    ],
}


def open_site(browser, base: str, path: str, width: int, requested: list[str] | None = None):
    """A page of the site with what failed (and, if asked, every request) recorded."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    if requested is not None:
        page.on("request", lambda r: requested.append(r.url))
    failed: list[str] = []
    page.on("pageerror", lambda e: failed.append(str(e)))
    page.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(base + path)
    return context, page, failed


def search(page, query: str) -> list[str]:
    """Type a query in the open search box; the results' texts once the status says how many."""
    box = page.locator(".ds-search__input")
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => document.querySelector('.ds-search__status').textContent.includes(q)", arg=query
    )
    return page.locator(".ds-search__results li").all_inner_texts()


@pytest.fixture(scope="module")
def bases(site_url: str, built_mini: Path) -> dict[str, str]:
    return {"http": site_url, "file": (built_mini / "site").as_uri() + "/"}


@pytest.mark.parametrize("scheme", ["http", "file"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_search_finds_records_without_accents_or_case(browser, bases, scheme, width, lang):
    prefix = "" if lang == "en" else "es/"
    context, page, failed = open_site(browser, bases[scheme], prefix + "timeline.html", width)
    page.locator(".ds-search__open").click()
    assert page.locator(".ds-search__input").evaluate("e => e === document.activeElement")
    for query, meta, text in FINDS[lang]:
        results = search(page, query)
        assert any(r.startswith(meta) and text in r for r in results), (query, results)
    # The withheld person of the fixture is on no page, so search cannot find them.
    assert search(page, "Secretname") == []
    assert page.locator(".ds-search__status").inner_text() == (
        "No results for “Secretname”." if lang == "en" else "Ningún resultado para «Secretname»."
    )
    search(page, "zed")
    # The panel fits the screen: nothing runs off to the side.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if scheme == "file":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"search-{lang}-{width}.png"))
    # A result links to its record's anchor; the record's page opens there: the person first (the
    # dataset page lists them), at their own row.
    page.locator(".ds-search__results a").first.click()
    page.wait_for_url("**#persons-person-zed")
    assert page.locator(":target").count() == 1
    assert page.locator(":target th").inner_text() == "Zed Fictional-Publicfigure"
    context.close()
    assert failed == []


def test_keyboard_opens_moves_through_results_and_closes(browser, bases):
    context, page, failed = open_site(browser, bases["http"], "index.html", 1280)
    opener = page.locator(".ds-search__open")
    opener.focus()
    page.keyboard.press("Enter")
    assert page.locator(".ds-search__panel").is_visible()
    assert opener.get_attribute("aria-expanded") == "true"
    search(page, "fort")
    links = page.locator(".ds-search__results a")
    assert links.count() >= 2
    focused = "e => e === document.activeElement"
    page.keyboard.press("ArrowDown")
    assert links.nth(0).evaluate(focused)
    page.keyboard.press("ArrowDown")
    assert links.nth(1).evaluate(focused)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.locator(".ds-search__input").evaluate(focused)
    page.keyboard.press("Tab")
    assert page.locator(".ds-search__close").evaluate(focused)
    page.keyboard.press("Escape")
    assert not page.locator(".ds-search__panel").is_visible()
    assert opener.evaluate(focused) and opener.get_attribute("aria-expanded") == "false"
    # Enter in the box opens the first result.
    page.keyboard.press("Enter")
    search(page, "zed")
    page.keyboard.press("Enter")
    page.wait_for_url("**#persons-person-zed")
    # The status line is announced: a live region, named results.
    assert page.locator(".ds-search__status").get_attribute("aria-live") == "polite"
    context.close()
    assert failed == []


def test_no_request_fails_and_the_theme_asks_for_no_lunr_file(browser, bases):
    # Requests recorded from the first load (a reload would abort the first load's favicon).
    requested: list[str] = []
    context, page, failed = open_site(browser, bases["http"], "es/index.html", 1280, requested)
    page.wait_for_load_state("networkidle")
    page.locator(".ds-search__open").click()
    search(page, "ley")
    page.wait_for_load_state("networkidle")
    context.close()
    assert failed == []
    assert [u for u in requested if "lunr" in u or "search_index" in u] == []
    assert [u for u in requested if u.endswith("/search/es.js")] == [
        bases["http"] + "es/search/es.js"
    ]


def test_an_index_that_cannot_load_says_so_and_links_the_downloads(browser, bases):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.route("**/search/es.js", lambda route: route.abort())
    page.goto(bases["http"] + "es/facilities/fort-one.html")
    page.locator(".ds-search__open").click()
    message = page.locator(".ds-search__failed")
    message.wait_for()
    assert message.inner_text() == (
        "La búsqueda no pudo cargarse en esta página. Todos los registros están en los archivos "
        "de datos. Descargar los datos"
    )
    link = message.locator("a").get_attribute("href")
    assert link == "../index.html#datasets"
    context.close()


def test_the_query_is_folded_as_the_index_was(browser, bases):
    context, page, _ = open_site(browser, bases["file"], "index.html", 1280)
    samples = ["Rocío", "TORRES", "Ñandú", "amnistía", "Zoë", "ÇA", "İstanbul", "ﬁ"]
    folded = page.evaluate("s => s.map(window.dsSearchFold)", samples)
    context.close()
    # "İ" and the "ﬁ" ligature fold alike in both; any difference would be a query never found.
    assert folded == [fold(s) for s in samples]


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("es", 390)])
def test_axe_passes_with_results_open(browser, bases, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(bases["http"] + ("" if lang == "en" else "es/") + "index.html")
    page.locator(".ds-search__open").click()
    search(page, "fort")
    serious = serious_violations(page)
    context.close()
    assert serious == []
