"""The Auskunft nach Art. 15 DSGVO as a readable, sealed PDF: what is held (from `own_data`),
why, for whom and for how long (from the service definitions), and the resident's rights.

Written in German, the language of the record (like the case archive); `signing` lays it out
and the gateway seals it, so the resident can show it to anyone as issued by the city.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow
from common.i18n import SOURCE_LANGUAGE, _, force_locale
from signing.archive_pdf import ArchiveChapter, ArchiveDocument, ArchiveEntry, render_archive

from ..cases.archive import application_entries
from ..cases.archive_record import day, when
from ..core.labels import label
from ..models import Case, CaseStatus, User
from . import auskunft_texts as texts
from .own_data import collect


def auskunft_filename() -> str:
    """Return the download name."""
    return f"Auskunft-DSGVO-{utcnow():%Y-%m-%d}.pdf"  # untranslated: a German document's name


def sealed_auskunft(session: Session, user: User) -> bytes:
    """Render the resident's Auskunft now and seal it with the municipality's seal."""
    pdf = render_archive(auskunft_document(session, user), mailgateway.document_fonts())
    return mailgateway.seal_pdf(pdf, reason="Auskunft nach Art. 15 DSGVO")  # untranslated: signed


def auskunft_document(session: Session, user: User) -> ArchiveDocument:
    """Return the Auskunft's content in German."""
    data = collect(session, user)
    cases = list(session.scalars(select(Case).where(Case.user_id == user.id).order_by(Case.id)))
    with force_locale(SOURCE_LANGUAGE):
        chapters = (account_chapter(data), drafts_chapter(data["drafts"]),
                    *(case_chapter(session, case, found)
                      for case, found in zip(cases, data["cases"], strict=True)),
                    appointments_chapter(data["appointments"]), mails_chapter(data["mails"]),
                    events_chapter(data["audit_events"]),
                    texts.purposes_chapter(session, user), texts.rights_chapter())
        # Laid out as the case archive is, its page header naming the document.
        return ArchiveDocument(
            title=_("Auskunft über Ihre personenbezogenen Daten"), reference="",
            header=_("Auskunft nach Art. 15 DSGVO"),
            issuer=current_app.config["MUNICIPALITY"], created_at=data["created_at"],
            overview=((_("Für"), user.display_name), (_("E-Mail-Adresse"), user.email),
                      (_("Stand"), when(data["created_at"])),
                      (_("Anträge"), str(len(cases))),
                      (_("Entwürfe"), str(len(data["drafts"])))),
            chapters=chapters, note=texts.closing_note(data["created_at"]))


def yes_no(value: bool) -> str:
    """Return "ja" or "nein"."""
    return _("ja") if value else _("nein")


def account_chapter(data: dict[str, Any]) -> ArchiveChapter:
    """Return the account, its settings and its logins."""
    account = data["account"]
    rows = ((_("Name"), account["display_name"]), (_("E-Mail-Adresse"), account["email"]),
            (_("Konto angelegt"), when(account["created_at"])),
            (_("Adresse bestätigt"), when(account["email_confirmed_at"]) or _("nein")),
            (_("Sprache"), account["language"] or _("wie der Browser")),
            (_("Benachrichtigung per E-Mail"),
             yes_no(account["notifications"]["notify_by_email"])))
    logins = tuple((when(s["created_at"]), _("zuletzt aktiv %(at)s", at=when(
        s["last_seen_at"] or s["created_at"])) + (_(", beendet %(at)s", at=when(s["revoked_at"]))
                                                   if s["revoked_at"] else ""))
                   for s in data["sessions"])
    return ArchiveChapter(_("Ihr Konto"), (
        ArchiveEntry(_("Angaben zum Konto"), rows=rows),
        ArchiveEntry(_("Anmeldungen"), rows=logins or ((_("keine"), ""),))))


def drafts_chapter(drafts: list[dict[str, Any]]) -> ArchiveChapter:
    """Return the unfinished applications (answers as saved, by field)."""
    entries = tuple(ArchiveEntry(
        _("Entwurf: %(title)s", title=d["service"]["title"]),
        rows=((_("Zuletzt gespeichert"), when(d["updated_at"])),
              *((str(key), texts.short(value)) for key, value in d["answers"].items()),
              *((f["name"], _("hochgeladene Datei")) for f in d["files"])))
        for d in drafts)
    return ArchiveChapter(_("Entwürfe"), entries, _("Keine Entwürfe."))


def case_chapter(session: Session, case: Case, found: dict[str, Any]) -> ArchiveChapter:
    """Return one case: overview, the application, history, messages, files, openings."""
    overview = ArchiveEntry(_("Überblick"), rows=(
        (_("Leistung"), found["service"]["title"]), (_("Amt"), found["department"]),
        (_("Status"), label(case.status)), (_("Eingereicht"), when(case.created_at)),
        (_("Entschieden"), when(case.decided_at) or "–")))
    history = ArchiveEntry(_("Verlauf"), rows=tuple(
        (when(s["at"]), label(CaseStatus(s["to"]))) for s in found["status_history"]))
    messages = tuple(ArchiveEntry(
        _("Nachricht vom %(at)s – %(who)s", at=when(m["at"]),
          who=_("von Ihnen") if m["from"] == "resident" else found["department"]),
        text=m["body"]) for m in found["messages"])
    files = ArchiveEntry(_("Dateien"), rows=tuple(
        (f["name"], _("%(size)d Bytes, SHA-256 %(sha256)s", size=f["size"], sha256=f["sha256"]))
        for f in found["files"]))
    opened = ArchiveEntry(_("Wer hat Ihren Antrag geöffnet"), rows=tuple(
        (when(o["opened_at"]), f"{o['department']} – {o['what']}")
        for o in found["opened_by_departments"]) or ((_("noch niemand"), ""),))
    receipts = ArchiveEntry(_("Nachweise der Poststelle"), rows=tuple(
        (when(r["issued_at"]), label(r["kind"])) for r in found["receipts"]))
    decisions = tuple(ArchiveEntry(_("Bescheid vom %(day)s", day=day(d["dated"])),
                                   text=d["body"]) for d in found["decisions"])
    entries = (overview, *application_entries(session, case), history, *messages, files,
               opened, receipts, *decisions)
    return ArchiveChapter(_("Antrag %(reference)s", reference=case.reference),
                          tuple(e for e in entries if e.rows or e.text))


def appointments_chapter(appointments: list[dict[str, Any]]) -> ArchiveChapter:
    """Return the Sprechstunde bookings."""
    entries = tuple(ArchiveEntry(a["title"], rows=(
        (_("Termin"), when(a["slot_start"])), (_("Amt"), a["department"]),
        (_("Thema"), a["topic"]), (_("Stand"), texts.appointment_state(a))))
        for a in appointments)
    return ArchiveChapter(_("Termine der Digitalen Sprechstunde"), entries, _("Keine Termine."))


def mails_chapter(mails: list[dict[str, Any]]) -> ArchiveChapter:
    """Return the e-mails to the account (their content is deleted once sent)."""
    rows = tuple((when(m["sent_at"] or m["created_at"]), m["subject"] or texts.mail_kind(m["kind"]))
                 for m in mails)
    return ArchiveChapter(_("E-Mails an Sie"), (ArchiveEntry(
        _("Gesendete und wartende E-Mails"), rows=rows),) if rows else (), _("Keine E-Mails."))


def events_chapter(events: list[dict[str, Any]]) -> ArchiveChapter:
    """Return the audit events about the account and its cases."""
    rows = tuple((when(e["at"]), texts.event_text(e)) for e in events)
    return ArchiveChapter(_("Protokoll"), (ArchiveEntry(
        _("Protokollierte Vorgänge (ohne Namen von Beschäftigten)"), rows=rows),) if rows else (),
        _("Keine Einträge."))
