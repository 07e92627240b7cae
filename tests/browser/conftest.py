"""Real-browser tests of the built site: Playwright driving Debian's Chromium.

The site is built once per session from a copy of the repository's data (the
same two steps as `make site`), served on 127.0.0.1, and every page is opened
in one shared headless Chromium. Each test gets a fresh browser context whose
requests are all watched: anything leaving 127.0.0.1:<port> is aborted and
recorded, as are failed requests, HTTP errors, console errors and uncaught
exceptions, and the test fails on any of them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from cohortkit.cli import main

from tests.site_helpers import REPO, mkdocs_build, repo_copy

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Route

# Debian's package, never a Playwright download: `playwright install` needs the
# internet, and CI installs this one with apt-get (.ci/run).
CHROMIUM = Path(os.environ.get("COHORTKIT_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking switches Chromium phones home (updates,
# sync, field trials) on start, which a closed network refuses and which would
# look like off-site requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root in a container, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often give /dev/shm only 64 MB, where Chromium's tabs crash
]
# Fixed, so "this week" of an outline and the open seats do not drift with the calendar.
TODAY = "2026-11-23"
SCREENSHOTS = REPO / "build" / "screenshots"


def pytest_configure(config: pytest.Config) -> None:
    # Registered here rather than in pyproject.toml so `pytest -m "not browser"` works under --strict-markers.
    config.addinivalue_line("markers", "browser: opens the built site in a real browser (Chromium)")


def _unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.is_file():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    reason = _unavailable()
    if reason is not None:
        # Skipping by hand is a convenience; in CI it would hide that the site went untested.
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    return CHROMIUM


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `make site` builds it, from a copy of the repository, so a developer's site/ is never used."""
    root = repo_copy(tmp_path_factory.mktemp("browser-site"))
    assert main(["site", "build-pages", "--pdfs", "--root", str(root), "--today", TODAY]) == 0
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 at a free port; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    # One browser for the session; tests get their own contexts, which are cheap.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What went wrong while a context was open: off-site and failed requests, console errors."""

    origin: str
    problems: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        # context.route also sees requests made by Material's search worker.
        context.route("**/*", self._route)
        context.on("requestfailed", self._failed)
        context.on("response", lambda response: self._status(response.status, response.url))
        context.on("page", self.attach_page)

    def attach_page(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in {"data", "blob"} or url.startswith(self.origin):
            route.continue_()
        else:
            self.problems.append(f"off-site request: {route.request.method} {url}")
            route.abort("blockedbyclient")

    def _failed(self, request: Request) -> None:
        failure = request.failure or ""
        if "ERR_BLOCKED_BY_CLIENT" in failure:
            return  # ours, already recorded as off-site
        if "ERR_ABORTED" in failure:
            # Chromium cancelled it because the test moved on (a new page, a reload, a closed context) while
            # it was in flight, typically the favicon. A missing file is an HTTP error, caught by _status.
            return
        self.problems.append(f"request failed: {request.url} ({failure})")

    def _status(self, status: int, url: str) -> None:
        if status >= 400:
            self.problems.append(f"HTTP {status}: {url}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location.get('url', '')})")


@dataclass
class Site:
    """A watched browser context on the served site."""

    context: BrowserContext
    page: Page
    base_url: str
    watch: Watch

    def open(self, path: str, *, idle: bool = False) -> Page:
        """Opens a page and waits until Material's search worker has fetched its index.

        The worker starts after `load`; waiting for its last request means its requests were made, and
        so checked, before the test moves on. `idle` waits for the network to be quiet for half a
        second instead, which also covers anything later (lazy images, the favicon) but costs that time.
        """
        url = self.base_url + path
        if idle:
            self.page.goto(url, wait_until="networkidle")
        else:
            with self.page.expect_response(
                lambda response: response.url.endswith("/search/search_index.json")
            ):
                self.page.goto(url, wait_until="load")
        # Material finishes some markup from a resize observer after load (it makes code blocks that
        # scroll focusable); two frames later that has run, so what a test reads is the settled page.
        self.page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        return self.page

    def url(self, path: str) -> str:
        return self.base_url + path

    def assert_clean(self) -> None:
        problems, self.watch.problems = self.watch.problems, []
        assert not problems, "\n".join(problems)


MakeSite = Callable[..., Site]
# A watched context on the site served at the given address, with the given options.
OpenSite = Callable[..., Site]


@pytest.fixture
def open_site(browser: Browser) -> Iterator[OpenSite]:
    """Opens watched contexts on any served site (its address, then context options); checks each one at the end."""
    opened: list[Site] = []

    def make(base_url: str, **options: Any) -> Site:
        context = browser.new_context(**options)
        watch = Watch(base_url)
        watch.attach(context)
        site = Site(context, context.new_page(), base_url, watch)
        opened.append(site)
        return site

    yield make
    for site in opened:
        site.context.close()
    # Whatever a test checked, an off-site request, failed request or console error it did not
    # already report fails it here.
    for site in opened:
        site.assert_clean()


@pytest.fixture
def make_site(open_site: OpenSite, base_url: str) -> MakeSite:
    """Watched contexts on the example site, with the given options (viewport, colour scheme)."""
    return functools.partial(open_site, base_url)


@pytest.fixture(scope="session")
def serving() -> Callable[[Path], contextlib.AbstractContextManager[str]]:
    """`serve`, for a test module that builds sites of its own."""
    return serve


@pytest.fixture
def site(make_site: MakeSite) -> Site:
    """A desktop-sized, light-mode context."""
    return make_site(viewport={"width": 1280, "height": 900}, color_scheme="light")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS
