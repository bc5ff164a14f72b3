"""The resident's case page: a timeline in causal order, the fee, the own uploads, the answers."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, update

from buergerbuero.models import AuditEvent, Case, OutboxMessage, Receipt, ReceiptKind

from .. import support
from .filing import cases_of

DANGEROUS_DOG = {**support.HUNDESTEUER["hunde"], "hunde-0-gefaehrlich": "y"}


def text_of(response) -> str:
    """Return the body of a response as text."""
    return response.get_data(as_text=True)


def timeline_titles(page: str) -> list[str]:
    """Return the entry titles of the "Verlauf" section, top to bottom."""
    section = page[page.index('id="verlauf"'):]
    return re.findall(r'<p class="kern-body kern-body--bold">([^<]+)</p>', section)


def within_the_receipts_second(db_session, case: Case, offset_ms: int = 400) -> dt.datetime:
    """Move the filing into the second its receipts were signed in, as happens in 5 of 7 cases.

    Receipts carry whole seconds; a filing at .400 whose receipts follow at .600 stores the
    receipts at .000. Returns the moved filing time.
    """
    second = db_session.scalar(select(Receipt.issued_at).where(
        Receipt.case_id == case.id, Receipt.kind == ReceiptKind.VERSAND))
    filed = second + dt.timedelta(milliseconds=offset_ms)
    db_session.execute(update(Case).where(Case.id == case.id).values(created_at=filed))
    db_session.execute(update(OutboxMessage).where(OutboxMessage.case_id == case.id,
                                                   OutboxMessage.kind == "submission")
                       .values(enqueued_at=filed))
    db_session.commit()
    return filed


def test_the_filing_comes_before_the_receipts_it_caused_within_the_same_second(
        client, resident, db_session, run_gateway):
    reference = support.file_hundesteuer(client)
    run_gateway()
    [case] = cases_of(db_session, resident)
    within_the_receipts_second(db_session, case)
    titles = timeline_titles(text_of(client.get(f"/antraege/{reference}")))
    assert titles == ["Antrag eingereicht", "Versandbestätigung", "Eingangsbestätigung"]


def test_a_forward_comes_before_the_receipts_of_the_forwarded_message(
        client, other_client, resident, db_session, run_gateway):
    reference = support.file_hundesteuer(client)
    run_gateway()
    support.login_demo(other_client, "steueramt@example.org")
    other_client.get(f"/postfach/{reference}")  # opening signs the Abholbestätigung
    response = support.post_form(other_client, f"/postfach/{reference}/weiterleiten",
                                 {"department": "ordnungsamt", "reason": "Zuständigkeit"},
                                 page=f"/postfach/{reference}")
    assert response.status_code == 302, text_of(response)
    run_gateway()
    [case] = cases_of(db_session, resident)
    forward = db_session.scalar(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "forwarded"))
    second = db_session.scalar(select(Receipt.issued_at).where(
        Receipt.message_id == forward.details["message_id"], Receipt.kind == ReceiptKind.VERSAND))
    db_session.execute(update(AuditEvent).where(AuditEvent.id == forward.id)
                       .values(at=second + dt.timedelta(milliseconds=400)))
    db_session.commit()
    titles = timeline_titles(text_of(client.get(f"/antraege/{reference}")))
    assert titles[titles.index("Weitergeleitet"):] == [
        "Weitergeleitet", "Versandbestätigung – Weiterleitung",
        "Eingangsbestätigung – Weiterleitung"]
