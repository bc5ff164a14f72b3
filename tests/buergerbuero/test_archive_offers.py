"""The Anbietungspflicht: a case of a service with `archiv_anbieten` is offered to the city
archive (its evidence bundle in the drop folder) and deleted only after the archive decided."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from buergerbuero.cases import lifecycle
from buergerbuero.models import (
    ArchiveDecision,
    ArchiveOffer,
    Case,
    CaseStatus,
    PendingFileRemoval,
    User,
)
from buergerbuero.privacy import archive_offers
from buergerbuero.privacy.purge import run_purge

from .. import support
from .casework import CASEWORKER
from .filing import publish_source
from .purging import (
    CLOSED_ON,
    after_retention,
    archived_service,
    close_on_frozen_clock,
    file_two_steps,
    filed_and_closed,
    remaining_rows,
)

SLUG = "sperrmuell-archiv"
AFTER_A_YEAR = CLOSED_ON + dt.timedelta(days=366)


def test_a_case_is_offered_to_the_archive_and_deleted_only_after_its_decision(
        app, client, other_client, db_session, run_gateway, tmp_path, monkeypatch):
    support.login_demo(other_client, "admin@example.org")
    publish_source(other_client, archived_service(SLUG), SLUG)
    support.register(client)
    reference = file_two_steps(client, SLUG)
    run_gateway()
    case_id = close_on_frozen_clock(app, db_session, reference)

    monkeypatch.setitem(app.config, "ARCHIVE_DROP_FOLDER", "")
    with app.app_context():
        unconfigured = run_purge(db_session, now=AFTER_A_YEAR)
    assert unconfigured.unoffered >= 1 and db_session.get(Case, case_id) is not None

    monkeypatch.setitem(app.config, "ARCHIVE_DROP_FOLDER", str(tmp_path / "archiv"))
    with app.app_context():
        offered = run_purge(db_session, now=AFTER_A_YEAR)
        again = run_purge(db_session, now=AFTER_A_YEAR)  # waits; offers nothing twice
    assert offered.offered == [reference] and offered.cases.get(SLUG, 0) == 0
    assert again.offered == [] and again.awaiting_archive >= 1
    support.fresh(db_session)
    offer = db_session.scalar(select(ArchiveOffer).where(ArchiveOffer.reference == reference))
    bundle = Path(offer.bundle_path)
    assert bundle.parent == tmp_path / "archiv" and bundle.name == f"Nachweise-{reference}.zip"
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == offer.bundle_sha256
    assert [p.name for p in bundle.parent.iterdir()] == [bundle.name]  # no temporary left
    assert db_session.get(Case, case_id) is not None

    page = f"/verwaltung/archiv/{offer.id}"
    assert reference in other_client.get("/verwaltung/archiv").get_data(as_text=True)
    unconfirmed = support.post_form(other_client, page, {"entscheidung": "uebernahme"})
    assert unconfirmed.status_code == 400
    assert "bestätigen" in unconfirmed.get_data(as_text=True)
    support.fresh(db_session)
    assert db_session.get(ArchiveOffer, offer.id).decision is None
    taken = support.post_form(other_client, page, {"entscheidung": "uebernahme",
                                                   "bestaetigt": "ja"})
    assert taken.status_code == 302
    twice = support.post_form(other_client, page, {"entscheidung": "freigabe",
                                                   "bestaetigt": "ja"})
    assert twice.status_code in (200, 409)  # decided: the page shows it, no form is left

    with app.app_context():
        purged = run_purge(db_session, now=AFTER_A_YEAR)
    assert purged.cases[SLUG] == 1
    assert set(remaining_rows(db_session, case_id)) == {"audit_events.case_id"}
    kept = db_session.get(ArchiveOffer, offer.id)
    assert (kept.case_id, kept.decision, kept.decided_by) == (
        None, ArchiveDecision.TAKE, "admin@example.org")
    assert bundle.exists()  # the archive's copy is the archive's


def test_the_archive_decision_is_recorded_once_on_the_command_line(app, db_session):
    offer = ArchiveOffer(reference="CLI-2005-000001", service_slug=SLUG, offered_at=CLOSED_ON,
                         bundle_path="/tmp/Nachweise.zip", bundle_sha256="0" * 64)
    db_session.add(offer)
    db_session.commit()
    runner = app.test_cli_runner()
    command = ["privacy", "archive-decision", "CLI-2005-000001", "freigabe",
               "--by", "Stadtarchiv, Frau Roth"]
    first = runner.invoke(args=command)
    assert first.exit_code == 0, first.output
    assert "Freigabe zur Löschung" in first.output
    second = runner.invoke(args=command)
    assert second.exit_code == 1 and "bereits" in second.output
    unknown = runner.invoke(args=["privacy", "archive-decision", "GIBT-ES-NICHT", "freigabe",
                                  "--by", "Archiv"])
    assert unknown.exit_code == 1 and "nicht angeboten" in unknown.output
    support.fresh(db_session)
    assert (db_session.get(ArchiveOffer, offer.id).decision,
            db_session.get(ArchiveOffer, offer.id).decided_by) == (
        ArchiveDecision.RELEASE, "Stadtarchiv, Frau Roth")


def test_an_offer_that_cannot_be_written_leaves_its_case_whole_and_the_others_are_purged(
        app, client, other_client, db_session, run_gateway, tmp_path, monkeypatch):
    support.login_demo(other_client, "admin@example.org")
    slug = f"{SLUG}-zwei"
    publish_source(other_client, archived_service(slug), slug)
    support.register(client)
    reference = file_two_steps(client, slug)
    run_gateway()
    offered_id = close_on_frozen_clock(app, db_session, reference)
    plain_id = filed_and_closed(app, other_client, db_session, run_gateway)
    blocked = tmp_path / "keine-ablage"
    blocked.write_text("eine Datei, kein Ordner")
    monkeypatch.setitem(app.config, "ARCHIVE_DROP_FOLDER", str(blocked))
    with app.app_context():
        report = run_purge(db_session, now=after_retention())
    assert report.failed == 1 and report.cases["hundesteuer-anmeldung"] >= 1
    assert "submissions.case_id" in remaining_rows(db_session, offered_id)
    assert db_session.scalar(select(ArchiveOffer).where(ArchiveOffer.case_id == offered_id)
                             ) is None
    assert set(remaining_rows(db_session, plain_id)) == {"audit_events.case_id"}
    monkeypatch.setitem(app.config, "ARCHIVE_DROP_FOLDER", str(tmp_path / "archiv"))
    with app.app_context():
        assert run_purge(db_session, now=after_retention()).offered  # the next run offers it


def offered_case(app, client, other_client, db_session, run_gateway, slug, closed_at=CLOSED_ON):
    """File and close a case of an archived service on the frozen clock; return (case id,
    reference)."""
    support.login_demo(other_client, "admin@example.org")
    publish_source(other_client, archived_service(slug), slug)
    support.register(client)
    reference = file_two_steps(client, slug)
    run_gateway()
    return close_on_frozen_clock(app, db_session, reference, closed_at), reference


def decide(app, db_session, offer_id, decision, when):
    """Record the archive's decision as the command line does."""
    with app.app_context():
        return archive_offers.decide(db_session, offer_id, decision, "Stadtarchiv", when)


def newest_offer(db_session, reference):
    """Return the newest offer of the reference, read afresh."""
    support.fresh(db_session)
    return db_session.scalar(select(ArchiveOffer).where(ArchiveOffer.reference == reference)
                             .order_by(ArchiveOffer.id.desc()))


def test_a_released_case_goes_with_its_evidence_bundle(
        app, client, other_client, db_session, run_gateway, tmp_path, monkeypatch):
    slug = f"{SLUG}-frei"
    case_id, reference = offered_case(app, client, other_client, db_session, run_gateway, slug)
    monkeypatch.setitem(app.config, "ARCHIVE_DROP_FOLDER", str(tmp_path / "archiv"))
    with app.app_context():
        run_purge(db_session, now=AFTER_A_YEAR)
    offer = newest_offer(db_session, reference)
    bundle = Path(offer.bundle_path)
    assert bundle.exists()
    decide(app, db_session, offer.id, ArchiveDecision.RELEASE, AFTER_A_YEAR)
    with app.app_context():
        purged = run_purge(db_session, now=AFTER_A_YEAR)
    assert purged.cases[slug] == 1 and db_session.get(Case, case_id) is None
    assert not bundle.exists()  # the whole case, unencrypted: it goes with the case
    assert db_session.scalar(select(PendingFileRemoval)) is None
    assert db_session.get(ArchiveOffer, offer.id).bundle_sha256 == offer.bundle_sha256


def test_a_case_reopened_after_its_offer_is_offered_again_when_closed_again(
        app, client, other_client, db_session, run_gateway, tmp_path, monkeypatch):
    slug = f"{SLUG}-wieder"
    case_id, reference = offered_case(app, client, other_client, db_session, run_gateway, slug)
    monkeypatch.setitem(app.config, "ARCHIVE_DROP_FOLDER", str(tmp_path / "archiv"))
    with app.app_context():
        run_purge(db_session, now=AFTER_A_YEAR)
    first = newest_offer(db_session, reference)
    first_id, first_bundle = first.id, Path(first.bundle_path)
    decide(app, db_session, first_id, ArchiveDecision.TAKE, AFTER_A_YEAR)

    with app.test_request_context():  # a Widerspruch: reopened, worked on, closed again
        case = db_session.get(Case, case_id)
        worker = db_session.scalar(select(User).where(User.email == CASEWORKER))
        lifecycle.change_status(db_session, case, CaseStatus.IN_BEARBEITUNG, worker,
                                reason="Widerspruch eingegangen.")
        db_session.commit()
    closed_again = AFTER_A_YEAR + dt.timedelta(days=30)
    close_on_frozen_clock(app, db_session, reference, closed_again)
    later = closed_again + dt.timedelta(days=366)
    with app.app_context():
        report = run_purge(db_session, now=later)
    assert report.offered == [reference] and report.cases.get(slug, 0) == 0
    assert db_session.get(Case, case_id) is not None  # the old decision does not delete it
    second = newest_offer(db_session, reference)
    second_id, second_bundle = second.id, Path(second.bundle_path)
    assert second_id != first_id and second.decision is None
    assert first_bundle.exists()  # the archive's copy is not overwritten
    assert second_bundle.name == f"Nachweise-{reference}-2.zip"

    reopened_again = closed_again + dt.timedelta(days=1)
    with app.test_request_context():
        case = db_session.get(Case, case_id)
        worker = db_session.scalar(select(User).where(User.email == CASEWORKER))
        lifecycle.change_status(db_session, case, CaseStatus.IN_BEARBEITUNG, worker,
                                reason="Noch ein Schreiben.")
        db_session.commit()
    with pytest.raises(archive_offers.OfferRefused):  # an offer of an earlier closing
        decide(app, db_session, second_id, ArchiveDecision.RELEASE, reopened_again)
    close_on_frozen_clock(app, db_session, reference, closed_again)  # closed as offered
    decide(app, db_session, second_id, ArchiveDecision.RELEASE, later)
    with app.app_context():
        assert run_purge(db_session, now=later).cases[slug] == 1
    support.fresh(db_session)
    history = db_session.scalars(select(ArchiveOffer).where(
        ArchiveOffer.reference == reference).order_by(ArchiveOffer.id)).all()
    assert [(o.case_id, o.decision) for o in history] == [
        (None, ArchiveDecision.TAKE), (None, ArchiveDecision.RELEASE)]
    assert first_bundle.exists() and not second_bundle.exists()


def test_a_bundle_removal_left_by_a_crash_is_done_by_the_next_run(app, db_session, tmp_path):
    bundle = tmp_path / "Nachweise-ABS-2005-000001.zip"
    bundle.write_bytes(b"PK")
    offer = ArchiveOffer(reference="ABS-2005-000001", service_slug=SLUG, offered_at=CLOSED_ON,
                         bundle_path=str(bundle), bundle_sha256="0" * 64,
                         decision=ArchiveDecision.RELEASE)
    db_session.add(offer)
    db_session.flush()
    db_session.add(PendingFileRemoval(storage_name=f"archive-offer-{offer.id}",
                                      queued_at=CLOSED_ON, kind=PendingFileRemoval.BUNDLE))
    db_session.commit()  # as a purge killed after its commit leaves it
    with app.app_context():
        assert run_purge(db_session, now=CLOSED_ON).files >= 1
    assert not bundle.exists() and db_session.scalar(select(PendingFileRemoval)) is None
