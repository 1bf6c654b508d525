"""Browser fixtures: Debian's Chromium driven by Playwright, axe-core from npm, the site on a local
server.

The tests skip with the reason when Chromium, Playwright or axe-core is missing, unless
REQUIRE_BROWSER=1 (as in CI), where a missing piece is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(
    os.environ.get("AXE_JS", REPO / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js")
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"


def missing_piece() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    if not AXE.exists():
        return f"{AXE} not found (npm install --prefix .venv/axe axe-core@4)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return ""


def require_browser() -> None:
    reason = missing_piece()
    if reason and os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that stops loading a file (a page left, a route aborted) closes its connection
    mid-transfer: normal, not worth a traceback in the test output. Any other error prints."""

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_mini: Path):
    """The built fixture site served on 127.0.0.1 for the whole session."""
    require_browser()
    handler = functools.partial(_Quiet, directory=str(built_mini / "site"))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(site_url: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """What one page load did: console errors, failed, external requests and bytes fetched."""

    def __init__(self, page, origin: str):
        self.page = page
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        self.bytes = 0
        # Requests by the load they belong to: a late response of the page before (its search
        # index) must not count toward the next page's weight.
        self.load = 0
        self._started: dict = {}
        page.on("request", lambda r: self._started.setdefault(r, self.load))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", self._failed)
        page.on("response", self._count)

        def route(route):
            # Any other host is recorded and refused, so a test can never leak to the network.
            if route.request.url.startswith(origin) or route.request.url.startswith("data:"):
                route.continue_()
            else:
                self.external.append(route.request.url)
                route.abort()

        page.route("**/*", route)

    def _failed(self, request) -> None:
        # A request cut short by leaving the page (the search index) is not a failure of the site.
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url} ({request.failure})")

    def start_load(self) -> None:
        """From here on, bytes count toward the next page load only."""
        self.load += 1
        self.bytes = 0

    def _count(self, response) -> None:
        length = response.headers.get("content-length")
        if self._started.pop(response.request, self.load) == self.load:
            self.bytes += int(length) if length else 0
        if response.status >= 400:
            self.failed.append(f"{response.url} ({response.status})")


@pytest.fixture
def new_page(browser, site_url: str):
    """A factory: a fresh page at a given viewport width, with a Visit recording what it does."""
    contexts = []

    def make(width: int = 1280, bypass_csp: bool = False) -> Visit:
        # Only test tooling (axe) bypasses the pages' Content-Security-Policy; pages are tested
        # under it.
        context = browser.new_context(
            viewport={"width": width, "height": 900}, bypass_csp=bypass_csp
        )
        contexts.append(context)
        return Visit(context.new_page(), site_url)

    yield make
    for context in contexts:
        context.close()


def serious_violations(page, tags: list[str] | None = None) -> list[str]:
    """axe's serious and critical violations on the page as it stands ("rule: help (nodes)"),
    all rules or only those of the given tags."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "tags => axe.run(document, tags ? {runOnly: {type: 'tag', values: tags}, resultTypes: "
        "['violations']} : {resultTypes: ['violations']}).then(r => r.violations)",
        tags,
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
