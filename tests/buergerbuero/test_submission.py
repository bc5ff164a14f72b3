"""Submitting: one transaction, one case per draft, consecutive references, Redis may be down."""

from __future__ import annotations

import datetime as dt
import re
import threading

from sqlalchemy import select

from buergerbuero.cases.submission import next_reference
from buergerbuero.models import (
    AuditEvent,
    CaseStatus,
    OutboxMessage,
    OutboxStatus,
    PostfachEntry,
    Receipt,
    ServiceDefinition,
)
from common.db import utcnow
from mailgateway.queue import gateway_queue
from mailgateway.relay import relay_once

from .. import support
from .filing import cases_of, draft, fill_until

REFERENCE = re.compile(r"^HST-(\d{4})-(\d{6})$")


def submit(client, review: str):
    """Press "Einreichen" on the review page."""
    return support.post_form(client, review, {"aktion": "einreichen"})


def test_submitting_files_case_submission_outbox_and_audit_and_removes_the_draft(
        client, resident, db_session):
    review = fill_until(client, "zahlung")
    response = submit(client, review)
    assert response.status_code == 302
    [case] = cases_of(db_session, resident)
    assert response.headers["Location"] == f"/antraege/{case.reference}"
    assert f"Aktenzeichen: {case.reference}" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    definition = db_session.get(ServiceDefinition, case.definition_id)
    submission = case.submission
    assert (submission.definition_slug, submission.definition_version,
            submission.definition_sha256) == (definition.slug, definition.version,
                                              definition.sha256)
    assert submission.answers["iban"] == "DE89370400440532013000"
    assert [d["hundename"] for d in submission.answers["hunde"]] == ["Bello"]
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    assert outbox.payload["case_reference"] == case.reference
    assert db_session.scalar(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "submitted")) is not None
    assert draft(db_session, review) is None


def test_submitting_twice_files_one_case_and_the_second_click_is_answered_kindly(
        client, resident, db_session):
    review = fill_until(client, "zahlung")
    token = support.csrf_of(client.get(review).get_data(as_text=True))
    first = client.post(review, data={"csrf_token": token, "aktion": "einreichen"})
    second = client.post(review, data={"csrf_token": token, "aktion": "einreichen"})
    assert first.status_code == 302
    assert (second.status_code, second.headers["Location"]) == (303, "/antraege/")
    assert "Dieser Entwurf ist nicht mehr vorhanden." in client.get(
        "/antraege/").get_data(as_text=True)
    assert len(cases_of(db_session, resident)) == 1


def test_two_clicks_at_the_same_moment_file_one_case(app, client, resident, db_session):
    review = fill_until(client, "zahlung")
    token = support.csrf_of(client.get(review).get_data(as_text=True))
    second_tab = app.test_client()
    second_tab.set_cookie("session", client.get_cookie("session").value)
    start = threading.Barrier(2)
    statuses = []

    def click(browser) -> None:
        start.wait()
        response = browser.post(review, data={"csrf_token": token, "aktion": "einreichen"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=click, args=(b,)) for b in (client, second_tab)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) in ([302, 302], [302, 303])
    assert len(cases_of(db_session, resident)) == 1


def test_references_are_consecutive_per_prefix_and_year(client, resident, db_session):
    first = support.file_hundesteuer(client)
    second = support.file_hundesteuer(client)
    year = str(utcnow().year)
    (year1, n1), (year2, n2) = REFERENCE.match(first).groups(), REFERENCE.match(second).groups()
    assert year1 == year2 == year
    assert int(n2) == int(n1) + 1


def test_each_prefix_and_year_counts_on_its_own(db_session):
    try:
        assert next_reference(db_session, "ZZA", 2031) == "ZZA-2031-000001"
        assert next_reference(db_session, "ZZA", 2031) == "ZZA-2031-000002"
        assert next_reference(db_session, "ZZB", 2031) == "ZZB-2031-000001"
        assert next_reference(db_session, "ZZA", 2032) == "ZZA-2032-000001"
        assert next_reference(db_session, "ZZA", 2031) == "ZZA-2031-000003"
    finally:
        support.fresh(db_session)


def test_a_submission_while_redis_is_down_is_confirmed_and_delivered_later_exactly_once(
        app, db_session, redis_conn, run_gateway):
    with support.sibling_app(app, REDIS_URL="redis://127.0.0.1:1/0",
                             RATELIMIT_STORAGE_URI="memory://") as offline:
        browser = offline.test_client()
        resident = support.register(browser)
        reference = support.file_hundesteuer(browser)
        assert REFERENCE.match(reference), reference
        page = browser.get(f"/antraege/{reference}").get_data(as_text=True)
        assert f"Ihr Antrag ist eingegangen. Aktenzeichen: {reference}" in page

    [case] = cases_of(db_session, resident)
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    assert outbox.status is OutboxStatus.PENDING
    with app.app_context():
        assert gateway_queue().count == 0
        later = utcnow() + dt.timedelta(minutes=5)
        assert relay_once(now=later) >= 1
        relay_once(now=later + dt.timedelta(minutes=5))  # enqueued twice: must deliver once
        assert [job.args for job in gateway_queue().jobs].count((outbox.id,)) == 2
    run_gateway()

    support.fresh(db_session)
    assert db_session.get(OutboxMessage, outbox.id).status is OutboxStatus.DELIVERED
    entries = db_session.scalars(select(PostfachEntry).where(PostfachEntry.case_id == case.id))
    assert len(entries.all()) == 1
    kinds = [r.kind.value for r in db_session.scalars(
        select(Receipt).where(Receipt.case_id == case.id))]
    assert sorted(kinds) == ["eingang", "versand"]
    assert db_session.get(type(case), case.id).status is CaseStatus.ZUGESTELLT
