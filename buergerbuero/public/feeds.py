"""Atom (RFC 4287) and RSS 2.0 feeds of news and announcements, overall and per category, built
with feedgen; every address absolute and built from PUBLIC_URL, never from the Host header."""

from __future__ import annotations

from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import Response, current_app, g, has_request_context, url_for

from common.db import utcnow
from common.i18n import _, current_language

from ..core.extensions import db
from ..core.help_text import text_blocks
from ..models import NewsItem
from ..notifications.mails import public_url
from . import bp
from .news import SECTIONS, Section, category_name, chosen_category, newest, section_of, slug_of

MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
FORMAT_NAMES = {"atom": "Atom", "rss": "RSS"}
"""How a feed's format is named in the title a feed reader shows (Atom is a name, no acronym)."""


def feed_title(section: Section, category: str | None) -> str:
    """Return a feed's title: the site, the section and the category if any."""
    site = current_app.config.get("SITE_NAME")
    if category is None:
        return f"{site}: {section.title}"
    return f"{site}: {section.title} – {category_name(category)}"


def entry_id(item: NewsItem) -> str:
    """Return an entry's permanent id (RFC 4151 tag URI): the title and the address may change."""
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
    return f"tag:{host},{item.created_at:%Y-%m-%d}:beitrag/{item.id}"


def build_feed(section: Section, category: str | None, items: list[NewsItem],
               fmt: str) -> FeedGenerator:
    """Return the feed of these items; `fmt` names the feed's own address (atom or rss)."""
    extra = {"kategorie": category} if category else {}
    feed = FeedGenerator()
    feed.id(public_url(f"public.{section.name}", **extra))
    feed.title(feed_title(section, category))
    feed.description(str(_("Die neuesten Beiträge: %(section)s", section=section.title)))
    feed.author(name=current_app.config["MUNICIPALITY"])
    feed.link(href=public_url(f"public.{section.name}", **extra), rel="alternate")
    feed.link(href=public_url(f"public.{section.name}_{fmt}", **extra), rel="self")
    feed.language(current_language())
    feed.updated(max((item.updated_at for item in items), default=utcnow()))
    for item in items:
        add_entry(feed, item)
    return feed


def add_entry(feed: FeedGenerator, item: NewsItem) -> None:
    """Add one item: id, title, link, dates, category, teaser and the body as HTML."""
    entry = feed.add_entry(order="append")
    entry.id(entry_id(item))
    entry.title(item.title)
    entry.link(href=public_url(f"public.{section_of(item).name}_detail", post_id=item.id,
                               post_slug=slug_of(item.title)))
    entry.published(item.publish_at)
    entry.updated(max(item.updated_at, item.publish_at))
    entry.category(term=item.category, label=category_name(item.category))
    entry.summary(item.teaser)
    entry.content(str(text_blocks(item.body)), type="html")


def feed_response(section: Section, fmt: str) -> Response:
    """Answer with the section's feed (per category with ?kategorie=) in Atom or RSS."""
    category = chosen_category()
    feed = build_feed(section, category, newest(db.session, section, category), fmt)
    body = feed.atom_str(pretty=True) if fmt == "atom" else feed.rss_str(pretty=True)
    return Response(body, mimetype=MEDIA_TYPES[fmt])


def register_feeds() -> None:
    """Add the four feed routes: Atom and RSS of each section."""
    for section in SECTIONS.values():
        for fmt in MEDIA_TYPES:
            def view(section: Section = section, fmt: str = fmt) -> Response:
                return feed_response(section, fmt)
            view.__doc__ = f"Serve the {fmt} feed of {section.name}."
            bp.add_url_rule(f"/{section.name}/feed.{fmt}", f"{section.name}_{fmt}", view)


@bp.app_context_processor
def feed_context() -> dict:
    """Give every page `feed_links()`: the feeds its head announces (rel="alternate")."""
    return {"feed_links": feed_links}


def feed_links() -> list[dict[str, str]]:
    """Return the feeds a page announces: every section's, and its category's where it shows
    one (a list filtered by category sets g.news_category)."""
    if not has_request_context():
        return []  # a page rendered outside a request (none today) announces nothing
    shown = g.get("news_category")
    wanted = [(section, chosen) for section in SECTIONS.values()
              for chosen in ([shown, None] if shown and g.get("news_section") == section.name
                             else [None])]
    return [{"type": media_type, "title": f"{feed_title(section, chosen)} ({FORMAT_NAMES[fmt]})",
             "href": url_for(f"public.{section.name}_{fmt}",
                             **({"kategorie": chosen} if chosen else {}))}
            for section, chosen in wanted for fmt, media_type in MEDIA_TYPES.items()]


register_feeds()
