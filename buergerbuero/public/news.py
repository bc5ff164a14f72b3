"""News and announcements: configuration, categories, sections, and the bounded queries that
decide what the public sees (published, due, not expired)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, abort, current_app, request, url_for
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import _l

from ..models import NewsItem, NewsKind, NewsState

DEFAULTS: dict[str, Any] = {
    # slug (stable: feed URLs and filters name it) -> name shown; an instance sets its own
    "NEWS_CATEGORIES": {
        "rathaus": _l("Rathaus und Verwaltung"),
        "verkehr": _l("Verkehr und Bauen"),
        "umwelt": _l("Umwelt und Klima"),
        "kultur": _l("Kultur und Freizeit"),
        "soziales": _l("Familie und Soziales"),
    },
    "NEWS_PAGE_SIZE": 10,
    "NEWS_FEED_SIZE": 30,
    "NEWS_ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
}


@dataclass(frozen=True)
class Section:
    """One public list with its feeds: news (with press releases) or announcements."""

    name: str
    """Endpoint prefix and URL word: 'aktuelles' or 'bekanntmachungen'."""
    kinds: tuple[NewsKind, ...]
    title: Any


SECTIONS = {
    "aktuelles": Section("aktuelles", (NewsKind.NACHRICHT, NewsKind.PRESSEMITTEILUNG),
                         _l("Aktuelles")),
    "bekanntmachungen": Section("bekanntmachungen", (NewsKind.BEKANNTMACHUNG,),
                                _l("Öffentliche Bekanntmachungen")),
}
KIND_LABELS = {
    NewsKind.NACHRICHT: _l("Nachricht"),
    NewsKind.PRESSEMITTEILUNG: _l("Pressemitteilung"),
    NewsKind.BEKANNTMACHUNG: _l("Öffentliche Bekanntmachung"),
}
STATE_LABELS = {
    NewsState.ENTWURF: _l("Entwurf"),
    NewsState.VEROEFFENTLICHT: _l("Veröffentlicht"),
    NewsState.ZURUECKGEZOGEN: _l("Zurückgezogen"),
}
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})  # untranslated: spelling


def init_app(app: Flask) -> None:
    """Default the NEWS_ keys and the attachment folder (outside static)."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("NEWS_ATTACHMENTS_DIR", str(Path(app.instance_path) / "news-files"))


def section_of(item: NewsItem) -> Section:
    """Return the public section an item is listed in."""
    return SECTIONS["bekanntmachungen" if item.kind == NewsKind.BEKANNTMACHUNG else "aktuelles"]


def categories() -> dict[str, str]:
    """Return the configured categories, slug -> name in the reader's language."""
    return {slug: str(name) for slug, name in current_app.config["NEWS_CATEGORIES"].items()}


def category_name(slug: str) -> str:
    """Return a category's name (a slug no longer configured shows as itself)."""
    return categories().get(slug, slug)


def chosen_category() -> str | None:
    """Return the category the request filters by (?kategorie=); 404 for an unknown one."""
    slug = request.args.get("kategorie") or None
    if slug is not None and slug not in categories():
        abort(404)
    return slug


def slug_of(title: str) -> str:
    """Return the URL word of a title: lower-case ASCII, umlauts spelt out, dashes."""
    ascii_title = unicodedata.normalize("NFKD", title.lower().translate(UMLAUTS))
    ascii_title = ascii_title.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:80] or "beitrag"


def detail_url(item: NewsItem, **values: Any) -> str:
    """Return the stable address of an item's page (id and title's slug)."""
    return url_for(f"public.{section_of(item).name}_detail", post_id=item.id,
                   post_slug=slug_of(item.title), **values)


def is_public(item: NewsItem, now: dt.datetime | None = None) -> bool:
    """Say whether anyone may see the item: published and its publication time come."""
    return item.state == NewsState.VEROEFFENTLICHT and item.publish_at <= (now or utcnow())


def is_expired(item: NewsItem, now: dt.datetime | None = None) -> bool:
    """Say whether the item's expiry has passed (it left the lists)."""
    return item.expires_at is not None and item.expires_at <= (now or utcnow())


def listed(section: Section, category: str | None, now: dt.datetime) -> Select:
    """Return the query of a section's public, unexpired items, newest first."""
    query = select(NewsItem).where(
        NewsItem.kind.in_(section.kinds), NewsItem.state == NewsState.VEROEFFENTLICHT,
        NewsItem.publish_at <= now,
        or_(NewsItem.expires_at.is_(None), NewsItem.expires_at > now))
    if category is not None:
        query = query.where(NewsItem.category == category)
    return query.order_by(NewsItem.publish_at.desc(), NewsItem.id.desc())


def page_of(session: Session, section: Section, category: str | None,
            page: int) -> tuple[list[NewsItem], int]:
    """Return one page of a section's list and the number of pages (at least 1)."""
    now, size = utcnow(), current_app.config["NEWS_PAGE_SIZE"]
    query = listed(section, category, now)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, -(-total // size))
    if page < 1 or page > pages:
        abort(404)
    items = session.scalars(query.limit(size).offset((page - 1) * size)).all()
    return list(items), pages


def newest(session: Session, section: Section, category: str | None) -> list[NewsItem]:
    """Return the newest public items of a section for its feed (NEWS_FEED_SIZE at most)."""
    query = listed(section, category, utcnow()).limit(current_app.config["NEWS_FEED_SIZE"])
    return list(session.scalars(query))
