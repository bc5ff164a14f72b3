"""The audit log's hash chain: every audit event is linked when its transaction commits.

Each event's hash covers its predecessor's hash and its own canonical content (position, id,
time, actor, action, object, case and the SHA-256 of its details). The details enter by their
digest, so the Löschfrist can blank a purged case's details (`core.audit.redact_case_events`)
and `flask audit verify` still tells a redacted event from a changed one.

Chaining happens in a `before_commit` listener on every session: it flushes, locks the one
chain-head row (SELECT … FOR UPDATE), links the transaction's new events in id order and moves
the head. The lock is the last one the transaction takes, held until its commit, so concurrent
writers queue there without deadlocking on rows they locked before, and the chain's order is
the order of commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from ..models import HEAD_ID, AuditChainHead, AuditEvent

GENESIS = "0" * 64
"""The predecessor's hash of the first event."""
PENDING = "buergerbuero.audit_chain.pending"
"""Where a session keeps the audit events it flushed and has not yet chained."""


class AuditChainError(RuntimeError):
    """An audit event was written past the chain (bulk INSERT): it would never be linked."""


def canonical_json(value: Any) -> str:
    """Return the canonical JSON text of a value: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def details_digest(details: Any) -> str:
    """Return the SHA-256 of the details as the database will give them back.

    A JSON round trip first: what is stored is JSON (tuples become lists, number keys become
    strings), and verify must compute the same digest from what it reads.
    """
    stored = json.loads(json.dumps({} if details is None else details))
    return hashlib.sha256(canonical_json(stored).encode("utf-8")).hexdigest()


def iso_utc(moment: dt.datetime) -> str:
    """Return a moment as ISO 8601 in UTC with microseconds (naive counts as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_of(row: Any, seq: int, details_sha256: str) -> dict[str, Any]:
    """Return what an event's hash covers besides its predecessor (row: event or result row)."""
    return {"seq": seq, "id": row.id, "at": iso_utc(row.at), "actor_id": row.actor_id,
            "action": row.action, "object_type": row.object_type, "object_id": row.object_id,
            "case_id": row.case_id, "details_sha256": details_sha256}


def link_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    """Return the hash of one link: SHA-256 over the predecessor's hash and the content."""
    text = prev_hash + "\n" + canonical_json(dict(content))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def install() -> None:
    """Install (once per process) the listeners that chain every committed audit event."""
    if event.contains(Session, "before_commit", chain_on_commit):
        return
    event.listen(Session, "after_flush", _note_new_events)
    event.listen(Session, "before_commit", chain_on_commit)
    event.listen(Session, "after_transaction_end", _forget_pending)
    event.listen(Session, "do_orm_execute", _refuse_bulk_insert)


def _note_new_events(session: Session, _context: Any) -> None:
    # After the flush the rows have ids; session.new still lists them here.
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if new:
        session.info.setdefault(PENDING, []).extend(new)


def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: committed or not
        session.info.pop(PENDING, None)


def _refuse_bulk_insert(state: ORMExecuteState) -> None:
    table = getattr(state.statement, "table", None)
    if state.is_insert and getattr(table, "name", None) == AuditEvent.__tablename__:
        raise AuditChainError("audit events are written with core.audit.record, one by one: "
                              "a bulk INSERT would stand outside the hash chain")


def chain_on_commit(session: Session) -> None:
    """Link the audit events this transaction added (before_commit of every session)."""
    if session.in_nested_transaction():
        return  # a savepoint's release: the outer commit links them (or they roll back)
    if not session.info.get(PENDING) and not any(
            isinstance(obj, AuditEvent) for obj in session.new):
        return
    session.flush()
    events = sorted(_unchained(session, session.info.pop(PENDING, ())), key=lambda e: e.id)
    if events:
        link(session, events)


def _unchained(session: Session, noted: Iterable[AuditEvent]) -> list[AuditEvent]:
    # Events of a savepoint that rolled back are no longer persistent: they were never written.
    return list({id(e): e for e in noted
                 if e in session and inspect(e).persistent and e.chain_seq is None}.values())


def link(session: Session, events: list[AuditEvent]) -> None:
    """Lock the chain head, give the events the next positions and hashes, move the head."""
    head = AuditChainHead.__table__
    row = session.execute(select(head.c.seq, head.c.hash).where(head.c.id == HEAD_ID)
                          .with_for_update()).one_or_none()
    if row is None:  # a schema made without the migration (which writes the head)
        session.execute(head.insert().values(id=HEAD_ID, seq=0, hash=GENESIS))
        seq, prev = 0, GENESIS
    else:
        seq, prev = row.seq, row.hash
    for audit_event in events:
        seq += 1
        digest = details_digest(audit_event.details)
        audit_event.chain_seq, audit_event.details_sha256 = seq, digest
        audit_event.prev_hash = prev
        audit_event.hash = prev = link_hash(prev, content_of(audit_event, seq, digest))
    session.flush()
    session.execute(update(head).where(head.c.id == HEAD_ID).values(seq=seq, hash=prev))
