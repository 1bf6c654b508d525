"""The built fixture site in headless Chromium: what a reader sees, in both languages."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS, serious_violations

# Playwright is imported where it is used, after the fixtures' require_browser(): a missing
# Playwright then skips these tests (or fails them with REQUIRE_BROWSER=1) instead of breaking
# collection.

# One page of each template, in both languages.
TEMPLATE_PAGES = [
    "index.html",
    "datasets/releases.html",
    "datasets/releases/1.2.0.html",
    "facilities/index.html",
    "facilities/fort-one.html",
    "laws/index.html",
    "laws/example-law.html",
    "timeline.html",
    "definitions.html",
    "sources.html",
    "about.html",
    "404.html",
]
PAGE_LIMIT = 500_000


def all_pages(built_mini: Path) -> list[str]:
    site = built_mini / "site"
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_every_page_loads_clean_and_light(new_page, site_url, built_mini):
    visit = new_page()
    heavy = {}
    templates = set(TEMPLATE_PAGES) | {"es/" + p for p in TEMPLATE_PAGES}
    for path in all_pages(built_mini):
        if path in templates:
            # The page before loaded only: let its late requests (the search index) finish, so
            # they are not counted as this page's weight.
            visit.page.wait_for_load_state("networkidle")
        visit.start_load()
        # One page per template waits for late requests (the search index); the rest load only.
        visit.page.goto(site_url + path, wait_until="networkidle" if path in templates else "load")
        if visit.bytes >= PAGE_LIMIT:
            heavy[path] = visit.bytes
    assert visit.errors == []
    assert visit.failed == []
    assert visit.external == []
    assert heavy == {}


def test_head_alternates_are_alternates_the_theme_does_not_chase(new_page, site_url):
    """The browser reads the head's hreflang, feed and catalog links as rel alternate, while the
    theme's script (which fetches sitemap.xml beside every [rel=alternate]) finds none of them."""
    visit = new_page()
    visit.page.goto(site_url + "es/datasets/releases.html", wait_until="networkidle")
    alternates = visit.page.evaluate(
        "[...document.querySelectorAll('link')].filter(l => l.relList.contains('alternate'))"
        ".map(l => l.hreflang || l.title)"
    )
    assert alternates == ["en", "es", "x-default", "Atom", "DCAT", "DCAT (dataset)"]
    assert visit.page.evaluate("document.querySelectorAll('link[rel=alternate]').length") == 0
    assert visit.failed == []


def test_spanish_pages_say_they_are_spanish(new_page, site_url):
    visit = new_page()
    visit.page.goto(site_url + "es/index.html")
    assert visit.page.get_attribute("html", "lang") == "es"
    assert visit.page.locator("h1").first.inner_text() == "Sitio de prueba ficticio"
    visit.page.goto(site_url + "index.html")
    assert visit.page.get_attribute("html", "lang") == "en"


def test_home_pages_lead_with_the_latest_counts(new_page, site_url):
    visit = new_page()
    visit.page.goto(site_url + "index.html")
    cells = visit.page.locator("table.ds-headline tbody tr").first.locator("td")
    assert cells.nth(0).locator(".ds-figure").inner_text() == "at least 12"
    # The government's 900 counts from December 2025: not in the row counting since 8 January.
    assert cells.nth(1).inner_text() == "No comparable figure"
    second = visit.page.locator("table.ds-headline tbody").nth(1).locator("tr").first
    assert second.locator("td").nth(1).locator(".ds-figure").inner_text() == "more than 900"
    assert "counting since December 2025" in second.inner_text()
    visit.page.goto(site_url + "es/index.html")
    cells = visit.page.locator("table.ds-headline tbody tr").first.locator("td")
    assert cells.nth(0).locator(".ds-figure").inner_text() == "al menos 12"
    assert "al 9 de enero de 2026" in cells.nth(0).inner_text()
    assert "contando desde el 8 de enero de 2026" in cells.nth(0).inner_text()
    assert cells.nth(1).inner_text() == "Sin cifra comparable"


@pytest.mark.parametrize(
    "path",
    ["index.html", "datasets/releases.html", "facilities/fort-one.html", "laws/example-law.html"],
)
def test_language_switch_goes_to_the_same_page(new_page, site_url, path):
    visit = new_page()
    visit.page.goto(site_url + path)
    visit.page.click("a.ds-lang-link[hreflang=es]")
    assert visit.page.url == site_url + "es/" + path
    assert visit.page.get_attribute("html", "lang") == "es"
    visit.page.click("a.ds-lang-link[hreflang=en]")
    assert visit.page.url == site_url + path
    assert visit.page.get_attribute("html", "lang") == "en"


def test_language_switch_is_reachable_by_keyboard(new_page, site_url):
    visit = new_page()
    visit.page.goto(site_url + "facilities/fort-one.html")
    for _ in range(30):
        visit.page.keyboard.press("Tab")
        if visit.page.evaluate("document.activeElement.getAttribute('hreflang')") == "es":
            break
    else:
        pytest.fail("30 presses of Tab never reached the language switch")
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_url(site_url + "es/facilities/fort-one.html")


def test_a_download_matches_its_checksum(new_page, site_url):
    visit = new_page()
    visit.page.goto(site_url + "datasets/releases.html")
    link = visit.page.locator("table.ds-downloads a[href$='/1.2.0/tallies.csv']")
    href = link.evaluate("a => a.href")
    assert href == site_url + "data/releases/1.2.0/tallies.csv"
    body = visit.page.request.get(href).body()
    sums = visit.page.request.get(href.rsplit("/", 1)[0] + "/SHA256SUMS").text()
    expected = dict(reversed(line.split("  ")) for line in sums.splitlines())
    assert hashlib.sha256(body).hexdigest() == expected["tallies.csv"]


def test_the_chart_has_its_title_description_and_table(new_page, site_url):
    visit = new_page()
    visit.page.goto(site_url + "index.html")
    chart = visit.page.locator("figure.ds-chart svg[role=img]")
    assert chart.locator("title").text_content() == (
        "Counts over time: Released (fictional) (counting since 8 January 2026)"
    )
    assert (
        "NGO Alpha, counting since 8 January 2026: 1 claim," in chart.locator("desc").text_content()
    )
    # The government's count from December 2025 is its own line, marked in words too.
    assert (
        "Government of Beta, counting since December 2025 (another start date): 1 claim,"
        in chart.locator("desc").text_content()
    )
    labelled_by = chart.get_attribute("aria-labelledby").split()
    assert [visit.page.locator(f"#{i}").count() for i in labelled_by] == [1, 1]
    rows = visit.page.locator("figure.ds-chart ~ .ds-scroll table.ds-chart-table tbody tr")
    assert rows.count() == chart.locator("circle, rect").count() == 2


@pytest.mark.parametrize("lang", ["", "es/"])
def test_axe_finds_no_serious_violations(new_page, site_url, lang):
    visit = new_page(bypass_csp=True)  # axe is injected as an inline script
    found = {}
    for path in TEMPLATE_PAGES:
        visit.page.goto(site_url + lang + path)
        serious = serious_violations(visit.page)
        if serious:
            found[lang + path] = serious
    assert found == {}


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_for_a_person_to_look_at(new_page, site_url, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit = new_page(width)
    for lang in ("en", "es"):
        for path in ("index.html", "datasets/releases.html", "facilities/fort-one.html"):
            visit.page.goto(site_url + ("" if lang == "en" else "es/") + path)
            name = re.sub(r"[/.]", "-", path.removesuffix(".html"))
            target = SCREENSHOTS / f"{name}-{lang}-{width}.png"
            visit.page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
            # Nothing may force sideways scrolling of the whole page on a phone.
            overflow = visit.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} ({lang}) is {overflow} px wider than a {width} px screen"


def test_the_headers_controls_show_focus_in_the_headers_text_colour(browser, site_url):
    """The search button's focus ring was near-black on indigo (about 2.7:1), the logo's faint."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + "index.html", wait_until="load")
    rings = []
    for _ in range(6):
        page.keyboard.press("Tab")
        rings.append(
            page.evaluate(
                "() => { const e = document.activeElement, h = e.closest('.md-header');"
                " if (!h) return null; const c = getComputedStyle(e);"
                " return [e.className, c.outlineStyle, c.outlineColor, parseFloat(c.outlineWidth),"
                " getComputedStyle(h).color]; }"
            )
        )
    context.close()
    header = [r for r in rings if r]
    assert len(header) >= 3, rings  # the logo, the language link and the search button
    for name, style, colour, width, text in header:
        assert style == "solid" and width >= 2 and colour == text, (name, style, colour, text)
