"""German labels of every state the platform shows: cases, service versions, outbox, receipts.

Views and templates never show an enum's value; they ask `label(member)`, so a state added to
an enum without a label fails loudly (tests/buergerbuero/test_labels.py) instead of showing English.
"""

from __future__ import annotations

import enum

from mailgateway import RECEIPT_TITLES
from mailgateway import channel_label as transport_label

from ..models import CaseStatus, OutboxStatus, Role, VersionState

CASE_STATUS = {
    CaseStatus.EINGEREICHT: "Eingereicht",
    CaseStatus.ZUGESTELLT: "Zugestellt",
    CaseStatus.WEITERGELEITET: "Weitergeleitet",
    CaseStatus.IN_BEARBEITUNG: "In Bearbeitung",
    CaseStatus.RUECKFRAGE: "Rückfrage",
    CaseStatus.ABGESCHLOSSEN: "Abgeschlossen",
    CaseStatus.ABGELEHNT: "Abgelehnt",
}
LABELS: dict[enum.Enum, str] = {
    **CASE_STATUS,
    # A version's shown state (ServiceDefinition.state), never its stored status: a withdrawn
    # version is stored as DRAFT again and must not read "Entwurf".
    VersionState.DRAFT: "Entwurf",
    VersionState.PUBLISHED: "Veröffentlicht",
    VersionState.WITHDRAWN: "Zurückgezogen",
    VersionState.RETIRED: "Außer Betrieb",
    OutboxStatus.PENDING: "Wartend",
    OutboxStatus.SENDING: "In Zustellung",
    OutboxStatus.DELIVERED: "Zugestellt",
    OutboxStatus.FAILED: "Fehlgeschlagen",
    Role.RESIDENT: "Bürgerin oder Bürger",
    Role.CASEWORKER: "Sachbearbeitung",
    Role.ADMIN: "Verwaltung",
    **RECEIPT_TITLES,  # the receipts' titles are part of what the gateway signs: one source
}
LABELLED = (CaseStatus, VersionState, OutboxStatus, Role, *{type(k) for k in RECEIPT_TITLES})


def label(member: enum.Enum) -> str:
    """Return the German label of a state (KeyError for an unlabelled one: never English)."""
    return LABELS[member]


def channel_label(channel: str) -> str:
    """Return the German name of a transport channel, as its plug-in declares it."""
    return transport_label(channel)
