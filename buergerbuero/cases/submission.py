"""Submitting a draft: one transaction writes case, submission, outbox row and audit event."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

import forms
import mailgateway
from common.db import utcnow
from common.i18n import _l, current_language

from ..catalogue.definitions import spec_of
from ..catalogue.routing import routed_department
from ..core import audit
from ..models import (
    Case,
    DefinitionStatus,
    Draft,
    ReferenceCounter,
    ServiceDefinition,
    Submission,
    User,
)
from . import plates
from .applicants import index_applicant
from .payloads import submission_payload
from .recipients import post_copies
from .uploads import attach_uploads


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


class AlreadySubmitted(Exception):
    """The draft was filed a moment ago (a double click, a second tab)."""


CLOSED = {
    DefinitionStatus.DRAFT: _l(
        "Diese Leistung wurde vorübergehend zurückgezogen und wird zurzeit nicht angeboten. Ihr "
        "Entwurf bleibt gespeichert; sobald die Leistung wieder angeboten wird, können Sie ihn "
        "fortsetzen und einreichen."),
    DefinitionStatus.RETIRED: _l(
        "Diese Fassung der Leistung ist außer Betrieb genommen und nimmt keine Anträge mehr an. "
        "Ihr Entwurf kann nicht mehr eingereicht werden; er bleibt unter „Meine Anträge“ zum "
        "Nachlesen, bis Sie ihn löschen."),
}
"""Why a version takes no filings, by its status; shown in the reader's language."""
# The German texts (outside an app context a lazy text is German), for comparisons in tests.
WITHDRAWN = str(CLOSED[DefinitionStatus.DRAFT])
RETIRED = str(CLOSED[DefinitionStatus.RETIRED])


class ServiceClosed(Exception):
    """The draft's service version takes no filings: withdrawn (for now) or retired (for good)."""


def closed_message(definition: ServiceDefinition) -> str | None:
    """Return why no filing is taken for this version (in the reader's language), or None
    while it is published.

    A draft exists only for a version that was published when it was started, so a version
    back in DRAFT state was withdrawn.
    """
    message = CLOSED.get(definition.status)
    return None if message is None else str(message)


def ensure_open(session: Session, definition_id: int) -> None:
    """Raise ServiceClosed unless the version is published now (row locked until commit).

    The lock makes an administrator's withdraw or retire wait for a filing under way, so no
    case is filed under a version that was closed before the filing committed.
    """
    status = session.scalar(select(ServiceDefinition.status)
                            .where(ServiceDefinition.id == definition_id).with_for_update())
    if status is not DefinitionStatus.PUBLISHED:
        raise ServiceClosed(str(CLOSED.get(status, CLOSED[DefinitionStatus.DRAFT])))


def submit(session: Session, draft: Draft, user: User, *,
           retrieval_consent: bool = False) -> Case:
    """File the draft as a case and hand it to the gateway; the draft is gone afterwards.

    `retrieval_consent`: the resident agreed that decisions are announced by retrieval
    (§ 41 Abs. 2a VwVfG); stored with the case. Raise ServiceClosed (the draft stays) if the
    version no longer takes filings.
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
        case = file_answers(session, definition, spec, answers, user,
                            retrieval_consent=retrieval_consent)
    except ServiceClosed:
        session.rollback()  # the draft's delete goes back with it
        raise
    session.commit()  # the gateway enqueues the posted rows once this commits
    return case


def file_answers(session: Session, definition: ServiceDefinition, spec: forms.ServiceSpec,
                 answers: dict, user: User, *, retrieval_consent: bool = False) -> Case:
    """File given answers as a case in the caller's transaction (nothing committed).

    Raise ServiceClosed if the version takes no filings (the caller rolls back). Used by
    `submit` and by a Sprechstunde booking, whose answers come from the booked slot.
    """
    ensure_open(session, definition.id)
    department = routed_department(session, spec, answers)
    now = utcnow()
    # The resident's language: their receipt and what they are told later follow it; what goes
    # to the department does not (payloads.py builds it in German).
    case = Case(reference=next_reference(session, spec.reference_prefix, now.year), user=user,
                definition=definition, department=department, created_at=now,
                due_at=now + dt.timedelta(days=spec.processing_days),
                locale=current_language(), applicant_name=user.display_name,
                retrieval_consent_at=now if retrieval_consent else None)
    case.submission = Submission(definition_slug=spec.slug, definition_version=spec.version,
                                 definition_sha256=spec.sha256, answers=answers,
                                 fee_cents=forms.computed_fee(spec, answers),
                                 fee_currency=spec.fee.currency if spec.fee else None)
    session.add(case)
    session.flush()
    index_applicant(session, case)
    plates.reserve(session, spec, answers, case.id, user.id)  # may raise PlateTaken
    # The answers' uploads now belong to the case; the gateway gets references, not bytes.
    case.submission.attachments = attach_uploads(session, case, spec, answers)
    outbox = mailgateway.post(session, submission_payload(case, spec, answers, user),
                              department=department, case_id=case.id, enqueued_at=now)
    post_copies(session, case, spec, answers)
    audit.record(session, "submitted", case, case_id=case.id, reference=case.reference,
                 definition=f"{spec.slug}@{spec.version}", message_id=outbox.message_id)
    if retrieval_consent:
        audit.record(session, "retrieval_consent_given", case, case_id=case.id)
    return case
