"""`flask audit verify`'s check: walk the whole chain and name the first break.

The walk reads the events by position in batches (memory stays flat however long the log is)
and recomputes every link: positions without gaps, each predecessor's hash, each event's hash,
each event's details against their digest (details blanked by the Löschfrist count as
redacted, if a purge of their case follows), the head, events outside the chain, every seal's
signature and position, the seals against the seal file outside the database, and that
sealing has not stopped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow
from common.i18n import _l
from signing import VerificationError

from ..core.audit import REDACTED
from ..models import HEAD_ID, AuditChainHead, AuditCheck, AuditEvent, AuditSeal
from .audit_chain import GENESIS, content_of, details_digest, link_hash
from .audit_seal_file import COMPARED, Unreadable, read_seals, seal_file

BATCH = 1000
RECORD_TYPE = "Protokollsiegel"  # untranslated: signed into every seal
PURGED_ACTION = "case_purged"  # what privacy/retention.py chains when it deletes a case

PROBLEMS = {
    "gap": _l("Nr. %(seq)s fehlt in der Kette: ein Ereignis wurde gelöscht oder umnummeriert."),
    "prev": _l("Ereignis %(event_id)s (Nr. %(seq)s): der Verweis auf den Vorgänger stimmt nicht; "
               "das vorige Ereignis wurde verändert, ersetzt oder entfernt."),
    "hash": _l("Ereignis %(event_id)s (Nr. %(seq)s): der Inhalt wurde verändert (Zeit, Person, "
               "Aktion, Objekt, Vorgang oder Position)."),
    "details": _l("Ereignis %(event_id)s (Nr. %(seq)s): die Angaben wurden verändert."),
    "redacted_without_case": _l("Ereignis %(event_id)s (Nr. %(seq)s): die Angaben sind "
                                "geschwärzt, aber das Ereignis gehört zu keinem Vorgang."),
    "redacted_live_case": _l("Ereignis %(event_id)s (Nr. %(seq)s): die Angaben sind "
                             "geschwärzt, aber der Vorgang %(case_id)s wurde nicht gelöscht "
                             "(er besteht noch oder seine Löschung steht nicht in der Kette)."),
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
    "seal_file_missing": _l("Siegel für Nr. %(seq)s: es steht in der Siegeldatei, fehlt aber in "
                            "der Datenbank; Siegel wurden gelöscht."),
    "seal_file_mismatch": _l("Siegel für Nr. %(seq)s: es weicht von dem in der Siegeldatei ab; "
                             "das Siegel wurde verändert."),
    "seal_file_unreadable": _l("Die Siegeldatei %(path)s ist in Zeile %(line)s nicht lesbar."),
    "seal_stale": _l("Das neueste Siegel (Nr. %(seq)s) ist älter als %(hours)s Stunden, und "
                     "danach stehen ältere Ereignisse ungesiegelt in der Kette: das Siegeln "
                     "ist ausgefallen, oder Siegel wurden gelöscht („flask audit seal“ "
                     "siegelt jetzt)."),
    "seal_none": _l("Es gibt kein Siegel, aber Ereignisse, die älter als %(hours)s Stunden "
                    "sind: das Siegeln ist ausgefallen, oder Siegel wurden gelöscht („flask "
                    "audit seal“ siegelt jetzt)."),
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
                       or outside(session) or check_seals(seals.values(), head.seq)
                       or check_seal_file(seals, seal_file()) or check_fresh(session, seals))
    verdict.seals = len(seals)
    return verdict


def walk(session: Session, verdict: Verdict, head_seq: int, head_hash: str,
         seals: dict[int, AuditSeal], batch: int,
         start: tuple[int, str] = (0, GENESIS)) -> Break | None:
    """Check every link after `start` (position, hash) up to the head; count events and
    redactions; return the first break."""
    prev, expected = start[1], start[0] + 1
    for rows in chained_batches(session, head_seq, batch, start[0]):
        purges = purges_of(session, rows)
        for row in rows:
            problem = check_link(row, expected, prev, purges)
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


def chained_batches(session: Session, head_seq: int, batch: int,
                    after: int = 0) -> Iterator[list[Any]]:
    """Yield the chained events after `after` up to the head by position, in batches of plain
    rows."""
    table = AuditEvent.__table__
    while True:
        rows = session.execute(select(table).where(table.c.chain_seq > after,
                                                   table.c.chain_seq <= head_seq)
                               .order_by(table.c.chain_seq).limit(batch)).all()
        if rows:
            yield rows
        if len(rows) < batch:
            return
        after = rows[-1].chain_seq


def purges_of(session: Session, rows: list[Any]) -> dict[int, int]:
    """Return, for the cases of the batch's blanked events, the position of their latest
    chained purge (one query, and only for a batch with blanked events).

    The purge blanks a case's events, deletes the case row and chains a `case_purged` event
    in one transaction: a blanked event is a redaction only if a purge of its case stands
    later in the chain. An event after the purge belongs to a case still there: SQLite gives
    a deleted case's id to the next new case, so the id alone does not tell.
    """
    blanked = {row.case_id for row in rows
               if row.case_id is not None and row.details == REDACTED}
    if not blanked:
        return {}
    return dict(session.execute(select(AuditEvent.case_id, func.max(AuditEvent.chain_seq))
                                .where(AuditEvent.action == PURGED_ACTION,
                                       AuditEvent.case_id.in_(blanked),
                                       AuditEvent.chain_seq.is_not(None))
                                .group_by(AuditEvent.case_id)).all())


def check_link(row: Any, expected: int, prev: str, purges: dict[int, int]) -> Break | None:
    """Return what is wrong with one event at its expected position after `prev`, or None
    (`purges`: the position of each purged case's `case_purged` event, see purges_of)."""
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
        if purges.get(row.case_id, 0) <= row.chain_seq:  # … and only of a case it deleted
            return Break("redacted_live_case", row.chain_seq, row.id,
                         {"case_id": row.case_id})
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


def check_seal_file(seals: dict[int, AuditSeal], path: Path) -> Break | None:
    """Return the first seal of the seal file that the database lacks or holds otherwise."""
    try:
        written = read_seals(path)
    except Unreadable as unreadable:
        return Break("seal_file_unreadable", params={"path": str(path),
                                                     "line": unreadable.line})
    for line in written:
        seal = seals.get(line["seq"])
        if seal is None:
            return Break("seal_file_missing", line["seq"])
        if any(getattr(seal, name) != line.get(name) for name in COMPARED):
            return Break("seal_file_mismatch", line["seq"])
    return None


def check_fresh(session: Session, seals: dict[int, AuditSeal]) -> Break | None:
    """Return a break if sealing stopped: the newest seal is older than twice the interval and
    events older than that stand after it unsealed (a fresh instance has none so old)."""
    limit = dt.timedelta(seconds=2 * current_app.config["AUDIT_SEAL_INTERVAL_SECONDS"])
    cutoff = utcnow() - limit
    newest = max(seals.values(), key=lambda s: s.seq, default=None)
    if newest is not None and as_utc(newest.sealed_at) >= cutoff:
        return None
    after = newest.seq if newest is not None else 0
    oldest = session.scalar(select(func.min(AuditEvent.at)).where(AuditEvent.chain_seq > after))
    if oldest is None or as_utc(oldest) >= cutoff:
        return None
    hours = f"{limit.total_seconds() / 3600:g}"
    return Break("seal_stale" if newest else "seal_none", after, params={"hours": hours})


def as_utc(moment: dt.datetime) -> dt.datetime:
    """Return a moment as aware UTC (SQLite gives naive UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


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

