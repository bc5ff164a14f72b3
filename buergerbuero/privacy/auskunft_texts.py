"""The Auskunft's explaining texts: purposes, recipients and retention per service (from the
definitions the resident's cases and drafts were filed under), the rights, short readings of
stored values, mails and audit events. German: called inside the Auskunft's force_locale."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.i18n import _, _l
from signing.archive_pdf import ArchiveChapter, ArchiveEntry

from ..cases.archive_record import when
from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..models import Case, Department, Draft, ServiceDefinition, User
from .action_texts import action_text
from .statement import legal_basis_of, purpose_of

MAIL_KINDS = {
    "confirm_email": _l("Bestätigung Ihrer E-Mail-Adresse"),
    "change_email": _l("Bestätigung einer neuen E-Mail-Adresse"),
    "email_changed": _l("Hinweis: E-Mail-Adresse geändert"),
    "reset_password": _l("Link zum Zurücksetzen des Passworts"),
    "already_registered": _l("Hinweis: Konto besteht bereits"),
    "case_received": _l("Ihr Antrag ist eingegangen"),
    "case_message": _l("Neue Nachricht zu Ihrem Antrag"),
    "case_query": _l("Rückfrage zu Ihrem Antrag"),
    "case_query_reminder": _l("Erinnerung an eine Rückfrage"),
    "case_decided": _l("Bescheid zu Ihrem Antrag"),
    "appointment_reminder": _l("Erinnerung an Ihren Termin"),
}
BY = {"resident": _l("von Ihnen"), "department": _l("durch das Amt"),
      "system": _l("durch das System")}
RIGHTS = _l(
    "Sie haben das Recht auf Auskunft (Art. 15 DSGVO), auf Berichtigung unrichtiger Daten "
    "(Art. 16), auf Löschung (Art. 17), soweit keine gesetzliche Aufbewahrungspflicht "
    "entgegensteht, auf Einschränkung der Verarbeitung (Art. 18), auf Datenübertragbarkeit "
    "(Art. 20; die maschinenlesbare Fassung laden Sie unter „Meine Daten“ als JSON herunter) und "
    "auf Widerspruch (Art. 21). Sie können Ihr Konto unter „Meine Daten“ selbst löschen. Sie "
    "können sich bei der oder dem Datenschutzbeauftragten der Stadt und bei der "
    "Aufsichtsbehörde für den Datenschutz Ihres Landes beschweren (Art. 77 DSGVO).")


def short(value: Any, limit: int = 300) -> str:
    """Return a stored answer as one readable line (groups and files as compact JSON)."""
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def mail_kind(kind: str) -> str:
    """Return what a mail was about, for a sent mail whose subject is already deleted."""
    return str(MAIL_KINDS.get(kind, kind))


def event_text(event: dict[str, Any]) -> str:
    """Return one audit event as a line: the action, the case, who (never a name)."""
    action = event["action"]
    parts = [action_text(action), str(BY[event["by"]])]
    if event["case"]:
        parts.insert(1, event["case"])
    if event["details"].get("to"):
        parts.append(f"{event['details'].get('from')} → {event['details']['to']}")
    return " · ".join(parts)


def appointment_state(appointment: dict[str, Any]) -> str:
    """Return whether a booking stands or was cancelled."""
    if appointment["cancelled_at"]:
        return _("abgesagt am %(at)s", at=when(appointment["cancelled_at"]))
    return _("gebucht")


def services_of(session: Session, user: User) -> list[ServiceDefinition]:
    """Return the service versions the resident's cases and drafts were filed under."""
    ids = set(session.scalars(select(Case.definition_id).where(Case.user_id == user.id)))
    ids |= set(session.scalars(select(Draft.definition_id).where(Draft.user_id == user.id)))
    return list(session.scalars(select(ServiceDefinition).where(ServiceDefinition.id.in_(ids))
                                .order_by(ServiceDefinition.slug, ServiceDefinition.version)))


def purposes_chapter(session: Session, user: User) -> ArchiveChapter:
    """Return purpose, recipients and retention of each service the resident used."""
    entries = []
    for row in services_of(session, user):
        try:
            spec = spec_of(row)
        except DefinitionUnavailable:
            continue
        # Purpose and legal basis as the privacy statement says them: one source, the definition.
        entries.append(ArchiveEntry(str(spec.title), rows=(
            (_("Zweck"), str(purpose_of(spec))),
            (_("Rechtsgrundlage"), str(legal_basis_of(spec))),
            (_("Empfänger"), recipients_text(session, spec)),
            (_("Speicherdauer"), retention_text(spec.retention_days)))))
    return ArchiveChapter(_("Zwecke, Empfänger und Speicherdauer"), tuple(entries),
                          _("Sie haben keine Leistung genutzt."))


def retention_text(days: int) -> str:
    """Return how long a service's case is kept, and what happens to drafts (the platform's
    draft expiry: DRAFT_RETENTION_DAYS after the last change, warned DRAFT_WARNING_DAYS before)."""
    config = current_app.config
    return _("%(days)d Tage nach Abschluss des Vorgangs (Löschfrist). Ein nicht eingereichter "
             "Entwurf wird %(draft_days)d Tage nach seiner letzten Änderung mit seinen Dateien "
             "gelöscht; %(warning_days)d Tage vorher erhalten Sie eine E-Mail, wenn Sie "
             "Benachrichtigungen erhalten. Sie können einen Entwurf auch selbst löschen.",
             days=days, draft_days=config["DRAFT_RETENTION_DAYS"],
             warning_days=config["DRAFT_WARNING_DAYS"])


def recipients_text(session: Session, spec: Any) -> str:
    """Return the department and the bodies that by law receive part of the answers."""
    keys = [spec.department, *(r.department for r in spec.recipients)]
    names = dict(session.execute(select(Department.key, Department.name)
                                 .where(Department.key.in_(keys))).all())
    return ", ".join(names.get(key, key) for key in keys)


def rights_chapter() -> ArchiveChapter:
    """Return the resident's rights."""
    return ArchiveChapter(_("Ihre Rechte"), (ArchiveEntry(_("Rechte nach der DSGVO"),
                                                          text=str(RIGHTS)),))


def closing_note(at: dt.datetime) -> str:
    """Return the note under the Auskunft."""
    return _("Diese Auskunft gibt wieder, was am %(at)s zu Ihrem Konto gespeichert war. Die "
             "Namen der Beschäftigten, die Ihre Anträge bearbeiten, sind nicht aufgeführt; "
             "genannt ist das zuständige Amt. Die Datei ist mit dem elektronischen Siegel der "
             "Stadt versehen.", at=when(at))
