"""Public pages of news and announcements: the lists (paged, filtered by category) and each
item's page at its stable address; attachments are downloaded through news_files."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request
from flask_login import current_user

from common.db import utcnow

from ..core.extensions import db
from ..models import NewsItem
from . import bp
from .editor_views import EDITING_ROLES
from .news import (
    KIND_LABELS,
    SECTIONS,
    STATE_LABELS,
    Section,
    categories,
    category_name,
    chosen_category,
    detail_url,
    is_expired,
    is_public,
    page_of,
    section_of,
    slug_of,
)


def is_editor() -> bool:
    """Say whether the current user writes publications (and may see them before they are out)."""
    return current_user.is_authenticated and current_user.role in EDITING_ROLES


def list_page(section: Section) -> str:
    """Show one page of a section's public list, optionally of one category."""
    category = chosen_category()
    page = request.args.get("seite", 1, type=int)
    items, pages = page_of(db.session, section, category, page)
    g.news_section, g.news_category = section.name, category
    return render_template("public/news_list.html", section=section, items=items, page=page,
                           pages=pages, category=category, categories=categories())


def detail_page(section: Section, post_id: int, post_slug: str):
    """Show one item at its address; an old slug (or the other section) redirects to it."""
    item = db.session.get(NewsItem, post_id)
    if item is None or not (is_public(item) or is_editor()):
        abort(404)
    if post_slug != slug_of(item.title) or section_of(item) != section:
        return redirect(detail_url(item), 301)
    now = utcnow()
    return render_template("public/news_detail.html", item=item, section=section,
                           public=is_public(item, now), expired=is_expired(item, now))


def register_pages() -> None:
    """Add each section's list and detail routes."""
    for section in SECTIONS.values():
        def listing(section: Section = section) -> str:
            return list_page(section)

        def detail(post_id: int, post_slug: str, section: Section = section):
            return detail_page(section, post_id, post_slug)

        listing.__doc__ = f"List the public items of {section.name}."
        detail.__doc__ = f"Show one item of {section.name}."
        bp.add_url_rule(f"/{section.name}", section.name, listing)
        bp.add_url_rule(f"/{section.name}/<int:post_id>-<post_slug>", f"{section.name}_detail",
                        detail)


register_pages()


@bp.context_processor
def news_helpers() -> dict:
    """Give the area's templates the item's address, kind, state and category names."""
    return {"news_url": detail_url, "news_kind": lambda item: KIND_LABELS[item.kind],
            "news_state": lambda item: STATE_LABELS[item.state],
            "news_category": category_name, "news_public": is_public}
