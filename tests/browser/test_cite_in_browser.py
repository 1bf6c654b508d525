"""The "Cite this" boxes in Chromium: the script fills the access date and the address, and the
box fits a phone's width with every format open."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SCREENSHOTS

CITED = [
    "datasets/releases.html",
    "datasets/releases/1.2.0.html",
    "facilities/fort-one.html",
    "laws/example-law.html",
    "timeline.html",
    "sources.html",
]
TODAY = "(() => { const d = new Date(); const two = n => String(n).padStart(2, '0');"
TODAY += " return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()); })()"


def texts(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


@pytest.mark.parametrize("lang", ["", "es/"])
def test_the_script_fills_the_access_date_and_the_address(new_page, site_url, lang):
    visit = new_page()
    visit.page.goto(site_url + lang + "facilities/fort-one.html")
    visit.page.wait_for_function(
        "!document.querySelector('.ds-accessed[data-form=iso]').textContent.includes('-MM-')"
    )
    today = visit.page.evaluate(TODAY)
    assert set(texts(visit.page, ".ds-accessed[data-form=iso]")) == {today}
    assert set(texts(visit.page, ".ds-accessed[data-form=ris]")) == {today.replace("-", "/") + "/"}
    long = set(texts(visit.page, ".ds-accessed[data-form=long]"))
    assert len(long) == 1
    (date,) = long
    year, month, day = today.split("-")
    assert date.startswith(f"{int(day)} ") and date.endswith(year), date
    assert (" de " in date) == (lang == "es/"), date
    # Served over http with no public address set: the page's own address replaces its path.
    page_url = f"{site_url}{lang}facilities/fort-one.html"
    assert set(texts(visit.page, ".ds-citebox .ds-cite-url")) == {page_url}
    assert f"{page_url}#tallies-alpha-2026-01-fort" in texts(visit.page, ".ds-rcite .ds-cite-url")
    assert visit.page.locator(".ds-cite-relative").is_hidden()
    assert visit.page.locator(".ds-citebox > .ds-copy").is_visible()  # 127.0.0.1 is secure
    assert visit.errors == [] and visit.external == []


def test_without_the_script_the_placeholder_shows(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "es/datasets/releases/1.2.0.html")
        assert texts(page, ".ds-citation .ds-accessed") == ["[fecha de consulta]"]
        assert page.locator(".ds-cite-relative").is_visible()
        assert page.locator(".ds-copy").first.is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["", "es/"])
def test_the_cite_box_fits_a_phone(new_page, site_url, lang):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit = new_page(390)
    wide = {}
    for path in CITED:
        visit.page.goto(site_url + lang + path)
        visit.page.eval_on_selector_all("details", "els => els.forEach(e => e.open = true)")
        overflow = visit.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        boxes = visit.page.eval_on_selector_all(
            ".ds-citebox, .ds-citebox pre, .ds-rcite[open]",
            "els => els.map(e => e.scrollWidth - e.clientWidth)",
        )
        if overflow > 0 or any(b > 0 for b in boxes):
            wide[lang + path] = (overflow, boxes)
        # every word of a citation, BibTeX and RIS included, at 12 px or more (they were 10.9)
        small = visit.page.eval_on_selector_all(
            ".ds-citebox *, .ds-rcite *",
            "els => els.filter(e => e.textContent.trim() && "
            "parseFloat(getComputedStyle(e).fontSize) < 12).map(e => e.tagName)",
        )
        if small:
            wide[lang + path] = ("small text", small)
        if path in ("datasets/releases/1.2.0.html", "facilities/fort-one.html"):
            box = visit.page.locator(".ds-citebox")
            name = re.sub(r"[/.]", "-", path.removesuffix(".html"))
            box.screenshot(path=str(SCREENSHOTS / f"cite-{name}-{lang.strip('/') or 'en'}-390.png"))
    assert wide == {}
    assert visit.errors == []
