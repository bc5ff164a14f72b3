"""The chain head signed with the gateway's OpenPGP key: `flask audit seal`, and once per
AUDIT_SEAL_INTERVAL_SECONDS (a day) from the gateway relay's round.

A seal fixes a position and its hash. Whoever can write the database can recompute a hash
chain (it holds no secret), but not the gateway's signature: every event up to the newest seal
is beyond a silent rewrite. The seal is signed by the same signer as the receipts
(SIGNING_RECEIPT_SIGNER), so a key on a smartcard seals as well. Each seal is also appended
to the seal file (privacy/audit_seal_file.py), so that deleted seals show.
"""

from __future__ import annotations

import json
import time

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow

from ..core.extensions import db
from ..models import HEAD_ID, AuditChainHead, AuditSeal
from . import audit_seal_file
from .audit_chain import GENESIS
from .audit_verify import BATCH, RECORD_TYPE, Break, Verdict, walk

STATE_KEY = "buergerbuero.audit_seal"


def init_app(app: Flask) -> None:
    """Register the relay's daily seal."""
    app.extensions[STATE_KEY] = {"next_look": 0.0}
    audit_seal_file.init_app(app)
    mailgateway.state_of(app).on_relay_round.append(seal_when_due)


def seal_record(seq: int, chain_hash: str, sealed_at: str, issuer: str) -> str:
    """Return the canonical JSON text that the gateway signs for a seal."""
    return json.dumps({"type": RECORD_TYPE, "seq": seq, "hash": chain_hash,
                       "sealed_at": sealed_at, "issuer": issuer},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ChainBroken(RuntimeError):
    """The links since the newest seal do not hold: the head is not signed."""

    def __init__(self, problem: Break) -> None:
        super().__init__(problem.kind)
        self.problem = problem


def seal_head(session: Session) -> AuditSeal | None:
    """Sign the chain head if it moved since the newest seal; return the new seal, or None.

    The links since the newest seal are checked first: a chain changed since would otherwise
    be signed as it stands. Raise ChainBroken then.
    """
    head = session.get(AuditChainHead, HEAD_ID, populate_existing=True)
    newest = newest_seal(session)
    if head is None or head.seq == 0 or (newest is not None and newest.seq >= head.seq):
        session.rollback()
        return None
    seq, chain_hash = head.seq, head.hash
    start = (newest.seq, newest.hash) if newest is not None else (0, GENESIS)
    problem = walk(session, Verdict(), seq, chain_hash, {}, BATCH, start)
    if problem is not None:
        session.rollback()
        raise ChainBroken(problem)
    session.rollback()  # no transaction stays open while gpg signs
    keys = mailgateway.gateway_keys()
    sealed_at = utcnow().replace(microsecond=0)
    record = seal_record(seq, chain_hash, sealed_at.isoformat(), keys.gateway_fingerprint)
    seal = AuditSeal(seq=seq, hash=chain_hash, sealed_at=sealed_at, record=record,
                     signature=keys.receipt_signer().sign(record.encode("utf-8")))
    session.add(seal)
    try:
        session.commit()
    except IntegrityError:  # another relay sealed the same head a moment ago
        session.rollback()
        return None
    # After the commit: a seal in the file always exists in the database (verify checks it);
    # a crash in between leaves a seal only in the database, which verify accepts.
    audit_seal_file.append_seal(seal)
    return seal


def newest_seal(session: Session) -> AuditSeal | None:
    """Return the seal of the furthest position, or None."""
    return session.scalar(select(AuditSeal).order_by(AuditSeal.seq.desc()).limit(1))


def seal_when_due() -> None:
    """Seal the head once the interval has passed since the newest seal (relay loop).

    The interval is counted from the newest seal in the database, so several relays seal
    once between them; each looks at most once a minute (or interval).
    """
    state = current_app.extensions[STATE_KEY]
    if time.monotonic() < state["next_look"]:
        return
    interval = current_app.config["AUDIT_SEAL_INTERVAL_SECONDS"]
    state["next_look"] = time.monotonic() + min(60, interval)
    newest = newest_seal(db.session)
    if newest is not None and (utcnow() - newest.sealed_at).total_seconds() < interval:
        db.session.rollback()
        return
    try:
        seal = seal_head(db.session)
    except ChainBroken as broken:
        current_app.logger.error("audit: the chain is broken, not sealed: %s at position %s",
                                 broken.problem.kind, broken.problem.seq)
        return
    if seal is not None:
        current_app.logger.info("audit: sealed the chain head at position %s", seal.seq)
