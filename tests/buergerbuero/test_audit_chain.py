"""The tamper-evident audit log: `flask audit verify` is green after a normal run and red,
naming the first break, after the database was changed directly."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select, text

from buergerbuero.core.audit import REDACTED, record, redact_case_events
from buergerbuero.models import AuditChainHead, AuditCheck, AuditEvent, Case
from buergerbuero.privacy.audit_chain import AuditChainError
from tests import support

from .auditing import (
    Probe,
    audit,
    filed_case,
    inserted_outside,
    last_events,
    mark_purged,
    set_details,
    tampered,
    unused_case_id,
    write_events,
)


@pytest.fixture
def green(app, db_session):
    """The chain holds before the test and again after it (tampering is undone)."""
    assert audit(app, "verify").exit_code == 0
    yield
    result = audit(app, "verify")
    assert result.exit_code == 0, result.output


def test_a_normal_run_verifies_green(app, client, resident, run_gateway, db_session):
    reference = support.file_hundesteuer(client)
    run_gateway()
    result = audit(app, "verify")
    assert result.exit_code == 0, result.output
    assert "Die Protokollkette ist unversehrt" in result.output
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    chained = db_session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id)).all()
    assert {e.action for e in chained} >= {"submitted", "delivered"}
    assert all(e.chain_seq and e.hash and e.prev_hash for e in chained)
    head = db_session.get(AuditChainHead, 1)
    assert head.seq == db_session.scalar(select(func.max(AuditEvent.chain_seq)))
    check = db_session.scalar(select(AuditCheck).order_by(AuditCheck.id.desc()).limit(1))
    assert check.ok and check.events >= len(chained)


def test_each_event_links_to_its_predecessor(db_session):
    write_events(db_session, 3)
    first, second, third = last_events(db_session, 3)
    assert second["prev_hash"] == first["hash"] and third["prev_hash"] == second["hash"]
    assert third["chain_seq"] == second["chain_seq"] + 1 == first["chain_seq"] + 2


def test_a_changed_detail_is_named(app, db_session, green):
    [event_id] = write_events(db_session, 1, reason="Umzug")
    with tampered(db_session, set_details(event_id, {"n": 0, "reason": "Gefälscht"}),
                  [event_id]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Ereignis {event_id} " in result.output
    assert "die Angaben wurden verändert" in result.output


def test_a_changed_action_is_named(app, db_session, green):
    ids = write_events(db_session, 2)
    with tampered(db_session, "UPDATE audit_events SET action = 'login' WHERE id = :id", ids,
                  id=ids[0]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Ereignis {ids[0]} " in result.output and "der Inhalt wurde verändert" in result.output


def test_a_deleted_event_is_named_by_its_position(app, db_session, green):
    ids = write_events(db_session, 3)
    seq = last_events(db_session, 3)[1]["chain_seq"]
    with tampered(db_session, "DELETE FROM audit_events WHERE id = :id", ids, id=ids[1]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Nr. {seq} fehlt in der Kette" in result.output


def test_a_deleted_newest_event_shows_at_the_head(app, db_session, green):
    ids = write_events(db_session, 2)
    with tampered(db_session, "DELETE FROM audit_events WHERE id = :id", ids, id=ids[1]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert "Der Kopf der Kette nennt" in result.output


def test_two_events_swapped_in_order_are_named(app, db_session, green):
    ids = write_events(db_session, 2)
    first, second = (row["chain_seq"] for row in last_events(db_session, 2))
    move = "UPDATE audit_events SET chain_seq = :to WHERE id = :id"
    with tampered(db_session, [text(move).bindparams(to=-1, id=ids[0]),
                               text(move).bindparams(to=first, id=ids[1]),
                               text(move).bindparams(to=second, id=ids[0])], ids):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Ereignis {ids[1]} (Nr. {first})" in result.output


def test_an_event_inserted_past_the_chain_is_named(app, db_session, green):
    with inserted_outside(db_session) as event_id:
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Ereignis {event_id} steht außerhalb der Kette" in result.output


def test_a_rehashed_event_breaks_at_its_successor(app, db_session, green):
    """Recomputing the changed event's own hash does not help: the next link no longer fits."""
    ids = write_events(db_session, 2)
    with tampered(db_session, "UPDATE audit_events SET hash = :h WHERE id = :id", ids,
                  h="f" * 64, id=ids[0]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    # The forged hash fails its own recomputation first; with both rows rewritten the same
    # way (below) only the successor's link shows it.
    assert f"Ereignis {ids[0]} " in result.output


def test_a_rewritten_event_with_a_recomputed_hash_breaks_at_its_successor(app, db_session,
                                                                          green):
    from buergerbuero.privacy.audit_chain import content_of, link_hash

    ids = write_events(db_session, 2)
    first = db_session.get(AuditEvent, ids[0])
    first.action = "login"  # as an intruder would: change, then recompute this one hash
    forged = link_hash(first.prev_hash, content_of(first, first.chain_seq,
                                                   first.details_sha256))
    db_session.rollback()
    with tampered(db_session, "UPDATE audit_events SET action = 'login', hash = :h "
                  "WHERE id = :id", ids, h=forged, id=ids[0]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Ereignis {ids[1]} " in result.output
    assert "der Verweis auf den Vorgänger stimmt nicht" in result.output


def test_redacted_details_of_a_purged_case_stay_green_and_are_counted(app, db_session, green):
    case_id = unused_case_id(db_session)
    event = record(db_session, "test_redaction", Probe(1), case_id=case_id, actor_id=None,
                   name="Erika Musterfrau")
    db_session.commit()
    mark_purged(db_session, case_id)
    with tampered(db_session, set_details(event.id, REDACTED), [event.id]):
        result = audit(app, "verify")
    assert result.exit_code == 0, result.output
    assert "geschwärzt" in result.output
    assert "(davon 0 geschwärzt)" not in result.output


def test_a_blanked_event_of_a_live_case_is_a_break(app, db_session, green, redis_conn):
    """Someone who can write the database blanks an open case's event: verify says so."""
    case_id = filed_case(app, db_session).id
    event = record(db_session, "status_changed", Probe(1), case_id=case_id, actor_id=None,
                   to="abgelehnt")
    db_session.commit()
    with tampered(db_session, set_details(event.id, REDACTED), [event.id]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Ereignis {event.id} " in result.output
    assert f"der Vorgang {case_id} wurde nicht gelöscht" in result.output


def test_a_blanked_event_of_a_case_gone_without_purge_is_a_break(app, db_session, green):
    """No case row, but no `case_purged` in the chain either: not the Löschfrist's work."""
    case_id = unused_case_id(db_session)  # a case id nobody purged
    event = record(db_session, "status_changed", Probe(1), case_id=case_id, actor_id=None,
                   to="abgelehnt")
    db_session.commit()
    with tampered(db_session, set_details(event.id, REDACTED), [event.id]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"der Vorgang {case_id} wurde nicht gelöscht" in result.output


def test_a_blanked_event_after_its_cases_purge_is_a_break(app, db_session, green):
    """The purge blanks what came before it; an event of the id after it (SQLite gives a
    purged case's id to the next case) is another case's, not redacted by the purge."""
    case_id = unused_case_id(db_session)
    mark_purged(db_session, case_id)
    event = record(db_session, "status_changed", Probe(1), case_id=case_id, actor_id=None,
                   to="abgelehnt")
    db_session.commit()
    with tampered(db_session, set_details(event.id, REDACTED), [event.id]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"der Vorgang {case_id} wurde nicht gelöscht" in result.output


def test_the_purges_redaction_verifies(app, db_session, green):
    case_id = unused_case_id(db_session)
    record(db_session, "test_redaction", Probe(1), case_id=case_id, actor_id=None, note="x")
    db_session.commit()
    saved = [e.id for e in db_session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case_id))]
    with tampered(db_session, "SELECT 1", saved):
        assert redact_case_events(db_session, case_id) == len(saved) > 0
        mark_purged(db_session, case_id)  # as the purge: blank, then chain case_purged
        result = audit(app, "verify")
        result = audit(app, "verify")
    assert result.exit_code == 0, result.output


def test_redacted_details_outside_a_case_are_a_break(app, db_session, green):
    [event_id] = write_events(db_session, 1)
    with tampered(db_session, set_details(event_id, REDACTED), [event_id]):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert "gehört zu keinem Vorgang" in result.output


def test_a_savepoint_rolled_back_chains_nothing(app, db_session, green):
    with db_session.begin_nested():
        record(db_session, "kept", Probe(1), actor_id=None)
    savepoint = db_session.begin_nested()
    record(db_session, "dropped", Probe(2), actor_id=None)
    db_session.flush()
    savepoint.rollback()
    db_session.commit()
    [kept] = last_events(db_session, 1)
    assert kept["action"] == "kept"


def test_a_bulk_insert_is_refused(db_session):
    with pytest.raises(AuditChainError):
        db_session.execute(insert(AuditEvent), [{"action": "x", "object_type": "Probe",
                                                 "object_id": "1", "details": {}}])
    db_session.rollback()
