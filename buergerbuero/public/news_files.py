"""Files attached to publications: checked by content (PDF, PNG, JPEG), size-limited, stored
under random names in NEWS_ATTACHMENTS_DIR (outside static), encrypted at rest (core.file_crypto),
downloaded as attachments."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Response, abort, current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from common.i18n import _
from forms.fields.uploads import ReceivedFile, readable_size, receive

from ..cases.uploads import as_download, write_exclusive
from ..core import audit, file_crypto
from ..core.extensions import db
from ..models import NewsAttachment, NewsItem
from . import bp
from .news import is_public
from .news_views import is_editor

ACCEPTED = ("pdf", "png", "jpg")
"""FILE_KINDS keys an editor may attach."""


class AttachmentRefused(Exception):
    """A file that is not kept; its message is German and shown on the field."""


def files_dir() -> Path:
    """Return the attachment folder, created owner-only on first use."""
    directory = Path(current_app.config["NEWS_ATTACHMENTS_DIR"])
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def checked(upload: FileStorage) -> ReceivedFile:
    """Read an upload once and return it if its content is a PDF, PNG or JPEG within the size
    limit; raise AttachmentRefused otherwise (the name or the browser's type count for nothing)."""
    limit = current_app.config["NEWS_ATTACHMENT_MAX_BYTES"]
    received = receive(upload, limit)
    if received.too_large:
        raise AttachmentRefused(_("Die Datei ist zu groß: höchstens %(limit)s.",
                                  limit=readable_size(limit)))
    if received.size == 0:
        raise AttachmentRefused(_("Die Datei ist leer."))
    if received.kind not in ACCEPTED:
        raise AttachmentRefused(_("Die Datei ist keine PDF-, PNG- oder JPEG-Datei. Bitte "
                                  "wählen Sie eine Datei dieser Arten."))
    return received


def attach(item: NewsItem, upload: FileStorage) -> NewsAttachment:
    """Check and store a file for the item, audited; committed (the file goes if that fails)."""
    received = checked(upload)
    storage_name = secrets.token_urlsafe(32)
    path = files_dir() / storage_name
    write_exclusive(path, received)
    attachment = NewsAttachment(token=secrets.token_urlsafe(16), item=item,
                                filename=received.name, media_type=received.media_type,
                                size=received.size, sha256=received.sha256,
                                storage_name=storage_name)
    try:
        db.session.add(attachment)
        db.session.flush()
        audit.record(db.session, "news_attachment_added", item, attachment_id=attachment.id,
                     sha256=attachment.sha256, size=attachment.size)
        db.session.commit()
    except Exception:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise
    return attachment


def detach(item: NewsItem, attachment: NewsAttachment) -> None:
    """Remove an attachment, audited; its file goes after the commit."""
    storage_name = attachment.storage_name
    item.attachments.remove(attachment)
    audit.record(db.session, "news_attachment_removed", item, attachment_id=attachment.id,
                 sha256=attachment.sha256)
    db.session.commit()
    (files_dir() / storage_name).unlink(missing_ok=True)


@bp.get("/beitraege/dateien/<file_token>")
def news_file(file_token: str) -> Response:
    """Download an attachment of a public item (editors: of any item), never shown inline."""
    attachment = db.session.scalar(
        select(NewsAttachment).where(NewsAttachment.token == file_token))
    if attachment is None or not (is_public(attachment.item) or is_editor()):
        abort(404)
    response = file_crypto.response(files_dir() / attachment.storage_name,
                                    attachment.media_type, ("sha256", attachment.sha256))
    return as_download(response, attachment.filename)
