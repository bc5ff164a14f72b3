"""Submitting a draft: one transaction writes case, submission, outbox row and audit event."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

import forms
from common.db import utcnow
from mailgateway.exceptions import QueueUnavailable
from mailgateway.queue import enqueue_delivery
from mailgateway.routing import route

from . import audit, plates
from .definitions import spec_of
from .models import (
    Case,
    DefinitionStatus,
    Department,
    Draft,
    OutboxMessage,
    ReferenceCounter,
    ServiceDefinition,
    Submission,
    User,
)
from .recipients import recipient_messages
from .routing_table import routing_table
from .uploads import attach_uploads

log = logging.getLogger(__name__)


def next_reference(session: Session, prefix: str, year: int) -> str:
    """Hand out the next human reference (HST-2026-000123) with one atomic upsert."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(ReferenceCounter)
        .values(prefix=prefix, year=year, value=1)
        .on_conflict_do_update(index_elements=["prefix", "year"],
                               set_={"value": ReferenceCounter.value + 1})
        .returning(ReferenceCounter.value)
    )
    value = session.execute(statement).scalar_one()
    return f"{prefix}-{year}-{value:06d}"


def routed_department(session: Session, spec: forms.ServiceSpec,
                      answers: dict[str, Any]) -> Department:
    """Return the department for these answers: the routing table's, else the definition's.

    The definition's own `routing` rules (first `when` that holds, else `department`) give the
    default the routing table falls back to.
    """
    known = session.scalars(select(Department.key)).all()
    default = forms.department_for(spec, answers)
    key = route(routing_table(), spec.slug, default, answers, known)
    return session.scalar(select(Department).where(Department.key == key))


def fee_section(spec: forms.ServiceSpec, fee_cents: int | None) -> list[dict[str, Any]]:
    """Return the review section of the fee ("Gebühr"), or nothing if the service has none."""
    if spec.fee is None or fee_cents is None:
        return []
    return [{"title": "Gebühr",
             "rows": [[spec.fee.label, forms.format_money(fee_cents, spec.fee.currency)]]}]


def outbox_payload(case: Case, spec: forms.ServiceSpec, answers: dict[str, Any],
                   user: User) -> dict[str, Any]:
    """Return what the gateway needs to seal and deliver, without reading our other tables."""
    filed = case.submission
    fee_cents = filed.fee_cents if filed is not None else forms.fee_cents(spec, answers)
    return {
        "case_reference": case.reference,
        "service": {"slug": spec.slug, "version": spec.version, "sha256": spec.sha256,
                    "title": spec.title},
        "department": case.department.key,
        "department_name": case.department.name,
        "submitted_at": case.created_at.isoformat(),
        "applicant": {"name": user.display_name, "email": user.email},
        "answers": answers,
        "review": [{"title": s.title, "rows": [[r.label, r.value] for r in s.rows]}
                   for s in forms.review(spec, answers)] + fee_section(spec, fee_cents),
        "fee": None if fee_cents is None else {"cents": fee_cents, "currency": spec.fee.currency,
                                               "label": spec.fee.label},
    }


class AlreadySubmitted(Exception):
    """The draft was filed a moment ago (a double click, a second tab)."""


WITHDRAWN = ("Diese Leistung wird zurzeit nicht angeboten: das Amt hat sie zurückgezogen. Ihr "
             "Entwurf bleibt gespeichert; sobald die Leistung wieder angeboten wird, können Sie "
             "ihn fortsetzen und einreichen.")
RETIRED = ("Diese Fassung der Leistung ist außer Betrieb genommen und nimmt keine Anträge mehr "
           "an. Ihr Entwurf kann nicht mehr eingereicht werden; er bleibt unter „Meine Anträge“ "
           "zum Nachlesen, bis Sie ihn löschen.")
CLOSED = {DefinitionStatus.DRAFT: WITHDRAWN, DefinitionStatus.RETIRED: RETIRED}


class ServiceClosed(Exception):
    """The draft's service version takes no filings: withdrawn (for now) or retired (for good)."""


def closed_message(definition: ServiceDefinition) -> str | None:
    """Return why no filing is taken for this version (German), or None while it is published.

    A draft exists only for a version that was published when it was started, so a version
    back in DRAFT state was withdrawn.
    """
    return CLOSED.get(definition.status)


def ensure_open(session: Session, definition_id: int) -> None:
    """Raise ServiceClosed unless the version is published now (row locked until commit).

    The lock makes an administrator's withdraw or retire wait for a filing under way, so no
    case is filed under a version that was closed before the filing committed.
    """
    status = session.scalar(select(ServiceDefinition.status)
                            .where(ServiceDefinition.id == definition_id).with_for_update())
    if status is not DefinitionStatus.PUBLISHED:
        raise ServiceClosed(CLOSED.get(status, WITHDRAWN))


def submit(session: Session, draft: Draft, user: User) -> Case:
    """File the draft as a case and hand it to the gateway; the draft is gone afterwards.

    Raise ServiceClosed (the draft stays) if the version no longer takes filings.
    """
    spec, definition = spec_of(draft.definition), draft.definition
    answers = forms.prune(spec, draft.answers)  # hidden steps and fields are not filed
    draft_id = draft.id  # read now: the rollback below expires the (by then deleted) draft
    # End the read snapshot first: on SQLite (WAL) a transaction that read and then writes fails
    # at once if another writer committed meanwhile; one that starts by writing waits its turn.
    session.commit()
    # Deleting first makes a concurrent second submit of the same draft find nothing to file.
    if session.execute(delete(Draft).where(Draft.id == draft_id)).rowcount != 1:
        session.rollback()
        raise AlreadySubmitted(draft_id)
    try:
        ensure_open(session, definition.id)
    except ServiceClosed:
        session.rollback()  # the draft's delete goes back with it
        raise
    department = routed_department(session, spec, answers)
    now = utcnow()
    case = Case(reference=next_reference(session, spec.reference_prefix, now.year), user=user,
                definition=definition, department=department, created_at=now,
                due_at=now + dt.timedelta(days=spec.processing_days))
    case.submission = Submission(definition_slug=spec.slug, definition_version=spec.version,
                                 definition_sha256=spec.sha256, answers=answers,
                                 fee_cents=forms.fee_cents(spec, answers),
                                 fee_currency=spec.fee.currency if spec.fee else None)
    session.add(case)
    session.flush()
    plates.reserve(session, spec, answers, case.id, user.id)  # may raise PlateTaken
    # The answers' uploads now belong to the case; the gateway gets references, not bytes.
    case.submission.attachments = attach_uploads(session, case, spec, answers)
    outbox = OutboxMessage(message_id=str(uuid.uuid4()), kind="submission", case_id=case.id,
                           department_id=department.id, enqueued_at=now,
                           payload={**outbox_payload(case, spec, answers, user),
                                    "attachments": case.submission.attachments})
    copies = recipient_messages(session, case, spec, answers)
    session.add_all([outbox, *copies])
    session.flush()
    audit.record(session, "submitted", case, case_id=case.id, reference=case.reference,
                 definition=f"{spec.slug}@{spec.version}", message_id=outbox.message_id)
    session.commit()
    for message in (outbox, *copies):
        hand_to_gateway(message.id)
    return case


def hand_to_gateway(outbox_id: int) -> None:
    """Enqueue after commit; if Redis is down, the relay picks the row up later."""
    try:
        enqueue_delivery(outbox_id)
    except QueueUnavailable as exc:
        log.warning("outbox %s stays pending for the relay: %s", outbox_id, exc)
