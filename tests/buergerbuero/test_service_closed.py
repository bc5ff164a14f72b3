"""A withdrawn or retired service takes no filing, whatever the draft: refused, draft kept."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from buergerbuero.cases.submission import RETIRED, WITHDRAWN, ServiceClosed, submit
from buergerbuero.core.extensions import db
from buergerbuero.models import Case, Draft, User

from .. import support
from .filing import cases_of, draft, publish_two_step_service, review_url, service_action

ABHOLUNG = {"name": "Anna Muster", "gegenstaende": "Sofa\nSchrank"}
TERMIN = {"wunschtermin": "2099-01-01"}


def text_of(response) -> str:
    """Return the body of a response as text, with the HTML's typographic quotes as typed."""
    return response.get_data(as_text=True)


@pytest.fixture
def admin(other_client):
    """A second browser with the administrator logged in."""
    support.login_demo(other_client, "admin@example.org")
    return other_client


@pytest.fixture
def service(admin) -> str:
    """The slug of a freshly published two-step service of its own."""
    slug = f"sperrmuell-{uuid.uuid4().hex[:8]}"
    publish_two_step_service(admin, slug)
    return slug


def fill(client, slug: str, steps: int) -> str:
    """Start the service and complete `steps` steps; return the URL reached."""
    url = support.start_draft(client, slug)
    for answers in (ABHOLUNG, TERMIN)[:steps]:
        response = support.post_form(client, url, {**answers, "aktion": "weiter"})
        assert response.status_code == 302, text_of(response)
        url = response.headers["Location"]
    return url


@pytest.mark.parametrize("action, message", [("unpublish", WITHDRAWN), ("retire", RETIRED)])
def test_submitting_a_draft_of_a_closed_service_is_refused_and_the_draft_stays(
        client, resident, admin, service, db_session, action, message):
    review = fill(client, service, 2)
    assert review == review_url(review)
    service_action(admin, service, action)
    response = support.post_form(client, review, {"aktion": "einreichen"})
    assert response.status_code == 409
    assert message in text_of(response)
    assert 'value="einreichen"' not in text_of(response)
    assert cases_of(db_session, resident) == []
    kept = draft(db_session, review)
    assert kept.answers["name"] == "Anna Muster" and kept.completed_steps == ["abholung", "termin"]


@pytest.mark.parametrize("action, message", [("unpublish", WITHDRAWN), ("retire", RETIRED)])
def test_a_step_of_a_closed_service_is_refused_and_stores_nothing(
        client, resident, admin, service, db_session, action, message):
    url = fill(client, service, 0)
    service_action(admin, service, action)
    page = client.get(url)
    assert page.status_code == 200 and message in text_of(page)
    for aktion in ("weiter", "speichern"):
        response = support.post_form(client, url, {**ABHOLUNG, "aktion": aktion})
        assert response.status_code == 409
        assert message in text_of(response)
        assert support.input_value(text_of(response), "name") == "Anna Muster"
    kept = draft(db_session, url)
    assert kept.answers == {} and kept.completed_steps == []


def test_a_withdrawn_service_published_again_takes_the_kept_draft(
        client, resident, admin, service, db_session):
    review = fill(client, service, 2)
    service_action(admin, service, "unpublish")
    assert support.post_form(client, review, {"aktion": "einreichen"}).status_code == 409
    service_action(admin, service, "publish")
    response = support.post_form(client, review, {"aktion": "einreichen"})
    assert response.status_code == 302
    [case] = cases_of(db_session, resident)
    assert case.submission.answers["name"] == "Anna Muster"


def test_meine_antraege_says_that_a_retired_drafts_service_takes_no_filing(
        client, resident, admin, service):
    fill(client, service, 1)
    service_action(admin, service, "retire")
    assert RETIRED in text_of(client.get("/antraege/"))


def test_the_filing_itself_refuses_a_version_retired_after_the_page_checked(
        app, client, resident, admin, service, db_session):
    review = fill(client, service, 2)
    with app.test_request_context():
        row = db.session.get(Draft, draft(db_session, review).id)
        user = db.session.scalar(select(User).where(User.email == resident))
        assert row.definition.status.value == "published"
        service_action(admin, service, "retire")  # after the draft (and its version) was read
        with pytest.raises(ServiceClosed, match="außer Betrieb"):
            submit(db.session, row, user)
        db.session.rollback()
        assert db.session.scalars(select(Case).where(Case.user_id == user.id)).all() == []
        assert db.session.get(Draft, row.id) is not None


def status_shown(page: str, slug: str) -> list[str]:
    """Return the status cells of a service's rows in a page's tables."""
    return re.findall(rf">{re.escape(slug)}</td>(?:\s*<td[^>]*>[^<]*</td>){{2}}\s*"
                      r"<td[^>]*>([^<]*)", page)


def test_a_withdrawn_version_reads_zurueckgezogen_to_the_administration(admin, service):
    service_action(admin, service, "unpublish")
    version_page = text_of(admin.get(f"/verwaltung/leistungen/{service}/1"))
    assert re.search(r"Status</dt>\s*<dd[^>]*>Zurückgezogen</dd>", version_page)
    assert status_shown(text_of(admin.get("/verwaltung/")), service) == ["Zurückgezogen"]
    assert ">Zurückgezogen<" in text_of(admin.get("/verwaltung/leistungen"))
    refused = admin.post(f"/verwaltung/leistungen/{service}/1/unpublish", data={
        "csrf_token": support.csrf_of(version_page)}, follow_redirects=True)
    assert "den Status „Zurückgezogen“" in text_of(refused)


def test_the_resident_reads_a_withdrawal_as_the_administrations_act(
        client, resident, admin, service):
    url = fill(client, service, 0)
    service_action(admin, service, "unpublish")
    page = text_of(client.get(url))
    assert "Diese Leistung wurde vorübergehend zurückgezogen" in page
    assert "das Amt hat sie" not in page


@pytest.mark.parametrize("action", ["retire", "unpublish"])
def test_a_closed_versions_draft_is_offered_to_read_not_to_continue(
        client, resident, admin, service, action):
    url = fill(client, service, 1)  # one of two steps done: the review was not reached yet
    service_action(admin, service, action)
    drafts = text_of(client.get("/antraege/"))
    drafts = drafts[drafts.index('id="entwuerfe"'):]
    assert "Fortsetzen" not in drafts and "löschen" in drafts
    assert re.search(rf'href="{review_url(url)}"><span class="kern-label">Ansehen<', drafts)
    review = client.get(review_url(url))
    assert review.status_code == 200
    page = text_of(review)
    assert "Anna Muster" in page and "Ändern" not in page
    assert 'value="einreichen"' not in page
