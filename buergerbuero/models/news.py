"""News, press releases and official announcements (öffentliche Bekanntmachungen) that editors
publish, with the files attached to them."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, created_at, intpk, text, utcnow


class NewsKind(enum.Enum):
    """What a publication is; announcements have their own list and feeds."""

    PRESSEMITTEILUNG = "pressemitteilung"
    NACHRICHT = "nachricht"
    BEKANNTMACHUNG = "bekanntmachung"


class NewsState(enum.Enum):
    """Where a publication stands: written, published (public from publish_at), withdrawn."""

    ENTWURF = "entwurf"
    VEROEFFENTLICHT = "veroeffentlicht"
    ZURUECKGEZOGEN = "zurueckgezogen"


class NewsItem(Base):
    """One publication: public once published and its publication time has come."""

    __tablename__ = "news_items"
    # The public lists ask for one kind's published items newest first: one index serves them.
    __table_args__ = (Index("ix_news_items_listing", "kind", "state", "publish_at"),)

    id: Mapped[intpk]
    kind: Mapped[NewsKind]
    state: Mapped[NewsState] = mapped_column(default=NewsState.ENTWURF)
    title: Mapped[str] = mapped_column(String(200))
    teaser: Mapped[text]
    body: Mapped[text]
    """The editor's Markdown subset (shown through text_blocks)."""
    category: Mapped[str] = mapped_column(String(64))
    """Slug of a configured category (NEWS_CATEGORIES)."""
    publish_at: Mapped[dt.datetime]
    """Not public before this moment, even when published."""
    expires_at: Mapped[dt.datetime | None]
    """After it the item leaves the lists and feeds; its page stays, with a note."""
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now())
    attachments: Mapped[list[NewsAttachment]] = relationship(
        back_populates="item", order_by="NewsAttachment.id", cascade="all, delete-orphan")


class NewsAttachment(Base):
    """A file (PDF, PNG, JPEG) attached to a publication; bytes under a random name outside
    static."""

    __tablename__ = "news_attachments"

    id: Mapped[intpk]
    token: Mapped[str] = mapped_column(String(64), unique=True)
    """Random public id for the download URL."""
    item_id: Mapped[int] = mapped_column(ForeignKey("news_items.id"), index=True)
    filename: Mapped[str]
    """The editor's file name, sanitised and ending as its detected type."""
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[created_at]
    item: Mapped[NewsItem] = relationship(back_populates="attachments")
