"""What the web app posts to the gateway: every kind reads back as its payload type, unchanged,
and a delivery's first opening is audited by the web app's hook, once."""

from __future__ import annotations

from sqlalchemy import select

import mailgateway
from buergerbuero.models import AuditEvent, Case, OutboxMessage, PostfachEntry, User
from buergerbuero.workbench.gateway_hooks import record_opened
from mailgateway.payloads import PAYLOAD_TYPES, serialised

from .. import support
from .casework import post_on_case
from .conversing import ask
from .deciding import save
from .filing import file_gewerbe


def forward_to_ordnungsamt(client, reference: str) -> None:
    """Let the Steueramt forward the case to the Ordnungsamt."""
    support.logout(client)
    support.login(client, "steueramt@example.org", support.DEMO_PASSWORD)
    response = support.post_form(client, f"/postfach/{reference}/weiterleiten",
                                 {"department": "ordnungsamt", "reason": "Zuständigkeit"},
                                 page=f"/postfach/{reference}")
    assert response.status_code == 302


def reply_and_ask(client, reference: str) -> None:
    """Let the Steueramt write to the resident and ask a Rückfrage (into the resident's box)."""
    support.logout(client)
    support.login(client, "steueramt@example.org", support.DEMO_PASSWORD)
    page = f"/postfach/{reference}"
    assert support.post_form(client, f"{page}/nachricht", {"body": "Danke."},
                             page=page).status_code == 302
    assert ask(client, reference).status_code == 302


def test_every_kind_the_web_app_posts_reads_back_as_its_type_and_travels_unchanged(
        app, client, db_session, run_gateway):
    support.register(client)
    references = [file_gewerbe(client), support.file_hundesteuer(client),
                  support.file_hundesteuer(client)]
    run_gateway()
    support.post_form(client, f"/antraege/{references[1]}/nachricht",
                      {"body": "Bello ist gechippt."}, page=f"/antraege/{references[1]}")
    support.post_form(client, f"/antraege/{references[0]}/ruecknahme", {"confirm": "y"},
                      page=f"/antraege/{references[0]}")  # the Rücknahme (withdrawal)
    reply_and_ask(client, references[1])
    assert save(client, references[2]).status_code == 302  # the Bescheid, issued
    assert post_on_case(client, references[2], "bescheid/erlassen", {}).status_code == 302
    forward_to_ordnungsamt(client, references[1])
    run_gateway()
    rows = db_session.scalars(select(OutboxMessage).join(Case, OutboxMessage.case_id == Case.id)
                              .where(Case.reference.in_(references))).all()
    assert {row.kind for row in rows} == set(mailgateway.OutboxKind)
    for row in rows:
        payload = mailgateway.payload_for(row.kind, row.payload)
        assert type(payload) is PAYLOAD_TYPES[row.kind]
        assert serialised(payload) == row.payload
    forward = next(row for row in rows if row.kind is mailgateway.OutboxKind.FORWARD)
    entry = db_session.scalar(select(PostfachEntry).where(
        PostfachEntry.message_id == forward.message_id))
    with app.app_context():
        opened = mailgateway.open_entry(db_session, entry, forward_opener(db_session))
    assert opened.signature_valid and opened.payload == forward.payload


def forward_opener(session) -> int:
    """Return the id of the Ordnungsamt's case worker."""
    return session.scalar(select(User.id).where(User.email == "ordnungsamt@example.org"))


def test_the_first_opening_is_audited_once_by_the_web_apps_hook(app, client, db_session,
                                                                 run_gateway):
    assert record_opened in mailgateway.state_of(app).on_opened
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    support.logout(client)
    support.login(client, "steueramt@example.org", support.DEMO_PASSWORD)
    assert client.get(f"/postfach/{reference}").status_code == 200
    assert client.get(f"/postfach/{reference}").status_code == 200
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    worker = db_session.scalar(select(User).where(User.email == "steueramt@example.org"))
    entry = db_session.scalar(select(PostfachEntry).where(PostfachEntry.case_id == case.id))
    events = db_session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "opened")).all()
    assert [(e.actor_id, e.object_id, e.details["message_id"]) for e in events] == [
        (worker.id, str(entry.id), entry.message_id)]
    assert entry.opened_by_id == worker.id
