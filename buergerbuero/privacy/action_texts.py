"""Readable names of the audit log's actions: those that can concern a resident (the Auskunft
lists them) and the staff's own (the Verwaltung's Protokoll shows them too). A code without a
text reads "Sonstige Änderung (code)", never the bare code; tests/buergerbuero/
test_action_texts.py scans the source so that every recorded action has a text."""

from __future__ import annotations

from common.i18n import _, _l

RESIDENT_ACTIONS = {
    # the account
    "register": _l("Konto angelegt"), "email_confirmed": _l("Adresse bestätigt"),
    "login": _l("Anmeldung"), "logout": _l("Abmeldung"),
    "password_changed": _l("Passwort geändert"), "password_set": _l("Passwort gesetzt"),
    "password_reset_requested": _l("Passwort-Link angefordert"),
    "email_change_requested": _l("Adressänderung angefordert"),
    "email_changed": _l("Adresse geändert"),
    "notifications_changed": _l("Benachrichtigungen geändert"),
    "account_deleted": _l("Konto gelöscht"),
    "account_deleted_case": _l("Konto gelöscht: was mit diesem Antrag geschieht"),
    # drafts and files
    "file_uploaded": _l("Datei hochgeladen"), "file_downloaded": _l("Datei heruntergeladen"),
    "file_deleted": _l("Datei gelöscht"), "draft_discarded": _l("Entwurf gelöscht"),
    "draft_expired": _l("Entwurf nach Ablauf der Aufbewahrungsfrist gelöscht"),
    # the case
    "submitted": _l("Antrag eingereicht"),
    "retrieval_consent_given": _l("Einwilligung in die Bekanntgabe des Bescheids zum Abruf "
                                  "erteilt"),
    "delivered": _l("Zugestellt"), "delivery_retried": _l("Zustellung erneut versucht"),
    "opened": _l("Vom Amt geöffnet"), "message_sent": _l("Nachricht gesendet"),
    "case_claimed": _l("Bearbeitung im Amt übernommen"),
    "case_assigned": _l("Im Amt einer Sachbearbeitung zugewiesen"),
    "case_released": _l("Im Amt zur Bearbeitung freigegeben"),
    "status_changed": _l("Status geändert"), "forwarded": _l("Weitergeleitet"),
    "query_asked": _l("Rückfrage gestellt"), "query_answered": _l("Rückfrage beantwortet"),
    "withdrawn": _l("Antrag zurückgenommen"),
    # the decision
    "decision_drafted": _l("Bescheid entworfen"),
    "decision_submitted": _l("Bescheid zur Freigabe vorgelegt"),
    "decision_approved": _l("Bescheid freigegeben (Vier-Augen-Prinzip)"),
    "decision_issued": _l("Bescheid erlassen"),
    "decision_provided": _l("Bescheid zum Abruf bereitgestellt"),
    "decision_notified": _l("Über den bereitgestellten Bescheid benachrichtigt"),
    "decision_retrieved": _l("Bescheid abgerufen"),
    "decision_provision_ended": _l("Bereitstellung des Bescheids zum Abruf beendet"),
    "decision_posted": _l("Bescheid per Post versandt"),
    # documents, the file's end
    "document_downloaded": _l("Dokument heruntergeladen"),
    "archive_downloaded": _l("Vorgangsakte heruntergeladen"),
    "evidence_downloaded": _l("Nachweispaket des Vorgangs heruntergeladen"),
    "archive_offered": _l("Akte dem Archiv angeboten"),
    "archive_decided": _l("Archiv hat über die Übernahme der Akte entschieden"),
    "case_purged": _l("Akte nach Ablauf der Löschfrist gelöscht"),
    # appointments
    "appointment_booked": _l("Termin gebucht"), "appointment_cancelled": _l("Termin abgesagt"),
    "appointment_rebooked": _l("Termin verlegt"),
}
"""Every action that can concern a resident (their account, drafts, cases, appointments)."""

STAFF_ACTIONS = {
    "staff_created": _l("Mitarbeiterkonto angelegt"),
    "staff_updated": _l("Mitarbeiterkonto geändert"),
    "staff_enabled": _l("Mitarbeiterkonto freigeschaltet"),
    "staff_disabled": _l("Mitarbeiterkonto gesperrt"),
    "staff_link_sent": _l("Link zum Setzen des Passworts gesendet"),
    "department_saved": _l("Amt gespeichert"),
    "definition_stored": _l("Leistungsdefinition gespeichert"),
    "definition_publish": _l("Leistung veröffentlicht"),
    "definition_unpublish": _l("Veröffentlichung der Leistung zurückgenommen"),
    "definition_retire": _l("Leistung eingestellt"),
    "legal_page.saved": _l("Rechtliche Seite gespeichert"),
    "news_created": _l("Meldung angelegt"), "news_updated": _l("Meldung geändert"),
    "news_published": _l("Meldung veröffentlicht"),
    "news_withdrawn": _l("Meldung zurückgezogen"),
    "news_attachment_added": _l("Anhang einer Meldung hinzugefügt"),
    "news_attachment_removed": _l("Anhang einer Meldung entfernt"),
    "consultation_hours_created": _l("Sprechzeiten angelegt"),
    "consultation_hours_changed": _l("Sprechzeiten geändert"),
    "council.committee_created": _l("Gremium angelegt"),
    "council.committee_changed": _l("Gremium geändert"),
    "council.meeting_created": _l("Sitzung angelegt"),
    "council.meeting_changed": _l("Sitzung geändert"),
    "council.item_added": _l("Tagesordnungspunkt hinzugefügt"),
    "council.item_removed": _l("Tagesordnungspunkt entfernt"),
    "council.document_added": _l("Sitzungsdokument hinzugefügt"),
    "council.document_removed": _l("Sitzungsdokument entfernt"),
    "council.oparl_imported": _l("Ratsinformationen aus OParl übernommen"),
}
"""The staff's own actions, which never concern a resident's data."""


def action_text(code: str) -> str:
    """Return an action's readable name in the current language; for a code without one (an
    action added later), a generic German line that still names the code."""
    text = RESIDENT_ACTIONS.get(code) or STAFF_ACTIONS.get(code)
    return str(text) if text else _("Sonstige Änderung (%(code)s)", code=code)
