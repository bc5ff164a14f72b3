"""Demo publications for `make run`: news, a press release, a planned item, and two
announcements (one expired), written by the demo editor; added once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.db import utcnow

from ..models import NewsItem, NewsKind, NewsState, Role, User

DEMO_FILE = Path(__file__).with_name("news_demo.json")
"""The items as data (German, as an editor wrote them); `days` is the publication relative to
today, `expires` the expiry relative to today (or null)."""


def seed_demo(session: Session) -> int:
    """Add the demo items not there yet (by title); return how many were added."""
    author = session.scalar(select(User).where(User.role == Role.EDITOR).order_by(User.id))
    if author is None:
        return 0
    existing = set(session.scalars(select(NewsItem.title)))
    now, added = utcnow().replace(second=0, microsecond=0), 0
    for entry in json.loads(DEMO_FILE.read_text(encoding="utf-8")):
        if entry["title"] in existing:
            continue
        expires = entry["expires"]
        session.add(NewsItem(
            kind=NewsKind(entry["kind"]), state=NewsState.VEROEFFENTLICHT,
            title=entry["title"], teaser=entry["teaser"], body=entry["body"],
            category=entry["category"], author_id=author.id,
            publish_at=now + dt.timedelta(days=entry["days"]),
            expires_at=now + dt.timedelta(days=expires) if expires is not None else None))
        added += 1
    return added
