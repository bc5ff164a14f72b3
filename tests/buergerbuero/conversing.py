"""Helpers of the conversation tests: messages with files, Rückfragen asked and answered, as a
resident and a case worker would in their browsers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from sqlalchemy import select

from buergerbuero.instance_setup import DEMO_PASSWORD
from buergerbuero.models import CaseQuery, Message, OutboxMessage, Upload
from common.db import utcnow
from common.formatting import local

from .. import support
from .casework import CASEWORKER, case_of
from .uploading import small_pdf, small_png


def caseworker(app: Any, email: str = CASEWORKER) -> Any:
    """Return a second browser, logged in as a case worker of the Steueramt."""
    browser = app.test_client()
    assert support.login(browser, email, DEMO_PASSWORD).status_code == 302
    return browser


def attached(*files: tuple[bytes, str]) -> list[tuple[io.BytesIO, str, str]]:
    """Return files as a multipart post sends them (the client's type is always a lie here:
    the content decides)."""
    return [(io.BytesIO(content), name, "application/octet-stream") for content, name in files]


def pdf_and_png() -> list[tuple[bytes, str]]:
    """Return a real PDF and a real PNG with their names."""
    return [(small_pdf(), "Nachweis.pdf"), (small_png(), "Foto vom Hund.png")]


def send(client: Any, reference: str, body: str, files: list[tuple[bytes, str]] = (), *,
         department: bool = False) -> Any:
    """Send a message with files from the resident's or the case worker's case page."""
    page = f"/postfach/{reference}" if department else f"/antraege/{reference}"
    data: dict[str, Any] = {"body": body}
    if files:
        data["files"] = attached(*files)
    return support.post_form(client, f"{page}/nachricht", data, page=page,
                             content_type="multipart/form-data")


def in_days(days: int) -> dt.date:
    """Return the local day `days` from today."""
    return local(utcnow()).date() + dt.timedelta(days=days)


def ask(client: Any, reference: str, body: str = "Bitte senden Sie den Impfpass.",
        items: str = "Impfpass des Hundes\nNachweis des Tierheims", answer_by: Any = None,
        files: list[tuple[bytes, str]] = ()) -> Any:
    """Ask the resident from the case page (Rückfrage)."""
    data: dict[str, Any] = {"rueckfrage-body": body, "rueckfrage-items": items,
                            "rueckfrage-answer_by": str(answer_by or in_days(14))}
    if files:
        data["rueckfrage-files"] = attached(*files)
    return support.post_form(client, f"/postfach/{reference}/rueckfrage", data,
                             page=f"/postfach/{reference}", content_type="multipart/form-data")


def answer(client: Any, reference: str, query_id: int, body: str = "Anbei der Impfpass.",
           files: list[tuple[bytes, str]] = ()) -> Any:
    """Answer a Rückfrage from the resident's case page."""
    prefix = f"antwort-{query_id}"
    data: dict[str, Any] = {f"{prefix}-body": body}
    if files:
        data[f"{prefix}-files"] = attached(*files)
    return support.post_form(client, f"/antraege/{reference}/rueckfrage/{query_id}/antwort",
                             data, page=f"/antraege/{reference}",
                             content_type="multipart/form-data")


def queries_of(session: Any, reference: str) -> list[CaseQuery]:
    """Return the case's Rückfragen as stored now, oldest first."""
    case = case_of(session, reference)
    return list(session.scalars(select(CaseQuery).where(CaseQuery.case_id == case.id)
                                .order_by(CaseQuery.id)))


def message_uploads(session: Any, reference: str) -> list[Upload]:
    """Return the files of the case's messages as stored now."""
    case = case_of(session, reference)
    return list(session.scalars(select(Upload).where(
        Upload.case_id == case.id, Upload.message_id.is_not(None)).order_by(Upload.id)))


def messages_of(session: Any, reference: str) -> list[Message]:
    """Return the case's messages as stored now, oldest first."""
    case = case_of(session, reference)
    return list(session.scalars(select(Message).where(Message.case_id == case.id)
                                .order_by(Message.id)))


def newest_outbox(session, kind: str) -> OutboxMessage:
    """Return the newest outbox row of a kind, as committed now."""
    support.fresh(session)
    return session.scalar(select(OutboxMessage).where(OutboxMessage.kind == kind)
                          .order_by(OutboxMessage.id.desc()))
