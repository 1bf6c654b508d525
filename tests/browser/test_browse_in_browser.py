"""The data browser in Chromium: keyboard flow, filter, sort, permalinks, hidden and disabled
states, at a phone's and a desktop's width, in both languages, over HTTP and from file://."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS, serious_violations

# The fixture's tallies table has 5 rows; over HTTP its page is served with 2 rows a page (the
# setup JSON rewritten), so paging has a middle page and a last page.
PAGED = 2
TEXT = {
    "en": {"range": "Rows {}–{} of 5", "next": "Next page", "prev": "Previous page"},
    "es": {"range": "Filas {}–{} de 5", "next": "Página siguiente", "prev": "Página anterior"},
}


@pytest.fixture(scope="module")
def file_url(built_mini: Path) -> str:
    return (built_mini / "site").as_uri() + "/"


def paged(page, site_url: str) -> None:
    """Serve table pages with a small page size (the browser reads it from the page)."""

    def rewrite(route):
        response = route.fetch()
        body = response.text().replace('"page_rows":25', f'"page_rows":{PAGED}')
        route.fulfill(response=response, body=body)

    page.route(site_url + "**/tables/*.html", rewrite)


def prefix(lang: str) -> str:
    return "" if lang == "en" else "es/"


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


@pytest.mark.parametrize(("width", "lang"), [(390, "es"), (1280, "en")])
def test_keyboard_paging_keeps_focus_and_states(new_page, site_url, lang, width):
    from playwright.sync_api import expect

    text = TEXT[lang]
    visit = new_page(width)
    page = visit.page
    paged(page, site_url)
    page.goto(site_url + prefix(lang) + "tables/tallies.html")
    top = page.locator(".ds-browse-top")
    expect(top.locator(".ds-browse-range")).to_have_text(text["range"].format(1, 2))
    assert page.locator("tbody tr").count() == PAGED
    # Tab from the filter reaches the pager's buttons, the first one focusable though disabled.
    page.locator(".ds-browse-filter input").focus()
    page.keyboard.press("Tab")
    assert focused_text(page) == text["prev"]
    prev = top.locator(".ds-browse-prev")
    assert prev.get_attribute("aria-disabled") == "true"
    page.keyboard.press("Enter")  # does nothing
    expect(top.locator(".ds-browse-range")).to_have_text(text["range"].format(1, 2))
    page.keyboard.press("Tab")
    assert focused_text(page) == text["next"]
    page.keyboard.press("Enter")
    expect(top.locator(".ds-browse-range")).to_have_text(text["range"].format(3, 4))
    assert focused_text(page) == text["next"] and prev.get_attribute("aria-disabled") == "false"
    page.keyboard.press("Enter")
    expect(top.locator(".ds-browse-range")).to_have_text(text["range"].format(5, 5))
    # On the last page the button is disabled and keeps focus (a disabled button drops it).
    assert focused_text(page) == text["next"]
    assert top.locator(".ds-browse-next").get_attribute("aria-disabled") == "true"
    # The pager below the table says and does the same.
    bottom = page.locator(".ds-browse-bottom")
    expect(bottom.locator(".ds-browse-range")).to_have_text(text["range"].format(5, 5))
    bottom.locator(".ds-browse-prev").focus()
    page.keyboard.press("Enter")
    expect(bottom.locator(".ds-browse-range")).to_have_text(text["range"].format(3, 4))
    assert page.evaluate("document.activeElement.closest('.ds-browse-bottom') !== null")
    # A disabled button looks it: a dashed border, grey text still 7:1 on white.
    bottom.locator(".ds-browse-next").click()
    look = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector("
        "'.ds-browse-bottom .ds-browse-next')); return [s.borderTopStyle, s.color]; })()"
    )
    assert look == ["dashed", "rgb(89, 89, 89)"]
    assert focused_text(page) == text["next"]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert visit.errors == [] and visit.failed == []


def test_filter_sort_and_labels_in_the_readers_language(new_page, site_url):
    from playwright.sync_api import expect

    page = new_page().page
    page.goto(site_url + "es/tables/tallies.html")
    # Headers and coded values in Spanish, one note column (note_es when filled).
    head = page.locator("thead").inner_text()
    assert "Calificador" in head and "Valor" in head and "note" not in head
    assert "al menos" in page.locator("tbody").inner_text()
    # "exact" alone in a cell is a word too; a text shown in English for want of its Spanish
    # says so (lang), the Spanish beside it needs no mark.
    assert "exacta" in page.locator("tbody").inner_text().split()
    expect(page.locator("tbody td[lang='en']", has_text="300 men, 45 women")).to_have_count(1)
    expect(page.locator("tbody td[lang='en']", has_text="Likely misreading.")).to_have_count(1)
    spanish = page.locator("tbody td", has_text="Cifra ficticia.")
    expect(spanish).to_have_count(1)
    assert spanish.get_attribute("lang") is None
    # Sort by a header's button, twice; the button keeps focus.
    header = page.locator("thead th", has_text="Valor").first
    button = header.locator("button")
    assert button.get_attribute("aria-label") == "Ordenar por Valor"
    values = page.locator("tbody tr td:nth-child(3)")
    button.focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(values.first).to_have_text("8")
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(values.first).to_have_text("900")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Ordenar por Valor"
    assert "sort=value&dir=desc" in page.url
    # The filter folds accents and case, and searches what the reader sees.
    box = page.locator(".ds-browse-filter input")
    box.fill("CIFRA FÍCTICIA")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr").first).to_contain_text("Cifra ficticia.")
    expect(page.locator(".ds-browse-top .ds-browse-range")).to_have_text(
        "Filas 1–1 de 1 (1 filas coinciden con el filtro, de 5)"
    )
    assert page.evaluate("document.activeElement.type") == "search"
    # The state is in the address: a reload keeps filter and order.
    page.reload()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert page.locator(".ds-browse-filter input").input_value() == "CIFRA FÍCTICIA"
    expect(header).to_have_attribute("aria-sort", "descending")
    # The English page shows the English note, so the Spanish words find nothing there.
    page.goto(site_url + "tables/tallies.html#q=cifra%20ficticia")
    expect(page.locator(".ds-browse-top .ds-browse-range")).to_have_text(
        "No row matches the filter."
    )
    expect(page.locator("tbody tr")).to_have_count(0)


def test_a_field_in_the_address_keeps_the_rows_with_that_value_until_cleared(new_page, site_url):
    """How a facility's or a law's page links its rows beyond the bound (render/pages.py)."""
    from playwright.sync_api import expect

    page = new_page(390).page
    page.goto(site_url + "es/tables/tallies.html#claimed_by=ngo-alpha")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(4)
    for key in page.locator("tbody th a").all_inner_texts():
        assert key.startswith("alpha-")
    note = page.locator(".ds-browse-where")
    expect(note).to_be_visible()
    expect(note.locator("span")).to_have_text(re.compile(r"^Solo las filas cuyo campo .+ es .+\.$"))
    expect(page.locator(".ds-browse-top .ds-browse-range")).to_have_text(
        "Filas 1–4 de 4 (4 filas coinciden con el filtro, de 5)"
    )
    # A list field keeps the rows that hold the value; a sort keeps the field in the address.
    page.goto(site_url + "tables/tallies.html#source_ids=bulletin-2026-01-20")
    expect(rows).to_have_count(1)
    expect(page.locator("tbody th a")).to_have_text("alpha-2026-01-19-detained")
    page.locator("thead th button").first.click()
    assert "source_ids=bulletin-2026-01-20" in page.url
    page.reload()
    expect(rows).to_have_count(1)
    page.locator(".ds-browse-where a").click()
    expect(rows).to_have_count(5)
    expect(page.locator(".ds-browse-where")).to_be_hidden()
    assert "source_ids" not in page.url


@pytest.mark.parametrize(("scheme", "lang", "width"), [("http", "en", 390), ("file", "es", 1280)])
def test_a_row_permalink_opens_its_page_and_marks_it(
    browser, new_page, site_url, file_url, scheme, lang, width
):
    from playwright.sync_api import expect

    if scheme == "http":
        visit = new_page(width)
        page = visit.page
        paged(page, site_url)
        base = site_url
    else:  # a plain context: the Visit's guard lets only the local server through
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        base = file_url
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    key = "gamma-2026-01-10-released"
    page.goto(base + prefix(lang) + "tables/tallies.html#row=" + key)
    marked = page.locator("tr.ds-browse-marked")
    expect(marked).to_have_count(1)
    expect(marked.locator("th a")).to_have_text(key)
    expect(marked.locator("th a")).to_be_focused()
    if scheme == "http":  # the third row, on the second page of two rows
        expect(page.locator(".ds-browse-top .ds-browse-range")).to_have_text(
            TEXT[lang]["range"].format(3, 4)
        )
    # Following another row's link marks that row.
    other = page.locator("tbody th a").first
    other_key = other.inner_text()
    other.click()
    expect(page.locator("tr.ds-browse-marked th a")).to_have_text(other_key)
    if scheme == "file":  # every row loaded from the file system, and the filter works there
        expect(page.locator("tbody tr")).to_have_count(5)
        page.locator(".ds-browse-filter input").fill("gamma")
        expect(page.locator("tbody tr")).to_have_count(1)
        assert page.locator(".ds-browse-error").is_hidden()
        context.close()
    # (From file:// the theme's search fails to load its index: the search part's matter.)
    assert [e for e in errors if "search" not in e] == []


def test_rows_that_cannot_load_say_so_and_link_the_downloads(new_page, site_url):
    from playwright.sync_api import expect

    page = new_page().page
    page.route("**/browse/**", lambda route: route.abort())
    words = {"en": "The rows could not be loaded", "es": "No se pudieron cargar las filas"}
    for lang in ("en", "es"):
        page.goto(site_url + prefix(lang) + "tables/tallies.html")
        failure = page.locator(".ds-browse-error")
        expect(failure).to_be_visible()
        expect(failure).to_contain_text(words[lang])
        assert failure.locator("a").all_inner_texts() == ["tallies.csv", "releases.xlsx"]
        # What only works with rows stays hidden: the filter, the pagers, the empty table.
        for part in (
            ".ds-browse-tools",
            ".ds-browse-top",
            ".ds-browse-bottom",
            ".ds-browse-region",
        ):
            assert page.locator(part).is_hidden(), part
        assert page.locator(".ds-browse-status").inner_text() == ""


def test_axe_finds_no_serious_violations_in_the_browser(new_page, site_url):
    visit = new_page(390, bypass_csp=True)  # axe is injected as an inline script
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for lang in ("en", "es"):
        for path in ("tables/index.html", "tables/tallies.html"):
            visit.page.goto(site_url + prefix(lang) + path)
            visit.page.wait_for_selector("tbody tr")
            serious = serious_violations(visit.page)
            if serious:
                found[prefix(lang) + path] = serious
        name = f"browse-tallies-{lang}-390.png"
        visit.page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    assert found == {}


def chunked(page, site_url: str, held: list) -> None:
    """Serve the tallies table as three chunks of 2, 2 and 1 rows and PAGED rows a page (the setup
    JSON and the one real chunk rewritten); the last chunk is held in `held` until the test lets
    it through."""
    import json

    def setup(route):
        response = route.fetch()
        body = response.text().replace('"chunks":1,', '"chunks":3,')
        body = body.replace('"page_rows":25', f'"page_rows":{PAGED}')
        route.fulfill(response=response, body=body)

    def chunk(route):
        number = int(route.request.url.rsplit("/", 1)[1].removesuffix(".js"))
        real = route.request.url.rsplit("/", 1)[0] + "/1.js"
        text = route.fetch(url=real).text()
        data = json.loads(text.removeprefix("dsBrowseChunk(").removesuffix(");\n"))
        part = slice((number - 1) * 2, number * 2)
        data.update(chunk=number, chunks=3, keys=data["keys"][part], rows=data["rows"][part])
        body = f"dsBrowseChunk({json.dumps(data)});\n"
        if number == 3:
            held.append(lambda: route.fulfill(body=body, content_type="text/javascript"))
        else:
            route.fulfill(body=body, content_type="text/javascript")

    page.route(site_url + "**/tables/tallies.html", setup)
    page.route(site_url + "browse/**/tallies/*.js", chunk)


PARTIAL = {
    "en": "Loading the other rows (4 of 5 so far): filter and sort work once all have arrived…",
    "es": "Cargando las demás filas (4 de 5 por ahora): el filtro y el orden funcionan cuando "
    "hayan llegado todas…",
}


@pytest.mark.parametrize(("width", "lang"), [(390, "en"), (1280, "es")])
def test_the_first_page_shows_before_the_last_chunk_and_filter_waits(
    new_page, site_url, lang, width
):
    from playwright.sync_api import expect

    text = TEXT[lang]
    visit = new_page(width)
    page = visit.page
    held: list = []
    chunked(page, site_url, held)  # and PAGED rows a page
    # The last chunk never arrives before the checks: the page must not wait for "load".
    page.goto(site_url + prefix(lang) + "tables/tallies.html", wait_until="domcontentloaded")
    top = page.locator(".ds-browse-top")
    # The first page is there with chunk 3 still on its way; the range counts the whole table.
    expect(top.locator(".ds-browse-range")).to_have_text(text["range"].format(1, 2))
    # The request for chunk 3 reaches the route handler through Playwright's event loop, which
    # runs only while this test calls into Playwright: on a busy machine, after the first page.
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert page.locator("tbody tr").count() == PAGED and held
    notice = page.locator(".ds-browse-partial")
    expect(notice).to_have_text(PARTIAL[lang])
    assert notice.is_visible()
    # Filter and sort wait, visibly and still in the Tab order; typing changes nothing.
    box = page.locator(".ds-browse-filter input")
    assert box.get_attribute("aria-disabled") == "true"
    box.press_sequentially("gamma")
    assert box.input_value() == "" and page.locator("tbody tr").count() == PAGED
    sort = page.locator(".ds-browse-sort").first
    assert sort.get_attribute("aria-disabled") == "true"
    sort.focus()
    page.keyboard.press("Enter")
    assert page.locator("th[aria-sort]").count() == 0
    # The loaded rows page on; the next page waits for its rows.
    top.locator(".ds-browse-next").click()
    expect(top.locator(".ds-browse-range")).to_have_text(text["range"].format(3, 4))
    assert top.locator(".ds-browse-next").get_attribute("aria-disabled") == "true"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"browse-partial-{lang}-{width}.png"))
    held[0]()  # the last chunk arrives
    expect(notice).to_be_hidden()
    assert top.locator(".ds-browse-next").get_attribute("aria-disabled") == "false"
    expect(top.locator(".ds-browse-range")).to_have_text(text["range"].format(3, 4))
    assert box.get_attribute("aria-disabled") == "false"
    box.fill("gamma")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert visit.errors == [] and visit.failed == []
    page.screenshot(path=str(SCREENSHOTS / f"browse-filled-{lang}-{width}.png"))


@pytest.fixture(scope="module")
def chunked_file(built_mini: Path, tmp_path_factory) -> tuple[str, list[str]]:
    """A copy of the fixture site whose tallies come in three chunk files (2, 2 and 1 rows), to
    open from file://, where no request can be rewritten; with the rows' keys in table order."""
    import json
    import shutil

    site = tmp_path_factory.mktemp("chunked") / "site"
    shutil.copytree(built_mini / "site", site)
    folder = next(site.glob("browse/*/tallies"))
    text = (folder / "1.js").read_text(encoding="utf-8")
    data = json.loads(text.removeprefix("dsBrowseChunk(").removesuffix(");\n"))
    for number in (1, 2, 3):
        part = slice((number - 1) * 2, number * 2)
        chunk = {**data, "chunk": number, "chunks": 3}
        chunk.update(keys=data["keys"][part], rows=data["rows"][part])
        (folder / f"{number}.js").write_text(f"dsBrowseChunk({json.dumps(chunk)});\n")
    for page in (site / "tables/tallies.html", site / "es/tables/tallies.html"):
        html = page.read_text(encoding="utf-8").replace('"chunks":1,', '"chunks":3,')
        page.write_text(html.replace('"page_rows":25', f'"page_rows":{PAGED}'), "utf-8")
    return site.as_uri() + "/", data["keys"]


@pytest.mark.parametrize(("width", "lang"), [(1280, "en"), (390, "es")])
def test_chunks_from_file_add_up_in_order_and_a_row_in_the_last_opens(
    browser, chunked_file, lang, width
):
    from playwright.sync_api import expect

    chunked_file_url, in_order = chunked_file

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(chunked_file_url + prefix(lang) + "tables/tallies.html")
    range_ = page.locator(".ds-browse-top .ds-browse-range")
    expect(range_).to_have_text(TEXT[lang]["range"].format(1, 2))
    expect(page.locator(".ds-browse-partial")).to_be_hidden()
    keys = []
    for first in (1, 3, 5):
        expect(range_).to_have_text(TEXT[lang]["range"].format(first, min(first + 1, 5)))
        keys += page.locator("tbody th a").all_inner_texts()
        if first < 5:
            page.locator(".ds-browse-top .ds-browse-next").click()
    assert keys == in_order and len(keys) == 5
    # A link to the row of the last chunk opens its page (the third) and marks it.
    page.goto(chunked_file_url + prefix(lang) + "tables/tallies.html#row=" + keys[4])
    page.reload()
    expect(page.locator("tr.ds-browse-marked th a")).to_have_text(keys[4])
    expect(range_).to_have_text(TEXT[lang]["range"].format(5, 5))
    context.close()
    assert errors == []
