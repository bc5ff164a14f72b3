"""The demo editor writes a news item in Chromium, attaches a PDF and publishes it; the public
list and the item's page show it, and the Atom and RSS feeds fetched over HTTP from the live
server hold it (parsed with feedparser). Every page is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
import uuid

import feedparser
import pytest
from playwright.sync_api import expect

from common.formatting import local

from .. import support
from .people import DEMO_PASSWORD, arrive, assert_clean, flash, log_in, log_out


def fetched_feed(base_url: str, path: str, media_type: str):
    """Fetch a feed over HTTP, check its content type, and return it parsed."""
    with urllib.request.urlopen(base_url + path, timeout=10) as response:
        assert response.headers.get_content_type() == media_type
        feed = feedparser.parse(response.read())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def write_item(walk, title: str) -> None:
    """Fill the new item's form as an editor and save it."""
    page = walk.page
    page.get_by_label("Art").select_option(label="Nachricht")
    page.get_by_label(re.compile(r"^Titel")).fill(title)
    page.get_by_label("Kurztext (Anreißer)").fill("Musik, Markt und Riesenrad am Rathausplatz.")
    page.get_by_label(re.compile(r"^Text")).fill("## Programm\n\n* Samstag: Markt\n"
                                                 "* Sonntag: Konzert")
    page.get_by_label("Kategorie").select_option(label="Kultur und Freizeit")
    earlier = local(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    page.get_by_label("Veröffentlichung").fill(earlier.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Speichern").click()
    expect(flash(page, "Der Beitrag ist als Entwurf gespeichert.")).to_be_visible()
    arrive(walk, title)


def narrow(walk, url: str, heading: str) -> None:
    """Open a page 320 px wide: checked with axe, and nothing wider than the screen."""
    walk.page.set_viewport_size({"width": 320, "height": 800})
    walk.page.goto(url)
    arrive(walk, heading)
    assert walk.page.evaluate("document.documentElement.scrollWidth") <= 320, url
    walk.page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
def test_an_editor_publishes_news_that_the_list_the_page_and_both_feeds_show(walk):
    page = walk.page
    title = f"Stadtfest im Park ({uuid.uuid4().hex[:6]})"
    page.goto("/aktuelles")
    arrive(walk, "Aktuelles")
    log_in(walk, "redaktion@example.org", DEMO_PASSWORD, "Redaktion")
    page.get_by_role("link", name="Beiträge: Nachrichten, Pressemitteilungen und "
                                  "Bekanntmachungen").click()
    arrive(walk, "Beiträge")
    page.get_by_role("link", name="Neuer Beitrag").click()
    arrive(walk, "Neuer Beitrag")
    write_item(walk, title)
    page.get_by_label("Datei (PDF, PNG oder JPEG)").set_input_files(
        {"name": "Festplan.pdf", "mimeType": "application/pdf",
         "buffer": support.small_pdf("Festplan")})
    page.get_by_role("button", name="Datei anhängen").click()
    expect(flash(page, "Die Datei Festplan.pdf ist angehängt.")).to_be_visible()
    arrive(walk, title)
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(flash(page, "Der Beitrag ist veröffentlicht.")).to_be_visible()
    arrive(walk, title)
    log_out(walk)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Aktuelles").click()
    arrive(walk, "Aktuelles")
    page.get_by_role("link", name=title).click()
    arrive(walk, title)
    expect(page.get_by_role("link", name="Festplan.pdf")).to_be_visible()
    address = page.url
    narrow(walk, "/aktuelles", "Aktuelles")
    narrow(walk, address, title)

    for path, media_type in [("/aktuelles/feed.atom", "application/atom+xml"),
                             ("/aktuelles/feed.rss", "application/rss+xml"),
                             ("/aktuelles/feed.atom?kategorie=kultur", "application/atom+xml")]:
        feed = fetched_feed(walk.base_url, path, media_type)
        entry = next((e for e in feed.entries if e.title == title), None)
        assert entry is not None, path
        assert entry.link.endswith(address.removeprefix(walk.base_url)), path
        assert entry.published_parsed is not None
    assert_clean(walk)
