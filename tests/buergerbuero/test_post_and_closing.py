"""Bekanntgabe by post (Aufgabe zur Post, the postal fiction), closing after the Bekanntgabe,
a closed case read-only, reopening with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from buergerbuero.cases import deadlines_law
from buergerbuero.cases.bekanntgabe_hooks import relay_round
from buergerbuero.models import CaseStatus
from common.db import utcnow

from .. import support
from .announcing import days_ago, decision_of, file_and_deliver, issue, set_decision
from .casework import CASEWORKER, case_of, events, post_on_case, set_status, text_of


def today() -> dt.date:
    """Return the municipality's today."""
    return deadlines_law.local_day(utcnow())


@pytest.fixture
def by_post(app, client, other_client, run_gateway):
    """A case filed without consent, its Bescheid issued and delivered, the department's case
    worker logged in; returns (reference, decision id)."""
    reference = file_and_deliver(client, run_gateway, consent=False)
    decision_id = issue(app, reference)
    run_gateway()
    support.login_demo(other_client, CASEWORKER)
    return reference, decision_id


def record_post(client, reference: str, day: dt.date | str):
    """Post the form "Aufgabe zur Post vermerken"."""
    value = day.isoformat() if isinstance(day, dt.date) else day
    return support.post_form(client, f"/postfach/{reference}/bescheid/post",
                             {"posted_on": value}, page=f"/postfach/{reference}")


def test_without_consent_the_post_flow_is_offered_from_the_start(by_post, other_client,
                                                                 db_session):
    reference, decision_id = by_post
    assert decision_of(db_session, decision_id).by_retrieval is False
    page = text_of(other_client.get(f"/postfach/{reference}"))
    assert "Für den Postversand drucken" in page and "Aufgabe zur Post vermerken" in page
    printed = other_client.get(f"/postfach/{reference}/bescheid")
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"


def test_the_posting_day_gives_the_bekanntgabe_four_days_later(by_post, client, other_client,
                                                               db_session):
    reference, decision_id = by_post
    response = record_post(other_client, reference, today())
    assert response.status_code == 302, text_of(response)[-2000:]
    decision = decision_of(db_session, decision_id)
    assert decision.posted_on == today() and decision.posted_by_id is not None
    assert decision.announced_on == today() + dt.timedelta(days=4)
    assert decision.remedy_ends_on == deadlines_law.remedy_ends_on(decision.announced_on, "BW")
    [event] = events(db_session, reference, "decision_posted")
    assert event.details["announced_on"] == decision.announced_on.isoformat()
    assert "Zur Post gegeben am" in text_of(client.get(f"/antraege/{reference}"))
    assert record_post(other_client, reference, today()).status_code == 409  # once only


def test_the_postal_fictions_days_are_configurable(app, by_post, other_client, db_session,
                                                   monkeypatch):
    reference, decision_id = by_post
    monkeypatch.setitem(app.config, "BEKANNTGABE_POST_DAYS", 3)
    record_post(other_client, reference, today())
    assert decision_of(db_session, decision_id).announced_on == today() + dt.timedelta(days=3)


@pytest.mark.parametrize(("day", "message"), [
    (dt.timedelta(days=1), "nicht in der Zukunft"),
    (dt.timedelta(days=-1), "nicht vor dem Erlass"),
])
def test_a_posting_day_in_the_future_or_before_the_issue_is_refused(by_post, other_client,
                                                                    db_session, day, message):
    reference, decision_id = by_post
    response = record_post(other_client, reference, today() + day)
    assert response.status_code == 400 and message in text_of(response)
    assert decision_of(db_session, decision_id).posted_on is None


@pytest.mark.parametrize("value", ["", "gestern", "2026-13-01"])
def test_a_posting_day_that_is_no_date_is_refused(by_post, other_client, db_session, value):
    reference, decision_id = by_post
    assert record_post(other_client, reference, value).status_code == 400
    assert decision_of(db_session, decision_id).posted_on is None


def test_no_posting_while_the_bescheid_waits_for_retrieval(app, client, other_client,
                                                           run_gateway, db_session):
    reference = file_and_deliver(client, run_gateway)
    decision_id = issue(app, reference)
    run_gateway()
    support.login_demo(other_client, CASEWORKER)
    page = text_of(other_client.get(f"/postfach/{reference}"))
    assert "Aufgabe zur Post vermerken" not in page
    response = record_post(other_client, reference, today())
    assert response.status_code == 409 and "liegt noch zum Abruf bereit" in text_of(response)
    assert decision_of(db_session, decision_id).posted_on is None
    set_decision(db_session, decision_id, notified_at=days_ago(12))
    with app.app_context():
        relay_round()
    assert record_post(other_client, reference, today()).status_code == 302
    assert decision_of(db_session, decision_id).announced_on == today() + dt.timedelta(days=4)


def test_a_posting_day_within_the_retrieval_period_is_refused(app, client, other_client,
                                                              run_gateway, db_session):
    reference = file_and_deliver(client, run_gateway)
    decision_id = issue(app, reference)
    run_gateway()
    issued = days_ago(14)
    set_decision(db_session, decision_id, issued_at=issued,
                 dated=deadlines_law.local_day(issued), notified_at=days_ago(13))
    with app.app_context():
        relay_round()  # the provision ended three days ago
    ended = deadlines_law.local_day(decision_of(db_session, decision_id).provision_ended_at)
    support.login_demo(other_client, CASEWORKER)
    response = record_post(other_client, reference, ended - dt.timedelta(days=1))
    assert response.status_code == 400
    assert "nicht vor dem Ende der Bereitstellung zum Abruf" in text_of(response)
    assert decision_of(db_session, decision_id).posted_on is None
    assert record_post(other_client, reference, ended).status_code == 302


def test_no_posting_without_a_bescheid(client, other_client, run_gateway):
    from .casework import file_and_deliver as deliver_plain

    reference = deliver_plain(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    assert record_post(other_client, reference, today()).status_code == 409
    assert other_client.get(f"/postfach/{reference}/bescheid").status_code == 404


def test_the_case_closes_once_its_bekanntgabe_day_has_come(app, by_post, other_client,
                                                           db_session):
    reference, decision_id = by_post
    posted = today() - dt.timedelta(days=1)
    set_decision(db_session, decision_id, dated=posted)
    record_post(other_client, reference, posted)
    announced = decision_of(db_session, decision_id).announced_on
    day_before = deadlines_law.start_of_local_day(announced) - dt.timedelta(seconds=1)
    with app.app_context():
        relay_round(day_before)
    assert case_of(db_session, reference).status is CaseStatus.ENTSCHIEDEN
    with app.app_context():
        relay_round(deadlines_law.start_of_local_day(announced))
    assert case_of(db_session, reference).status is CaseStatus.ABGESCHLOSSEN
    change = events(db_session, reference, "status_changed")[-1]
    assert change.details == {"from": "entschieden", "to": "abgeschlossen",
                              "cause": "bekanntgabe"}


def test_a_closed_case_is_read_only_on_both_sides(by_post, client, other_client, db_session):
    reference, _decision_id = by_post
    set_status(db_session, reference, CaseStatus.ABGESCHLOSSEN)
    resident_page = text_of(client.get(f"/antraege/{reference}"))
    worker_page = text_of(other_client.get(f"/postfach/{reference}"))
    for page in (resident_page, worker_page):
        assert "Nachricht senden" not in page and "Dieser Vorgang ist abgeschlossen." in page
    before = len(events(db_session, reference, "message_sent"))
    for browser, url in ((client, f"/antraege/{reference}"), (other_client,
                                                             f"/postfach/{reference}")):
        response = support.post_form(browser, f"{url}/nachricht", {"body": "Noch etwas"},
                                     page=url)
        assert response.status_code == 409 and "Vorgang ist abgeschlossen" in text_of(response)
    assert len(events(db_session, reference, "message_sent")) == before


def test_reopening_needs_a_reason_and_is_audited(by_post, other_client, db_session):
    reference, _decision_id = by_post
    set_status(db_session, reference, CaseStatus.ABGESCHLOSSEN)
    refused = post_on_case(other_client, reference, "status",
                           {"status": "in_bearbeitung", "reason": " "})
    assert refused.status_code == 400 and "Bitte nennen Sie den Grund" in text_of(refused)
    assert case_of(db_session, reference).status is CaseStatus.ABGESCHLOSSEN
    response = post_on_case(other_client, reference, "status",
                            {"status": "in_bearbeitung", "reason": "Widerspruch eingegangen"})
    assert response.status_code == 302
    assert events(db_session, reference, "status_changed")[-1].details == {
        "from": "abgeschlossen", "to": "in_bearbeitung", "reason": "Widerspruch eingegangen"}
