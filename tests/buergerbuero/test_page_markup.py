"""Every page the tests reach, parsed as HTML: forms on a page with several have distinct
accessible names, every autocomplete token fits its control (HTML autofill), every
required control's label says "(Pflichtfeld)", and at most one link is the current page."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from buergerbuero.instance_setup import DEMO_PASSWORD
from forms.autofill import autofill_problem

from .. import support
from .filing import fill_until

SKIP = ("/konto/abmelden", "/static/", "/api/")
LIMIT = 400


class PageMarkup(HTMLParser):
    """Collect a page's links, forms (with their naming attributes), ids' texts and controls."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.current: list[str] = []
        self.forms: list[dict[str, str]] = []
        self.controls: list[tuple[str, str]] = []
        self.texts: dict[str, list[str]] = {}
        self.open_ids: list[tuple[str, str]] = []
        self.required: list[str] = []
        self.labels: dict[str, list[str]] = {}
        self.open_label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if a.get("aria-current") == "page":
                self.current.append(a["href"])
        if tag == "form":
            self.forms.append(a)
        if tag in ("input", "textarea", "select") and "autocomplete" in a:
            control = a.get("type", "text") if tag == "input" else tag
            self.controls.append((control, a["autocomplete"]))
        # A radio's own label names its option; its group's legend carries the marker.
        if tag in ("input", "textarea", "select") and "required" in a and a.get("type") != "radio":
            self.required.append(a.get("id", a.get("name", "")))
        if tag == "label" and a.get("for"):
            self.open_label = a["for"]
            self.labels[a["for"]] = []
        if "id" in a:
            self.texts[a["id"]] = []
            self.open_ids.append((tag, a["id"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_label = None
        if self.open_ids and self.open_ids[-1][0] == tag:
            self.open_ids.pop()

    def handle_data(self, data: str) -> None:
        if self.open_label:
            self.labels[self.open_label].append(data)
        for _, ident in self.open_ids:
            self.texts[ident].append(data)

    def form_name(self, form: dict[str, str]) -> str:
        """Return a form's accessible name (aria-labelledby wins over aria-label)."""
        if form.get("aria-labelledby"):
            return " ".join(" ".join("".join(self.texts.get(i, [])).split())
                            for i in form["aria-labelledby"].split())
        return form.get("aria-label", "").strip()


def crawl(client, starts: list[str]) -> dict[str, PageMarkup]:
    """Follow same-site links from `starts` (GET only) and parse every HTML page."""
    pages: dict[str, PageMarkup] = {}
    queue, seen = deque(starts), set(starts)
    while queue and len(pages) < LIMIT:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            response.close()  # a download streams its file until the response is closed
            continue
        markup = PageMarkup()
        markup.feed(response.get_data(as_text=True))
        pages[path] = markup
        for href in markup.links:
            target = urljoin(path, href)
            parts = urlsplit(target)
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc in ("", "localhost") and link not in seen \
                    and not link.startswith(SKIP):
                seen.add(link)
                queue.append(link)
    return pages


def markup_problems(pages: dict[str, PageMarkup]) -> list[str]:
    """Return every unnamed or twice-named form on multi-form pages and every misfit token."""
    problems = []
    for path, page in pages.items():
        names = [page.form_name(f) for f in page.forms]
        if len(names) > 1:
            problems += [f"{path}: a form without a name" for n in names if not n]
            problems += [f"{path}: two forms named {n!r}" for n in set(names)
                         if n and names.count(n) > 1]
        problems += [f"{path}: {problem}" for control, token in page.controls
                     if (problem := autofill_problem(token, control))]
        problems += [f"{path}: required {ident} is not marked" for ident in page.required
                     if "(Pflichtfeld)" not in "".join(page.labels.get(ident, []))]
        if len(page.current) > 1:
            problems.append(f"{path}: {len(page.current)} links marked as the current page")
    return problems


@pytest.fixture
def resident_with_everything(client, run_gateway):
    """A resident with a filed, delivered case, a draft at its review and one of every service."""
    support.register(client)
    support.file_hundesteuer(client)
    run_gateway()
    fill_until(client, "zahlung")
    for slug in ("bewohnerparkausweis", "gewerbeanmeldung", "wunschkennzeichen"):
        support.start_draft(client, slug)
    return client


def test_resident_pages_name_their_forms_and_fit_their_autocomplete(resident_with_everything):
    pages = crawl(resident_with_everything, ["/leistungen", "/antraege/"])
    assert sum(1 for p in pages if "/schritt/" in p) >= 3
    assert any(p.startswith("/antraege/HST-") for p in pages)
    assert any(p.endswith("/pruefen") for p in pages)
    assert markup_problems(pages) == []


@pytest.mark.parametrize("email", ["steueramt@example.org", "admin@example.org",
                                   "redaktion@example.org", None])
def test_staff_and_anonymous_pages_name_their_forms_and_fit_their_autocomplete(
        client, email, run_gateway):
    if email == "steueramt@example.org":  # something in the inbox to open
        support.register(client)
        support.file_hundesteuer(client)
        run_gateway()
        support.logout(client)
    if email:
        support.login(client, email, DEMO_PASSWORD)
    starts = {"admin@example.org": ["/verwaltung/", "/sprechstunde/verwaltung/"],
              "steueramt@example.org": ["/postfach/", "/sprechstunde/termine"],
              "redaktion@example.org": ["/redaktion/"]}
    pages = crawl(client, starts.get(email, ["/leistungen", "/konto/anmelden", "/pruefen"]))
    assert len(pages) >= 5
    assert markup_problems(pages) == []


@pytest.mark.parametrize("path, current", [("/konto/anmelden", "/konto/anmelden"),
                                           ("/konto/registrieren", "/konto/registrieren")])
def test_the_anonymous_header_marks_only_the_page_shown_as_current(client, path, current):
    page = PageMarkup()
    page.feed(client.get(path).get_data(as_text=True))
    assert page.current == [current]


def test_a_page_inside_a_section_marks_no_link_as_the_current_page(client):
    for path in ("/pruefen", "/leistungen/hundesteuer-anmeldung"):
        page = PageMarkup()
        page.feed(client.get(path).get_data(as_text=True))
        assert page.current == [], path  # neither is the page "Leistungen" links to
    listing = client.get("/leistungen/hundesteuer-anmeldung").get_data(as_text=True)
    assert 'href="/leistungen" aria-current="true"' in listing  # but it lies inside it
    assert 'aria-current="true"' not in client.get("/pruefen").get_data(as_text=True)
