"""Demo content of the public side for `make run`, added once: publications by the demo editor
(news, a press release, a planned item, two announcements, one expired) and the Gemeinderat
with two committees, each with a past and upcoming meetings dated from the day of set-up."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.db import utcnow
from common.formatting import local

from ..models import AgendaItem, Committee, Meeting, NewsItem, NewsKind, NewsState, Role, User
from .council import local_moment

DEMO_FILE = Path(__file__).with_name("news_demo.json")
"""The items as data (German, as an editor wrote them); `days` is the publication relative to
today, `expires` the expiry relative to today (or null)."""


def seed_news(session: Session) -> int:
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


DEMO = (
    ("gemeinderat", "Gemeinderat", "GR", "Gemeinderat",  # untranslated: demo
     "Rathaus, Großer Sitzungssaal"),  # untranslated: demo
    ("bauausschuss", "Ausschuss für Bauen und Umwelt", "BauA",  # untranslated: demo
     "Ausschuss", "Rathaus, Raum 112"),  # untranslated: demo
    ("hauptausschuss", "Haupt- und Finanzausschuss", "HFA",  # untranslated: demo
     "Ausschuss", "Rathaus, Raum 201"),  # untranslated: demo
)
"""Key, name, short name, kind and usual place of each demo committee (German data)."""
AGENDA = (
    ("1", "Eröffnung, Feststellung der Beschlussfähigkeit", True),  # untranslated: demo
    ("2", "Genehmigung der Niederschrift der letzten Sitzung", True),  # untranslated: demo
    ("3", "Bebauungsplan „Am Mühlbach“ – Aufstellungsbeschluss", True),  # untranslated: demo
    ("4", "Grundstücksangelegenheiten", False),  # untranslated: demo
    ("5", "Mitteilungen und Anfragen", True),  # untranslated: demo
)
DAYS = (-21, 9, 30)
"""A past meeting and two upcoming ones, in days from today."""


def seed_council(session: Session) -> None:
    """Add the demo committees with their meetings, unless they exist (idempotent)."""
    today = local(utcnow()).date()
    for offset, (key, name, short, kind, place) in enumerate(DEMO):
        if session.scalar(select(Committee.id).where(Committee.key == key)) is not None:
            continue
        committee = Committee(key=key, name=name, short_name=short, kind=kind)
        session.add(committee)
        for days in DAYS:
            day = today + dt.timedelta(days=days + offset)
            session.add(demo_meeting(committee, day, place))


def demo_meeting(committee: Committee, day: dt.date, place: str) -> Meeting:
    """Return a meeting from 17 to 19 o'clock on the day, with the demo agenda."""
    meeting = Meeting(committee=committee, starts_at=local_moment(day, dt.time(17)),
                      ends_at=local_moment(day, dt.time(19)), location=place)
    meeting.items = [AgendaItem(position=n, number=number, title=title, public=public)
                     for n, (number, title, public) in enumerate(AGENDA, start=1)]
    return meeting
