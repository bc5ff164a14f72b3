"""Published service definitions (versioned, never edited in place) and residents' drafts."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, created_at, intpk, text, utcnow


class DefinitionStatus(enum.Enum):
    """Life of one definition version."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class VersionState(enum.Enum):
    """What a version is to the people shown it, derived from the stored status (not stored)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    RETIRED = "retired"


class ServiceDefinition(Base):
    """One version of a service definition, kept verbatim with its sha256."""

    __tablename__ = "service_definitions"
    __table_args__ = (UniqueConstraint("slug", "version", name="uq_service_definitions_slug_ver"),)

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(index=True)
    version: Mapped[int]
    title: Mapped[str]
    source: Mapped[text]
    sha256: Mapped[str]
    status: Mapped[DefinitionStatus] = mapped_column(default=DefinitionStatus.DRAFT)
    published_at: Mapped[dt.datetime | None]
    created_at: Mapped[created_at]

    @property
    def state(self) -> VersionState:
        """Return the shown state: a DRAFT that was published before has been withdrawn."""
        if self.status is DefinitionStatus.DRAFT and self.published_at is not None:
            return VersionState.WITHDRAWN
        return VersionState(self.status.value)


class Draft(Base):
    """A resident's unfinished application: answers so far and the step to resume at."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "definition_id", name="uq_drafts_user_def"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("service_definitions.id"))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    current_step: Mapped[str] = mapped_column(default="")
    completed_steps: Mapped[list[Any]] = mapped_column(default=list)
    unvalidated_input: Mapped[dict[str, Any] | None]
    """Steps saved for later before they validated: {step id: {form field name: [raw values]}}."""
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    """The last time the resident saved it; an untouched draft is deleted after
    DRAFT_RETENTION_DAYS (privacy/drafts.py)."""
    warned_at: Mapped[dt.datetime | None]
    """When the resident was told the draft will be deleted; a warning older than the last
    save counts as none (the draft was touched since)."""

    definition: Mapped[ServiceDefinition] = relationship()
