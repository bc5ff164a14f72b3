"""What the Löschfrist leaves and what it needs: the anonymous statistic of a purged case, the
offers of cases to the city archive (Anbietungspflicht), and the files a purge still owes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, intpk


class CaseStatistic(Base):
    """A purged case as a number: which service, department and days, never who or which case.

    Days, not instants: the statistic must not be joinable back to an audit event's time.
    """

    __tablename__ = "case_statistics"

    id: Mapped[intpk]
    service_slug: Mapped[str] = mapped_column(String(80), index=True)
    definition_version: Mapped[int]
    department_key: Mapped[str] = mapped_column(String(80))
    filed_on: Mapped[dt.date]
    received_on: Mapped[dt.date | None]
    decided_on: Mapped[dt.date | None]
    closed_on: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(32))
    """How it ended: abgeschlossen or zurueckgenommen."""
    outcome: Mapped[str | None] = mapped_column(String(32))
    """The issued Bescheid's outcome (bewilligung, teilbewilligung, ablehnung), if any."""
    purged_at: Mapped[dt.datetime]


class ArchiveDecision:
    """The archive's answer to an offer (plain strings, stored as they are)."""

    TAKE = "uebernahme"
    """The archive keeps the case (it holds the bundle as its copy)."""
    RELEASE = "freigabe"
    """The archive does not want it: released for deletion."""
    ALL = (TAKE, RELEASE)


class ArchiveOffer(Base):
    """A case offered to the city archive before its deletion, and the archive's answer.

    Outlives the case (no foreign key; `case_id` is emptied by the purge): it is the proof that
    the offer was made, what was handed over (path and sha256) and who recorded the decision.
    An offer belongs to one closing of its case: a case reopened and closed again is offered
    anew (privacy/archive_offers.py current_offer), so a case may have several, the newest
    counting; the older ones stay as history.
    """

    __tablename__ = "archive_offers"

    id: Mapped[intpk]
    case_id: Mapped[int | None] = mapped_column(index=True)
    reference: Mapped[str] = mapped_column(String(40), index=True)
    service_slug: Mapped[str] = mapped_column(String(80))
    offered_at: Mapped[dt.datetime]
    bundle_path: Mapped[str] = mapped_column(String(500))
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str | None] = mapped_column(String(16))
    """ArchiveDecision.TAKE or .RELEASE; None while the archive has not answered."""
    decided_at: Mapped[dt.datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    """Who recorded it: an administrator's e-mail, or the name given on the command line."""


class PendingFileRemoval(Base):
    """A stored file whose row a committed purge deleted, until the file is gone too.

    Written in the purge's transaction: a crash after the commit leaves the list, and the next
    run removes the files, so no file outlives its case.
    """

    __tablename__ = "pending_file_removals"

    storage_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    """An upload's storage name (kind UPLOAD), or `archive-offer-<id>` (kind BUNDLE)."""
    queued_at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(16), default="upload", server_default="upload")
    """UPLOAD: a file in the upload folder; BUNDLE: the evidence bundle an archive offer wrote
    into the drop folder (its path is the offer's bundle_path), removed once released."""

    UPLOAD = "upload"
    BUNDLE = "bundle"
