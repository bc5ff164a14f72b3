"""Helpers of the Meine-Daten tests: residents with cases that a department opened, written
in, asked back and decided, and a draft with an upload, all through the app."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from buergerbuero.models import Draft, Upload, User

from .. import support
from .authorization_world import dangerous_dog_uploaded
from .casework import CASEWORKER
from .conversing import caseworker, send


def worker_name(session: Any) -> str:
    """Return the demo case worker's name, which no page or export of a resident may show."""
    return session.scalar(select(User.display_name).where(User.email == CASEWORKER))


def delivered_and_opened(app: Any, client: Any, run_gateway: Any, body: str) -> tuple[str, Any]:
    """File a dog tax, deliver it, let the Steueramt open it, write a message; return the
    reference and the case worker's browser."""
    reference = support.file_hundesteuer(client)
    run_gateway()
    worker = caseworker(app)
    assert worker.get(f"/postfach/{reference}").status_code == 200  # the Abholbestätigung
    assert send(client, reference, body).status_code in (302, 303)
    run_gateway()
    return reference, worker


def draft_with_upload(client: Any) -> str:
    """Start a dog tax and upload the certificate of a dangerous dog; return the step URL."""
    return dangerous_dog_uploaded(client)[0]


def account(session: Any, email: str) -> User:
    """Return the account with that address as stored now."""
    support.fresh(session)
    return session.scalar(select(User).where(User.email == email))


def drafts_and_uploads(session: Any, user_id: int) -> tuple[list[Draft], list[Upload]]:
    """Return the account's drafts and its unfiled uploads as stored now."""
    support.fresh(session)
    drafts = list(session.scalars(select(Draft).where(Draft.user_id == user_id)))
    uploads = list(session.scalars(select(Upload).where(Upload.user_id == user_id,
                                                        Upload.case_id.is_(None))))
    return drafts, uploads
