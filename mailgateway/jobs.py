"""The delivery job: seal the receipt, build and encrypt the envelope, hand it over, prove it.

Jobs take ids, run in their own app context, and are idempotent: the outbox row is claimed
with a conditional UPDATE, so a job that runs twice (or concurrently) delivers once. Only a job
that hangs past the stuck bound can lose its row to another; then the platform still gets the
message once (unique message ids), an external channel possibly twice with the same message id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from flask import current_app
from sqlalchemy import or_, update

from common.db import utcnow

from .carried import carried_files
from .envelope import Attachment, build_envelope
from .exceptions import PermanentDeliveryError
from .keys import GatewayKeys, gateway_keys
from .models import Department, OutboxMessage, OutboxStatus, ReceiptKind, SignedDocument
from .payloads import payload_for, serialised
from .receipts import Delivery, sign_receipt
from .resident_box import deliver_to_resident, recipient_of
from .retries import Claim, give_up, schedule_retry
from .seal import SealedDocument, sealed_document
from .state import session as db_session
from .state import state
from .transports import Parcel, app_transports

log = logging.getLogger(__name__)


def deliver(outbox_id: int) -> str:
    """Deliver one outbox message exactly once; return its final state."""
    with current_app._get_current_object().app_context():  # fresh session per job
        session = db_session()
        claimed = claim(session, outbox_id)
        if claimed is None:
            log.info("outbox %s: not claimable (done or in progress elsewhere)", outbox_id)
            return "skipped"
        outbox, department = claimed
        open_claims = state().open_claims
        held = open_claims[outbox_id] = Claim(outbox.attempts, outbox.started_at)
        try:
            hand_over(session, gateway_keys(), outbox, department)
        except PermanentDeliveryError as exc:
            outcome = "failed" if give_up(session, outbox_id, held, exc) else overtaken(outbox)
        except Exception as exc:
            if schedule_retry(session, outbox_id, held, exc):
                open_claims.pop(outbox_id, None)
                raise  # rq records the failed job; our row already says what happens next
            outcome = overtaken(outbox)
        else:
            outcome = "delivered"
            log.info("outbox %s (%s): delivered", outbox_id, outbox.message_id)
        open_claims.pop(outbox_id, None)
        return outcome


def overtaken(outbox: OutboxMessage) -> str:
    """Log that another job took the row over while this one hung; return "skipped"."""
    # For an external channel both jobs may have sent the message: the receiver sees the same
    # message id twice. Into the platform, the unique message id let only one of them in.
    log.warning("outbox %s (%s): taken over by another job after the stuck bound; this "
                "attempt's outcome is dropped", outbox.id, outbox.message_id)
    return "skipped"


def claim(session: Any, outbox_id: int) -> tuple[OutboxMessage, Department] | None:
    """Mark the row as being sent if it is pending or stuck; return it and its department if
    this job won it, else None. One short transaction: UPDATE ... RETURNING, then commit."""
    now = utcnow()
    stuck_before = now - dt.timedelta(seconds=current_app.config["MAILGATEWAY_STUCK_SECONDS"])
    outbox = session.scalar(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id,
               or_(OutboxMessage.status == OutboxStatus.PENDING,
                   (OutboxMessage.status == OutboxStatus.SENDING)
                   & (OutboxMessage.started_at < stuck_before)))
        .values(status=OutboxStatus.SENDING, started_at=now,
                attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage)
    )
    department = session.get(Department, outbox.department_id) if outbox is not None else None
    session.commit()  # loaded objects stay usable (expire_on_commit is off)
    return (outbox, department) if outbox is not None else None


def hand_over(session: Any, keys: GatewayKeys, outbox: OutboxMessage,
              department: Department) -> None:
    """Seal, encrypt and deliver through the department's channel (or into the resident's
    box), then record it in one commit.

    No database transaction stays open while the channel talks to the network (SMTP, webhook);
    the postfach channel and the resident's box write into the platform and so join the final
    transaction.
    """
    payload = payload_for(outbox.kind, outbox.payload)
    document = sealed_document(keys, payload, outbox.case_id)
    attachments = [Attachment(document.filename, "application/pdf", document.content)
                   ] if document else []
    attachments += carried_files(session, payload, outbox.case_id)
    envelope = build_envelope(outbox.message_id, serialised(payload), attachments)
    # A resident holds no key: their box keeps the envelope encrypted to the gateway's own.
    recipient_key = keys.gateway_fingerprint if payload.TO_RESIDENT else department.key_fingerprint
    ciphertext = keys.keyring.sign_encrypt(envelope, signer=keys.gateway_fingerprint,
                                           recipients=[recipient_key])
    recipient = (recipient_of(payload.case_reference) if payload.TO_RESIDENT
                 else department.key)
    delivery = Delivery(outbox.message_id, outbox.case_id, recipient,
                        hashlib.sha256(ciphertext).hexdigest())
    sent = sign_receipt(keys, ReceiptKind.VERSAND, delivery)
    parcel = Parcel(outbox.message_id, outbox.case_id, department, ciphertext,
                    delivery.envelope_sha256, session)
    if payload.TO_RESIDENT:
        accepted = deliver_to_resident(parcel, outbox.kind.value)
    else:
        accepted = app_transports()[department.channel].deliver(parcel)
    received = sign_receipt(keys, ReceiptKind.EINGANG, delivery, at=accepted.at,
                            detail=accepted.detail)
    record_delivery(session, outbox, delivery, [sent, received], document)


def record_delivery(session: Any, outbox: OutboxMessage, delivery: Delivery,
                    receipts: list[Any], document: SealedDocument | None) -> None:
    """Store receipts and document, mark the row delivered and tell the listeners; commit.

    Nothing is looked up first: only the job holding the claim gets here, and a previous
    attempt either committed all of this together with `delivered` or nothing. This write is
    the one not conditional on the claim: should a job that took over a stuck row race the
    original one to here, the unique constraints on the message id refuse the second commit.
    """
    session.add_all(receipts)
    if document is not None and document.keep:
        session.add(SignedDocument(message_id=outbox.message_id, case_id=outbox.case_id,
                                   kind=document.kind, filename=document.stored_name,
                                   content=document.content,
                                   sha256=hashlib.sha256(document.content).hexdigest()))
    outbox.status, outbox.delivered_at = OutboxStatus.DELIVERED, utcnow()
    outbox.envelope_sha256, outbox.last_error = delivery.envelope_sha256, None
    for listener in state().on_delivered:
        listener(session, outbox)
    session.commit()
