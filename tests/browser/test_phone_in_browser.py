"""The fixture site on a 390 x 844 phone (and a desktop): the first screen answers, nothing scrolls
sideways, the keyboard reaches content first and never the closed menu, the timeline's filters
live in the address, and each table's CSV file holds the table's rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS, serious_violations

PHONE = {"width": 390, "height": 844}
LANGS = [("", "Data as of", "Skip to content"), ("es/", "Datos de", "Saltar al contenido")]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def phone(browser, site_url):
    """A page in a phone-sized window (the session's browser, its own context)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(("lang", "as_of", "skip"), LANGS)
def test_the_first_screen_answers_with_large_figures(phone, site_url, lang, as_of, skip):
    phone.goto(site_url + lang + "index.html")
    answer = phone.locator("section.ds-answer")
    box = answer.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    sizes = phone.evaluate(
        "[...document.querySelectorAll('.ds-answer-n')].map(n => parseFloat(getComputedStyle(n)"
        ".fontSize) / parseFloat(getComputedStyle(document.querySelector('.ds-lead')).fontSize))"
    )
    assert len(sizes) == 3 and min(sizes) >= 2
    line = phone.locator(".ds-data-line").inner_text()
    assert line.startswith(as_of + " ")
    assert (
        " · Fictional releases, version " in line
        or " · Excarcelaciones ficticias, versión " in line
    )
    # Who claims the first figure, as of when, counting since when.
    first = phone.locator(".ds-answer-item").first.inner_text()
    assert "NGO Alpha" in first and ("8 January 2026" in first or "8 de enero de 2026" in first)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"first-screen-{lang.strip('/') or 'en'}-390.png"))


def test_no_page_scrolls_sideways_on_a_phone(browser, phone, site_url, built_mini: Path):
    """Every page without scripts (quick: the layout is the page's and its style sheet's), then
    the pages whose scripts add to them (filters, copy buttons, the data browser) with them."""
    site = built_mini / "site"
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    scripted = ["timeline.html", "datasets/releases.html", "facilities/fort-one.html"]
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    plain = context.new_page()
    wide = {}
    for page, pages in ((plain, paths), (phone, scripted + ["es/" + p for p in scripted])):
        for path in pages:
            # "load": the style sheet applied (on a busy machine an unstyled page was measured)
            page.goto(site_url + path, wait_until="load")
            extra = page.evaluate("document.scrollingElement.scrollWidth - innerWidth")
            if extra > 0:
                wide[path] = extra
    context.close()
    assert len(paths) >= 40 and wide == {}


@pytest.mark.parametrize("width", [320, 390])
def test_the_header_shows_the_whole_site_name_on_a_phone(browser, site_url, width):
    """The theme cut the name to one line ("Presos políticos e…"); on a phone it wraps, smaller,
    within the header's height."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(site_url + "es/index.html", wait_until="load")
    name = page.locator(".md-header__topic:first-child .md-ellipsis")
    assert name.inner_text().strip() == "Sitio de prueba ficticio"
    cut = name.evaluate(
        "n => [n.scrollWidth - n.clientWidth, n.scrollHeight - n.clientHeight, "
        "n.getBoundingClientRect().bottom - n.closest('header').getBoundingClientRect().bottom]"
    )
    # the menu drawer's title too ("Venezuela political priso…"), with the shipped site's name
    drawer = page.locator(".md-nav--primary > .md-nav__title").first.evaluate(
        "n => { n.lastChild.textContent = 'Venezuela political prisoners — open data'; "
        "return n.scrollWidth - n.clientWidth; }"
    )
    context.close()
    assert cut[0] <= 0 and cut[1] <= 0 and cut[2] <= 0 and drawer <= 0, (cut, drawer)


@pytest.mark.parametrize("lang", ["", "es/"])
def test_field_tables_fit_a_phone_and_names_break_only_after_an_underscore(phone, site_url, lang):
    """The field reference's tables ran past a phone's edge (a pattern or "sources.id" in a
    description would not break), its names broke inside words ("desc/ript/ion") and the data
    tables' index broke its links' words ("Fuent/es")."""
    words = {}
    for path in ("fields.html", "datasets/releases.html", "tables/index.html", "sources.html"):
        phone.goto(site_url + lang + path, wait_until="load")
        # the sources' table too: its link column ran past the edge; and the downloads, whose
        # checksums did
        wide = phone.eval_on_selector_all(
            ".ds-scroll:has(.ds-fields), .ds-scroll:has(.ds-sources), "
            ".ds-scroll:has(.ds-downloads)",
            "els => els.map(e => e.scrollWidth - e.clientWidth)",
        )
        assert max(wide, default=0) <= 0 and (wide or path == "tables/index.html"), (path, wide)
        # each field a card: its description takes the card's whole width (as a fourth column
        # it had two or three words a line)
        narrow = phone.eval_on_selector_all(
            ".ds-fields tbody td:last-child",
            "els => els.filter(e => e.getBoundingClientRect().width < 0.8 * "
            "e.closest('.ds-scroll').clientWidth).length",
        )
        assert narrow == 0, (path, narrow)
        # each piece of a name between underscores, and each link word, on one line
        broken = phone.evaluate(
            r"""() => {
              const out = [];
              const lines = (node, text) => {
                const range = document.createRange();
                let at = 0;
                for (const word of text.split(/(?<=_)|\s+/)) {
                  const start = node.textContent.indexOf(word, at);
                  if (start < 0 || !word) continue;
                  range.setStart(node, start); range.setEnd(node, start + word.length);
                  if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1)
                    out.push(word);
                  at = start + word.length;
                }
              };
              const names = '.ds-fields td:first-child code, .ds-page th a';
              for (const el of document.querySelectorAll(names)) {
                const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) lines(walker.currentNode, walker.currentNode.textContent);
              }
              return out;
            }"""
        )
        if broken:
            words[path] = broken
    assert words == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_a_charts_axis_text_is_readable_and_not_oversized(browser, site_url, width):
    """The axis text grows with the drawing: 11.6 px on a phone, 23 px beside 16 px body text at
    desktop width. It stays at 12 px or more, and within a quarter of the body text's size."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(site_url + "index.html", wait_until="load")
    sizes = page.evaluate(
        "[...document.querySelectorAll('.ds-chart-svg .ds-chart-grid text')]"
        ".map(t => t.getBoundingClientRect().height)"
    )
    body = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.ds-lead')).fontSize)"
    )
    context.close()
    # a text's box is about 1.15 times its font size
    assert sizes and min(sizes) / 1.15 >= 12 and max(sizes) / 1.15 <= 1.25 * body, (sizes, body)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_files_size_stays_on_one_line(browser, site_url, width):
    """ "11,364" over "B" in the downloads' size column: a size is one unit."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    split = {}
    for path in ("datasets/releases.html", "es/datasets/releases/1.2.0.html"):
        page.goto(site_url + path, wait_until="load")
        split[path] = page.evaluate(
            """[...document.querySelectorAll('.ds-downloads td:nth-child(2)')].filter(e => {
                 const r = document.createRange(); r.selectNodeContents(e);
                 return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1;
               }).map(e => e.textContent)"""
        )
    context.close()
    assert split == {path: [] for path in split}


@pytest.mark.parametrize(("lang", "as_of", "skip"), LANGS)
def test_the_skip_link_is_the_first_tab_stop(phone, site_url, lang, as_of, skip):
    phone.goto(site_url + lang + "timeline.html")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == skip
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "ds-main"
    # The next Tab stop is in the content, past the header and the menu.
    phone.keyboard.press("Tab")
    assert phone.evaluate("!!document.activeElement.closest('.md-content')")


def test_the_closed_menu_is_out_of_the_tab_order(phone, site_url):
    phone.goto(site_url + "index.html")
    in_menu = []
    for _ in range(25):
        phone.keyboard.press("Tab")
        if phone.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            in_menu.append(phone.evaluate("document.activeElement.textContent.trim()"))
    assert in_menu == []
    # Opened, the menu's links are reachable.
    phone.click("label.md-header__button[for=__drawer]")
    phone.locator(".md-sidebar--primary a.md-nav__link").first.focus()
    assert phone.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_wcag_22_finds_no_serious_violations(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for lang in ("", "es/"):
        for path in ("index.html", "timeline.html", "facilities/fort-one.html"):
            page.goto(site_url + lang + path)
            serious = serious_violations(page, WCAG)
            if serious:
                found[lang + path] = serious
    context.close()
    assert found == {}


SHOWN = "[...document.querySelectorAll('table.ds-events tbody tr')].filter(r => !r.hidden)"


def test_timeline_filters_keep_their_state_in_the_address(phone, site_url):
    phone.goto(site_url + "timeline.html")
    total = phone.evaluate(SHOWN + ".length")
    phone.select_option("#filter-kind", "tallies")
    phone.select_option("#filter-claimant", "ngo-alpha")
    assert phone.url == site_url + "timeline.html#kind=tallies&claimant=ngo-alpha"
    kinds = phone.evaluate(SHOWN + ".map(r => r.dataset.kind + ' ' + r.dataset.claimant)")
    assert kinds and set(kinds) == {"tallies ngo-alpha"} and len(kinds) < total
    status = phone.locator(".ds-filter-status").inner_text()
    assert status == f"{len(kinds)} of {total} records shown"
    link = phone.locator("a.ds-filter-link").get_attribute("href")
    assert link == "timeline.html#kind=tallies&claimant=ngo-alpha"
    # The address alone gives the same view, in a fresh page.
    phone.goto(site_url + "index.html")
    phone.goto(site_url + "timeline.html#kind=tallies&claimant=ngo-alpha")
    assert phone.input_value("#filter-kind") == "tallies"
    assert phone.evaluate(SHOWN + ".length") == len(kinds)
    phone.click(".ds-filters button[type=reset]")
    phone.wait_for_function("location.hash === ''")
    assert phone.evaluate(SHOWN + ".length") == total


def test_timeline_filters_work_from_file_and_without_script(browser, built_mini: Path):
    page_url = (built_mini / "site" / "timeline.html").as_uri()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(page_url + "#kind=release_events")
    kinds = page.evaluate(SHOWN + ".map(r => r.dataset.kind)")
    assert kinds and set(kinds) == {"release_events"}
    assert page.is_visible("form.ds-filters")
    context.close()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(page_url + "#kind=release_events")
    assert not page.is_visible("form.ds-filters")
    rows = page.locator("table.ds-events tbody tr")
    assert rows.count() > len(kinds) and all(r.is_visible() for r in rows.all())
    context.close()


TABLE_ROWS = """t => {
  const copy = t.cloneNode(true);
  copy.querySelectorAll('[data-csv-skip], details, caption').forEach(e => e.remove());
  // a line break in a cell is one in its CSV cell (HTML source newlines are plain spaces)
  copy.querySelectorAll('br, hr').forEach(e => e.replaceWith('\\u001e'));
  return [...copy.querySelectorAll('tr')].map(r => [...r.cells].map(
    c => c.textContent.split('\\u001e').map(l => l.replace(/\\s+/g, ' ').trim())
      .filter(l => l).join('\\n')));
}"""


@pytest.mark.parametrize("lang", ["", "es/"])
def test_each_tables_csv_button_gives_the_tables_rows(phone, site_url, lang):
    checked = 0
    for path in ("index.html", "timeline.html", "facilities/fort-one.html"):
        phone.goto(site_url + lang + path)
        for table in phone.locator("table[data-csv]").all():
            name = table.get_attribute("data-csv")
            button = phone.locator(f"p.ds-csv a[href='{name}']")
            assert button.inner_text() == ("Esta tabla en CSV" if lang else "This table as CSV")
            body = phone.request.get(button.evaluate("a => a.href"))
            assert body.ok and body.headers["content-type"].startswith("text/csv")
            rows = list(csv.reader(io.StringIO(body.text())))
            assert rows == table.evaluate(TABLE_ROWS), (path, name)
            checked += 1
    assert checked >= 5


def test_pages_at_both_widths_for_a_person_to_look_at(browser, site_url, built_mini: Path):
    """Screenshots at 390 and 1280 px in both languages, over http (the home page from file://
    too)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    bases = [(site_url, "http"), ((built_mini / "site").as_uri() + "/", "file")]
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 844})
        page = context.new_page()
        for lang in ("", "es/"):
            for path in ("index.html", "timeline.html"):
                for base, how in bases[: 2 if path == "index.html" else 1]:
                    page.goto(base + lang + path)
                    name = f"phone-{lang.strip('/') or 'en'}-{path[:-5]}-{width}-{how}.png"
                    page.screenshot(path=str(SCREENSHOTS / name))
                    assert (SCREENSHOTS / name).stat().st_size > 0
        context.close()


@pytest.mark.parametrize("lang", ["", "es/"])
def test_wide_tables_wrap_their_captions_and_show_more_lies_beyond(browser, site_url, lang):
    """At 390 px a dataset page's preview is wider than the screen: its caption wraps within the
    region (it was cut off at the table's width), the region draws edge shadows that scroll with
    it (the cue that more columns lie to the right), its rows stay short, and axe is content."""
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + lang + "datasets/releases.html")
    regions = page.evaluate(
        """() => [...document.querySelectorAll('.ds-scroll:has(> table.ds-preview)')].map(r => {
          const box = r.getBoundingClientRect(), cap = r.querySelector('caption');
          const c = cap.getBoundingClientRect(), style = getComputedStyle(r);
          return {left: box.left, right: box.right, wide: r.scrollWidth > r.clientWidth,
                  capLeft: c.left, capRight: c.right, image: style.backgroundImage,
                  attach: style.backgroundAttachment,
                  rows: [...r.querySelectorAll('tbody tr')]
                    .map(t => t.getBoundingClientRect().height)};
        })"""
    )
    assert regions and any(r["wide"] for r in regions)
    for r in regions:
        assert r["left"] - 1 <= r["capLeft"] and r["capRight"] <= r["right"] + 1
        assert r["image"].count("radial-gradient") == 2 and "local" in r["attach"]
        assert max(r["rows"]) < 120  # a long note folds; a row was up to 750 px tall
    page.locator(".ds-scroll:has(> table.ds-preview)").first.evaluate("r => r.scrollLeft = 400")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".ds-scroll:has(> table.ds-preview)").first.screenshot(
        path=str(SCREENSHOTS / f"preview-{lang.strip('/') or 'en'}-390.png")
    )
    assert serious_violations(page, WCAG) == []
    context.close()


@pytest.mark.parametrize("lang", ["", "es/"])
def test_a_sources_open_and_cite_are_targets_a_thumb_can_take(phone, site_url, lang):
    """ "abrir" was 29 x 16 px and 4 px from "Citar" (24 px high) on every row."""
    phone.goto(site_url + lang + "sources.html", wait_until="load")
    boxes = phone.eval_on_selector_all(
        ".ds-sources tbody td:last-child",
        "cells => cells.filter(c => c.querySelector('a') && c.querySelector('summary')).map(c => "
        "[c.querySelector('a').getBoundingClientRect(), "
        "c.querySelector('summary').getBoundingClientRect()]"
        ".map(r => [r.left, r.right, r.height]))",
    )
    assert boxes
    for (_, a_right, a_high), (c_left, _, c_high) in boxes:
        assert min(a_high, c_high) >= 24 and c_left - a_right >= 16, boxes
