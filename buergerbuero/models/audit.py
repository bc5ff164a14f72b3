"""The audit log: one row for every state change, who did it and when, linked into a hash chain
(docs/privacy.md#das-manipulationssichere-protokoll--the-audit-chain)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, intpk, utcnow

HEAD_ID = 1
"""The chain head is one row with this id."""


class AuditEvent(Base):
    """Something changed: an action on an object, by an actor (None for the system).

    The chain columns are filled when the event's transaction commits
    (`privacy.audit_chain`): its position, the digest of its details, its predecessor's hash
    and its own.
    """

    __tablename__ = "audit_events"

    id: Mapped[intpk]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str]
    object_type: Mapped[str]
    object_id: Mapped[str]
    case_id: Mapped[int | None] = mapped_column(index=True)
    """The case it concerns; no foreign key: the events outlive a purged case, redacted."""
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    chain_seq: Mapped[int | None] = mapped_column(unique=True)
    details_sha256: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """The newest link of the chain: its position and hash (one row, locked by each commit
    that adds events, so that the chain's order is the order of commits)."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))


class AuditSeal(Base):
    """The chain head at a moment, signed with the gateway's OpenPGP key (daily)."""

    __tablename__ = "audit_seals"

    id: Mapped[intpk]
    seq: Mapped[int] = mapped_column(unique=True)
    hash: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    record: Mapped[str] = mapped_column(Text)
    """The canonical JSON text that was signed."""
    signature: Mapped[str] = mapped_column(Text)
    """The detached, ASCII-armoured OpenPGP signature over `record`."""


class AuditCheck(Base):
    """One run of `flask audit verify`: its outcome, for the administrators' status line."""

    __tablename__ = "audit_checks"

    id: Mapped[intpk]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    ok: Mapped[bool]
    events: Mapped[int]
    redacted: Mapped[int]
    seals: Mapped[int]
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The first break: its kind, position, event id and parameters (None when green)."""
