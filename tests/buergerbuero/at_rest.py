"""Helpers of the files-at-rest tests: canary PDFs, stored files by row, uploads, news and
council files as residents and editors add them, the privacy commands."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from buergerbuero.models import NewsAttachment, Upload

from .. import support
from .council_pages import add_document, meeting_id, new_committee, new_meeting
from .filing import review_url
from .newsroom import add_item
from .uploading import post_step, publish_service

CANARY = b"KANARIE-IM-KLARTEXT-5e1d"
FOLDERS = ("UPLOADS_DIR", "NEWS_ATTACHMENTS_DIR", "COUNCIL_DOCUMENT_DIR")


def file_service(app):
    """Return the test service with a file field (each module's `service` fixture)."""
    return publish_service(app, "nachweis-ruhend")


def canary_pdf(label: str) -> bytes:
    """Return a real PDF that carries the canary in plain bytes (a trailing comment)."""
    return support.small_pdf(label) + b"\n%" + CANARY + label.encode() + b"\n"


def raw_files(app) -> dict[str, bytes]:
    """Return every stored file's bytes on disk, by name (what a copy of the folders holds)."""
    return {path.name: path.read_bytes() for key in FOLDERS
            for path in Path(app.config[key]).glob("*") if path.is_file()}


def cli(app, *args: str):
    """Run `flask privacy ...` as an operator would; return the result."""
    return app.test_cli_runner().invoke(args=["privacy", *args])


def upload_path(app, db_session, token: str) -> Path:
    """Return the stored file of an upload."""
    support.fresh(db_session)
    upload = db_session.scalar(select(Upload).where(Upload.token == token))
    return Path(app.config["UPLOADS_DIR"]) / upload.storage_name


def file_with_upload(client, service, content: bytes) -> tuple[str, str]:
    """Upload a file on the service's step and file it; return (reference, upload token)."""
    url = support.start_draft(client, service)
    assert post_step(client, url, content).status_code == 302
    filed = support.post_form(client, review_url(url), {"aktion": "einreichen"})
    reference = filed.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    token = page.split("/antraege/dateien/", 1)[1].split('"', 1)[0]
    return reference, token


def news_file(app, editor, content: bytes) -> str:
    """Attach a file to a published item as the editor; return its download path."""
    item_id = add_item(app, title="Anhang im Ruhezustand")
    edit = f"/redaktion/beitraege/{item_id}"
    response = support.post_form(editor, f"{edit}/dateien",
                                 {"datei": (io.BytesIO(content), "Plan.pdf")}, page=edit,
                                 content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        from buergerbuero.core.extensions import db

        token = db.session.scalar(select(NewsAttachment.token).where(
            NewsAttachment.item_id == item_id))
    return f"/beitraege/dateien/{token}"


def council_file(app, editor, content: bytes) -> str:
    """Add a document to a new meeting as the editor; return its download path."""
    meeting = meeting_id(new_meeting(editor, new_committee(editor), "2031-03-04"))
    assert add_document(editor, meeting, content, name="Vorlage").status_code == 302
    page = app.test_client().get(f"/sitzungen/{meeting}").get_data(as_text=True)
    return [h.split('"')[0] for h in page.split('href="') if "/dokumente/" in h][0]
