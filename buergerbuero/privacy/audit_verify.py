"""`flask audit verify`'s check: walk the whole chain and name the first break.

The walk reads the events by position in batches (memory stays flat however long the log is)
and recomputes every link: positions without gaps, each predecessor's hash, each event's hash,
each event's details against their digest (details blanked by the Löschfrist count as
redacted), the head, events outside the chain, and every seal's signature and position.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import mailgateway
from common.i18n import _l
from signing import VerificationError

from ..core.audit import REDACTED
from ..models import HEAD_ID, AuditChainHead, AuditCheck, AuditEvent, AuditSeal
from .audit_chain import GENESIS, content_of, details_digest, link_hash

BATCH = 1000
RECORD_TYPE = "Protokollsiegel"  # untranslated: signed into every seal

PROBLEMS = {
    "gap": _l("Nr. %(seq)s fehlt in der Kette: ein Ereignis wurde gelöscht oder umnummeriert."),
    "prev": _l("Ereignis %(event_id)s (Nr. %(seq)s): der Verweis auf den Vorgänger stimmt nicht; "
               "das vorige Ereignis wurde verändert, ersetzt oder entfernt."),
    "hash": _l("Ereignis %(event_id)s (Nr. %(seq)s): der Inhalt wurde verändert (Zeit, Person, "
               "Aktion, Objekt, Vorgang oder Position)."),
    "details": _l("Ereignis %(event_id)s (Nr. %(seq)s): die Angaben wurden verändert."),
    "redacted_without_case": _l("Ereignis %(event_id)s (Nr. %(seq)s): die Angaben sind "
                                "geschwärzt, aber das Ereignis gehört zu keinem Vorgang."),
    "head": _l("Der Kopf der Kette nennt Nr. %(head_seq)s, das letzte Ereignis ist Nr. %(seq)s: "
               "das Ende der Kette wurde entfernt oder der Kopf verändert."),
    "head_missing": _l("Der Kopf der Kette fehlt."),
    "outside": _l("Ereignis %(event_id)s steht außerhalb der Kette (%(count)s Ereignisse ohne "
                  "Position): es wurde an der Kette vorbei eingefügt."),
    "seal_signature": _l("Siegel für Nr. %(seq)s: die Signatur ist ungültig oder nicht die des "
                         "Gateway-Schlüssels."),
    "seal_record": _l("Siegel für Nr. %(seq)s: der signierte Text passt nicht zum Siegel."),
    "seal_mismatch": _l("Siegel für Nr. %(seq)s: die Kette hat dort einen anderen Hash als "
                        "gesiegelt; sie wurde nach dem Siegeln verändert."),
    "seal_beyond": _l("Siegel für Nr. %(seq)s: die Kette reicht nicht mehr so weit; ihr Ende "
                      "wurde entfernt."),
}
"""What each kind of break means, said to the administrator (with its parameters)."""


@dataclass
class Break:
    """The first place where the chain does not hold."""

    kind: str
    seq: int | None = None
    event_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        """Return the German (or the reader's language's) sentence naming the break."""
        return str(PROBLEMS[self.kind]) % {"seq": self.seq, "event_id": self.event_id,
                                          **self.params}

    def as_json(self) -> dict[str, Any]:
        """Return the break as stored with the check (codes and values, no language)."""
        return {"kind": self.kind, "seq": self.seq, "event_id": self.event_id,
                "params": self.params}


@dataclass
class Verdict:
    """What a verify run found: counts, and the first break (None: the chain holds)."""

    events: int = 0
    redacted: int = 0
    seals: int = 0
    head_seq: int = 0
    problem: Break | None = None

    @property
    def ok(self) -> bool:
        """Tell whether the chain holds."""
        return self.problem is None


def verify_chain(session: Session, batch: int = BATCH) -> Verdict:
    """Walk the chain up to its head and return the verdict (reads only)."""
    head = session.execute(select(AuditChainHead.seq, AuditChainHead.hash)
                           .where(AuditChainHead.id == HEAD_ID)).one_or_none()
    if head is None:
        return Verdict(problem=Break("head_missing"))
    verdict = Verdict(head_seq=head.seq)
    seals = {seal.seq: seal for seal in session.scalars(select(AuditSeal))}
    verdict.problem = (walk(session, verdict, head.seq, head.hash, seals, batch)
                       or outside(session) or check_seals(seals.values(), head.seq))
    verdict.seals = len(seals)
    return verdict


def walk(session: Session, verdict: Verdict, head_seq: int, head_hash: str,
         seals: dict[int, AuditSeal], batch: int,
         start: tuple[int, str] = (0, GENESIS)) -> Break | None:
    """Check every link after `start` (position, hash) up to the head; count events and
    redactions; return the first break."""
    prev, expected = start[1], start[0] + 1
    for row in chained_rows(session, head_seq, batch, start[0]):
        problem = check_link(row, expected, prev)
        if problem is not None:
            return problem
        if row.details == REDACTED and row.details_sha256 != details_digest(row.details):
            verdict.redacted += 1
        seal = seals.get(row.chain_seq)
        if seal is not None and seal.hash != row.hash:
            return Break("seal_mismatch", seal.seq)
        prev, expected = row.hash, expected + 1
        verdict.events += 1
    if expected - 1 != head_seq or prev != head_hash:
        return Break("head", expected - 1, params={"head_seq": head_seq})
    return None


def chained_rows(session: Session, head_seq: int, batch: int, after: int = 0) -> Iterator[Any]:
    """Yield the chained events after `after` up to the head by position, one batch of plain
    rows at a time."""
    table = AuditEvent.__table__
    while True:
        rows = session.execute(select(table).where(table.c.chain_seq > after,
                                                   table.c.chain_seq <= head_seq)
                               .order_by(table.c.chain_seq).limit(batch)).all()
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].chain_seq


def check_link(row: Any, expected: int, prev: str) -> Break | None:
    """Return what is wrong with one event at its expected position after `prev`, or None."""
    if row.chain_seq != expected:
        return Break("gap", expected)
    if row.prev_hash != prev:
        return Break("prev", row.chain_seq, row.id)
    if row.hash != link_hash(prev, content_of(row, row.chain_seq, row.details_sha256 or "")):
        return Break("hash", row.chain_seq, row.id)
    if row.details_sha256 != details_digest(row.details):
        if row.details != REDACTED:
            return Break("details", row.chain_seq, row.id)
        if row.case_id is None:  # the Löschfrist only blanks a case's events
            return Break("redacted_without_case", row.chain_seq, row.id)
    return None


def outside(session: Session) -> Break | None:
    """Return a break naming the first event without a position, if there is any."""
    count, first = session.execute(select(func.count(), func.min(AuditEvent.id))
                                   .where(AuditEvent.chain_seq.is_(None))).one()
    return Break("outside", event_id=first, params={"count": count}) if count else None


def check_seals(seals: Any, head_seq: int) -> Break | None:
    """Return the first seal that is forged, or that points past the head."""
    for seal in sorted(seals, key=lambda s: s.seq):
        if seal.seq > head_seq:
            return Break("seal_beyond", seal.seq)
        kind = seal_problem(seal)
        if kind is not None:
            return Break(kind, seal.seq)
    return None


def seal_problem(seal: AuditSeal) -> str | None:
    """Return what is wrong with a seal (a kind of Break), or None if it holds."""
    keys = mailgateway.gateway_keys()
    try:
        signer = keys.keyring.verify_detached(seal.record.encode("utf-8"), seal.signature)
    except VerificationError:
        return "seal_signature"
    if signer != keys.gateway_fingerprint:
        return "seal_signature"
    try:
        signed = json.loads(seal.record)
    except ValueError:
        return "seal_record"
    if (signed.get("type") != RECORD_TYPE or signed.get("seq") != seal.seq
            or signed.get("hash") != seal.hash):
        return "seal_record"
    return None


def record_check(session: Session, verdict: Verdict) -> AuditCheck:
    """Store the run's outcome for the status line of Verwaltung → Protokoll (caller commits)."""
    check = AuditCheck(ok=verdict.ok, events=verdict.events, redacted=verdict.redacted,
                       seals=verdict.seals,
                       problem=verdict.problem.as_json() if verdict.problem else None)
    session.add(check)
    return check


def break_of(problem: dict[str, Any] | None) -> Break | None:
    """Return a stored break as a Break again (to say it in the reader's language)."""
    if not problem or problem.get("kind") not in PROBLEMS:
        return None
    return Break(problem["kind"], problem.get("seq"), problem.get("event_id"),
                 dict(problem.get("params") or {}))

