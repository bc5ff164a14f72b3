"""Helpers of the upload tests: a service with file fields, real files, what is stored."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db
from buergerbuero.models import Upload

from .. import support
from .filing import draft

SLUG = "nachweis-einreichen"
SERVICE = f"""\
slug: {SLUG}
version: 1
title: Nachweis einreichen
summary: Ein Nachweis als Datei, nur für Tests.
category: Tests
department: ordnungsamt
processing_days: 14
retention_days: 365
reference_prefix: NWE
steps:
  - id: angaben
    title: Angaben
    fields:
      - {{id: name, type: text, label: Name, required: true}}
      - {{id: nachweis, type: file, label: Nachweis, accept: [pdf], max_size_mb: 0.05,
          required: true}}
      - {{id: foto, type: file, label: Foto, accept: [png], max_size_mb: 0.05}}
"""
NAME = "Bescheinigung für Ämter.pdf"


def publish_service(app, slug: str = SLUG) -> str:
    """Publish the test service with file fields under `slug` (a no-op when it already is)."""
    with app.app_context():
        definitions.publish_source(db.session, SERVICE.replace(SLUG, slug), f"{slug}.yaml")
        db.session.commit()
    return slug


def small_pdf() -> bytes:
    """Return a real one-page PDF, as a certificate to upload."""
    return support.small_pdf("Nachweis")


def small_png() -> bytes:
    """Return a real PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def post_step(client, url: str, content: bytes | None, filename: str = NAME, **answers: object):
    """Post the step like a browser, multipart, with or without a chosen file."""
    data: dict = {"name": "Erika Musterfrau", "aktion": "weiter", **answers}
    if content is not None:
        data["nachweis"] = (io.BytesIO(content), filename, "application/pdf")
    return support.post_form(client, url, data, content_type="multipart/form-data")


def uploaded(client, service) -> tuple[str, bytes, dict]:
    """Start the service and upload a PDF on its step; return (step URL, bytes, answer)."""
    url = support.start_draft(client, service)
    content = small_pdf()
    response = post_step(client, url, content)
    assert response.status_code == 302, response.get_data(as_text=True)
    with client.application.app_context():
        answer = draft(db.session, url).answers["nachweis"]
    return url, content, answer


def draft_upload(client, url: str, field: str = "nachweis") -> dict:
    """Return the reference the draft behind `url` holds for a file field."""
    with client.application.app_context():
        return draft(db.session, url).answers[field]


def download(client, url: str):
    """GET a file and close the response (it streams from an open file)."""
    with client.get(url) as response:
        response.get_data()
        return response


def uploads_of(session, email: str) -> list[Upload]:
    """Return a resident's uploads as the database holds them now."""
    support.fresh(session)
    from buergerbuero.models import User

    user = session.scalar(select(User).where(User.email == email))
    return list(session.scalars(select(Upload).where(Upload.user_id == user.id)))
