"""The authorization matrix's world: one logged-in browser per role and real objects for every
URL parameter, built once through the app itself and delivered by the real gateway."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient
from rq import SimpleWorker
from sqlalchemy import select, update

from buergerbuero.auth import staff, tokens
from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db, limiter
from buergerbuero.instance_setup import DEMO_PASSWORD
from buergerbuero.models import (
    Case,
    CaseQuery,
    Department,
    OutboxMessage,
    OutboxStatus,
    Role,
    SignedDocument,
    TokenPurpose,
    Upload,
    User,
)
from common.db import utcnow
from common.formatting import local
from mailgateway.queue import gateway_queue, redis_connection

from .. import support
from .announcing import file_dog_tax, issue
from .filing import draft_id, fill_until
from .news_world import add_news

# A service whose applications go to the Poststelle and whose one further recipient is the
# Steueramt: so the case worker of the matrix's department has a copy (Mitteilung) to open.
COPY_SERVICE = """\
slug: matrix-mitteilung
version: 1
title: Mitteilung für die Berechtigungsprüfung
summary: Nur für Tests; ein Teil geht als Mitteilung an das Steueramt.
category: Tests
department: poststelle
processing_days: 14
retention_days: 365
reference_prefix: MXM
steps:
  - id: angaben
    title: Angaben
    fields:
      - {id: name, type: text, label: Name, required: true}
recipients:
  - department: steueramt
    title: Mitteilung an das Steueramt
    fields: [name]
"""
DEPARTMENT, OTHER_DEPARTMENT = "steueramt", "ordnungsamt"  # the dog tax goes to the Steueramt
DISCARDABLE = "bewohnerparkausweis"  # its drafts are the ones the discard probe deletes


@dataclass(repr=False)
class World:
    """Everything the matrix requests with: browsers, their CSRF tokens, URL parameter values."""

    app: Flask
    passwords: dict[str, tuple[str, str]] = field(default_factory=dict)  # role: (email, password)
    clients: dict[str, FlaskClient] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    failed_outbox_id: int = 0
    login_path: str = ""

    def browser(self, role: str) -> tuple[FlaskClient, str]:
        """Return a new browser logged in as the role, with its CSRF token."""
        client = self.app.test_client()
        if role != "anonymous":
            email, password = self.passwords[role]
            assert support.login(client, email, password).status_code == 302, role
        return client, token_of(client)

    def fresh_draft(self) -> int:
        """Return the id of a draft of the owner's that nothing else uses (new if discarded)."""
        url = support.post_form(self.clients["resident"], f"/antraege/neu/{DISCARDABLE}", {},
                                page="/leistungen").headers["Location"]
        return draft_id(url)

    def owners_link(self, purpose_name: str) -> str:
        """Return a new one-time link of the owner's; a change of address names an address
        that is taken (the other resident's), so using it changes nothing."""
        with self.app.app_context():
            owner = db.session.scalar(select(User).where(
                User.email == self.passwords["resident"][0]))
            purpose = TokenPurpose[purpose_name]
            new_email = self.passwords["other_resident"][0] \
                if purpose is TokenPurpose.CHANGE_EMAIL else None
            secret = tokens.issue(db.session, owner, purpose, new_email=new_email)
            db.session.commit()
            return secret

    def fail_again(self) -> None:
        """Put the failed delivery back to failed, as the gateway left it, after a retry."""
        with self.app.app_context():
            db.session.execute(update(OutboxMessage).where(
                OutboxMessage.id == self.failed_outbox_id).values(status=OutboxStatus.FAILED))
            db.session.commit()
            gateway_queue().empty()


def token_of(client: FlaskClient) -> str:
    """Return the CSRF token of the browser's session, from a real page with a form."""
    page = client.get("/leistungen").get_data(as_text=True)  # its logout form, if logged in
    if 'name="csrf_token"' not in page:
        page = client.get("/konto/anmelden").get_data(as_text=True)
    return support.csrf_of(page)


def run_gateway(app: Flask) -> None:
    """Deliver everything queued, in this process."""
    with app.app_context():
        SimpleWorker([gateway_queue()], connection=redis_connection()).work(
            burst=True, logging_level="WARNING", with_scheduler=False)


def small_pdf() -> bytes:
    """Return a real one-page PDF, as a certificate to upload."""
    return support.small_pdf("Wesenstest")


def dangerous_dog_uploaded(client: FlaskClient) -> tuple[str, str]:
    """Start the dog tax and upload a dangerous dog's certificate in its step; return that
    step's URL and the next step's."""
    url = support.start_draft(client)
    url = support.post_form(client, url, {**support.HUNDESTEUER["halter"], "aktion": "weiter"}
                            ).headers["Location"]
    dog = {**support.HUNDESTEUER["hunde"], "hunde-0-gefaehrlich": "y", "aktion": "weiter",
           "hunde-0-wesenstest": (io.BytesIO(small_pdf()), "wesenstest.pdf", "application/pdf")}
    response = support.post_form(client, url, dog, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return url, response.headers["Location"]


def file_dangerous_dog(client: FlaskClient) -> str:
    """File the dog tax for a dangerous dog with its certificate uploaded; return the reference."""
    url = support.post_form(client, dangerous_dog_uploaded(client)[1],
                            {**support.HUNDESTEUER["zahlung"], "aktion": "weiter"}
                            ).headers["Location"]
    filed = support.post_form(client, url, {"aktion": "einreichen"})
    return filed.headers["Location"].rsplit("/", 1)[-1]


def file_copy_service(client: FlaskClient) -> str:
    """File the matrix's own service (a copy goes to the Steueramt); return the reference."""
    url = support.start_draft(client, "matrix-mitteilung")
    review = support.post_form(client, url, {"name": "Erika", "aktion": "weiter"})
    filed = support.post_form(client, review.headers["Location"], {"aktion": "einreichen"})
    return filed.headers["Location"].rsplit("/", 1)[-1]


def file_failing_delivery(app: Flask, client: FlaskClient) -> str:
    """File a dog tax while the Steueramt's channel is broken, so its delivery fails for good."""
    attempts = app.config["MAILGATEWAY_MAX_ATTEMPTS"]
    with app.app_context():
        db.session.execute(update(Department).where(Department.key == DEPARTMENT)
                           .values(channel="kaputt"))
        db.session.commit()
    try:
        app.config["MAILGATEWAY_MAX_ATTEMPTS"] = 1
        reference = support.file_hundesteuer(client)
        run_gateway(app)
    finally:
        app.config["MAILGATEWAY_MAX_ATTEMPTS"] = attempts
        with app.app_context():
            db.session.execute(update(Department).where(Department.key == DEPARTMENT)
                               .values(channel="postfach"))
            db.session.commit()
    return reference


def build_world(app: Flask) -> World:
    """Register the residents, log everyone in, file and deliver, and collect the objects."""
    world = World(app)
    with app.test_request_context():
        world.login_path = url_for(app.login_manager.login_view)
    with app.app_context():
        limiter.reset()
        gateway_queue().empty()
        definitions.publish_source(db.session, COPY_SERVICE, "matrix-mitteilung.yaml")
        db.session.commit()
    owner, other = app.test_client(), app.test_client()
    world.passwords = {"resident": (support.register(owner), support.PASSWORD),
                       "other_resident": (support.register(other), support.PASSWORD),
                       "caseworker": (f"{DEPARTMENT}@example.org", DEMO_PASSWORD),
                       "other_caseworker": (f"{OTHER_DEPARTMENT}@example.org", DEMO_PASSWORD),
                       "admin": ("admin@example.org", DEMO_PASSWORD),
                       "editor": ("redaktion@example.org", DEMO_PASSWORD)}
    reference = file_dangerous_dog(owner)
    copied = file_copy_service(owner)
    decided = file_dog_tax(owner, consent=True)  # Bekanntgabe: a second case, decided below
    run_gateway(app)
    issue(app, decided)
    run_gateway(app)
    failed = file_failing_delivery(app, owner)
    review = fill_until(owner, "zahlung")  # the draft: every step done, the review reachable
    with app.app_context():
        collect(world, reference, copied, failed)
    world.params["query_id"] = asked_query(app, reference)  # files and Rückfragen
    world.params.update(draft_id=draft_id(review), name="impressum", filename="css/app.css",
                        action="publish")  # already published: refused, nothing changes
    world.params["decided_reference"] = decided
    add_news(app, world.params)  # news and announcements
    world.params.update(sprechstunde_params(app, owner))
    world.params.update(council_world(app))
    world.params["offer_id"] = archive_offer(app)
    world.clients = {"resident": owner, "other_resident": other}
    world.tokens = {role: token_of(client) for role, client in world.clients.items()}
    for role in ("anonymous", "caseworker", "other_caseworker", "admin", "editor"):
        world.clients[role], world.tokens[role] = world.browser(role)
    return world


# privacy: an offer to the city archive, still awaiting its decision
def archive_offer(app: Flask) -> int:
    """Record an open offer of a (made-up) case to the archive; return its id."""
    from buergerbuero.models import ArchiveOffer

    with app.app_context():
        offer = ArchiveOffer(reference=f"MATRIX-{uuid.uuid4().hex[:12]}",
                             service_slug="hundesteuer-anmeldung", offered_at=utcnow(),
                             bundle_path="/nirgends/Nachweise.zip", bundle_sha256="0" * 64)
        db.session.add(offer)
        db.session.commit()
        return offer.id


# council (Gremien und Sitzungen)
def council_world(app: Flask) -> dict[str, Any]:
    """Make a committee with a public meeting; return the URL parameters naming them."""
    from buergerbuero.models import Committee, Meeting

    with app.app_context():
        committee = Committee(key="matrix-ausschuss", name="Matrixausschuss", kind="Ausschuss")
        meeting = Meeting(committee=committee, starts_at=utcnow() + dt.timedelta(days=5),
                          location="Rathaus")
        db.session.add_all([committee, meeting])
        db.session.commit()
        ids = {"committee_key": committee.key, "meeting_id": meeting.id}
    return {**ids, **council_objects(app, ids["meeting_id"])}


def council_objects(app: Flask, meeting_id: int) -> dict[str, int]:
    """Add a public agenda item and a public document to the meeting; return their ids."""
    from buergerbuero.models import AgendaItem, Meeting
    from buergerbuero.public import council

    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        item = AgendaItem(meeting=meeting, position=len(meeting.items) + 1, title="Bericht")
        db.session.add(item)
        document = council.store_document(meeting, None, "Einladung", "einladung.pdf",
                                          support.small_pdf())
        db.session.commit()
        return {"item_id": item.id, "file_id": document.id}


# files and Rückfragen (the conversation after filing)
def asked_query(app: Flask, reference: str) -> int:
    """Ask the owner a Rückfrage on the case, as its department; return the query's id."""
    department = app.test_client()
    assert support.login(department, f"{DEPARTMENT}@example.org", DEMO_PASSWORD).status_code == 302
    response = support.post_form(department, f"/postfach/{reference}/rueckfrage", {
        "rueckfrage-body": "Bitte senden Sie den Impfpass.", "rueckfrage-items": "Impfpass",
        "rueckfrage-answer_by": str(local(utcnow()).date() + dt.timedelta(days=14))},
        page=f"/postfach/{reference}")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        return db.session.scalar(select(CaseQuery.id).join(Case).where(
            Case.reference == reference))


def password_link() -> str:
    """Return a valid set-password link of a staff account that has not set one yet."""
    newcomer = User(email="neu@example.org", display_name="Neu", role=Role.CASEWORKER)
    db.session.add(newcomer)
    db.session.flush()
    secret = tokens.issue(db.session, newcomer, TokenPurpose.SET_PASSWORD)
    db.session.commit()
    return secret


def spare_account() -> int:
    """Return the id of a case worker no browser of the matrix logs in as: the account pages'
    probes may disable it, enable it and send it links without locking a role out."""
    profile = staff.Profile("Ersatz Sachbearbeitung", "ersatz@example.org", Role.CASEWORKER,
                            (DEPARTMENT,))
    user, _secret = staff.create_account(db.session, profile, staff.Actor(via="test"),
                                         send_link=False)
    db.session.commit()
    return user.id


def collect(world: World, reference: str, copied: str, failed: str) -> None:
    """Look up the ids of what the filing made: document, upload, copy, failed delivery."""
    def case_id(ref: str) -> int:
        return db.session.scalar(select(Case.id).where(Case.reference == ref))

    case = case_id(reference)
    outbox = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.case_id == case_id(failed)))
    assert outbox.status is OutboxStatus.FAILED, outbox.last_error
    copy = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.case_id == case_id(copied), OutboxMessage.kind == "copy"))
    assert copy.status is OutboxStatus.DELIVERED, copy.last_error
    service = definitions.published(db.session, "hundesteuer-anmeldung")
    document = db.session.scalar(select(SignedDocument.id).where(SignedDocument.case_id == case))
    token = db.session.scalar(select(Upload.token).where(Upload.case_id == case))
    assert document is not None and token is not None, "no receipt or upload in the case"
    world.failed_outbox_id = outbox.id
    world.params["secret"] = password_link()
    world.params["user_id"] = spare_account()
    world.params.update(reference=reference, outbox_id=outbox.id, message_id=copy.message_id,
                        document_id=document, token=token, slug=service.slug,
                        version=service.version, step_id=definitions.spec_of(service).steps[0].id,
                        key=DEPARTMENT)


# the Sprechstunde: hours of the case worker's department and an appointment of the owner's
def sprechstunde_params(app: Flask, owner: FlaskClient) -> dict[str, Any]:
    """Give the department a Sprechstunde and book one of its slots as the owner."""
    from .consulting import book, free_starts, matrix_hours

    hours_id, slug = matrix_hours(app, DEPARTMENT)
    response = book(owner, free_starts(app, slug)[0], slug=slug)
    assert response.status_code == 302, response.get_data(as_text=True)
    reference = response.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        from buergerbuero.models import Appointment

        appointment_id = db.session.scalar(select(Appointment.id).where(
            Appointment.case.has(reference=reference)))
    return {"hours_slug": slug, "hours_id": hours_id, "appointment_id": appointment_id,
            "department_key": DEPARTMENT}
