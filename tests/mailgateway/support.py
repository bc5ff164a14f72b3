"""Helpers of the gateway tests: a filed case, its inbox entries, reloaded rows, a later moment."""

from __future__ import annotations

import datetime as dt
import subprocess

from sqlalchemy import func, select

from buergerbuero.models import Case, OutboxMessage, PostfachEntry, Receipt, SignedDocument
from common.db import utcnow

from .. import support


def filed_case(client, db_session) -> tuple[Case, OutboxMessage]:
    """File one dog-tax application and return its case and outbox row (not yet delivered)."""
    support.register(client)
    reference = support.file_hundesteuer(client)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    return case, outbox


def count_entries(session, case: Case) -> int:
    """Return how many inbox entries the case has."""
    support.fresh(session)
    return session.scalar(select(func.count()).select_from(PostfachEntry)
                          .where(PostfachEntry.case_id == case.id))


def later(seconds: int = 3600) -> dt.datetime:
    """Return a moment far enough ahead that every grace period has passed."""
    return utcnow() + dt.timedelta(seconds=seconds)


def reloaded(db_session, outbox: OutboxMessage) -> OutboxMessage:
    """Return the outbox row as the database has it now."""
    db_session.rollback()
    return db_session.get(OutboxMessage, outbox.id)


def receipt_kinds(db_session, message_id: str) -> set[str]:
    """Return the kinds of receipt recorded for a message."""
    return {r.kind.value for r in db_session.scalars(
        select(Receipt).where(Receipt.message_id == message_id))}


def delivered(client, db_session, run_gateway):
    """File and deliver one case; return its sealed PDF and its Eingangsbestätigung."""
    case, _ = filed_case(client, db_session)
    run_gateway()
    pdf = db_session.scalar(select(SignedDocument).where(SignedDocument.case_id == case.id))
    receipt = db_session.scalar(select(Receipt).where(Receipt.case_id == case.id,
                                                      Receipt.kind == "eingang"))
    return pdf.content, receipt


def tamper(pdf: bytes) -> bytes:
    """Change one letter inside the signed bytes (the header comment) and keep the PDF readable."""
    changed = pdf.replace(b"PDF document", b"PDF dokument", 1)
    assert changed != pdf
    return changed


def encryption_key_ids(homedir: str, armored: bytes) -> set[str]:
    """Return the key ids a message is encrypted to, as gpg itself lists the packets."""
    listing = subprocess.run(["gpg", "--batch", "--homedir", homedir, "--list-packets"],
                             input=armored, capture_output=True, check=False).stdout.decode()
    return {line.split("keyid ")[1].split()[0] for line in listing.splitlines()
            if line.startswith(":pubkey enc packet:")}


def subkey_ids(homedir: str, fingerprint: str) -> set[str]:
    """Return the long ids of a key's encryption subkeys."""
    listing = subprocess.run(["gpg", "--batch", "--homedir", homedir, "--with-colons",
                              "--list-keys", fingerprint], capture_output=True, check=True)
    return {line.split(":")[4] for line in listing.stdout.decode().splitlines()
            if line.startswith("sub:")}
