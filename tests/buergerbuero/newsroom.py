"""Helpers of the news tests: an empty newsroom, items written straight into the database, the
demo editor's login, and a form's values as the editor's page posts them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select

from buergerbuero.core.extensions import db
from buergerbuero.models import NewsAttachment, NewsItem, NewsKind, NewsState, User
from common.db import utcnow

from ..support import login_demo

EDITOR = "redaktion@example.org"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def clear_news(app: Any) -> None:
    """Delete every publication (the demo's too), so a test counts only its own."""
    with app.app_context():
        db.session.execute(delete(NewsAttachment))
        db.session.execute(delete(NewsItem))
        db.session.commit()


def add_item(app: Any, **values: Any) -> int:
    """Store a published news item (overridable), public since an hour; return its id."""
    with app.app_context():
        author = db.session.scalar(select(User).where(User.email == EDITOR))
        fields = {"kind": NewsKind.NACHRICHT, "state": NewsState.VEROEFFENTLICHT,
                  "title": "Neue Öffnungszeiten", "teaser": "Kurz gesagt.",
                  "body": "Der **Text**.", "category": "rathaus",
                  "publish_at": utcnow() - dt.timedelta(hours=1), "author_id": author.id,
                  **values}
        item = NewsItem(**fields)
        db.session.add(item)
        db.session.commit()
        return item.id


def login_editor(client: Any) -> None:
    """Log the demo editor in."""
    login_demo(client, EDITOR)


def typed(**values: str) -> dict[str, str]:
    """Return the editor form's fields as a browser posts them (overridable)."""
    return {"kind": "nachricht", "title": "Stadtfest am Wochenende",
            "teaser": "Musik und Markt auf dem Rathausplatz.",
            "body": "## Programm\n\n* Samstag: Markt\n* Sonntag: Konzert",
            "category": "kultur", "publish_at": "2026-01-10T09:00", "expires_at": "",
            **values}
