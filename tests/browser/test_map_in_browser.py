"""The facilities page with its map (issue 15.8) in Chromium, at phone and desktop widths, in both
languages: the map is drawn and visible, its markers lead to facility pages, the page does not
scroll sideways, and axe finds nothing serious or critical."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, serious_violations


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["", "es/"])
def test_the_facilities_map_is_visible_linked_and_accessible(new_page, site_url, lang, width):
    visit = new_page(width, bypass_csp=True)  # axe is injected as an inline script
    visit.page.goto(site_url + lang + "facilities/index.html")
    drawing = visit.page.locator(".ds-map svg")
    assert drawing.is_visible()
    box = drawing.bounding_box()
    assert box and box["width"] >= 300 and box["height"] >= 200
    marker = visit.page.locator(".ds-map svg a").first
    assert marker.locator("circle").is_visible()
    overflow = visit.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px wider than a {width} px screen"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    drawing.scroll_into_view_if_needed()
    visit.page.screenshot(path=str(SCREENSHOTS / f"facilities-map-{lang[:2] or 'en'}-{width}.png"))
    serious = serious_violations(visit.page)
    assert serious == []
    # A marker is a link to its facility's page, which loads.
    marker.click()
    visit.page.wait_for_load_state()
    assert "/facilities/" in visit.page.url and not visit.page.url.endswith("index.html")
    assert visit.failed == [] and visit.external == []
