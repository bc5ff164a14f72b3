"""Bekanntgabe by retrieval (§ 41 Abs. 2a VwVfG): consent at filing, the notice mail and its
sending, the resident's download as the retrieval with its signed Abholbestätigung, and the
ten-day rule on a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

import mailgateway
from buergerbuero.cases import bekanntgabe, deadlines_law
from buergerbuero.cases.bekanntgabe_hooks import relay_round
from buergerbuero.core.extensions import db
from buergerbuero.models import AuditEvent, MailMessage, MailStatus, Receipt, ReceiptKind
from common.db import utcnow
from common.formatting import format_date

from .. import support
from .announcing import days_ago, decision_of, file_and_deliver, issue, set_decision
from .casework import CASEWORKER, case_of, text_of
from .mailing import Mailbox, empty_mail_queue, mails_to, run_mail_worker, smtp_server


@pytest.fixture
def decided(app, client, run_gateway):
    """A case filed with consent, its Bescheid issued and delivered into the resident's box;
    returns (reference, decision id)."""
    reference = file_and_deliver(client, run_gateway)
    decision_id = issue(app, reference)
    run_gateway()
    return reference, decision_id


def audit_actions(session, case_id: int) -> list[str]:
    """Return the audit actions of a case, oldest first."""
    return list(session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)
                                .order_by(AuditEvent.id)))


def test_consent_is_asked_unticked_on_the_review_page(client):
    support.register(client)
    url = support.start_draft(client)
    for step_id in ("halter", "hunde", "zahlung"):
        url = support.post_form(client, url, {**support.HUNDESTEUER[step_id],
                                              "aktion": "weiter"}).headers["Location"]
    page = text_of(client.get(url))
    assert 'name="abruf_einwilligung"' in page and "§ 41 Abs. 2a VwVfG" in page
    assert "checked" not in page[page.index('name="abruf_einwilligung"') - 200:][:400]


@pytest.mark.parametrize("consent", [True, False])
def test_consent_is_stored_with_the_case_and_audited(client, run_gateway, db_session, consent):
    reference = file_and_deliver(client, run_gateway, consent=consent)
    case = case_of(db_session, reference)
    assert (case.retrieval_consent_at is not None) is consent
    assert ("retrieval_consent_given" in audit_actions(db_session, case.id)) is consent
    page = text_of(client.get(f"/antraege/{reference}"))
    assert ("Sie haben am" in page) is consent and ("Bescheide erhalten Sie per Post" in page) \
        is not consent


def test_the_case_worker_sees_the_consent(client, other_client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    assert "Einwilligung in die Bekanntgabe durch Abruf: am" in text_of(
        other_client.get(f"/postfach/{reference}"))


def test_the_decision_is_announced_when_it_reaches_the_box_not_at_the_status_change(
        app, client, run_gateway, db_session):
    reference = file_and_deliver(client, run_gateway)
    email = case_of(db_session, reference).user.email
    decision_id = issue(app, reference)
    assert mails_to(db_session, email, "case_decided") == []  # the status change sent none
    run_gateway()
    [mail] = mails_to(db_session, email, "case_decided")
    assert "liegt in Ihrem Postfach zum Abruf bereit" in mail.body_text
    assert "Hundesteuer" not in mail.body_text  # never the content
    decision = decision_of(db_session, decision_id)
    assert decision.notice_mail_id == mail.id and decision.notified_at is None


def test_notified_at_is_when_the_notice_mail_was_sent(app, decided, db_session, monkeypatch):
    reference, decision_id = decided
    box = Mailbox()
    with smtp_server(box) as port:
        monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", port)
        run_mail_worker(app)
    decision = decision_of(db_session, decision_id)
    mail = db_session.get(MailMessage, decision.notice_mail_id)
    assert mail.status is MailStatus.SENT
    assert [m["Subject"] for m in box.to(mail.to_address)
            if "Entscheidung" in m["Subject"]] == [f"Entscheidung zu Ihrem Antrag {reference}"]
    with app.app_context():
        bekanntgabe.settle_notices(db.session)
    assert decision_of(db_session, decision_id).notified_at == mail.sent_at
    assert "decision_notified" in audit_actions(db_session, decision.case_id)


def test_a_notice_not_yet_sent_leaves_the_ten_days_unstarted(app, decided, db_session):
    _reference, decision_id = decided
    empty_mail_queue(app)
    with app.app_context():
        bekanntgabe.settle_notices(db.session)
    assert decision_of(db_session, decision_id).notified_at is None


def test_a_failed_notice_counts_from_the_delivery_into_the_box(app, decided, db_session):
    _reference, decision_id = decided
    decision = decision_of(db_session, decision_id)
    db_session.get(MailMessage, decision.notice_mail_id).status = MailStatus.FAILED
    db_session.commit()
    with app.app_context():
        bekanntgabe.settle_notices(db.session)
        entry = mailgateway.resident_entry(db.session, decision.message_id)
        received = entry.received_at
    assert decision_of(db_session, decision_id).notified_at == received


def test_without_mail_the_ten_days_run_from_the_delivery(app, client, run_gateway, db_session):
    reference = file_and_deliver(client, run_gateway)
    case = case_of(db_session, reference)
    case.user.notify_by_email = False
    db_session.commit()
    decision_id = issue(app, reference)
    before = utcnow()
    run_gateway()
    decision = decision_of(db_session, decision_id)
    assert decision.notice_mail_id is None and decision.notified_at >= before
    assert mails_to(db_session, case.user.email, "case_decided") == []


def test_the_download_is_the_retrieval_with_a_signed_abholbestaetigung(app, client, decided,
                                                                       db_session):
    reference, decision_id = decided
    response = client.get(f"/antraege/{reference}/bescheid")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    decision = decision_of(db_session, decision_id)
    tomorrow = deadlines_law.local_day(decision.retrieved_at) + dt.timedelta(days=1)
    assert decision.announced_on == tomorrow
    assert decision.remedy_ends_on == deadlines_law.remedy_ends_on(tomorrow, "BW")
    [pickup] = db_session.scalars(select(Receipt).where(
        Receipt.message_id == decision.message_id, Receipt.kind == ReceiptKind.ABHOLUNG)).all()
    assert pickup.recipient == f"antragsteller:{reference}"
    with app.app_context():
        keys = mailgateway.gateway_keys()
        assert mailgateway.check_receipt(keys, pickup.record, pickup.signature).valid
        assert not mailgateway.check_receipt(keys, pickup.record.replace("abholung", "eingang"),
                                             pickup.signature).valid
        assert mailgateway.check_pdf(keys, response.data).valid
    [event] = db_session.scalars(select(AuditEvent).where(
        AuditEvent.action == "decision_retrieved", AuditEvent.case_id == decision.case_id))
    assert event.details["announced"] is True
    page = text_of(client.get(f"/antraege/{reference}"))
    assert "Abholbestätigung" in page and "Empfänger: Antragsteller/in" in page
    assert "Empfänger: antragsteller:" not in page  # named, not by the receipt's key


def test_a_second_download_changes_nothing(client, decided, db_session):
    reference, decision_id = decided
    client.get(f"/antraege/{reference}/bescheid")
    first = decision_of(db_session, decision_id)
    retrieved, announced = first.retrieved_at, first.announced_on
    assert client.get(f"/antraege/{reference}/bescheid").status_code == 200
    again = decision_of(db_session, decision_id)
    assert (again.retrieved_at, again.announced_on) == (retrieved, announced)
    assert len(db_session.scalars(select(Receipt).where(
        Receipt.message_id == again.message_id, Receipt.kind == ReceiptKind.ABHOLUNG)).all()) == 1


def test_both_pages_show_the_bekanntgabe_and_the_last_day(client, other_client, decided,
                                                          db_session):
    reference, decision_id = decided
    client.get(f"/antraege/{reference}/bescheid")
    decision = decision_of(db_session, decision_id)
    support.login_demo(other_client, CASEWORKER)
    for page in (text_of(client.get(f"/antraege/{reference}")),
                 text_of(other_client.get(f"/postfach/{reference}"))):
        assert "Letzter Tag für den Widerspruch" in page
        assert format_date(decision.announced_on, "de") in page
        assert format_date(decision.remedy_ends_on, "de") in page
        assert "noch nicht abgerufen" not in page


def test_nobody_else_downloads_the_bescheid(decided, other_client):
    reference, _decision_id = decided
    support.register(other_client)
    assert other_client.get(f"/antraege/{reference}/bescheid").status_code == 404


def test_before_the_delivery_there_is_nothing_to_retrieve(app, client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    assert client.get(f"/antraege/{reference}/bescheid").status_code == 404
    issue(app, reference)  # issued, not yet delivered by the gateway
    assert client.get(f"/antraege/{reference}/bescheid").status_code == 404


# The ten-day rule, on a frozen clock: `end_provisions` is given the moment it runs at.

def notified_on(db_session, decision_id: int, at: dt.datetime) -> None:
    """Put the notice's sending at `at`."""
    set_decision(db_session, decision_id, notified_at=at)


NOTIFIED = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
LAST_MOMENT = dt.datetime(2026, 12, 11, 22, 59, 59, tzinfo=dt.UTC)  # 23:59:59 in Berlin
END = dt.datetime(2026, 12, 11, 23, 0, tzinfo=dt.UTC)  # midnight: the 12th in Berlin


def test_the_provision_lasts_through_the_tenth_day(app, decided, db_session):
    _reference, decision_id = decided
    notified_on(db_session, decision_id, NOTIFIED)
    with app.app_context():
        bekanntgabe.end_provisions(db.session, LAST_MOMENT)
    assert decision_of(db_session, decision_id).provision_ended_at is None


def test_the_provision_ends_when_the_tenth_day_is_over(app, decided, db_session):
    _reference, decision_id = decided
    notified_on(db_session, decision_id, NOTIFIED)
    with app.app_context():
        bekanntgabe.end_provisions(db.session, END)
        bekanntgabe.end_provisions(db.session, END + dt.timedelta(days=3))  # ended once
    decision = decision_of(db_session, decision_id)
    assert decision.provision_ended_at == END and decision.announced_on is None
    assert audit_actions(db_session, decision.case_id).count("decision_provision_ended") == 1


def test_a_retrieved_bescheid_keeps_its_bekanntgabe_after_ten_days(app, client, decided,
                                                                    db_session):
    reference, decision_id = decided
    client.get(f"/antraege/{reference}/bescheid")
    notified_on(db_session, decision_id, NOTIFIED)
    with app.app_context():
        bekanntgabe.end_provisions(db.session, END + dt.timedelta(days=30))
    assert decision_of(db_session, decision_id).provision_ended_at is None


def test_a_download_after_the_provision_is_no_bekanntgabe(app, client, other_client, decided,
                                                          db_session):
    reference, decision_id = decided
    notified_on(db_session, decision_id, days_ago(12))
    with app.app_context():
        relay_round()  # the relay's clock is now: twelve days after the notice
    assert decision_of(db_session, decision_id).provision_ended_at is not None
    support.login_demo(other_client, CASEWORKER)
    worker_page = text_of(other_client.get(f"/postfach/{reference}"))
    assert "nicht abgerufen" in worker_page and "Für den Postversand drucken" in worker_page
    assert "Aufgabe zur Post vermerken" in worker_page
    assert client.get(f"/antraege/{reference}/bescheid").status_code == 200  # kept, still
    decision = decision_of(db_session, decision_id)
    assert decision.retrieved_at is not None and decision.announced_on is None
    page = text_of(client.get(f"/antraege/{reference}"))
    assert "wird Ihnen per Post bekannt gegeben" in page and "keine Bekanntgabe mehr" in page


def test_a_download_after_ten_days_before_the_relay_noticed_is_no_bekanntgabe(
        app, client, other_client, decided, db_session):
    reference, decision_id = decided
    notified_on(db_session, decision_id, days_ago(11.5))  # past the end, not yet recorded
    client.get(f"/antraege/{reference}/bescheid")
    decision = decision_of(db_session, decision_id)
    assert decision.retrieved_at is not None and decision.announced_on is None
    with app.app_context():
        relay_round()  # the provision still ends: the late download announced nothing
    assert decision_of(db_session, decision_id).provision_ended_at is not None
    support.login_demo(other_client, CASEWORKER)
    assert "Aufgabe zur Post vermerken" in text_of(other_client.get(f"/postfach/{reference}"))


def test_a_download_on_the_ninth_day_announces(client, decided, db_session):
    reference, decision_id = decided
    notified_on(db_session, decision_id, days_ago(9))
    client.get(f"/antraege/{reference}/bescheid")
    assert decision_of(db_session, decision_id).announced_on is not None


def test_the_pages_show_the_provisions_last_day_until_the_retrieval(client, other_client,
                                                                     decided, db_session):
    reference, decision_id = decided
    notified_on(db_session, decision_id, NOTIFIED)
    support.login_demo(other_client, CASEWORKER)
    for page in (text_of(client.get(f"/antraege/{reference}")),
                 text_of(other_client.get(f"/postfach/{reference}"))):
        assert "noch nicht abgerufen" in page
        assert "bereitgestellt zum Abruf bis einschließlich 11. Dezember 2026" in page
