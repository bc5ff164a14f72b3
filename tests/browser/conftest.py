"""Fixtures for the browser tests: the session app served on loopback, headless Chromium, and a
page that records what a person would not see (5xx answers, script errors, requests leaving the
machine) and runs axe-core on every page it arrives at.

Debian's chromium is used as it is (never `playwright install`); axe-core comes bundled with
axe-playwright-python and is injected from disk, so nothing here needs the network.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DUPLICATE_IDS = """() => {
  const seen = new Set(), twice = new Set();
  for (const el of document.querySelectorAll("[id]")) (seen.has(el.id) ? twice : seen).add(el.id);
  return [...twice];
}"""
AXE_OPTIONS = {"runOnly": {"type": "tag",
                           "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def buffered(app):
    """Wrap a WSGI app so each response body is read (and its iterable closed) before werkzeug's
    development server writes it.

    When Chromium drops a connection mid-response (a click that leaves a page still loading its
    stylesheet), the server's clean-up reads the dead socket, fails, and never closes the
    iterable; a file response (send_file, static files) then leaves its file open, and the
    ResourceWarning, an error under filterwarnings=error, fails whichever test is running.
    """

    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return serve


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """Serve the session's app on a free loopback port from a background thread; yield its URL."""
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium():
    """Debian's headless Chromium, driven by Playwright's sync API.

    Module-scoped, not session-scoped: while the sync API is started it marks its event loop as
    running in the main thread, and every later test that runs the gateway (pyHanko calls
    asyncio.run()) would fail. Stopping Playwright clears the mark.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium; `make system-deps`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def deliver(run_gateway) -> Callable[[], None]:
    """`run_gateway`, callable while Playwright's sync API is in use in this thread.

    Between its calls the sync API leaves its event loop marked as running in the calling
    thread (playwright/_impl/_greenlets.py, wait_for_future). The gateway job seals the receipt
    with pyHanko, whose sync API calls asyncio.run(), and that refuses to start inside a running
    loop. rq's worker must stay in the main thread (it installs signal handlers), so the loop is
    unmarked for the duration of the delivery instead and marked again afterwards.
    """

    def run() -> None:
        loop = asyncio._get_running_loop()
        asyncio._set_running_loop(None)
        try:
            run_gateway()
        finally:
            asyncio._set_running_loop(loop)

    return run


@dataclass
class Walk:
    """One person's tab: the page plus everything noticed on the way."""

    page: object
    base_url: str
    app: object = None  # the served app, to read what it mailed (the confirmation link)
    navigations: list[str] = field(default_factory=list)    # main-frame URLs, in order
    audited: set[int] = field(default_factory=set)           # indexes into navigations
    violations: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def audit(self) -> None:
        """Run axe-core (WCAG 2.0/2.1 A and AA) on the loaded page and keep its violations."""
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state("load")
        results = Axe().run(self.page, options=AXE_OPTIONS)
        url = self.page.url
        # WCAG 2.1 2.4.2: axe-core only wants a title; it must also be plain text.
        title = self.page.title()
        if "<" in title or "\n" in title:
            self.violations.append(f"{url} [page-title] the title holds markup -> {title[:80]!r}")
        # WCAG 2.1 4.1.1: axe-core no longer checks unique ids, so count them here.
        for duplicate in self.page.evaluate(DUPLICATE_IDS):
            self.violations.append(f"{url} [duplicate-id] id is not unique -> #{duplicate}")
        for violation in results.response["violations"]:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
            self.violations.append(f"{url} [{violation['id']}] {violation['help']} -> {targets}")
        self.audited.add(len(self.navigations) - 1)

    def unaudited(self) -> list[str]:
        """Return the pages the walk reached but never ran axe on."""
        return [url for i, url in enumerate(self.navigations) if i not in self.audited]

    def problems(self) -> list[str]:
        """Everything that should make the walk fail, as readable lines."""
        return ([f"HTTP 5xx: {e}" for e in self.server_errors]
                + [f"script error: {e}" for e in self.script_errors]
                + [f"request left the machine (blocked): {e}" for e in self.external_requests]
                + [f"page never checked with axe: {u}" for u in self.unaudited()]
                + [f"axe: {v}" for v in self.violations])


@pytest.fixture
def walker(app, chromium, live_server) -> Iterator[Callable[[], Walk]]:
    """Open one more person's tab: each call gives a Walk in a browser context of its own
    (own cookies, so two people can be signed in at once); all are closed after the test."""
    contexts = []

    def open_walk(locale: str = "de-DE") -> Walk:
        """A fresh context on the live server, German unless `locale` says otherwise (the
        browser's Accept-Language follows it), downloads allowed, offline beyond it."""
        context = chromium.new_context(base_url=live_server, locale=locale,
                                       timezone_id="Europe/Berlin", accept_downloads=True,
                                       viewport={"width": 1280, "height": 900},
                                       service_workers="block")
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        tab = Walk(page=page, base_url=live_server, app=app)

        def leaves_machine(url: str) -> bool:
            return not (url.startswith(live_server + "/") or url.startswith(("data:", "blob:")))

        def block(route) -> None:
            tab.external_requests.append(route.request.url)
            route.abort()

        context.route(leaves_machine, block)
        page.on("response", lambda r: r.status >= 500 and tab.server_errors.append(
            f"{r.status} {r.request.method} {r.url}"))
        page.on("pageerror", lambda e: tab.script_errors.append(str(e)))
        page.on("framenavigated",
                lambda f: f == page.main_frame and tab.navigations.append(f.url))
        return tab

    try:
        yield open_walk
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def walk(walker) -> Walk:
    """One person's tab on the live server (see `walker`)."""
    return walker()
