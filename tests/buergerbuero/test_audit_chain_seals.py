"""The audit chain's signed seals, its export that checks alone, and concurrent writers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import stat
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from buergerbuero.core.audit import REDACTED, record
from buergerbuero.models import AuditEvent, AuditSeal
from buergerbuero.privacy import audit_seal
from buergerbuero.privacy.audit_chain import content_of, details_digest, link_hash
from common.formatting import LOCAL_TIME
from tests import support

from .auditing import (
    Probe,
    audit,
    last_events,
    rechained_from,
    seal_changed,
    seals_deleted,
    tampered,
    write_events,
)


@pytest.fixture
def green(app):
    """The chain holds before the test and again after it (tampering is undone)."""
    assert audit(app, "verify").exit_code == 0
    yield
    result = audit(app, "verify")
    assert result.exit_code == 0, result.output


def newest_seal(db_session) -> AuditSeal:
    support.fresh(db_session)
    return db_session.scalar(select(AuditSeal).order_by(AuditSeal.seq.desc()).limit(1))


def test_seal_signs_the_head_with_the_gateway_key(app, db_session, green):
    write_events(db_session, 1)
    result = audit(app, "seal")
    assert result.exit_code == 0 and "gesiegelt" in result.output, result.output
    seal = newest_seal(db_session)
    [event] = last_events(db_session, 1)
    assert (seal.seq, seal.hash) == (event["chain_seq"], event["hash"])
    assert "BEGIN PGP SIGNATURE" in seal.signature
    assert "Nichts zu siegeln" in audit(app, "seal").output  # the head did not move
    assert " Siegel." in audit(app, "verify").output


def test_a_forged_seal_is_red(app, db_session, green):
    write_events(db_session, 1)
    audit(app, "seal")
    seal = newest_seal(db_session)
    forged = seal.record.replace(seal.hash, "a" * 64)
    with seal_changed(db_session, seal.id, record=forged, hash="a" * 64):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Siegel für Nr. {seal.seq}" in result.output


def test_a_foreign_signature_on_a_seal_is_red(app, db_session, green, tmp_path):
    from signing import Keyring

    write_events(db_session, 1)
    audit(app, "seal")
    seal = newest_seal(db_session)
    (tmp_path / "gpg").mkdir(mode=0o700)
    with Keyring(tmp_path / "gpg") as other:
        key = other.generate_key("Eindringling", "x@example.org")
        signature = other.sign_detached(seal.record.encode(), signer=key)
    with seal_changed(db_session, seal.id, signature=signature):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert "die Signatur ist ungültig" in result.output


def test_a_chain_recomputed_after_sealing_is_caught_by_the_seal(app, db_session, green):
    ids = write_events(db_session, 3)
    audit(app, "seal")
    seal = newest_seal(db_session)
    first = db_session.get(AuditEvent, ids[0])
    with rechained_from(db_session, first.chain_seq, "login"):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Siegel für Nr. {seal.seq}" in result.output
    assert "nach dem Siegeln verändert" in result.output


def test_a_chain_broken_since_the_last_seal_is_not_sealed(app, db_session, green):
    ids = write_events(db_session, 2)
    before = newest_seal(db_session)
    with tampered(db_session, "UPDATE audit_events SET action = 'login' WHERE id = :id", ids,
                  id=ids[0]):
        result = audit(app, "seal")
        assert result.exit_code == 1
        assert "gebrochen, nicht gesiegelt" in result.output
        assert f"Ereignis {ids[0]} " in result.output
        after = newest_seal(db_session)
        assert (after.seq if after else None) == (before.seq if before else None)


def test_each_seal_is_appended_to_the_owner_only_seal_file(app, db_session, green):
    write_events(db_session, 1)
    assert audit(app, "seal").exit_code == 0
    seal = newest_seal(db_session)
    path = Path(app.config["AUDIT_SEAL_FILE"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    last = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert (last["seq"], last["hash"], last["record"], last["signature"]) == (
        seal.seq, seal.hash, seal.record, seal.signature)


def test_deleted_seals_and_a_rewritten_chain_are_red(app, db_session, green):
    """DELETE the newest seals, rewrite the events after the one left and the head: the seal
    file still names the deleted seals."""
    ids = write_events(db_session, 3)
    assert audit(app, "seal").exit_code == 0
    seal = newest_seal(db_session)
    first = db_session.get(AuditEvent, ids[0])
    with seals_deleted(db_session, first.chain_seq), \
            rechained_from(db_session, first.chain_seq, "login"):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Siegel für Nr. {seal.seq}: es steht in der Siegeldatei" in result.output


def test_a_seal_changed_in_the_database_differs_from_the_seal_file(app, db_session, green):
    write_events(db_session, 1)
    assert audit(app, "seal").exit_code == 0
    seal = newest_seal(db_session)
    signature = seal.signature.replace("BEGIN PGP SIGNATURE-----", "BEGIN PGP SIGNATURE-----\n")
    # a signature that still verifies, as the same armour with other whitespace
    with seal_changed(db_session, seal.id, signature=signature):
        result = audit(app, "verify")
    assert result.exit_code == 1
    assert f"Siegel für Nr. {seal.seq}: es weicht von dem in der Siegeldatei ab" in result.output


def test_sealing_that_stopped_is_red(app, db_session, green):
    """Events older than twice the interval stand after the newest seal: the relay stopped
    sealing (or seals were deleted). Fresh events after a fresh seal are fine."""
    write_events(db_session, 1)
    app.config["AUDIT_SEAL_INTERVAL_SECONDS"] = 0.5
    try:
        assert audit(app, "verify").exit_code == 0  # the event is younger than a second
        time.sleep(1.2)
        result = audit(app, "verify")
        assert result.exit_code == 1
        assert "das Siegeln ist ausgefallen" in result.output
        assert audit(app, "seal").exit_code == 0
        assert audit(app, "verify").exit_code == 0, "sealed again: green"
    finally:
        app.config["AUDIT_SEAL_INTERVAL_SECONDS"] = 24 * 60 * 60


def test_the_relay_round_seals_once_per_interval(app, db_session, green):
    write_events(db_session, 1)
    before = newest_seal(db_session)
    with app.app_context():
        app.extensions[audit_seal.STATE_KEY]["next_look"] = 0.0
        app.config["AUDIT_SEAL_INTERVAL_SECONDS"] = 0
        try:
            audit_seal.seal_when_due()
        finally:
            app.config["AUDIT_SEAL_INTERVAL_SECONDS"] = 24 * 60 * 60
    sealed = newest_seal(db_session)
    assert sealed is not None and (before is None or sealed.seq > before.seq)
    write_events(db_session, 1)
    with app.app_context():
        app.extensions[audit_seal.STATE_KEY]["next_look"] = 0.0
        audit_seal.seal_when_due()  # a day has not passed since
    assert newest_seal(db_session).seq == sealed.seq


def test_concurrent_writers_build_one_valid_chain(app, green):
    """Threads with sessions of their own commit at once; the chain is whole, in commit order."""
    commits: list[list[int]] = []
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        session = app.extensions["buergerbuero.db"]()
        try:
            for round_ in range(5):
                events = [record(session, "concurrent", Probe(number), actor_id=None,
                                 round=round_, i=i) for i in range(3)]
                session.commit()
                commits.append([e.id for e in events])
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            session.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    session = app.extensions["buergerbuero.db"]()
    try:
        for ids in commits:  # each commit's events sit together in the chain
            seqs = sorted(session.scalars(select(AuditEvent.chain_seq).where(
                AuditEvent.id.in_(ids))))
            assert seqs == list(range(seqs[0], seqs[0] + 3))
    finally:
        session.close()
    assert len(commits) == 20


def test_export_checks_without_the_platform(app, db_session, green):
    write_events(db_session, 3, note="<b>Export</b>")
    today = dt.datetime.now(LOCAL_TIME).date().isoformat()
    result = audit(app, "export", "--von", today, "--bis", today)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    events = document["events"]
    assert events and "hash" in document["rule"]
    for row in events:  # a purged case's events keep only their digest (docs/privacy.md)
        assert row["details"] == REDACTED or row["details_sha256"] == details_digest(
            row["details"])
        assert row["hash"] == link_hash(row["prev_hash"], content_of(
            _Row(row), row["seq"], row["details_sha256"]))
    for before, after in zip(events, events[1:], strict=False):
        if after["seq"] == before["seq"] + 1:
            assert after["prev_hash"] == before["hash"]
    assert any(row["details"].get("note") == "<b>Export</b>" for row in events)


def test_export_holds_the_events_committed_across_the_periods_edge(app, db_session, green):
    """An event stamped 23:59:59.9 and committed after midnight stands among the next day's
    positions: the day's export holds the positions between, and every link checks."""
    day = dt.date(2020, 3, 14)
    def at(days: int, *clock: int) -> dt.datetime:
        local = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(*clock), LOCAL_TIME)
        return local.astimezone(dt.UTC)
    stamps = [at(0, 12), at(1, 0, 0, 1), at(0, 23, 59, 59, 900000), at(1, 0, 0, 2)]
    ids = []
    for number, stamp in enumerate(stamps):  # one commit each, in this order
        event = record(db_session, "edge", Probe(number), actor_id=None, n=number)
        event.at = stamp
        db_session.commit()
        ids.append(event.id)
    assert audit(app, "seal").exit_code == 0  # old events past the seal would be red
    result = audit(app, "export", "--von", day.isoformat(), "--bis", day.isoformat())
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    events = document["events"]
    assert [row["id"] for row in events] == ids[:3]
    assert "first to the last" in document["rule"]
    for before, after in zip(events, events[1:], strict=False):
        assert after["seq"] == before["seq"] + 1 and after["prev_hash"] == before["hash"]
    for row in events:
        assert row["hash"] == link_hash(row["prev_hash"], content_of(
            _Row(row), row["seq"], row["details_sha256"]))


def test_export_as_csv(app, db_session):
    write_events(db_session, 2, note="a,b;\"c\"")
    today = dt.datetime.now(LOCAL_TIME).date().isoformat()
    result = audit(app, "export", "--von", today, "--bis", today, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0].keys() >= {"seq", "hash", "prev_hash", "details", "details_sha256"}
    assert any(json.loads(r["details"]).get("note") == "a,b;\"c\"" for r in rows)


@pytest.mark.parametrize("args", [["--von", "2026-13-01", "--bis", "2026-12-01"],
                                  ["--von", "2026-12-02", "--bis", "2026-12-01"]])
def test_export_refuses_a_bad_period_in_german(app, args):
    result = audit(app, "export", *args)
    assert result.exit_code == 2
    assert "JJJJ-MM-TT" in result.output or "liegt nach" in result.output


class _Row:
    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)
        self.at = dt.datetime.fromisoformat(values["at"].replace("Z", "+00:00"))
