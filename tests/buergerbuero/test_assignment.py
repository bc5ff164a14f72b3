"""Claim, assign, release: who works a case, with its audit events and refusals."""

from __future__ import annotations

import pytest

from buergerbuero.models import Role

from .. import support
from .casework import (
    CASEWORKER,
    OTHER_CASEWORKER,
    case_of,
    events,
    file_and_deliver,
    new_account,
    options_of,
    post_on_case,
    text_of,
    user_id,
)

REFUSAL = "Bitte wählen Sie eine Sachbearbeiterin oder einen Sachbearbeiter dieses Amtes."


@pytest.fixture
def delivered(client, other_client, run_gateway):
    """A dog-tax case delivered to the Steueramt; `other_client` is its case worker."""
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    return reference


def test_a_case_worker_claims_an_unclaimed_case(other_client, db_session, delivered):
    page = text_of(other_client.get(f"/postfach/{delivered}"))
    assert "Diesen Vorgang bearbeitet zurzeit niemand." in page and "Übernehmen" in page
    response = post_on_case(other_client, delivered, "uebernehmen", {})
    assert response.status_code == 302
    me = user_id(db_session, CASEWORKER)
    assert case_of(db_session, delivered).assignee_id == me
    [claimed] = events(db_session, delivered, "case_claimed")
    assert claimed.details == {"from": None, "to": me} and claimed.actor_id == me
    page = text_of(other_client.get(response.headers["Location"]))
    assert "Sie bearbeiten den Vorgang jetzt." in page and "Sie bearbeiten diesen Vorgang." in page


def test_claiming_a_case_a_colleague_holds_takes_it_over_and_names_them(
        app, other_client, db_session, delivered):
    colleague = new_account(db_session, department="steueramt", name="Kim Kollegin")
    assert post_on_case(other_client, delivered, "zuweisen",
                        {"bearbeitung": str(colleague.id)}).status_code == 302
    assert "Kim Kollegin bearbeitet diesen Vorgang." in text_of(
        other_client.get(f"/postfach/{delivered}"))
    response = post_on_case(other_client, delivered, "uebernehmen", {})
    page = text_of(other_client.get(response.headers["Location"]))
    assert "Sie haben den Vorgang von Kim Kollegin übernommen." in page
    me = user_id(db_session, CASEWORKER)
    assert case_of(db_session, delivered).assignee_id == me
    assert events(db_session, delivered, "case_claimed")[-1].details == {
        "from": colleague.id, "to": me}


def test_claiming_twice_changes_nothing_the_second_time(other_client, db_session, delivered):
    post_on_case(other_client, delivered, "uebernehmen", {})
    response = post_on_case(other_client, delivered, "uebernehmen", {})
    assert "Sie bearbeiten diesen Vorgang bereits." in text_of(
        other_client.get(response.headers["Location"]))
    assert len(events(db_session, delivered, "case_claimed")) == 1


def test_a_case_is_assigned_to_a_colleague_of_the_department(other_client, db_session,
                                                              delivered):
    colleague = new_account(db_session, department="steueramt", name="Jo Nachbar")
    response = post_on_case(other_client, delivered, "zuweisen",
                            {"bearbeitung": str(colleague.id)})
    assert response.status_code == 302
    assert case_of(db_session, delivered).assignee_id == colleague.id
    [assigned] = events(db_session, delivered, "case_assigned")
    assert assigned.details == {"from": None, "to": colleague.id}
    assert assigned.actor_id == user_id(db_session, CASEWORKER)
    assert "Der Vorgang ist Jo Nachbar zugewiesen." in text_of(
        other_client.get(response.headers["Location"]))


def test_the_select_offers_the_active_case_workers_of_the_department_only(
        other_client, db_session, delivered):
    colleague = new_account(db_session, department="steueramt")
    disabled = new_account(db_session, department="steueramt", active=False)
    elsewhere = new_account(db_session, department="ordnungsamt")
    offered = options_of(text_of(other_client.get(f"/postfach/{delivered}")), "bearbeitung")
    assert str(colleague.id) in offered and str(user_id(db_session, CASEWORKER)) in offered
    assert str(disabled.id) not in offered and str(elsewhere.id) not in offered
    admin, resident = user_id(db_session, "admin@example.org"), case_of(
        db_session, delivered).user_id
    assert str(admin) not in offered and str(resident) not in offered


REFUSED = {
    "an unknown id": lambda s, ref: "999999999",
    "no number": lambda s, ref: "abc",
    "a huge number": lambda s, ref: "9" * 40,
    "a number beyond the id column": lambda s, ref: "9" * 12,
    "a superscript digit": lambda s, ref: "\u00b2",
    "nothing": lambda s, ref: "",
    "the resident": lambda s, ref: str(case_of(s, ref).user_id),
    "an administrator": lambda s, ref: str(user_id(s, "admin@example.org")),
    "a disabled account": lambda s, ref: str(new_account(s, department="steueramt",
                                                         active=False).id),
    "a case worker of another department": lambda s, ref: str(user_id(s, OTHER_CASEWORKER)),
    "an editor": lambda s, ref: str(new_account(s, role=Role.EDITOR, department="steueramt").id),
}


@pytest.mark.parametrize("whom", list(REFUSED))
def test_assigning_to_someone_who_may_not_work_the_case_is_refused(
        other_client, db_session, delivered, whom):
    post_on_case(other_client, delivered, "uebernehmen", {})
    response = post_on_case(other_client, delivered, "zuweisen",
                            {"bearbeitung": REFUSED[whom](db_session, delivered)})
    assert response.status_code == 400
    page = text_of(response)
    assert REFUSAL in page and f"Vorgang {delivered}" in page
    assert case_of(db_session, delivered).assignee_id == user_id(db_session, CASEWORKER)
    assert events(db_session, delivered, "case_assigned") == []


def test_releasing_leaves_the_case_to_nobody(other_client, db_session, delivered):
    post_on_case(other_client, delivered, "uebernehmen", {})
    response = post_on_case(other_client, delivered, "freigeben", {})
    assert response.status_code == 302
    assert case_of(db_session, delivered).assignee_id is None
    [released] = events(db_session, delivered, "case_released")
    assert released.details == {"from": user_id(db_session, CASEWORKER)}
    page = text_of(other_client.get(response.headers["Location"]))
    assert "Der Vorgang ist freigegeben." in page and "Freigeben</span>" not in page


def test_releasing_a_case_nobody_holds_records_nothing(other_client, db_session, delivered):
    response = post_on_case(other_client, delivered, "freigeben", {})
    assert response.status_code == 302
    assert events(db_session, delivered, "case_released") == []


def test_another_departments_case_worker_cannot_claim(client, db_session, delivered):
    support.logout(client)
    support.login_demo(client, OTHER_CASEWORKER)
    response = support.post_form(client, f"/postfach/{delivered}/uebernehmen", {},
                                 page="/postfach/")
    assert response.status_code == 404
    assert case_of(db_session, delivered).assignee_id is None
