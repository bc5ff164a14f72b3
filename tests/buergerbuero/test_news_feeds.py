"""The Atom and RSS feeds, parsed with feedparser: well-formed, with titles, absolute links,
stable ids and dates; per category; only what is public and not expired; markup escaped."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest

from buergerbuero.models import NewsKind, NewsState
from common.db import utcnow

from .newsroom import HOSTILE, add_item, clear_news

FEEDS = ["/aktuelles/feed.atom", "/aktuelles/feed.rss"]


@pytest.fixture(autouse=True)
def empty_newsroom(app):
    """Start every test without publications."""
    clear_news(app)


def parsed(client, url: str):
    """Fetch a feed, check its content type, and return it parsed."""
    response = client.get(url)
    assert response.status_code == 200
    kind = "atom" if ".atom" in url else "rss"
    assert response.mimetype == f"application/{kind}+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_well_formed_with_titles_absolute_links_ids_and_dates(app, client, url):
    item = add_item(app, title="Stadtfest am Wochenende", teaser="Musik und Markt.")
    feed = parsed(client, url)
    assert feed.version == ("atom10" if url.endswith("atom") else "rss20")
    assert feed.feed.title.endswith("Aktuelles")
    (entry,) = feed.entries
    assert entry.title == "Stadtfest am Wochenende"
    assert entry.link == f"{app.config['PUBLIC_URL']}/aktuelles/{item}-stadtfest-am-wochenende"
    assert entry.id.startswith("tag:127.0.0.1,") and entry.id.endswith(f":beitrag/{item}")
    assert entry.published_parsed is not None
    assert "Musik und Markt." in entry.summary


def test_entry_id_stays_when_the_title_changes(app, client):
    item = add_item(app, title="Erster Titel")
    before = parsed(client, "/aktuelles/feed.atom").entries[0].id
    from buergerbuero.core.extensions import db
    from buergerbuero.models import NewsItem

    with app.app_context():
        db.session.get(NewsItem, item).title = "Zweiter Titel"
        db.session.commit()
    after = parsed(client, "/aktuelles/feed.atom").entries[0]
    assert after.id == before and after.title == "Zweiter Titel"


@pytest.mark.parametrize("url", ["/bekanntmachungen/feed.atom", "/bekanntmachungen/feed.rss"])
def test_announcement_feeds_leave_out_expired_future_and_unpublished(app, client, url):
    now = utcnow()
    add_item(app, title="Gilt noch", kind=NewsKind.BEKANNTMACHUNG,
             expires_at=now + dt.timedelta(days=3))
    add_item(app, title="Abgelaufen", kind=NewsKind.BEKANNTMACHUNG,
             publish_at=now - dt.timedelta(days=9), expires_at=now - dt.timedelta(days=1))
    add_item(app, title="Kommt noch", kind=NewsKind.BEKANNTMACHUNG,
             publish_at=now + dt.timedelta(days=1))
    add_item(app, title="Entwurf", kind=NewsKind.BEKANNTMACHUNG, state=NewsState.ENTWURF)
    add_item(app, title="Nachricht", kind=NewsKind.NACHRICHT)
    assert [e.title for e in parsed(client, url).entries] == ["Gilt noch"]


@pytest.mark.parametrize("url", FEEDS)
def test_category_feed_holds_only_its_category(app, client, url):
    add_item(app, title="Konzert", category="kultur")
    add_item(app, title="Baustelle", category="verkehr")
    feed = parsed(client, f"{url}?kategorie=kultur")
    assert [e.title for e in feed.entries] == ["Konzert"]
    assert feed.feed.title.endswith("Kultur und Freizeit")
    assert client.get(f"{url}?kategorie=gibt-es-nicht").status_code == 404


@pytest.mark.parametrize("url", FEEDS)
def test_markup_in_every_text_is_escaped_in_the_feeds(app, client, url, monkeypatch):
    monkeypatch.setitem(app.config, "NEWS_CATEGORIES",
                        {**app.config["NEWS_CATEGORIES"], "boese": HOSTILE})
    add_item(app, title=HOSTILE, teaser=HOSTILE, body=HOSTILE, category="boese")
    raw = client.get(url).get_data(as_text=True)
    assert "<script" not in raw and "<img" not in raw
    feed = parsed(client, url)
    assert feed.entries[0].title == HOSTILE  # the text itself, shown as text
    assert "<script" not in feed.entries[0].get("content", [{"value": ""}])[0]["value"]
