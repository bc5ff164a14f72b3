"""Labels of every state the platform shows (cases, service versions, outbox, receipts) and
departments' names in the reader's language.

German msgids, translated when `label()` is asked (the reader's language).

Views and templates never show an enum's value; they ask `label(member)`, so a state added to
an enum without a label fails loudly (tests/buergerbuero/test_labels.py) instead of showing English.
"""

from __future__ import annotations

import enum

from common.i18n import _l
from forms.texts import Text
from mailgateway import RECEIPT_LABELS
from mailgateway import channel_label as transport_label

from ..models import CaseStatus, Department, OutboxStatus, Role, VersionState

CASE_STATUS = {
    CaseStatus.EINGEREICHT: _l("Eingereicht"),
    CaseStatus.ZUGESTELLT: _l("Zugestellt"),
    CaseStatus.WEITERGELEITET: _l("Weitergeleitet"),
    CaseStatus.IN_BEARBEITUNG: _l("In Bearbeitung"),
    CaseStatus.RUECKFRAGE: _l("Rückfrage"),
    CaseStatus.ENTSCHIEDEN: _l("Entschieden"),
    CaseStatus.ABGESCHLOSSEN: _l("Abgeschlossen"),
    CaseStatus.ABGELEHNT: _l("Abgelehnt"),
    CaseStatus.ZURUECKGENOMMEN: _l("Zurückgenommen"),
}
LABELS: dict[enum.Enum, object] = {
    **CASE_STATUS,
    # A version's shown state (ServiceDefinition.state), never its stored status: a withdrawn
    # version is stored as DRAFT again and must not read "Entwurf".
    VersionState.DRAFT: _l("Entwurf"),
    VersionState.PUBLISHED: _l("Veröffentlicht"),
    VersionState.WITHDRAWN: _l("Zurückgezogen"),
    VersionState.RETIRED: _l("Außer Betrieb"),
    OutboxStatus.PENDING: _l("Wartend"),
    OutboxStatus.SENDING: _l("In Zustellung"),
    OutboxStatus.DELIVERED: _l("Zugestellt"),
    OutboxStatus.FAILED: _l("Fehlgeschlagen"),
    Role.RESIDENT: _l("Bürgerin oder Bürger"),
    Role.CASEWORKER: _l("Sachbearbeitung"),
    Role.EDITOR: _l("Redaktion"),
    Role.ADMIN: _l("Verwaltung"),
    **RECEIPT_LABELS,  # shown in the reader's language; the signed titles stay German
}
LABELLED = (CaseStatus, VersionState, OutboxStatus, Role, *{type(k) for k in RECEIPT_LABELS})


def label(member: enum.Enum) -> str:
    """Return a state's label in the reader's language (KeyError for an unlabelled one)."""
    return str(LABELS[member])


def channel_label(channel: str) -> str:
    """Return the name of a transport channel, as its plug-in declares it."""
    return str(transport_label(channel))


def department_name(department: Department) -> Text:
    """Return a department's name in the reader's language (German, its official name, where
    it has no English; on an English page marked lang="de")."""
    return Text(department.name, department.name_en)
