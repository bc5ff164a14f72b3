"""The case archive (Vorgangsakte): a case's whole record, in order, as one sealed PDF.

What goes in: the application as filed, every message with its files, each Rückfrage with its
answer, the Bescheid with its Bekanntgabe, every status change and every receipt. The archive
is written in German, the language of the record, and read from the tables the conversation
writes (messages, uploads, case_queries, decisions, audit events, receipts, signed documents),
so whatever a case holds appears without more work. `signing` lays it out; the gateway seals.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow
from common.formatting import format_datetime, local
from common.i18n import SOURCE_LANGUAGE, _, force_locale
from signing.archive_pdf import ArchiveChapter, ArchiveDocument, ArchiveEntry, render_archive

from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..core.labels import label
from ..models import Case, OutboxMessage, Upload
from . import archive_record as record
from .payloads import fee_section, sections_of


def archive_filename(case: Case) -> str:
    """Return the archive's download name."""
    return f"Vorgangsakte-{case.reference}.pdf"  # untranslated: a German record's name


def sealed_archive(session: Session, case: Case, *, for_department: bool = False) -> bytes:
    """Render the case's archive now and seal it with the municipality's seal."""
    pdf = render_archive(archive_document(session, case, for_department=for_department),
                         mailgateway.document_fonts())
    # untranslated: the seal's reason is signed, part of the legal record
    return mailgateway.seal_pdf(pdf, reason=f"Vorgangsakte {case.reference}")


def evidence_zip(session: Session, case: Case, *, for_department: bool = False) -> bytes:
    """Return the case's evidence bundle (ZIP) with a freshly sealed archive in it."""
    archive = mailgateway.BundleFile(archive_filename(case),
                                     sealed_archive(session, case, for_department=for_department))
    withheld = () if for_department else record.unreceived_letters(session, case)
    return mailgateway.evidence_bundle(session, case.id, case.reference, archive, withheld)


def archive_document(session: Session, case: Case, *, for_department: bool = False
                     ) -> ArchiveDocument:
    """Return the archive's content in German; a department's also says why it was forwarded."""
    from flask import current_app

    with force_locale(SOURCE_LANGUAGE):
        municipality = current_app.config["MUNICIPALITY"]
        chapters = (
            ArchiveChapter(_("Antrag"), application_entries(session, case),
                           _("Die Angaben stehen in der gesiegelten Eingangsquittung.")),
            ArchiveChapter(_("Nachrichten"), record.message_entries(session, case),
                           _("Keine Nachrichten.")),
            ArchiveChapter(_("Rückfragen"), record.query_entries(session, case),
                           _("Keine Rückfragen.")),
            ArchiveChapter(_("Bescheid"),
                           record.decision_entries(session, case, for_department),
                           _("Kein Bescheid erlassen.")),
            ArchiveChapter(_("Statusänderungen"),
                           record.status_entries(session, case, for_department),
                           _("Keine Statusänderungen.")),
            ArchiveChapter(_("Nachweise der Poststelle"), record.receipt_entries(session, case),
                           _("Keine Nachweise.")),
            ArchiveChapter(_("Gesiegelte Dokumente"), record.document_entries(session, case),
                           _("Keine gesiegelten Dokumente.")),
        )
        return ArchiveDocument(
            title=_("Vorgangsakte %(reference)s", reference=case.reference),
            reference=case.reference, issuer=municipality, created_at=utcnow(),
            overview=overview(case), chapters=chapters,
            note=_("Diese Vorgangsakte gibt den Vorgang so wieder, wie er am %(at)s gespeichert "
                   "war. Sie ist mit dem elektronischen Siegel der %(municipality)s versehen; "
                   "die Echtheit lässt sich mit jedem PDF-Programm, auf der Seite „Nachweise "
                   "prüfen“ der Plattform oder mit dem Nachweispaket prüfen.",
                   at=format_datetime(utcnow(), SOURCE_LANGUAGE), municipality=municipality))


def overview(case: Case) -> tuple[tuple[str, str], ...]:
    """Return the archive's head: reference, service, department, applicant, filing, status."""
    definition = case.definition
    user = case.user
    return (
        (_("Aktenzeichen"), case.reference),
        (_("Leistung"), _("%(title)s (%(slug)s, Version %(version)s)", title=definition.title,
                          slug=definition.slug, version=definition.version)),
        (_("Zuständig"), case.department.name),
        (_("Antragsteller/in"), f"{case.applicant_name or user.display_name} ({user.email})"),
        (_("Eingereicht"), format_datetime(case.created_at, SOURCE_LANGUAGE)),
        (_("Status"), label(case.status)),
        (_("Akte erstellt"), format_datetime(utcnow(), SOURCE_LANGUAGE)),
    )


def application_entries(session: Session, case: Case) -> tuple[ArchiveEntry, ...]:
    """Return the application as filed: the review's sections, the fee, the uploads."""
    sections = filed_sections(session, case)
    entries = [ArchiveEntry(section.title, rows=tuple(section.rows)) for section in sections]
    uploads = session.scalars(select(Upload).where(
        Upload.case_id == case.id, Upload.message_id.is_(None)).order_by(Upload.id)).all()
    if uploads:
        entries.append(ArchiveEntry(_("Hochgeladene Dateien des Antrags"),
                                    rows=tuple(record.file_row(u) for u in uploads)))
    return tuple(entries)


def filed_sections(session: Session, case: Case) -> tuple[mailgateway.Section, ...]:
    """Return the answers' review as filed: from the definition the case was filed under, or,
    if it no longer loads, from the submission as the gateway sealed it into the receipt."""
    filed = case.submission
    if filed is None:
        return ()
    try:
        spec = spec_of(case.definition)
    except DefinitionUnavailable:
        return sealed_review(session, case)
    filed_on = local(case.created_at).date() if case.created_at else None
    fee = fee_section(spec, filed.fee_cents) if filed.fee_currency else ()
    return sections_of(spec, filed.answers, today=filed_on) + fee


def sealed_review(session: Session, case: Case) -> tuple[mailgateway.Section, ...]:
    """Return the review the submission's payload carries (what its receipt shows)."""
    row = session.scalar(select(OutboxMessage).where(
        OutboxMessage.case_id == case.id,
        OutboxMessage.kind == mailgateway.OutboxKind.SUBMISSION).order_by(OutboxMessage.id))
    if row is None:
        return ()
    try:
        return tuple(mailgateway.payload_for(row.kind, row.payload).review)
    except mailgateway.GatewayError:
        return ()
