"""Issuing a Bescheid: one transaction (status, decision, outbox), the gateway seals the letter
with a visible seal box into the resident's box, and a case gets one Bescheid only."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import mailgateway
from buergerbuero.models import (
    CaseStatus,
    Decision,
    DecisionOutcome,
    DecisionState,
    OutboxMessage,
    ResidentBoxEntry,
    SignedDocument,
)
from signing import verify_pdf

from ..signing.pdf_text import shown_strings
from .casework import case_of, events, post_on_case, text_of
from .deciding import decisions_of, delivered_case, save, signature_rects, stamp_streams


def issue(worker, reference: str):
    """Press "Bescheid erlassen"."""
    return post_on_case(worker, reference, "bescheid/erlassen", {})


def test_issuing_decides_the_case_and_the_gateway_places_the_sealed_letter_in_the_box(
        app, client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    save(other_client, reference, begruendung="Die Angaben sind vollständig.")
    response = issue(other_client, reference)
    assert response.status_code == 302, text_of(response)[-2000:]
    case = case_of(db_session, reference)
    assert case.status is CaseStatus.ENTSCHIEDEN and not case.is_open
    [decision] = decisions_of(db_session, reference)
    assert decision.state is DecisionState.ISSUED and decision.issued_case_id == case.id
    assert decision.issued_at is not None and decision.dated is not None
    assert decision.by_retrieval is False  # no consent given when filing: by post
    outbox = db_session.scalar(select(OutboxMessage).where(
        OutboxMessage.message_id == decision.message_id))
    assert outbox.kind == mailgateway.OutboxKind.DECISION and outbox.to_resident
    [change] = events(db_session, reference, "status_changed")[-1:]
    assert change.details == {"from": "zugestellt", "to": "entschieden", "cause": "decision"}
    assert len(events(db_session, reference, "decision_issued")) == 1

    run_gateway()
    entry = db_session.scalar(select(ResidentBoxEntry).where(
        ResidentBoxEntry.message_id == decision.message_id))
    assert entry is not None and entry.kind == "decision" and entry.opened_at is None
    letter = db_session.scalar(select(SignedDocument).where(
        SignedDocument.case_id == case.id, SignedDocument.kind == "bescheid"))
    assert letter.filename == f"Bescheid-{reference}.pdf"
    ca = Path(app.config["SIGNING_PKI_DIR"]) / "ca.pem"
    verdict = verify_pdf(letter.content, [ca])
    assert verdict.ok, verdict
    with app.app_context():  # what /pruefen says of it
        assert mailgateway.check_pdf(mailgateway.gateway_keys(), letter.content).valid
    [rect] = signature_rects(letter.content)
    assert rect[2] - rect[0] > 100 and rect[3] - rect[1] > 30  # a visible seal box
    strings = shown_strings(letter.content)
    assert "Die Angaben sind vollständig." in strings and "ENTWURF" not in strings
    assert "Hundesteuer im ersten Jahr: 120,00 €" in strings  # the fee travelled in the payload
    assert "Lindenweg 4" in strings and reference in strings
    stamp = b"".join(stamp_streams(letter.content))
    assert b"Elektronisch gesiegelt" in stamp and b"Stadt Musterstadt" in stamp  # its holder


def test_the_resident_does_not_get_the_bescheid_as_a_plain_document(
        client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    save(other_client, reference)
    issue(other_client, reference)
    run_gateway()
    case = case_of(db_session, reference)
    letter = db_session.scalar(select(SignedDocument).where(
        SignedDocument.case_id == case.id, SignedDocument.kind == "bescheid"))
    page = text_of(client.get(f"/antraege/{reference}"))
    assert f"Eingangsquittung-{reference}.pdf" in page
    assert f"Bescheid-{reference}.pdf" not in page
    assert client.get(f"/antraege/{reference}/dokumente/{letter.id}").status_code == 404


def test_a_rejection_moves_the_case_to_abgelehnt(client, other_client, run_gateway,
                                                 db_session):
    reference = delivered_case(client, other_client, run_gateway)
    save(other_client, reference, entscheidung="ablehnung", begruendung="Kein Hund.")
    assert issue(other_client, reference).status_code == 302
    assert case_of(db_session, reference).status is CaseStatus.ABGELEHNT


def test_a_second_bescheid_is_refused_and_the_first_stays(client, other_client, run_gateway,
                                                          db_session):
    reference = delivered_case(client, other_client, run_gateway)
    save(other_client, reference)
    issue(other_client, reference)
    for response in (issue(other_client, reference), save(other_client, reference)):
        assert response.status_code == 409
        assert "bereits ein Bescheid erlassen" in text_of(response)
    [decision] = decisions_of(db_session, reference)
    assert decision.state is DecisionState.ISSUED
    page = text_of(other_client.get(f"/postfach/{reference}"))
    assert "Erlassen" in page and "Entwurf speichern" not in page


def test_the_database_refuses_a_second_issued_bescheid_of_one_case(
        client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    save(other_client, reference)
    issue(other_client, reference)
    [first] = decisions_of(db_session, reference)
    db_session.add(Decision(case_id=first.case_id, issued_case_id=first.case_id,
                            state=DecisionState.ISSUED, outcome=DecisionOutcome.ABLEHNUNG,
                            body="Zweiter", drafted_by_id=first.drafted_by_id))
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()


def test_issuing_without_a_draft_or_on_a_closed_case_is_refused(
        client, other_client, run_gateway, db_session):
    reference = delivered_case(client, other_client, run_gateway)
    response = issue(other_client, reference)
    assert response.status_code == 409 and "Speichern Sie zuerst einen Entwurf" in text_of(
        response)
    save(other_client, reference)
    case = case_of(db_session, reference)
    case.status = CaseStatus.ZURUECKGENOMMEN
    db_session.commit()
    response = issue(other_client, reference)
    assert response.status_code == 409
    assert "zurückgenommener" in text_of(response)
    assert decisions_of(db_session, reference)[0].state is DecisionState.DRAFT
