"""Deleting one case's rows, and the files a committed deletion still owes.

Every table that names a case is in CASE_TABLES (deleted) or KEPT_TABLES (kept, with why);
tests/buergerbuero/test_retention.py fails on a table in neither, so a new table is not
forgotten by the Löschfrist. The files of deleted uploads, and the evidence bundle of a case
the archive released, are listed in pending_file_removals in the same transaction and removed
after the commit: a crash between leaves the list, never a file without its case's rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from common.db import Base

from ..cases.uploads import remove_files
from ..models import (
    ArchiveDecision,
    ArchiveOffer,
    Case,
    Decision,
    MailMessage,
    PendingFileRemoval,
    Upload,
)

CASE_TABLES: dict[str, tuple[str, ...]] = {
    "case_search_terms": ("case_id",),
    "uploads": ("case_id",),
    "case_queries": ("case_id",),
    "decisions": ("case_id", "issued_case_id"),
    "plate_reservations": ("case_id",),
    "appointments": ("case_id",),  # the row goes, and with it its seat in the slot
    "receipts": ("case_id",),
    "signed_documents": ("case_id",),
    "resident_box_entries": ("case_id",),
    "postfach_entries": ("case_id",),
    "outbox_messages": ("case_id",),
    "submissions": ("case_id",),
    "messages": ("case_id",),
}
"""The tables whose rows belong to a case, with the columns that name it."""
KEPT_TABLES: dict[str, str] = {
    "audit_events": "kept, details redacted (core.audit.redact_case_events)",
    "archive_offers": "the proof of the offer to the archive; its case_id is emptied",
}
"""Tables that name a case and outlive it, each with why."""


def purge_order() -> list[Table]:
    """Return the case tables, those that point at others first (foreign keys hold)."""
    return [t for t in reversed(Base.metadata.sorted_tables) if t.name in CASE_TABLES]


def delete_case_rows(session: Session, case_id: int) -> list[str]:
    """Delete every row of the case (the case row too); return the storage names of its
    uploads, queued in pending_file_removals (the caller commits, then remove_pending)."""
    names = list(session.scalars(select(Upload.storage_name).where(Upload.case_id == case_id)))
    notices = [m for m in session.scalars(select(Decision.notice_mail_id).where(
        Decision.case_id == case_id)) if m is not None]
    for table in purge_order():
        for column in CASE_TABLES[table.name]:
            session.execute(delete(table).where(table.c[column] == case_id))
    if notices:  # the mail that told of the Bescheid names the case
        session.execute(delete(MailMessage).where(MailMessage.id.in_(notices)))
    session.execute(update(ArchiveOffer).where(ArchiveOffer.case_id == case_id)
                    .values(case_id=None))
    session.execute(delete(Case).where(Case.id == case_id))
    return names


def queue_removals(session: Session, names: list[str], now: dt.datetime) -> None:
    """List files whose rows this transaction deletes, to be removed after its commit."""
    session.add_all(PendingFileRemoval(storage_name=name, queued_at=now) for name in names)


def queue_released_bundle(session: Session, case_id: int, now: dt.datetime) -> list[str]:
    """List the evidence bundle of the case's newest offer for removal if the archive released
    it (taken, the file is the archive's); return its entry's name (none: an empty list)."""
    offer = session.scalar(select(ArchiveOffer).where(ArchiveOffer.case_id == case_id)
                           .order_by(ArchiveOffer.id.desc()).limit(1))
    if offer is None or offer.decision != ArchiveDecision.RELEASE:
        return []
    name = f"archive-offer-{offer.id}"
    session.add(PendingFileRemoval(storage_name=name, queued_at=now,
                                   kind=PendingFileRemoval.BUNDLE))
    return [name]


def remove_bundles(session: Session, names: list[str]) -> None:
    """Remove the drop folder's bundles of the listed offers (a file already gone, e.g.
    collected by the archive, counts as removed)."""
    ids = [int(name.rsplit("-", 1)[1]) for name in names]
    for path in session.scalars(select(ArchiveOffer.bundle_path).where(
            ArchiveOffer.id.in_(ids))):
        Path(path).unlink(missing_ok=True)


def remove_pending(session: Session, names: list[str] | None = None) -> int:
    """Remove the listed files (all that are pending when `names` is None) and their entries;
    return how many. Commits."""
    query = select(PendingFileRemoval.storage_name, PendingFileRemoval.kind)
    if names is not None:
        query = query.where(PendingFileRemoval.storage_name.in_(names))
    rows = session.execute(query).all()
    pending = [name for name, _ in rows]
    remove_files([name for name, kind in rows if kind == PendingFileRemoval.UPLOAD])
    remove_bundles(session, [name for name, kind in rows if kind == PendingFileRemoval.BUNDLE])
    if pending:
        session.execute(delete(PendingFileRemoval).where(
            PendingFileRemoval.storage_name.in_(pending)))
    session.commit()
    return len(pending)
