"""Rücknahme: the resident withdraws until the decision, the department is told through the
gateway with receipts, a withdrawn case is read-only; after the decision: 409."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from buergerbuero.models import Case, CaseStatus, OutboxMessage, OutboxStatus, ReceiptKind
from buergerbuero.models import Receipt as ReceiptRow

from .. import support
from .announcing import file_and_deliver, issue
from .casework import CASEWORKER, case_of, events, set_status, text_of

REASON = "Der Hund ist doch beim Nachbarn gemeldet."


def withdraw(client, reference: str, data: dict[str, str]):
    """Post the Rücknahme form of the case page."""
    return support.post_form(client, f"/antraege/{reference}/ruecknahme", data,
                             page=f"/antraege/{reference}")


@pytest.fixture
def delivered(client, run_gateway):
    """A delivered case of the resident logged in as `client`; its reference."""
    return file_and_deliver(client, run_gateway)


def test_the_resident_withdraws_with_a_reason(client, run_gateway, delivered, db_session):
    reference = delivered
    assert "Antrag zurücknehmen" in text_of(client.get(f"/antraege/{reference}"))
    response = withdraw(client, reference, {"reason": REASON, "confirm": "y"})
    assert response.status_code == 302, text_of(response)[-2000:]
    case = case_of(db_session, reference)
    assert case.status is CaseStatus.ZURUECKGENOMMEN and not case.is_open
    change = events(db_session, reference, "status_changed")[-1]
    assert change.details == {"from": "zugestellt", "to": "zurueckgenommen", "reason": REASON,
                              "cause": "withdrawal"}
    assert change.actor_id == case.user_id
    [withdrawn] = events(db_session, reference, "withdrawn")
    outbox = db_session.scalar(select(OutboxMessage).where(
        OutboxMessage.message_id == withdrawn.details["message_id"]))
    assert outbox.kind == "withdrawal" and outbox.payload["reason"] == REASON
    run_gateway()
    support.fresh(db_session)
    assert db_session.get(OutboxMessage, outbox.id).status is OutboxStatus.DELIVERED
    kinds = {r.kind for r in db_session.scalars(select(ReceiptRow).where(
        ReceiptRow.message_id == outbox.message_id))}
    assert kinds == {ReceiptKind.VERSAND, ReceiptKind.EINGANG}
    page = text_of(client.get(f"/antraege/{reference}"))
    assert "Versandbestätigung – Rücknahme" in page and "Eingangsbestätigung – Rücknahme" in page
    assert "Zurückgenommen" in page and "Antrag zurücknehmen" not in page


def test_the_department_reads_the_withdrawal_and_its_reading_is_receipted(
        client, other_client, run_gateway, delivered, db_session):
    reference = delivered
    withdraw(client, reference, {"reason": REASON, "confirm": "y"})
    run_gateway()
    support.login_demo(other_client, CASEWORKER)
    page = text_of(other_client.get(f"/postfach/{reference}"))
    assert "Zurückgenommen" in page and REASON in page
    [withdrawn] = events(db_session, reference, "withdrawn")
    assert db_session.scalar(select(ReceiptRow).where(
        ReceiptRow.message_id == withdrawn.details["message_id"],
        ReceiptRow.kind == ReceiptKind.ABHOLUNG)) is not None


def test_without_the_confirmation_nothing_is_withdrawn(client, delivered, db_session):
    reference = delivered
    response = withdraw(client, reference, {"reason": REASON})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie, dass Sie den Antrag zurücknehmen." in text_of(response)
    assert REASON in text_of(response)  # what was typed stays in the form
    assert case_of(db_session, reference).status is CaseStatus.ZUGESTELLT
    assert events(db_session, reference, "withdrawn") == []


def test_a_reason_is_optional_but_short(client, delivered, db_session):
    reference = delivered
    assert withdraw(client, reference, {"reason": "x" * 2001, "confirm": "y"}).status_code == 400
    assert withdraw(client, reference, {"confirm": "y"}).status_code == 302
    assert case_of(db_session, reference).status is CaseStatus.ZURUECKGENOMMEN


@pytest.mark.parametrize("status", [CaseStatus.ENTSCHIEDEN, CaseStatus.ABGELEHNT])
def test_after_the_decision_the_withdrawal_is_refused_with_409(client, delivered, db_session,
                                                               status):
    reference = delivered
    set_status(db_session, reference, status)
    assert "Antrag zurücknehmen" not in text_of(client.get(f"/antraege/{reference}"))
    response = withdraw(client, reference, {"reason": REASON, "confirm": "y"})
    assert response.status_code == 409
    assert "bereits entschieden" in text_of(response)
    assert case_of(db_session, reference).status is status
    assert events(db_session, reference, "withdrawn") == []


def test_an_issued_bescheid_refuses_the_withdrawal(app, client, delivered, db_session):
    reference = delivered
    issue(app, reference)
    response = withdraw(client, reference, {"confirm": "y"})
    assert response.status_code == 409 and "bereits entschieden" in text_of(response)
    assert case_of(db_session, reference).status is CaseStatus.ENTSCHIEDEN


def test_a_second_withdrawal_is_refused(client, delivered, db_session):
    reference = delivered
    withdraw(client, reference, {"confirm": "y"})
    response = withdraw(client, reference, {"confirm": "y"})
    assert response.status_code == 409 and "bereits zurückgenommen" in text_of(response)
    assert len(events(db_session, reference, "withdrawn")) == 1


def test_a_withdrawn_case_takes_no_more_messages(client, delivered, db_session):
    reference = delivered
    withdraw(client, reference, {"confirm": "y"})
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": "Doch nicht"}, page=f"/antraege/{reference}")
    assert response.status_code == 409
    assert events(db_session, reference, "message_sent") == []


def test_a_filed_case_not_yet_delivered_can_be_withdrawn(client, db_session):
    from .announcing import file_dog_tax

    support.register(client)
    reference = file_dog_tax(client, consent=False)  # the gateway has not run
    assert withdraw(client, reference, {"confirm": "y"}).status_code == 302
    assert case_of(db_session, reference).status is CaseStatus.ZURUECKGENOMMEN


def test_another_resident_cannot_withdraw(delivered, other_client, db_session):
    support.register(other_client)
    response = support.post_form(other_client, f"/antraege/{delivered}/ruecknahme",
                                 {"confirm": "y"}, page="/antraege/")
    assert response.status_code == 404
    assert case_of(db_session, delivered).status is CaseStatus.ZUGESTELLT


@pytest.mark.skipif(support.backend() != "postgresql",
                    reason="row locks; SQLite lets one writer at a time anyway")
def test_a_withdrawal_waits_for_a_decision_being_made_and_is_then_refused(
        app, client, delivered, db_session):
    reference = delivered
    token = support.csrf_of(client.get(f"/antraege/{reference}").get_data(as_text=True))
    decider = app.extensions["buergerbuero.db"]()  # a case worker issuing the Bescheid: the
    case = decider.scalar(select(Case).where(Case.reference == reference).with_for_update())
    answered = {}  # row is locked until that transaction commits

    def send() -> None:
        answered["response"] = client.post(f"/antraege/{reference}/ruecknahme",
                                           data={"csrf_token": token, "confirm": "y"})

    resident = threading.Thread(target=send)
    resident.start()
    time.sleep(1.0)
    assert resident.is_alive(), "the withdrawal must wait for the case's row"
    case.status = CaseStatus.ENTSCHIEDEN
    decider.commit()
    decider.close()
    resident.join(30)
    assert answered["response"].status_code == 409
    assert case_of(db_session, reference).status is CaseStatus.ENTSCHIEDEN
    assert events(db_session, reference, "withdrawn") == []
