"""Committees (Gremien), their meetings (Sitzungen), agenda items and documents.

Times are stored in UTC; editors type them, and readers see them, in the city's local time.
`oparl_id` holds the id of an object imported from another OParl server: importing the same
file again updates the object instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, created_at, intpk, text


class Committee(Base):
    """A Gremium: the council, a committee or a district assembly."""

    __tablename__ = "committees"

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(unique=True)
    """Stable URL name, e.g. 'bauausschuss'."""
    name: Mapped[str]
    short_name: Mapped[str] = mapped_column(default="")
    kind: Mapped[str]
    """Stadtrat, Ausschuss, Bezirksversammlung ... (OParl: classification)."""
    oparl_id: Mapped[str | None] = mapped_column(unique=True)
    created_at: Mapped[created_at]
    modified_at: Mapped[created_at]
    meetings: Mapped[list[Meeting]] = relationship(back_populates="committee",
                                                   order_by="Meeting.starts_at")


class Meeting(Base):
    """A Sitzung of one committee at a time and place."""

    __tablename__ = "meetings"

    id: Mapped[intpk]
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    name: Mapped[str] = mapped_column(default="")
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime | None]
    location: Mapped[str] = mapped_column(default="")
    public: Mapped[bool] = mapped_column(default=True)
    cancelled: Mapped[bool] = mapped_column(default=False)
    oparl_id: Mapped[str | None] = mapped_column(unique=True)
    created_at: Mapped[created_at]
    modified_at: Mapped[created_at]
    committee: Mapped[Committee] = relationship(back_populates="meetings")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan")
    documents: Mapped[list[CouncilDocument]] = relationship(
        back_populates="meeting", order_by="CouncilDocument.id", cascade="all, delete-orphan")


class AgendaItem(Base):
    """A Tagesordnungspunkt (TOP) of a meeting; a non-public one shows only its number."""

    __tablename__ = "agenda_items"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int]
    """Order within the meeting (OParl: order)."""
    number: Mapped[str] = mapped_column(default="")
    title: Mapped[str] = mapped_column(default="")
    public: Mapped[bool] = mapped_column(default=True)
    body: Mapped[text] = mapped_column(default="")
    """Optional explanation in the help texts' Markdown subset."""
    oparl_id: Mapped[str | None] = mapped_column(unique=True)
    meeting: Mapped[Meeting] = relationship(back_populates="items")


class CouncilDocument(Base):
    """A PDF attached to a meeting, or to one of its agenda items."""

    __tablename__ = "council_documents"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    name: Mapped[str]
    """The title readers see, e.g. 'Einladung'."""
    filename: Mapped[str]
    storage_name: Mapped[str] = mapped_column(unique=True)
    """Random name of the file under instance/council (never the uploaded one)."""
    media_type: Mapped[str] = mapped_column(default="application/pdf")
    size: Mapped[int]
    sha512: Mapped[str] = mapped_column(default="")
    created_at: Mapped[created_at]
    meeting: Mapped[Meeting] = relationship(back_populates="documents")
