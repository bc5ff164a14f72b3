"""The forwarding reason: shown to the receiving department, never to the resident, who reads
where the case went; a decided or closed case is not forwarded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from buergerbuero.models import CaseStatus, OutboxMessage

from .. import support
from .casework import (
    CASEWORKER,
    OTHER_CASEWORKER,
    case_of,
    events,
    file_and_deliver,
    options_of,
    post_on_case,
    set_status,
    text_of,
)

REASON = "Der Hund ist ein Fundtier; zuständig ist das Ordnungsamt."


@pytest.fixture
def forwarded(client, other_client, run_gateway):
    """A dog-tax case the Steueramt claimed and forwarded to the Ordnungsamt, delivered there;
    `other_client` ends logged in as the Ordnungsamt's case worker."""
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    post_on_case(other_client, reference, "uebernehmen", {})
    response = post_on_case(other_client, reference, "weiterleiten",
                            {"department": "ordnungsamt", "reason": REASON})
    assert response.status_code == 302, text_of(response)[-1500:]
    run_gateway()
    support.logout(other_client)
    support.login_demo(other_client, OTHER_CASEWORKER)
    return reference


def section(page: str, heading_id: str) -> str:
    """Return the section of a page labelled by the heading with that id."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start:page.index("</section>", start)]


def test_the_receiving_department_reads_who_forwarded_from_where_and_why(
        other_client, forwarded):
    page = text_of(other_client.get(f"/postfach/{forwarded}"))
    notice = section(page, "weitergeleitet")
    assert "Weitergeleitet von Steueramt" in notice
    assert "Von Sachbearbeitung Steueramt am" in notice
    assert f"Begründung: {REASON}" in notice


def test_the_departments_timeline_shows_the_reason(other_client, forwarded):
    timeline = section(text_of(other_client.get(f"/postfach/{forwarded}")), "verlauf")
    assert "Steueramt → Ordnungsamt" in timeline and f"Begründung: {REASON}" in timeline


def test_the_resident_reads_where_the_case_went_but_not_why(client, forwarded):
    timeline = section(text_of(client.get(f"/antraege/{forwarded}")), "verlauf")
    assert "Weitergeleitet" in timeline
    assert "Jetzt zuständig: Ordnungsamt (bisher Steueramt)" in timeline
    assert REASON not in text_of(client.get(f"/antraege/{forwarded}"))


def test_a_forward_leaves_the_case_to_nobody_in_the_receiving_department(
        other_client, db_session, forwarded):
    case = case_of(db_session, forwarded)
    assert case.assignee_id is None and case.department.key == "ordnungsamt"
    assert "Diesen Vorgang bearbeitet zurzeit niemand." in text_of(
        other_client.get(f"/postfach/{forwarded}"))


def test_a_case_filed_directly_shows_no_forward_notice(client, other_client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    assert 'aria-labelledby="weitergeleitet"' not in text_of(
        other_client.get(f"/postfach/{reference}"))


def test_the_forward_form_offers_only_the_other_departments(client, other_client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    offered = options_of(text_of(other_client.get(f"/postfach/{reference}")), "department")
    assert "steueramt" not in offered and "ordnungsamt" in offered


@pytest.mark.parametrize("status", [CaseStatus.ENTSCHIEDEN, CaseStatus.ABGELEHNT,
                                    CaseStatus.ABGESCHLOSSEN])
def test_a_decided_or_closed_case_is_not_forwarded(client, other_client, db_session,
                                                    run_gateway, status):
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    set_status(db_session, reference, status)
    response = post_on_case(other_client, reference, "weiterleiten",
                            {"department": "ordnungsamt", "reason": "Zuständigkeit"})
    assert response.status_code == 409
    assert "Ein entschiedener oder abgeschlossener Vorgang kann nicht weitergeleitet werden." \
        in text_of(response)
    case = case_of(db_session, reference)
    assert case.department.key == "steueramt" and case.status is status
    assert events(db_session, reference, "forwarded") == []
    assert db_session.scalars(select(OutboxMessage.kind).where(
        OutboxMessage.case_id == case.id)).all() == ["submission"]


def test_a_forwarded_case_is_found_by_name_only_where_it_is_now(forwarded, client,
                                                                other_client):
    found = other_client.get("/postfach/?q=musterfrau").get_data(as_text=True)
    assert forwarded in found  # the Ordnungsamt, where it was delivered
    support.logout(other_client)
    support.login_demo(other_client, CASEWORKER)
    assert forwarded not in other_client.get("/postfach/?q=musterfrau").get_data(as_text=True)
