"""Every read checks ownership: residents see their own, case workers their department's."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from buergerbuero.models import Case, Message, SignedDocument

from .. import support
from .filing import cases_of, draft, draft_id, fill_until, review_url, step_url


def test_a_resident_cannot_open_another_residents_case(
        client, other_client, db_session, run_gateway):
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()  # so the case has a signed receipt to download
    support.fresh(db_session)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    document = db_session.scalar(select(SignedDocument).where(SignedDocument.case_id == case.id))
    receipt_url = f"/antraege/{reference}/dokumente/{document.id}"
    assert client.get(f"/antraege/{reference}").status_code == 200
    assert client.get(receipt_url).status_code == 200

    support.register(other_client)
    assert other_client.get(f"/antraege/{reference}").status_code == 404
    assert other_client.get(receipt_url).status_code == 404
    response = support.post_form(other_client, f"/antraege/{reference}/nachricht",
                                 {"body": "Hallo"}, page="/antraege/")
    assert response.status_code == 404
    assert reference not in other_client.get("/antraege/").get_data(as_text=True)
    support.fresh(db_session)
    assert db_session.scalar(select(Message).where(Message.case_id == case.id)) is None


def test_a_case_that_does_not_exist_looks_like_another_residents_case(client, resident):
    response = client.get("/antraege/HST-1999-999999")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


@pytest.mark.parametrize("method, target", [
    ("GET", "halter"), ("POST", "halter"), ("GET", "review"), ("POST", "discard"),
])
def test_a_resident_cannot_open_or_change_another_residents_draft(
        client, other_client, db_session, method, target):
    support.register(client)
    url = fill_until(client, "zahlung")
    support.register(other_client)
    path = {"halter": step_url(url, "halter"), "review": review_url(url),
            "discard": f"/antraege/entwurf/{draft_id(url)}/verwerfen"}[target]
    if method == "GET":
        response = other_client.get(path)
    else:
        data = {**support.HUNDESTEUER["halter"], "nachname": "Fremd"}
        response = support.post_form(other_client, path, data, page="/antraege/")
    assert response.status_code == 404
    saved = draft(db_session, url)
    assert saved is not None and saved.answers["nachname"] == "Musterfrau"


def test_filing_another_residents_draft_is_answered_as_if_it_did_not_exist(
        client, other_client, db_session):
    support.register(client)
    review = fill_until(client, "zahlung")
    intruder = support.register(other_client)
    foreign = support.post_form(other_client, review, {"aktion": "einreichen"},
                                page="/antraege/")
    missing = support.post_form(other_client, "/antraege/entwurf/999999999/pruefen",
                                {"aktion": "einreichen"}, page="/antraege/")
    assert (foreign.status_code, foreign.headers["Location"]) == (
        missing.status_code, missing.headers["Location"]) == (303, "/antraege/")
    assert draft(db_session, review) is not None
    assert cases_of(db_session, intruder) == []


def test_a_case_worker_sees_a_case_only_after_delivery(client, other_client, run_gateway):
    support.register(client)
    reference = support.file_hundesteuer(client)
    support.login_demo(other_client, "steueramt@example.org")
    assert other_client.get(f"/postfach/{reference}").status_code == 404
    assert reference not in other_client.get("/postfach/").get_data(as_text=True)
    run_gateway()
    assert reference in other_client.get("/postfach/").get_data(as_text=True)
    page = other_client.get(f"/postfach/{reference}")
    assert page.status_code == 200
    assert "Bello" in page.get_data(as_text=True)


def test_a_case_worker_of_another_department_cannot_open_the_case(
        client, other_client, run_gateway):
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    support.login_demo(other_client, "ordnungsamt@example.org")
    assert other_client.get(f"/postfach/{reference}").status_code == 404
    assert reference not in other_client.get("/postfach/").get_data(as_text=True)
    response = support.post_form(other_client, f"/postfach/{reference}/nachricht",
                                 {"body": "Hallo"}, page="/postfach/")
    assert response.status_code == 404
