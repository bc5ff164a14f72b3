"""Four-eyes: a definition's `bescheid.vier_augen_wenn` sends some drafts to a second case
worker of the department, who approves and so issues them; nobody approves their own draft."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db
from buergerbuero.models import Case, CaseStatus, DecisionState, SignedDocument

from .. import support
from ..signing.pdf_text import shown_strings
from .casework import CASEWORKER, case_of, events, new_account, post_on_case, text_of
from .deciding import decisions_of, save

SLUG = "bescheid-vier-augen"
SERVICE = f"""\
slug: {SLUG}
version: 1
title: Prüfung des Bescheids mit vier Augen
summary: Nur für Tests; manche Bescheide gibt eine zweite Sachbearbeiterin frei.
category: Tests
department: steueramt
processing_days: 14
retention_days: 365
reference_prefix: BVA
fee: {{expression: "50", currency: EUR}}
bescheid:
  rechtsbehelf: klage
  vier_augen_wenn: "entscheidung != 'bewilligung' or gebuehr > 100 or hundename == 'Rex'"
  vorlagen:
    bewilligung: "Für {{name}}: bewilligt ({{aktenzeichen}}, Hund {{hundename}})."
steps:
  - id: angaben
    title: Angaben
    fields:
      - {{id: hundename, type: text, label: Name des Hundes, required: true}}
"""


@pytest.fixture(scope="module")
def published(app):
    """The test service, published once."""
    with app.app_context():
        if definitions.published(db.session, SLUG) is None:
            definitions.publish_source(db.session, SERVICE, f"{SLUG}.yaml")
            db.session.commit()


def filed(client, run_gateway, dog: str = "Bello") -> str:
    """File the test service as a new resident and deliver it; return the reference."""
    support.register(client)
    url = support.start_draft(client, SLUG)
    review = support.post_form(client, url, {"hundename": dog, "aktion": "weiter"})
    done = support.post_form(client, review.headers["Location"], {"aktion": "einreichen"})
    run_gateway()
    return done.headers["Location"].rsplit("/", 1)[-1]


def put_forward(worker, reference: str):
    """Press "Zur Freigabe vorlegen" (or "Bescheid erlassen")."""
    return post_on_case(worker, reference, "bescheid/erlassen", {})


def approve(worker, reference: str, version: str | None = None):
    """Press "Freigeben und erlassen" on the draft as the page shows it (or as `version`)."""
    page = worker.get(f"/postfach/{reference}").get_data(as_text=True)
    shown = re.search(r'name="entwurf" value="([^"]*)"', page)
    return post_on_case(worker, reference, "bescheid/freigeben",
                        {"entwurf": version if version is not None else
                         (shown.group(1) if shown else "")})


@pytest.fixture
def drafter(app, redis_conn):
    """The department's demo case worker, logged in."""
    browser = app.test_client()
    support.login_demo(browser, CASEWORKER)
    return browser


def test_the_service_template_is_used_and_a_full_grant_under_the_limit_is_issued_at_once(
        published, client, drafter, run_gateway, db_session):
    reference = filed(client, run_gateway)
    page = text_of(drafter.get(f"/postfach/{reference}"))
    assert f"Für Erika Musterfrau: bewilligt ({reference}, Hund Bello)." in page
    assert save(drafter, reference, tenor="", gebuehr="50").status_code == 302
    [decision] = decisions_of(db_session, reference)
    assert not decision.needs_approval and "Klage beim Verwaltungsgericht" in decision.remedy
    assert put_forward(drafter, reference).status_code == 302
    assert case_of(db_session, reference).status is CaseStatus.ENTSCHIEDEN


@pytest.mark.parametrize(("changes", "dog"), [
    ({"gebuehr": "100,01"}, "Bello"),
    ({"entscheidung": "teilbewilligung", "begruendung": "Nur ein Teil."}, "Bello"),
    ({}, "Rex"),  # an answer of the application
], ids=["fee above the limit", "partial grant", "an answer"])
def test_a_decision_the_condition_names_waits_for_a_second_case_worker(
        published, app, client, drafter, run_gateway, db_session, changes, dog):
    reference = filed(client, run_gateway, dog)
    save(drafter, reference, **{"gebuehr": "50", **changes})
    response = put_forward(drafter, reference)
    assert response.status_code == 302
    [decision] = decisions_of(db_session, reference)
    assert decision.needs_approval and decision.state is DecisionState.AWAITING_APPROVAL
    assert case_of(db_session, reference).status is CaseStatus.ZUGESTELLT
    page = text_of(drafter.get(f"/postfach/{reference}"))
    assert "Zur Freigabe vorgelegt" in page and "Freigeben und erlassen" not in page


def test_approving_ones_own_draft_is_refused_and_a_colleague_approves_it(
        published, app, client, drafter, run_gateway, db_session):
    reference = filed(client, run_gateway)
    save(drafter, reference, gebuehr="500")
    put_forward(drafter, reference)
    response = approve(drafter, reference)
    assert response.status_code == 409
    assert "Ihren eigenen Entwurf können Sie nicht freigeben" in text_of(response)
    assert decisions_of(db_session, reference)[0].state is DecisionState.AWAITING_APPROVAL

    colleague = new_account(db_session, department="steueramt", name="Kim Kollegin")
    other = app.test_client()
    assert support.login(other, colleague.email, support.DEMO_PASSWORD).status_code == 302
    page = text_of(other.get(f"/postfach/{reference}"))
    assert "Freigeben und erlassen" in page
    assert approve(other, reference).status_code == 302
    [decision] = decisions_of(db_session, reference)
    assert decision.state is DecisionState.ISSUED and decision.approved_by_id == colleague.id
    assert decision.drafted_by.email == CASEWORKER
    assert case_of(db_session, reference).status is CaseStatus.ENTSCHIEDEN
    [approved] = events(db_session, reference, "decision_approved")
    assert approved.actor_id == colleague.id
    assert len(events(db_session, reference, "decision_issued")) == 1
    assert approve(other, reference).status_code == 409  # once issued, nothing to approve
    run_gateway()
    letter = db_session.scalar(select(SignedDocument).where(
        SignedDocument.case_id == decision.case_id, SignedDocument.kind == "bescheid"))
    strings = shown_strings(letter.content)
    assert "Freigegeben (Vier-Augen-Prinzip): Kim Kollegin" in strings
    text = " ".join(strings)  # the letter's lines, as laid out
    assert "Klage beim" in text and "Verwaltungsgericht Musterstadt" in text


def forwarded_with_colleague(app, client, drafter, run_gateway, db_session):
    """File a case, draft a Bescheid that needs approval and put it forward; log a colleague
    of the department in. Return (reference, colleague, their client)."""
    reference = filed(client, run_gateway)
    save(drafter, reference, gebuehr="500")
    put_forward(drafter, reference)
    colleague = new_account(db_session, department="steueramt")
    other = app.test_client()
    support.login(other, colleague.email, support.DEMO_PASSWORD)
    return reference, colleague, other


def test_rework_takes_the_draft_back_and_the_reworker_cannot_approve_it(
        published, app, client, drafter, run_gateway, db_session):
    reference, colleague, other = forwarded_with_colleague(app, client, drafter, run_gateway,
                                                           db_session)
    save(other, reference, gebuehr="600")  # the colleague rewrites it: now theirs
    [decision] = decisions_of(db_session, reference)
    assert decision.state is DecisionState.DRAFT and decision.drafted_by_id == colleague.id
    put_forward(other, reference)
    assert approve(other, reference).status_code == 409
    assert approve(drafter, reference).status_code == 302
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    assert case.status is CaseStatus.ENTSCHIEDEN


def test_a_draft_saved_anew_after_the_approver_read_it_is_not_approved(
        published, app, client, drafter, run_gateway, db_session):
    reference, _colleague, other = forwarded_with_colleague(app, client, drafter, run_gateway,
                                                            db_session)
    page = other.get(f"/postfach/{reference}").get_data(as_text=True)
    read = re.search(r'name="entwurf" value="([^"]+)"', page).group(1)
    save(drafter, reference, gebuehr="700")  # the author changes it meanwhile …
    put_forward(drafter, reference)  # … and puts it forward again
    response = approve(other, reference, version=read)
    assert response.status_code == 409 and "inzwischen geändert" in text_of(response)
    [decision] = decisions_of(db_session, reference)
    assert decision.state is DecisionState.AWAITING_APPROVAL and decision.approved_by_id is None
    assert approve(other, reference).status_code == 302  # read anew, then approved


def test_a_case_worker_of_another_department_cannot_approve(
        published, app, client, drafter, run_gateway, db_session):
    reference = filed(client, run_gateway)
    save(drafter, reference, gebuehr="500")
    put_forward(drafter, reference)
    outsider = app.test_client()
    support.login_demo(outsider, "ordnungsamt@example.org")
    response = outsider.post(f"/postfach/{reference}/bescheid/freigeben",
                             data={"csrf_token": support.csrf_of(text_of(
                                 outsider.get("/leistungen")))})
    assert response.status_code == 404
    assert decisions_of(db_session, reference)[0].state is DecisionState.AWAITING_APPROVAL
