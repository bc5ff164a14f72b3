"""Uploaded files: who uploaded them, the draft and then the case they belong to, where they lie."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, created_at, intpk


class Upload(Base):
    """One uploaded file; its bytes lie under the instance's upload folder, never in static."""

    __tablename__ = "uploads"

    id: Mapped[intpk]
    token: Mapped[str] = mapped_column(String(64), unique=True)
    """Random public id (URLs, answers); the database id is never shown."""
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="SET NULL"), index=True)
    """The draft it was uploaded for (its quota); NULL once the draft is filed or discarded."""
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    """Set when the application is submitted (or the message sent); until then only the
    uploader sees the file."""
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    """The message in the case's box that carries the file (None: the application's own)."""
    filename: Mapped[str]
    """The resident's file name, sanitised, for display and download only."""
    media_type: Mapped[str] = mapped_column(String(100))
    """Detected from the content, never taken from the client."""
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    """Random file name in the upload folder."""
    created_at: Mapped[created_at]

    def reference(self) -> dict:
        """Return what an answer stores about the file."""
        return {"upload_id": self.token, "name": self.filename, "sha256": self.sha256,
                "size": self.size, "media_type": self.media_type}
