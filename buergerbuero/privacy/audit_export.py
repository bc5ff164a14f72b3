"""An export of the audit log for a period, as JSON or CSV, streamed in batches.

Each event carries its position, the digest of its details, its predecessor's hash and its own,
so the export checks without the platform: recompute each hash from the fields by the rule in
docs/privacy.md and compare the links. The period runs in local time (Europe/Berlin) from the
start of `von` to the end of `bis`; the export holds every position from the period's first
event to its last (see events_in).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.db import utcnow
from common.formatting import LOCAL_TIME

from ..models import AuditEvent, AuditSeal
from .audit_chain import GENESIS, canonical_json, iso_utc

BATCH = 1000
FORMATS = ("json", "csv")
COLUMNS = ("seq", "id", "at", "actor_id", "action", "object_type", "object_id", "case_id",
           "details", "details_sha256", "prev_hash", "hash")
RULE = ("hash = sha256(prev_hash + '\\n' + canonical_json({seq, id, at, actor_id, action, "
        "object_type, object_id, case_id, details_sha256})); details_sha256 = "
        "sha256(canonical_json(details)), unless the details were redacted; canonical_json: "
        "sorted keys, separators ',' ':', UTF-8; the first prev_hash is " + GENESIS + "; the "
        "export holds every position from the first to the last event whose `at` lies in the "
        "period (the chain runs in commit order, so events at its edges may lie outside it), "
        "so each prev_hash is the hash of the row before")


def period(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return the UTC moments from the start of local day `start` to the end of local `end`."""
    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), LOCAL_TIME).astimezone(dt.UTC)
    return midnight(start), midnight(end + dt.timedelta(days=1))


def seq_range(session: Session, start: dt.datetime, end: dt.datetime) -> tuple[int, int] | None:
    """Return the first and last position of an event whose `at` lies in the period."""
    first, last = session.execute(select(func.min(AuditEvent.chain_seq),
                                         func.max(AuditEvent.chain_seq))
                                  .where(AuditEvent.at >= start, AuditEvent.at < end)).one()
    return (first, last) if first is not None else None


def events_in(session: Session, start: dt.datetime, end: dt.datetime) -> Iterator[dict[str, Any]]:
    """Yield the period's events by chain position as plain dicts, batch by batch.

    The chain runs in commit order, not in `at` order: an event stamped just before midnight
    and committed after it stands among the next day's. So the export is the contiguous range
    of positions from the first to the last event of the period (events of the edge included),
    and every link in it checks.
    """
    table, bounds = AuditEvent.__table__, seq_range(session, start, end)
    if bounds is None:
        return
    after, last = bounds[0] - 1, bounds[1]
    while True:
        rows = session.execute(select(table).where(
            table.c.chain_seq > after, table.c.chain_seq <= last)
            .order_by(table.c.chain_seq).limit(BATCH)).all()
        for row in rows:
            yield {"seq": row.chain_seq, "id": row.id, "at": iso_utc(row.at),
                   "actor_id": row.actor_id, "action": row.action,
                   "object_type": row.object_type, "object_id": row.object_id,
                   "case_id": row.case_id, "details": row.details,
                   "details_sha256": row.details_sha256, "prev_hash": row.prev_hash,
                   "hash": row.hash}
        if len(rows) < BATCH:
            return
        after = rows[-1].chain_seq


def seals_in(session: Session, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    """Return the seals made in the period, with their signed text and signature."""
    return [{"seq": s.seq, "hash": s.hash, "sealed_at": iso_utc(s.sealed_at),
             "record": s.record, "signature": s.signature}
            for s in session.scalars(select(AuditSeal).where(
                AuditSeal.sealed_at >= start, AuditSeal.sealed_at < end)
                .order_by(AuditSeal.seq))]


def export_json(session: Session, start: dt.date, end: dt.date) -> Iterator[str]:
    """Yield the period's export as one JSON document, piece by piece."""
    since, until = period(start, end)
    head = {"first_day": start.isoformat(), "last_day": end.isoformat(),
            "exported_at": iso_utc(utcnow()), "rule": RULE,
            "seals": seals_in(session, since, until)}
    yield canonical_json(head)[:-1] + ',"events":['
    for number, row in enumerate(events_in(session, since, until)):
        yield ("," if number else "") + "\n" + canonical_json(row)
    yield "\n]}\n"


def export_csv(session: Session, start: dt.date, end: dt.date) -> Iterator[str]:
    """Yield the period's export as CSV (details as canonical JSON), a header line first:
    UTF-8 with a byte order mark, `;`-separated, CRLF lines."""
    since, until = period(start, end)
    buffer = io.StringIO()
    # As the processing record's CSV: a BOM and `;`, so German Excel opens it in columns.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in events_in(session, since, until):
        writer.writerow([canonical_json(row["details"]) if name == "details"
                         else "" if row[name] is None else row[name] for name in COLUMNS])
        if buffer.tell() > 64 * 1024:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def export(session: Session, start: dt.date, end: dt.date, fmt: str) -> Iterator[str]:
    """Yield the export in the format asked for ("json" or "csv")."""
    return export_json(session, start, end) if fmt == "json" else export_csv(session, start, end)


def as_text(value: Any) -> str:
    """Return details as readable JSON (for the pages)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
