"""The public pages of news and announcements: lists, paging, categories, detail pages,
future and unpublished items, expiry, and the feeds every page announces."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from buergerbuero.core.extensions import db
from buergerbuero.models import NewsItem, NewsKind, NewsState
from buergerbuero.public.demo import seed_news as seed_demo
from buergerbuero.public.news import slug_of
from common.db import utcnow

from .newsroom import add_item, clear_news, login_editor


@pytest.fixture(autouse=True)
def empty_newsroom(app):
    """Start every test without publications."""
    clear_news(app)


def test_list_shows_published_news_and_press_releases_but_not_announcements(app, client):
    add_item(app, title="Stadtfest")
    add_item(app, title="Presse zum Haushalt", kind=NewsKind.PRESSEMITTEILUNG)
    add_item(app, title="Auslegung Bebauungsplan", kind=NewsKind.BEKANNTMACHUNG)
    page = client.get("/aktuelles").get_data(as_text=True)
    assert "Stadtfest" in page and "Presse zum Haushalt" in page
    assert "Auslegung Bebauungsplan" not in page
    assert "Auslegung Bebauungsplan" in client.get("/bekanntmachungen").get_data(as_text=True)


def test_detail_page_has_a_stable_address_and_old_slugs_redirect(app, client):
    item = add_item(app, title="Neue Öffnungszeiten im Bürgerbüro")
    address = f"/aktuelles/{item}-neue-oeffnungszeiten-im-buergerbuero"
    response = client.get(address)
    assert response.status_code == 200
    assert "Neue Öffnungszeiten im Bürgerbüro" in response.get_data(as_text=True)
    moved = client.get(f"/aktuelles/{item}-alter-titel")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(address)
    # The other section's address leads to the item's own.
    other = client.get(address.replace("/aktuelles/", "/bekanntmachungen/"))
    assert other.status_code == 301 and other.headers["Location"].endswith(address)


@pytest.mark.parametrize("values", [
    {"publish_at": utcnow() + dt.timedelta(days=2)},
    {"state": NewsState.ENTWURF},
    {"state": NewsState.ZURUECKGEZOGEN},
], ids=["future", "draft", "withdrawn"])
def test_unpublished_or_future_item_is_404_for_the_public_and_visible_to_editors(
        app, client, values):
    item = add_item(app, title="Noch geheim", **values)
    assert "Noch geheim" not in client.get("/aktuelles").get_data(as_text=True)
    assert client.get(f"/aktuelles/{item}-noch-geheim").status_code == 404
    login_editor(client)
    page = client.get(f"/aktuelles/{item}-noch-geheim")
    assert page.status_code == 200
    assert "Nur die Redaktion sieht diesen Beitrag" in page.get_data(as_text=True)
    assert "Noch geheim" not in client.get("/aktuelles").get_data(as_text=True)


def test_expired_announcement_leaves_the_list_but_keeps_its_page_with_a_note(app, client):
    item = add_item(app, title="Haushaltssatzung", kind=NewsKind.BEKANNTMACHUNG,
                    publish_at=utcnow() - dt.timedelta(days=30),
                    expires_at=dt.datetime(2026, 3, 1, 11, 0, tzinfo=dt.UTC))
    assert "Haushaltssatzung" not in client.get("/bekanntmachungen").get_data(as_text=True)
    page = client.get(f"/bekanntmachungen/{item}-haushaltssatzung")
    assert page.status_code == 200
    assert "Diese Bekanntmachung ist seit dem 1. März 2026, 12:00 Uhr abgelaufen." in \
        page.get_data(as_text=True)


def test_lists_are_paged_newest_first(app, client):
    app.config["NEWS_PAGE_SIZE"], size = 3, app.config["NEWS_PAGE_SIZE"]
    try:
        for n in range(7):
            add_item(app, title=f"Meldung {n}", publish_at=utcnow() - dt.timedelta(hours=10 - n))
        first = client.get("/aktuelles").get_data(as_text=True)
        third = client.get("/aktuelles?seite=3").get_data(as_text=True)
        assert re.findall(r"Meldung \d", first) == ["Meldung 6", "Meldung 5", "Meldung 4"]
        assert "Seite 1 von 3" in first and 'rel="next"' in first
        assert re.findall(r"Meldung \d", third) == ["Meldung 0"]
        assert client.get("/aktuelles?seite=4").status_code == 404
        assert client.get("/aktuelles?seite=0").status_code == 404
    finally:
        app.config["NEWS_PAGE_SIZE"] = size


def test_category_filter_lists_one_category_and_announces_its_feed(app, client):
    add_item(app, title="Konzert im Park", category="kultur")
    add_item(app, title="Baustelle", category="verkehr")
    page = client.get("/aktuelles?kategorie=kultur").get_data(as_text=True)
    assert "Konzert im Park" in page and "Baustelle" not in page
    assert 'type="application/atom+xml"' in page
    assert 'href="/aktuelles/feed.atom?kategorie=kultur"' in page
    assert 'href="/aktuelles/feed.rss?kategorie=kultur"' in page
    assert client.get("/aktuelles?kategorie=gibt-es-nicht").status_code == 404


@pytest.mark.parametrize("path", ["/leistungen", "/pruefen", "/aktuelles", "/bekanntmachungen",
                                  "/gibt-es-nicht", "/konto/anmelden", "/seiten/impressum"])
def test_every_public_page_announces_the_feeds(client, path):
    head = client.get(path).get_data(as_text=True).split("</head>")[0]
    for href, kind, name in [("/aktuelles/feed.atom", "atom", "Atom"),
                             ("/aktuelles/feed.rss", "rss", "RSS"),
                             ("/bekanntmachungen/feed.atom", "atom", "Atom"),
                             ("/bekanntmachungen/feed.rss", "rss", "RSS")]:
        assert re.search(rf'<link rel="alternate" type="application/{kind}\+xml" '
                         rf'title="[^"]+ \({name}\)" href="{re.escape(href)}">', head), href


def test_demo_content_is_added_once_and_its_expired_announcement_keeps_its_page(app, client):
    with app.app_context():
        assert seed_demo(db.session) == 6
        db.session.commit()
        assert seed_demo(db.session) == 0
        expired = db.session.scalar(select(NewsItem).where(NewsItem.expires_at < utcnow()))
        address = detail_address(expired)
    assert "Bürgerbüro jetzt auch online erreichbar" in client.get("/aktuelles").get_data(
        as_text=True)
    assert "Weihnachtsbaumabholung" not in client.get("/aktuelles").get_data(as_text=True)
    assert "Haushaltssatzung" not in client.get("/bekanntmachungen").get_data(as_text=True)
    assert "abgelaufen" in client.get(address).get_data(as_text=True)


def detail_address(item: NewsItem) -> str:
    """Return an item's public address."""
    return f"/bekanntmachungen/{item.id}-{slug_of(item.title)}"
