"""What the audit chain's tests share: running `flask audit`, and tampering with the database
directly (raw SQL past the application), undone afterwards so the session's chain stays whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, text

from buergerbuero.core.audit import record
from buergerbuero.models import AuditEvent


@dataclass
class Probe:
    """The object a test's audit events are about."""

    id: int


def audit(app: Any, *args: str) -> Any:
    """Run `flask audit …` in German; return click's result."""
    return app.test_cli_runner().invoke(args=["audit", *args], env={"LANG": "de_DE.UTF-8"})


def write_events(session: Any, count: int, action: str = "test_event", **details: Any) -> list[int]:
    """Record `count` audit events in one commit; return their ids."""
    events = [record(session, action, Probe(n), actor_id=None, n=n, **details)
              for n in range(count)]
    session.commit()
    return [event.id for event in events]


def last_events(session: Any, count: int) -> list[Any]:
    """Return the newest chained events as raw rows, by position."""
    rows = session.execute(text(
        "SELECT * FROM audit_events WHERE chain_seq IS NOT NULL "
        "ORDER BY chain_seq DESC LIMIT :n"), {"n": count}).mappings().all()
    return list(reversed(rows))


@contextmanager
def tampered(session: Any, statement: Any, ids: list[int], **params: Any) -> Iterator[None]:
    """Run a raw statement (SQL text or a Core statement, or a list of them) against events
    `ids`, then put their rows back as they were.

    Past the application: on the session's connection, not through the ORM session.
    """
    table = AuditEvent.__table__
    connection = session.connection()
    saved = [dict(row._mapping) for row in connection.execute(
        select(table).where(table.c.id.in_(ids)))]
    for one in statement if isinstance(statement, list) else [statement]:
        connection.execute(text(one) if isinstance(one, str) else one, params)
    session.commit()
    try:
        yield
    finally:
        session.rollback()
        connection = session.connection()
        connection.execute(delete(table).where(table.c.id.in_(ids)))
        if saved:
            connection.execute(insert(table), saved)
        session.commit()


def set_details(event_id: int, details: Any) -> Any:
    """Return the Core UPDATE that overwrites an event's details (typed: JSON on every
    database)."""
    table = AuditEvent.__table__
    return table.update().where(table.c.id == event_id).values(details=details)


@contextmanager
def inserted_outside(session: Any) -> Iterator[int]:
    """Insert an event with raw SQL, as an intruder would; remove it afterwards."""
    session.connection().execute(text(
        "INSERT INTO audit_events (at, action, object_type, object_id, details) "
        "VALUES (CURRENT_TIMESTAMP, 'login', 'User', '1', '{}')"))
    session.commit()
    event_id = session.execute(text("SELECT max(id) FROM audit_events")).scalar_one()
    try:
        yield event_id
    finally:
        session.rollback()
        session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": event_id})
        session.commit()



@contextmanager
def rechained_from(session: Any, seq: int, action: str) -> Iterator[None]:
    """Change the event at `seq` and recompute every later link and the head, as an intruder
    who knows the rule would; put everything back afterwards."""
    from buergerbuero.models import AuditChainHead
    from buergerbuero.privacy.audit_chain import content_of, link_hash

    table, head = AuditEvent.__table__, AuditChainHead.__table__
    connection = session.connection()
    rows = [dict(r._mapping) for r in connection.execute(
        select(table).where(table.c.chain_seq >= seq).order_by(table.c.chain_seq))]
    old_head = dict(connection.execute(select(head)).one()._mapping)
    prev = rows[0]["prev_hash"]
    for row in rows:
        changed = {**row, "action": action} if row["chain_seq"] == seq else row
        own = link_hash(prev, content_of(_Row(changed), row["chain_seq"],
                                         row["details_sha256"]))
        connection.execute(table.update().where(table.c.id == row["id"]).values(
            action=changed["action"], prev_hash=prev, hash=own))
        prev = own
    connection.execute(head.update().values(hash=prev))
    session.commit()
    try:
        yield
    finally:
        session.rollback()
        connection = session.connection()
        for row in rows:
            connection.execute(table.update().where(table.c.id == row["id"]).values(**row))
        connection.execute(head.update().values(**old_head))
        session.commit()


class _Row:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


@contextmanager
def seal_changed(session: Any, seal_id: int, **values: Any) -> Iterator[None]:
    """Overwrite columns of a seal with raw SQL; restore them afterwards."""
    from buergerbuero.models import AuditSeal

    table = AuditSeal.__table__
    connection = session.connection()
    saved = dict(connection.execute(select(table).where(table.c.id == seal_id)).one()._mapping)
    connection.execute(table.update().where(table.c.id == seal_id).values(**values))
    session.commit()
    try:
        yield
    finally:
        session.rollback()
        session.connection().execute(table.update().where(table.c.id == seal_id).values(**saved))
        session.commit()


@contextmanager
def seals_deleted(session: Any, from_seq: int) -> Iterator[None]:
    """Delete the seals from position `from_seq` on with raw SQL; put them back afterwards."""
    from buergerbuero.models import AuditSeal

    table = AuditSeal.__table__
    connection = session.connection()
    saved = [dict(r._mapping) for r in connection.execute(
        select(table).where(table.c.seq >= from_seq))]
    connection.execute(delete(table).where(table.c.seq >= from_seq))
    session.commit()
    try:
        yield
    finally:
        session.rollback()
        if saved:
            session.connection().execute(insert(table), saved)
        session.commit()


def unused_case_id(session: Any) -> int:
    """Return a case id that no case row has (as after the Löschfrist deleted the case)."""
    from buergerbuero.models import AuditEvent as Event
    from buergerbuero.models import Case

    highest = max(session.scalar(select(func.max(Case.id))) or 0,
                  session.scalar(select(func.max(Event.case_id))) or 0)
    return highest + 1000


def mark_purged(session: Any, case_id: int) -> None:
    """Chain the `case_purged` event the Löschfrist records when it deletes a case."""
    record(session, "case_purged", Probe(case_id), case_id=case_id, actor_id=None,
           service="hundesteuer", retention_days=0)
    session.commit()


def filed_case(app: Any, session: Any) -> Any:
    """File a dog-tax application as a new resident in a browser of its own; return the case."""
    from buergerbuero.models import Case
    from tests import support

    client = app.test_client()
    support.register(client)
    reference = support.file_hundesteuer(client)
    support.fresh(session)
    return session.scalar(select(Case).where(Case.reference == reference))
