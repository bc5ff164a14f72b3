"""The legal pages' texts as administrators write them: every save is kept as a version."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, created_at, intpk, text

from .users import User


class LegalPageVersion(Base):
    """One saved text of a legal page (Impressum, Datenschutz, Barrierefreiheit); the newest
    of a page is the one shown, the older ones stay as its history (who wrote what when)."""

    __tablename__ = "legal_page_versions"
    __table_args__ = (Index("ix_legal_page_versions_page_created", "page", "created_at"),)

    id: Mapped[intpk]
    page: Mapped[str] = mapped_column(String(40))
    """The page's name in its address: impressum, datenschutz, barrierefreiheit."""
    body: Mapped[text]
    """The text in the Markdown subset of `text_blocks` (paragraphs, lists, headings, links)."""
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[created_at]

    author: Mapped[User] = relationship()
